#!/usr/bin/env bash
# TLS cost: SET and GET through redis-benchmark --tls (client certificates, TLSv1.3, the
# default tls-auth-clients yes) against sockudo-kv's tls-port (Netty SslHandler, JDK provider)
# and redis-server 7.0's tls-port (OpenSSL) in the same run, with the same certificates, plus
# the plain port of each for the TLS / plain ratio.
#
#   bench/tls.sh          (builds nothing: run `mvn -B -o package -DskipTests -pl distribution -am` first)
#
# For each pipeline depth (1 and 16) and each transport, REPS runs alternating which server
# goes first; median requests/s and server CPU µs per request; ratio sockudo-kv / redis-server.
#
# Settings (environment): N (requests per run, default 200000), REPS (default 3), CLIENTS
# (default 50), SOCKUDO_KV_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N="${N:-200000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine

# A CA, a server pair (traditional RSA key, as Redis's gen-test-certs.sh writes) and a client pair.
C="$WORK/certs"
mkdir -p "$C"
(
  cd "$C"
  openssl genrsa -traditional -out ca.key 2048 2>/dev/null
  openssl req -x509 -new -nodes -sha256 -key ca.key -days 2 -subj '/CN=bench CA' -out ca.crt
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
  for n in server client; do
    openssl genrsa -traditional -out "$n.key" 2048 2>/dev/null
    openssl req -new -sha256 -key "$n.key" -subj "/CN=$n" -out "$n.csr"
    ext=(); [ "$n" = server ] && ext=(-extfile server.ext)
    openssl x509 -req -sha256 -in "$n.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "${ext[@]}" \
      -out "$n.crt" 2>/dev/null
  done
)
TLS_SERVER=(--tls-cert-file "$C/server.crt" --tls-key-file "$C/server.key" --tls-ca-cert-file "$C/ca.crt")
TLS_CLIENT=(--tls --cacert "$C/ca.crt" --cert "$C/client.crt" --key "$C/client.key")

RPORT="$(free_port)"; RTLS="$(free_port)"
start_redis "$RPORT" --tls-port "$RTLS" "${TLS_SERVER[@]}"
KPORT="$(free_port)"; KTLS="$(free_port)"
start_kv "$KPORT" --tls-port "$KTLS" "${TLS_SERVER[@]}"

echo "== redis:      $(redis-cli -p "$RTLS" "${TLS_CLIENT[@]}" PING 2>&1) over TLS"
echo "== sockudo-kv: $(redis-cli -p "$KTLS" "${TLS_CLIENT[@]}" PING 2>&1) over TLS"

# warm-up (JIT, both transports)
warm_passes 400000 bench_cmd "$KTLS" "$KV_PID" 16 @N "${TLS_CLIENT[@]}" -t set,get
warm_passes 400000 bench_cmd "$KPORT" "$KV_PID" 16 @N -t set,get

printf '%-4s %-3s %-6s %12s %12s %7s %10s %10s\n' test P link redis_rps kv_rps ratio redis_us kv_us
for t in set get; do
  for P in 1 16; do
    for link in tls plain; do
      if [ "$link" = tls ]; then rp="$RTLS"; kp="$KTLS"; extra=("${TLS_CLIENT[@]}"); else rp="$RPORT"; kp="$KPORT"; extra=(); fi
      r_rps=""; k_rps=""; r_us=""; k_us=""
      for i in $(seq 1 "$REPS"); do
        if [ $((i % 2)) -eq 1 ]; then
          read -r a b < <(bench_cmd "$rp" "$REDIS_PID" "$P" "$N" "${extra[@]}" -t "$t")
          read -r c d < <(bench_cmd "$kp" "$KV_PID" "$P" "$N" "${extra[@]}" -t "$t")
        else
          read -r c d < <(bench_cmd "$kp" "$KV_PID" "$P" "$N" "${extra[@]}" -t "$t")
          read -r a b < <(bench_cmd "$rp" "$REDIS_PID" "$P" "$N" "${extra[@]}" -t "$t")
        fi
        r_rps="$r_rps $a"; r_us="$r_us $b"; k_rps="$k_rps $c"; k_us="$k_us $d"
      done
      rr="$(echo "$r_rps" | median)"; kr="$(echo "$k_rps" | median)"
      printf '%-4s %-3s %-6s %12s %12s %7s %10s %10s\n' "$t" "$P" "$link" "$rr" "$kr" "$(ratio "$kr" "$rr")" \
        "$(echo "$r_us" | median)" "$(echo "$k_us" | median)"
    done
  done
done
