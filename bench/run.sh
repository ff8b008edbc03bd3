#!/usr/bin/env bash
# sockudo-kv vs redis-server, side by side on this machine.
#
#   bench/run.sh            (builds the distribution first if it is missing)
#
# 1. Throughput: starts redis-server and sockudo-kv (distribution/target/sockudo-kv) on free
#    loopback ports and drives each with
#        redis-benchmark -t <test> -c 50 -n N -P <1|16> -q
#    (or, for xadd, xread and xreadgroup, the command line in CUSTOM)
#    for every test of TESTS, REPS times, alternating which server goes first. Prints the median
#    requests/s of each, the ratio sockudo-kv/redis, and each server's CPU time per request
#    (from /proc/<pid>/stat; on a 2-core machine redis-benchmark itself takes about one core, so
#    throughput ratios are capped near parity and CPU per request separates the servers better).
#    Tests whose command sockudo-kv does not implement yet are reported as n/a (redis-benchmark
#    aborts on an error reply).
# 2. Memory per element: fresh servers per case, loaded with redis-cli --pipe: KEYS string keys
#    "key:%07d" with 10-byte values; one hash, set, sorted set and stream of KEYS elements each.
#    Compares INFO used_memory growth and RSS growth (/proc/<pid>/status VmRSS); one list of KEYS
#    elements too.
#    For sockudo-kv it also reports the live Java heap after a full GC (jcmd), the JVM's
#    counterpart of used_memory, and RSS after that GC (the G1 heap shrinks back).
#
# Settings (environment): N1 (requests per run at -P 1, default 200000), N16 (at -P 16, default
# 1000000), REPS (default 5), CLIENTS (default 50), TESTS (default: set get incr mset
# lpush rpush lpop rpop sadd hset spop zadd zpopmin lrange_100 lrange_600 xadd xread xreadgroup;
# empty skips),
# KEYS (elements per memory case, default 1000000), MEMORY_CASES (default "strings hash set zset
# stream list"; empty skips), SOCKUDO_KV_DIST (default distribution/target/sockudo-kv),
# SOCKUDO_KV_JAVA_OPTS (passed to the launcher), DATA_SIZE (redis-benchmark -d: value size in bytes
# for set/get/lpush..., default redis-benchmark's 3), WARM1 / WARM16 (warm-up requests per test at
# -P 1 / -P 16, default 100000 / 1000000; lower them for large DATA_SIZE). Runs in a few minutes on 2 cores; every server
# it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-200000}"
N16="${N16:-1000000}"
REPS="${REPS:-5}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS-set get incr mset lpush rpush lpop rpop sadd hset spop zadd zpopmin lrange_100 lrange_600 xadd xread xreadgroup}"
KEYS="${KEYS:-1000000}"
DATA_SIZE="${DATA_SIZE:-}"
WARM1="${WARM1:-100000}"
WARM16="${WARM16:-1000000}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# Tests that are not redis-benchmark -t names: the command line redis-benchmark sends instead.
# Streams: XADD appends; XREAD reads 10 entries from the start; XREADGROUP reads the consumer's
# 10 pending entries (history form, so repeated runs see the same state; setup_streams prepares it).
declare -A CUSTOM=([xadd]="XADD bench:stream * field value"
  [xread]="XREAD COUNT 10 STREAMS bench:stream 0"
  [xreadgroup]="XREADGROUP GROUP bench:group c1 COUNT 10 STREAMS bench:stream 0")

# Stream state the xread/xreadgroup tests read (idempotent).
setup_streams() { # port
  redis-cli -p "$1" DEL bench:stream >/dev/null
  for i in $(seq 1 20); do redis-cli -p "$1" XADD bench:stream "$i-1" field "value$i" >/dev/null; done
  redis-cli -p "$1" XGROUP CREATE bench:stream bench:group 0 >/dev/null
  redis-cli -p "$1" XREADGROUP GROUP bench:group c1 COUNT 10 STREAMS bench:stream ">" >/dev/null
}

