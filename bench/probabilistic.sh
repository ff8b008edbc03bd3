#!/usr/bin/env bash
# The probabilistic family (BF/CF/CMS/TOPK/TDIGEST) on sockudo-kv, against redis-server's plain
# set operations in the same run.
#
#   bench/probabilistic.sh          (builds the distribution first if it is missing)
#
# 1. Throughput: redis-benchmark -c $CLIENTS -n N -P <1|16> -r 1000000 drives, REPS times
#    alternating which server goes first:
#      redis-server:  SADD bench:set __rand_int__        and  SISMEMBER bench:set __rand_int__
#      sockudo-kv:    BF.ADD, BF.EXISTS, CF.ADD, CMS.INCRBY (by 1), TOPK.ADD, TDIGEST.ADD
#                     with __rand_int__ items on sketches reserved up front
#    and prints each sketch command's median requests/s as a ratio to SADD (writes) or SISMEMBER
#    (BF.EXISTS): the cost of a sketch over a plain set operation on this machine.
# 2. Memory per item of a Bloom filter at 1 % error: ITEMS distinct items loaded with BF.MADD
#    into a NONSCALING filter reserved for ITEMS (the plain filter) and into a scaling one (whose
#    first filter RedisBloom reserves at half the error); BF.INFO Size and MEMORY USAGE in bits per
#    item, next to the theoretical -ln(0.01)/ln(2)^2 = 9.585 bits.
#
# Settings (environment): N1 (requests per run at -P 1, default 100000), N16 (at -P 16, default
# 500000), REPS (default 3), CLIENTS (default 50), ITEMS (default 1000000), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-100000}"
N16="${N16:-500000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
ITEMS="${ITEMS:-1000000}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"

setup_kv() {
  redis-cli -p "$KPORT" DEL bench:bf bench:cf bench:cms bench:topk bench:td >/dev/null
  redis-cli -p "$KPORT" BF.RESERVE bench:bf 0.01 10000000 >/dev/null
  redis-cli -p "$KPORT" CF.RESERVE bench:cf 4000000 >/dev/null
  redis-cli -p "$KPORT" CMS.INITBYPROB bench:cms 0.001 0.01 >/dev/null
  redis-cli -p "$KPORT" TOPK.RESERVE bench:topk 50 2000 7 0.925 >/dev/null
  redis-cli -p "$KPORT" TDIGEST.CREATE bench:td >/dev/null
}
setup_kv

declare -A KV_CMD=([bf.add]="BF.ADD bench:bf __rand_int__" [bf.exists]="BF.EXISTS bench:bf __rand_int__"
  [cf.add]="CF.ADD bench:cf __rand_int__" [cms.incrby]="CMS.INCRBY bench:cms __rand_int__ 1"
  [topk.add]="TOPK.ADD bench:topk __rand_int__" [tdigest.add]="TDIGEST.ADD bench:td __rand_int__")
declare -A REDIS_CMD=([sadd]="SADD bench:set __rand_int__" [sismember]="SISMEMBER bench:set __rand_int__")
KV_TESTS="bf.add bf.exists cf.add cms.incrby topk.add tdigest.add"

# warm-up (JIT) and a populated set for SISMEMBER
for t in $KV_TESTS; do read -ra c <<<"${KV_CMD[$t]}"; bench_cmd "$KPORT" "$KV_PID" 16 100000 -r 1000000 "${c[@]}" >/dev/null; done
for t in sadd sismember; do read -ra c <<<"${REDIS_CMD[$t]}"; bench_cmd "$RPORT" "$REDIS_PID" 16 100000 -r 1000000 "${c[@]}" >/dev/null; done

declare -A RPS
for rep in $(seq 1 "$REPS"); do
  for P in 1 16; do
    n=$N1; [ "$P" = 16 ] && n=$N16
    if [ $((rep % 2)) -eq 1 ]; then order="redis kv"; else order="kv redis"; fi
    for who in $order; do
      if [ "$who" = redis ]; then
        for t in sadd sismember; do
          read -ra c <<<"${REDIS_CMD[$t]}"
          read -r rps _ <<<"$(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$n" -r 1000000 "${c[@]}")"
          RPS[$t|$P]+="$rps "
        done
      else
        setup_kv
        for t in $KV_TESTS; do
          read -ra c <<<"${KV_CMD[$t]}"
          read -r rps _ <<<"$(bench_cmd "$KPORT" "$KV_PID" "$P" "$n" -r 1000000 "${c[@]}")"
          RPS[$t|$P]+="$rps "
        done
      fi
    done
  done
done

echo
echo "== throughput (median of $REPS; -c $CLIENTS, -r 1000000): sketch command on sockudo-kv / plain set command on redis-server"
printf '%-12s %-4s %14s %-10s %14s %8s\n' command P "sockudo req/s" baseline "redis req/s" ratio
for P in 1 16; do
  for t in $KV_TESTS; do
    base=sadd; [ "$t" = bf.exists ] && base=sismember
    k="$(echo "${RPS[$t|$P]}" | median)"
    r="$(echo "${RPS[$base|$P]}" | median)"
    printf '%-12s %-4s %14s %-10s %14s %8s\n' "$t" "$P" "$k" "$base" "$r" "$(ratio "$k" "$r")"
  done
done

# ---------------------------------------------------------------- memory per item
echo
echo "== Bloom filter memory per item at 1 % error ($ITEMS items; theoretical -ln(0.01)/ln(2)^2 = 9.585 bits)"
load_bf() { # key
  awk -v n="$ITEMS" -v k="$1" 'BEGIN { for (i = 0; i < n; i += 1000) { printf "*1002\r\n$7\r\nBF.MADD\r\n$%d\r\n%s\r\n", length(k), k;
    for (j = i; j < i + 1000; j++) { s = "item:" j; printf "$%d\r\n%s\r\n", length(s), s } } }' |
    redis-cli -p "$KPORT" --pipe >/dev/null
}
redis-cli -p "$KPORT" DEL mem:plain mem:scaling >/dev/null
redis-cli -p "$KPORT" BF.RESERVE mem:plain 0.01 "$ITEMS" NONSCALING >/dev/null
redis-cli -p "$KPORT" BF.RESERVE mem:scaling 0.01 "$ITEMS" >/dev/null
load_bf mem:plain
load_bf mem:scaling
for key in mem:plain mem:scaling; do
  size="$(redis-cli -p "$KPORT" BF.INFO "$key" SIZE | tail -n1)"
  usage="$(redis-cli -p "$KPORT" MEMORY USAGE "$key")"
  items="$(redis-cli -p "$KPORT" BF.CARD "$key")"
  awk -v k="$key" -v s="$size" -v u="$usage" -v n="$ITEMS" -v c="$items" 'BEGIN {
    printf "%-12s BF.INFO Size %d B = %.3f bits/item; MEMORY USAGE %d B = %.3f bits/item; BF.CARD %d of %d\n", k, s, s * 8 / n, u, u * 8 / n, c, n }'
done
