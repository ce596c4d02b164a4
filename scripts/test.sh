#!/usr/bin/env bash
# The README's second command: install everything, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The Kubernetes suites need a real control plane: built once from the Go module
# proxy and cached by version outside the repo (a cold build takes 10-25 min).
bash scripts/k8s/build-binaries.sh
node scripts/run-tests.mjs "$@"
