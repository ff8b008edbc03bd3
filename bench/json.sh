#!/usr/bin/env bash
# The cost of JSON over a plain string: sockudo-kv's JSON.* against redis-server's SET/GET of the
# same document as a string, side by side on this machine.
#
#   bench/json.sh            (builds the distribution first if it is missing)
#
# 1. Throughput (redis-benchmark -c CLIENTS -P {1,16}, median of REPS runs, alternating which
#    server goes first), each sockudo-kv figure as a ratio to a redis-server figure:
#      json_set    JSON.SET bench:json $ <doc>          vs  SET bench:str <doc>
#      json_get    JSON.GET bench:json                  vs  GET bench:str
#      numincrby   JSON.NUMINCRBY bench:json $.stats.views 1   vs  SET bench:str <doc>
#      get_field   JSON.GET bench:json $.user.name      vs  GET bench:str
#      str_set     SET bench:str <doc>                  vs  SET bench:str <doc>   (no JSON: the kernel's
#      str_get     GET bench:str                        vs  GET bench:str          own cost of 1 KB)
#    where <doc> is a 1 KB JSON document (compact text, ~1 KB). numincrby and get_field show what an
#    edit or a read at a path costs against moving the whole document as a string; str_set and
#    str_get separate sockudo-kv's per-request cost for a 1 KB value from the cost of JSON.
# 2. Memory per document: fresh servers loaded with DOCS keys through redis-cli --pipe
#    (JSON.SET doc:N $ <doc> on sockudo-kv, SET doc:N <doc> on redis-server): redis used_memory
#    growth and sockudo-kv's live heap growth after a full GC (jcmd), per key, against the
#    document's compact text size; plus MEMORY USAGE and JSON.DEBUG MEMORY of one key.
#
# Settings (environment): N1 (requests per run at -P 1, default 100000), N16 (at -P 16, default
# 500000), REPS (default 3), CLIENTS (default 50), TESTS (default "json_set json_get numincrby
# get_field str_set str_get"; empty skips the throughput part), DOCS (default 100000; 0 skips the memory part),
# SOCKUDO_KV_DIST, SOCKUDO_KV_JAVA_OPTS. Every server it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N1="${N1:-100000}"
N16="${N16:-500000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
DOCS="${DOCS:-100000}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# shellcheck source=bench/json-lib.sh
source "$ROOT/bench/json-lib.sh"
DOC_BYTES="$(printf '%s' "$DOC" | wc -c)"

print_machine
echo "== document: ${DOC_BYTES} bytes of compact JSON text"
echo "== N1=$N1 N16=$N16 REPS=$REPS CLIENTS=$CLIENTS DOCS=$DOCS"

TESTS="${TESTS-json_set json_get numincrby get_field str_set str_get}"
if [ -n "$TESTS" ]; then
pick_port RPORT
pick_port KPORT
start_redis "$RPORT"
start_kv "$KPORT"
redis-cli -p "$KPORT" JSON.SET bench:json '$' "$DOC" >/dev/null
redis-cli -p "$KPORT" SET bench:str "$DOC" >/dev/null
redis-cli -p "$RPORT" SET bench:str "$DOC" >/dev/null
if [ "$(redis-cli -p "$KPORT" JSON.GET bench:json)" != "$DOC" ]; then
  echo "bench: JSON.GET does not give back the document" >&2
  exit 1
fi


# warm-up (JIT) of both servers, not measured
for t in $TESTS; do
  warm_passes "$N16" json_run "$KPORT" "$KV_PID" 16 @N "${KV_CMD[$t]}"
  warm_passes "$N16" json_run "$RPORT" "$REDIS_PID" 16 @N "${REDIS_CMD[$t]}"
done

declare -A RESULT
for t in $TESTS; do
  for p in 1 16; do
    n="$N1"; [ "$p" = 16 ] && n="$N16"
    kr=(); rr=(); kc=(); rc=()
    for rep in $(seq 1 "$REPS"); do
      if [ $((rep % 2)) -eq 1 ]; then
        read -r a b <<<"$(json_run "$RPORT" "$REDIS_PID" "$p" "$n" "${REDIS_CMD[$t]}")"; rr+=("$a"); rc+=("$b")
        read -r a b <<<"$(json_run "$KPORT" "$KV_PID" "$p" "$n" "${KV_CMD[$t]}")"; kr+=("$a"); kc+=("$b")
      else
        read -r a b <<<"$(json_run "$KPORT" "$KV_PID" "$p" "$n" "${KV_CMD[$t]}")"; kr+=("$a"); kc+=("$b")
        read -r a b <<<"$(json_run "$RPORT" "$REDIS_PID" "$p" "$n" "${REDIS_CMD[$t]}")"; rr+=("$a"); rc+=("$b")
      fi
    done
    k="$(echo "${kr[*]}" | median)"; r="$(echo "${rr[*]}" | median)"
    kcpu="$(echo "${kc[*]}" | median)"; rcpu="$(echo "${rc[*]}" | median)"
    RESULT[$t,$p]="$k|$r|$(ratio "$k" "$r")|$kcpu|$rcpu|$(ratio "$rcpu" "$kcpu")"
    echo "   $t -P $p: sockudo-kv $k/s ($kcpu us CPU/req)  redis $r/s ($rcpu us CPU/req)  ratio $(ratio "$k" "$r")"
  done
