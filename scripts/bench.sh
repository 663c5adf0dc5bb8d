#!/usr/bin/env bash
# Benchmarks against the running stack (starts it with ./dev start if it is not up). Prints figures; it
# asserts nothing. See docs/BENCHMARKS.md for what each part measures. Run it as ./dev bench (which finds
# the JDK first), or directly:
#
#   ./dev bench            full run (~5 min + the 1 M-row import)
#   ./dev bench --quick    short durations, 100k rows: to try it out, not to quote
#
# Environment (defaults in brackets; --quick changes the ones marked *):
#   BENCHES=read,bound,lag,import   which parts to run (also: observer, the lag with the invalidator's
#                              consistency observer on and off, one run each on a freshly restarted invalidator)
#   THREADS [2] CONNECTIONS [32] DURATION* [20] WARMUP* [30] (seconds)  wrk read benchmarks (a short warm-up leaves the hit path unJITted)
#   IDS [1000]                 nconsts cycled by the read benchmark (and patched by the lag benchmark)
#   RATE [500] LAG_DURATION* [30] LAG_WARMUP* [60] SAMPLE_EVERY [5]    lag benchmark (a fresh writer spends its first minute in the JIT)
#   LAG_WARMUP_MAX* [240] LAG_JIT_QUIET [250]  the lag warm-up goes on past LAG_WARMUP s, up to LAG_WARMUP_MAX s,
#                              while writer + invalidator compile more than LAG_JIT_QUIET ms per 10 s
#   LAG_DIRECT [auto]          auto: the lag tool uses the containers' own addresses when this host reaches them
#                              (Linux), else the published ports; 1: the containers' addresses; 0: the published
#                              ports (through Docker's userland port proxy, ~0.2 of the 2 cores at 500 writes/s)
#   ROWS* [1000000] SEED [42]  synthetic name.basics file for the import benchmark
#   NOCACHE_PORT [8090]        host port of the temporary cache-disabled names-api
#   UNBOUND_PORT [8091]        host port of the temporary names-api with the staleness bound off
#   NEAR_PORT [8092]           host port of the temporary names-api with the near cache on
#   DRAIN_TIMEOUT [600]        seconds to wait for the relay to publish the import's change events
# Output: build/bench/ (bench.txt = this whole output, lag.txt, lag.png, lag-samples.csv, wrk-*.txt, import-*.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

QUICK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  "") ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

if ((QUICK)); then
  : "${DURATION:=3}" "${WARMUP:=1}" "${LAG_DURATION:=5}" "${LAG_WARMUP:=1}" "${LAG_WARMUP_MAX:=$LAG_WARMUP}" "${ROWS:=100000}"
fi
BENCHES=${BENCHES:-read,bound,lag,import}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
IDS=${IDS:-1000}
RATE=${RATE:-500}
LAG_DURATION=${LAG_DURATION:-30}
LAG_WARMUP=${LAG_WARMUP:-60}
LAG_WARMUP_MAX=${LAG_WARMUP_MAX:-240}
((LAG_WARMUP_MAX >= LAG_WARMUP)) || LAG_WARMUP_MAX=$LAG_WARMUP
LAG_JIT_QUIET=${LAG_JIT_QUIET:-250}
SAMPLE_EVERY=${SAMPLE_EVERY:-5}
LAG_DIRECT=${LAG_DIRECT:-auto}
ROWS=${ROWS:-1000000}
SEED=${SEED:-42}
NOCACHE_PORT=${NOCACHE_PORT:-8090}
UNBOUND_PORT=${UNBOUND_PORT:-8091}
NEAR_PORT=${NEAR_PORT:-8092}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-600}

API_PORT=${NAMES_API_PORT:-8080}
WRITER_PORT=${NAMES_WRITER_PORT:-8081}
INVALIDATOR_PORT=${NAMES_INVALIDATOR_PORT:-8082}
POSTGRES_PORT=${NAMES_POSTGRES_PORT:-5432}
# The compose file's PostgreSQL password (NAMES_POSTGRES_PASSWORD), for the importer run from the host.
export SPRING_DATASOURCE_PASSWORD=${NAMES_POSTGRES_PASSWORD:-names}
MEMCACHED_1_PORT=${NAMES_MEMCACHED_1_PORT:-11211}
MEMCACHED_2_PORT=${NAMES_MEMCACHED_2_PORT:-11212}
API_KEY=${NAMES_WRITER_API_KEY:-dev-writer-key}

OUT=build/bench
LUA=names-tools/src/main/wrk/cycle-paths.lua
TOOLS_JAR=names-tools/target/names-tools.jar
WRITER_JAR=names-writer/target/names-writer.jar
# Suffixed with the compose project: two checkouts benchmarking at once must not remove each other's.
CONTAINER_SUFFIX=${COMPOSE_PROJECT_NAME:+-$COMPOSE_PROJECT_NAME}
NOCACHE_CONTAINER=names-bench-api-nocache$CONTAINER_SUFFIX
UNBOUND_CONTAINER=names-bench-api-unbound$CONTAINER_SUFFIX
NEAR_CONTAINER=names-bench-api-near$CONTAINER_SUFFIX

