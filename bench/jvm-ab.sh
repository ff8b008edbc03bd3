#!/usr/bin/env bash
# Two sockudo-kv servers side by side with different JVM options, same work, interleaved.
#
#   A_OPTS="-Dio.netty.allocator.type=pooled" B_OPTS="-Dio.netty.allocator.type=adaptive" bench/jvm-ab.sh
#
# Starts server A (SOCKUDO_KV_JAVA_OPTS=$A_OPTS) and server B ($B_OPTS) through bin/sockudo-kv,
# loads KEYS string keys into each, then for REPS rounds runs every test of TESTS at -P 16 and
# -P 1 against A and B in turn (the order alternates per round), so both see the same machine
# load. Prints the median requests/s and server CPU µs per request of each, and the ratio B/A.
# On a shared machine CPU per request is the steadier figure.
#
# Settings (environment): A_OPTS, B_OPTS, TESTS (default "set get"), REPS (default 5), N16
# (default 500000), N1 (default 100000), KEYS (default 1000000), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
TESTS="${TESTS:-set get}"
REPS="${REPS:-5}"
N16="${N16:-500000}"
N1="${N1:-100000}"
KEYS="${KEYS:-1000000}"
CLIENTS=50
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$11\r\nkey:%07d\r\n$10\r\nvalue%05d\r\n", i, i % 100000 }' >"$WORK/load.resp"
declare -A PORT PID
for s in A B; do
  opts="${s}_OPTS"
  PORT[$s]="$(free_port)"
  SOCKUDO_KV_JAVA_OPTS="${!opts:-}" start_kv "${PORT[$s]}"
  PID[$s]="$KV_PID"
  redis-cli -p "${PORT[$s]}" --pipe <"$WORK/load.resp" | tail -n1 | sed "s/^/   $s: /"
  for t in $TESTS; do bench_cmd "${PORT[$s]}" "${PID[$s]}" 16 "$N16" -t "$t" >/dev/null; done
done
echo "== A: SOCKUDO_KV_JAVA_OPTS=\"${A_OPTS:-}\""
echo "== B: SOCKUDO_KV_JAVA_OPTS=\"${B_OPTS:-}\""

declare -A RPS CPU
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="A B"; else order="B A"; fi
  for P in 16 1; do
    n="$N1"; [ "$P" = 16 ] && n="$N16"
    for t in $TESTS; do
      for s in $order; do
        read -r r c < <(bench_cmd "${PORT[$s]}" "${PID[$s]}" "$P" "$n" -t "$t")
        RPS["$s|$P|$t"]+="$r "
        CPU["$s|$P|$t"]+="$c "
      done
    done
  done
done
echo "== load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
printf '%-5s %-3s %12s %12s %8s %10s %10s %10s\n' test P "A req/s" "B req/s" "B/A" "A CPU us" "B CPU us" "B/A CPU"
for P in 16 1; do
  for t in $TESTS; do
    a="$(echo "${RPS[A|$P|$t]}" | median)"; b="$(echo "${RPS[B|$P|$t]}" | median)"
    ac="$(echo "${CPU[A|$P|$t]}" | median)"; bc="$(echo "${CPU[B|$P|$t]}" | median)"
    printf '%-5s %-3s %12s %12s %8s %10s %10s %10s\n' "$t" "$P" "$a" "$b" "$(ratio "$b" "$a")" "$ac" "$bc" "$(ratio "$bc" "$ac")"
  done
done
