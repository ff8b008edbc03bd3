#!/usr/bin/env bash
# Tail latency, sockudo-kv vs redis-server side by side, with a real dataset loaded.
#
#   bench/latency.sh        (builds the distribution first if it is missing)
#
# Starts redis-server and sockudo-kv, loads KEYS string keys into each ("key:%012d" with 3-byte
# values: the names redis-benchmark's -r uses, so GET hits and SET overwrites them), warms both
# up, then drives each with
#     redis-benchmark -t <test> -c CLIENTS -n N -P <1|16> -r KEYS --precision 3
# for every test of TESTS, REPS times, alternating which server goes first. For each test and
# pipeline depth it prints the medians of requests/s, p50, p99, p99.9 (ms) and server CPU µs per
# request, side by side, with the ratios sockudo-kv/redis.
#
# p50 and p99 are redis-benchmark's own summary; p99.9 is the smallest latency its two
# cumulative tables (by percentile, and by latency) show at or above 99.9 % of the requests, an
# upper bound as tight as its histogram.
#
# sockudo-kv runs with the launcher's defaults plus SOCKUDO_KV_JAVA_OPTS; with GC_LOG=1 it also
# logs GC and safepoints (-Xlog:gc,safepoint) and the script prints, per measured run, the number
# of pauses, their total and the longest (so a p99.9 can be set against the collector's pauses).
#
# Settings (environment): KEYS (default 1000000), TESTS (default "set get incr mset"), REPS
# (default 3), CLIENTS (default 50), N1 / N16 (requests per run at -P 1 / -P 16, default 200000 /
# 1000000), WARM (warm-up requests per test and depth, default 1000000 at -P 16 and a fifth of it
# at -P 1), GC_LOG (default 0), SOCKUDO_KV_DIST, SOCKUDO_KV_JAVA_OPTS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
KEYS="${KEYS:-1000000}"
TESTS="${TESTS:-set get incr mset}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
N1="${N1:-200000}"
N16="${N16:-1000000}"
WARM="${WARM:-1000000}"
GC_LOG="${GC_LOG:-0}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

# The dataset: KEYS SETs in RESP, loaded with redis-cli --pipe.
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$3\r\nxxx\r\n", i }' >"$WORK/load.resp"
load() { # port
  timeout 600 redis-cli -p "$1" --pipe <"$WORK/load.resp" 2>&1 | tail -n1 | sed 's/^/   /'
}

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
if [ "$GC_LOG" = 1 ]; then
  export SOCKUDO_KV_JAVA_OPTS="${SOCKUDO_KV_JAVA_OPTS:-} -Xlog:gc,safepoint:file=$WORK/gc.log:uptime"
fi
start_kv "$KPORT"
echo "== $(grep -o 'listening on port.*' "$WORK/sockudo-kv.log" | head -n1)"
echo "== loading $KEYS keys into each"
load "$RPORT"
load "$KPORT"
echo "   redis dbsize $(redis-cli -p "$RPORT" DBSIZE), sockudo-kv dbsize $(redis-cli -p "$KPORT" DBSIZE)"

# One run: prints "<rps> <p50> <p99> <p99.9> <cpu us/req>".
lat_one() { # port pid test pipeline n
  local before after out
  before="$(cpu_ticks "$2")"
  out="$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$5" -P "$4" -r "$KEYS" \
    --precision 3 -t "$3" 2>&1 | tr '\r' '\n')"
  after="$(cpu_ticks "$2")"
  printf '%s\n' "$out" | awk -v t="$((after - before))" -v hz="$TICKS" -v n="$5" '
    /throughput summary:/ { rps = $3 }
    /latency summary/ { getline; getline; p50 = $3; p99 = $5 }
    /^[0-9.]+% <= [0-9.]+ milliseconds/ {
      pct = $1; sub(/%/, "", pct); ms = $3
      if (pct + 0 >= 99.9 && (p999 == "" || ms + 0 < p999 + 0)) p999 = ms
    }
    END {
      if (rps == "") { print "nan nan nan nan nan"; exit }
      printf "%s %s %s %s %.2f\n", rps, p50, p99, p999, t / hz * 1e6 / n
    }'
}

