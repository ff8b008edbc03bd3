#!/usr/bin/env bash
# SET flood past maxmemory with allkeys-lru: sockudo-kv vs redis-server, side by side.
#
#   bench/eviction.sh       (needs distribution/target/sockudo-kv: mvn -B -o verify -pl distribution -am)
#
# Both servers get "maxmemory $MAXMEMORY" and "maxmemory-policy allkeys-lru" and are driven with
#     redis-benchmark -t set -r $KEYSPACE -d $SIZE -c 50 -n N -P <1|16> -q
# so every SET past the limit makes the server evict (sampling, pool, deletion, DEL propagation
# bookkeeping) before it runs. Prints the median requests/s of each over REPS runs, the ratio
# sockudo-kv/redis, each server's CPU µs per request, and afterwards each server's used_memory,
# maxmemory, evicted_keys and keys left (how close to the limit each one stays and how many keys
# it keeps in it). sockudo-kv runs with -Xmx1g (its heap budget, 70 % of -Xmx, is above MAXMEMORY).
#
# Settings (environment): MAXMEMORY (default 64mb), SIZE (value bytes, default 512), KEYSPACE
# (default 10000000), N1 (default 200000), N16 (default 1000000), REPS (default 3), CLIENTS (50).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
MAXMEMORY="${MAXMEMORY:-64mb}"
SIZE="${SIZE:-512}"
KEYSPACE="${KEYSPACE:-10000000}"
N1="${N1:-200000}"
N16="${N16:-1000000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
export SOCKUDO_KV_JAVA_OPTS="${SOCKUDO_KV_JAVA_OPTS:--Xmx1g}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine
RPORT="$(free_port)"
start_redis "$RPORT" --maxmemory "$MAXMEMORY" --maxmemory-policy allkeys-lru
KPORT="$(free_port)"
start_kv "$KPORT" --maxmemory "$MAXMEMORY" --maxmemory-policy allkeys-lru

flood() { # port pid pipeline n
  bench_cmd "$1" "$2" "$3" "$4" -t set -r "$KEYSPACE" -d "$SIZE"
}

echo "== warm-up (fills both servers to the limit)"
flood "$KPORT" "$KV_PID" 16 1000000 >/dev/null
flood "$RPORT" "$REDIS_PID" 16 1000000 >/dev/null

echo "== SET -d $SIZE -r $KEYSPACE past maxmemory $MAXMEMORY (allkeys-lru), $REPS repetitions, -c $CLIENTS"
for P in 1 16; do
  if [ "$P" = 16 ]; then n="$N16"; else n="$N1"; fi
  kr=() rr=() kc=() rc=()
  for rep in $(seq 1 "$REPS"); do
    if [ $((rep % 2)) -eq 1 ]; then
      read -r a b < <(flood "$RPORT" "$REDIS_PID" "$P" "$n"); rr+=("$a"); rc+=("$b")
      read -r a b < <(flood "$KPORT" "$KV_PID" "$P" "$n"); kr+=("$a"); kc+=("$b")
    else
      read -r a b < <(flood "$KPORT" "$KV_PID" "$P" "$n"); kr+=("$a"); kc+=("$b")
      read -r a b < <(flood "$RPORT" "$REDIS_PID" "$P" "$n"); rr+=("$a"); rc+=("$b")
    fi
  done
  k="$(echo "${kr[*]}" | median)"
  r="$(echo "${rr[*]}" | median)"
  printf '%-10s -P %-2s  sockudo-kv %10s req/s  redis %10s req/s  ratio %s  cpu/req %s µs vs %s µs\n' \
    set "$P" "$k" "$r" "$(ratio "$k" "$r")" "$(echo "${kc[*]}" | median)" "$(echo "${rc[*]}" | median)"
done

for s in "sockudo-kv $KPORT" "redis $RPORT"; do
  read -r name port <<<"$s"
  info="$(redis-cli -p "$port" INFO everything | tr -d '\r')"
  field() { printf '%s\n' "$info" | sed -n "s/^$1:\(.*\)/\1/p" | head -n1; }
  printf '%-10s used_memory %s  maxmemory %s  evicted_keys %s  keys %s  rss %s kB\n' "$name" \
    "$(field used_memory)" "$(field maxmemory)" "$(field evicted_keys)" "$(redis-cli -p "$port" DBSIZE)" \
    "$(rss_kb "$( [ "$name" = redis ] && echo "$REDIS_PID" || echo "$KV_PID")")"
done
