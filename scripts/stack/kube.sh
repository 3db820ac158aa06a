# shellcheck shell=bash
# The kube part of scripts/local-stack.sh: a real Kubernetes control plane on loopback.
#   etcd                          http://127.0.0.1:12379 (peer 12380)
#   kube-apiserver                https://127.0.0.1:6443, RBAC, client certificates, ServiceAccount tokens
#   kube-controller-manager       127.0.0.1:10257 (all default controllers)
#   kube-scheduler                127.0.0.1:10259
#   kwok                          fakes the kubelets of the Nodes annotated kwok.x-k8s.io/node=fake,
#                                 driven by the Stages in scripts/kube/stages/ (pod behaviour by annotation)
# Binaries come from scripts/kube/build.sh (built from Go modules into $STACK_CACHE once; etcd is
# the release this Kubernetes version pins, not Debian's 3.4, which lacks the watch progress
# requests that informers of Kubernetes >= 1.32 rely on).
# State (certificates, etcd data, kubeconfigs) lives in $STACK_STATE/kube and is wiped by `down`:
# every `up` after a `down` is a fresh cluster. Sourced by scripts/local-stack.sh, never run.

kube_dir="$STACK_STATE/kube"
kube_repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../kube" && pwd)
kube_etcd_port=12379
kube_etcd_peer_port=12380
kube_api_port=6443
kube_cm_port=10257
kube_sched_port=10259
kube_service_cidr=10.96.0.0/16
kube_service_ip=10.96.0.1
kube_sa_name=local-stack-tester
kube_sa_namespace=default
kube_nodes=(kwok-node-0 kwok-node-1)
# start order; `down` stops them in reverse
kube_procs=(kube-etcd kube-apiserver kube-controller-manager kube-scheduler kube-kwok)

kube_env() {
  echo "export KUBECONFIG=$kube_dir/kubeconfig"
  echo "export KUBE_SA_KUBECONFIG=$kube_dir/sa-kubeconfig"
  echo "export KUBE_SA_NAME=$kube_sa_name"
  echo "export KUBE_SA_NAMESPACE=$kube_sa_namespace"
  echo "export KUBE_API_SERVER=https://127.0.0.1:$kube_api_port"
}

