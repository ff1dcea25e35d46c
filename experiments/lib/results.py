"""Reading gensr-eval outputs, mean +- sd over seeds, the paired t-test and Markdown tables."""
import csv
import json
import os
import statistics
import subprocess
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402,F401  (the experiments plot through this module)

DAGGER = "‡"


def summary(eval_dir):
    f = os.path.join(eval_dir, "summary.json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        return json.load(fh)


def recall(eval_dir, part="all"):
    s = summary(eval_dir)
    return s["metrics"][part]["recall"] if s else None


def recalls(eval_dirs, part="all"):
    return [r for r in (recall(d, part) for d in eval_dirs) if r is not None]


def mean_sd(values):
    if not values:
        return None, None
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt(values, digits=3):
    m, s = mean_sd(values)
    if m is None:
        return "-"
    return f"{m:.{digits}f}" if len(values) == 1 else f"{m:.{digits}f} ± {s:.{digits}f}"


def averaged_per_query(eval_dirs, dest):
    """Per-query metrics averaged over the evaluations of one model's seeds, as a per_query.tsv
    gensr-eval compare reads. Query ids are positions in the test split: with seeds that
    simulate different data, each position averages independent draws, so the pairs of two
    models averaged over the same seeds stay paired and independent across positions."""
    sums, counts, order = defaultdict(lambda: [0.0, 0.0, 0.0]), defaultdict(int), []
    for d in eval_dirs:
        f = os.path.join(d, "per_query.tsv")
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


def compare(binary, single_dirs, joint_dirs, dest):
    """gensr-eval compare (paired t-test) of the joint model against the single-task one on
    per-query recall averaged over seeds; compare.json's metrics, or None when one is missing."""
    a = os.path.join(dest, "a", "per_query.tsv")
    b = os.path.join(dest, "b", "per_query.tsv")
    if not (averaged_per_query(single_dirs, a) and averaged_per_query(joint_dirs, b)):
        return None
    subprocess.run([os.path.join(binary, "gensr-eval"), "compare", a, b, "--out", dest],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(dest, "compare.json")) as fh:
        return json.load(fh)["metrics"]


def marked(values, metrics, part="all", digits=3):
    """Mean over seeds, with ‡ when the paired t-test against the single-task model is
    significant (compare.json's verdict at its alpha)."""
    m, _ = mean_sd(values)
    if m is None:
        return "-"
    sig = metrics and metrics.get(part, {}).get("recall", {}).get("significant")
    return f"{m:.{digits}f}" + (DAGGER if sig else "")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def save_task_panels(fig, axes, title, xlabel, path):
    """Titles ("{task}" filled with rec / search), grids and legends of the two task panels."""
    for ax, task in zip(axes, ("rec", "search")):
        ax.set_title(title.format(task=task))
        ax.set_xlabel(xlabel)
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def wall_seconds(run_dir, step="train"):
    f = os.path.join(run_dir, "sweep.json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        return json.load(fh)["steps"].get(step, {}).get("wall_seconds")


def write(path, lines):
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
