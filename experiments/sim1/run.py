#!/usr/bin/env python3
"""Figure 2 (SIM1, hypothesis H1): Recall@K of Gen_R, Gen_S and Gen_R+S as the KL divergence
between the two tasks' item popularity grows.

    python3 experiments/sim1/run.py [all|plan|report]      (settings: experiments/lib/gensr.py)

Each level is `gensr-data simulate --kind sim1 --shuffle-steps N` (N random swaps of two items'
search probabilities; the rec data stays the same, so Gen_R is trained once per seed); its KL is
what the simulator records in dataset.json: `realized.distribution_kl_s_r`, KL(search || rec) of
the generating distributions, and `realized.training_popularity.kl_s_r`, the same on the
add-one-smoothed training counts (the number `gensr-data stats` reports). Seeds are simulation
and training seeds alike. Config (config.json): shuffle_steps, seeds, recipes, k, checkpoint,
sim_args (extra simulate options), train_args.

Writes OUT/fig2.png (rec and search Recall@K against the mean KL of each level, mean ± sd over
seeds), OUT/fig2.md and OUT/fig2.tsv (per level and model; ‡: paired t-test of Gen_R+S against
the single-task model, per-query recall averaged over seeds).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402


def data_dir(s, seed, steps):
    return s.path("data", f"seed{seed}-shuffle{steps}")


def runs_of(s, recipe, seed, steps):
    """(model, run) of one level: Gen_S and Gen_R+S at this level, Gen_R at level 0 only."""
    data = gensr.simulated_data(s, data_dir(s, seed, steps), [
        "--kind", "sim1", "--seed", seed, "--shuffle-steps", steps, *s.cfg.get("sim_args", [])])
    prepared = os.path.join(data.dir, "prepared")
    out = []
    for model in ("Gen_R", "Gen_S", "Gen_R+S"):
        if model == "Gen_R" and steps != s.cfg["shuffle_steps"][0]:
            continue
        tag = f"{model}-{recipe}" + ("" if model == "Gen_R" else f"/shuffle{steps}")
        run_dir = s.path("runs", tag, f"seed{seed}")
        evals = [(t, s.cfg["checkpoint"], eval_dir(s, model, recipe, seed, steps, t), [])
                 for t in gensr.MODELS[model].split(",")]
        out.append(gensr.model_run(s, f"{tag} seed{seed}", run_dir, data, prepared,
                                   gensr.generative_args(s, model, recipe, seed), evals, seed))
    return data, out


def eval_dir(s, model, recipe, seed, steps, task):
    if model == "Gen_R":  # the rec data does not depend on the level
        steps = s.cfg["shuffle_steps"][0]
    return s.path("eval", f"{model}-{recipe}", f"shuffle{steps}", f"seed{seed}", task)


def plan(s):
    runs = []
    for seed in s.cfg["seeds"]:
        for steps in s.cfg["shuffle_steps"]:
            for recipe in s.cfg["recipes"]:
                data, models = runs_of(s, recipe, seed, steps)
                if recipe == s.cfg["recipes"][0]:
                    runs.append(data)
                runs += models
    return runs


def kl(s, seed, steps):
    with open(os.path.join(data_dir(s, seed, steps), "raw", "dataset.json")) as fh:
        realized = json.load(fh)["realized"]
    return realized["distribution_kl_s_r"], realized["training_popularity"]["kl_s_r"]


def report(s):
    k, seeds, levels = s.cfg["k"], s.cfg["seeds"], s.cfg["shuffle_steps"]
    tsv = ["recipe\tshuffle_steps\tkl_s_r\ttrain_kl_s_r\ttask\tmodel\tseeds\tmean\tsd\tp_value"]
    md = [f"# Figure 2 (SIM1): Recall@{k} against KL(search || rec) of the item popularity", "",
          f"Mean ± sd over seeds {' '.join(map(str, seeds))}; ‡: Gen_R+S against the single-task "
          "model, paired t-test over per-query recall averaged over seeds, p < 0.05.", ""]
    fig, axes = R.plt.subplots(1, 2, figsize=(11, 4))
    for recipe in s.cfg["recipes"]:
        rows, curves = [], {}
        for steps in levels:
            kls = [kl(s, seed, steps) for seed in seeds
                   if os.path.exists(os.path.join(data_dir(s, seed, steps), "raw", "dataset.json"))]
            if not kls:
                continue
            gen_kl, train_kl = (sum(x[i] for x in kls) / len(kls) for i in (0, 1))
            for task in ("rec", "search"):
                single = gensr.SINGLE[task]
                dirs = {m: [eval_dir(s, m, recipe, seed, steps, task) for seed in seeds]
                        for m in (single, "Gen_R+S")}
                m = R.compare(s.bin, dirs[single], dirs["Gen_R+S"],
                              s.path("compare", recipe, f"shuffle{steps}", task))
                for model, d in dirs.items():
                    values = R.recalls(d)
                    mean, sd = R.mean_sd(values)
                    if mean is None:
                        continue
                    joint = model == "Gen_R+S"
                    p = m["all"]["recall"]["p_value"] if (m and joint) else ""
                    tsv.append(f"{recipe}\t{steps}\t{gen_kl:.4f}\t{train_kl:.4f}\t{task}\t{model}\t"
                               f"{len(values)}\t{mean:.4f}\t{sd:.4f}\t{p}")
                    rows.append([steps, f"{gen_kl:.3f}", f"{train_kl:.3f}", task, model,
                                 R.fmt(values) + (R.DAGGER if joint and m and
                                                  m["all"]["recall"]["significant"] else "")])
                    curves.setdefault((task, model), []).append((gen_kl, mean, sd))
        md += [f"## --recipe {recipe}", ""] + R.table(
            ["shuffle steps", "KL(S‖R)", "KL train", "task", "model", f"R@{k}"], rows) + [""]
        for ax, task in zip(axes, ("rec", "search")):
            for (t, model), pts in sorted(curves.items()):
                if t == task:
                    pts.sort()
                    ax.errorbar([x for x, _, _ in pts], [y for _, y, _ in pts],
                                yerr=[e for _, _, e in pts], marker="o", capsize=3,
                                label=f"{model} ({recipe})")
    R.save_task_panels(fig, axes, "SIM1 {task}: test Recall@" + str(k),
                       "KL(search || rec) of the item popularity", s.path("fig2.png"))
    R.write(s.path("fig2.tsv"), tsv)
    R.write(s.path("fig2.md"), md)
    print("\n".join(md))


if __name__ == "__main__":
    sys.exit(gensr.main("sim1", plan, report))
