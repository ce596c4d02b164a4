#!/usr/bin/env bash
# Build a Kubernetes control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler), etcd and kwok from the Go module proxy into a cache outside
# the repository:
#
#   ${ARCA_K8S_CACHE:-$HOME/.cache/arca/k8s}/<k8s version>/bin/
#
# Idempotent: if the binaries for the pinned versions are there and report the
# right versions, it prints the summary and exits 0 without touching the
# network. Otherwise it builds everything into a temp dir inside the cache and
# renames it into place only once every binary is built and runs, so it is safe
# to run in the background, to interrupt, and to re-run (a lock serialises
# concurrent runs). A cold build takes 10-25 minutes on 2 cores.
#
# Usage: scripts/k8s/build-binaries.sh            build (or confirm) the pinned versions
#        scripts/k8s/build-binaries.sh --latest   print the newest versions the proxy serves
#
# Pinned versions can be overridden with ARCA_K8S_VERSION, ARCA_ETCD_VERSION,
# ARCA_KWOK_VERSION.
set -euo pipefail

K8S_VERSION="${ARCA_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${ARCA_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${ARCA_KWOK_VERSION:-v0.8.0}"

CACHE="${ARCA_K8S_CACHE:-$HOME/.cache/arca/k8s}"
DEST="$CACHE/$K8S_VERSION"
BIN="$DEST/bin"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok)