mkdir -p "$OUT"
# A text copy of everything printed, next to the chart.
exec > >(tee "$OUT/bench.txt") 2>&1

log() { printf '\n== %s ==\n' "$*"; }
# Other work on the machine skews every figure: each part says how busy the CPUs were just before it
# (a 2 s sample of /proc/stat; the load average would still carry the previous part's own load).
cpu_busy() {
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep 2
  read -r -a b < <(grep '^cpu ' /proc/stat)
  awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7])) \
    -v i=$((b[4] + b[5] - a[4] - a[5])) 'BEGIN { printf "%.0f", ((u + i) > 0 ? 100 * u / (u + i) : 0) }'
}
load() { note "CPU busy just before this part: $(cpu_busy)% of $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
note() { printf 'bench: %s\n' "$*"; }
wants() { [[ ",$BENCHES," == *",$1,"* ]]; }

cleanup() {
  docker rm -f "$NOCACHE_CONTAINER" "$UNBOUND_CONTAINER" "$NEAR_CONTAINER" >/dev/null 2>&1 || true
}
trap cleanup EXIT

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# Same rule as ./dev: a JDK >= 21, JAVA_HOME first.
find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/javac" ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 21)); then
      export JAVA_HOME="$candidate"
      JAVA="$candidate/bin/java"
      return
    fi
  done
  note "no JDK >= 21 found: set JAVA_HOME"
  exit 1
}

stack_up() {
  curl -fsS -o /dev/null --max-time 3 "http://localhost:$API_PORT/actuator/health/readiness" &&
    curl -fsS -o /dev/null --max-time 3 "http://localhost:$WRITER_PORT/actuator/health/readiness" &&
    curl -fsS -o /dev/null --max-time 3 "http://localhost:$INVALIDATOR_PORT/actuator/health"
}

psql_at() { docker compose exec -T postgres psql -U names -d names -Atq -c "$1"; }

# key=value from a "BENCH ..." line printed by the wrk script.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v goal="$2" 'BEGIN { print (v != "n/a" && v + 0 >= goal) ? "MET" : "MISSED" }'; }

# ---------------------------------------------------------------------------------------------------------
log "setup"
find_java
note "date $(date -Iseconds), host $(hostname), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM;" \
  "load generators (wrk, the lag tool, the importer) run on the SAME machine as the whole stack"
note "java: $("$JAVA" -version 2>&1 | head -1)"
# The same VM size is not the same CPU: on 2026-12-01 this machine kind ran every figure 1.6-2.2x slower per
# core than the day before (docs/BENCHMARKS.md). A fixed single-core job, timed in CPU seconds (not wall:
# other work does not inflate it), tells two runs' hosts apart before their figures are compared; the best
# of three, as a busy neighbour on the host slows a core without counting as this machine's time.
cpu_gauge() {
  local TIMEFORMAT=%U i
  for i in 1 2 3; do { time head -c 268435456 /dev/zero | sha256sum >/dev/null; } 2>&1; done | sort -n | head -1
}
note "CPU gauge (one core): sha256sum of 256 MiB took $(cpu_gauge) s of CPU (best of 3);" \
  "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) at $(awk -F': ' '/^cpu MHz/ { printf "%.0f", $2; exit }' /proc/cpuinfo) MHz"

if ! stack_up; then
  note "stack not up: ./dev start"
  ./dev start
fi
if [[ -f build/docker-images.env ]]; then
  set -a
  # shellcheck disable=SC1091
  source build/docker-images.env
  set +a
fi

note "building names-tools (and the writer jar if missing)"
modules=names-tools
[[ -f "$WRITER_JAR" ]] || modules+=",names-writer"
./mvnw -B -q -DskipTests -pl "$modules" -am package

# A private copy: a rebuild of the writer during the run must not swap the jar under a running JVM.
cp "$WRITER_JAR" "$OUT/names-writer.jar"
WRITER_JAR="$OUT/names-writer.jar"

if ! command -v wrk >/dev/null; then
  note "installing wrk (Debian package)"
  if ((EUID == 0)); then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

# demo-data (compose) loads a few thousand names on first start; wait for it, seed ourselves if it did not.
deadline=$((SECONDS + 180))
while [[ "$(docker compose ps -a --format '{{.State}}' demo-data 2>/dev/null)" == running ]] && ((SECONDS < deadline)); do
  sleep 2
done
need=$((2 * IDS))
have=$(psql_at "SELECT count(*) FROM names")
if ((have < need)); then
  note "only $have names in PostgreSQL, need $need: importing a small synthetic file"
  "$JAVA" -jar "$WRITER_JAR" generate 5000 "$OUT/seed.tsv.gz" 7 >/dev/null
  SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/names" "$JAVA" -jar "$WRITER_JAR" import "$OUT/seed.tsv.gz"
fi
# Two disjoint id sets: the read set is never written by the lag benchmark, so a rerun finds it cached.
psql_at "SELECT nconst FROM names ORDER BY nconst LIMIT $IDS" >"$OUT/read-ids.txt"
psql_at "SELECT nconst FROM names ORDER BY nconst OFFSET $IDS LIMIT $IDS" >"$OUT/write-ids.txt"
note "$(wc -l <"$OUT/read-ids.txt") read ids, $(wc -l <"$OUT/write-ids.txt") write ids"