# One line, like the other parts: up (all five processes and the API answering), down, or what is wrong.
kube_status() {
  local p alive=() dead=()
  for p in "${kube_procs[@]}"; do
    if pid_alive "$p"; then alive+=("${p#kube-}"); else dead+=("${p#kube-}"); fi
  done
  if [ ${#dead[@]} -eq 0 ] && kube__ready; then
    echo "kube: up https://127.0.0.1:$kube_api_port (pids in $STACK_STATE/kube-*.pid, KUBECONFIG=$kube_dir/kubeconfig)"
  elif [ ${#alive[@]} -eq 0 ]; then
    echo "kube: down"
  else
    echo "kube: not ready (running: ${alive[*]:-none}; stopped: ${dead[*]:-none}; logs $STACK_STATE/kube-*.log)"
  fi
}

# Several suites may call `up kube` at once. The build has its own lock (scripts/kube/build.sh, no
# time limit: a first build takes minutes); starting and stopping hold $STACK_STATE/kube.lock.
# The functions that run under `locked` run without errexit, hence the explicit `|| return 1`s.
kube_down() {
  locked kube kube__down
}

kube_up() {
  kube_build >/dev/null || return 1
  locked kube kube__up
}

kube__down() {
  local i
  for ((i = ${#kube_procs[@]} - 1; i >= 0; i--)); do stop_bg "${kube_procs[$i]}"; done
  rm -rf "$kube_dir"
}

kube__up() {
  if kube__all_alive && kube__ready; then
    log "kube: already running (KUBECONFIG=$kube_dir/kubeconfig)"
    return 0
  fi
  # Anything left over from a half-started or half-dead cluster goes; the new one starts clean.
  kube__down >/dev/null 2>&1
  kube__check_ports_free || return 1
  apt_ensure openssl curl || return 1
  command -v kubectl >/dev/null 2>&1 || { log "kube: kubectl is not on PATH"; return 1; }
  local bin started=$SECONDS
  bin=$(kube_build) || return 1
  log "kube: starting the control plane from $bin"
  mkdir -p "$kube_dir/pki" || return 1
  kube__certs || { log "kube: openssl could not make the certificates"; return 1; }
  kube__component_kubeconfigs || return 1

  start_bg kube-etcd "$bin/etcd" \
    --name local --data-dir "$kube_dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$kube_etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$kube_etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$kube_etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$kube_etcd_peer_port" \
    --initial-cluster "local=http://127.0.0.1:$kube_etcd_peer_port" \
    --log-level warn
  wait_for "etcd" 30 curl -fsS "http://127.0.0.1:$kube_etcd_port/health" || { kube__fail kube-etcd; return 1; }

  local pki="$kube_dir/pki"
  start_bg kube-apiserver "$bin/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$kube_api_port" \
    --etcd-servers="http://127.0.0.1:$kube_etcd_port" \
    --service-cluster-ip-range="$kube_service_cidr" \
    --client-ca-file="$pki/ca.crt" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --endpoint-reconciler-type=none \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true \
    --profiling=false \
    --v=1
  wait_for "kube-apiserver /readyz" 120 kubectl --kubeconfig "$kube_dir/kubeconfig" get --raw /readyz \
    || { kube__fail kube-apiserver; return 1; }

  # Loopback-only serving ports; leader election off: there is one of each, and a restart must not
  # wait for the lease a killed predecessor left behind.
  start_bg kube-controller-manager "$bin/kube-controller-manager" \
    --bind-address=127.0.0.1 --secure-port="$kube_cm_port" \
    --kubeconfig="$kube_dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$kube_dir/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$kube_dir/controller-manager.kubeconfig" \
    --leader-elect=false \
    --controllers='*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --profiling=false \
    --v=1
  start_bg kube-scheduler "$bin/kube-scheduler" \
    --bind-address=127.0.0.1 --secure-port="$kube_sched_port" \
    --kubeconfig="$kube_dir/scheduler.kubeconfig" \
    --authentication-kubeconfig="$kube_dir/scheduler.kubeconfig" \
    --authorization-kubeconfig="$kube_dir/scheduler.kubeconfig" \
    --leader-elect=false \
    --profiling=false \
    --v=1

  local stage_args=() f
  for f in "$kube_repo_dir"/stages/*.yaml; do stage_args+=(--config "$f"); done
  start_bg kube-kwok "$bin/kwok" \
    --kubeconfig="$kube_dir/kwok.kubeconfig" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr=10.244.0.1/16 \
    --node-lease-duration-seconds=40 \
    "${stage_args[@]}"

  kube__create_nodes || { kube__fail kube-kwok; return 1; }
  kube__create_sa_kubeconfig || { kube__fail kube-controller-manager; return 1; }
  log "kube: up in $((SECONDS - started))s (KUBECONFIG=$kube_dir/kubeconfig)"
}

# kube_build: print the directory holding the binaries, building them first if the cache lacks them.
kube_build() {
  bash "$kube_repo_dir/build.sh"
}

kube__all_alive() {
  local p
  for p in "${kube_procs[@]}"; do pid_alive "$p" || return 1; done
}

kube__ready() {
  [ -f "$kube_dir/kubeconfig" ] &&
    kubectl --kubeconfig "$kube_dir/kubeconfig" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

kube__check_ports_free() {
  local port
  for port in "$kube_etcd_port" "$kube_etcd_peer_port" "$kube_api_port" "$kube_cm_port" "$kube_sched_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "kube: 127.0.0.1:$port is already in use by a process this stack did not start"
      return 1
    fi
  done
}

# kube__fail NAME: show why NAME did not come up, and leave nothing running.
kube__fail() {
  log "kube: $1 did not come up; last lines of $STACK_STATE/$1.log:"
  tail -n 30 "$STACK_STATE/$1.log" >&2 || true
  local i
  for ((i = ${#kube_procs[@]} - 1; i >= 0; i--)); do stop_bg "${kube_procs[$i]}"; done
}

# kube__cert NAME SUBJECT EXT: a key and a certificate signed by the local CA (EC P-256: quick to make).
kube__cert() {
  local name=$1 subject=$2 ext=$3 pki="$kube_dir/pki"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pki/$name.key" 2>/dev/null &&
    openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null &&
    printf '%s\n' "$ext" >"$pki/$name.ext" &&
    openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
      -days 365 -sha256 -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null &&
    rm -f "$pki/$name.csr" "$pki/$name.ext"
}

kube__certs() {
  local pki="$kube_dir/pki"
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pki/ca.key" 2>/dev/null &&
    openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=eks-suite-local-ca" -days 365 -sha256 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$pki/ca.crt" 2>/dev/null &&
    kube__cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:$kube_service_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" &&
    kube__cert admin "/O=system:masters/CN=kubernetes-admin" "$client" &&
    kube__cert controller-manager "/CN=system:kube-controller-manager" "$client" &&
    kube__cert scheduler "/CN=system:kube-scheduler" "$client" &&
    # kwok plays every kubelet and patches any pod or node status: it gets cluster-admin rights.
    kube__cert kwok "/O=system:masters/CN=kwok-controller" "$client" &&
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pki/sa.key" 2>/dev/null &&
    openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null &&
    chmod 600 "$pki"/*.key
}

# kube__kubeconfig FILE USER CONTEXT [client NAME | token TOKEN]...: a kubeconfig for 127.0.0.1:6443.
kube__kubeconfig() {
  local file=$1 pki="$kube_dir/pki"
  shift
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: local-stack"
    echo "  cluster:"
    echo "    server: https://127.0.0.1:$kube_api_port"
    echo "    certificate-authority-data: $(base64 -w0 "$pki/ca.crt")"
    echo "users:"
    local args=("$@") i
    for ((i = 0; i < ${#args[@]}; i += 4)); do
      echo "- name: ${args[i]}"
      echo "  user:"
      if [ "${args[i + 2]}" = client ]; then
        echo "    client-certificate-data: $(base64 -w0 "$pki/${args[i + 3]}.crt")"
        echo "    client-key-data: $(base64 -w0 "$pki/${args[i + 3]}.key")"
      else
        echo "    token: ${args[i + 3]}"
      fi
    done
    echo "contexts:"
    for ((i = 0; i < ${#args[@]}; i += 4)); do
      echo "- name: ${args[i + 1]}"
      echo "  context:"
      echo "    cluster: local-stack"
      echo "    user: ${args[i]}"
      echo "    namespace: default"
    done
    echo "current-context: ${args[1]}"
  } >"$file.tmp"
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

kube__component_kubeconfigs() {
  kube__kubeconfig "$kube_dir/kubeconfig" local-stack-admin local-stack client admin &&
    kube__kubeconfig "$kube_dir/controller-manager.kubeconfig" kube-controller-manager default client controller-manager &&
    kube__kubeconfig "$kube_dir/scheduler.kubeconfig" kube-scheduler default client scheduler &&
    kube__kubeconfig "$kube_dir/kwok.kubeconfig" kwok default client kwok
}

kube__kubectl() {
  kubectl --kubeconfig "$kube_dir/kubeconfig" --request-timeout=30s "$@"
}

kube__create_nodes() {
  local n i=0 zones=(local-1a local-1b)
  for n in "${kube_nodes[@]}"; do
    kube__kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $n
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $n
    node.kubernetes.io/instance-type: kwok.large
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: ${zones[i % 2]}
EOF
    i=$((i + 1))
  done
  kube__kubectl wait --for=condition=Ready node --all --timeout=60s >/dev/null
}

# A ServiceAccount with no rights at all, and a kubeconfig that authenticates as it, for RBAC tests.
kube__create_sa_kubeconfig() {
  # The namespace's "default" ServiceAccount appears when the serviceaccount controller has run;
  # until then no pod can be created in it, so wait for it here rather than in every test.
  wait_for "the default ServiceAccount" 60 kube__kubectl -n "$kube_sa_namespace" get serviceaccount default || return 1
  kube__kubectl -n "$kube_sa_namespace" create serviceaccount "$kube_sa_name" >/dev/null || return 1
  local token
  token=$(kube__kubectl -n "$kube_sa_namespace" create token "$kube_sa_name" --duration=720h) || return 1
  kube__kubeconfig "$kube_dir/sa-kubeconfig" "$kube_sa_name" local-stack-sa token "$token"
  # The admin kubeconfig carries the same user as a second context, for `kubectl --context`.
  kube__kubeconfig "$kube_dir/kubeconfig" local-stack-admin local-stack client admin \
    "$kube_sa_name" local-stack-sa token "$token"
}
