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

registry_env() {
  echo "export LOCAL_REGISTRY=127.0.0.1:$STACK_REGISTRY_PORT"
}

_registry_ready() { curl -sf -m 2 -o /dev/null "http://127.0.0.1:$STACK_REGISTRY_PORT/v2/"; }
_registry_ready_or_dead() { _registry_ready || ! pid_alive registry; }

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
  local lock
  exec {lock}>"$STACK_STATE/registry.lock"
  flock -w 120 "$lock" || { log "registry: could not take $STACK_STATE/registry.lock"; exec {lock}>&-; return 1; }
  local rc=0
  _registry_up_locked {lock}>&- || rc=$?
  exec {lock}>&-
  return $rc
}

_registry_up_locked() {
  if pid_alive registry; then
    wait_for "registry on :$STACK_REGISTRY_PORT" 15 _registry_ready_or_dead
    if _registry_ready; then
      log "registry: already up on 127.0.0.1:$STACK_REGISTRY_PORT"
      return 0
    fi
    log "registry: recorded process is not answering; restarting it"
    stop_bg registry
  fi
  if _registry_ready; then
    log "registry: port $STACK_REGISTRY_PORT already serves a registry (not started here); using it"
    return 0
  fi
  _registry_write_config
  start_bg registry /usr/bin/docker-registry serve "$STACK_STATE/registry/config.yml"
  if wait_for "registry on :$STACK_REGISTRY_PORT" 30 _registry_ready_or_dead && _registry_ready; then
    log "registry: up on 127.0.0.1:$STACK_REGISTRY_PORT (pid $(cat "$STACK_STATE/registry.pid"))"
    return 0
  fi
  log "registry: did not come up; last lines of $STACK_STATE/registry.log:"
  tail -n 30 "$STACK_STATE/registry.log" >&2 || true
  stop_bg registry
  return 1
}

registry_down() { stop_bg registry; }

registry_status() {
  if pid_alive registry && _registry_ready; then
    echo "registry: up 127.0.0.1:$STACK_REGISTRY_PORT (pid $(cat "$STACK_STATE/registry.pid"))"
  elif _registry_ready; then
    echo "registry: up 127.0.0.1:$STACK_REGISTRY_PORT (not started by this stack)"
  else
    echo "registry: down"
  fi
}