pending_changes() { psql_at "SELECT count(*) FROM name_changes_pending"; }
# One index probe, unlike the count (a walk of every pending row).
relay_idle() { [[ $(psql_at "SELECT NOT EXISTS (SELECT 1 FROM name_changes_pending)") == t ]]; }
# Events the relay has published so far (duplicates included), from the writer's counter: a curl, cheap
# enough to poll during a drain, where `docker compose exec psql` every 0.5 s would take a share of the CPU.
relay_published() {
  { curl -fsS --max-time 5 "http://localhost:$WRITER_PORT/actuator/prometheus" || true; } |
    awk 'index($0, "names_outbox_published_total") == 1 { n += $NF } END { printf "%.0f\n", n }'
}
cpu_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; }
# Share of all cores busy between two cpu_ticks samples ("busy idle").
busy_between() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); u = y[1] - x[1]; i = y[2] - x[2]
  printf "%.0f", ((u + i) > 0 ? 100 * u / (u + i) : 0) }'; }
elapsed_since() { awk -v now="$EPOCHREALTIME" -v start="$1" 'BEGIN { printf "%.1f", now - start }'; }
# Events applied on EVERY node: each node's consumer group counts its own, so the slowest node decides.
invalidator_applied() {
  { curl -fsS --max-time 5 "http://localhost:$INVALIDATOR_PORT/actuator/prometheus" || true; } |
    awk 'index($0, "names_invalidation_lag_seconds_count") == 1 { n[$1] += $NF }
         END { m = -1; for (k in n) if (m < 0 || n[k] < m) m = n[k]; printf "%.0f\n", (m < 0 ? 0 : m) }'
}

# Waits (bounded) until the relay has published every change and the invalidator has stopped applying
# events, so no part starts while an earlier run's events (e.g. a million from the import) are still flowing.
quiesce() {
  local deadline=$((SECONDS + DRAIN_TIMEOUT)) last now
  last=$(invalidator_applied)
  while ((SECONDS < deadline)); do
    sleep 3
    now=$(invalidator_applied)
    if relay_idle && ((now == last)); then
      return 0
    fi
    last=$now
  done
  note "change pipeline still busy after ${DRAIN_TIMEOUT}s: figures below are disturbed by it"
}

# ---------------------------------------------------------------------------------------------------------
# Read path: four wrk runs with identical settings; each gets its own unrecorded warm-up first.
run_wrk() {
  local label=$1 base=$2 ids_file=$3 path=$4 line
  BENCH_IDS_FILE=$ids_file BENCH_PATH=$path wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$LUA" "$base" >/dev/null
  BENCH_IDS_FILE=$ids_file BENCH_PATH=$path wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$base" \
    >"$OUT/wrk-$label.txt"
  line=$(grep '^BENCH ' "$OUT/wrk-$label.txt")
  printf -v "WRK_$label" '%s' "$line"
}

# Every id read until it is served from memcached: one pass fills, the next counts X-Cache: hit (a fill
# can be lost, e.g. to a memcached timeout on a busy machine, so up to 5 passes). An api with the near cache
# on answers near or hit (a copy lives about S, a pass of 1000 curl requests can take longer).
prewarm() {
  local base=$1 served=${2:-hit} config="$OUT/prewarm.curl" id pass hits total
  : >"$config"
  while read -r id; do
    printf 'url = "%s/names/%s"\noutput = "/dev/null"\n' "$base" "$id" >>"$config"
  done <"$OUT/read-ids.txt"
  total=$(wc -l <"$OUT/read-ids.txt")
  for pass in 1 2 3 4 5; do
    hits=$(curl -s -K "$config" -w '%{http_code} %header{x-cache}\n' | grep -Ec "^200 ($served)\$" || true)
    note "  pass $pass: $hits of $total reads were cache hits"
    ((pass == 1 || hits < total)) || break
  done
}

# names_cache_requests_total{kind="record"} by outcome, from two Prometheus snapshots.
record_outcomes() {
  cat "$1" "$2" | awk '
    index($0, "names_cache_requests_total{") == 1 && index($0, "kind=\"record\"") {
      match($0, /outcome="[a-z_]+"/); o = substr($0, RSTART + 9, RLENGTH - 10)
      if (o in first) last[o] = $NF; else first[o] = $NF
    }
    END { for (o in last) printf "%s=%.0f ", o, last[o] - first[o] }'
}
record_db_reads() {
  cat "$1" "$2" | awk 'index($0, "names_db_reads_seconds_count{") == 1 && index($0, "query=\"record\"") {
    if (n++) last = $NF; else first = $NF } END { printf "%.0f\n", last - first }'
}