gc_mark() { [ -f "$WORK/gc.log" ] && wc -l <"$WORK/gc.log" || echo 0; }
# GC pauses logged since line $1: "<count> <total ms> <max ms>".
gc_since() {
  [ -f "$WORK/gc.log" ] || { echo "0 0 0"; return; }
  tail -n +"$(($1 + 1))" "$WORK/gc.log" | awk '
    / Pause / && /ms$/ { v = $NF; sub(/ms$/, "", v); n++; s += v; if (v + 0 > m) m = v + 0 }
    END { printf "%d %.1f %.1f\n", n, s, m }'
}

echo "== warm-up"
for P in 1 16; do
  w="$WARM"; [ "$P" = 1 ] && w=$((WARM / 5))
  for t in $TESTS; do
    warm_passes "$w" lat_one "$KPORT" "$KV_PID" "$t" "$P" @N
    warm_passes "$w" lat_one "$RPORT" "$REDIS_PID" "$t" "$P" @N
  done
done

declare -A R
echo "== measuring: $TESTS at -P 1 (n=$N1) and -P 16 (n=$N16), $REPS repetitions, -c $CLIENTS, -r $KEYS"
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="redis sockudo-kv"; else order="sockudo-kv redis"; fi
  for P in 1 16; do
    n="$N1"; [ "$P" -eq 16 ] && n="$N16"
    for t in $TESTS; do
      for s in $order; do
        if [ "$s" = redis ]; then
          read -r rps p50 p99 p999 cpu < <(lat_one "$RPORT" "$REDIS_PID" "$t" "$P" "$n")
          gc=""
        else
          mark="$(gc_mark)"
          read -r rps p50 p99 p999 cpu < <(lat_one "$KPORT" "$KV_PID" "$t" "$P" "$n")
          gc=""
          if [ "$GC_LOG" = 1 ]; then
            read -r gn gs gm < <(gc_since "$mark")
            gc="  GC pauses: $gn, total $gs ms, max $gm ms"
          fi
        fi
        for f in rps p50 p99 p999 cpu; do R["$s|$P|$t|$f"]+="${!f} "; done
        printf '   rep %d  -P %-2s %-5s %-10s %11s req/s  p50 %7s  p99 %7s  p99.9 %7s ms  %6s us CPU/req%s\n' \
          "$rep" "$P" "$t" "$s" "$rps" "$p50" "$p99" "$p999" "$cpu" "$gc"
      done
    done
  done
done

echo
echo "== latency with $KEYS keys loaded (median of $REPS; redis-benchmark -c $CLIENTS -r $KEYS; ms; ratio = sockudo-kv/redis)"
printf '%-5s %-3s %22s %22s %22s %22s %22s\n' test P "req/s r|k (ratio)" "p50 r|k (ratio)" "p99 r|k (ratio)" \
  "p99.9 r|k (ratio)" "CPU us r|k (ratio)"
for P in 1 16; do
  for t in $TESTS; do
    line="$(printf '%-5s %-3s' "$t" "$P")"
    for f in rps p50 p99 p999 cpu; do
      r="$(echo "${R[redis|$P|$t|$f]}" | median)"
      k="$(echo "${R[sockudo-kv|$P|$t|$f]}" | median)"
      line+="$(printf ' %22s' "$r|$k ($(ratio "$k" "$r"))")"
    done
    echo "$line"
  done
done
if [ "$GC_LOG" = 1 ]; then
  echo
  echo "== sockudo-kv GC/safepoint log over the whole run: $(gc_since 0 | awk '{ printf "%d pauses, total %s ms, longest %s ms", $1, $2, $3 }')"
  [ -n "${GC_LOG_COPY:-}" ] && cp "$WORK/gc.log" "$GC_LOG_COPY"
fi
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
