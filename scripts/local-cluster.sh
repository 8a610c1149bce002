#!/usr/bin/env bash
# Local Kubernetes for development, tests, benchmarks and the demo.
#
# A real control plane (etcd + kube-apiserver + kube-controller-manager + kube-scheduler) with KWOK
# simulating nodes and pods, driven by `kwokctl --runtime binary` and bound to 127.0.0.1.
# Nothing can be downloaded as a binary on our machines, so every binary is built from Go modules
# into a cache outside the repository, keyed by version; a cold build takes tens of minutes,
# later runs reuse it.
#
#   scripts/local-cluster.sh build    build the binaries that are missing (prints progress)
#   scripts/local-cluster.sh up       build if needed, start the cluster, create nodes, wait until ready
#   scripts/local-cluster.sh down     stop the processes this script started (data kept)
#   scripts/local-cluster.sh reset    stop and delete the cluster and its data
#   scripts/local-cluster.sh status   say whether it runs and answers; exit 0 when ready
#   scripts/local-cluster.sh env      print `export KUBECONFIG=…` for eval
#   scripts/local-cluster.sh helm     build helm (once) and print its path; `kubectl`: print kubectl's
#
# Environment: SR_CACHE_DIR (default ~/.cache/session-reconciler), SR_CLUSTER_NAME (default
# session-reconciler), SR_APISERVER_PORT (default 32766), SR_NODE_COUNT (default 3).
set -euo pipefail

K8S_VERSION=v1.34.4
STAGING_VERSION=v0.34.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
HELM_VERSION=v3.22.0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${SR_CACHE_DIR:-$HOME/.cache/session-reconciler}
BIN_DIR="$CACHE_DIR/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
CLUSTER_NAME=${SR_CLUSTER_NAME:-session-reconciler}
APISERVER_PORT=${SR_APISERVER_PORT:-32766}
NODE_COUNT=${SR_NODE_COUNT:-3}
DATA_DIR="$ROOT/.data/cluster"
KWOK_WORKDIR="$DATA_DIR/kwok"
# The default cluster's kubeconfig is .data/kubeconfig; another name gets one of its own, so two
# clusters (SR_CLUSTER_NAME, SR_APISERVER_PORT) can run side by side.
if [ "$CLUSTER_NAME" = session-reconciler ]; then
  KUBECONFIG_PATH="$ROOT/.data/kubeconfig"
else
  KUBECONFIG_PATH="$ROOT/.data/kubeconfig-$CLUSTER_NAME"
fi
CONFIG_PATH="$DATA_DIR/kwokctl-$CLUSTER_NAME.yaml"

log() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { printf '[local-cluster] error: %s\n' "$*" >&2; exit 1; }

require_go() {
  command -v go >/dev/null 2>&1 || die "the 'go' command is missing; install Go (it builds the cluster binaries)"
}

# --- build -----------------------------------------------------------------------------------------

