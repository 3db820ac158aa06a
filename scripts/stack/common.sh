# Shared by the parts of scripts/local-stack.sh. Sourced, never run.

log() { echo "[local-stack] $*" >&2; }

# running PID: alive and not a zombie. A process that has exited stays visible to `kill -0` until
# init reaps it, which takes seconds on these machines; it holds no port or file by then.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ "$state" != Z ]
}

# pid_alive NAME: is the process recorded in $STACK_STATE/NAME.pid still running?
pid_alive() {
  local f="$STACK_STATE/$1.pid"
  [ -f "$f" ] && running "$(cat "$f")"
}

# start_bg NAME CMD...: start CMD detached, log to $STACK_STATE/NAME.log, record its pid.
start_bg() {
  local name=$1
  shift
  setsid "$@" >"$STACK_STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STACK_STATE/$name.pid"
}

# stop_bg NAME: stop what start_bg NAME started (TERM, then KILL after 10 s), and forget it.
stop_bg() {
  local name=$1 f="$STACK_STATE/$1.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if running "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do running "$pid" || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
  log "stopped $name"
}

# wait_for DESCRIPTION SECONDS CMD...: poll CMD until it succeeds, or fail after SECONDS.
wait_for() {
  local what=$1 secs=$2
  shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after ${secs}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# apt_ensure PKG...: install the Debian packages that are missing (apt-get update once per boot).
apt_ensure() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  if [ ! -f "$STACK_STATE/.apt-updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    touch "$STACK_STATE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