if wants read; then
  log "read path: wrk $THREADS threads, $CONNECTIONS connections, ${DURATION}s after a ${WARMUP}s warm-up each"
  API="http://localhost:$API_PORT"
  NOCACHE="http://localhost:$NOCACHE_PORT"
  NEAR="http://localhost:$NEAR_PORT"

  note "(b) bypass: a second names-api from the same image and JVM options, on the compose network, cache off"
  api_container=$(docker compose ps -q names-api)
  api_image=$(docker inspect -f '{{.Config.Image}}' "$api_container")
  api_network=$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$api_container")
  api_java_opts=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$api_container" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
  # Same memory limit too: the heap is a share of it.
  api_memory=$(docker inspect -f '{{.HostConfig.Memory}}' "$api_container")
  docker rm -f "$NOCACHE_CONTAINER" >/dev/null 2>&1 || true
  docker run -d --name "$NOCACHE_CONTAINER" --network "$api_network" -p "$NOCACHE_PORT:8080" \
    --memory "$api_memory" \
    -e JAVA_TOOL_OPTIONS="$api_java_opts" \
    -e SPRING_DATASOURCE_URL=jdbc:postgresql://postgres:5432/names \
    -e SPRING_DATASOURCE_PASSWORD="$SPRING_DATASOURCE_PASSWORD" \
    -e NAMES_API_CACHE_ENABLED=false \
    "$api_image" >/dev/null
  note "  docker run $api_image on $api_network, -p $NOCACHE_PORT:8080, --memory $api_memory, NAMES_API_CACHE_ENABLED=false" \
    "(names.api.cache.enabled=false: no memcached client at all), JAVA_TOOL_OPTIONS=\"$api_java_opts\""

  # Ready (JVM started) before anything is measured: its startup must not eat into (a)'s CPU.
  deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "$NOCACHE/actuator/health/readiness" 2>/dev/null; do
    ((SECONDS < deadline)) || { note "cache-disabled api did not become ready"; docker logs --tail 50 "$NOCACHE_CONTAINER"; exit 1; }
    sleep 2
  done
  note "  check: $(curl -s -o /dev/null -D - "$NOCACHE/names/$(head -1 "$OUT/read-ids.txt")" | grep -i '^x-cache' | tr -d '\r')"

  note "(n) near cache: a third names-api, same image, environment and memory as the compose one, NAMES_API_CACHE_NEAR_ENABLED=true"
  docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$api_container" | grep -v '^$' |
    grep -v '^NAMES_API_CACHE_NEAR_ENABLED=' >"$OUT/api-near.env"
  echo "NAMES_API_CACHE_NEAR_ENABLED=true" >>"$OUT/api-near.env"
  docker rm -f "$NEAR_CONTAINER" >/dev/null 2>&1 || true
  docker run -d --name "$NEAR_CONTAINER" --network "$api_network" -p "$NEAR_PORT:8080" \
    --memory "$api_memory" --env-file "$OUT/api-near.env" "$api_image" >/dev/null
  deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "$NEAR/actuator/health/readiness" 2>/dev/null; do
    ((SECONDS < deadline)) || { note "near-cache api did not become ready"; docker logs --tail 50 "$NEAR_CONTAINER"; exit 1; }
    sleep 2
  done
  quiesce
  load

  note "pre-warming $(wc -l <"$OUT/read-ids.txt") ids on the cached api"
  prewarm "$API"
  curl -fsS "$API/actuator/prometheus" >"$OUT/api-metrics-before.txt"
  note "(a) cache-hit GET /names/{nconst} on :$API_PORT"
  run_wrk a "$API" "$OUT/read-ids.txt" ""
  curl -fsS "$API/actuator/prometheus" >"$OUT/api-metrics-after.txt"

  note "(c) GET /ping on :$API_PORT"
  run_wrk c "$API" "" /ping

  note "(b) GET /names/{nconst} on :$NOCACHE_PORT (PostgreSQL only)"
  run_wrk b "$NOCACHE" "$OUT/read-ids.txt" ""
  docker rm -f "$NOCACHE_CONTAINER" >/dev/null

  note "pre-warming the near-cache api (memcached is warm: copies are taken from its hits)"
  prewarm "$NEAR" "hit|near"
  curl -fsS "$NEAR/actuator/prometheus" >"$OUT/api-near-metrics-before.txt"
  note "(n) near-cache hit GET /names/{nconst} on :$NEAR_PORT"
  run_wrk n "$NEAR" "$OUT/read-ids.txt" ""
  curl -fsS "$NEAR/actuator/prometheus" >"$OUT/api-near-metrics-after.txt"
  docker rm -f "$NEAR_CONTAINER" >/dev/null

  printf '\n%-44s %10s %9s %9s %9s %8s\n' "read benchmark" "req/s" "p50 ms" "p90 ms" "p99 ms" "errors"
  for x in a b n c; do
    var="WRK_$x"
    line=${!var}
    errors=$(($(field "$line" errors_connect) + $(field "$line" errors_read) + $(field "$line" errors_write) \
      + $(field "$line" errors_status) + $(field "$line" errors_timeout)))
    case $x in
      a) label="(a) cache hit   GET /names/{nconst}" ;;
      b) label="(b) PostgreSQL  GET /names/{nconst} (no cache)" ;;
      n) label="(n) near cache  GET /names/{nconst} (near on)" ;;
      c) label="(c) static      GET /ping" ;;
    esac
    printf '%-44s %10s %9s %9s %9s %8s\n' "$label" "$(field "$line" rps)" "$(field "$line" p50_ms)" \
      "$(field "$line" p90_ms)" "$(field "$line" p99_ms)" "$errors"
  done
  RPS_A=$(field "$WRK_a" rps)
  RPS_B=$(field "$WRK_b" rps)
  RPS_C=$(field "$WRK_c" rps)
  RPS_N=$(field "$WRK_n" rps)
  A_C=$(ratio "$RPS_A" "$RPS_C")
  A_B=$(ratio "$RPS_A" "$RPS_B")
  printf '\na/c = %s  (goal >= 0.8: %s)    a/b = %s  (goal >= 3: %s)\n' \
    "$A_C" "$(verdict "$A_C" 0.8)" "$A_B" "$(verdict "$A_B" 3)"
  # How (a)'s reads (warm-up included) were served, per names_cache_requests_total{kind="record"} outcome.
  outcomes=$(cat "$OUT/api-metrics-before.txt" "$OUT/api-metrics-after.txt" | awk '
    index($0, "names_cache_requests_total{") == 1 && index($0, "kind=\"record\"") {
      match($0, /outcome="[a-z_]+"/); o = substr($0, RSTART + 9, RLENGTH - 10)
      if (o in first) last[o] = $NF; else first[o] = $NF
    }
    END { for (o in last) if (last[o] - first[o] > 0) printf "%s %.0f, ", o, last[o] - first[o] }')
  printf 'reads during (a) incl. warm-up, by cache outcome: %s\n' "${outcomes%, }"
  N_C=$(ratio "$RPS_N" "$RPS_C")
  printf 'n/c = %s  (goal >= 0.8: %s)\n' "$N_C" "$(verdict "$N_C" 0.8)"
  printf 'reads during (n) incl. warm-up, by cache outcome: %s\n' \
    "$(record_outcomes "$OUT/api-near-metrics-before.txt" "$OUT/api-near-metrics-after.txt")"
  # (a) is the api as deployed (near cache off), (n) the same image with it on; all three against (c).
  printf 'RESULT read hit_c=%s db_c=%s near_c=%s\n' "$A_C" "$(ratio "$RPS_B" "$RPS_C")" "$N_C"
  printf 'wrk --latency output: %s/wrk-{a,b,n,c}.txt\n' "$OUT"
fi

# ---------------------------------------------------------------------------------------------------------
# The staleness bound S: what it costs a hit, and what the cache still does while invalidation is stopped.
if wants bound; then
  log "staleness bound: hits with the bound on (S = 2 s) and off, then the cache while the invalidator is stopped"
  API="http://localhost:$API_PORT"
  UNBOUND="http://localhost:$UNBOUND_PORT"
  api_container=$(docker compose ps -q names-api)
  api_network=$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$api_container")
  # The same image, environment (memcached nodes, datasource, JVM options) and memory limit; only S differs.
  docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$api_container" | grep -v '^$' >"$OUT/api.env"
  echo "NAMES_API_CACHE_MAX_STALENESS=0s" >>"$OUT/api.env"
  docker rm -f "$UNBOUND_CONTAINER" >/dev/null 2>&1 || true
  docker run -d --name "$UNBOUND_CONTAINER" --network "$api_network" -p "$UNBOUND_PORT:8080" \
    --memory "$(docker inspect -f '{{.HostConfig.Memory}}' "$api_container")" --env-file "$OUT/api.env" \
    "$(docker inspect -f '{{.Config.Image}}' "$api_container")" >/dev/null
  note "(e) a second names-api on :$UNBOUND_PORT, same image, environment and memory, NAMES_API_CACHE_MAX_STALENESS=0s"
  deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "$UNBOUND/actuator/health/readiness" 2>/dev/null; do
    ((SECONDS < deadline)) || { note "bound-off api did not become ready"; docker logs --tail 50 "$UNBOUND_CONTAINER"; exit 1; }
    sleep 2
  done
  quiesce
  load
  note "pre-warming both apis"
  prewarm "$API"
  note "(d) cache-hit GET /names/{nconst} on :$API_PORT, bound on (S = 2 s)"
  run_wrk d "$API" "$OUT/read-ids.txt" ""
  prewarm "$UNBOUND"
  note "(e) cache-hit GET /names/{nconst} on :$UNBOUND_PORT, bound off"
  run_wrk e "$UNBOUND" "$OUT/read-ids.txt" ""
  docker rm -f "$UNBOUND_CONTAINER" >/dev/null
  D_E=$(ratio "$(field "$WRK_d" rps)" "$(field "$WRK_e" rps)")
  printf '
(d) bound on: %s req/s, p99 %s ms    (e) bound off: %s req/s, p99 %s ms    d/e = %s\n' \
    "$(field "$WRK_d" rps)" "$(field "$WRK_d" p99_ms)" "$(field "$WRK_e" rps)" "$(field "$WRK_e" p99_ms)" "$D_E"

  note "(f) the same reads on :$API_PORT with the invalidator stopped (its watermarks stop; entries older than S are refused and refilled)"
  docker compose stop invalidator >/dev/null 2>&1
  # Every watermark is older than S by now, so the whole run is in the degraded mode.
  sleep 3
  curl -fsS "$API/actuator/prometheus" >"$OUT/api-metrics-stalled-before.txt"
  run_wrk f "$API" "$OUT/read-ids.txt" ""
  curl -fsS "$API/actuator/prometheus" >"$OUT/api-metrics-stalled-after.txt"
  docker compose start invalidator >/dev/null 2>&1
  # The next parts read its metrics: wait until it serves them again.
  deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "http://localhost:$INVALIDATOR_PORT/actuator/health" 2>/dev/null; do
    ((SECONDS < deadline)) || { note "invalidator did not come back"; exit 1; }
    sleep 2
  done
  stalled=$(record_outcomes "$OUT/api-metrics-stalled-before.txt" "$OUT/api-metrics-stalled-after.txt")
  db_reads=$(record_db_reads "$OUT/api-metrics-stalled-before.txt" "$OUT/api-metrics-stalled-after.txt")
  total=$(tr ' ' '\n' <<<"$stalled" | awk -F= '{ s += $2 } END { print s + 0 }')
  hits=$(tr ' ' '\n' <<<"$stalled" | awk -F= '$1 == "hit" || $1 == "lease_wait" { s += $2 } END { print s + 0 }')
  printf '(f) invalidator stopped: %s req/s, p99 %s ms; reads (warm-up included) by outcome: %s\n' \
    "$(field "$WRK_f" rps)" "$(field "$WRK_f" p99_ms)" "$stalled"
  printf '(f) hit ratio %s, PostgreSQL record reads %s/s (%s ids, S = 2 s: about ids/S expected)\n' \
    "$(ratio "$hits" "$total")" "$(ratio "$db_reads" "$((DURATION + WARMUP))")" "$(wc -l <"$OUT/read-ids.txt")"
  printf 'RESULT bound rps_on=%s rps_off=%s on_off=%s stalled_hit_ratio=%s stalled_db_reads_per_s=%s\n' \
    "$(field "$WRK_d" rps)" "$(field "$WRK_e" rps)" "$D_E" "$(ratio "$hits" "$total")" \
    "$(ratio "$db_reads" "$((DURATION + WARMUP))")"
fi

# The lag tool against the running stack; its report goes to stdout and $1 (lag.txt, lag.png, ...).
run_lag() {
  lag_writer="localhost:$WRITER_PORT" lag_invalidator="localhost:$INVALIDATOR_PORT"
  # Named as the services name them (compose), so the tool's ring is theirs; reached at the published ports.
  lag_memcached="memcached-1:11211=localhost:$MEMCACHED_1_PORT,memcached-2:11211=localhost:$MEMCACHED_2_PORT"
  # Every published port is relayed by docker-proxy, a userland copy per packet: at 500 writes/s it cost
  # ~0.2 of the same two cores (390-420 µs of CPU per write), a load no client on the services' own network
  # puts on them. A Linux host reaches the containers' bridge addresses directly; Docker Desktop does not.
  container_ip() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(docker compose ps -q "$1")"; }
  if [[ "$LAG_DIRECT" == auto ]]; then
    if curl -fs -o /dev/null --max-time 2 "http://$(container_ip names-writer):8081/actuator/health" 2>/dev/null; then
      LAG_DIRECT=1
    else
      LAG_DIRECT=0
      note "LAG_DIRECT=auto: the containers' addresses are not reachable from here; the lag tool uses the published ports"
    fi
  fi
  if [[ "$LAG_DIRECT" == 1 ]]; then
    lag_writer="$(container_ip names-writer):8081" lag_invalidator="$(container_ip invalidator):8082"
    lag_memcached="memcached-1:11211=$(container_ip memcached-1):11211,memcached-2:11211=$(container_ip memcached-2):11211"
    note "lag tool on the containers' addresses (LAG_DIRECT=0 for the published ports): writer $lag_writer, invalidator $lag_invalidator, memcached $lag_memcached"
  fi
  # Each service's CPU per write over the measured window, from its container's cgroup counter.
  local service file cpu_of=()
  for service in "${DRAIN_SERVICES[@]}"; do
    file=$(service_cpu_file "$service")
    [[ -z "$file" ]] || cpu_of+=(--cpu-of "$service=$file")
  done
  "$JAVA" -Djava.awt.headless=true -jar "$TOOLS_JAR" lag \
    --ids-file "$OUT/write-ids.txt" "${cpu_of[@]}" \
    --writer-url "http://$lag_writer" \
    --invalidator-url "http://$lag_invalidator" \
    --api-key "$API_KEY" \
    --memcached "$lag_memcached" \
    --rate "$RATE" --duration "${LAG_DURATION}s" --warmup "${LAG_WARMUP}s" --sample-every "$SAMPLE_EVERY" \
    --warmup-max "${LAG_WARMUP_MAX}s" --jit-quiet "${LAG_JIT_QUIET}ms" \
    --out-dir "$1"
}

invalidator_ready() {
  local deadline=$((SECONDS + 180))
  until curl -fs -o /dev/null --max-time 2 "http://localhost:$INVALIDATOR_PORT/actuator/health" 2>/dev/null; do
    ((SECONDS < deadline)) || { note "invalidator did not come back"; exit 1; }
    sleep 2
  done
}

# Where a compose service's container counts its CPU time (cgroup v1 cpuacct or v2 cpu.stat); "" if unknown.
service_cpu_file() {
  local id
  id=$(docker inspect -f '{{.Id}}' "$(docker compose ps -q "$1")" 2>/dev/null) || return 0
  if [[ -r /sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage ]]; then
    echo "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage"
  elif [[ -r /sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat ]]; then
    echo "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat"
  fi
}
# CPU time used so far by the container counting into that file, in ns; "" if unknown.
cpu_ns_of() {
  case $1 in
    */cpuacct.usage) cat "$1" ;;
    */cpu.stat) awk '$1 == "usage_usec" { printf "%.0f\n", $2 * 1000 }' "$1" ;;
  esac
}
invalidator_cpu_ns() { local file; file=$(service_cpu_file invalidator); [[ -z "$file" ]] || cpu_ns_of "$file"; }

