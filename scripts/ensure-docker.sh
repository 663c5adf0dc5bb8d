#!/usr/bin/env bash
# Make Docker usable for this project, then write build/docker-images.env for other scripts to source.
#  1. a running engine (on a bare Debian/Ubuntu root machine: install docker.io, start dockerd);
#  2. Compose v2 as a CLI plugin for every `docker` client on PATH;
#  3. images: the official ones when a registry is reachable (or they are already local), otherwise
#     the offline set names-offline/* built from Debian packages + Maven Central (docker/offline/);
#  4. build/docker-images.env with the image names (+ Testcontainers settings when offline).
# Idempotent: a second run builds nothing and takes seconds (each image carries a label with a hash
# of its recipe; only missing or outdated images are rebuilt).
# Knobs: NAMES_DOCKER_IMAGES=official|offline forces the image mode; NAMES_DOCKER_STORAGE_DRIVER
# forces dockerd's storage driver when this script starts it (default: dockerd's own choice,
# overlay2 where the kernel allows it, else vfs); NAMES_DEBIAN_MIRROR overrides the Debian mirror.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFFLINE_DIR="$ROOT/docker/offline"
WORK="$ROOT/build/offline"          # rootfs, Kafka jars, build contexts and logs (gitignored)
ENV_FILE="$ROOT/build/docker-images.env"
SUITE=trixie                        # has openjdk-21, postgresql-17, memcached 1.6
LABEL=names.offline.recipe
export DOCKER_BUILDKIT=0            # legacy builder: no buildx plugin needed (Debian's docker.io has none)

log() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# wait for a concurrent apt/dpkg run instead of failing on its lock
apt_get() { DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get -o DPkg::Lock::Timeout=900 "$@"; }
can_apt() { [[ $(uname -s) == Linux && $(id -u) == 0 ]] && command -v apt-get >/dev/null; }

