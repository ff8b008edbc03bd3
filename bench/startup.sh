#!/usr/bin/env bash
# Start-up time: launch -> first PONG, sockudo-kv against redis-server.
#
#   bench/startup.sh          (builds the distribution first if it is missing)
#   BASE=/tmp/dist-before bench/startup.sh    before/after: another sockudo-kv build instead of
#                             redis-server (copy the old build's distribution aside and run its
#                             bin/sockudo-kv-cds there first: the class-data-sharing archive is only
#                             used in the directory it was made for)
#
# For each server, alternately, RUNS times (default 5): start it on a free loopback port (no snapshots, a
# scratch dir), poll "redis-cli PING" every 5 ms until it answers PONG, and record the wall time
# from the launch to that PONG and the server's CPU time (user + system from /proc/<pid>/stat)
# at that moment; then stop it (SHUTDOWN NOSAVE). Prints every run and the medians. sockudo-kv is
# started through the distribution's launcher (bin/sockudo-kv, which execs the JVM: one pid) with
# its default options plus SOCKUDO_KV_JAVA_OPTS, so the class-data-sharing archive the
# distribution ships is used as users get it.
#
# On a busy machine wall times stretch with the load (the JVM starts several threads that want
# a core each): the CPU time moves less. The load average is printed at the start and the end.
#
# Settings (environment): RUNS (default 5), BASE, SOCKUDO_KV_DIST (default distribution/target/sockudo-kv),
# SOCKUDO_KV_JAVA_OPTS (passed to the launcher), KV_ARGS (extra sockudo-kv arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
RUNS="${RUNS:-5}"
CLIENTS=1
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# One start: prints "<ms to first PONG> <CPU ms at that moment>".
one_start() { # name command...
  local name="$1" port pid t0 t1 ticks
  shift
  port="$(free_port)"
  t0="$(date +%s%N)"
  "${@//PORT/$port}" >"$WORK/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 6000); do
    [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name exited; log:" >&2; cat "$WORK/$name.log" >&2; exit 1; }
    sleep 0.005
  done
  t1="$(date +%s%N)"
  ticks="$(cpu_ticks "$pid")"
  redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  stop_pid "$pid"
  awk -v w="$((t1 - t0))" -v t="$ticks" -v hz="$TICKS" 'BEGIN { printf "%d %d\n", w / 1e6, t * 1000 / hz }'
}

# The other side: redis-server, or with BASE another sockudo-kv build (before/after).
if [ -n "${BASE:-}" ]; then
  OTHER=base
  # shellcheck disable=SC2206
  OTHER_CMD=("$BASE/bin/sockudo-kv" --port PORT --save '' --dir "$WORK" ${KV_ARGS:-})
else
  OTHER=redis
  OTHER_CMD=(redis-server --port PORT --bind 127.0.0.1 --save '' --appendonly no --daemonize no)
fi

print_machine
declare -A WALL CPU
for i in $(seq 1 "$RUNS"); do
  read -r w c < <(one_start "$OTHER" "${OTHER_CMD[@]}")
  WALL[other]+="$w "; CPU[other]+="$c "
  printf '   run %d  %-10s %6d ms to first PONG  %6d ms CPU\n' "$i" "$OTHER" "$w" "$c"
  # shellcheck disable=SC2086
  read -r w c < <(one_start sockudo-kv "$DIST/bin/sockudo-kv" --port PORT --save '' --dir "$WORK" ${KV_ARGS:-})
  WALL[kv]+="$w "; CPU[kv]+="$c "
  printf '   run %d  %-10s %6d ms to first PONG  %6d ms CPU\n' "$i" sockudo-kv "$w" "$c"
done
if grep -qi 'warn.*\(cds\|shar\)' "$WORK/sockudo-kv.log"; then
  echo "== WARNING: the JVM printed a class-data-sharing warning:"
  grep -i 'cds\|shar' "$WORK/sockudo-kv.log" | head -n 3
fi
echo "== load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
echo
echo "== launch -> first PONG (median of $RUNS)"
printf '%-12s %10s %10s\n' server "wall ms" "CPU ms"
printf '%-12s %10s %10s\n' "$OTHER" "$(echo "${WALL[other]}" | median)" "$(echo "${CPU[other]}" | median)"
printf '%-12s %10s %10s\n' sockudo-kv "$(echo "${WALL[kv]}" | median)" "$(echo "${CPU[kv]}" | median)"
