#!/usr/bin/env bash
# The README's second command: install everything, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The Kubernetes suites need a real control plane: built once from the Go module
# proxy and cached by version outside the repo (a cold build takes 10-25 min).
bash scripts/k8s/build-binaries.sh
# helm for the chart suite (helm lint, helm template), the same way and cache.
bash scripts/k8s/build-helm.sh >/dev/null
node scripts/run-tests.mjs "$@"
