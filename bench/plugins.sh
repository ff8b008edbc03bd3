#!/usr/bin/env bash
# The plugin path's cost, on this machine.
#
#   bench/plugins.sh        (needs the distribution and the counter plugin: mvn -q -DskipTests package)
#
# 1. A plugin command against a built-in one doing the same work: CNT.INCR (the counter plugin,
#    loaded with --loadmodule: PF4J class loader, guarded handler, reply checked) vs INCR (core
#    family) on sockudo-kv, and INCR on redis-server for reference, with
#        redis-benchmark -c 50 -n N -P <1|16> -q <command> bench:<key>
#    REPS times each, alternating; prints the medians and the ratio CNT.INCR / INCR.
# 2. The stall of other clients while a plugin is loaded, reloaded and unloaded: redis-benchmark
#    PING (-c 50, -P 1) with its latency percentiles, once on a quiet server and once while another
#    client loops MODULE LOAD / MODULE RELOAD / MODULE UNLOAD of the counter plugin (with 10 000
#    keys of its type, which RELOAD moves through the codec); prints p50/p99/max of both.
#
# Settings: N1 (default 200000), N16 (default 1000000), REPS (default 3), CLIENTS (default 50),
# PINGS (default 300000), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-200000}"
N16="${N16:-1000000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
PINGS="${PINGS:-300000}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

JAR="$(ls "$DIST"/plugins/kv-plugin-counter-*.jar 2>/dev/null | head -n1 || true)"
if [ ! -x "$DIST/bin/sockudo-kv" ] || [ -z "$JAR" ]; then
  echo "bench: build first: mvn -q -DskipTests package" >&2
  exit 1
fi
print_machine

KV_PORT="$(free_port)"
start_kv "$KV_PORT" --loadmodule "$JAR" --enable-module-command yes
R_PORT="$(free_port)"
start_redis "$R_PORT"

if [ "${SKIP_RATIO:-}" != 1 ]; then
echo "== plugin command vs built-in (requests/s, median of $REPS; server CPU µs/request)"
for P in 1 16; do
  N=$([ "$P" = 1 ] && echo "$N1" || echo "$N16")
  plugin=() builtin=() redis=() pcpu=() bcpu=()
  for _ in $(seq 1 "$REPS"); do
    read -r r c < <(bench_cmd "$KV_PORT" "$KV_PID" "$P" "$N" CNT.INCR bench:cnt); plugin+=("$r"); pcpu+=("$c")
    read -r r c < <(bench_cmd "$KV_PORT" "$KV_PID" "$P" "$N" INCR bench:int); builtin+=("$r"); bcpu+=("$c")
    read -r r _ < <(bench_cmd "$R_PORT" "$REDIS_PID" "$P" "$N" INCR bench:int); redis+=("$r")
  done
  mp="$(echo "${plugin[*]}" | median)"; mb="$(echo "${builtin[*]}" | median)"; mr="$(echo "${redis[*]}" | median)"
  printf -- "-P %-2s CNT.INCR %10s (%s µs)  INCR %10s (%s µs)  plugin/built-in %s   redis INCR %10s  CNT.INCR/redis %s\n" \
    "$P" "$mp" "$(echo "${pcpu[*]}" | median)" "$mb" "$(echo "${bcpu[*]}" | median)" "$(ratio "$mp" "$mb")" \
    "$mr" "$(ratio "$mp" "$mr")"
done

fi

# PING latency percentiles (ms) from redis-benchmark's CSV: p50 p99 max
ping_latency() { # port
  redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$PINGS" -P 1 -t ping_mbulk --csv 2>/dev/null \
    | tr -d '"' | awk -F, 'NR == 2 { print $5, $7, $8 }'
}

echo "== PING of $CLIENTS other clients (ms: p50 p99 max)"
redis-cli -p "$KV_PORT" MODULE UNLOAD counter >/dev/null
redis-cli -p "$KV_PORT" MODULE LOAD "$JAR" >/dev/null
for i in $(seq 1 10000); do echo "CNT.INCR keep:$i"; done | redis-cli -p "$KV_PORT" >/dev/null
printf "quiet server:                       %s\n" "$(ping_latency "$KV_PORT")"
# RELOAD moves the 10 000 counters through the codec each time
( while true; do redis-cli -p "$KV_PORT" MODULE RELOAD counter "$JAR" >/dev/null; done ) &
LOOP=$!
PIDS+=("$LOOP")
printf "during MODULE RELOAD (10k keys) loop: %s\n" "$(ping_latency "$KV_PORT")"
kill "$LOOP" 2>/dev/null || true; wait "$LOOP" 2>/dev/null || true
RELOADS="$(grep -c 'MODULE RELOAD: plugin' "$WORK/sockudo-kv.log" || true)"
echo "  (reloads done meanwhile: $RELOADS)"
redis-cli -p "$KV_PORT" FLUSHALL >/dev/null
( while true; do redis-cli -p "$KV_PORT" MODULE UNLOAD counter >/dev/null; redis-cli -p "$KV_PORT" MODULE LOAD "$JAR" >/dev/null; done ) &
LOOP=$!
PIDS+=("$LOOP")
printf "during MODULE LOAD/UNLOAD loop:       %s\n" "$(ping_latency "$KV_PORT")"
kill "$LOOP" 2>/dev/null || true; wait "$LOOP" 2>/dev/null || true
echo "  (loads done meanwhile: $(grep -c 'plugin kv-plugin-counter .* loaded from' "$WORK/sockudo-kv.log" || true))"
