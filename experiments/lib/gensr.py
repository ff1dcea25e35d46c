"""What every experiment's run.py shares: its settings, the gensr commands as sweep steps, main().

An experiment is `python3 experiments/NAME/run.py [all|plan|report]`:
- plan: write OUT/plan.json (the runs, for experiments/lib/sweep.py and cluster/sweep.sbatch)
  and OUT/config.json (the resolved config and settings);
- all (default): plan, be one sweep worker until every run is finished, then report;
- report: the tables and plots from whatever has finished.
Settings come from the environment: GENSR_BIN (programs, default build/src/apps), OUT
(default out/NAME), CONFIG (a JSON file, default experiments/NAME/config.json), SEEDS (replaces
the config's seeds), THREADS (intra-op threads per run, default 1), TRAIN_ARGS (extra
gensr-train options for every generative model), WORKERS (sweep workers run side by side, default
1; each trains with THREADS threads), SMOKE=1 (the config's "smoke" overrides: tiny
data and a handful of steps, for CI; its numbers mean nothing).
Models are trained with `--bf16` and a named recipe (`--recipe scratch` by default, the config's
"recipes"); a recipe is referred to by name only, so retuning it changes every experiment.
"""
import json
import os
import shlex
import subprocess
import sys

import sweep

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODELS = {"Gen_R": "rec", "Gen_S": "search", "Gen_R+S": "rec,search"}
SINGLE = {"rec": "Gen_R", "search": "Gen_S"}


class Settings:
    def __init__(self, name, config_path=None):
        env = os.environ
        self.name = name
        self.bin = env.get("GENSR_BIN", "build/src/apps")
        self.out = env.get("OUT", f"out/{name}")
        self.threads = int(env.get("THREADS", "1"))
        self.smoke = env.get("SMOKE", "0") == "1"
        self.train_args = shlex.split(env.get("TRAIN_ARGS", ""))
        path = config_path or env.get("CONFIG") or os.path.join(ROOT, "experiments", name,
                                                                   "config.json")
        with open(path) as fh:
            cfg = json.load(fh)
        smoke = cfg.pop("smoke", {})
        if self.smoke:
            cfg.update(smoke)
        if "SEEDS" in env:
            cfg["seeds"] = [int(s) for s in env["SEEDS"].split()]
        self.config_path, self.cfg = path, cfg

    def prog(self, name):
        return os.path.join(self.bin, name)

    def path(self, *parts):
        return os.path.join(self.out, *parts)


def simulated_data(s, folder, sim_args):
    """The run that simulates a dataset into FOLDER/raw and prepares it into FOLDER/prepared."""
    raw, prepared = os.path.join(folder, "raw"), os.path.join(folder, "prepared")
    return sweep.Run(
        id=f"data {folder}", dir=folder, steps=[
            sweep.Step("simulate", [s.prog("gensr-data"), "simulate", *sim_args, "--out", raw],
                       os.path.join(raw, "dataset.json")),
            prepare_step(s, raw, prepared)])


def prepare_step(s, raw, prepared, args=()):
    return sweep.Step("prepare", [s.prog("gensr-data"), "prepare", "--data", raw, "--out", prepared,
                                  *args], os.path.join(prepared, "prepare.json"))


def train_step(s, prepared, run_dir, args):
    return sweep.Step("train", [s.prog("gensr-train"), "--data", prepared, "--out", run_dir,
                                "--threads", s.threads, "--bf16", "--quiet", *args])


def eval_step(s, name, checkpoint, prepared, task, k, out, extra=()):
    return sweep.Step(name, [s.prog("gensr-eval"), "--checkpoint", checkpoint, "--data", prepared,
                             "--task", task, "--k", k, "--threads", s.threads, "--out", out,
                             *extra], os.path.join(out, "summary.json"))


def generative_args(s, model, recipe, seed, extra=()):
    """gensr-train options of a generative model (Gen_R, Gen_S, Gen_R+S) under a named recipe."""
    return ["--tasks", MODELS[model], "--recipe", recipe, "--seed", seed, *extra,
            *s.cfg.get("train_args", []), *s.train_args]


def model_run(s, run_id, run_dir, data, prepared, train_args, evals, seed, k=None):
    """A training and its evaluations; evals: (task, checkpoint name, out folder, extra args);
    k: the evaluations' cutoff (default: the config's "k")."""
    steps = [train_step(s, prepared, run_dir, train_args)]
    for task, checkpoint, out, extra in evals:
        name = os.path.relpath(out, s.out).replace("/", "-")
        steps.append(eval_step(s, name, os.path.join(run_dir, checkpoint + ".h5"), prepared, task,
                               k or s.cfg["k"], out, extra))
    return sweep.Run(id=run_id, dir=run_dir, steps=steps, seed=seed, needs=[data.id])


def main(name, plan, report):
    """plan(settings) -> [Run]; report(settings) writes the tables and plots."""
    stage = sys.argv[1] if len(sys.argv) > 1 else "all"
    if stage not in ("all", "plan", "report"):
        print(f"usage: {sys.argv[0]} [all|plan|report]", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    s = Settings(name)
    os.makedirs(s.out, exist_ok=True)
    code = 0
    if stage in ("all", "plan"):
        runs = plan(s)
        sweep.write_plan(s.path("plan.json"), runs, ROOT)
        with open(s.path("config.json"), "w") as fh:
            json.dump({"config_file": s.config_path, "config": s.cfg, "smoke": s.smoke,
                       "threads": s.threads, "train_args": s.train_args, "bin": s.bin}, fh, indent=2)
        if stage == "all":
            # The other workers are separate processes: each claims runs by flock, as on Slurm.
            others = [subprocess.Popen([sys.executable, os.path.join(ROOT, "experiments", "lib",
                                                                     "sweep.py"), "run",
                                        s.path("plan.json")])
                      for _ in range(int(os.environ.get("WORKERS", "1")) - 1)]
            code = sweep.Worker(runs).work(wait=True)
            code = max([code] + [p.wait() for p in others])
    if stage in ("all", "report") and code == 0:
        report(s)
    return code
