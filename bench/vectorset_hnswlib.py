#!/usr/bin/env python3
"""Reference recall for bench/vectorset.sh: hnswlib (Debian: apt-get install python3-hnswlib) with
Redis's defaults (M 16, EF construction 200, cosine) on data of the same distributions as
VectorSetBench.java ("random": components uniform in [-1, 1]; "clustered": 1000 centres uniform
in [-1, 1], each vector a centre plus N(0, 0.1) per component), recall@10 of 200 queries drawn
from the same distribution against a brute-force scan, at EF 100..800.

    /usr/bin/python3 bench/vectorset_hnswlib.py [N] [random|clustered]
"""
import sys
import time

import hnswlib
import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
kind = sys.argv[2] if len(sys.argv) > 2 else "random"
dim, nq = 128, 200
rng = np.random.default_rng(1)
if kind == "random":
    data = rng.uniform(-1, 1, (n, dim)).astype(np.float32)
    q = rng.uniform(-1, 1, (nq, dim)).astype(np.float32)
else:
    c = rng.uniform(-1, 1, (1000, dim)).astype(np.float32)
    data = (c[rng.integers(0, 1000, n)] + rng.normal(0, 0.1, (n, dim))).astype(np.float32)
    q = (c[rng.integers(0, 1000, nq)] + rng.normal(0, 0.1, (nq, dim))).astype(np.float32)
index = hnswlib.Index(space="cosine", dim=dim)
index.init_index(max_elements=n, ef_construction=200, M=16, random_seed=100)
t = time.time()
index.add_items(data, np.arange(n))
print("hnswlib build of", n, kind, "vectors:", round(time.time() - t, 1), "s", flush=True)
dn = data / np.linalg.norm(data, axis=1, keepdims=True)
qn = q / np.linalg.norm(q, axis=1, keepdims=True)
truth = np.argsort(-(qn @ dn.T), axis=1)[:, :10]
for ef in (100, 200, 400, 800, 1600):
    index.set_ef(ef)
    labels, _ = index.knn_query(q, k=10)
    r = np.mean([len(set(labels[i]) & set(truth[i])) / 10 for i in range(nq)])
    print(kind, "EF", ef, "recall@10", round(float(r), 4), flush=True)
