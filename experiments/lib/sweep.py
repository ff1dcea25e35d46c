#!/usr/bin/env python3
"""A sweep: a list of runs, each a few commands (simulate, train, evaluate) that leave outputs.

    python3 experiments/lib/sweep.py run PLAN.json [--no-wait]   # be one worker of the sweep
    python3 experiments/lib/sweep.py status PLAN.json            # done / running / to do

A plan is what an experiment's run.py writes (OUT/plan.json): runs with an id, a directory, a
seed, the ids of the runs they need first (the data) and their steps, each a command and the
file that shows it finished. A worker takes the runs in order and:
- skips a step whose `done` file exists, so a finished sweep costs nothing on a second call;
- reruns an unfinished step, which resumes an interrupted training exactly (gensr-train starts
  again from RUN_DIR/latest.h5);
- claims a run with a non-blocking flock on RUN_DIR/.sweep.lock, so any number of workers
  (processes on one machine, ranks of a Slurm array over a shared file system:
  cluster/sweep.sbatch) share one plan and never take the same run; a run's needs are waited
  for (blocking flock) and done by whoever gets there first;
- records each run's commands, seed and wall seconds per step in RUN_DIR/sweep.json and the
  programs' output in RUN_DIR/STEP.log.
Without --no-wait a worker, after its own pass, waits for the runs other workers hold, so when
it returns the sweep is complete and its report can be written.

A command that fails leaves its run unfinished (the next call retries it); the worker goes on
with the other runs and exits 1. SIGTERM / SIGINT / SIGUSR1 are passed on to the running
command (gensr-train checkpoints and exits 85); the worker then stops with exit code 85 ("stopped
on request, run again to go on"), which cluster/sweep.sbatch turns into a requeue.
"""
import argparse
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field


@dataclass
class Step:
    name: str
    argv: list
    done: str = ""  # the file that shows the step finished; "" = RUN_DIR/.sweep/NAME.done

    def __post_init__(self):
        self.argv = [str(a) for a in self.argv]


@dataclass
class Run:
    id: str
    dir: str
    steps: list
    seed: int = None
    needs: list = field(default_factory=list)  # ids of runs that must finish first

    def done_file(self, step):
        return step.done or os.path.join(self.dir, ".sweep", step.name + ".done")

    def finished(self):
        return all(os.path.exists(self.done_file(s)) for s in self.steps)


def write_plan(path, runs, cwd):
    ids = [r.id for r in runs]
    if len(set(ids)) != len(ids):
        raise ValueError("sweep: run ids must be unique")
    plan = {"cwd": os.path.abspath(cwd),
            "runs": [{"id": r.id, "dir": r.dir, "seed": r.seed, "needs": list(r.needs),
                      "steps": [{"name": s.name, "argv": s.argv, "done": s.done}
                                for s in r.steps]} for r in runs]}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    _write_json(path, plan)


def read_plan(path):
    with open(path) as fh:
        plan = json.load(fh)
    runs = [Run(r["id"], r["dir"], [Step(**s) for s in r["steps"]], r.get("seed"), r.get("needs", []))
            for r in plan["runs"]]
    return plan["cwd"], runs


def _write_json(path, value):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as fh:
        json.dump(value, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, path)


