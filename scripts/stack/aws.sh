# Part `aws` of scripts/local-stack.sh: the AWS APIs, served by moto in server mode.
#
# One moto_server on 127.0.0.1:$STACK_AWS_PORT (default 4566) answers every service (ECR, EKS,
# CodeBuild, STS, S3, CloudWatch Logs, IAM, ...) on that one port: it routes a request by the service
# in its SigV4 credential scope, so the SDK only needs AWS_ENDPOINT_URL. moto 5.2 needs nothing per
# service beyond `moto[server]` (flask + the extras); state lives in memory and is lost at `down`.
# The account is moto's default, 123456789012 (MOTO_ACCOUNT_ID changes it); STS AssumeRole* hands
# out credentials for the account in the role ARN, whatever the token.
# Note for callers: ECR GetAuthorizationToken answers with a proxyEndpoint on *.amazonaws.com, which
# does not exist here; images go to the `registry` part instead.
# Sourced by scripts/local-stack.sh, after common.sh. Sourced, never run.

STACK_AWS_PORT=${STACK_AWS_PORT:-4566}

aws_env() {
  cat <<EOF
export AWS_ENDPOINT_URL=http://127.0.0.1:$STACK_AWS_PORT
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
EOF
}

_aws_ready() { curl -sf -m 2 -o /dev/null "http://127.0.0.1:$STACK_AWS_PORT/moto-api/"; }
_aws_ready_or_dead() { _aws_ready || ! pid_alive aws; }

# Prints the argv that starts moto; installs it when no Python on PATH has it.
_aws_server_cmd() {
  if command -v moto_server >/dev/null 2>&1; then
    echo moto_server
    return
  fi
  if ! python3 -c 'import moto.server, flask' >/dev/null 2>&1; then
    log "installing moto[server] with pip"
    python3 -m pip install -q 'moto[server]>=5.2,<6' >&2
  fi
  echo python3 -m moto.server
}

aws_up() {
  apt_ensure curl
  local lock
  exec {lock}>"$STACK_STATE/aws.lock"
  # A second `up` running at the same time waits here instead of starting a second server.
  flock -w 120 "$lock" || { log "aws: could not take $STACK_STATE/aws.lock"; exec {lock}>&-; return 1; }
  local rc=0
  _aws_up_locked {lock}>&- || rc=$?
  exec {lock}>&-
  return $rc
}

_aws_up_locked() {
  if pid_alive aws; then
    wait_for "moto on :$STACK_AWS_PORT" 30 _aws_ready_or_dead
    if _aws_ready; then
      log "aws: already up on http://127.0.0.1:$STACK_AWS_PORT"
      return 0
    fi
    log "aws: recorded process is not answering; restarting it"
    stop_bg aws
  fi
  if _aws_ready; then
    # Someone else's moto (or another copy of this stack) already serves the port: use it, and
    # leave it alone at `down`, since this script did not start it.
    log "aws: port $STACK_AWS_PORT already serves moto (not started here); using it"
    return 0
  fi
  local cmd
  read -r -a cmd <<<"$(_aws_server_cmd)"
  start_bg aws "${cmd[@]}" -H 127.0.0.1 -p "$STACK_AWS_PORT"
  if wait_for "moto on :$STACK_AWS_PORT" 60 _aws_ready_or_dead && _aws_ready; then
    log "aws: up on http://127.0.0.1:$STACK_AWS_PORT (pid $(cat "$STACK_STATE/aws.pid"))"
    return 0
  fi
  log "aws: moto did not come up; last lines of $STACK_STATE/aws.log:"
  tail -n 30 "$STACK_STATE/aws.log" >&2 || true
  stop_bg aws
  return 1
}

aws_down() { stop_bg aws; }

aws_status() {
  if pid_alive aws && _aws_ready; then
    echo "aws: up http://127.0.0.1:$STACK_AWS_PORT (pid $(cat "$STACK_STATE/aws.pid"))"
  elif _aws_ready; then
    echo "aws: up http://127.0.0.1:$STACK_AWS_PORT (not started by this stack)"
  else
    echo "aws: down"
  fi
}
