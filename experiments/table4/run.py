#!/usr/bin/env python3
"""Table 4 (hypothesis H2): SIM2 (search helps rec) and SIM3 (rec helps search). For each data
size, sample (100 %, 65 %: `--sample`) and % level (SIM2 `--query-match`, SIM3
`--pairs-in-qrels`), Recall@K of Gen_R+S beside the single-task model (Gen_R for SIM2, Gen_S
for SIM3), mean over seeds, ‡ for a significant paired t-test against the single-task model.

    python3 experiments/table4/run.py [all|plan|report]      (settings: experiments/lib/gensr.py)

The level changes only the added task's data (SIM2's rec histories and SIM3's queries do not
depend on it, for the same seed and sample), so the single-task model is trained once per size,
sample and seed, on the 100 % level's data. Seeds are simulation and training seeds alike.
Models are scored at latest.h5 (the paper's fixed epochs): SIM2's rec validation target is drawn
uniformly (experiments/sim2/RESULTS.md), so validation cannot choose an epoch there.
Config (config.json): sims ({sim2: {users: [...]}, sim3: {users: [...]}}: the data sizes; SIM3's
users 0 = as many rec as search training instances), samples, levels (%), seeds, recipes, k,
checkpoint, train_args.

Writes OUT/table4.md (one table per simulation and size, the paper's numbers beside) and
OUT/table4.tsv.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402

# The simulator option each simulation varies, its single-task model and its target task.
SIMS = {"sim2": ("--query-match", "Gen_R", "rec"), "sim3": ("--pairs-in-qrels", "Gen_S", "search")}
# Table 4 of the paper (pretrained flan-t5-base): sample -> single-task R@10, then by level.
PAPER = {
    "sim2": {1.0: (0.907, [0.842, 0.880, 0.938, 0.944, 0.985]),
             0.65: (0.717, [0.732, 0.752, 0.708, 0.903, 0.897])},
    "sim3": {1.0: (0.580, [0.240, 0.280, 0.280, 0.460, 0.640]),
             0.65: (0.320, [0.200, 0.260, 0.220, 0.400, 0.380])},
}
PAPER_LEVELS = [0, 25, 50, 75, 100]


def group(sim, users, sample):
    return f"{sim}-u{users}-sample{sample:g}"


def data_run(s, sim, users, sample, seed, level):
    option = SIMS[sim][0]
    folder = s.path("data", group(sim, users, sample), f"seed{seed}", f"level{level}")
    return gensr.simulated_data(s, folder, ["--kind", sim, "--seed", seed, "--users", users,
                                            "--sample", sample, option, level / 100])


def eval_dir(s, sim, users, sample, model, recipe, level, seed):
    return s.path("eval", group(sim, users, sample), f"{model}-{recipe}", f"level{level}",
                  f"seed{seed}", SIMS[sim][2])


def run_tag(sim, users, sample, model, recipe, level):
    single = SIMS[sim][1]
    return group(sim, users, sample) + f"/{model}-{recipe}" + (
        "" if model == single else f"/level{level}")


def single_level(s):
    return max(s.cfg["levels"])


def level_runs(s, sim, users, sample, seed, level, recipes):
    """The data of one level and the models trained on it (the single-task model at 100 %)."""
    _, single, task = SIMS[sim]
    data = data_run(s, sim, users, sample, seed, level)
    prepared = os.path.join(data.dir, "prepared")
    runs = [data]
    for recipe in recipes:
        for model in ["Gen_R+S"] + ([single] if level == single_level(s) else []):
            tag = run_tag(sim, users, sample, model, recipe, level)
            out = eval_dir(s, sim, users, sample, model, recipe, level, seed)
            runs.append(gensr.model_run(
                s, f"{tag} seed{seed}", s.path("runs", tag, f"seed{seed}"), data, prepared,
                gensr.generative_args(s, model, recipe, seed), [(task, s.cfg["checkpoint"], out, [])],
                seed))
    return runs


def plan(s):
    return [run for sim, spec in s.cfg["sims"].items() for users in spec["users"]
            for sample in s.cfg["samples"] for seed in s.cfg["seeds"] for level in s.cfg["levels"]
            for run in level_runs(s, sim, users, sample, seed, level, s.cfg["recipes"])]


def report(s):
    k, seeds = s.cfg["k"], s.cfg["seeds"]
    md = [f"# Table 4: Recall@{k} of SIM2 (S → R) and SIM3 (R → S)", "",
          f"Mean ± sd over seeds {' '.join(map(str, seeds))}, scored at {s.cfg['checkpoint']}.h5; "
          "‡: Gen_R+S against the single-task model, paired t-test over per-query recall "
          "averaged over seeds, p < 0.05. Paper: pretrained flan-t5-base, size not published.", ""]
    tsv = ["sim\tusers\tsample\trecipe\tmodel\tlevel\tseeds\tmean\tsd\tp_value\tpaper"]
    for sim, spec in s.cfg["sims"].items():
        _, single, task = SIMS[sim]
        for users in spec["users"]:
            for recipe in s.cfg["recipes"]:
                rows = []
                for sample in s.cfg["samples"]:
                    paper = PAPER[sim].get(sample)
                    sdirs = [eval_dir(s, sim, users, sample, single, recipe, single_level(s), seed)
                             for seed in seeds]
                    values = R.recalls(sdirs)
                    mean, sd = R.mean_sd(values)
                    p_single = f"{paper[0]:.3f}" if paper else ""
                    rows.append([f"{100 * sample:g} %", single, "-", R.fmt(values), "", p_single])
                    if mean is not None:
                        tsv.append(f"{sim}\t{users}\t{sample}\t{recipe}\t{single}\t-\t{len(values)}"
                                   f"\t{mean:.4f}\t{sd:.4f}\t\t{p_single}")
                    for level in s.cfg["levels"]:
                        jdirs = [eval_dir(s, sim, users, sample, "Gen_R+S", recipe, level, seed)
                                 for seed in seeds]
                        values = R.recalls(jdirs)
                        mean, sd = R.mean_sd(values)
                        m = R.compare(s.bin, sdirs, jdirs, s.path(
                            "compare", group(sim, users, sample), recipe, f"level{level}"))
                        r = m["all"]["recall"] if m else None
                        p_joint = (f"{paper[1][PAPER_LEVELS.index(level)]:.3f}"
                                   if paper and level in PAPER_LEVELS else "")
                        rows.append(["", "Gen_R+S", f"{level} %",
                                     R.fmt(values) + (R.DAGGER if r and r["significant"] else ""),
                                     f"{100 * r['relative_improvement']:+.1f} %, p = {r['p_value']:.2g}"
                                     if r else "", p_joint])
                        if mean is not None:
                            tsv.append(f"{sim}\t{users}\t{sample}\t{recipe}\tGen_R+S\t{level}\t"
                                       f"{len(values)}\t{mean:.4f}\t{sd:.4f}\t"
                                       f"{r['p_value'] if r else ''}\t{p_joint}")
                level_name = "% of q. match" if sim == "sim2" else "% pairs in qrels"
                md += [f"## {sim.upper()}, {users or 'default'} users, --recipe {recipe}", ""] + R.table(
                    ["sample", "model", level_name, f"R@{k}", f"vs {single}", "paper"], rows) + [""]
    R.write(s.path("table4.md"), md)
    R.write(s.path("table4.tsv"), tsv)
    print("\n".join(md))


if __name__ == "__main__":
    sys.exit(gensr.main("table4", plan, report))
