# shellcheck shell=bash
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

# locked NAME CMD...: run CMD holding $STACK_STATE/NAME.lock, so that two `up`s at once (two test
# suites starting together) wait for each other instead of starting a service twice.
locked() {
  local name=$1 lock rc=0
  shift
  exec {lock}>"$STACK_STATE/$name.lock"
  if ! flock -w 300 "$lock"; then
    log "$name: could not take $STACK_STATE/$name.lock"
    exec {lock}>&-
    return 1
  fi
  "$@" {lock}>&- || rc=$?
  exec {lock}>&-
  return $rc
}

# ready_or_dead NAME READY: stop waiting when the service answers or its process has died.
ready_or_dead() { "$2" || ! pid_alive "$1"; }

# already_serving NAME WHERE READY: true when NAME answers at WHERE already, whether this stack
# started it or someone else did (then it is used as it is, and left alone at `down`). A recorded
# process that no longer answers is stopped, so the caller starts a fresh one.
already_serving() {
  local name=$1 where=$2 ready=$3
  if pid_alive "$name"; then
    wait_for "$name on $where" 30 ready_or_dead "$name" "$ready"
    if "$ready"; then
      log "$name: already up on $where"
      return 0
    fi
    log "$name: its process is not answering; restarting it"
    "${name}_down"
  fi
  if "$ready"; then
    log "$name: $where already answers (not started by this stack); using it"
    return 0
  fi
  return 1
}

# started NAME WHERE READY SECONDS: wait for what `start_bg NAME` started to answer; when it does
# not, print the end of its log and stop it.
started() {
  local name=$1 where=$2 ready=$3 secs=$4
  if wait_for "$name on $where" "$secs" ready_or_dead "$name" "$ready" && "$ready"; then
    log "$name: up on $where (pid $(cat "$STACK_STATE/$name.pid"))"
    return 0
  fi
  log "$name: did not come up; last lines of $STACK_STATE/$name.log:"
  tail -n 30 "$STACK_STATE/$name.log" >&2 || true
  "${name}_down"
  return 1
}

# part_status NAME WHERE READY: one line for `local-stack.sh status`.
part_status() {
  local name=$1 where=$2 ready=$3
  if pid_alive "$name" && "$ready"; then
    echo "$name: up $where (pid $(cat "$STACK_STATE/$name.pid"))"
  elif "$ready"; then
    echo "$name: up $where (not started by this stack)"
  else
    echo "$name: down"
  fi
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
