#!/usr/bin/env bash
# The request decoder's cost in isolation (no server, no network): bench/micro/RespDecoderMicro.java
# decodes 1,000 pipelined GETs (then SETs) from a direct buffer, as in the server, with the one-pass
# path for small commands and with the general parser alone, PASSES times per round
# (default 500), ROUNDS rounds (default 50, interleaved), and prints the best round's ns per
# command. Needs the kernel compiled (mvn -B -o -q package -DskipTests) for its classes and the
# distribution's lib/ for Netty; KV_CLASSES / KV_LIB point elsewhere.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${ROUNDS:-50}"
PASSES="${PASSES:-500}"
CLASSES="${KV_CLASSES:-$ROOT/kv-kernel/target/classes}"
LIB="${KV_LIB:-$ROOT/distribution/target/sockudo-kv/lib}"
CP="$(ls "$LIB"/*.jar | grep -v '/kv-kernel' | tr '\n' ':')"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
javac -cp "$CLASSES:$CP" -d "$WORK" "$ROOT/bench/micro/RespDecoderMicro.java"
echo "== load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in get set; do
  java -Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED -Dio.netty.leakDetection.level=disabled \
    -cp "$WORK:$CLASSES:$CP" io.sockudo.kv.kernel.net.RespDecoderMicro "$kind" "$ROUNDS" "$PASSES" 2>/dev/null
done
