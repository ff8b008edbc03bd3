#!/usr/bin/env bash
# One sockudo-kv build with two sets of server options, and redis-server, side by side; reports the
# client's CPU too.
#
#   ARGS_A="--event-loop-spin-us 0" ARGS_B="" bench/options-ab.sh -t get -P 1
#
# Starts redis-server and two sockudo-kv servers (the first with ARGS_A, the second with ARGS_B;
# JAVA_A / JAVA_B as their SOCKUDO_KV_JAVA_OPTS), warms each up in WARM_PASSES runs, then runs
#     redis-benchmark -c CLIENTS -n N <the script's arguments>
# REPS times against each, the three alternating. Per run it prints requests/s, the server's CPU
# µs per request (/proc/<pid>/stat) and redis-benchmark's own CPU µs per request (user + system,
# from /usr/bin/time): at -P 1 on a small machine the client is often the saturated side, and
# what a server makes the client pay (wake-ups, context switches) decides the throughput. Then the
# medians. SETUP, if set, is evaluated once per server with $p set to its port (e.g. to start a
# subscriber: SETUP='redis-cli -p $p SUBSCRIBE ch >/dev/null &'; such processes are killed at exit).
# REDIS_ARGS are passed to redis-server (e.g. "--appendonly yes" beside the same for A and B).
# Settings: N (default 200000), REPS (default 3), CLIENTS (default 50), SOCKUDO_KV_DIST.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N="${N:-200000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
[ $# -gt 0 ] || { echo "usage: ARGS_A=... ARGS_B=... $0 <redis-benchmark arguments>" >&2; exit 2; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

print_machine
# shellcheck disable=SC2086
RP="$(free_port)"; start_redis "$RP" ${REDIS_ARGS:-}; RPID=$REDIS_PID
# shellcheck disable=SC2086
AP="$(free_port)"; SOCKUDO_KV_JAVA_OPTS="${JAVA_A:-}" start_kv "$AP" ${ARGS_A:-}; APID=$KV_PID
# shellcheck disable=SC2086
BP="$(free_port)"; SOCKUDO_KV_JAVA_OPTS="${JAVA_B:-}" start_kv "$BP" ${ARGS_B:-}; BPID=$KV_PID
SETUP_PIDS=()
trap 'for q in "${SETUP_PIDS[@]}"; do pkill -P "$q" 2>/dev/null || true; kill "$q" 2>/dev/null || true; done; cleanup' EXIT
if [ -n "${SETUP:-}" ]; then
  for p in "$RP" "$AP" "$BP"; do (eval "$SETUP"; wait) & SETUP_PIDS+=($!); done
  sleep 1
fi
echo "== A: ${ARGS_A:-<defaults>} ${JAVA_A:-}; B: ${ARGS_B:-<defaults>} ${JAVA_B:-}"
echo "== redis-benchmark -c $CLIENTS -n $N $*"

run() { # name port pid -> appends "rps server_us client_us" to $WORK/<name>
  local c0 c1 out
  c0=$(cpu_ticks "$3")
  /usr/bin/time -f "%U %S" -o "$WORK/time" redis-benchmark -p "$2" -q -c "$CLIENTS" -n "$N" "${@:4}" >"$WORK/out" 2>&1
  c1=$(cpu_ticks "$3")
  out=$(tr '\r' '\n' <"$WORK/out" | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' | tail -1)
  read -r cu cs <"$WORK/time"
  awk -v n="$1" -v r="$out" -v t=$((c1 - c0)) -v cu="$cu" -v cs="$cs" -v N="$N" 'BEGIN {
    printf "   %-6s %12.2f req/s  server %6.2f us/req  client %6.2f us/req\n", n, r, t * 10000 / N, (cu + cs) * 1e6 / N }'
  echo "$out $(awk -v t=$((c1 - c0)) -v N="$N" 'BEGIN { print t * 10000 / N }') $(awk -v cu="$cu" -v cs="$cs" -v N="$N" 'BEGIN { print (cu + cs) * 1e6 / N }')" >>"$WORK/$1"
}
for s in redis:$RP:$RPID A:$AP:$APID B:$BP:$BPID; do IFS=: read -r n p pid <<<"$s"
  warm_passes "$N" redis-benchmark -p "$p" -q -c "$CLIENTS" -n @N "$@"
  : >"$WORK/$n"
done
for r in $(seq 1 "$REPS"); do
  order="redis:$RP:$RPID A:$AP:$APID B:$BP:$BPID"
  [ $((r % 2)) -eq 0 ] && order="B:$BP:$BPID A:$AP:$APID redis:$RP:$RPID"
  for s in $order; do IFS=: read -r n p pid <<<"$s"; run "$n" "$p" "$pid" "$@"; done
done
echo "== medians of $REPS"
for n in redis A B; do
  printf "   %-6s %12s req/s  server %6s us/req  client %6s us/req\n" "$n" \
    "$(cut -d' ' -f1 "$WORK/$n" | median)" "$(cut -d' ' -f2 "$WORK/$n" | median)" "$(cut -d' ' -f3 "$WORK/$n" | median)"
done
