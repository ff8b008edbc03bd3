#!/usr/bin/env bash
# Persistence side by side with redis-server 7.0 (issue 11's figures):
#   1. BGSAVE of KEYS keys (default 1M, 10-byte values): time to finish, and client p99 latency
#      (redis-benchmark SET/GET, -c 50) while it runs against the same benchmark idle;
#   2. load time of that RDB at start-up (start with the file minus start without it);
#   2b. PARTS=load: load time of one RDB (written by redis-server from KEYS keys) as each server
#      logs it ("DB loaded from disk: <s> seconds"), LOAD_REPS starts of each, alternating, median;
#   3. SET throughput (-c 50, -P AOF_PIPELINE) with appendonly no, and yes with appendfsync
#      everysec / always; each server first gets AOF_WARM requests of the same kind (not counted:
#      the JVM's JIT compiles during the first ones, a long-running server has done that long ago).
#
#   bench/persistence.sh       (builds the distribution first if it is missing)
#
# Settings (environment): KEYS (1000000), LAT_N (requests per latency run, 300000), AOF_N (200000),
# AOF_PIPELINE (1), AOF_WARM (100000), CLIENTS (50), PARTS ("save aof": the BGSAVE and load figures, the AOF figures; "load": the
# logged load time only), LOAD_REPS (5), SOCKUDO_KV_JAVA_OPTS, SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
KEYS="${KEYS:-1000000}"
LAT_N="${LAT_N:-300000}"
AOF_N="${AOF_N:-200000}"
AOF_PIPELINE="${AOF_PIPELINE:-1}"
AOF_WARM="${AOF_WARM:-100000}"
CLIENTS="${CLIENTS:-50}"
PARTS="${PARTS:-save aof}"
LOAD_REPS="${LOAD_REPS:-5}"

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

p99() { # port n -> p99 ms of SET,GET (the worse of the two)
  timeout 300 redis-benchmark -h 127.0.0.1 -p "$1" -c "$CLIENTS" -n "$2" -r "$KEYS" -t set,get --csv 2>/dev/null \
    | awk -F'","' 'NR > 1 { gsub(/"/, "", $7); if ($7 + 0 > m) m = $7 + 0 } END { print m }'
}

bgsave_run() { # port -> "<seconds to finish BGSAVE> <p99 during>"
  local start end lat
  start="$(date +%s.%N)"
  redis-cli -p "$1" BGSAVE >/dev/null
  lat="$(p99 "$1" "$LAT_N")"
  while [ "$(redis-cli -p "$1" INFO persistence | tr -d '\r' | sed -n 's/^rdb_bgsave_in_progress://p')" = "1" ]; do
    sleep 0.01
  done
  end="$(date +%s.%N)"
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $lat"
}

start_time() { # command... -> seconds until PONG
  local port="$1"; shift
  local t0 pid
  t0="$(date +%s.%N)"
  "$@" >"$WORK/start.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 6000); do
    [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] && break
    sleep 0.01
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
  stop_pid "$pid"
}

if [[ " $PARTS " == *" save "* ]]; then
echo "== BGSAVE of $KEYS keys with clients writing (p99 of SET/GET -c $CLIENTS, ms)"
for server in redis kv; do
  dir="$WORK/$server"; mkdir -p "$dir"
  port="$(free_port)"
  if [ "$server" = redis ]; then start_redis "$port" --dir "$dir"; pid=$REDIS_PID; else start_kv "$port" --dir "$dir"; pid=$KV_PID; fi
  fill "$port"
  idle="$(p99 "$port" "$LAT_N")"
  read -r secs during <<<"$(bgsave_run "$port")"
  size="$(stat -c %s "$dir/dump.rdb")"
  printf '%-10s BGSAVE %6ss  file %9s B  p99 idle %6s ms  p99 during BGSAVE %6s ms\n' "$server" "$secs" "$size" "$idle" "$during"
  eval "${server}_save=$secs ${server}_idle=$idle ${server}_during=$during"
  stop_pid "$pid"
done
echo "ratio kv/redis: BGSAVE time $(ratio "$kv_save" "$redis_save"); p99 during/idle: redis $(ratio "$redis_during" "$redis_idle"), kv $(ratio "$kv_during" "$kv_idle")"