# kube-apiserver & co. cannot be `go install`ed: k8s.io/kubernetes replaces its staging modules with
# local paths. A consumer module requires k8s.io/kubernetes and replaces each staging module with
# its published v0.x twin instead.
build_kubernetes() {
  local want=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  local missing=0 b
  for b in "${want[@]}"; do [ -x "$BIN_DIR/$b" ] || missing=1; done
  [ "$missing" = 1 ] || { log "kubernetes $K8S_VERSION binaries already built"; return; }

  local mod="$CACHE_DIR/build/kubernetes-$K8S_VERSION"
  mkdir -p "$mod" "$BIN_DIR"
  log "kubernetes $K8S_VERSION: resolving modules (cold: a few minutes)"
  local gomod
  gomod=$(cd "$mod" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
  [ -f "$gomod" ] || die "could not download k8s.io/kubernetes@$K8S_VERSION's go.mod"
  {
    echo "module local/kubernetes-build"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/[a-z0-9-]*$#\t\1 => \1 '"$STAGING_VERSION"'#p' "$gomod"
    echo ")"
  } >"$mod/go.mod"
  local staged
  staged=$(grep -c '=> k8s.io/' "$mod/go.mod" || true)
  [ "$staged" -ge 25 ] || die "expected the ~31 staging replaces in kubernetes' go.mod, found $staged"
  log "kubernetes $K8S_VERSION: $staged staging modules pinned to $STAGING_VERSION"
  local pkgs=()
  for b in "${want[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  (cd "$mod" && go get "${pkgs[@]/%/@$K8S_VERSION}" >/dev/null 2>&1 || go get "${pkgs[@]}")
  local ldflags="-s -w"
  ldflags+=" -X k8s.io/component-base/version.gitVersion=$K8S_VERSION"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
  ldflags+=" -X k8s.io/component-base/version.gitMinor=34"
  ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
  log "kubernetes $K8S_VERSION: compiling ${want[*]} (cold: 15-40 minutes on 2 cores)"
  (cd "$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$BIN_DIR/" "${pkgs[@]}")
  log "kubernetes $K8S_VERSION: built"
}

# etcd's server module is itself `package main`; it builds in a consumer module of its own.
build_etcd() {
  [ -x "$BIN_DIR/etcd" ] && { log "etcd $ETCD_VERSION already built"; return; }
  local mod="$CACHE_DIR/build/etcd-$ETCD_VERSION"
  mkdir -p "$mod" "$BIN_DIR"
  printf 'module local/etcd-build\n\ngo 1.24\n' >"$mod/go.mod"
  log "etcd $ETCD_VERSION: resolving and compiling"
  (cd "$mod" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null &&
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
  log "etcd $ETCD_VERSION: built"
}

build_kwok() {
  if [ -x "$BIN_DIR/kwok" ] && [ -x "$BIN_DIR/kwokctl" ]; then
    log "kwok $KWOK_VERSION already built"
    return
  fi
  mkdir -p "$BIN_DIR"
  log "kwok $KWOK_VERSION: compiling kwok and kwokctl"
  GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
  log "kwok $KWOK_VERSION: built"
}

# helm renders the chart for the deployment tests; built only when asked for (`helm` command).
build_helm() {
  [ -x "$BIN_DIR/helm" ] && return
  require_go
  mkdir -p "$BIN_DIR"
  log "helm $HELM_VERSION: compiling (cold: a few minutes)"
  GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
}

cmd_build() {
  require_go
  local started=$SECONDS
  build_kwok
  build_etcd
  build_kubernetes
  log "all binaries in $BIN_DIR ($((SECONDS - started)) s)"
}

# --- cluster ---------------------------------------------------------------------------------------

KWOKCTL() { KWOK_WORKDIR="$KWOK_WORKDIR" "$BIN_DIR/kwokctl" --name "$CLUSTER_NAME" "$@"; }
KUBECTL() { "$BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"; }

is_ready() {
  [ -x "$BIN_DIR/kubectl" ] && [ -f "$KUBECONFIG_PATH" ] &&
    KUBECTL get --raw=/readyz --request-timeout=3s >/dev/null 2>&1
}

write_config() {
  mkdir -p "$DATA_DIR"
  cat >"$CONFIG_PATH" <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  kubeVersion: $K8S_VERSION
  bindAddress: 127.0.0.1
  kubeApiserverPort: $APISERVER_PORT
  etcdPort: $((APISERVER_PORT - 1))
  etcdPeerPort: $((APISERVER_PORT - 2))
  kubeControllerManagerPort: $((APISERVER_PORT - 3))
  kubeSchedulerPort: $((APISERVER_PORT - 4))
  kwokControllerPort: $((APISERVER_PORT - 5))
  etcdBinary: $BIN_DIR/etcd
  kubeApiserverBinary: $BIN_DIR/kube-apiserver
  kubeControllerManagerBinary: $BIN_DIR/kube-controller-manager
  kubeSchedulerBinary: $BIN_DIR/kube-scheduler
  kubectlBinary: $BIN_DIR/kubectl
  kwokControllerBinary: $BIN_DIR/kwok
  disableQPSLimits: true
# The default service range (10.0.0.0/24) holds 254 Services; the benchmark makes 10,000.
componentsPatches:
- name: kube-apiserver
  extraArgs:
  - key: service-cluster-ip-range
    value: 10.96.0.0/12
YAML
}

# Fake nodes managed by KWOK: no taint, so any pod schedules; room (and a /16 of pod IPs each, which
# KWOK hands out) for the benchmark's 10,000 pods.
create_nodes() {
  local i manifest=""
  for i in $(seq 1 "$NODE_COUNT"); do
    manifest+="
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: \"0\"
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
spec:
  podCIDR: 10.$((63 + i)).0.0/16
status:
  allocatable: {cpu: \"64\", memory: 512Gi, pods: \"20000\"}
  capacity: {cpu: \"64\", memory: 512Gi, pods: \"20000\"}
"
  done
  printf '%s\n' "$manifest" | KUBECTL apply -f - >/dev/null
}

wait_ready() {
  local deadline=$((SECONDS + ${1:-120}))
  until is_ready; do
    [ $SECONDS -lt $deadline ] || die "the API server did not become ready; logs: $BIN_DIR/kwokctl --name $CLUSTER_NAME logs kube-apiserver (with KWOK_WORKDIR=$KWOK_WORKDIR)"
    sleep 1
  done
  until KUBECTL -n default get serviceaccount default >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "the default service account never appeared (is kube-controller-manager running?)"
    sleep 1
  done
}

# A port another process holds makes kube-apiserver or etcd exit at once, and kwokctl then waits
# minutes for nothing: say which port and what to do before starting anything.
check_ports_free() {
  local port
  for port in $(seq $((APISERVER_PORT - 5)) "$APISERVER_PORT"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port on 127.0.0.1 is in use (another local cluster?); stop it, or set SR_APISERVER_PORT to a free range (it uses that port and the five below it)"
    fi
  done
}

# Its processes take a moment to exit after a stop: wait (up to $1 s) until the ports are free.
wait_ports_free() {
  local deadline=$((SECONDS + $1)) port busy
  while :; do
    busy=""
    for port in $(seq $((APISERVER_PORT - 5)) "$APISERVER_PORT"); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy=$port; fi
    done
    [ -z "$busy" ] || [ $SECONDS -ge $deadline ] && return 0
    sleep 1
  done
}

cmd_up() {
  if is_ready; then
    log "already up: $KUBECONFIG_PATH"
    return
  fi
  cmd_build
  if [ -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ]; then
    # Ours but not answering: part of it may still run (a killed kube-apiserver beside a live
    # etcd holds the ports). Stop what is left of it, then start it whole.
    log "cluster '$CLUSTER_NAME' exists but does not answer; stopping what is left of it"
    KWOKCTL stop cluster >&2 || true
    wait_ports_free 20
  fi
  check_ports_free
  write_config
  if [ -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ]; then
    log "starting the existing cluster '$CLUSTER_NAME'"
    KWOKCTL start cluster >&2 || {
      log "could not start it; recreating"
      KWOKCTL delete cluster >&2 || true
    }
  fi
  if [ ! -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ]; then
    log "creating cluster '$CLUSTER_NAME' on 127.0.0.1:$APISERVER_PORT"
    rm -f "$KUBECONFIG_PATH"
    KWOKCTL create cluster --config "$CONFIG_PATH" --kubeconfig "$KUBECONFIG_PATH" --timeout 5m >&2
  fi
  wait_ready 180
  create_nodes
  log "ready: export KUBECONFIG=$KUBECONFIG_PATH"
}

cmd_down() {
  if [ ! -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ]; then
    log "no local cluster '$CLUSTER_NAME' here; nothing to stop"
    return
  fi
  [ -x "$BIN_DIR/kwokctl" ] || die "kwokctl is not built ($BIN_DIR); cannot stop the cluster"
  KWOKCTL stop cluster >&2
  log "stopped (data kept in $KWOK_WORKDIR; 'reset' deletes it)"
}

cmd_reset() {
  if [ -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ] && [ -x "$BIN_DIR/kwokctl" ]; then
    KWOKCTL delete cluster >&2 || true
  fi
  # Only this cluster's own files: another named cluster beside it keeps its data.
  rm -rf "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" "$KUBECONFIG_PATH" "$CONFIG_PATH"
  log "deleted the local cluster '$CLUSTER_NAME'"
}

cmd_status() {
  if is_ready; then
    echo "local cluster '$CLUSTER_NAME': ready at https://127.0.0.1:$APISERVER_PORT (KUBECONFIG=$KUBECONFIG_PATH)"
    KUBECTL get nodes --no-headers 2>/dev/null | awk '{print "  node " $1 " " $2}'
    return 0
  fi
  if [ ! -x "$BIN_DIR/kwokctl" ]; then
    echo "local cluster '$CLUSTER_NAME': not built (run: npm run cluster -- up)"
  elif [ -d "$KWOK_WORKDIR/clusters/$CLUSTER_NAME" ]; then
    echo "local cluster '$CLUSTER_NAME': created but not answering (run: npm run cluster -- up)"
  else
    echo "local cluster '$CLUSTER_NAME': not created (run: npm run cluster -- up)"
  fi
  return 3
}

cmd_env() {
  echo "export KUBECONFIG=$KUBECONFIG_PATH"
}

case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  reset) cmd_reset ;;
  status) cmd_status ;;
  env) cmd_env ;;
  helm) build_helm && echo "$BIN_DIR/helm" ;;
  kubectl) echo "$BIN_DIR/kubectl" ;;
  *) die "usage: $0 build|up|down|reset|status|env|helm|kubectl" ;;
esac
