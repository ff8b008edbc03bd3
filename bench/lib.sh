#!/usr/bin/env bash
# Shared by the bench scripts (sourced, not run): starts and stops redis-server and sockudo-kv on
# free loopback ports, runs redis-benchmark with server CPU accounting, prints medians and the
# machine banner. The caller sets ROOT, DIST and CLIENTS first; every server started through
# start_redis/start_kv is stopped on exit.

for tool in redis-server redis-cli redis-benchmark; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done
if [ ! -x "$DIST/bin/sockudo-kv" ]; then
  echo "bench: building the distribution (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi

WORK="$(mktemp -d /tmp/sockudo-kv-bench.XXXXXX)"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && { timeout 20 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; }
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody listens on (the server start-up fails loudly if someone takes it meanwhile).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+) the clients' sockets use
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}

# pick_port VAR: a free port never handed out before in this run (free_port runs in a subshell,
# which starts from the parent's $RANDOM state: advance it in the parent; a server just stopped
# may still hold its port).
USED_PORTS=" "
pick_port() { # variable name
  local p
  while :; do
    : "$RANDOM"
    p="$(free_port)"
    [[ "$USED_PORTS" == *" $p "* ]] || break
  done
  USED_PORTS+="$p "
  printf -v "$1" '%s' "$p"
}

wait_ping() { # port pid name
  for _ in $(seq 1 300); do
    [ "$(redis-cli -p "$1" PING 2>/dev/null)" = "PONG" ] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: $3 did not start on port $1; log:" >&2
  cat "$WORK/$3.log" >&2 || true
  exit 1
}

start_redis() { # port [extra redis-server args] -> sets REDIS_PID
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --loglevel warning "${@:2}" >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  wait_ping "$1" "$REDIS_PID" redis
}

start_kv() { # port [extra sockudo-kv args] -> sets KV_PID
  # no snapshots and a scratch dir by default, as start_redis (a script may override both)
  "$DIST/bin/sockudo-kv" --port "$1" --save '' --dir "$WORK" "${@:2}" >"$WORK/sockudo-kv.log" 2>&1 &
  KV_PID=$!
  PIDS+=("$KV_PID")
  wait_ping "$1" "$KV_PID" sockudo-kv
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  timeout 20 tail --pid="$1" -f /dev/null 2>/dev/null || kill -9 "$1" 2>/dev/null || true
}

TICKS="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# Warm-up passes. Every redis-benchmark process starts with CONFIG GET commands the hot path has
# not seen, and HotSpot then drops that path's compiled code and compiles it again, until it has
# trapped a few times at the same place (PerBytecodeTrapLimit, 4) and compiles the rare branch in.
# A warm-up of one long run therefore leaves the measured runs paying for C2 recompilations
# (measured: 0.44 of 1.41 µs of server CPU per SET at -P 16 was the C2 compiler thread, and the
# fourth consecutive run went from 0.93M to 1.3M req/s). A long-running server, which sees INFO,
# CONFIG and the rest every few seconds, is past that point: so the scripts warm up in
# WARM_PASSES separate runs, splitting the same number of requests.
WARM_PASSES="${WARM_PASSES:-4}"

# warm_passes n cmd... : runs "cmd ... <n/WARM_PASSES> ..." WARM_PASSES times; the literal
# argument @N in cmd is replaced by the per-pass request count. Output discarded.
warm_passes() {
  local n="$1" per i
  shift
  per=$((n / WARM_PASSES)); [ "$per" -lt 1 ] && per=1
  for i in $(seq 1 "$WARM_PASSES"); do
    "${@/#@N/$per}" >/dev/null
  done
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }


# One redis-benchmark run of an explicit argument list (-t NAME, or a command line):
# prints "<requests/s> <server CPU µs per request>".
bench_cmd() { # port pid pipeline n args...
  local port="$1" pid="$2" pipeline="$3" n="$4"
  shift 4
  local before after out rps
  before="$(cpu_ticks "$pid")"
  out="$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$port" -c "$CLIENTS" -n "$n" -P "$pipeline" -q "$@" 2>&1 | tr '\r' '\n')"
  after="$(cpu_ticks "$pid")"
  rps="$(printf '%s\n' "$out" | sed -n 's/^.*: \([0-9.]*\) requests per second.*/\1/p' | tail -n1)"
  if [ -z "$rps" ]; then
    echo "bench: redis-benchmark gave no figure for '$*' on port $port:" >&2
    printf '%s\n' "$out" | tail -n 3 >&2
    echo "nan nan"
    return
  fi
  awk -v t="$((after - before))" -v hz="$TICKS" -v n="$n" -v r="$rps" 'BEGIN { printf "%s %.2f\n", r, t / hz * 1e6 / n }'
}

# Ratio a/b as "1.23x", or n/a.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

print_machine() {
  echo "== machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)"
  echo "== $(redis-server --version | cut -d' ' -f1-3); sockudo-kv from $DIST"
  echo "== java: $(java -version 2>&1 | head -n1)"
  echo "== load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
  if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "== WARNING: the machine is busy (load above half the cores): figures will be noisy"
  fi
}