# The services a drain runs on; their cgroup files are looked up once (DRAIN_CPU_FILES), before the
# import, so that a snapshot (drain_cpu: "service=ns" words) reads them all at the same moment.
DRAIN_SERVICES=(names-writer postgres kafka invalidator memcached-1 memcached-2 names-api)
drain_cpu_files() { local s; for s in "${DRAIN_SERVICES[@]}"; do printf '%s=%s ' "$s" "$(service_cpu_file "$s")"; done; }
drain_cpu() {
  local entry
  for entry in $DRAIN_CPU_FILES; do printf '%s=%s ' "${entry%%=*}" "$(cpu_ns_of "${entry#*=}")"; done
}
# Microseconds of CPU per event between two drain_cpu snapshots, per service and in total.
cpu_per_event() {
  awk -v before="$1" -v after="$2" -v events="$3" 'BEGIN {
    n = split(before, b, " "); split(after, a, " "); total = 0; line = ""
    for (i = 1; i <= n; i++) {
      split(b[i], kb, "="); split(a[i], ka, "=")
      if (kb[2] == "" || ka[2] == "" || events <= 0) { print "n/a (no cgroup CPU figures)"; exit }
      us = (ka[2] - kb[2]) / 1000 / events; total += us
      line = line sprintf("%s %.1f / ", kb[1], us)
    }
    printf "%stotal %.1f\n", line, total
  }'
}

