#!/usr/bin/env bash
# Replication side by side with redis-server 7.0 (issue 12's figures), each system replicating to
# a replica of its own kind on the same machine:
#   1. write throughput of the master with one replica attached: redis-benchmark SET (-c 50, -r 100000)
#      at pipeline 1 and 16, and the replica caught up at the end (same master_repl_offset); also the
#      CPU time per request of the master and of the replica (steadier than throughput on a busy machine);
#   2. the time of a full sync of KEYS keys (10-byte values): from REPLICAOF to master_link_status:up,
#      diskless (repl-diskless-sync yes, delay 0) and from disk (repl-diskless-sync no), with the CPU
#      seconds each side spent (redis-server's forked child included).
#
#   bench/replication.sh       (builds the distribution first if it is missing)
#
# Settings (environment): KEYS (1000000), N (SETs per throughput run, 300000), REPS (3), CLIENTS (50),
# PARTS ("throughput fullsync"), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
KEYS="${KEYS:-1000000}"
N="${N:-300000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
PARTS="${PARTS:-throughput fullsync}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
print_machine

fill() { # port: KEYS keys key:<n> -> 10-byte value, through redis-cli --pipe
  python3 - "$KEYS" <<'PY' | redis-cli -p "$1" --pipe >/dev/null
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(n):
    k = b"key:%07d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$10\r\nvalue%05d\r\n" % (len(k), k, i % 100000))
PY
}

all_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; } # with reaped children (a fork)

field() { redis-cli -p "$1" INFO replication | tr -d '\r' | sed -n "s/^$2://p"; }

await_up() { # replica port: waits for master_link_status:up (bounded), prints seconds
  local start end
  start="$(date +%s.%N)"
  for _ in $(seq 1 6000); do
    [ "$(field "$1" master_link_status)" = "up" ] && break
    sleep 0.05
  done
  end="$(date +%s.%N)"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

await_offsets() { # master replica: same master_repl_offset (bounded)
  for _ in $(seq 1 1200); do
    [ "$(field "$1" master_repl_offset)" = "$(field "$2" master_repl_offset)" ] && return 0
    sleep 0.05
  done
  echo "bench: replica did not catch up" >&2
}

pair() { # kind(redis|kv) master_port replica_port [master args...] -> starts both, replica attached
  local kind="$1" mp="$2" rp="$3"
  shift 3
  if [ "$kind" = redis ]; then
    start_redis "$mp" "$@"; M_PID="$REDIS_PID"
    start_redis "$rp"; R_PID="$REDIS_PID"
  else
    start_kv "$mp" "$@"; M_PID="$KV_PID"
    start_kv "$rp" --dir "$WORK/replica-$rp"; R_PID="$KV_PID"
  fi
}

if [[ " $PARTS " == *" throughput "* ]]; then
echo "== 1. SET throughput of a master with one replica attached (N=$N, -c $CLIENTS, median of $REPS)"
for kind in redis kv; do
  MP="$(free_port)"; RP="$(free_port)"
  mkdir -p "$WORK/replica-$RP"
  pair "$kind" "$MP" "$RP" --repl-diskless-sync-delay 0
  redis-cli -p "$RP" REPLICAOF 127.0.0.1 "$MP" >/dev/null
  await_up "$RP" >/dev/null
  for P in 1 16; do
    bench_cmd "$MP" "$M_PID" "$P" 50000 -r 100000 -t set >/dev/null # warm-up
    await_offsets "$MP" "$RP"
    rs=""; ms=""; reps=""
    for _ in $(seq 1 "$REPS"); do
      r0="$(cpu_ticks "$R_PID")"
      out="$(bench_cmd "$MP" "$M_PID" "$P" "$N" -r 100000 -t set)"
      await_offsets "$MP" "$RP"
      r1="$(cpu_ticks "$R_PID")"
      rs="$rs $(echo "$out" | cut -d' ' -f1)"
      ms="$ms $(echo "$out" | cut -d' ' -f2)"
      reps="$reps $(awk -v t="$((r1 - r0))" -v hz="$TICKS" -v n="$N" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
    done
    eval "TP_${kind}_${P}=$(echo "$rs" | median)"
    eval "MC_${kind}_${P}=$(echo "$ms" | median)"
    eval "RC_${kind}_${P}=$(echo "$reps" | median)"
  done
  await_offsets "$MP" "$RP"
  stop_pid "$R_PID"; stop_pid "$M_PID"
done
for P in 1 16; do
  r="$(eval echo "\$TP_redis_$P")"; k="$(eval echo "\$TP_kv_$P")"
  echo "SET -P $P with a replica: redis-server $r req/s, sockudo-kv $k req/s, ratio $(ratio "$k" "$r")"
  r="$(eval echo "\$MC_redis_$P")"; k="$(eval echo "\$MC_kv_$P")"
  echo "  master CPU per SET: redis-server $r us, sockudo-kv $k us, ratio $(ratio "$r" "$k")"
  r="$(eval echo "\$RC_redis_$P")"; k="$(eval echo "\$RC_kv_$P")"
  echo "  replica CPU per SET: redis-server $r us, sockudo-kv $k us, ratio $(ratio "$r" "$k")"
done

fi

if [[ " $PARTS " == *" fullsync "* ]]; then
echo "== 2. full sync of $KEYS keys (REPLICAOF to master_link_status:up)"
for mode in yes no; do
  for kind in redis kv; do
    MP="$(free_port)"; RP="$(free_port)"
    mkdir -p "$WORK/replica-$RP"
    pair "$kind" "$MP" "$RP" --repl-diskless-sync "$mode" --repl-diskless-sync-delay 0
    fill "$MP"
    m0="$(all_ticks "$M_PID")"; r0="$(all_ticks "$R_PID")"
    redis-cli -p "$RP" REPLICAOF 127.0.0.1 "$MP" >/dev/null
    secs="$(await_up "$RP")"
    sleep 0.5 # the master's forked child (redis-server) is reaped
    m1="$(all_ticks "$M_PID")"; r1="$(all_ticks "$R_PID")"
    [ "$(redis-cli -p "$RP" DBSIZE)" = "$KEYS" ] || echo "bench: replica has $(redis-cli -p "$RP" DBSIZE) keys" >&2
    eval "FS_${kind}_${mode}=$secs"
    eval "FM_${kind}_${mode}=$(awk -v t="$((m1 - m0))" -v hz="$TICKS" 'BEGIN { printf "%.2f", t / hz }')"
    eval "FR_${kind}_${mode}=$(awk -v t="$((r1 - r0))" -v hz="$TICKS" 'BEGIN { printf "%.2f", t / hz }')"
    stop_pid "$R_PID"; stop_pid "$M_PID"
  done
  r="$(eval echo "\$FS_redis_$mode")"; k="$(eval echo "\$FS_kv_$mode")"
  echo "full sync (repl-diskless-sync $mode): redis-server ${r}s, sockudo-kv ${k}s, speed ratio $(ratio "$r" "$k")"
  r="$(eval echo "\$FM_redis_$mode")"; k="$(eval echo "\$FM_kv_$mode")"
  echo "  master CPU: redis-server ${r}s, sockudo-kv ${k}s, ratio $(ratio "$r" "$k")"
  r="$(eval echo "\$FR_redis_$mode")"; k="$(eval echo "\$FR_kv_$mode")"
  echo "  replica CPU: redis-server ${r}s, sockudo-kv ${k}s, ratio $(ratio "$r" "$k")"
done
fi
