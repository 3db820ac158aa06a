# shellcheck shell=bash
# Part `registry` of scripts/local-stack.sh: an image registry (the data plane ECR stands for).
#
# Debian's `docker-registry` (distribution v2.8) on 127.0.0.1:$STACK_REGISTRY_PORT (default 5050),
# plain HTTP, no auth, run from its binary with a config of its own, never through the package's
# systemd unit (which would use /etc/docker/registry and port 5000). Storage is
# $STACK_STATE/registry/data and survives `down`; delete is enabled so tests can remove what they
# pushed (DELETE /v2/<name>/manifests/<digest>). Docker treats 127.0.0.0/8 registries as insecure
# by default, so `docker push 127.0.0.1:5050/...` needs no daemon setting.
# Sourced by scripts/local-stack.sh, after common.sh. Sourced, never run.

STACK_REGISTRY_PORT=${STACK_REGISTRY_PORT:-5050}
_registry_where=127.0.0.1:$STACK_REGISTRY_PORT

registry_env() {
  echo "export LOCAL_REGISTRY=127.0.0.1:$STACK_REGISTRY_PORT"
}

_registry_ready() { curl -sf -m 2 -o /dev/null "http://127.0.0.1:$STACK_REGISTRY_PORT/v2/"; }

_registry_write_config() {
  local dir=$STACK_STATE/registry
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<EOF
# Written by scripts/stack/registry.sh at every \`up\`; edits here are lost.
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$STACK_REGISTRY_PORT
  # One instance, no load balancer: a fixed secret only silences the startup warning.
  secret: eks-suite-local-registry
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

registry_up() {
  apt_ensure docker-registry curl
  locked registry _registry_up
}

_registry_up() {
  already_serving registry "$_registry_where" _registry_ready && return 0
  _registry_write_config
  start_bg registry /usr/bin/docker-registry serve "$STACK_STATE/registry/config.yml"
  started registry "$_registry_where" _registry_ready 30
}

registry_down() { stop_bg registry; }

registry_status() { part_status registry "$_registry_where" _registry_ready; }
