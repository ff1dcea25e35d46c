#!/usr/bin/env python3
"""Table 5 (and Tables 6-8) for any dataset named in a config: rec and search Recall@K on All /
Head / Torso of Gen_R, Gen_S and Gen_R+S (each recipe in the config, several seeds) beside the
references (Pop_R / Pop_S with and without history, transition counts, BM25, SASRec), the
relative improvement of Gen_R+S and ‡ for a significant paired t-test against the single-task
model; `gensr-eval analyse` of the joint against the single-task model (Tables 6-8).

    CONFIG=experiments/table5/ml-latest-small.json python3 experiments/table5/run.py [all|plan|report]

The config's "dataset" names the data: {"folder": DIR} (a gensr dataset folder, e.g. the output
of `gensr-data movielens` on ML-25M or `gensr-data mpd`), {"movielens": DIR} / {"mpd": DIR}
(converted first) or {"simulate": [gensr-data simulate options]} (the smoke size). Other keys:
prepare_args, k, seeds (scratch models and SASRec), paper_seeds (the paper preset), recipes,
checkpoint (best | latest), nohist (also score rec with the history left out, as Pop_R-nohist
and Transitions do), sasrec_args. Settings from the environment: experiments/lib/gensr.py;
PAPER_SEEDS replaces paper_seeds, K replaces k.

Writes OUT/table5.md (the paper's layout), OUT/table.md (every system with mean ± sd over seeds,
best validation Recall@K and training seconds), OUT/tables6_8.md, OUT/curves.png (validation
Recall@K per epoch) under the layout OUT/runs/NAME/seedS (trainings), OUT/eval/NAME/seedS/TASK
(gensr-eval outputs; the references are seed0), OUT/refs (their run files).
"""
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402
import sweep  # noqa: E402

# (name, task, gensr-baseline kind, options): the references, deterministic (one "seed", 0).
REFERENCES = [
    ("Pop_R", "rec", "pop", ["--popularity", "rec", "--keep-history"]),
    ("Pop_R-nohist", "rec", "pop", ["--popularity", "rec"]),
    ("Pop_S", "rec", "pop", ["--popularity", "search", "--keep-history"]),
    ("Transitions", "rec", "transitions", []),
    ("Pop_S", "search", "pop", ["--popularity", "search"]),
    ("Pop_R", "search", "pop", ["--popularity", "rec"]),
    ("BM25", "search", "bm25", None),  # None: --dataset RAW
]


def configure(s):
    env = os.environ
    if "PAPER_SEEDS" in env:
        s.cfg["paper_seeds"] = [int(x) for x in env["PAPER_SEEDS"].split()]
    if "K" in env:
        s.cfg["k"] = int(env["K"])
    return s


def data_run(s):
    """The run that converts (or simulates) and prepares the dataset: (run, raw, prepared)."""
    spec = s.cfg["dataset"]
    folder = s.path("data")
    raw, prepared = os.path.join(folder, "raw"), os.path.join(folder, "prepared")
    steps = []
    if "folder" in spec:
        raw = spec["folder"]
    elif "simulate" in spec:
        return gensr.simulated_data(s, folder, spec["simulate"]), raw, prepared
    else:
        (kind, source), = spec.items()
        steps.append(sweep.Step("convert", [s.prog("gensr-data"), kind, "--input", source,
                                            "--out", raw], os.path.join(raw, "dataset.json")))
    steps.append(gensr.prepare_step(s, raw, prepared, s.cfg.get("prepare_args", [])))
    return sweep.Run(id=f"data {folder}", dir=folder, steps=steps), raw, prepared


def eval_dir(s, name, seed, task):
    return s.path("eval", name, f"seed{seed}", task)


def model_runs(s, name, seed, train_args, data, prepared, tasks):
    """One training and its test evaluations (rec also with the history left out)."""
    evals = []
    for task in tasks:
        evals.append((task, s.cfg["checkpoint"], eval_dir(s, name, seed, task), []))
        if task == "rec" and s.cfg.get("nohist", True):
            evals.append((task, s.cfg["checkpoint"], eval_dir(s, name + "-nohist", seed, task),
                          ["--exclude-history"]))
    run_dir = s.path("runs", name, f"seed{seed}")
    return gensr.model_run(s, f"{name} seed{seed}", run_dir, data, prepared, train_args, evals, seed)


def generative_runs(s, data, prepared, recipe, seed, models=("Gen_R", "Gen_S", "Gen_R+S"),
                    suffix="", extra=()):
    return [model_runs(s, f"{m}-{recipe}{suffix}", seed,
                       gensr.generative_args(s, m, recipe, seed, extra), data, prepared,
                       gensr.MODELS[m].split(",")) for m in models]


