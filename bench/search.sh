#!/usr/bin/env bash
# Search family (issue 20): indexing throughput, query latency and the cost of an index on HSET,
# measured on sockudo-kv alone (the redis-server used by the other scripts has no search module,
# so there is nothing to set side by side; the HSET cost is a ratio to sockudo-kv without index).
#
#   bench/search.sh            (builds the distribution first if it is missing)
#
# Data: DOCS hashes doc:N (default 100 000) generated with a fixed seed: title (5 words) and body
# (30 words) drawn from a Zipf-like vocabulary of 5 000 made-up words, 1-3 tags out of 100, a
# price in [0, 1000), a point in a 1x1 degree box, and a DIM-dimensional FLOAT32 vector
# (default 32). Schema:
#   FT.CREATE idx ON HASH PREFIX 1 doc: SCHEMA title TEXT WEIGHT 2 body TEXT tag TAG
#     price NUMERIC SORTABLE loc GEO vec VECTOR HNSW 6 TYPE FLOAT32 DIM $DIM DISTANCE_METRIC L2
#
# 1. Indexing throughput (after an untimed pass over the first 20 000 documents, for the JIT):
#    a. live: the index exists, the documents arrive through redis-cli --pipe; time from the first
#       write until FT.INFO reports every document indexed (against the same load without index);
#    b. scan: FT.DROPINDEX, then FT.CREATE over the loaded documents; time until the background
#       scan is done (FT.INFO indexing 0, num_docs = DOCS).
# 2. Query latency (same server and index): each query alone on one connection (redis-benchmark
#    -c 1 -P 1 -n QN, after an untimed warm-up run), min, p50, p99 and max in ms as
#    redis-benchmark reports them (its time includes writing and reading the reply): term, prefix, numeric range, tag, geo radius, pure KNN,
#    hybrid KNN (tag filter), and an aggregation (GROUPBY tag with COUNT and AVG over a numeric
#    range).
# 3. Cost of the index on writes: HSET of a 5-field document (title, body, tag, price, loc) on
#    random keys (redis-benchmark -r DOCS -c CLIENTS -P {1,16}), on a flushed server without an
#    index and with the index above; median of REPS runs each, alternating the order, and the
#    ratio with/without. The time the index needs to catch up after the last reply is reported
#    too (index writes are queued by the keyspace listener and applied off the event loop).
#
# Settings (environment): DOCS, DIM, QN (queries per latency run, default 2000), HN1 / HN16 (HSETs
# per run at -P 1 / -P 16, default 100000 / 400000), REPS (default 3), CLIENTS (default 50),
# PARTS (default "index query hset"), SOCKUDO_KV_DIST, SOCKUDO_KV_JAVA_OPTS. Every server it
# starts is stopped on exit.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${SOCKUDO_KV_DIST:-$ROOT/distribution/target/sockudo-kv}"
DOCS="${DOCS:-100000}"
DIM="${DIM:-32}"
QN="${QN:-2000}"
HN1="${HN1:-100000}"
HN16="${HN16:-400000}"
REPS="${REPS:-3}"
CLIENTS="${CLIENTS:-50}"
PARTS="${PARTS-index query hset}"

