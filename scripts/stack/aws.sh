# shellcheck shell=bash
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
_aws_where=http://127.0.0.1:$STACK_AWS_PORT

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
  locked aws _aws_up
}

_aws_up() {
  already_serving aws "$_aws_where" _aws_ready && return 0
  local cmd
  read -r -a cmd <<<"$(_aws_server_cmd)"
  start_bg aws "${cmd[@]}" -H 127.0.0.1 -p "$STACK_AWS_PORT"
  started aws "$_aws_where" _aws_ready 60
}

aws_down() { stop_bg aws; }

aws_status() { part_status aws "$_aws_where" _aws_ready; }
