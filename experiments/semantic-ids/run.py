#!/usr/bin/env python3
"""Semantic IDs (issue 15): atomic item IDs against RQ-KMeans codes built from collaborative,
textual and joint item embeddings, for Gen_R, Gen_S and Gen_R+S, on each configured dataset.

    python3 experiments/semantic-ids/run.py [all|plan|report]      (settings: experiments/lib/gensr.py)

For each dataset (and, for a simulated one, each seed, which is its simulation seed too) the data
run converts or simulates it, prepares it with atomic IDs, and for each embedding kind runs
`gensr-data embed --kind KIND`, `gensr-data ids` and `gensr-data prepare --item-ids` (the same
prepare options, so every kind sees the same splits; embed takes prepare's split options).
Each model is trained with the named recipe and the dataset's train_args, and scored on the
test split at the dataset's checkpoint: atomic IDs by exact top-K (the exact ranking of one-token
IDs), codes by beam search constrained to valid codes (width K).
Config (config.json): datasets ({NAME: {simulate: [...]} or {movielens: DIR}, seeded (simulate
per seed), prepare_args, embed_args, ids_args, train_args, k, checkpoint}), ids (atomic and
embedding kinds), models, seeds, recipes.

Writes OUT/semantic_ids.md (per dataset and task: R@K All / Head / Torso, mean ± sd over seeds,
‡ against the same model with atomic IDs, paired t-test over per-query recall averaged over
seeds; then Gen_R+S against the single-task model per ID kind; the codes' statistics) and
OUT/semantic_ids.tsv.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gensr  # noqa: E402
import results as R  # noqa: E402
import sweep  # noqa: E402

PARTS = ["all", "head", "torso"]


def data_seeds(s, spec):
    return s.cfg["seeds"] if spec.get("seeded") else [None]


def data_folder(s, name, data_seed):
    return s.path("data", name, *([f"seed{data_seed}"] if data_seed is not None else []))


def prepared(s, name, data_seed, ids):
    return os.path.join(data_folder(s, name, data_seed), f"prepared-{ids}")


def data_run(s, name, spec, data_seed):
    """Converts or simulates the dataset, then prepares it once per ID kind."""
    folder = data_folder(s, name, data_seed)
    raw = os.path.join(folder, "raw")
    g = s.prog("gensr-data")
    if "simulate" in spec:
        steps = [sweep.Step("simulate", [g, "simulate", *spec["simulate"], "--seed", data_seed,
                                         "--out", raw], os.path.join(raw, "dataset.json"))]
    else:
        (kind, source), = [(k, v) for k, v in spec.items() if k in ("movielens", "mpd")]
        steps = [sweep.Step("convert", [g, kind, "--input", source, "--out", raw],
                            os.path.join(raw, "dataset.json"))]
    prepare_args = spec.get("prepare_args", [])
    for ids in s.cfg["ids"]:
        item_ids = []
        if ids != "atomic":
            emb = os.path.join(folder, f"embeddings-{ids}.h5")
            codes = os.path.join(folder, f"ids-{ids}")
            steps += [sweep.Step(f"embed-{ids}", [g, "embed", "--data", raw, "--kind", ids,
                                                  *embed_split_args(prepare_args),
                                                  *spec.get("embed_args", []), "--out", emb],
                                 emb),
                      sweep.Step(f"ids-{ids}", [g, "ids", "--embeddings", emb,
                                                *spec.get("ids_args", []), "--out", codes],
                                 os.path.join(codes, "codes.tsv"))]
            item_ids = ["--item-ids", os.path.join(codes, "codes.tsv")]
        steps.append(sweep.Step(f"prepare-{ids}", [
            g, "prepare", "--data", raw, "--out", prepared(s, name, data_seed, ids),
            *prepare_args, *item_ids], os.path.join(prepared(s, name, data_seed, ids),
                                                    "prepare.json")))
    return sweep.Run(id=f"data {folder}", dir=folder, steps=steps)


def embed_split_args(prepare_args):
    """The prepare options that decide the splits, spelled as embed takes them."""
    out, i = [], 0
    while i < len(prepare_args):
        a = prepare_args[i]
        if a in ("--min-items", "--seed"):
            out += ["--split-seed" if a == "--seed" else a, prepare_args[i + 1]]
            i += 1
        elif a == "--shared-items-only":
            out.append(a)
        i += 1
    return out


def eval_dir(s, name, ids, model, recipe, seed, task):
    return s.path("eval", name, ids, f"{model}-{recipe}", f"seed{seed}", task)


def model_run(s, name, spec, data, data_seed, ids, model, recipe, seed):
    k = spec["k"]
    decoding = ["--decoding", "topk" if ids == "atomic" else "beam"]
    evals = [(task, spec["checkpoint"], eval_dir(s, name, ids, model, recipe, seed, task),
              decoding) for task in gensr.MODELS[model].split(",")]
    return gensr.model_run(
        s, f"{name} {ids} {model}-{recipe} seed{seed}",
        s.path("runs", name, ids, f"{model}-{recipe}", f"seed{seed}"), data,
        prepared(s, name, data_seed, ids),
        gensr.generative_args(s, model, recipe, seed, [*spec.get("train_args", []),
                                                       "--eval-k", k]), evals, seed, k)


def plan(s):
    """Simulated datasets first (small), then by seed, so the first seed of every cell of a
    large dataset finishes before any second seed starts."""
    runs = []
    for name, spec in s.cfg["datasets"].items():
        data = {ds: data_run(s, name, spec, ds) for ds in data_seeds(s, spec)}
        runs += data.values()
        for seed in s.cfg["seeds"]:
            ds = seed if spec.get("seeded") else None
            for ids in s.cfg["ids"]:
                for recipe in s.cfg["recipes"]:
                    for model in s.cfg["models"]:
                        runs.append(model_run(s, name, spec, data[ds], ds, ids, model, recipe,
                                              seed))
    return runs


def codes_summary(s, name, spec, ids):
    """Codebook use and collisions of the first data seed's codes."""
    ds = data_seeds(s, spec)[0]
    f = os.path.join(data_folder(s, name, ds), f"ids-{ids}", "report.json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        r = json.load(fh)["report"]
    used = " / ".join(f"{lv['used']} of {lv['codebook_size']}" for lv in r["levels"])
    prefixes = r["levels"][-1]["distinct_prefixes"]
    return [ids, r["items"], used, prefixes, r["colliding_items"], r["last_level_size"]]


def report(s):
    seeds, recipes = s.cfg["seeds"], s.cfg["recipes"]
    md = [f"# Semantic IDs: atomic vs collaborative, textual and joint codes", "",
          f"Test Recall@K, mean ± sd over seeds {' '.join(map(str, seeds))} (the seeds column "
          "says how many finished); ‡: against the same model with atomic IDs, paired t-test "
          "over per-query recall averaged over seeds, p < 0.05.", ""]
    tsv = ["dataset\ttask\tids\tmodel\trecipe\tseeds\tk\t" +
           "\t".join(f"{p}_mean\t{p}_sd" for p in PARTS) + "\tp_vs_atomic\tp_vs_single"]
    for name, spec in s.cfg["datasets"].items():
        k = spec["k"]
        for task in ("rec", "search"):
            models = [m for m in s.cfg["models"] if task in gensr.MODELS[m]]
            rows, joint_rows = [], []
            for recipe in recipes:
                for model in models:
                    atomic = [eval_dir(s, name, "atomic", model, recipe, x, task) for x in seeds]
                    for ids in s.cfg["ids"]:
                        dirs = [eval_dir(s, name, ids, model, recipe, x, task) for x in seeds]
                        values = {p: R.recalls(dirs, p) for p in PARTS}
                        if not values["all"]:
                            continue
                        m = None if ids == "atomic" else R.compare(s.bin, atomic, dirs, s.path(
                            "compare", name, task, recipe, model, ids))
                        r = m["all"]["recall"] if m else None
                        rows.append([ids, f"{model}-{recipe}", len(values["all"])] +
                                    [R.fmt(values[p]) + (R.DAGGER if p == "all" and r and
                                                         r["significant"] else "") for p in PARTS] +
                                    [f"{100 * r['relative_improvement']:+.1f} %, p = "
                                     f"{r['p_value']:.2g}" if r else ""])
                        p_single = ""
                        if model == "Gen_R+S":
                            single = gensr.SINGLE[task]
                            sdirs = [eval_dir(s, name, ids, single, recipe, x, task)
                                     for x in seeds]
                            j = R.compare(s.bin, sdirs, dirs, s.path(
                                "compare", name, task, recipe, "joint-vs-single", ids))
                            if j:
                                jr = j["all"]["recall"]
                                p_single = jr["p_value"]
                                joint_rows.append([ids, recipe, f"{R.fmt(R.recalls(sdirs))} → "
                                                   f"{R.fmt(values['all'])}",
                                                   f"{100 * jr['relative_improvement']:+.1f} %"
                                                   + (R.DAGGER if jr["significant"] else ""),
                                                   f"{jr['p_value']:.2g}"])
                        stats = [R.mean_sd(values[p]) for p in PARTS]
                        tsv.append(f"{name}\t{task}\t{ids}\t{model}\t{recipe}\t"
                                   f"{len(values['all'])}\t{k}\t" +
                                   "\t".join(f"{mu:.4f}\t{sd:.4f}" if mu is not None else "\t"
                                             for mu, sd in stats) +
                                   f"\t{r['p_value'] if r else ''}\t{p_single}")
            if not rows:
                continue
            md += [f"## {name}, {task}: Recall@{k}", ""] + R.table(
                ["IDs", "model", "seeds", "All", "Head", "Torso", "vs atomic"], rows) + [""]
            if joint_rows:
                md += [f"Gen_R+S against {gensr.SINGLE[task]} with the same IDs ({task}):", ""] + \
                      R.table(["IDs", "recipe", f"{gensr.SINGLE[task]} → Gen_R+S", "change", "p"],
                              joint_rows) + [""]
        codes = [c for c in (codes_summary(s, name, spec, ids) for ids in s.cfg["ids"]
                             if ids != "atomic") if c]
        if codes:
            md += [f"Codes of {name} (first data seed): codebook use per level, distinct full "
                   "prefixes, items sharing their prefix with another, size of the numbering "
                   "level.", ""] + R.table(
                ["IDs", "items", "codes used per level", "distinct prefixes", "colliding items",
                 "last level"], codes) + [""]
    R.write(s.path("semantic_ids.md"), md)
    R.write(s.path("semantic_ids.tsv"), tsv)
    print("\n".join(md))


if __name__ == "__main__":
    sys.exit(gensr.main("semantic-ids", plan, report))