# One redis-benchmark run of a test of TESTS: prints "<requests/s> <server CPU µs per request>".
bench_one() { # port pid test pipeline n
  local -a cmd=(-t "$3")
  if [ -n "${CUSTOM[$3]:-}" ]; then
    read -ra cmd <<<"${CUSTOM[$3]}"
  fi
  if [ -n "$DATA_SIZE" ]; then
    cmd+=(-d "$DATA_SIZE")
  fi
  bench_cmd "$1" "$2" "$4" "$5" "${cmd[@]}"
}

print_machine

# ---------------------------------------------------------------- throughput
RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"
echo "== $(grep -o 'listening on port.*' "$WORK/sockudo-kv.log" | head -n1)"

# Which tests sockudo-kv can run (redis-benchmark aborts on the first error reply).
declare -A probe=([set]="SET bench:probe x" [get]="GET bench:probe" [incr]="INCR bench:probe:n"
  [mset]="MSET bench:probe:a x bench:probe:b y" [lpush]="LPUSH bench:probe:l x" [rpush]="RPUSH bench:probe:l x"
  [lpop]="LPOP bench:probe:l" [rpop]="RPOP bench:probe:l" [lrange_100]="LRANGE bench:probe:l 0 99"
  [lrange_600]="LRANGE bench:probe:l 0 599" [sadd]="SADD bench:probe:s x" [spop]="SPOP bench:probe:s"
  [hset]="HSET bench:probe:h f v" [zadd]="ZADD bench:probe:z 1 x" [zpopmin]="ZPOPMIN bench:probe:z"
  [xadd]="XADD bench:probe:x 1-1 f v" [xread]="XREAD STREAMS bench:probe:x 0"
  [xreadgroup]="XGROUP CREATE bench:probe:x g 0")
RUN_TESTS=()
for t in $TESTS; do
  # shellcheck disable=SC2086
  reply="$(redis-cli -p "$KPORT" ${probe[$t]:-PING} 2>&1)"
  if [[ "$reply" == ERR* ]]; then
    echo "== $t: n/a on sockudo-kv ($reply)"
  else
    RUN_TESTS+=("$t")
  fi
done
redis-cli -p "$KPORT" FLUSHALL >/dev/null 2>&1 || true
if [[ " ${RUN_TESTS[*]} " == *" xread"* ]]; then
  setup_streams "$KPORT"
  setup_streams "$RPORT"
fi
if [ "${#RUN_TESTS[@]}" -eq 0 ]; then
  echo "== no throughput test to run"
fi

# Warm-up (JIT compilation; both servers get the same, untimed).
# The JVM compiles its hot paths after some hundred thousand commands; a production server runs
# warm, so the warm-up gives it (and, for symmetry, redis) about a million requests per test first,
# in WARM_PASSES runs (lib.sh says why).
echo "== warm-up"
for P in 1 16; do
  for t in "${RUN_TESTS[@]}"; do
    if [ "$P" = 16 ]; then n="$WARM16"; else n="$WARM1"; fi
    warm_passes "$n" bench_one "$KPORT" "$KV_PID" "$t" "$P" @N
    warm_passes "$n" bench_one "$RPORT" "$REDIS_PID" "$t" "$P" @N
  done
done

declare -A RPS CPU
echo "== measuring: ${RUN_TESTS[*]:-nothing} at -P 1 (n=$N1) and -P 16 (n=$N16), $REPS repetitions, -c $CLIENTS"
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="redis sockudo-kv"; else order="sockudo-kv redis"; fi
  for P in 1 16; do
    n="$N1"; [ "$P" -eq 16 ] && n="$N16"
    for t in "${RUN_TESTS[@]}"; do
      for s in $order; do
        if [ "$s" = redis ]; then read -r r c < <(bench_one "$RPORT" "$REDIS_PID" "$t" "$P" "$n")
        else read -r r c < <(bench_one "$KPORT" "$KV_PID" "$t" "$P" "$n"); fi
        RPS["$s|$P|$t"]+="$r "
        CPU["$s|$P|$t"]+="$c "
        printf '   rep %d  -P %-2s %-5s %-10s %12s req/s  %6s us CPU/req\n' "$rep" "$P" "$t" "$s" "$r" "$c"
      done
    done
  done
