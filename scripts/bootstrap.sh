#!/usr/bin/env bash
# Installs the toolchain and the workspace on a fresh machine, then builds it.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=12.4.2
NODE_GYP_VERSION=12.4.0
if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  npm install -g -E "pnpm@$PNPM_VERSION" >/dev/null
fi
# better-sqlite3 compiles its addon when no prebuilt one can be fetched; it needs
# node-gyp on PATH and the Node headers the distribution ships under /usr.
if ! command -v node-gyp >/dev/null; then
  npm install -g -E "node-gyp@$NODE_GYP_VERSION" >/dev/null
fi
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
pnpm install --frozen-lockfile
pnpm build