command -v python3 >/dev/null || { echo "bench: python3 not found (it generates the documents)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

now_ms() { date +%s%3N; }

SCHEMA=(ON HASH PREFIX 1 doc: SCHEMA title TEXT WEIGHT 2 body TEXT tag TAG price NUMERIC SORTABLE loc GEO
  vec VECTOR HNSW 6 TYPE FLOAT32 DIM "$DIM" DISTANCE_METRIC L2)

# The documents as RESP commands (for redis-cli --pipe), and the words the queries use.
python3 - "$DOCS" "$DIM" "$WORK" <<'PY'
import random, struct, sys
n, dim, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(20)
cons, vows = "bcdfghjklmnprstvwz", "aeiou"
vocab = set()
while len(vocab) < 5000:
    vocab.add("".join(rnd.choice(cons) + rnd.choice(vows) for _ in range(rnd.randint(2, 4))))
vocab = sorted(vocab)
rnd.shuffle(vocab)
weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
tags = ["t%d" % i for i in range(100)]
tag_w = [1.0 / (i + 1) for i in range(100)]
out = open(work + "/docs.resp", "wb")
warm = open(work + "/warm.resp", "wb")
i = 0
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    data = b"".join(parts)
    out.write(data)
    if i < 20000:
        warm.write(data)
for i in range(n):
    title = " ".join(rnd.choices(vocab, weights, k=5))
    body = " ".join(rnd.choices(vocab, weights, k=30))
    tag = ",".join(sorted(set(rnd.choices(tags, tag_w, k=rnd.randint(1, 3)))))
    price = "%.2f" % (rnd.random() * 1000)
    loc = "%.6f,%.6f" % (-74 + rnd.random(), 40 + rnd.random())
    vec = struct.pack("<%df" % dim, *(rnd.gauss(0, 1) for _ in range(dim)))
    cmd("HSET", "doc:%d" % i, "title", title, "body", body, "tag", tag, "price", price, "loc", loc, "vec", vec)
out.close()
warm.close()
# a query vector whose bytes hold no NUL, newline or "|" (it travels as a command-line argument)
while True:
    q = struct.pack("<%df" % dim, *(rnd.gauss(0, 1) for _ in range(dim)))
    if not any(c in q for c in (b"\0", b"\n", b"|")):
        break
open(work + "/qvec", "wb").write(q)
with open(work + "/words", "w") as f:
    f.write("%s %s %s\n" % (vocab[40], vocab[400][:3], vocab[5]))
    f.write(" ".join(rnd.choices(vocab, weights, k=5)) + "\n")
    f.write(" ".join(rnd.choices(vocab, weights, k=30)) + "\n")
PY
read -r TERM_WORD PREFIX FREQ_WORD <"$WORK/words"
HSET_TITLE="$(sed -n 2p "$WORK/words")"
HSET_BODY="$(sed -n 3p "$WORK/words")"
QVEC="$(cat "$WORK/qvec")"

info_field() { # port field -> value of a top-level FT.INFO field of idx
  redis-cli -p "$1" FT.INFO idx 2>/dev/null | tr -d '\r' | awk -v f="$2" 'p { print; exit } $0 == f { p = 1 }'
}

wait_indexed() { # port expected-docs -> waits until idx holds them and no scan runs
  local docs scanning
  for _ in $(seq 1 36000); do
    docs="$(info_field "$1" num_docs)"
    scanning="$(info_field "$1" indexing)"
    if [ "$docs" = "$2" ] && [ "$scanning" = "0" ]; then
      return 0
    fi
    sleep 0.05
  done
  echo "bench: the index did not reach $2 documents (num_docs $docs, indexing $scanning)" >&2
  exit 1
}

load_docs() { # port
  redis-cli -p "$1" --pipe <"$WORK/docs.resp" >"$WORK/pipe.log" 2>&1 || { cat "$WORK/pipe.log" >&2; exit 1; }
}

rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n / ms * 1000; else print "n/a" }'; }

print_machine
echo "== DOCS=$DOCS DIM=$DIM QN=$QN HN1=$HN1 HN16=$HN16 REPS=$REPS CLIENTS=$CLIENTS"
echo "== documents: $(($(stat -c %s "$WORK/docs.resp") / DOCS)) bytes of RESP each on average"

