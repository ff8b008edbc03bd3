#!/usr/bin/env bash
# Large values and careless clients: sockudo-kv vs redis-server, side by side on this machine.
#
#   bench/large.sh            (builds the distribution first if it is missing)
#
# 1. Throughput of large values: redis-benchmark GET and SET with -d 100 KB and 1 MB values, and
#    LRANGE_600, at -P 1 and -P 16, REPS times (median), as ratios sockudo-kv/redis.
# 2. The scenarios of issue 8 (bench/large_payloads.py against each server in turn): N pipelined
#    GETs of a 100 KB value (1,000 and 3,000: time should grow linearly), a second client's worst
#    PING meanwhile, a 512 MB SET, SRANDMEMBER with counts of -16M/-32M/-64M, and a client that
#    pipelines GETs and never reads under client-output-buffer-limit "normal 10mb 5mb 10".
#
# Settings (environment): REPS (default 3), CLIENTS (default 50), SKIP_THROUGHPUT=1,
# SKIP_SCENARIOS=1, SOCKUDO_KV_DIST. Every server it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"
echo "== $(grep -o 'listening on port.*' "$WORK/sockudo-kv.log" | head -n1)"

if [ -z "${SKIP_THROUGHPUT:-}" ]; then
  # label | requests at -P 1 | requests at -P 16 | redis-benchmark arguments
  CASES=(
    "get_100k|10000|40000|-t get -d 102400"
    "set_100k|10000|40000|-t set -d 102400"
    "get_1m|1000|4000|-t get -d 1048576"
    "set_1m|1000|4000|-t set -d 1048576"
    "lrange_600|20000|100000|-t lrange_600"
  )
  echo "== warm-up"
  for c in "${CASES[@]}"; do
    IFS='|' read -r label n1 n16 args <<<"$c"
    # shellcheck disable=SC2086
    for port_pid in "$KPORT $KV_PID" "$RPORT $REDIS_PID"; do
      read -r port pid <<<"$port_pid"
      bench_cmd "$port" "$pid" 16 "$n16" $args >/dev/null
    done
  done
  declare -A RPS
  for rep in $(seq 1 "$REPS"); do
    for c in "${CASES[@]}"; do
      IFS='|' read -r label n1 n16 args <<<"$c"
      for P in 1 16; do
        n="$n1"; [ "$P" = 16 ] && n="$n16"
        # shellcheck disable=SC2086
        read -r r _ < <(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$n" $args)
        # shellcheck disable=SC2086
        read -r k _ < <(bench_cmd "$KPORT" "$KV_PID" "$P" "$n" $args)
        RPS["redis|$label|$P"]+="$r "
        RPS["kv|$label|$P"]+="$k "
        printf '   rep %d %-10s -P %-2s redis %10s  sockudo-kv %10s req/s\n' "$rep" "$label" "$P" "$r" "$k"
      done
    done
  done
  echo
  echo "== large values (median of $REPS; redis-benchmark -c $CLIENTS)"
  printf '%-10s %-4s %14s %14s %8s\n' test P "redis req/s" "sockudo req/s" ratio
  for c in "${CASES[@]}"; do
    IFS='|' read -r label _ _ _ <<<"$c"
    for P in 1 16; do
      r="$(echo "${RPS[redis|$label|$P]}" | median)"
      k="$(echo "${RPS[kv|$label|$P]}" | median)"
      printf '%-10s %-4s %14s %14s %8s\n' "$label" "$P" "$r" "$k" "$(ratio "$k" "$r")"
    done
  done
fi

if [ -z "${SKIP_SCENARIOS:-}" ]; then
  echo
  echo "== scenarios (bench/large_payloads.py), redis-server first"
  python3 "$ROOT/bench/large_payloads.py" "$RPORT" >"$WORK/redis.scen"
  redis-cli -p "$RPORT" FLUSHALL >/dev/null
  python3 "$ROOT/bench/large_payloads.py" "$KPORT" >"$WORK/kv.scen"
  printf '%-28s %12s %12s\n' figure redis sockudo-kv
  while read -r name value; do
    printf '%-28s %12s %12s\n' "$name" "$value" "$(awk -v n="$name" '$1 == n { print $2 }' "$WORK/kv.scen")"
  done <"$WORK/redis.scen"
  echo "   (RSS after the scenarios: redis $(rss_kb "$REDIS_PID") kB, sockudo-kv $(rss_kb "$KV_PID") kB)"
fi
