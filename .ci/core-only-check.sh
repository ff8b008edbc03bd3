#!/usr/bin/env bash
# Feature-gated build check: builds the distribution with the core family only
# (-Dfamilies=core), starts it through its launcher and checks that
#   - lib/ holds no family other than kv-types-core,
#   - core commands work (SET/GET),
#   - only the "core" module is loaded (MODULE LIST, or the start-up log while MODULE is missing),
#   - commands of left-out families answer "ERR unknown command" (JSON.GET, FT.SEARCH, BF.ADD),
#   - every JSON.* command is unknown and COMMAND LIST lists none.
# Usage: .ci/core-only-check.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

DIST=distribution/target/sockudo-kv-core
if [ "${1:-}" != "--no-build" ]; then
  echo "core-only-check: building the core-only distribution into $DIST"
  mvn -B -q -DskipTests -Dfamilies=core -Ddist.name=sockudo-kv-core -pl distribution -am package
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok    $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL  $*"; }

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. lib/ content
families="$(cd "$DIST/lib" && ls kv-*.jar | sed 's/-[0-9].*//' | grep -vE '^kv-(kernel|spi|luaj)$' | tr '\n' ' ')"
if [ "$families" = "kv-types-core " ]; then ok "lib/ holds only the core family"; else bad "lib/ families: $families"; fi

# 2. start it on a free port (port 0: the kernel picks one and logs it)
"$DIST/bin/sockudo-kv" --port 0 --dir "$work" >"$work/server.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*listening on port \([0-9]*\) .*/\1/p' "$work/server.log" | head -n1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$port" ]; then
  echo "core-only-check: server did not start; log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "core-only-check: server up on port $port: $(grep 'listening on port' "$work/server.log" | sed 's/.*listening/listening/')"

cli() { timeout 10 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>&1; }

# 3. core commands
[ "$(cli PING)" = "PONG" ] && ok "PING" || bad "PING"
[ "$(cli SET core:key hello)" = "OK" ] && ok "SET" || bad "SET"
[ "$(cli GET core:key)" = "hello" ] && ok "GET" || bad "GET"

# 4. only the core module is loaded
modules="$(cli MODULE LIST)"
loaded="$(printf '%s\n' "$modules" | awk 'prev == "name" { print } { prev = $0 }' | tr '\n' ' ')"
[ "$loaded" = "core " ] && ok "MODULE LIST shows only core" || bad "MODULE LIST: $(echo "$modules" | tr '\n' ' ')"

# 5. commands of left-out families are unknown
for c in "JSON.GET doc" "FT.SEARCH idx hello" "BF.ADD bf item"; do
  # shellcheck disable=SC2086
  reply="$(cli $c)"
  name="${c%% *}"
  if [[ "$reply" == "ERR unknown command '$name'"* ]]; then ok "$name -> unknown command"; else bad "$name -> $reply"; fi
done

# 6. no JSON.* command at all: every RedisJSON command name is unknown, none is listed
json_unknown=0
for name in JSON.SET JSON.GET JSON.MGET JSON.MSET JSON.MERGE JSON.DEL JSON.FORGET JSON.TYPE JSON.CLEAR \
    JSON.TOGGLE JSON.NUMINCRBY JSON.NUMMULTBY JSON.STRAPPEND JSON.STRLEN JSON.ARRAPPEND JSON.ARRINDEX \
    JSON.ARRINSERT JSON.ARRLEN JSON.ARRPOP JSON.ARRTRIM JSON.OBJKEYS JSON.OBJLEN JSON.RESP JSON.DEBUG; do
  reply="$(cli "$name" k)"
  [[ "$reply" == "ERR unknown command '$name'"* ]] || { json_unknown=1; bad "$name -> $reply"; }
done
[ "$json_unknown" -eq 0 ] && ok "every JSON.* command -> unknown command"
listed="$(cli COMMAND LIST | grep -ci '^json\.' || true)"
[ "$listed" = "0" ] && ok "COMMAND LIST has no json.* command" || bad "COMMAND LIST lists $listed json.* commands"

echo "core-only-check: $passed checks ok, $failed checks failed"
[ "$failed" -eq 0 ]
