#!/usr/bin/env bash
# Smoke-test the binaries built by scripts/k8s/build-binaries.sh: start etcd and
# kube-apiserver on loopback ports with a temp data dir, wait for /readyz, check
# /version and /api/v1/namespaces with curl, check that kube-scheduler and
# kube-controller-manager connect and report healthy, that kwok makes a fake
# node Ready and a pod scheduled onto it Running and Ready, then stop
# everything by PID. Needs curl and openssl; no kubectl, no root, no container engine.
#
# Usage: scripts/k8s/smoke-test.sh   (KEEP_TMP=1 keeps the temp dir and logs)
set -euo pipefail

K8S_VERSION="${ARCA_K8S_VERSION:-v1.34.4}"
CACHE="${ARCA_K8S_CACHE:-$HOME/.cache/arca/k8s}"
BIN="$CACHE/$K8S_VERSION/bin"

say() { printf '[smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

for b in etcd kube-apiserver kube-scheduler kube-controller-manager kwok; do
  [[ -x "$BIN/$b" ]] || { echo "missing $BIN/$b: run scripts/k8s/build-binaries.sh first" >&2; exit 1; }
done
command -v curl >/dev/null && command -v openssl >/dev/null || { echo "needs curl and openssl" >&2; exit 1; }

T="$(mktemp -d "${TMPDIR:-/tmp}/arca-k8s-smoke.XXXXXX")"
PIDS=()
OK=0
cleanup() {
  local i pid n
  # Newest first, one at a time, so kube-apiserver stops while etcd still answers.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill "$pid" 2>/dev/null || continue
    for ((n = 0; n < 100; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { echo "PID $pid ignored SIGTERM for 20s; sending SIGKILL"; kill -9 "$pid" 2>/dev/null || true; }
    wait "$pid" 2>/dev/null || true
  done
  if [[ $OK != 1 ]]; then
    for f in "$T"/*.log; do [[ -f "$f" ]] && { echo "--- tail of $f"; tail -n 25 "$f"; }; done
  fi
  if [[ "${KEEP_TMP:-}" == 1 ]]; then say "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

# A port nothing listens on (checked with bash's /dev/tcp; racy but fine for a test).
used_ports=" "
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    [[ "$used_ports" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then used_ports+="$p "; echo "$p"; return; fi
  done
}

# wait_for NAME SECONDS PID CMD...: retry CMD until it succeeds, the PID dies, or time runs out.
wait_for() {
  local name="$1" secs="$2" pid="$3" start=$SECONDS
  shift 3
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { say "FAIL: $name exited"; exit 1; }
    ((SECONDS - start < secs)) || { say "FAIL: $name not ready after ${secs}s"; exit 1; }
    sleep 0.5
  done
  say "$name ready after $((SECONDS - start))s"
}

ETCD_CLIENT=$(free_port)
ETCD_PEER=$(free_port)
API=$(free_port)
SCHED=$(free_port)
KCM=$(free_port)

# --- etcd ---
"$BIN/etcd" --name smoke --data-dir "$T/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "smoke=http://127.0.0.1:$ETCD_PEER" --log-level warn >"$T/etcd.log" 2>&1 &
PIDS+=($!)
wait_for etcd 30 "${PIDS[-1]}" bash -c "curl -sf http://127.0.0.1:$ETCD_CLIENT/health | grep -q '\"health\":\"true\"'"

# --- kube-apiserver ---
openssl genrsa -out "$T/sa.key" 2048 2>/dev/null
openssl rsa -in "$T/sa.key" -pubout -out "$T/sa.pub" 2>/dev/null
TOKEN="$(openssl rand -hex 24)"
echo "$TOKEN,smoke-admin,smoke-admin,system:masters" >"$T/tokens.csv"
"$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$ETCD_CLIENT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API" \
  --cert-dir "$T/certs" \
  --token-auth-file "$T/tokens.csv" \
  --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$T/sa.pub" --service-account-signing-key-file "$T/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  >"$T/kube-apiserver.log" 2>&1 &
PIDS+=($!)
APIPID=${PIDS[-1]}
api() { curl -sSfk --max-time 10 -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$API$1"; }
wait_for kube-apiserver 120 "$APIPID" bash -c "[[ \$(curl -sfk --max-time 5 -H 'Authorization: Bearer $TOKEN' https://127.0.0.1:$API/readyz) == ok ]]"

VERSION_JSON="$(api /version)"
GIT_VERSION="$(sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' <<<"$VERSION_JSON")"
say "/version gitVersion=$GIT_VERSION"
[[ "$GIT_VERSION" == "$K8S_VERSION" ]] || { say "FAIL: /version says '$GIT_VERSION', expected $K8S_VERSION"; exit 1; }

NS_JSON="$(api /api/v1/namespaces)"
NAMESPACES="$(grep -o '"name": *"[^"]*"' <<<"$NS_JSON" | sed 's/.*"\([^"]*\)"$/\1/' | sort | tr '\n' ' ')"
say "/api/v1/namespaces: $NAMESPACES"
[[ " $NAMESPACES" == *" default "* ]] || { say "FAIL: namespace default not listed"; exit 1; }

# Unauthenticated requests must be refused (401) or forbidden (403), not served.
CODE="$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$API/api/v1/namespaces")"
say "anonymous /api/v1/namespaces -> HTTP $CODE"
[[ "$CODE" == 401 || "$CODE" == 403 ]] || { say "FAIL: anonymous request got HTTP $CODE"; exit 1; }

# --- kube-scheduler and kube-controller-manager against it ---
cat >"$T/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: smoke
  cluster: {server: "https://127.0.0.1:$API", insecure-skip-tls-verify: true}
users:
- name: smoke-admin
  user: {token: "$TOKEN"}
contexts:
- name: smoke
  context: {cluster: smoke, user: smoke-admin}
current-context: smoke
EOF
"$BIN/kube-scheduler" --kubeconfig "$T/kubeconfig" --authentication-kubeconfig "$T/kubeconfig" \
  --authorization-kubeconfig "$T/kubeconfig" --bind-address 127.0.0.1 --secure-port "$SCHED" \
  --leader-elect=false >"$T/kube-scheduler.log" 2>&1 &
PIDS+=($!)
"$BIN/kube-controller-manager" --kubeconfig "$T/kubeconfig" --authentication-kubeconfig "$T/kubeconfig" \
  --authorization-kubeconfig "$T/kubeconfig" --bind-address 127.0.0.1 --secure-port "$KCM" \
  --leader-elect=false --service-account-private-key-file "$T/sa.key" \
  --cert-dir "$T/kcm-certs" >"$T/kube-controller-manager.log" 2>&1 &
PIDS+=($!)
wait_for kube-scheduler 60 "${PIDS[-2]}" bash -c "[[ \$(curl -sfk --max-time 5 https://127.0.0.1:$SCHED/healthz) == ok ]]"
wait_for kube-controller-manager 60 "${PIDS[-1]}" bash -c "[[ \$(curl -sfk --max-time 5 https://127.0.0.1:$KCM/healthz) == ok ]]"

# The controller manager's service-account controller creates the default
# ServiceAccount in each namespace: proof it is really reconciling.
wait_for "serviceaccount default/default (from kube-controller-manager)" 60 "${PIDS[-1]}" \
  bash -c "curl -sfk --max-time 5 -H 'Authorization: Bearer $TOKEN' https://127.0.0.1:$API/api/v1/namespaces/default/serviceaccounts/default"

# --- kwok: a fake node, and a pod the scheduler places on it that becomes Ready ---
"$BIN/kwok" --config "$BIN/kwok-stages.yaml" --kubeconfig "$T/kubeconfig" --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.1/24 --node-ip 127.0.0.1 >"$T/kwok.log" 2>&1 &
PIDS+=($!)
KWOKPID=${PIDS[-1]}
post() { curl -sSfk --max-time 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X POST --data "$2" "https://127.0.0.1:$API$1" >/dev/null; }
post /api/v1/nodes '{"apiVersion":"v1","kind":"Node","metadata":{"name":"kwok-node-0","annotations":{"kwok.x-k8s.io/node":"fake"},"labels":{"type":"kwok"}},"spec":{"taints":[{"key":"kwok.x-k8s.io/node","value":"fake","effect":"NoSchedule"}]},"status":{"allocatable":{"cpu":"32","memory":"256Gi","pods":"110"},"capacity":{"cpu":"32","memory":"256Gi","pods":"110"}}}'
post /api/v1/namespaces/default/pods '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"smoke"},"spec":{"nodeSelector":{"type":"kwok"},"tolerations":[{"key":"kwok.x-k8s.io/node","operator":"Exists","effect":"NoSchedule"}],"containers":[{"name":"c","image":"fake.invalid/none"}]}}'
wait_for "node kwok-node-0 Ready (from kwok)" 60 "$KWOKPID" \
  bash -c "curl -sfk --max-time 5 -H 'Authorization: Bearer $TOKEN' https://127.0.0.1:$API/api/v1/nodes/kwok-node-0 | tr -d ' \n' | grep -qE '\"type\":\"Ready\",[^}]*\"status\":\"True\"'"
wait_for "pod default/smoke scheduled and Running+Ready" 90 "$KWOKPID" \
  bash -c "curl -sfk --max-time 5 -H 'Authorization: Bearer $TOKEN' https://127.0.0.1:$API/api/v1/namespaces/default/pods/smoke | tr -d ' \n' | grep '\"phase\":\"Running\"' | grep -qE '\"type\":\"Ready\",[^}]*\"status\":\"True\"'"
POD="$(api /api/v1/namespaces/default/pods/smoke | tr -d ' \n')"
say "pod smoke: node=$(sed -n 's/.*"nodeName":"\([^"]*\)".*/\1/p' <<<"$POD") podIP=$(sed -n 's/.*"podIP":"\([^"]*\)".*/\1/p' <<<"$POD") phase=$(sed -n 's/.*"phase":"\([^"]*\)".*/\1/p' <<<"$POD")"

OK=1
say "PASS: etcd $("$BIN/etcd" --version | sed -n 's/^etcd Version: //p'), kube-apiserver $GIT_VERSION on 127.0.0.1:$API, scheduler and controller-manager healthy, kwok node and pod Ready; stopping PIDs ${PIDS[*]}"
