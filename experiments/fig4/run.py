#!/usr/bin/env python3
"""Figure 4: Recall@K of the joint model as the training instances per item of the ADDED task
are capped (`gensr-train --max-per-item N --max-per-item-tasks ADDED`), beside the uncapped joint
and single-task models: for rec the search instances are capped, for search the rec instances.

    python3 experiments/fig4/run.py [all|plan|report]      (settings: experiments/lib/gensr.py)

The dataset, K, checkpoint and the uncapped models are experiments/table5's: the config names a
table5 config and its output folder (TABLE5_OUT overrides), and the uncapped runs are the very
runs of that folder, so they are trained once for both. The target task keeps all its
instances, as in the paper ("training instances per item allowed from the added task").
Config (config.json): table5_config, table5_out, caps, seeds, recipes, targets (the target tasks:
rec and/or search; each is one joint training per cap).

Writes OUT/fig4.png (rec and search, Recall@K against the cap), OUT/fig4.md (‡: paired t-test
against the uncapped single-task model).
"""
import copy
import importlib.util
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "table5", os.path.join(gensr.ROOT, "experiments", "table5", "run.py"))
table5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(table5)


def settings_of_table5(s):
    """table5's settings (its config, its output folder) and a copy writing into OUT."""
    t5 = table5.configure(gensr.Settings("table5", s.cfg["table5_config"]))
    t5.out = os.environ.get("TABLE5_OUT", s.cfg["table5_out"])
    t5.cfg["seeds"] = s.cfg["seeds"]
    capped = copy.copy(t5)
    capped.out = s.out
    return t5, capped


def plan(s):
    t5, capped = settings_of_table5(s)
    data, _, prepared = table5.data_run(t5)
    runs = [data]
    for seed in s.cfg["seeds"]:
        for recipe in s.cfg["recipes"]:
            runs += table5.generative_runs(t5, data, prepared, recipe, seed)
            for target in s.cfg["targets"]:
                for cap in s.cfg["caps"]:
                    runs += table5.generative_runs(
                        capped, data, prepared, recipe, seed, ["Gen_R+S"],
                        capped_suffix(target, cap),
                        ["--max-per-item", cap, "--max-per-item-tasks", ADDED[target]])
    return runs


ADDED = {"rec": "search", "search": "rec"}


def capped_suffix(target, cap):
    """The run-name suffix of the joint model whose added task (for `target`) is capped."""
    return f"-{ADDED[target]}cap{cap}"


def report(s):
    t5, capped = settings_of_table5(s)
    k, caps = t5.cfg["k"], s.cfg["caps"]
    seeds = [f"seed{x}" for x in s.cfg["seeds"]]
    md = [f"# Figure 4: Recall@{k} on {t5.cfg.get('name', 'the dataset')} with at most N training "
          "instances per item of the added task (`--max-per-item N --max-per-item-tasks ADDED`)", "",
          "Mean ± sd over seeds; ‡: paired t-test against the uncapped single-task model, "
          "per-query recall averaged over seeds, p < 0.05.", ""]
    fig, axes = R.plt.subplots(1, 2, figsize=(11, 4))
    for recipe in s.cfg["recipes"]:
        rows = []
        for ax, task in zip(axes, ("rec", "search")):
            if task not in s.cfg["targets"]:
                continue
            single = f"{gensr.SINGLE[task]}-{recipe}"
            sdirs = [t5.path("eval", single, x, task) for x in seeds]
            base = R.recalls(sdirs)
            rows.append([task, single, "all", R.fmt(base), ""])
            model = "Gen_R+S"
            xs, ys, es = [], [], []
            for cap in caps + ["all"]:
                name = f"{model}-{recipe}" + ("" if cap == "all" else capped_suffix(task, cap))
                root = t5 if cap == "all" else capped
                dirs = [root.path("eval", name, x, task) for x in seeds]
                values = R.recalls(dirs)
                m = R.compare(s.bin, sdirs, dirs, s.path("compare", recipe, task, name))
                r = m["all"]["recall"] if m else None
                rows.append([task, f"{model}-{recipe}", cap,
                             R.fmt(values) + (R.DAGGER if r and r["significant"] else ""),
                             f"{100 * r['relative_improvement']:+.1f} %" if r else ""])
                mean, sd = R.mean_sd(values)
                if mean is not None:
                    xs.append(len(xs))
                    ys.append(mean)
                    es.append(sd)
            ax.errorbar(xs, ys, yerr=es, marker="o", capsize=3, label=f"{model} ({recipe})")
            mean, _ = R.mean_sd(base)
            if mean is not None:
                ax.axhline(mean, linestyle="--", color="gray", label=f"{single}, all")
            ax.set_xticks(range(len(caps) + 1), [str(c) for c in caps] + ["all"])
        md += [f"## --recipe {recipe}", ""] + R.table(
            ["task", "model", "max per item", f"R@{k}", "vs single-task"], rows) + [""]
    R.save_task_panels(fig, axes, "{task}: test Recall@" + str(k),
                       "training instances per item of the added task (at most)", s.path("fig4.png"))
    R.write(s.path("fig4.md"), md)
    print("\n".join(md))


if __name__ == "__main__":
    sys.exit(gensr.main("fig4", plan, report))
