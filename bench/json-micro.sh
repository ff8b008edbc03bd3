#!/usr/bin/env bash
# JSON parse and serialise costs in isolation (no server, no network): bench/micro/JsonMicro.java
# parses the 1 KB document of bench/json.sh into the packed form and writes it back as compact
# text, N times per round (default 300000), ROUNDS rounds (default 5), and prints the thread's CPU
# time per document. Needs the module compiled (mvn -B -o -q package -DskipTests, or any build
# that leaves kv-types-stack/target/classes); KV_CLASSES points elsewhere (another build's classes).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${N:-300000}"
ROUNDS="${ROUNDS:-5}"
CLASSES="${KV_CLASSES:-$ROOT/kv-types-stack/target/classes:$ROOT/kv-spi/target/classes}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
sed -n '/^DOC="$(tr/,/^JSON$/p' "$ROOT/bench/json.sh" | sed '1d;$d' | tr -d '\n' >"$WORK/doc.json"
javac -cp "$CLASSES" -d "$WORK" "$ROOT/bench/micro/JsonMicro.java"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$WORK:$CLASSES" JsonMicro "$WORK/doc.json" "$N" "$ROUNDS"
