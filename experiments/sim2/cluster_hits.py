#!/usr/bin/env python3
"""Diagnostic for SIM2 rec runs: recomputes Recall@10 from the raw interactions and a TREC run
file (independently of gensr-eval), and counts how many of the top-10 items lie in the cluster
of the history's last item (SIM2 item iNN is in cluster NN // cluster_size). A model that
learned SIM2's structure puts the 5 partners (+ the item itself) there; chance is
10 * cluster_size / items.

usage: cluster_hits.py RAW_DATASET_DIR RUN.trec [cluster_size=6]
"""
import collections
import sys

raw, run = sys.argv[1], sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 6
seqs = collections.defaultdict(list)
with open(raw + "/interactions.tsv") as f:
    next(f)
    for line in f:
        user, item, t = line.rstrip("\n").split("\t")
        seqs[user].append((int(t), item))
items = {i for s in seqs.values() for _, i in s}
cluster = lambda item: int(item[1:]) // size
top = collections.defaultdict(list)
with open(run) as f:
    for line in f:
        query, _, doc, _, _, _ = line.split()
        top[query].append(doc)
n = hits = same = 0
for user, s in seqs.items():
    if user not in top:
        continue
    s = [i for _, i in sorted(s)]
    n += 1
    hits += s[-1] in top[user][:10]
    same += sum(cluster(d) == cluster(s[-2]) for d in top[user][:10])
print(f"queries {n}  Recall@10 {hits / n:.3f}  top-10 items in the last item's cluster "
      f"{same / n:.2f} (learned: {size}, chance {10 * size / len(items):.1f})")
