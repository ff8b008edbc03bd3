#!/usr/bin/env bash
# Two sockudo-kv builds and redis-server side by side on the JSON tests of bench/json.sh, runs
# interleaved (A, B, redis, A, B, redis, ...) so that a busy machine disturbs all three alike: the
# way to see whether a change to the JSON family moved the server's CPU per request when the load
# average is too high for two separate bench/json.sh runs to be compared.
#
#   DIST_A=/work/main/distribution/target/sockudo-kv bench/json-ab.sh
#
# Settings (environment): DIST_A (required), DIST_B (default: this worktree's distribution),
# TESTS (default "json_set json_get str_set str_get"), P (pipeline, default 16), N (requests per
# run, default 300000), REPS (default 5), CLIENTS (default 50). Prints, per test, the median CPU
# microseconds per request of A, B and redis (the redis command is the one bench/json.sh compares
# with: SET/GET of the document as a string) and redis/B, the CPU ratio of bench/json.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST_A="${DIST_A:?DIST_A: the distribution to compare with}"
DIST_B="${DIST_B:-$ROOT/distribution/target/sockudo-kv}"
P="${P:-16}"
N="${N:-300000}"
REPS="${REPS:-5}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-json_set json_get str_set str_get}"
DIST="$DIST_B"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# shellcheck source=bench/json-lib.sh
source "$ROOT/bench/json-lib.sh"

print_machine
echo "== A: $DIST_A"
echo "== B: $DIST_B"
echo "== P=$P N=$N REPS=$REPS CLIENTS=$CLIENTS"

pick_port RPORT
start_redis "$RPORT"
pick_port APORT
DIST="$DIST_A" start_kv "$APORT"
A_PID="$KV_PID"
pick_port BPORT
DIST="$DIST_B" start_kv "$BPORT"
B_PID="$KV_PID"
for port in "$APORT" "$BPORT"; do
  redis-cli -p "$port" JSON.SET bench:json '$' "$DOC" >/dev/null
  redis-cli -p "$port" SET bench:str "$DOC" >/dev/null
done
redis-cli -p "$RPORT" SET bench:str "$DOC" >/dev/null

run() { # port pid n "command words": json_run at this script's pipeline depth
  json_run "$1" "$2" "$P" "$3" "$4"
}

for t in $TESTS; do
  warm_passes "$N" run "$APORT" "$A_PID" @N "${KV_CMD[$t]}"
  warm_passes "$N" run "$BPORT" "$B_PID" @N "${KV_CMD[$t]}"
  warm_passes "$N" run "$RPORT" "$REDIS_PID" @N "${REDIS_CMD[$t]}"
done

printf '%-10s %10s %10s %10s %10s %10s\n' test "A us/req" "B us/req" "redis" "B/A" "redis/B"
for t in $TESTS; do
  ac=(); bc=(); rc=()
  for rep in $(seq 1 "$REPS"); do
    read -r _ c <<<"$(run "$APORT" "$A_PID" "$N" "${KV_CMD[$t]}")"; ac+=("$c")
    read -r _ c <<<"$(run "$BPORT" "$B_PID" "$N" "${KV_CMD[$t]}")"; bc+=("$c")
    read -r _ c <<<"$(run "$RPORT" "$REDIS_PID" "$N" "${REDIS_CMD[$t]}")"; rc+=("$c")
  done
  a="$(echo "${ac[*]}" | median)"; b="$(echo "${bc[*]}" | median)"; r="$(echo "${rc[*]}" | median)"
  printf '%-10s %10s %10s %10s %10s %10s\n' "$t" "$a" "$b" "$r" "$(ratio "$b" "$a")" "$(ratio "$r" "$b")"
  echo "   A: ${ac[*]} | B: ${bc[*]} | redis: ${rc[*]}"
done
echo "== load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
