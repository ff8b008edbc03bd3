#!/usr/bin/env bash
# The TimeSeries family (TS.*) on sockudo-kv, against redis-server's XADD in the same run.
#
#   bench/timeseries.sh          (builds the distribution first if it is missing)
#
# 1. Throughput: redis-benchmark -c $CLIENTS -n N -P <1|16> -r $SERIES drives, REPS times
#    alternating which server goes first:
#      redis-server:  XADD bench:s:__rand_int__ * f __rand_int__             (one entry)
#      sockudo-kv:    TS.ADD bench:t:__rand_int__ * __rand_int__             (one sample)
#                     TS.MADD with 10 (key, *, value) triples on random keys (10 samples)
#    over $SERIES series created up front (DUPLICATE_POLICY LAST, so the rare sample landing on
#    a millisecond its series already has replaces it), and prints each command's median
#    requests/s as a ratio to XADD's, and samples/s for TS.MADD.
# 2. TS.RANGE with an aggregation over one series of RANGE_SAMPLES samples (1 s apart, random
#    walk): the median time per query of TS.RANGE big - + AGGREGATION <avg|max|twa> 60000 and of
#    a range without aggregation counted by COUNT 10 (redis-benchmark -c 1).
# 3. Memory: bytes per sample of a regular 1 s series of MEM_SAMPLES samples, for three random
#    walks: integer steps of ±1, steps of N(0, 1) rounded to 0.01, and unrounded N(0, 1) steps.
#    Reported from TS.INFO DEBUG (chunk data bytes / samples, what RedisTimeSeries reports) and
#    from MEMORY USAGE (headers and labels included).
#
# Settings (environment): N1 (requests per run at -P 1, default 100000), N16 (at -P 16, default
# 500000), REPS (default 3), CLIENTS (default 50), SERIES (default 10000), RANGE_SAMPLES
# (default 1000000), MEM_SAMPLES (default 1000000), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-100000}"
N16="${N16:-500000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
SERIES="${SERIES:-10000}"
RANGE_SAMPLES="${RANGE_SAMPLES:-1000000}"
MEM_SAMPLES="${MEM_SAMPLES:-1000000}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"

kv() { redis-cli -p "$KPORT" "$@"; }

# ---------------------------------------------------------------- series for the write benchmark
setup_kv() {
  kv FLUSHALL >/dev/null
  # keys as redis-benchmark writes __rand_int__: 12 digits, zero padded
  awk -v n="$SERIES" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("bench:t:%012d", i);
      printf "*6\r\n$9\r\nTS.CREATE\r\n$%d\r\n%s\r\n$16\r\nDUPLICATE_POLICY\r\n$4\r\nLAST\r\n$10\r\nCHUNK_SIZE\r\n$3\r\n256\r\n", length(k), k } }' |
    redis-cli -p "$KPORT" --pipe >/dev/null
}
setup_kv
echo "== $(kv DBSIZE) series created on sockudo-kv"

MADD=(TS.MADD)
for i in $(seq 1 10); do MADD+=("bench:t:__rand_int__" "*" "__rand_int__"); done
declare -A KV_CMD=([ts.add]="TS.ADD bench:t:__rand_int__ * __rand_int__" [ts.madd]="${MADD[*]}")
XADD=(XADD "bench:s:__rand_int__" "*" f __rand_int__)
KV_TESTS="ts.add ts.madd"

# warm-up (JIT)
for t in $KV_TESTS; do read -ra c <<<"${KV_CMD[$t]}"; bench_cmd "$KPORT" "$KV_PID" 16 200000 -r "$SERIES" "${c[@]}" >/dev/null; done
bench_cmd "$RPORT" "$REDIS_PID" 16 200000 -r "$SERIES" "${XADD[@]}" >/dev/null

declare -A RPS
for rep in $(seq 1 "$REPS"); do
  for P in 1 16; do
    n=$N1; [ "$P" = 16 ] && n=$N16
    if [ $((rep % 2)) -eq 1 ]; then order="redis kv"; else order="kv redis"; fi
    for who in $order; do
      if [ "$who" = redis ]; then
        redis-cli -p "$RPORT" FLUSHALL >/dev/null
        read -r rps _ <<<"$(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$n" -r "$SERIES" "${XADD[@]}")"
        RPS[xadd|$P]+="$rps "
      else
        for t in $KV_TESTS; do
          read -ra c <<<"${KV_CMD[$t]}"
          read -r rps _ <<<"$(bench_cmd "$KPORT" "$KV_PID" "$P" "$n" -r "$SERIES" "${c[@]}")"
          RPS[$t|$P]+="$rps "
        done
      fi
    done
  done
done