done

echo
echo "== throughput (median of $REPS; redis-benchmark -c $CLIENTS; n=$N1 at -P 1, n=$N16 at -P 16)"
echo "   ratio = sockudo-kv/redis requests per second (higher is better for sockudo-kv);"
echo "   CPU us = server CPU time (user+system) per request; CPU ratio = sockudo-kv/redis (lower is better)"
printf '%-6s %-4s %14s %14s %8s   %14s %14s %10s\n' test P "redis req/s" "sockudo req/s" ratio "redis CPU us" "sockudo CPU us" "CPU ratio"
for P in 1 16; do
  for t in "${RUN_TESTS[@]}"; do
    r="$(echo "${RPS[redis|$P|$t]}" | median)"
    k="$(echo "${RPS[sockudo-kv|$P|$t]}" | median)"
    rc="$(echo "${CPU[redis|$P|$t]}" | median)"
    kc="$(echo "${CPU[sockudo-kv|$P|$t]}" | median)"
    ratio="$(ratio "$k" "$r")"
    cratio="$(ratio "$kc" "$rc")"
    printf '%-6s %-4s %14s %14s %8s   %14s %14s %10s\n' "$t" "$P" "$r" "$k" "$ratio" "$rc" "$kc" "$cratio"
  done
done
stop_pid "$KV_PID"
stop_pid "$REDIS_PID"

# ---------------------------------------------------------------- memory
# Each case loads a fresh pair of servers with the same RESP file (redis-cli --pipe) and compares
# the growth per element. MEMORY_CASES picks the cases (default: all of them).
gen_case() { # case -> RESP on stdout
  case "$1" in
    strings) awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$11\r\nkey:%07d\r\n$10\r\nvalue%05d\r\n", i, i % 100000 }' ;;
    # one key, KEYS fields/members, 100 per command
    hash) awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*202\r\n$4\r\nHSET\r\n$1\r\nh\r\n"; for (j = i; j < i + 100; j++) printf "$9\r\nf:%07d\r\n$10\r\nvalue%05d\r\n", j, j % 100000 } }' ;;
    set) awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*102\r\n$4\r\nSADD\r\n$1\r\ns\r\n"; for (j = i; j < i + 100; j++) printf "$9\r\nm:%07d\r\n", j } }' ;;
    zset) awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*202\r\n$4\r\nZADD\r\n$1\r\nz\r\n"; for (j = i; j < i + 100; j++) { sc = sprintf("%d", j * 7 % 1000003); printf "$%d\r\n%s\r\n$9\r\nm:%07d\r\n", length(sc), sc, j } } }' ;;
    # KEYS entries of one field/value pair with explicit, increasing IDs
    stream) awk -v n="$KEYS" 'BEGIN { for (i = 1; i <= n; i++) { id = sprintf("%d-1", i); printf "*5\r\n$4\r\nXADD\r\n$1\r\nx\r\n$%d\r\n%s\r\n$1\r\nf\r\n$10\r\nvalue%05d\r\n", length(id), id, i % 100000 } }' ;;
    # one list of KEYS 10-byte elements, 100 per RPUSH
    list) awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*102\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n"; for (j = i; j < i + 100; j++) printf "$10\r\nvalue%05d\r\n", j % 100000 } }' ;;
  esac
}
# What each case needs to be supported by sockudo-kv.
declare -A mem_probe=([strings]="SET bench:probe x" [hash]="HSET bench:probe:h f v" [set]="SADD bench:probe:s m"
  [zset]="ZADD bench:probe:z 1 m" [stream]="XADD bench:probe:x 1-1 f v" [list]="RPUSH bench:probe:l v")
MEMORY_CASES="${MEMORY_CASES-strings hash set zset stream list}"