def plan(s):
    configure(s)
    data, raw, prepared = data_run(s)
    runs = [data]
    os.makedirs(s.path("refs"), exist_ok=True)
    for name, task, kind, args in REFERENCES:
        out = eval_dir(s, name, 0, task)
        trec = s.path("refs", f"{name}-{task}.trec")
        args = args if args is not None else ["--dataset", raw]
        runs.append(sweep.Run(id=f"{name} {task}", dir=out, needs=[data.id], steps=[
            sweep.Step("baseline", [s.prog("gensr-baseline"), kind, "--data", prepared, "--task",
                                    task, "--k", s.cfg["k"], "--out", trec, *args], trec + ".json"),
            sweep.Step("score", [s.prog("gensr-eval"), "score", "--run", trec, "--data", prepared,
                                 "--task", task, "--k", s.cfg["k"], "--out", out],
                       os.path.join(out, "summary.json"))]))
    for seed in s.cfg["seeds"]:
        for recipe in s.cfg["recipes"]:
            runs += generative_runs(s, data, prepared, recipe, seed)
        runs.append(model_runs(s, "SASRec", seed, ["--arch", "sasrec", "--tasks", "rec", "--seed",
                                                   seed, *s.cfg["sasrec_args"]],
                               data, prepared, ["rec"]))
    for seed in s.cfg["paper_seeds"]:
        runs += generative_runs(s, data, prepared, "paper", seed)
    return runs


# -- report -----------------------------------------------------------------------------------


def names_by_task(s):
    """{task: {name: [eval dirs over seeds]}} of everything evaluated."""
    found = defaultdict(dict)
    root = s.path("eval")
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
        for seed in sorted(os.listdir(os.path.join(root, name))):
            for task in ("rec", "search"):
                d = os.path.join(root, name, seed, task)
                if R.summary(d):
                    found[task].setdefault(name, []).append(d)
    return found


def valid_records(run_dir):
    log = os.path.join(run_dir, "log.jsonl")
    if not os.path.exists(log):
        return []
    with open(log) as fh:
        return [r for r in map(json.loads, filter(str.strip, fh)) if r.get("type") == "valid"]


def detail_table(s, found):
    """table.md: every system, mean ± sd over seeds, best validation R@K, training seconds."""
    k = s.cfg["k"]
    lines = [f"# Test Recall@{k} (mean ± sd over seeds)", ""]
    for task in ("rec", "search"):
        if task not in found:
            continue
        rows = []
        for name, dirs in found[task].items():
            runs = [s.path("runs", name, os.path.basename(os.path.dirname(d))) for d in dirs]
            valid = [max((r["valid_recall"][task] for r in valid_records(run)
                          if task in r.get("valid_recall", {})), default=None) for run in runs]
            wall = [w for w in map(R.wall_seconds, runs) if w is not None]
            rows.append([name, len(dirs)] + [R.fmt(R.recalls(dirs, p)) for p in
                                             ("all", "head", "torso")] +
                        [R.fmt([v for v in valid if v is not None]), R.fmt(wall, 0)])
        lines += [f"## {task}", ""] + R.table(
            ["system", "seeds", "All", "Head", "Torso", f"best valid R@{k}", "train s"], rows) + [""]
        for recipe in comparisons(found, task):
            m = compare(s, found, task, recipe)
            r = m["all"]["recall"]
            lines.append(
                f"Gen_R+S-{recipe} vs {gensr.SINGLE[task]}-{recipe} ({task}, per-query recall "
                f"averaged over seeds, paired t-test): {r['a']:.4f} -> {r['b']:.4f}, "
                f"{100 * r['relative_improvement']:+.1f} %, t = {r['t']:.2f}, "
                f"p = {r['p_value']:.3g} over {r['queries']} queries")
        lines.append("")
    return lines


def comparisons(found, task):
    """Recipe names (scratch, paper, scratch-nohist, ...) with both a joint and a single model."""
    single = gensr.SINGLE[task] + "-"
    return [n[len(single):] for n in found[task]
            if n.startswith(single) and f"Gen_R+S-{n[len(single):]}" in found[task]]


def compare(s, found, task, recipe):
    return R.compare(s.bin, found[task][f"{gensr.SINGLE[task]}-{recipe}"],
                     found[task][f"Gen_R+S-{recipe}"], s.path(f"compare-{task}-Gen_R+S-{recipe}"))


def paper_table(s, found):
    """table5.md: the paper's layout, one block per recipe (and its -nohist scoring)."""
    k = s.cfg["k"]
    parts = ("all", "head", "torso")
    lines = [f"# Table 5: Recall@{k} on {s.cfg.get('name', 'the dataset')} (mean over seeds; "
             f"‡: paired t-test against the single-task model, p < 0.05)", ""]
    refs = {"rec": ["Pop_R", "Pop_S", "Pop_R-nohist", "Transitions", "SASRec", "SASRec-nohist"],
            "search": ["Pop_R", "Pop_S", "BM25"]}
    for task in ("rec", "search"):
        if task not in found:
            continue
        rows = []
        for recipe in comparisons(found, task):
            single, joint = f"{gensr.SINGLE[task]}-{recipe}", f"Gen_R+S-{recipe}"
            m = compare(s, found, task, recipe)
            rows.append([single] + [R.marked(R.recalls(found[task][single], p), None)
                                    for p in parts])
            rows.append([joint] + [R.marked(R.recalls(found[task][joint], p), m, p) for p in parts])
            rows.append(["*improv.*"] + [
                f"({100 * m[p]['recall']['relative_improvement']:+.0f}%)"
                if m.get(p, {}).get("recall", {}).get("a") else "(−)" for p in parts])
        for name in refs[task]:
            if name in found[task]:
                rows.append([name] + [R.marked(R.recalls(found[task][name], p), None)
                                      for p in parts])
        lines += [f"## {'Recommendation' if task == 'rec' else 'Search'}", ""] + R.table(
            ["system", "All", "Head", "Torso"], rows) + [""]
    return lines