# One lag run on an invalidator (re)started with the observer on (true) or off (false): the same cold start
# and warm-up policy for both, so the difference is the observer. Sets OBS_P99_<on|off>, OBS_CPU_<..>, OBS_SHED.
observer_run() {
  local enabled=$1 label=$2 cpu_before cpu_after
  note "invalidator restarted with names.invalidator.consistency.enabled=$enabled"
  NAMES_INVALIDATOR_CONSISTENCY_ENABLED=$enabled docker compose up -d --no-deps --force-recreate invalidator >/dev/null 2>&1
  invalidator_ready
  quiesce
  load
  cpu_before=$(invalidator_cpu_ns)
  mkdir -p "$OUT/observer-$label"
  run_lag "$OUT/observer-$label" | tee "$OUT/observer-$label/stdout.txt"
  cpu_after=$(invalidator_cpu_ns)
  printf -v "OBS_P99_$label" '%s' "$(sed -n 's/^RESULT lag .* p99_ms=\([0-9.]*\) .*/\1/p' "$OUT/observer-$label/stdout.txt")"
  if [[ -n "$cpu_before" && -n "$cpu_after" ]]; then
    printf -v "OBS_CPU_$label" '%s' "$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
  else
    printf -v "OBS_CPU_$label" 'n/a'
  fi
  if [[ "$enabled" == true ]]; then
    OBS_SHED=$({ curl -fsS --max-time 5 "http://localhost:$INVALIDATOR_PORT/actuator/prometheus" || true; } |
      awk 'index($0, "names_consistency_shed_total") == 1 { s += $NF } END { printf "%.0f\n", s }')
    OBS_CHECKS=$({ curl -fsS --max-time 5 "http://localhost:$INVALIDATOR_PORT/actuator/prometheus" || true; } |
      awk 'index($0, "names_consistency_checks_total") == 1 { s += $NF } END { printf "%.0f\n", s }')
  fi
}

