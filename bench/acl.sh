#!/usr/bin/env bash
# ACL cost: SET and GET through redis-benchmark as the `default` user (every permission: the
# fast path) and as a restricted user (key patterns, no dangerous commands), on sockudo-kv and on
# redis-server 7.0 in the same run.
#
#   bench/acl.sh          (builds nothing: run `mvn -B -o package -DskipTests -pl distribution -am` first)
#
# For each pipeline depth (1 and 16) and each user, REPS runs alternating which server goes
# first; median requests/s and server CPU µs per request; ratios sockudo-kv / redis-server, and
# restricted / default on each server.
#
# Settings (environment): N (requests per run, default 1000000: at -P 16 a shorter run is dominated
# by the 50 connections' set-up and the 10 ms CPU tick), REPS (default 3), CLIENTS
# (default 50), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N="${N:-1000000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

RPORT="$(free_port)"
start_redis "$RPORT"
KPORT="$(free_port)"
start_kv "$KPORT"

# The restricted user: two key patterns (benchmark keys match the second), every channel, every
# command but the dangerous ones (CONFIG GET, which redis-benchmark sends first, stays allowed).
for p in "$RPORT" "$KPORT"; do
  redis-cli -p "$p" ACL SETUSER bench on '>bench-pass' '~session:*' '~key:*' '&*' '+@all' '-@dangerous' \
    '+config|get' >/dev/null
done

# warm-up (JIT)
warm_passes 400000 bench_cmd "$KPORT" "$KV_PID" 16 @N -t set,get
warm_passes 400000 bench_cmd "$KPORT" "$KV_PID" 16 @N --user bench -a bench-pass -t set,get

printf '%-6s %-3s %-10s %12s %12s %7s %10s %10s\n' test P user redis_rps kv_rps ratio redis_us kv_us
for t in set get; do
  for P in 1 16; do
    for user in default bench; do
      auth=()
      [ "$user" = bench ] && auth=(--user bench -a bench-pass)
      r_rps=""; k_rps=""; r_us=""; k_us=""
      for i in $(seq 1 "$REPS"); do
        if [ $((i % 2)) -eq 1 ]; then
          read -r a b < <(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$N" "${auth[@]}" -t "$t")
          read -r c d < <(bench_cmd "$KPORT" "$KV_PID" "$P" "$N" "${auth[@]}" -t "$t")
        else
          read -r c d < <(bench_cmd "$KPORT" "$KV_PID" "$P" "$N" "${auth[@]}" -t "$t")
          read -r a b < <(bench_cmd "$RPORT" "$REDIS_PID" "$P" "$N" "${auth[@]}" -t "$t")
        fi
        r_rps="$r_rps $a"; r_us="$r_us $b"; k_rps="$k_rps $c"; k_us="$k_us $d"
      done
      rr="$(echo "$r_rps" | median)"; kr="$(echo "$k_rps" | median)"
      printf '%-6s %-3s %-10s %12s %12s %7s %10s %10s\n' "$t" "$P" "$user" "$rr" "$kr" "$(ratio "$kr" "$rr")" \
        "$(echo "$r_us" | median)" "$(echo "$k_us" | median)"
    done
  done
done
# Both servers really refused what the user may not do:
echo "== redis:      $(redis-cli -p "$RPORT" --user bench --pass bench-pass --no-auth-warning GET other 2>&1)"
echo "== sockudo-kv: $(redis-cli -p "$KPORT" --user bench --pass bench-pass --no-auth-warning GET other 2>&1)"