def analyse_tables(s, found):
    """tables6_8.md: gensr-eval analyse of Gen_R+S against the single-task model, per seed, and
    the paper's layout (rec and search columns) with the mean over seeds."""
    prepared = s.path("data", "prepared")
    analyses, details = defaultdict(dict), []
    for task in ("rec", "search"):
        for recipe in comparisons(found, task) if task in found else []:
            single, joint = f"{gensr.SINGLE[task]}-{recipe}", f"Gen_R+S-{recipe}"
            per_seed = []
            for jdir in found[task][joint]:
                seed = os.path.basename(os.path.dirname(jdir))
                sdir = s.path("eval", single, seed, task)
                if not R.summary(sdir):
                    continue
                out = s.path("analyse", f"{joint}-vs-{single}", seed, task)
                if not os.path.exists(os.path.join(out, "analysis.json")):
                    subprocess.run([s.prog("gensr-eval"), "analyse", "--joint", jdir, "--single",
                                    sdir, "--data", prepared, "--task", task, "--out", out],
                                   check=True, stdout=subprocess.DEVNULL)
                with open(os.path.join(out, "analysis.json")) as fh:
                    per_seed.append(json.load(fh))
                with open(os.path.join(out, "analysis.md")) as fh:
                    body = fh.read().strip().splitlines()
                # analyse's own title names folders; the heading here names the pair.
                details += [f"### {task}: {joint} vs {single}, {seed}", ""] + [
                    ln for ln in body if not ln.startswith("# ")] + [""]
            if per_seed:
                analyses[recipe][task] = per_seed

    def cell(per_seed, get, pct=True):
        if not per_seed:
            return "-"
        values = [v for v in map(get, per_seed) if v is not None]
        if not values:
            return "n/a"
        m = statistics.mean(values)
        return f"{100 * m:+.2f}%" if pct else f"{m:.0f}"

    def table7(a):
        # Its delta compares the instances whose lists differ with those whose lists are
        # identical; with no identical list there is nothing to compare, so no number.
        t = a["table7"]
        return t["delta"] if t.get("identical_instances", 1) > 0 else None

    rows_of = [
        ("Table 6: Δ popularity (added task) of predicted items", lambda a: a["table6"]["delta"], True),
        ("Table 7: Δ matches (rec: history→target queries; search: rec pairs in rel. pairs)",
         table7, True),
        ("Table 8: redundant # pairs", lambda a: a["table8"]["redundant"]["pairs"], False),
        ("Table 8: improv. of Gen_R+S for redundant",
         lambda a: a["table8"]["redundant"]["improvement"], True),
        ("Table 8: non-redundant # pairs", lambda a: a["table8"]["non_redundant"]["pairs"], False),
        ("Table 8: improv. of Gen_R+S for non-redundant",
         lambda a: a["table8"]["non_redundant"]["improvement"], True),
    ]
    lines = ["# Tables 6-8: the joint model's predictions against the single-task model's "
             "(`gensr-eval analyse`, mean over seeds)", ""]
    for recipe, by_task in analyses.items():
        seeds = max(len(v) for v in by_task.values())
        lines += [f"## {recipe} ({seeds} seed(s))", ""] + R.table(
            ["", "Recommendation", "Search"],
            [[label] + [cell(by_task.get(t, []), get, pct) for t in ("rec", "search")]
             for label, get, pct in rows_of]) + [""]
    return lines + ["## Per seed", ""] + details


def curves(s):
    k = s.cfg["k"]
    fig, axes = R.plt.subplots(1, 2, figsize=(11, 4))
    root = s.path("runs")
    for ax, task in zip(axes, ("rec", "search")):
        for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            per_epoch = defaultdict(list)
            for seed in os.listdir(os.path.join(root, name)):
                for r in valid_records(os.path.join(root, name, seed)):
                    if task in r.get("valid_recall", {}):
                        per_epoch[r["epoch"]].append(r["valid_recall"][task])
            if per_epoch:
                xs = sorted(per_epoch)
                ax.plot(xs, [statistics.mean(per_epoch[x]) for x in xs], marker="o", label=name)
    R.save_task_panels(fig, axes, "{task}: validation Recall@" + str(k), "epoch",
                       s.path("curves.png"))


def report(s):
    configure(s)
    found = names_by_task(s)
    R.write(s.path("table.md"), detail_table(s, found))
    R.write(s.path("table5.md"), paper_table(s, found))
    R.write(s.path("tables6_8.md"), analyse_tables(s, found))
    curves(s)
    print("\n".join(paper_table(s, found)))


if __name__ == "__main__":
    sys.exit(gensr.main("table5", plan, report))