echo
echo "== write throughput (median of $REPS; -c $CLIENTS, -r $SERIES): sockudo-kv / redis-server XADD"
printf '%-8s %-4s %14s %14s %14s %8s\n' command P "sockudo req/s" "samples/s" "XADD req/s" ratio
for P in 1 16; do
  x="$(echo "${RPS[xadd|$P]}" | median)"
  for t in $KV_TESTS; do
    k="$(echo "${RPS[$t|$P]}" | median)"
    per=1; [ "$t" = ts.madd ] && per=10
    printf '%-8s %-4s %14s %14.0f %14s %8s\n' "$t" "$P" "$k" "$(awk -v k="$k" -v p="$per" 'BEGIN { print k * p }')" "$x" "$(ratio "$k" "$x")"
  done
done

# ---------------------------------------------------------------- loading a series
load_walk() { # key count kind(int|cent|raw)
  kv DEL "$1" >/dev/null
  kv TS.CREATE "$1" >/dev/null
  awk -v n="$2" -v k="$1" -v kind="$3" 'BEGIN { srand(7); v = 0; t = 1600000000000;
      for (i = 0; i < n; i += 1000) { printf "*3001\r\n$7\r\nTS.MADD\r\n";
        for (j = i; j < i + 1000 && j < n; j++) {
          if (kind == "int") { v += (rand() < 0.5) ? -1 : 1; s = sprintf("%d", v) }
          else { u1 = rand(); u2 = rand(); g = sqrt(-2 * log(u1 + 1e-300)) * cos(6.283185307179586 * u2);
                 if (kind == "cent") { v = sprintf("%.2f", v + g) + 0; s = sprintf("%.2f", v) } else { v += g; s = sprintf("%.17g", v) } }
          ts = sprintf("%.0f", t + j * 1000);
          printf "$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(ts), ts, length(s), s } } }' |
    redis-cli -p "$KPORT" --pipe >/dev/null
}

# ---------------------------------------------------------------- TS.RANGE over 1M samples
echo
echo "== TS.RANGE over $RANGE_SAMPLES samples (1 s apart, random walk of N(0,1) steps rounded to 0.01), median of 5 runs"
load_walk big "$RANGE_SAMPLES" cent
echo "   loaded: $(kv TS.INFO big | sed -n '2p') samples"
range_ms() { # args...
  local best=() i rps
  for i in 1 2 3 4 5; do
    read -r rps _ <<<"$(CLIENTS=1 bench_cmd "$KPORT" "$KV_PID" 1 "$RANGE_RUNS" "$@")"
    best+=("$(awk -v r="$rps" 'BEGIN { if (r > 0) printf "%.2f", 1000 / r; else print "nan" }')")
  done
  printf '%s\n' "${best[@]}" | median
}
RANGE_RUNS="${RANGE_RUNS:-20}"
bench_cmd "$KPORT" "$KV_PID" 1 10 TS.RANGE big - + AGGREGATION avg 60000 >/dev/null
printf '%-52s %10s\n' query "ms/query"
for agg in avg max twa; do
  printf '%-52s %10s\n' "TS.RANGE big - + AGGREGATION $agg 60000" "$(range_ms TS.RANGE big - + AGGREGATION "$agg" 60000)"
done
printf '%-52s %10s\n' "TS.RANGE big - + AGGREGATION avg 3600000" "$(range_ms TS.RANGE big - + AGGREGATION avg 3600000)"
printf '%-52s %10s\n' "TS.REVRANGE big - + COUNT 10" "$(range_ms TS.REVRANGE big - + COUNT 10)"

# ---------------------------------------------------------------- bytes per sample
echo
echo "== bytes per sample: regular 1 s series of $MEM_SAMPLES samples (compressed, CHUNK_SIZE 4096)"
printf '%-34s %14s %14s %10s\n' "random walk" "chunk B/sample" "MEMORY USAGE" "B/sample"
for kind in int cent raw; do
  load_walk "mem:$kind" "$MEM_SAMPLES" "$kind"
  data="$(kv TS.INFO "mem:$kind" DEBUG | awk 'p == 1 { s += $1; p = 0 } /^size$/ { p = 1 } END { print s }')"
  usage="$(kv MEMORY USAGE "mem:$kind")"
  total="$(kv TS.INFO "mem:$kind" | sed -n '2p')"
  case "$kind" in
    int) label="integer steps of +-1" ;;
    cent) label="N(0,1) steps rounded to 0.01" ;;
    raw) label="N(0,1) steps, full precision" ;;
  esac
  awk -v l="$label" -v d="$data" -v u="$usage" -v n="$total" 'BEGIN { printf "%-34s %14.3f %14d %10.3f\n", l, d / n, u, u / n }'
done