used_memory() { redis-cli -p "$1" INFO memory 2>/dev/null | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }
per_key() { awk -v a="$1" -v b="$2" -v n="$KEYS" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.1f", (b - a) / n }'; }
load() { # port
  local out
  out="$(timeout 600 redis-cli -p "$1" --pipe <"$WORK/load.resp" 2>&1 | tail -n1 || true)"
  echo "   $out"
}
JCMD=""
if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java)"; fi
[ -x "$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd" ] && JCMD="$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd"
heap_used_kb() { # live heap after a full GC, in kB
  [ -n "$JCMD" ] || return 0
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || return 0
  sleep 2
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -n1
}

declare -A MEM
for c in $MEMORY_CASES; do
  echo
  echo "== memory: $c, $KEYS elements, loaded with redis-cli --pipe"
  gen_case "$c" >"$WORK/load.resp"

  RPORT="$(free_port)"
  start_redis "$RPORT"
  r_um0="$(used_memory "$RPORT")"; r_rss0="$(rss_kb "$REDIS_PID")"
  load "$RPORT"
  sleep 1
  r_um1="$(used_memory "$RPORT")"; r_rss1="$(rss_kb "$REDIS_PID")"
  echo "   redis      used_memory ${r_um0} -> ${r_um1}  VmRSS ${r_rss0} kB -> ${r_rss1} kB"
  stop_pid "$REDIS_PID"

  KPORT="$(free_port)"
  start_kv "$KPORT"
  # shellcheck disable=SC2086
  if [[ "$(redis-cli -p "$KPORT" ${mem_probe[$c]} 2>&1)" == ERR* ]]; then
    echo "   sockudo-kv: n/a (command not implemented)"
    MEM[$c]="$(per_key "$r_um0" "$r_um1")|$(per_key "$((r_rss0 * 1024))" "$((r_rss1 * 1024))")|n/a|n/a|n/a"
    stop_pid "$KV_PID"
    continue
  fi
  redis-cli -p "$KPORT" FLUSHALL >/dev/null 2>&1
  k_heap0="$(heap_used_kb "$KV_PID")"
  k_rss0="$(rss_kb "$KV_PID")"
  k_um0="$(used_memory "$KPORT")"
  load "$KPORT"
  sleep 1
  k_rss1="$(rss_kb "$KV_PID")"
  k_um1="$(used_memory "$KPORT")"
  k_heap1="$(heap_used_kb "$KV_PID")"
  k_rss2="$(rss_kb "$KV_PID")"
  echo "   sockudo-kv used_memory ${k_um0} -> ${k_um1}  VmRSS ${k_rss0} kB -> ${k_rss1} kB (after full GC: ${k_rss2} kB)  live heap after full GC ${k_heap0:-n/a} kB -> ${k_heap1:-n/a} kB"
  stop_pid "$KV_PID"
  MEM[$c]="$(per_key "$r_um0" "$r_um1")|$(per_key "$((r_rss0 * 1024))" "$((r_rss1 * 1024))")|$(per_key "$k_um0" "$k_um1")|$( [ -n "$k_heap0" ] && [ -n "$k_heap1" ] && per_key "$((k_heap0 * 1024))" "$((k_heap1 * 1024))" || echo n/a)|$(per_key "$((k_rss0 * 1024))" "$((k_rss1 * 1024))")|$(per_key "$((k_rss0 * 1024))" "$((k_rss2 * 1024))")"
done

echo
echo "== memory per element (bytes; growth divided by $KEYS; strings = one key per element)"
echo "   sockudo used_memory is its INFO figure (the keyspace's byte account), live heap its real counterpart"
printf '%-8s %18s %10s %20s %24s %14s %22s\n' case "redis used_memory" "redis RSS" "sockudo used_memory" "sockudo live heap (GC)" "sockudo RSS" "sockudo RSS after GC"
for c in $MEMORY_CASES; do
  IFS='|' read -r a b g d e f <<<"${MEM[$c]}"
  printf '%-8s %18s %10s %20s %24s %14s %22s\n' "$c" "$a" "$b" "$g" "$d" "$e" "$f"
done
