#!/usr/bin/env bash
# Vector sets (VADD, VSIM) on sockudo-kv. redis-server 7.0 has no vector sets, so every figure
# here is absolute (no ratio to Redis).
#
#   bench/vectorset.sh          (builds the distribution first if it is missing)
#
# For each encoding (Q8, the default; NOQUANT; BIN) a set of N vectors of DIM components with
# components uniform in [-1, 1] ("random") is loaded through VADD ... FP32 by CLIENTS clients, one
# request in flight each, and measured:
#   - VADD/s while loading (Q8 also with 1 client, and with 50 clients using CAS);
#   - memory per vector: MEMORY USAGE / VCARD, and the live Java heap growth after a full GC
#     (jcmd) per vector; and the bytes of the vectors alone (what quantisation shrinks), measured
#     as the heap growth of the same set with 2*DIM components minus that with DIM;
#   - recall@10 of VSIM (default EF, then EF 200/400/800) against VSIM ... TRUTH over
#     RECALL_QUERIES queries from the same distribution;
#   - VSIM COUNT 10 queries/s with 1 and CLIENTS clients (QUERIES queries);
#   - recall again after VREM of 20% of the elements.
# Then the same recall figures on "clustered" data (1000 centres, N(0, 0.1) around them) for
# Q8 and NOQUANT.
#
# Settings (environment): N (default 100000), DIM (128), CLIENTS (50), QUERIES (20000),
# RECALL_QUERIES (200), SOCKUDO_KV_DIST, SOCKUDO_KV_JAVA_OPTS (e.g. -Dsockudo.kv.vectorset.simd=false
# for the plain distance loops; SOCKUDO_KV_VECTOR_API=0 keeps the launcher from adding the Vector
# API module). Takes about 25 minutes on 2 idle cores. bench/vectorset_hnswlib.py gives hnswlib's
# recall on the same distributions, for reference.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
N="${N:-100000}"
DIM="${DIM:-128}"
CLIENTS="${CLIENTS:-50}"
QUERIES="${QUERIES:-20000}"
RECALL_QUERIES="${RECALL_QUERIES:-200}"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

print_machine
echo "== N=$N DIM=$DIM CLIENTS=$CLIENTS QUERIES=$QUERIES RECALL_QUERIES=$RECALL_QUERIES"

KPORT="$(free_port)"
start_kv "$KPORT"
kv() { redis-cli -p "$KPORT" "$@"; }

# The client: a single-file Java program, compiled once into the work directory.
javac -d "$WORK/vsb" "$ROOT/bench/VectorSetBench.java"
vsb() { PORT="$KPORT" java -cp "$WORK/vsb" VectorSetBench "$@"; }

JAVA_BIN="$(command -v java)"
JCMD=""
[ -x "$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd" ] && JCMD="$(dirname "$(readlink -f "$JAVA_BIN")")/jcmd"
heap_used_kb() { # live heap after a full GC, in kB
  [ -n "$JCMD" ] || { echo 0; return; }
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || { echo 0; return; }
  sleep 2
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -n1
}

vector_bytes() { # quant -> bytes of one stored vector, by the layout (for comparison)
  case "$1" in
    NOQUANT) echo $((DIM * 4)) ;;
    Q8) echo $((DIM + 4)) ;;   # int8 codes and the float range
    BIN) echo $(((DIM + 63) / 64 * 8)) ;;
  esac
}

# warm-up (JIT): a small set, a few thousand queries
vsb load warm 5000 "$DIM" random 1 4 >/dev/null
vsb qps warm "$DIM" random 2 4 5000 >/dev/null
kv DEL warm >/dev/null

declare -A R
for Q in Q8 NOQUANT BIN; do
  kv FLUSHALL >/dev/null
  base="$(heap_used_kb "$KV_PID")"
  R[vadd50|$Q]="$(vsb load rnd "$N" "$DIM" random 1 "$CLIENTS" "$Q")"
  heap="$(heap_used_kb "$KV_PID")"
  usage="$(kv MEMORY USAGE rnd)"
  R[mem|$Q]="$(awk -v u="$usage" -v n="$N" 'BEGIN { printf "%.0f", u / n }')"
  R[heap|$Q]="$(awk -v a="$base" -v b="$heap" -v n="$N" 'BEGIN { if (b > 0) printf "%.0f", (b - a) * 1024 / n; else print "n/a" }')"
  R[vec|$Q]="$(vector_bytes "$Q")"
  R[recall|$Q]="$(vsb recall rnd "$DIM" random 77 "$RECALL_QUERIES" 100)"
  for ef in 200 400 800; do
    R[recall$ef|$Q]="$(vsb recall rnd "$DIM" random 77 "$RECALL_QUERIES" "$ef")"
  done
  R[qps1|$Q]="$(vsb qps rnd "$DIM" random 78 1 $((QUERIES / 4)))"
  R[qps50|$Q]="$(vsb qps rnd "$DIM" random 78 "$CLIENTS" "$QUERIES")"
  R[vrem|$Q]="$(vsb delete rnd "$N" 0.2 5)"
  R[recallDel|$Q]="$(vsb recall rnd "$DIM" random 77 "$RECALL_QUERIES" 100)"
  echo "   $Q done: $(kv VINFO rnd | tr '\n' ' ')"
done