# ---------------------------------------------------------------- 1. indexing throughput
pick_port P
start_kv "$P"
if [[ " $PARTS " == *" index "* ]]; then
  # an untimed load and indexing pass of up to 20 000 documents (JIT), then flush
  redis-cli -p "$P" FT.CREATE idx "${SCHEMA[@]}" >/dev/null
  redis-cli -p "$P" --pipe <"$WORK/warm.resp" >/dev/null 2>&1
  wait_indexed "$P" "$(redis-cli -p "$P" DBSIZE)"
  redis-cli -p "$P" FLUSHALL >/dev/null

  t0="$(now_ms)"; load_docs "$P"; t1="$(now_ms)"
  plain_ms=$((t1 - t0))
  redis-cli -p "$P" FLUSHALL >/dev/null

  redis-cli -p "$P" FT.CREATE idx "${SCHEMA[@]}" >/dev/null
  t0="$(now_ms)"; load_docs "$P"; t1="$(now_ms)"; wait_indexed "$P" "$DOCS"; t2="$(now_ms)"
  live_load_ms=$((t1 - t0)); live_ms=$((t2 - t0))
  redis-cli -p "$P" FT.DROPINDEX idx >/dev/null

  t0="$(now_ms)"; redis-cli -p "$P" FT.CREATE idx "${SCHEMA[@]}" >/dev/null; wait_indexed "$P" "$DOCS"; t1="$(now_ms)"
  scan_ms=$((t1 - t0))
  failures="$(info_field "$P" hash_indexing_failures)"

  echo
  echo "== indexing $DOCS documents (ms; docs/s)"
  printf '%-44s %10s %12s\n' case ms docs/s
  printf '%-44s %10s %12s\n' "load without index (redis-cli --pipe)" "$plain_ms" "$(rate "$DOCS" "$plain_ms")"
  printf '%-44s %10s %12s\n' "live: load with index, until all indexed" "$live_ms" "$(rate "$DOCS" "$live_ms")"
  printf '%-44s %10s %12s\n' "  (of which the load itself)" "$live_load_ms" "$(rate "$DOCS" "$live_load_ms")"
  printf '%-44s %10s %12s\n' "scan: FT.CREATE over loaded data" "$scan_ms" "$(rate "$DOCS" "$scan_ms")"
  echo "   indexing failures: $failures"
  mem="$(redis-cli -p "$P" FT.INFO idx | tr -d '\r' | awk '/_sz_mb$/ { n = $0; getline; printf "%s %s  ", n, $0 }')"
  echo "   FT.INFO sizes (MB): $mem"
fi

# ---------------------------------------------------------------- 2. query latency
if [[ " $PARTS " == *" query "* ]]; then
  if [ "$(redis-cli -p "$P" DBSIZE)" != "$DOCS" ]; then
    redis-cli -p "$P" FLUSHALL >/dev/null
    redis-cli -p "$P" FT.CREATE idx "${SCHEMA[@]}" >/dev/null
    load_docs "$P"
    wait_indexed "$P" "$DOCS"
  fi

  declare -a QNAMES=(term prefix numeric tag geo knn hybrid_knn aggregate)
  declare -A QARGS
  QARGS[term]="FT.SEARCH|idx|$TERM_WORD|LIMIT|0|10"
  QARGS[prefix]="FT.SEARCH|idx|$PREFIX*|LIMIT|0|10"
  QARGS[numeric]="FT.SEARCH|idx|@price:[100 200]|LIMIT|0|10"
  QARGS[tag]="FT.SEARCH|idx|@tag:{t7}|LIMIT|0|10"
  QARGS[geo]="FT.SEARCH|idx|@loc:[-73.5 40.5 5 km]|LIMIT|0|10"
  QARGS[knn]="FT.SEARCH|idx|*=>[KNN 10 @vec \$B]|PARAMS|2|B|$QVEC|RETURN|1|__vec_score|DIALECT|2"
  QARGS[hybrid_knn]="FT.SEARCH|idx|(@tag:{t7} @price:[0 500])=>[KNN 10 @vec \$B]|PARAMS|2|B|$QVEC|RETURN|1|__vec_score|DIALECT|2"
  QARGS[aggregate]="FT.AGGREGATE|idx|@price:[0 300]|GROUPBY|1|@tag|REDUCE|COUNT|0|AS|n|REDUCE|AVG|1|@price|AS|avg|SORTBY|2|@n|DESC"

  echo
  echo "== query latency (one connection, $QN queries per run; ms; matches = the reply's total)"
  printf '%-11s %8s %8s %8s %8s %8s  %s\n' query matches min p50 p99 max "query"
  for q in "${QNAMES[@]}"; do
    IFS='|' read -r -a args <<<"${QARGS[$q]}"
    hits="$(redis-cli -p "$P" "${args[@]}" 2>&1 | awk 'NR == 1' | tr -d '\r')"
    timeout 600 redis-benchmark -h 127.0.0.1 -p "$P" -c 1 -n "$((QN / 4 + 1))" --csv "${args[@]}" >/dev/null 2>&1
    csv="$(timeout 600 redis-benchmark -h 127.0.0.1 -p "$P" -c 1 -n "$QN" --csv "${args[@]}" 2>/dev/null | tail -n1)"
    p50="$(printf '%s' "$csv" | awk -F'","' '{ print $5 }')"
    p99="$(printf '%s' "$csv" | awk -F'","' '{ print $7 }')"
    mn="$(printf '%s' "$csv" | awk -F'","' '{ print $4 }')"
    mx="$(printf '%s' "$csv" | awk -F'","' '{ gsub(/"/, "", $8); print $8 }')"
    shown="${args[*]:0:3}"
    printf '%-11s %8s %8s %8s %8s %8s  %s\n' "$q" "$hits" "$mn" "$p50" "$p99" "$mx" "${shown//$QVEC/<blob>}"
  done