# ---------------------------------------------------------------------------------------------------------
if wants lag; then
  log "invalidation lag under write load"
  quiesce
  load
  run_lag "$OUT"
fi

# ---------------------------------------------------------------------------------------------------------
if wants observer; then
  log "invalidation lag with the consistency observer on and off"
  observer_run true on
  observer_run false off
  # Back to the compose default (on).
  docker compose up -d --no-deps --force-recreate invalidator >/dev/null 2>&1
  invalidator_ready
  printf '\nobserver on: lag p99 %s ms, invalidator CPU %s s, %s checks, %s shed; off: lag p99 %s ms, invalidator CPU %s s\n' \
    "$OBS_P99_on" "$OBS_CPU_on" "$OBS_CHECKS" "$OBS_SHED" "$OBS_P99_off" "$OBS_CPU_off"
  printf 'RESULT observer lag_p99_on=%s lag_p99_off=%s shed=%s checks=%s invalidator_cpu_s_on=%s invalidator_cpu_s_off=%s\n' \
    "$OBS_P99_on" "$OBS_P99_off" "$OBS_SHED" "$OBS_CHECKS" "$OBS_CPU_on" "$OBS_CPU_off"
fi

# ---------------------------------------------------------------------------------------------------------
run_import() {
  local label=$1 file=$2
  SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$POSTGRES_PORT/names" \
    "$JAVA" -jar "$WRITER_JAR" import "$file" | tee "$OUT/import-$label.txt" | grep -v '^progress:' || true
  grep -q '^import done:' "$OUT/import-$label.txt" || { note "import $label failed"; exit 1; }
}

