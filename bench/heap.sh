#!/usr/bin/env bash
# Does the heap follow the data? JVM option sets for the launcher, measured one after the other.
#
#   bench/heap.sh                          every candidate of CANDIDATES
#   CANDIDATES="default g1-periodic" bench/heap.sh
#
# For each candidate a fresh sockudo-kv (bin/sockudo-kv with SOCKUDO_KV_JAVA_OPTS set to the
# candidate's options, which replace the launcher's collector settings when they name a collector,
# plus -Xlog:gc to a file) goes through:
#   1. load: KEYS string keys "key:%07d" with 10-byte values (redis-cli --pipe); RSS growth per key
#      right after the load, after IDLE seconds without any command (what a periodic collection
#      gives back on its own), then after a full GC (jcmd GC.run) and the live heap per key then;
#   2. burst: a 100 KB value read BURST times by 50 clients pipelining 16 GETs (redis-benchmark),
#      then SRANDMEMBER of a 100,000-member set with a count of -16,000,000 (a 240 MB reply, as
#      bench/large.sh) twice; RSS at the end of the burst and IDLE seconds later (as RSS growth over the loaded
#      server's after its full GC, in MB);
#   3. throughput: SET and GET at -P 16 (-c 50, N16 requests after a warm-up of the same size) with
#      the keys still loaded: requests/s and the server's CPU µs per request;
#   4. GC pauses from the -Xlog:gc file of the whole run: count, p99 and max of "Pause" lines.
# Every candidate gets the same work; the table at the end has one line per candidate.
#
# Settings (environment): CANDIDATES (names below), KEYS (default 1000000), IDLE (default 30 s),
# BURST (GETs of 100 KB, default 20000), N16 (default 1000000), SOCKUDO_KV_DIST, GC_LOGS (a
# directory to keep each candidate's -Xlog:gc file in; default: deleted with the rest).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
KEYS="${KEYS:-1000000}"
IDLE="${IDLE:-30}"
BURST="${BURST:-20000}"
N16="${N16:-1000000}"
CLIENTS=50
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
GC_LOGS="${GC_LOGS:-$WORK}"
mkdir -p "$GC_LOGS"

# Candidate option sets (SOCKUDO_KV_JAVA_OPTS). "launcher" is whatever bin/sockudo-kv defaults to;
# the launcher also exports MALLOC_MMAP_THRESHOLD_=131072 unless the environment sets it, so every
# candidate runs with it unless this script is started with MALLOC_MMAP_THRESHOLD_ set (e.g. to
# 33554432, glibc's maximum dynamic threshold, for the behaviour without it).
declare -A OPTS=(
  [launcher]=""
  [launcher-adaptive]="-Dio.netty.allocator.type=adaptive"
  [launcher-young20]="-XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=20"
  [g1-ratios]="-XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
  [g1-periodic]="-XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=10000"
  [g1-periodic-young]="-XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=10000 -XX:+UnlockExperimentalVMOptions -XX:G1MaxNewSizePercent=15"
  [g1-periodic-young-netty]="-XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=10000 -XX:+UnlockExperimentalVMOptions -XX:G1MaxNewSizePercent=15 -Dio.netty.allocator.type=pooled -Dio.netty.allocator.maxOrder=7 -Dio.netty.allocator.cacheTrimIntervalMillis=5000 -Dio.netty.allocator.useCacheForAllThreads=false"
  [serial]="-XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
  [parallel]="-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-UseAdaptiveSizePolicy"
)
CANDIDATES="${CANDIDATES:-g1-ratios g1-periodic g1-periodic-young g1-periodic-young-netty serial parallel launcher launcher-adaptive}"

JCMD=""
if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java)"; fi
[ -x "$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd" ] && JCMD="$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd"
[ -n "$JCMD" ] || { echo "bench: jcmd not found next to $JAVA_BIN" >&2; exit 1; }
full_gc_heap_kb() { # pid -> live heap after a full GC, kB
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || true
  sleep 2
  # G1: "garbage-first heap total ..K, used ..K"; Serial/Parallel: one such line per generation
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.* total [0-9]*K, used \([0-9]*\)K.*/\1/p' |
    awk '{ s += $1 } END { if (NR) print s }'
}
per_key() { awk -v a="$1" -v b="$2" -v n="$KEYS" 'BEGIN { printf "%.1f", (b - a) * 1024 / n }'; }
mb() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) / 1024 }'; }
# Pauses in a -Xlog:gc file ("... Pause Young (Normal) (G1 Evacuation Pause) 100M->20M(256M) 3.456ms"):
# "<count> <p99 ms> <max ms>".
pauses() {
  grep -v 'System.gc\|Diagnostic Command' "$1" | grep -o 'Pause[^)]*).*[0-9.]*ms$' | sed -n 's/.* \([0-9.]*\)ms$/\1/p' | sort -g |
    awk '{ a[NR] = $1 } END { if (NR == 0) { print "0 - -"; exit } i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; printf "%d %.1f %.1f\n", NR, a[i], a[NR] }'
}

awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$11\r\nkey:%07d\r\n$10\r\nvalue%05d\r\n", i, i % 100000 }' >"$WORK/strings.resp"
awk 'BEGIN { for (i = 0; i < 100000; i += 100) { printf "*102\r\n$4\r\nSADD\r\n$5\r\nburst\r\n"; for (j = i; j < i + 100; j++) printf "$9\r\nm:%07d\r\n", j } }' >"$WORK/set.resp"

print_machine
declare -A ROW
for c in $CANDIDATES; do
  echo
  echo "== $c: SOCKUDO_KV_JAVA_OPTS=\"${OPTS[$c]}\""
  port="$(free_port)"
  SOCKUDO_KV_JAVA_OPTS="${OPTS[$c]} -Xlog:gc:file=$GC_LOGS/gc-$c.log" start_kv "$port"
  pid="$KV_PID"
  sleep 2
  rss0="$(rss_kb "$pid")"
  heap0="$(full_gc_heap_kb "$pid")"
  rss0gc="$(rss_kb "$pid")"
  timeout 600 redis-cli -p "$port" --pipe <"$WORK/strings.resp" | tail -n1 | sed 's/^/   /'
  rss1="$(rss_kb "$pid")"
  sleep "$IDLE"
  rss2="$(rss_kb "$pid")"
  heap1="$(full_gc_heap_kb "$pid")"
  rss3="$(rss_kb "$pid")"
  echo "   RSS ${rss0} kB -> ${rss1} kB after the load, ${rss2} kB after ${IDLE} s idle, ${rss3} kB after a full GC; live heap ${heap0} -> ${heap1} kB"

  redis-cli -p "$port" --pipe <"$WORK/set.resp" >/dev/null
  redis-cli -p "$port" SET big "$(head -c 102400 /dev/zero | tr '\0' x)" >/dev/null
  peak=0
  ( while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid"; sleep 0.2; done ) >"$WORK/rss-$c.txt" 2>/dev/null &
  sampler=$!
  redis-benchmark -h 127.0.0.1 -p "$port" -c 50 -P 16 -n "$BURST" -q GET big >/dev/null 2>&1 || true
  for _ in 1 2; do redis-cli -p "$port" SRANDMEMBER burst -16000000 >/dev/null; done
  rss4="$(rss_kb "$pid")"
  sleep "$IDLE"
  rss5="$(rss_kb "$pid")"
  kill "$sampler" 2>/dev/null || true
  peak="$(sort -n "$WORK/rss-$c.txt" | tail -n1)"
  echo "   burst: RSS peak ${peak} kB, ${rss4} kB at its end, ${rss5} kB ${IDLE} s later"

  for t in set get; do
    bench_cmd "$port" "$pid" 16 "$N16" -t "$t" >/dev/null
    read -r r u < <(bench_cmd "$port" "$pid" 16 "$N16" -t "$t")
    eval "rps_$t=\$r; cpu_$t=\$u"
  done
  echo "   -P 16: SET ${rps_set} req/s ${cpu_set} us CPU/req, GET ${rps_get} req/s ${cpu_get} us CPU/req"
  stop_pid "$pid"
  read -r n p99 pmax < <(pauses "$GC_LOGS/gc-$c.log")
  echo "   GC pauses: $n, p99 ${p99} ms, max ${pmax} ms"
  ROW[$c]="$(per_key "$rss0" "$rss1") $(per_key "$rss0" "$rss2") $(per_key "$rss0gc" "$rss3") $(per_key "$heap0" "$heap1") $(mb "$rss3" "$peak") $(mb "$rss3" "$rss5") $cpu_set $cpu_get $p99 $pmax"
done

echo
echo "== load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
echo "== per candidate: RSS growth per key (B) after the load, after ${IDLE} s idle, after a full GC; live heap per key;"
echo "   burst: RSS peak and RSS ${IDLE} s after it, in MB above the loaded server's RSS after its full GC;"
echo "   CPU us per request at -P 16; GC pause p99 and max (ms) over the whole run"
printf '%-26s %8s %8s %8s %8s %10s %10s %8s %8s %8s %8s\n' candidate load idle fullgc live "burst pk" "burst+${IDLE}s" "SET us" "GET us" "p99 ms" "max ms"
for c in $CANDIDATES; do
  # shellcheck disable=SC2086
  printf '%-26s %8s %8s %8s %8s %10s %10s %8s %8s %8s %8s\n' "$c" ${ROW[$c]}
done