# The vectors alone, measured: the same N elements (same names, so the same levels and the same
# fixed-width link rows) loaded again with 2*DIM components; the live-heap difference per vector
# over the DIM added components is what one component costs, so DIM components cost
# (heap at 2*DIM - heap at DIM) per vector. Everything else a node holds cancels out. EF 10 only
# makes the load faster: the rows are allocated at full width whatever links they get.
for Q in NOQUANT Q8 BIN; do
  kv FLUSHALL >/dev/null
  base="$(heap_used_kb "$KV_PID")"
  vsb load mem "$N" $((2 * DIM)) random 1 "$CLIENTS" "$Q" EF 10 >/dev/null
  heap="$(heap_used_kb "$KV_PID")"
  R[heap2|$Q]="$(awk -v a="$base" -v b="$heap" -v n="$N" 'BEGIN { if (b > 0) printf "%.0f", (b - a) * 1024 / n; else print "n/a" }')"
  R[vecm|$Q]="$(awk -v h1="${R[heap|$Q]}" -v h2="${R[heap2|$Q]}" 'BEGIN { if (h1 != "n/a" && h2 != "n/a") printf "%.1f", h2 - h1; else print "n/a" }')"
done
kv FLUSHALL >/dev/null

# Q8 loaded by one client, and by CLIENTS clients with CAS (neighbour search off the event loop)
kv FLUSHALL >/dev/null
R[vadd1|Q8]="$(vsb load rnd "$N" "$DIM" random 1 1)"
kv FLUSHALL >/dev/null
R[vaddcas|Q8]="$(vsb load rnd "$N" "$DIM" random 1 "$CLIENTS" CAS)"

# clustered data
for Q in Q8 NOQUANT; do
  kv FLUSHALL >/dev/null
  vsb load cl "$N" "$DIM" clustered 3 "$CLIENTS" "$Q" >/dev/null
  R[crecall|$Q]="$(vsb recall cl "$DIM" clustered 79 "$RECALL_QUERIES" 100)"
  vsb delete cl "$N" 0.2 6 >/dev/null
  R[crecallDel|$Q]="$(vsb recall cl "$DIM" clustered 79 "$RECALL_QUERIES" 100)"
done

echo
echo "== VADD throughput, $N vectors of $DIM dimensions (random), VADD/s"
printf '%-26s %10s\n' "Q8, 1 client" "${R[vadd1|Q8]}"
for Q in Q8 NOQUANT BIN; do
  printf '%-26s %10s\n' "$Q, $CLIENTS clients" "${R[vadd50|$Q]}"
done
printf '%-26s %10s\n' "Q8, $CLIENTS clients, CAS" "${R[vaddcas|Q8]}"
echo
echo "== VSIM COUNT 10 (default EF), queries/s on the $N-vector random set"
printf '%-10s %12s %12s\n' encoding "1 client" "$CLIENTS clients"
for Q in Q8 NOQUANT BIN; do
  printf '%-10s %12s %12s\n' "$Q" "${R[qps1|$Q]}" "${R[qps50|$Q]}"
done
echo
echo "== memory per vector (bytes)"
printf '%-10s %14s %14s %16s %16s %14s\n' encoding "MEMORY USAGE" "heap growth" "vector, measured" "FP32 / measured" "vector, layout"
for Q in NOQUANT Q8 BIN; do
  ratio="$(awk -v f="${R[vecm|NOQUANT]}" -v q="${R[vecm|$Q]}" 'BEGIN { if (f != "n/a" && q != "n/a" && q > 0) printf "%.1fx", f / q; else print "n/a" }')"
  printf '%-10s %14s %14s %16s %16s %14s\n' "$Q" "${R[mem|$Q]}" "${R[heap|$Q]}" "${R[vecm|$Q]}" "$ratio" "${R[vec|$Q]}"
done
echo
echo "== recall@10 vs VSIM TRUTH ($RECALL_QUERIES queries)"
printf '%-22s %8s %8s %8s %8s %14s\n' "set" "EF 100" "EF 200" "EF 400" "EF 800" "EF 100, -20%"
for Q in Q8 NOQUANT BIN; do
  printf '%-22s %8s %8s %8s %8s %14s\n' "random, $Q" "${R[recall|$Q]}" "${R[recall200|$Q]}" "${R[recall400|$Q]}" \
    "${R[recall800|$Q]}" "${R[recallDel|$Q]}"
done
for Q in Q8 NOQUANT; do
  printf '%-22s %8s %8s %8s %8s %14s\n' "clustered, $Q" "${R[crecall|$Q]}" "" "" "" "${R[crecallDel|$Q]}"
done
echo
echo "== VREM/s (deleting 20%, 1 client): $(for Q in Q8 NOQUANT BIN; do printf '%s %s  ' "$Q" "${R[vrem|$Q]}"; done)"

# ---------------------------------------------------------------- distance loops
echo
echo "== distance loops (bench/VectorKernelsBench.java; ns per 128-d distance, lower is better)"
javac -d "$WORK/vkb" "$ROOT/bench/VectorKernelsBench.java"
echo "   C2 as shipped:        $(java -cp "$WORK/vkb" VectorKernelsBench)"
echo "   -XX:-UseSuperWord:    $(java -XX:-UseSuperWord -cp "$WORK/vkb" VectorKernelsBench)"
if javac --add-modules jdk.incubator.vector -d "$WORK/vkb" "$ROOT/bench/VectorApiKernelsBench.java" 2>/dev/null; then
  echo "   $(java --add-modules jdk.incubator.vector -cp "$WORK/vkb" VectorApiKernelsBench 2>/dev/null)"
fi