if wants import; then
  log "bulk import of $ROWS synthetic rows (writer's import command: COPY into staging, then UPDATE changed + INSERT new)"
  load
  file="$OUT/names-$ROWS-seed$SEED.tsv.gz"
  if [[ ! -s "$file" ]]; then
    note "generating $file"
    "$JAVA" -jar "$WRITER_JAR" generate "$ROWS" "$file.tmp.gz" "$SEED" >/dev/null
    mv "$file.tmp.gz" "$file"
  fi
  note "file: $file ($(du -h "$file" | cut -f1)), names before: $(psql_at "SELECT count(*) FROM names")"
  quiesce
  changes_before=$(psql_at "SELECT coalesce(max(id), 0) FROM name_changes")
  applied_before=$(invalidator_applied)
  published_before=$(relay_published)
  DRAIN_CPU_FILES=$(drain_cpu_files)
  run_import first "$file"
  changes_after=$(psql_at "SELECT coalesce(max(id), 0) FROM name_changes")
  note "change events written by the first import: $((changes_after - changes_before))"

  # The relay now publishes those events and the invalidator applies them: wait (bounded) so the re-import
  # does not compete with that for the 2 cores, and report how fast the pipeline drained (seconds since
  # the import finished, polled every 0.5 s: at 100 000 events/s a million drain in ~10 s).
  events=$((changes_after - changes_before))
  start=$EPOCHREALTIME
  cpu_start=$(drain_cpu) ticks_start=$(cpu_ticks)
  relay_done="" invalidator_done=""
  # The invalidator's counters are scraped only once the relay is done (it cannot finish before): a full
  # Prometheus scrape every 0.5 s was ~8 % of the invalidator's CPU during a drain.
  while (($(printf '%.0f' "$(elapsed_since "$start")") < DRAIN_TIMEOUT)); do
    if [[ -z "$relay_done" ]]; then
      (($(relay_published) - published_before < events)) || relay_done=$(elapsed_since "$start")
      [[ -n "$relay_done" ]] || { sleep 0.5; continue; }
    fi
    (($(invalidator_applied) - applied_before < events)) || {
      invalidator_done=$(elapsed_since "$start")
      cpu_end=$(drain_cpu) ticks_end=$(cpu_ticks)
      break
    }
    sleep 0.25
  done
  if [[ -n "$relay_done" ]]; then
    note "relay published all $events change events ~${relay_done}s after the import ($(ratio "$events" "$relay_done") events/s)"
  else
    note "relay still had $(pending_changes) change events pending after ${DRAIN_TIMEOUT}s"
  fi
  if [[ -n "$invalidator_done" ]]; then
    note "invalidator applied them ~${invalidator_done}s after the import ($(ratio "$events" "$invalidator_done") events/s)"
    note "CPU per event over the drain, µs: $(cpu_per_event "$cpu_start" "$cpu_end" "$events");" \
      "CPU busy during it: $(busy_between "$ticks_start" "$ticks_end")% of $(nproc) cores"
  else
    note "invalidator had applied $(($(invalidator_applied) - applied_before)) of $events events after ${DRAIN_TIMEOUT}s"
  fi
  quiesce

  log "re-import of the same file (nothing changed: expect no updates and no change events)"
  load
  changes_before=$(psql_at "SELECT coalesce(max(id), 0) FROM name_changes")
  run_import again "$file"
  changes_after=$(psql_at "SELECT coalesce(max(id), 0) FROM name_changes")
  note "change events written by the re-import: $((changes_after - changes_before))"
  IMPORT_RATE=$(sed -n 's/^import done:.* rate=\([0-9.]*\) rows\/s.*/\1/p' "$OUT/import-first.txt")
  REIMPORT_RATE=$(sed -n 's/^import done:.* rate=\([0-9.]*\) rows\/s.*/\1/p' "$OUT/import-again.txt")
  printf '\nimport %s rows: %s rows/s (goal >= 100000: %s); re-import (no changes): %s rows/s\n' \
    "$ROWS" "$IMPORT_RATE" "$(verdict "${IMPORT_RATE:-0}" 100000)" "$REIMPORT_RATE"
fi

log "done"
load
note "outputs in $OUT/ (bench.txt is this whole output; lag.png the chart). Stop the stack: ./dev stop --volumes"
