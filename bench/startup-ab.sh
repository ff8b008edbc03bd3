#!/usr/bin/env bash
# Start-up before/after: two sockudo-kv distributions started alternately, launch -> first PONG.
#
#   BASE=/tmp/dist-before NEW=distribution/target/sockudo-kv bench/startup-ab.sh
#
# (copy the distribution of the old commit aside and run its bin/sockudo-kv-cds there first: the
# class-data-sharing archive is only used in the directory it was made for). RUNS (default 8)
# starts of each, alternating, so that a machine whose speed drifts affects both alike; prints
# every start's wall time and each build's median. bench/startup.sh compares with redis-server.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE="${BASE:?set BASE to the distribution to compare with}"
NEW="${NEW:-$ROOT/distribution/target/sockudo-kv}"
DIST="$NEW"
RUNS="${RUNS:-8}"
CLIENTS=1
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

one_start() { # distribution -> ms to first PONG
  local port pid t0 t1
  port="$(free_port)"
  t0="$(date +%s%N)"
  "$1/bin/sockudo-kv" --port "$port" --save '' --dir "$WORK" >"$WORK/start.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 6000); do
    [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: $1 exited; log:" >&2; cat "$WORK/start.log" >&2; exit 1; }
    sleep 0.003
  done
  t1="$(date +%s%N)"
  redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  stop_pid "$pid"
  echo $(((t1 - t0) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

print_machine
base=() new=()
for i in $(seq 1 "$RUNS"); do
  base+=("$(one_start "$BASE")")
  new+=("$(one_start "$NEW")")
  printf '   run %d  base %5d ms  new %5d ms\n' "$i" "${base[-1]}" "${new[-1]}"
done
echo "== launch -> first PONG, median of $RUNS: base $(median "${base[@]}") ms, new $(median "${new[@]}") ms"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