log() { printf '[build-binaries %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

export GOFLAGS=-mod=mod
export CGO_ENABLED=0
export GOTOOLCHAIN=local

command -v go >/dev/null || die "go is not installed"

if [[ "${1:-}" == "--latest" ]]; then
  latest() { go list -m -versions "$1" | tr ' ' '\n' | grep -E "^$2" | grep -v -- - | sort -V | tail -1; }
  echo "k8s.io/kubernetes         $(latest k8s.io/kubernetes 'v1\.34\.')"
  echo "go.etcd.io/etcd/server/v3 $(latest go.etcd.io/etcd/server/v3 'v3\.6\.')"
  echo "sigs.k8s.io/kwok          $(latest sigs.k8s.io/kwok 'v')"
  exit 0
fi

[[ "$K8S_VERSION" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || die "K8S_VERSION must look like v1.34.4, got $K8S_VERSION"
K8S_MINOR="${BASH_REMATCH[1]}"
STAGING_VERSION="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}" # k8s.io/api etc. are published as v0.<minor>.<patch>

# Prints nothing and returns 0 if every binary in $1 runs and reports the pinned version.
check_bin() {
  local dir="$1" out
  for b in "${BINARIES[@]}"; do [[ -x "$dir/$b" ]] || { echo "missing $b"; return 1; }; done
  for b in kube-apiserver kube-controller-manager kube-scheduler; do
    out="$("$dir/$b" --version 2>&1)" || { echo "$b --version failed: $out"; return 1; }
    [[ "$out" == "Kubernetes $K8S_VERSION" ]] || { echo "$b reports '$out'"; return 1; }
  done
  out="$("$dir/etcd" --version 2>&1)" || { echo "etcd --version failed: $out"; return 1; }
  grep -qx "etcd Version: ${ETCD_VERSION#v}" <<<"$out" || { echo "etcd reports '$out'"; return 1; }
  out="$("$dir/kwok" --version 2>&1)" || { echo "kwok --version failed: $out"; return 1; }
  grep -q "${KWOK_VERSION#v}" <<<"$out" || { echo "kwok reports '$out'"; return 1; }
  grep -q 'kind: Stage' "$dir/kwok-stages.yaml" 2>/dev/null || { echo "kwok-stages.yaml missing"; return 1; }
  [[ -f "$dir/versions.env" ]] && grep -qx "K8S_VERSION=$K8S_VERSION" "$dir/versions.env" &&
    grep -qx "ETCD_VERSION=$ETCD_VERSION" "$dir/versions.env" &&
    grep -qx "KWOK_VERSION=$KWOK_VERSION" "$dir/versions.env" || { echo "versions.env missing or stale"; return 1; }
}

summary() {
  local sizes="" b
  for b in "${BINARIES[@]}"; do sizes+=" $b=$(( $(stat -c %s "$BIN/$b") / 1048576 ))MiB"; done
  echo "k8s binaries ($1): kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION in $BIN:$sizes"
}

if check_bin "$BIN" >/dev/null 2>&1; then summary cached; exit 0; fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.lock; waiting for it"
  flock 9
  if check_bin "$BIN" >/dev/null 2>&1; then summary "cached, built by another run"; exit 0; fi
fi

# Holding the lock, no other build is running: drop what interrupted ones left.
rm -rf "$CACHE"/.build-*

[[ -e "$BIN" ]] && log "rebuilding $BIN: $(check_bin "$BIN" 2>&1 || true)"

START=$SECONDS
GO_LOCAL="$(go env GOVERSION)"
TMP="$(mktemp -d "$CACHE/.build-$K8S_VERSION.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$TMP/out/bin"
log "building kubernetes $K8S_VERSION (staging $STAGING_VERSION), etcd $ETCD_VERSION, kwok $KWOK_VERSION with $GO_LOCAL in $TMP"

# Path of a module's go.mod in the module cache (downloads it if needed).
gomod_of() {
  local json
  json="$(go mod download -json "$1")" || die "cannot download $1 from the module proxy: $json"
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$json"
}

# new_wrapper DIR MODULE@VERSION: a throwaway main module in DIR that requires
# MODULE@VERSION, with the same `go` directive. Sets WRAP_GOMOD to the path of
# the module's own go.mod. Switches GOTOOLCHAIN if the local Go is too old.
new_wrapper() {
  local dir="$1" modver="$2" need
  WRAP_GOMOD="$(gomod_of "$modver")"
  [[ -f "$WRAP_GOMOD" ]] || die "no go.mod for $modver"
  need="$(awk '$1 == "go" { print $2; exit }' "$WRAP_GOMOD")"
  if [[ "$(printf '%s\n%s\n' "$need" "${GO_LOCAL#go}" | sort -V | head -1)" != "$need" ]]; then
    log "NOTE: $modver requires go >= $need but the local Go is $GO_LOCAL;" \
      "building it with GOTOOLCHAIN=go$need (fetched from the module proxy as golang.org/toolchain)"
    export GOTOOLCHAIN="go$need"
  else
    export GOTOOLCHAIN=local
  fi
  mkdir -p "$dir"
  {
    echo "module arca.local/k8s-build/$(basename "$dir")"
    echo
    echo "go $need"
    # Runtime GODEBUG defaults as upstream builds them (e.g. `godebug default=go1.24`).
    grep -E '^godebug[[:space:]]' "$WRAP_GOMOD" || true
    echo
    echo "require ${modver%@*} ${modver#*@}"
  } >"$dir/go.mod"
}

# --- Kubernetes -------------------------------------------------------------
# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/client-go,
# ...) with ./staging/src/... paths that are not in the module zip, and requires
# them at v0.0.0. Replace each one listed in its go.mod with the published
# v0.<minor>.<patch>.
W="$TMP/kubernetes"
new_wrapper "$W" "k8s.io/kubernetes@$K8S_VERSION"
KGOMOD="$WRAP_GOMOD"
mapfile -t STAGING < <(sed -n 's#^[[:space:]]*\(replace[[:space:]]\{1,\}\)\{0,1\}\(k8s\.io/[^[:space:]]*\)[[:space:]]\{1,\}=>[[:space:]]\{1,\}\./staging/.*#\2#p' "$KGOMOD")
(( ${#STAGING[@]} > 0 )) || die "found no staging replaces in $KGOMOD"
log "kubernetes: replacing ${#STAGING[@]} staging modules with $STAGING_VERSION"
for m in "${STAGING[@]}"; do (cd "$W" && go mod edit -replace="$m=$m@$STAGING_VERSION"); done

KV="k8s.io/component-base/version"
KLDFLAGS="-s -w -X $KV.gitVersion=$K8S_VERSION -X $KV.gitMajor=1 -X $KV.gitMinor=$K8S_MINOR"
KLDFLAGS+=" -X $KV.gitTreeState=clean -X $KV.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "kubernetes: go build kube-apiserver kube-controller-manager kube-scheduler (the long part)"
(cd "$W" && go build -trimpath -ldflags "$KLDFLAGS" -o "$TMP/out/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler) || die "kubernetes $K8S_VERSION build failed (see output above)"
log "kubernetes: built after $((SECONDS - START))s"

# --- etcd -------------------------------------------------------------------
# go.etcd.io/etcd/server/v3 replaces its sibling modules with ../api etc., but
# a dependency's replaces are ignored and it requires the published siblings at
# the same version, so no replaces are needed here.
W="$TMP/etcd"
new_wrapper "$W" "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
log "etcd: go build"
(cd "$W" && go build -trimpath -ldflags "-s -w" -o "$TMP/out/bin/etcd" go.etcd.io/etcd/server/v3) ||
  die "etcd $ETCD_VERSION build failed (see output above)"
log "etcd: built after $((SECONDS - START))s"

# --- kwok -------------------------------------------------------------------
W="$TMP/kwok"
new_wrapper "$W" "sigs.k8s.io/kwok@$KWOK_VERSION"
log "kwok: go build"
(cd "$W" && go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
  -o "$TMP/out/bin/kwok" sigs.k8s.io/kwok/cmd/kwok) || die "kwok $KWOK_VERSION build failed (see output above)"
log "kwok: built after $((SECONDS - START))s"

# kwok has no built-in behaviour: its Stages (how a fake node becomes Ready, how
# a pod becomes Running/Ready, is completed, is deleted) come from --config.
# Bundle the "fast" node and pod stages plus node heartbeats, the set kwokctl
# uses, from the kwok module source into one file beside the binaries.
KWOK_DIR="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
[[ -d "$KWOK_DIR/kustomize/stage" ]] || die "kwok module source has no kustomize/stage dir (looked in '$KWOK_DIR')"
{
  echo "# kwok Stages from sigs.k8s.io/kwok@$KWOK_VERSION kustomize/stage/{node/fast,node/heartbeat,pod/fast}"
  for k in node/fast node/heartbeat pod/fast; do
    for f in $(sed -n 's/^- \(.*\.yaml\)$/\1/p' "$KWOK_DIR/kustomize/stage/$k/kustomization.yaml"); do
      echo "---"
      cat "$KWOK_DIR/kustomize/stage/$k/$f"
    done
  done
} >"$TMP/out/bin/kwok-stages.yaml"
grep -q 'kind: Stage' "$TMP/out/bin/kwok-stages.yaml" || die "no kwok Stages found in $KWOK_DIR/kustomize/stage"

cat >"$TMP/out/bin/versions.env" <<EOF
K8S_VERSION=$K8S_VERSION
K8S_STAGING_VERSION=$STAGING_VERSION
ETCD_VERSION=$ETCD_VERSION
KWOK_VERSION=$KWOK_VERSION
GO_VERSION=$GO_LOCAL
BUILT_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BUILD_SECONDS=$((SECONDS - START))
EOF

if ! why="$(check_bin "$TMP/out/bin")"; then die "freshly built binaries fail their check: $why"; fi

# Move into place: the old (incomplete or stale) dir is renamed away first.
if [[ -e "$DEST" ]]; then mv "$DEST" "$TMP/old"; fi
mv "$TMP/out" "$DEST"
summary "built in $((SECONDS - START))s"
