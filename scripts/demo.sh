#!/usr/bin/env bash
# The README's first command: install everything, build, and run the demo on the
# embedded default (an `arca server` on SQLite + local files under .arca-demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
node packages/cli/dist/demo/runDemo.js