def _lock(run, blocking):
    """An fd holding the run's claim, or None when another worker holds it (non-blocking)."""
    os.makedirs(run.dir, exist_ok=True)
    fd = os.open(os.path.join(run.dir, ".sweep.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


STOPPED = 85  # gensr-train's exit status after a checkpoint on request


class Stopped(Exception):
    """A signal asked the worker to stop."""


class Worker:
    def __init__(self, runs, log=None):
        self.runs = {r.id: r for r in runs}
        self.order = runs
        self.log = log or (lambda msg: print(f"sweep: {msg}", file=sys.stderr, flush=True))
        self.child = None
        self.signalled = False
        self.failed, self.ran, self.skipped, self.held = [], 0, 0, []
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
            signal.signal(sig, self._forward)

    def _forward(self, signum, _frame):
        self.signalled = True
        if self.child and self.child.poll() is None:
            self.child.send_signal(signum)
        else:
            raise Stopped()

    def ensure(self, run, blocking):
        """Finishes `run` unless done; False when another worker holds it (non-blocking)."""
        if run.finished():
            return True
        for need in run.needs:
            if not self.ensure(self.runs[need], blocking=True):
                return False
        fd = _lock(run, blocking)
        if fd is None:
            return False
        try:
            if not run.finished():  # another worker may have finished it while we waited
                self._execute(run)
            return run.finished()
        finally:
            os.close(fd)  # closing releases the flock

    def _execute(self, run):
        record_path = os.path.join(run.dir, "sweep.json")
        record = {"id": run.id, "seed": run.seed, "steps": {}}
        if os.path.exists(record_path):
            with open(record_path) as fh:
                record = json.load(fh)
        os.makedirs(os.path.join(run.dir, ".sweep"), exist_ok=True)
        for step in run.steps:
            done = run.done_file(step)
            if os.path.exists(done):
                continue
            entry = record["steps"].setdefault(step.name, {"wall_seconds": 0.0, "attempts": 0})
            entry.update(argv=step.argv, host=socket.gethostname())
            entry["attempts"] += 1
            _write_json(record_path, record)
            start = time.time()
            with open(os.path.join(run.dir, f"{step.name}.log"), "a") as out:
                self.child = subprocess.Popen(step.argv, stdout=out, stderr=subprocess.STDOUT)
                while True:
                    try:
                        code = self.child.wait()
                        break
                    except Stopped:  # a signal arrived between two waits: keep waiting
                        continue
                self.child = None
            entry["wall_seconds"] = round(entry["wall_seconds"] + time.time() - start, 1)
            entry["exit_code"] = code
            _write_json(record_path, record)
            if self.signalled:
                self.log(f"{run.id}: {step.name} stopped by a signal (exit {code}); rerun to resume")
                raise Stopped()
            if code != 0:
                self.log(f"{run.id}: {step.name} FAILED (exit {code}), see "
                         f"{os.path.join(run.dir, step.name + '.log')}")
                self.failed.append(run.id)
                return
            if not step.done:
                open(done, "w").close()
            elif not os.path.exists(done):
                self.log(f"{run.id}: {step.name} exited 0 without writing {done}")
                self.failed.append(run.id)
                return
            self.log(f"{run.id}: {step.name} done in {entry['wall_seconds']:.0f} s")
        self.ran += 1

    def work(self, wait=True):
        """One pass over the plan, then (wait) the runs other workers held. Returns the exit code."""
        try:
            for run in self.order:
                if run.finished():
                    self.skipped += 1
                elif not self.ensure(run, blocking=False) and run.id not in self.failed:
                    self.held.append(run)
            if wait:
                for run in self.held:
                    self.ensure(run, blocking=True)
        except Stopped:
            return STOPPED
        missing = [r.id for r in self.order if not r.finished()]
        self.log(f"{self.ran} run(s) ran, {self.skipped} already finished, "
                 f"{len(missing)} unfinished" + (f", {len(self.failed)} failed" if self.failed else ""))
        return 1 if self.failed else 0


def run_plan(plan_path, wait=True):
    cwd, runs = read_plan(plan_path)
    os.chdir(cwd)
    return Worker(runs).work(wait)


def status(plan_path):
    cwd, runs = read_plan(plan_path)
    os.chdir(cwd)
    counts = {"done": 0, "running": 0, "to do": 0}
    for run in runs:
        if run.finished():
            counts["done"] += 1
            continue
        fd = _lock(run, blocking=False)
        if fd is None:
            counts["running"] += 1
        else:
            os.close(fd)
            counts["to do"] += 1
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "status"])
    ap.add_argument("plan")
    ap.add_argument("--no-wait", action="store_true",
                    help="return after one pass instead of waiting for runs other workers hold")
    args = ap.parse_args()
    if args.command == "status":
        return status(args.plan)
    return run_plan(args.plan, wait=not args.no_wait)


if __name__ == "__main__":
    sys.exit(main())