fi
stop_pid "$KV_PID"

# ---------------------------------------------------------------- 3. HSET with and without index
if [[ " $PARTS " == *" hset "* ]]; then
  pick_port P
  start_kv "$P"
  HSET_ARGS=(HSET "doc:__rand_int__" title "$HSET_TITLE" body "$HSET_BODY" tag "t1,t2" price __rand_int__ loc "-73.5,40.5")
  run_hset() { # pipeline n mode(plain|index) -> "rps catchup_ms"
    local out t0 t1
    redis-cli -p "$P" FLUSHALL >/dev/null
    if [ "$3" = index ]; then redis-cli -p "$P" FT.CREATE idx "${SCHEMA[@]}" >/dev/null; fi
    out="$(bench_cmd "$P" "$KV_PID" "$1" "$2" -r "$DOCS" "${HSET_ARGS[@]}")"
    t0="$(now_ms)"
    if [ "$3" = index ]; then
      wait_indexed "$P" "$(redis-cli -p "$P" DBSIZE)"
    fi
    t1="$(now_ms)"
    echo "${out%% *} $((t1 - t0))"
  }
  # warm-up
  run_hset 16 "$HN16" index >/dev/null
  run_hset 16 "$HN16" plain >/dev/null
  echo
  echo "== HSET of a 5-field document on random keys doc:N (N < $DOCS), $CLIENTS clients (requests/s, medians of $REPS)"
  printf '%4s %14s %14s %8s %22s\n' P "no index" "with index" ratio "index catch-up (ms)"
  for p in 1 16; do
    n="$HN1"; [ "$p" = 16 ] && n="$HN16"
    plain=(); indexed=(); catch=()
    for rep in $(seq 1 "$REPS"); do
      if [ $((rep % 2)) -eq 1 ]; then
        read -r a _ <<<"$(run_hset "$p" "$n" plain)"; plain+=("$a")
        read -r a c <<<"$(run_hset "$p" "$n" index)"; indexed+=("$a"); catch+=("$c")
      else
        read -r a c <<<"$(run_hset "$p" "$n" index)"; indexed+=("$a"); catch+=("$c")
        read -r a _ <<<"$(run_hset "$p" "$n" plain)"; plain+=("$a")
      fi
    done
    a="$(echo "${plain[*]}" | median)"; b="$(echo "${indexed[*]}" | median)"
    printf '%4s %14s %14s %8s %22s\n' "$p" "$a" "$b" "$(ratio "$b" "$a")" "$(echo "${catch[*]}" | median)"
  done
  stop_pid "$KV_PID"
fi
