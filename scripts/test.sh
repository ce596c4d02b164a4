#!/usr/bin/env bash
# The README's second command: install everything, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
node scripts/run-tests.mjs "$@"