done
stop_pid "$KV_PID"
stop_pid "$REDIS_PID"

echo
echo "== throughput (requests/s, medians; ratio = sockudo-kv / redis; CPU ratio = redis CPU per request / sockudo-kv's)"
printf '%-10s %4s %14s %14s %8s %10s\n' test P sockudo-kv redis ratio "CPU ratio"
for t in $TESTS; do
  for p in 1 16; do
    IFS='|' read -r k r q kc rc cq <<<"${RESULT[$t,$p]}"
    printf '%-10s %4s %14s %14s %8s %10s\n' "$t" "$p" "$k" "$r" "$q" "$cq"
  done
done
fi

[ "$DOCS" -gt 0 ] || exit 0

# ---------------------------------------------------------------- memory per document
used_memory() { redis-cli -p "$1" INFO memory 2>/dev/null | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }
per_doc() { awk -v a="$1" -v b="$2" -v n="$DOCS" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.1f", (b - a) / n }'; }
JCMD=""
if [ -n "${JAVA_HOME:-}" ]; then JAVA_BIN="$JAVA_HOME/bin/java"; else JAVA_BIN="$(command -v java)"; fi
[ -x "$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd" ] && JCMD="$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd"
heap_used_kb() {
  [ -n "$JCMD" ] || return 0
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || return 0
  sleep 2
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -n1
}
gen() { # command (SET or JSON.SET) -> RESP on stdout
  awk -v n="$DOCS" -v doc="$DOC" -v cmd="$1" 'BEGIN {
    dl = length(doc)
    for (i = 0; i < n; i++) {
      k = sprintf("doc:%07d", i)
      if (cmd == "SET") printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, dl, doc
      else printf "*4\r\n$8\r\nJSON.SET\r\n$%d\r\n%s\r\n$1\r\n$\r\n$%d\r\n%s\r\n", length(k), k, dl, doc
    }
  }'
}

echo
echo "== memory: $DOCS documents of ${DOC_BYTES} bytes, loaded with redis-cli --pipe"
gen SET >"$WORK/redis.resp"
gen JSON.SET >"$WORK/kv.resp"
pick_port RPORT
start_redis "$RPORT"
r0="$(used_memory "$RPORT")"
timeout 600 redis-cli -p "$RPORT" --pipe <"$WORK/redis.resp" | tail -n1
r1="$(used_memory "$RPORT")"
r_usage="$(redis-cli -p "$RPORT" MEMORY USAGE doc:0000000)"
stop_pid "$REDIS_PID"

pick_port KPORT
start_kv "$KPORT"
h0="$(heap_used_kb "$KV_PID")"
k0="$(used_memory "$KPORT")"
timeout 600 redis-cli -p "$KPORT" --pipe <"$WORK/kv.resp" | tail -n1
k1="$(used_memory "$KPORT")"
h1="$(heap_used_kb "$KV_PID")"
k_usage="$(redis-cli -p "$KPORT" MEMORY USAGE doc:0000000)"
k_debug="$(redis-cli -p "$KPORT" JSON.DEBUG MEMORY doc:0000000)"
stop_pid "$KV_PID"

heap_per="n/a"
if [ -n "$h0" ] && [ -n "$h1" ]; then heap_per="$(per_doc "$((h0 * 1024))" "$((h1 * 1024))")"; fi
echo
echo "== memory per document (bytes)"
printf '%-46s %10s\n' "compact JSON text" "$DOC_BYTES"
printf '%-46s %10s\n' "redis-server, string: used_memory growth / doc" "$(per_doc "$r0" "$r1")"
printf '%-46s %10s\n' "redis-server, string: MEMORY USAGE" "$r_usage"
printf '%-46s %10s\n' "sockudo-kv, JSON: live heap growth / doc (GC)" "$heap_per"
printf '%-46s %10s\n' "sockudo-kv, JSON: used_memory growth / doc" "$(per_doc "$k0" "$k1")"
printf '%-46s %10s\n' "sockudo-kv, JSON: MEMORY USAGE" "$k_usage"
printf '%-46s %10s\n' "sockudo-kv, JSON: JSON.DEBUG MEMORY" "$k_debug"