# ---------------------------------------------------------------------------------------------
# 1. engine
ensure_engine() {
  docker info >/dev/null 2>&1 && return
  if ! can_apt; then
    cat >&2 <<'EOF'
ensure-docker: no working Docker engine (`docker info` fails) and this is not a root Debian/Ubuntu
machine, so it will not be installed automatically. Install and start one, then re-run:
  - macOS / Windows: Docker Desktop (includes Compose v2), or Colima / OrbStack + docker CLI;
  - Linux: Docker Engine (https://docs.docker.com/engine/install/) + the docker-compose-plugin
    (Compose v2), and make sure your user may use it (docker group or rootless mode).
EOF
    exit 1
  fi
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  if ((${#need[@]})); then
    log "installing ${need[*]} with apt"
    apt_get update -qq
    apt_get install -y -qq "${need[@]}" >/dev/null
  fi
  if [[ -d /run/systemd/system ]] && systemctl start docker 2>/dev/null; then
    log "started docker.service"
  else
    # no systemd (containers, CI sandboxes): run dockerd detached from this shell
    local opts=()
    [[ -n ${NAMES_DOCKER_STORAGE_DRIVER:-} ]] && opts+=(--storage-driver="$NAMES_DOCKER_STORAGE_DRIVER")
    log "starting dockerd${opts[*]:+ ${opts[*]}} (log: /var/log/names-dockerd.log)"
    setsid nohup dockerd "${opts[@]}" >/var/log/names-dockerd.log 2>&1 </dev/null &
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/names-dockerd.log >&2 || true; die "dockerd did not come up"; }
}

# ---------------------------------------------------------------------------------------------
# Debian mirror named by the host's own apt sources (the one known to be reachable from here)
debian_mirror() {
  [[ -n ${NAMES_DEBIAN_MIRROR:-} ]] && { echo "$NAMES_DEBIAN_MIRROR"; return; }
  local m=""
  if grep -qsx 'ID=debian' /etc/os-release; then
    local codename; codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    # deb822 *.sources: first URI of a stanza whose Suites include the release itself
    m=$(awk -v c="$codename" 'BEGIN{RS=""} /(^|\n)Types:[^\n]*deb/ {
          u=""; ok=0; n=split($0, l, "\n")
          for (i = 1; i <= n; i++) {
            if (l[i] ~ /^URIs:/) { split(l[i], f, /[ \t]+/); u = f[2] }
            if (l[i] ~ /^Suites:/ && (" " l[i] " ") ~ (" " c " ")) ok = 1
          }
          if (ok && u != "") { print u; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    # one-line style: deb [opts] URI SUITE COMPONENTS...
    [[ -n $m ]] || m=$(sed -E 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk -v c="$codename" '$1 == "deb" && $3 == c { print $2; exit }' || true)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# ---------------------------------------------------------------------------------------------
# 2. compose v2
compose_v2() { local v; v=$("$1" compose version --short 2>/dev/null) && [[ ${v#v} == 2.* ]]; }

ensure_compose() {
  local clients=() c bad=0 p plugin=""
  mapfile -t clients < <(type -ap docker | awk '!seen[$0]++')
  for c in "${clients[@]}"; do compose_v2 "$c" || bad=1; done
  ((bad)) || return 0

  # a v2 plugin binary may already be installed where only one of the clients looks
  find_plugin() {
    for p in /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins \
      /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins "$HOME/.docker/cli-plugins"; do
      local v; v=$("$p/docker-compose" version --short 2>/dev/null) || continue
      if [[ ${v#v} == 2.* ]]; then
        plugin=$p/docker-compose; return 0
      fi
    done
    return 1
  }
  if ! find_plugin; then
    can_apt || die "Compose v2 missing: install the docker compose v2 plugin (docker-compose-plugin)"
    # bookworm ships only compose v1; trixie's docker-compose (v2, a static Go binary) installs on it.
    # Fetch just that .deb through a private apt config so the host's sources stay untouched.
    local t=/var/tmp/names-trixie-apt mirror; mirror=$(debian_mirror)
    rm -rf "$t" && mkdir -p "$t/lists/partial" "$t/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $SUITE main" >"$t/sources.list"
    local o=(-o Dir::Etc::SourceList="$t/sources.list" -o Dir::Etc::SourceParts=/nonexistent
      -o Dir::State::Lists="$t/lists" -o Dir::Cache::Archives="$t/archives"
      -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
    log "installing Compose v2 from Debian $SUITE's docker-compose package"
    apt_get "${o[@]}" update -qq
    (cd "$t" && apt_get "${o[@]}" download docker-compose >/dev/null)
    apt_get install -y -qq "$t"/docker-compose_*.deb >/dev/null
    rm -rf "$t"
    find_plugin || die "docker-compose v2 installed but no CLI plugin binary found"
  fi
  # /usr/local/lib/docker/cli-plugins is searched by every docker CLI (old Debian one and newer ones)
  local dir=/usr/local/lib/docker/cli-plugins
  [[ $(id -u) == 0 ]] || dir=$HOME/.docker/cli-plugins
  if [[ $plugin != "$dir/docker-compose" ]]; then
    mkdir -p "$dir" && ln -sf "$plugin" "$dir/docker-compose"
  fi
  for c in "${clients[@]}"; do compose_v2 "$c" || die "'$c compose version' is still not v2"; done
}

# ---------------------------------------------------------------------------------------------
# 3. images
OFFICIAL_POSTGRES=postgres:17 OFFICIAL_MEMCACHED=memcached:1.6
OFFICIAL_KAFKA=apache/kafka:4.1.1 OFFICIAL_JRE=eclipse-temurin:21-jre
# Debian's prometheus (trixie: 2.53.3) stands in for it: the same major line, so rule tests mean the same
OFFICIAL_PROMETHEUS=prom/prometheus:v2.53.5
BASE_IMG=names-offline/debian:$SUITE
# name|recipe dir under docker/offline|base image (built in this order)
OFFLINE_SET=(
  "names-offline/tools:$SUITE|tools|$BASE_IMG"
  "names-offline/jre:21|jre|$BASE_IMG"
  "names-offline/memcached:1.6|memcached|$BASE_IMG"
  "names-offline/postgres:17|postgres|$BASE_IMG"
  "names-offline/prometheus:2.53|prometheus|$BASE_IMG"
  "names-offline/kafka:4.1.1|kafka|names-offline/jre:21"
)
built=0 reused=0

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
image_label() { docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }
# recipe hash = the recipe files + the base image's id: editing a Dockerfile/script, or rebuilding
# the base, makes the image outdated
recipe_hash() {
  { (cd "$OFFLINE_DIR/$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    docker image inspect -f '{{.Id}}' "$2"; } | sha256sum | cut -c1-16
}
proxy_build_args() {
  local v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -n ${!v:-} ]] && printf '%s\n' --build-arg "$v=${!v}"
  done
  return 0
}

choose_mode() {
  case "${NAMES_DOCKER_IMAGES:-}" in
    official | offline) echo "$NAMES_DOCKER_IMAGES"; return ;;
    "") ;;
    *) die "NAMES_DOCKER_IMAGES must be 'official' or 'offline'" ;;
  esac
  local i all=1
  for i in $OFFICIAL_POSTGRES $OFFICIAL_MEMCACHED $OFFICIAL_KAFKA $OFFICIAL_JRE; do have_image "$i" || all=0; done
  ((all)) && { echo official; return; }
  # the offline set was made before: this machine has no registry, don't wait for a pull again
  have_image "${OFFLINE_SET[-1]%%|*}" && { echo offline; return; }
  log "probing the registry: docker pull $OFFICIAL_MEMCACHED (20 s max)"
  if timeout 20 docker pull -q "$OFFICIAL_MEMCACHED" >/dev/null 2>&1; then echo official; else echo offline; fi
}

build_base() {
  if have_image "$BASE_IMG"; then reused=$((reused + 1)); return; fi
  command -v debootstrap >/dev/null || { can_apt && apt_get install -y -qq debootstrap >/dev/null; } ||
    die "debootstrap is needed to build $BASE_IMG"
  local mirror rootfs="$WORK/rootfs-$SUITE" t0=$SECONDS f
  mirror=$(debian_mirror)
  log "building $BASE_IMG: debootstrap --variant=minbase $SUITE from $mirror"
  mkdir -p "$WORK/logs"
  # a killed debootstrap can leave proc/sys mounted inside the rootfs: unmount before deleting
  { findmnt -rn -o TARGET | grep -F "$rootfs/" || true; } | sort -r | xargs -r umount -l
  rm -rf "$rootfs"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$WORK/logs/debian.log" 2>&1 ||
    { tail -20 "$WORK/logs/debian.log" >&2; die "debootstrap failed (log: $WORK/logs/debian.log)"; }
  # the host's apt network settings (proxy, snapshot Check-Valid-Until, ...) apply inside images too
  for f in /etc/apt/apt.conf.d/*; do
    if grep -qiE '^[[:space:]]*Acquire' "$f" && ! grep -qi 'Invoke' "$f"; then cp "$f" "$rootfs/etc/apt/apt.conf.d/"; fi
  done
  # slim like debian:*-slim: no docs/man/translations in any image (vfs copies every layer in full)
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/names-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/names-docker" <<'EOF'
APT::Install-Recommends "false";
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  # openjdk's postinst registers man pages as alternatives; the directory must exist
  mkdir -p "$rootfs/usr/share/man/man1"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* \
    "$rootfs"/usr/share/man/man[2-9] "$rootfs"/usr/share/locale/*
  tar --numeric-owner -C "$rootfs" -c . |
    docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$BASE_IMG" >/dev/null
  rm -rf "$rootfs"
  log "built $BASE_IMG in $((SECONDS - t0)) s"
  built=$((built + 1))
}

# Kafka jars: fetched on the host (docker build containers cannot reliably reach Maven Central)
stage_kafka_libs() {
  local libs="$WORK/kafka-libs" stamp pom="$OFFLINE_DIR/kafka/pom.xml" mvn
  stamp=$(sha256sum "$pom" | cut -c1-16)
  [[ -f $libs/.stamp && $(cat "$libs/.stamp") == "$stamp" ]] && return
  if command -v mvn >/dev/null; then mvn=mvn
  elif [[ -x $ROOT/mvnw ]]; then mvn=$ROOT/mvnw
  else die "Maven (mvn) is needed to fetch the Kafka jars for names-offline/kafka"; fi
  log "fetching Kafka jars from Maven Central ($mvn dependency:copy-dependencies)"
  rm -rf "$libs"
  mkdir -p "$WORK/logs"
  "$mvn" -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$libs" >"$WORK/logs/kafka-mvn.log" 2>&1 ||
    { tail -30 "$WORK/logs/kafka-mvn.log" >&2; die "mvn dependency:copy-dependencies failed"; }
  echo "$stamp" >"$libs/.stamp"
}

build_one() { # name dir base
  local name=$1 dir=$2 base=$3 hash ctx="$OFFLINE_DIR/$2" t0=$SECONDS
  hash=$(recipe_hash "$dir" "$base")
  if [[ $(image_label "$name") == "$hash" ]]; then reused=$((reused + 1)); return; fi
  if [[ $dir == kafka ]]; then # build context = recipe + staged jars
    stage_kafka_libs
    ctx="$WORK/ctx-kafka"
    rm -rf "$ctx" && cp -r "$OFFLINE_DIR/kafka" "$ctx" && cp -r "$WORK/kafka-libs" "$ctx/libs" && rm -f "$ctx/libs/.stamp"
  fi
  log "building $name (from $base)"
  mkdir -p "$WORK/logs"
  local args; mapfile -t args < <(proxy_build_args)
  if ! docker build --pull=false --build-arg BASE="$base" --label "$LABEL=$hash" "${args[@]}" \
    -t "$name" "$ctx" >"$WORK/logs/$dir.log" 2>&1; then
    tail -30 "$WORK/logs/$dir.log" >&2
    die "docker build of $name failed (log: $WORK/logs/$dir.log)"
  fi
  [[ $dir == kafka ]] && rm -rf "$ctx"
  log "built $name in $((SECONDS - t0)) s"
  built=$((built + 1))
}

build_offline_set() {
  local spec name dir base
  build_base
  for spec in "${OFFLINE_SET[@]}"; do
    IFS='|' read -r name dir base <<<"$spec"
    build_one "$name" "$dir" "$base"
  done
  # old untagged versions of rebuilt images only waste disk
  docker image prune -f --filter "label=$LABEL" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------
# 4. env file
write_env() { # mode
  local tmp; mkdir -p "$(dirname "$ENV_FILE")"; tmp=$(mktemp "$ENV_FILE.XXXX")
  {
    echo "# written by scripts/ensure-docker.sh ($1 images); source it, do not edit"
    echo "export NAMES_DOCKER_IMAGES=$1"
    if [[ $1 == official ]]; then
      echo "export NAMES_POSTGRES_IMAGE=$OFFICIAL_POSTGRES"
      echo "export NAMES_MEMCACHED_IMAGE=$OFFICIAL_MEMCACHED"
      echo "export NAMES_KAFKA_IMAGE=$OFFICIAL_KAFKA"
      echo "export NAMES_JRE_IMAGE=$OFFICIAL_JRE"
      echo "export NAMES_PROMETHEUS_IMAGE=$OFFICIAL_PROMETHEUS"
    else
      echo "export NAMES_POSTGRES_IMAGE=names-offline/postgres:17"
      echo "export NAMES_MEMCACHED_IMAGE=names-offline/memcached:1.6"
      echo "export NAMES_KAFKA_IMAGE=names-offline/kafka:4.1.1"
      echo "export NAMES_JRE_IMAGE=names-offline/jre:21"
      echo "export NAMES_PROMETHEUS_IMAGE=names-offline/prometheus:2.53"
      echo "export NAMES_TOOLS_IMAGE=names-offline/tools:$SUITE"
      echo "# Testcontainers without a registry: no Ryuk (remove leaked containers with"
      echo "#   docker ps -aq --filter label=org.testcontainers=true | xargs -r docker rm -f)"
      echo "export TESTCONTAINERS_RYUK_DISABLED=true"
      echo "# socat.container.image / tinyimage.container.image (alpine/socat, alpine by default)"
      echo "export TESTCONTAINERS_SOCAT_CONTAINER_IMAGE=names-offline/tools:$SUITE"
      echo "export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=names-offline/tools:$SUITE"
      if [[ -f /.dockerenv ]]; then
        echo "# /.dockerenv makes Testcontainers think it runs in a container (it would pull alpine"
        echo "# to find the gateway); Docker here is local, published ports are on localhost"
        echo "export TESTCONTAINERS_HOST_OVERRIDE=localhost"
      fi
    fi
  } >"$tmp"
  if cmp -s "$tmp" "$ENV_FILE"; then rm -f "$tmp"; else mv "$tmp" "$ENV_FILE"; fi
}

main() {
  ensure_engine
  ensure_compose
  local mode summary driver compose
  mode=$(choose_mode)
  if [[ $mode == offline ]]; then
    build_offline_set
    summary="offline (built $built, reused $reused)"
  else
    summary="official"
  fi
  write_env "$mode"
  driver=$(docker info -f '{{.Driver}}' 2>/dev/null || echo '?')
  compose=$(docker compose version --short 2>/dev/null || echo '?')
  echo "docker: engine ok ($driver), compose v${compose#v}, images: $summary -> ${ENV_FILE#"$ROOT"/}"
}

main "$@"
