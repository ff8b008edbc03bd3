#!/usr/bin/env bash
# PUBLISH throughput with 1 and with 50 subscribers: sockudo-kv vs redis-server, side by side.
#
#   bench/pubsub.sh            (builds the distribution first if it is missing)
#
# For each subscriber count, SUBSCRIBERS redis-cli processes subscribe to bench:ch on each server
# (their output is discarded, so they read as fast as they can), then redis-benchmark sends
# PUBLISH bench:ch <16 bytes> at -P 1 and -P 16, REPS times (which server goes first alternates);
# prints the medians and the ratio.
# Settings (environment): REPS (default 3), CLIENTS (default 50), N1 (default 300000),
# N16 (default 2000000: shorter -P 16 runs are dominated by connection set-up and the CPU tick),
# COUNTS (default "1 50"), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
N1="${N1:-300000}"
N16="${N16:-2000000}"
COUNTS="${COUNTS:-1 50}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"

subscribe() { # port count
  for _ in $(seq 1 "$2"); do
    redis-cli -p "$1" SUBSCRIBE bench:ch >/dev/null 2>&1 &
    PIDS+=("$!")
  done
}

wait_subscribers() { # port count
  for _ in $(seq 1 200); do
    n="$(redis-cli -p "$1" PUBSUB NUMSUB bench:ch | tail -n1)"
    [ "$n" = "$2" ] && return 0
    sleep 0.05
  done
  echo "bench: only $n of $2 subscribers on port $1" >&2
  exit 1
}

declare -A RPS CPU
# One measured PUBLISH run against each server (P and n from the loop below): r rc / k kc.
publish_redis() { read -r r rc < <(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$n" PUBLISH bench:ch 0123456789abcdef); }
publish_kv() { read -r k kc < <(bench_cmd "$KPORT" "$KV_PID" "$P" "$n" PUBLISH bench:ch 0123456789abcdef); }

for subs in $COUNTS; do
  subscribe "$RPORT" "$subs"
  subscribe "$KPORT" "$subs"
  wait_subscribers "$RPORT" "$subs"
  wait_subscribers "$KPORT" "$subs"
  for P in 1 16; do # warm-up
    warm_passes 200000 bench_cmd "$KPORT" "$KV_PID" "$P" @N PUBLISH bench:ch 0123456789abcdef
    warm_passes 200000 bench_cmd "$RPORT" "$REDIS_PID" "$P" @N PUBLISH bench:ch 0123456789abcdef
  done
  for rep in $(seq 1 "$REPS"); do
    for P in 1 16; do
      n="$N1"; [ "$P" = 16 ] && n="$N16"
      # which server goes first alternates between repetitions, as in run.sh
      if [ $((rep % 2)) -eq 1 ]; then
        publish_redis; publish_kv
      else
        publish_kv; publish_redis
      fi
      RPS["redis|$subs|$P"]+="$r "
      RPS["kv|$subs|$P"]+="$k "
      CPU["redis|$subs|$P"]+="$rc "
      CPU["kv|$subs|$P"]+="$kc "
      printf '   rep %d  %2d subscribers -P %-2s redis %12s  sockudo-kv %12s req/s\n' "$rep" "$subs" "$P" "$r" "$k"
    done
  done
  pkill -f "redis-cli -p $RPORT SUBSCRIBE" || true
  pkill -f "redis-cli -p $KPORT SUBSCRIBE" || true
  sleep 0.5
done

echo
echo "== PUBLISH (median of $REPS; redis-benchmark -c $CLIENTS; n=$N1 at -P 1, n=$N16 at -P 16)"
printf '%-12s %-4s %14s %14s %8s %13s %15s %10s\n' subscribers P "redis req/s" "sockudo req/s" ratio "redis CPU us" "sockudo CPU us" "CPU ratio"
for subs in $COUNTS; do
  for P in 1 16; do
    r="$(echo "${RPS[redis|$subs|$P]}" | median)"
    k="$(echo "${RPS[kv|$subs|$P]}" | median)"
    rc="$(echo "${CPU[redis|$subs|$P]}" | median)"
    kc="$(echo "${CPU[kv|$subs|$P]}" | median)"
    printf '%-12s %-4s %14s %14s %8s %13s %15s %10s\n' "$subs" "$P" "$r" "$k" "$(ratio "$k" "$r")" "$rc" "$kc" "$(ratio "$kc" "$rc")"
  done
done