echo "== load at start-up (start with the RDB minus start without it)"
port="$(free_port)"
r_empty="$(start_time "$port" redis-server --port "$port" --bind 127.0.0.1 --save '' --dir "$WORK" --dbfilename none.rdb)"
r_full="$(start_time "$port" redis-server --port "$port" --bind 127.0.0.1 --save '' --dir "$WORK/redis")"
k_empty="$(start_time "$port" "$DIST/bin/sockudo-kv" --port "$port" --save '' --dir "$WORK" --dbfilename none.rdb)"
k_full="$(start_time "$port" "$DIST/bin/sockudo-kv" --port "$port" --save '' --dir "$WORK/kv")"
r_load="$(awk -v a="$r_full" -v b="$r_empty" 'BEGIN { printf "%.2f", a - b }')"
k_load="$(awk -v a="$k_full" -v b="$k_empty" 'BEGIN { printf "%.2f", a - b }')"
echo "redis load ${r_load}s, sockudo-kv load ${k_load}s: ratio kv/redis $(ratio "$k_load" "$r_load")"
fi

logged_load() { # log-file server-command... -> seconds the server logged for loading its RDB
  local log="$1"; shift
  local pid secs=""
  "$@" >"$log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 6000); do
    secs="$(sed -n 's/.*DB loaded from disk: \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)"
    [ -n "$secs" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  stop_pid "$pid"
  echo "${secs:-nan}"
}

if [[ " $PARTS " == *" load "* ]]; then
echo "== load of one RDB ($KEYS keys written by redis-server), as each server logs it, $LOAD_REPS starts each"
dir="$WORK/load"; mkdir -p "$dir"
port="$(free_port)"
start_redis "$port" --dir "$dir"
fill "$port"
redis-cli -p "$port" SAVE >/dev/null
stop_pid "$REDIS_PID"
echo "RDB: $(stat -c %s "$dir/dump.rdb") B"
r_all=""; k_all=""
for rep in $(seq 1 "$LOAD_REPS"); do
  port="$(free_port)"
  r_all="$r_all $(logged_load "$WORK/load-redis.log" redis-server --port "$port" --bind 127.0.0.1 --save '' --dir "$dir")"
  port="$(free_port)"
  k_all="$k_all $(logged_load "$WORK/load-kv.log" "$DIST/bin/sockudo-kv" --port "$port" --save '' --dir "$dir")"
done
# a start that logged nothing (a port taken meanwhile) prints nan and is left out of the median
r_med="$(echo "$r_all" | tr ' ' '\n' | grep -v nan | median)"; k_med="$(echo "$k_all" | tr ' ' '\n' | grep -v nan | median)"
echo "redis-server:$r_all s (median $r_med)"
echo "sockudo-kv:  $k_all s (median $k_med)"
echo "load ratio kv/redis (median): $(ratio "$k_med" "$r_med")"
fi

[[ " $PARTS " == *" aof "* ]] || exit 0
echo "== SET throughput with the AOF (-c $CLIENTS -P $AOF_PIPELINE, $AOF_N requests after $AOF_WARM not counted)"
for fsync in off everysec always; do
  rdir="$WORK/aof-redis-$fsync"; kdir="$WORK/aof-kv-$fsync"; mkdir -p "$rdir" "$kdir"
  if [ "$fsync" = off ]; then ropts=(--appendonly no); else ropts=(--appendonly yes --appendfsync "$fsync"); fi
  port="$(free_port)"; start_redis "$port" --dir "$rdir" "${ropts[@]}"
  [ "$AOF_WARM" -gt 0 ] && warm_passes "$AOF_WARM" bench_cmd "$port" "$REDIS_PID" "$AOF_PIPELINE" @N -t set -r 100000
  read -r r_rps r_cpu <<<"$(bench_cmd "$port" "$REDIS_PID" "$AOF_PIPELINE" "$AOF_N" -t set -r 100000)"
  stop_pid "$REDIS_PID"
  port="$(free_port)"; start_kv "$port" --dir "$kdir" "${ropts[@]}"
  [ "$AOF_WARM" -gt 0 ] && warm_passes "$AOF_WARM" bench_cmd "$port" "$KV_PID" "$AOF_PIPELINE" @N -t set -r 100000
  read -r k_rps k_cpu <<<"$(bench_cmd "$port" "$KV_PID" "$AOF_PIPELINE" "$AOF_N" -t set -r 100000)"
  stop_pid "$KV_PID"
  echo "appendonly ${fsync/off/no (baseline)}: redis $r_rps req/s ($r_cpu us CPU/req), sockudo-kv $k_rps req/s ($k_cpu us CPU/req): ratio $(ratio "$k_rps" "$r_rps")"
done
