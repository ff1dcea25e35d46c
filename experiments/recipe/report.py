#!/usr/bin/env python3
"""Table, learning curves and paired t-tests of experiments/recipe/run.sh's outputs.

Reads OUT/eval/NAME/seedS/TASK/{summary.json,per_query.tsv} and OUT/runs/NAME/seedS/log.jsonl;
writes OUT/table.md (test Recall@K, All/Head/Torso, mean +- sd over seeds, best validation
Recall@K, training wall time), OUT/curves.png (validation Recall@K after each epoch, mean over
seeds) and OUT/compare-TASK-JOINT/ (gensr-eval compare of the joint model against the single-task
model on per-query recall averaged over seeds).
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SINGLE = {"rec": "Gen_R", "search": "Gen_S"}


def seeds_of(path):
    return sorted(d for d in os.listdir(path) if d.startswith("seed")) if os.path.isdir(path) else []


def mean_sd(values):
    if not values:
        return None, None
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt(values, digits=3):
    m, s = mean_sd(values)
    if m is None:
        return "-"
    return f"{m:.{digits}f}" if len(values) == 1 else f"{m:.{digits}f} ± {s:.{digits}f}"


def load_evals(out):
    """{task: {name: {seed: summary}}}"""
    evals = defaultdict(lambda: defaultdict(dict))
    root = os.path.join(out, "eval")
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        for seed in seeds_of(os.path.join(root, name)):
            for task in ("rec", "search"):
                f = os.path.join(root, name, seed, task, "summary.json")
                if os.path.exists(f):
                    with open(f) as fh:
                        evals[task][name][seed] = json.load(fh)
    return evals


def load_logs(out):
    """{name: {seed: [valid records]}}, plus {name: [wall seconds]}."""
    logs, walls = defaultdict(dict), defaultdict(list)
    root = os.path.join(out, "runs")
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        for seed in seeds_of(os.path.join(root, name)):
            run = os.path.join(root, name, seed)
            log = os.path.join(run, "log.jsonl")
            if os.path.exists(log):
                with open(log) as fh:
                    recs = [json.loads(line) for line in fh if line.strip()]
                logs[name][seed] = [r for r in recs if r.get("type") == "valid"]
            wall = os.path.join(run, "wall_seconds")
            if os.path.exists(wall):
                with open(wall) as fh:
                    walls[name].append(sum(float(x) for x in fh.read().split()))
    return logs, walls


def best_valid(records, task):
    values = [r["valid_recall"][task] for r in records if task in r.get("valid_recall", {})]
    return max(values) if values else None


def averaged_per_query(out, name, task, dest):
    """Per-query metrics averaged over the seeds of NAME, as a per_query.tsv gensr-eval reads."""
    sums, counts, order = defaultdict(lambda: [0.0, 0.0, 0.0]), defaultdict(int), []
    for seed in seeds_of(os.path.join(out, "eval", name)):
        f = os.path.join(out, "eval", name, seed, task, "per_query.tsv")
        if not os.path.exists(f):
            continue
        with open(f) as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                key = (row["slice"], row["query_id"])
                if key not in counts:
                    order.append(key)
                counts[key] += 1
                for i, m in enumerate(("recall", "ndcg", "mrr")):
                    sums[key][i] += float(row[m])
    if not order:
        return False
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as fh:
        fh.write("slice\tquery_id\trecall\tndcg\tmrr\n")
        for key in order:
            vals = [v / counts[key] for v in sums[key]]
            fh.write(f"{key[0]}\t{key[1]}\t" + "\t".join(f"{v:.10g}" for v in vals) + "\n")
    return True


def compare(out, binary, task, single, joint):
    dest = os.path.join(out, f"compare-{task}-{joint}")
    a = os.path.join(dest, "a", "per_query.tsv")
    b = os.path.join(dest, "b", "per_query.tsv")
    if not (averaged_per_query(out, single, task, a) and averaged_per_query(out, joint, task, b)):
        return None
    subprocess.run([os.path.join(binary, "gensr-eval"), "compare", a, b, "--out", dest],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(dest, "compare.json")) as fh:
        return json.load(fh)["metrics"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bin", default="build/src/apps")
    ap.add_argument("--k", type=int, default=30)
    args = ap.parse_args()
    evals = load_evals(args.out)
    logs, walls = load_logs(args.out)
    k = args.k
    lines = [f"# Test Recall@{k} (mean ± sd over seeds)", ""]
    for task in ("rec", "search"):
        if task not in evals:
            continue
        lines += [f"## {task}", "",
                  f"| system | seeds | All | Head | Torso | best valid R@{k} | train s |",
                  "|---|---|---|---|---|---|---|"]
        for name, by_seed in evals[task].items():
            cells = []
            for part in ("all", "head", "torso"):
                cells.append(fmt([s["metrics"][part]["recall"] for s in by_seed.values()]))
            valid = [best_valid(logs[name][s], task) for s in by_seed if s in logs.get(name, {})]
            valid = [v for v in valid if v is not None]
            wall = walls.get(name, [])
            lines.append(f"| {name} | {len(by_seed)} | " + " | ".join(cells) +
                         f" | {fmt(valid)} | {fmt(wall, 0) if wall else '-'} |")
        lines.append("")
        # scratch-v1: the scratch recipe before --embedding-lr-scale (RESULTS.md), when present.
        for recipe in ("scratch", "paper", "scratch-v1", "scratch-nohist", "paper-nohist",
                       "scratch-v1-nohist"):
            single, joint = f"{SINGLE[task]}-{recipe}", f"Gen_R+S-{recipe}"
            if single in evals[task] and joint in evals[task]:
                m = compare(args.out, args.bin, task, single, joint)
                if m:
                    r = m["all"]["recall"]
                    lines.append(
                        f"{joint} vs {single} ({task}, per-query recall averaged over seeds, "
                        f"paired t-test): {r['a']:.4f} -> {r['b']:.4f}, "
                        f"{100 * r['relative_improvement']:+.1f} %, t = {r['t']:.2f}, "
                        f"p = {r['p_value']:.3g} over {r['queries']} queries")
        lines.append("")
    with open(os.path.join(args.out, "table.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, task in zip(axes, ("rec", "search")):
        for name, by_seed in sorted(logs.items()):
            per_epoch = defaultdict(list)
            for records in by_seed.values():
                for r in records:
                    if task in r.get("valid_recall", {}):
                        per_epoch[r["epoch"]].append(r["valid_recall"][task])
            if per_epoch:
                xs = sorted(per_epoch)
                ax.plot(xs, [statistics.mean(per_epoch[x]) for x in xs], marker="o", label=name)
        ax.set_title(f"{task}: validation Recall@{k}")
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "curves.png"), dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
