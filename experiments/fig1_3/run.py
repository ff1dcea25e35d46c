#!/usr/bin/env python3
"""Figures 1 and 3: the item embeddings of trained checkpoints projected to 2-D with t-SNE.

    python3 experiments/fig1_3/run.py [all|plan|report]     (settings: experiments/lib/gensr.py)

- Figure 1: Gen_R and Gen_S of experiments/table5 (its config and output folder), each item
  coloured by its training popularity in the model's own task (log scale), as the paper's
  Figure 1 on ML.
- Figure 3: Gen_R and Gen_R+S (100 % query match) of experiments/table4's SIM2, each item
  coloured by its SIM2 cluster (the simulator's dataset.json).
The checkpoints come from those experiments' output folders (TABLE5_OUT, TABLE4_OUT override the
config's); this script's plan holds the few runs it needs, the same runs as theirs, so whichever
experiment comes first trains them and the other skips them.
An item's embedding is its row of the checkpoint's input embedding (`/model/shared.weight`,
rows item_offset.. of the checkpoint's `/config` attributes; the config's "matrix" may name
`lm_head.weight` instead). Config (config.json): recipe, seed, matrix, max_points (a seeded
sample of the items when there are more), perplexity, table5_config / table5_out, table4_config
/ table4_out, sim2_users, sim2_sample.

Writes OUT/fig1.png, OUT/fig3.png and OUT/points-*.tsv (item, x, y, colour value).
"""
import copy
import importlib.util
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402


def _load(name):
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(gensr.ROOT, "experiments", name, "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


table4, table5 = _load("table4"), _load("table5")


def sources(s):
    """Settings of table5 and table4 pointing at their output folders, with this seed."""
    t5 = table5.configure(gensr.Settings("table5", s.cfg["table5_config"]))
    t5.out = os.environ.get("TABLE5_OUT", s.cfg["table5_out"])
    t4 = gensr.Settings("table4", s.cfg["table4_config"])
    t4.out = os.environ.get("TABLE4_OUT", s.cfg["table4_out"])
    for t in (t5, t4):
        t.cfg = copy.deepcopy(t.cfg)
        t.cfg["seeds"] = [s.cfg["seed"]]
    return t5, t4


def sim2_level(t4):
    return table4.single_level(t4)


def plan(s):
    t5, t4 = sources(s)
    data, _, prepared = table5.data_run(t5)
    runs = [data] + table5.generative_runs(t5, data, prepared, s.cfg["recipe"], s.cfg["seed"],
                                           ("Gen_R", "Gen_S"))
    return runs + table4.level_runs(t4, "sim2", s.cfg["sim2_users"], s.cfg["sim2_sample"],
                                    s.cfg["seed"], sim2_level(t4), [s.cfg["recipe"]])


def item_embeddings(checkpoint, matrix):
    import h5py

    with h5py.File(checkpoint, "r") as f:
        offset = int(f["config"].attrs["item_offset"])
        data, offsets = bytes(f["items/bytes"][()]), f["items/offsets"][()]
        ids = [data[offsets[i]:offsets[i + 1]].decode() for i in range(len(offsets) - 1)]
        rows = np.asarray(f["model"][matrix][offset:offset + len(ids)], dtype=np.float64)
    return ids, rows


def prepared_info(prepared):
    import h5py

    with h5py.File(os.path.join(prepared, "prepared.h5"), "r") as f:
        data, offsets = bytes(f["items/ids/bytes"][()]), f["items/ids/offsets"][()]
        ids = [data[offsets[i]:offsets[i + 1]].decode() for i in range(len(offsets) - 1)]
        popularity = {t: dict(zip(ids, f["popularity"][t][()].tolist())) for t in ("rec", "search")}
        info = json.loads(bytes(f["info"][()]).decode())
    return popularity, info


def project(s, ids, rows):
    """t-SNE of the rows (a seeded sample of max_points when more), seeded, perplexity capped
    below the number of points as sklearn requires."""
    from sklearn.manifold import TSNE

    rng = np.random.default_rng(s.cfg["seed"])
    if len(ids) > s.cfg["max_points"]:
        keep = np.sort(rng.choice(len(ids), s.cfg["max_points"], replace=False))
        ids, rows = [ids[i] for i in keep], rows[keep]
    perplexity = min(float(s.cfg["perplexity"]), (len(ids) - 1) / 3)
    xy = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=s.cfg["seed"],
              n_jobs=1).fit_transform(rows)
    return ids, xy


def panel(s, ax, checkpoint, title, colour_of, name, cmap, log=False):
    ids, rows = item_embeddings(checkpoint, s.cfg["matrix"])
    ids, xy = project(s, ids, rows)
    values = np.array([colour_of(i) for i in ids], dtype=np.float64)
    shown = np.log10(1 + values) if log else values
    order = np.argsort(shown) if log else np.arange(len(ids))  # popular items drawn on top
    sc = ax.scatter(xy[order, 0], xy[order, 1], c=shown[order], cmap=cmap, s=12 if len(ids) < 500
                    else 3, edgecolors="none")
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    with open(s.path(f"points-{name}.tsv"), "w") as fh:
        fh.write("item\tx\ty\tvalue\n")
        for i, (x, y), v in zip(ids, xy, values):
            fh.write(f"{i}\t{x:.4f}\t{y:.4f}\t{v:g}\n")
    return sc


def report(s):
    t5, t4 = sources(s)
    recipe, seed = s.cfg["recipe"], f"seed{s.cfg['seed']}"
    ckpt = t5.cfg["checkpoint"] + ".h5"

    popularity, _ = prepared_info(t5.path("data", "prepared"))
    fig, axes = R.plt.subplots(1, 2, figsize=(11, 5))
    for ax, (model, task) in zip(axes, (("Gen_R", "rec"), ("Gen_S", "search"))):
        sc = panel(s, ax, t5.path("runs", f"{model}-{recipe}", seed, ckpt),
                   f"{model} ({recipe}, {seed}): items by {task} training popularity",
                   lambda i, t=task: popularity[t].get(i, 0), f"fig1-{model}", "viridis_r", log=True)
        fig.colorbar(sc, ax=ax, label=f"log10(1 + {task} training instances)")
    fig.suptitle(f"Figure 1: t-SNE of item embeddings ({t5.cfg.get('name', 'dataset')})")
    fig.tight_layout()
    fig.savefig(s.path("fig1.png"), dpi=110)

    users, sample, level = s.cfg["sim2_users"], s.cfg["sim2_sample"], sim2_level(t4)
    _, info = prepared_info(os.path.join(
        table4.data_run(t4, "sim2", users, sample, s.cfg["seed"], level).dir, "prepared"))
    cluster = {item: c for c, group in enumerate(info["source"]["clusters"])
               for item in group["items"]}
    fig, axes = R.plt.subplots(1, 2, figsize=(11, 5))
    for ax, model in zip(axes, ("Gen_R", "Gen_R+S")):
        run = t4.path("runs", table4.run_tag("sim2", users, sample, model, recipe, level), seed)
        panel(s, ax, os.path.join(run, t4.cfg["checkpoint"] + ".h5"),
              f"{model} ({recipe}, {seed}, {level} % query match)", lambda i: cluster.get(i, -1),
              f"fig3-{model}", "tab10")
    fig.suptitle(f"Figure 3: t-SNE of SIM2 item embeddings ({users} users), coloured by cluster")
    fig.tight_layout()
    fig.savefig(s.path("fig3.png"), dpi=110)
    print(f"wrote {s.path('fig1.png')} and {s.path('fig3.png')}")


if __name__ == "__main__":
    sys.exit(gensr.main("fig1_3", plan, report))
