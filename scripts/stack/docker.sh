# shellcheck shell=bash
# Part `docker` of scripts/local-stack.sh: a Docker engine of its own, for image builds and pushes.
#
# Debian's docker.io 20.10 dockerd with its own socket ($STACK_STATE/docker/docker.sock), daemon
# config, data-root, exec-root and pidfile, and its own containerd namespaces, so it never clashes
# with a system daemon (dockerd 20.10 would otherwise share a running system containerd's "moby"
# namespace). vfs storage, --iptables=false --bridge=none --ip-forward=false: it touches neither
# the host's firewall, its interfaces nor its sysctls. The engine's trust key goes to the state dir
# (daemon.json "deprecated-key-path") instead of /etc/docker/key.json.
#
# Clients: /usr/local/bin/docker (28.x) precedes Debian's /usr/bin/docker (20.10) on PATH; it
# negotiates down to the engine's API 1.41 and works. Without the buildx plugin it builds with the
# classic builder and prints a "legacy builder is deprecated" notice; DOCKER_BUILDKIT=1 makes it
# fail ("buildx component is missing"). `docker buildx` is not packaged for Debian 12.
# RUN steps: the classic builder runs them with the default network (a container on the absent
# bridge gets only a loopback), and --network none/host work too. The engine's own BuildKit
# (DOCKER_BUILDKIT=1 with Debian's 20.10 client) fails RUN steps with "network bridge not found"
# unless the build passes --network none (or host). Nothing can be pulled from any registry, so
# every image builds FROM scratch or FROM the base image made here at `up`:
#   local/busybox:latest  Debian's busybox-static with its applets (sh, echo, ls, ...) linked.
# `docker run` prints "IPv4 forwarding is disabled" warnings: expected, there is no network.
# Sourced by scripts/local-stack.sh, after common.sh. Sourced, never run.

STACK_DOCKER_DIR=$STACK_STATE/docker
STACK_DOCKER_SOCK=$STACK_DOCKER_DIR/docker.sock
_docker_where=unix://$STACK_DOCKER_SOCK
STACK_DOCKER_BASE_IMAGE=local/busybox:latest

docker_env() {
  echo "export DOCKER_HOST=unix://$STACK_DOCKER_SOCK"
}

_docker() { DOCKER_HOST="unix://$STACK_DOCKER_SOCK" docker "$@"; }
_docker_ready() { curl -sf -m 2 -o /dev/null --unix-socket "$STACK_DOCKER_SOCK" http://localhost/_ping; }

# The base image: a rootfs of busybox-static and its applet links, imported once per data-root.
# The tarball is cached per busybox version, the import itself takes a fraction of a second.
_docker_base_image() {
  _docker image inspect "$STACK_DOCKER_BASE_IMAGE" >/dev/null 2>&1 && return 0
  local version tarball root applet
  version=$(dpkg-query -W -f '${Version}' busybox-static)
  tarball=$STACK_CACHE/docker/busybox-${version//[^A-Za-z0-9.]/_}.tar
  if [ ! -s "$tarball" ]; then
    mkdir -p "$STACK_CACHE/docker"
    root=$(mktemp -d "$STACK_DOCKER_DIR/rootfs.XXXXXX")
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,dev,proc,sys}
    chmod 1777 "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    while read -r applet; do
      case $applet in */*) ;; *) continue ;; esac
      [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
    done < <(/bin/busybox --list-full)
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    # Called where errexit is off (inside `if`), so failures are checked here.
    if ! { tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$root" -cf "$tarball.tmp" . &&
      mv "$tarball.tmp" "$tarball"; }; then
      rm -rf "$root" "$tarball.tmp"
      return 1
    fi
    rm -rf "$root"
  fi
  _docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["/bin/sh"]' \
    -m "busybox-static $version, made by scripts/stack/docker.sh" \
    "$tarball" "$STACK_DOCKER_BASE_IMAGE" >/dev/null || return 1
  log "docker: made base image $STACK_DOCKER_BASE_IMAGE from busybox-static $version"
}

docker_up() {
  apt_ensure docker.io busybox-static curl
  locked docker _docker_up
}

_docker_up() {
  if ! already_serving docker "$_docker_where" _docker_ready; then
    mkdir -p "$STACK_DOCKER_DIR/data" "$STACK_DOCKER_DIR/exec"
    # A dockerd that died without cleaning up leaves its pidfile, and the next one refuses to start.
    rm -f "$STACK_DOCKER_DIR/dockerd.pid"
    cat >"$STACK_DOCKER_DIR/daemon.json" <<EOF
{ "deprecated-key-path": "$STACK_DOCKER_DIR/key.json" }
EOF
    # --shutdown-timeout stays under stop_bg's 10 s grace, so containers are stopped before a KILL.
    start_bg docker dockerd \
      --config-file "$STACK_DOCKER_DIR/daemon.json" \
      --host "$_docker_where" \
      --data-root "$STACK_DOCKER_DIR/data" \
      --exec-root "$STACK_DOCKER_DIR/exec" \
      --pidfile "$STACK_DOCKER_DIR/dockerd.pid" \
      --containerd-namespace eks-suite \
      --containerd-plugins-namespace eks-suite-plugins \
      --storage-driver vfs \
      --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
      --shutdown-timeout 3
    started docker "$_docker_where" _docker_ready 60 || return 1
  fi
  if ! _docker_base_image; then
    log "docker: could not make $STACK_DOCKER_BASE_IMAGE"
    docker_down
    return 1
  fi
}

docker_down() {
  # dockerd gives each running container its own stop timeout (10 s by default, and a `sleep` as
  # PID 1 ignores TERM) before it exits, longer than stop_bg waits: kill them first.
  if pid_alive docker && _docker_ready; then
    local running
    running=$(_docker ps -q 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$running" ] || _docker kill $running >/dev/null 2>&1 || true
  fi
  stop_bg docker
  # What a dockerd stopped the hard way can leave behind, found through this engine's own paths
  # only: containerd shims serving its containerd, and mounts under its state dir (the netns
  # "default" mount stays even after a clean shutdown).
  local pid mnt
  # (The dispatcher runs with errexit and pipefail: nothing found must not end it.)
  for pid in $(pgrep -f -- "-address $STACK_DOCKER_DIR/exec/containerd/containerd.sock" || true); do
    if kill -KILL "$pid" 2>/dev/null; then log "docker: killed leftover shim $pid"; fi
  done
  for mnt in $(findmnt -rn -o TARGET 2>/dev/null | grep -F "$STACK_DOCKER_DIR/" | sort -r || true); do
    umount -l "$mnt" 2>/dev/null || true
  done
  return 0
}

docker_status() { part_status docker "$_docker_where" _docker_ready; }
