#!/usr/bin/env bash
# DUMP and RESTORE on sockudo-kv against redis-server 7.0, same values on both.
#
#   bench/dump-restore.sh          (builds the distribution first if it is missing)
#
# Values (built by the same commands on both servers): a 100-byte string, a 10 KB compressible
# string (LZF), a 1000-element list (quicklist of listpacks), a 1000-field hash (hashtable), a
# 100-field hash (listpack), a 1000-member sorted set (skiplist), a 1000-member set of strings, a
# 1000-entry stream.
# 1. DUMP: redis-benchmark -c $CLIENTS -n N -P 16 DUMP <key>, REPS times alternating which server
#    goes first; median requests/s and server CPU µs per request, ratio sockudo-kv / redis-server.
# 2. RESTORE ... REPLACE of each server's own payload, from one pipelined client (bench/restore.py,
#    PIPELINE commands per round trip): requests/s and server CPU µs per request.
#
# Settings (environment): N (DUMP requests per run, default 200000), RN (RESTOREs per value,
# default 20000), REPS (default 3), CLIENTS (default 50), VALUES (the keys to measure, default all),
# SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N="${N:-200000}"
RN="${RN:-20000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"

populate() { # port
  local p="$1"
  redis-cli -p "$p" FLUSHALL >/dev/null
  redis-cli -p "$p" SET d:string "$(printf 'v%.0s' $(seq 1 100))" >/dev/null
  redis-cli -p "$p" SET d:lzf "$(for i in $(seq 1 1000); do printf 'compress%02d' $((i % 7)); done)" >/dev/null
  awk 'BEGIN { printf "RPUSH d:list"; for (i = 0; i < 1000; i++) printf " element-%d", i; print "" }' | redis-cli -p "$p" >/dev/null
  awk 'BEGIN { printf "HSET d:hash"; for (i = 0; i < 1000; i++) printf " field-%d value-%d", i, i; print "" }' | redis-cli -p "$p" >/dev/null
  awk 'BEGIN { printf "HSET d:hashlp"; for (i = 0; i < 100; i++) printf " f%d %d", i, i * 7; print "" }' | redis-cli -p "$p" >/dev/null
  awk 'BEGIN { printf "ZADD d:zset"; for (i = 0; i < 1000; i++) printf " %d.5 member-%d", i, i; print "" }' | redis-cli -p "$p" >/dev/null
  awk 'BEGIN { printf "SADD d:set"; for (i = 0; i < 1000; i++) printf " member-%d", i; print "" }' | redis-cli -p "$p" >/dev/null
  awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "XADD d:stream %d-1 sensor s-%d temp %d\n", i, i % 10, i % 40 }' | redis-cli -p "$p" >/dev/null
}
populate "$RPORT"
populate "$KPORT"

KEYS="${VALUES:-d:string d:lzf d:list d:hash d:hashlp d:zset d:set d:stream}"
for k in $KEYS; do # identical payloads where the layout is determined by the contents
  a="$(redis-cli -p "$RPORT" --no-raw DUMP "$k" | md5sum | cut -c1-8)"
  b="$(redis-cli -p "$KPORT" --no-raw DUMP "$k" | md5sum | cut -c1-8)"
  echo "== payload $k: redis $a, sockudo-kv $b$([ "$a" = "$b" ] && echo ' (identical)')"
done

# warm-up (JIT)
for k in $KEYS; do bench_cmd "$KPORT" "$KV_PID" 16 50000 DUMP "$k" >/dev/null; done

declare -A RPS CPU
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="redis kv"; else order="kv redis"; fi
  for who in $order; do
    for k in $KEYS; do
      if [ "$who" = redis ]; then
        read -r rps cpu <<<"$(bench_cmd "$RPORT" "$REDIS_PID" 16 "$N" DUMP "$k")"
      else
        read -r rps cpu <<<"$(bench_cmd "$KPORT" "$KV_PID" 16 "$N" DUMP "$k")"
      fi
      RPS[$who|$k]+="$rps "
      CPU[$who|$k]+="$cpu "
    done
  done
done

echo
echo "== DUMP (median of $REPS; -c $CLIENTS -P 16 -n $N)"
printf '%-10s %14s %14s %8s %12s %12s %8s\n' key "sockudo req/s" "redis req/s" ratio "kv µs/req" "redis µs/req" "cpu"
for k in $KEYS; do
  kr="$(echo "${RPS[kv|$k]}" | median)"; rr="$(echo "${RPS[redis|$k]}" | median)"
  kc="$(echo "${CPU[kv|$k]}" | median)"; rc="$(echo "${CPU[redis|$k]}" | median)"
  printf '%-10s %14s %14s %8s %12s %12s %8s\n' "$k" "$kr" "$rr" "$(ratio "$kr" "$rr")" "$kc" "$rc" "$(ratio "$kc" "$rc")"
done

echo
echo "== RESTORE REPLACE of each server's own payload (one client, pipelined; median of $REPS)"
printf '%-10s %14s %14s %8s %12s %12s %8s\n' key "sockudo req/s" "redis req/s" ratio "kv µs/req" "redis µs/req" "cpu"
for k in $KEYS; do
  kr=""; rr=""; kc=""; rc=""
  for rep in $(seq 1 "$REPS"); do
    for who in redis kv; do
      if [ "$who" = redis ]; then port=$RPORT; pid=$REDIS_PID; else port=$KPORT; pid=$KV_PID; fi
      before="$(cpu_ticks "$pid")"
      rps="$(python3 "$ROOT/bench/restore.py" "$port" "$k" "$RN")"
      after="$(cpu_ticks "$pid")"
      cpu="$(awk -v t="$((after - before))" -v hz="$TICKS" -v n="$RN" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
      if [ "$who" = redis ]; then rr+="$rps "; rc+="$cpu "; else kr+="$rps "; kc+="$cpu "; fi
    done
  done
  kr="$(echo "$kr" | median)"; rr="$(echo "$rr" | median)"; kc="$(echo "$kc" | median)"; rc="$(echo "$rc" | median)"
  printf '%-10s %14s %14s %8s %12s %12s %8s\n' "$k" "$kr" "$rr" "$(ratio "$kr" "$rr")" "$kc" "$rc" "$(ratio "$kc" "$rc")"
done
