"""`skillgap calibrate` against girth's `twopl_mml`, on the same simulated responses, in one run.

    python3 -m venv /work/venv-cal && /work/venv-cal/bin/pip install girth==0.8.0
    cargo build --release
    /work/venv-cal/bin/python benches/calibrate_vs_girth.py

What it does, in a temporary directory:

1. The *true* bank: a copy of the shipped bank with every knowledge check's guessing floor set to
   0 (girth's 2PL has none, so both fit the same model) and its a and b perturbed from the
   shipped values (a × exp(N(0, 0.25²)), b + N(0, 0.3²), seeded), written as `discrimination`
   and `difficulty`. The *prior* bank: the same with guessing 0 and the shipped a and b, so
   skillgap's priors are centred on values that are not the truth.
2. `skillgap --bank TRUE simulate --population standard --respondents N --export-responses
   FILE`: every skill's θ ~ N(0, 1), every check answered by the 2PL model of the true bank.
3. `skillgap --bank PRIOR calibrate FILE --json`, a whole process, timed.
4. girth: one Python process (timed whole: start, import, read the answers as a NumPy file,
   fit) runs `twopl_mml` on each skill's items × respondents matrix; girth fits a
   unidimensional 2PL per item set, so per skill is like for like. The JSON lines are turned
   into that matrix beforehand, untimed.
5. RMSE of a and of b over every check against the true values, side by side, at --recovery
   respondents (2,000); wall and CPU times (user + system of the child process, which a busy
   machine disturbs less), medians of --runs runs, at --speed respondents (10,000).
"""
import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "skillgap")
CHECKS = ("single_choice", "multiple_choice", "short_text")

GIRTH_FIT = r"""
import json, sys
import numpy as np
from girth import twopl_mml
data = np.load(sys.argv[1])
out = {}
for skill in data.files:
    m = data[skill]
    r = twopl_mml(m)
    out[skill] = [list(map(float, np.atleast_1d(r["Discrimination"]))),
                  list(map(float, np.atleast_1d(r["Difficulty"])))]
json.dump(out, open(sys.argv[2], "w"))
"""


def level_b(q):
    if "difficulty" in q:
        return q["difficulty"]
    if "level" in q:
        return q["level"] - 2.5 + q.get("adjustment", 0.0)
    return q.get("adjustment", 0.0)


def make_banks(tmp, seed):
    rng = np.random.default_rng(seed)
    truth = {}
    for name in ("true", "prior"):
        shutil.copytree(os.path.join(ROOT, "profiles"), os.path.join(tmp, name, "profiles"))
        os.makedirs(os.path.join(tmp, name, "questions"))
    for f in sorted(os.listdir(os.path.join(ROOT, "questions"))):
        data = json.load(open(os.path.join(ROOT, "questions", f)))
        true, prior = json.loads(json.dumps(data)), json.loads(json.dumps(data))
        for qt, qp in zip(true.get("questions", []), prior.get("questions", [])):
            if qt["kind"] not in CHECKS:
                continue
            a0, b0 = qt.get("discrimination", 1.0), level_b(qt)
            a = float(np.clip(a0 * math.exp(rng.normal(0, 0.25)), 0.3, 3.5))
            b = float(np.clip(b0 + rng.normal(0, 0.3), -3.5, 3.5))
            for q in (qt, qp):
                q["guessing"] = 0.0
                q.pop("adjustment", None)
            qt["discrimination"], qt["difficulty"] = round(a, 4), round(b, 4)
            qp["discrimination"], qp["difficulty"] = a0, b0
            truth[qt["id"]] = (qt["skill"], round(a, 4), round(b, 4))
        json.dump(true, open(os.path.join(tmp, "true", "questions", f), "w"), indent=1)
        json.dump(prior, open(os.path.join(tmp, "prior", "questions", f), "w"), indent=1)
    return truth


def simulate(tmp, n, seed):
    path = os.path.join(tmp, f"responses_{n}.jsonl")
    subprocess.run(
        [BIN, "--bank", os.path.join(tmp, "true"), "simulate", "--population", "standard",
         "--respondents", str(n), "--seed", str(seed), "--export-responses", path],
        check=True, stdout=subprocess.DEVNULL)
    return path


def matrices(path, truth):
    """Per skill: the items (in the bank's order) and an items × respondents 0/1 matrix."""
    order = {}
    for q, (s, _, _) in truth.items():
        order.setdefault(s, []).append(q)
    people, cells = {}, {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["question"] not in truth:
                continue
            p = people.setdefault(r["respondent"], len(people))
            cells[(r["question"], p)] = 1 if r["correct"] else 0
    out = {}
    for s, qs in order.items():
        m = np.zeros((len(qs), len(people)), dtype=int)
        for i, q in enumerate(qs):
            for p in range(len(people)):
                m[i, p] = cells[(q, p)]
        out[s] = m
    return order, out


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_skillgap(tmp, path):
    cpu, start = children_cpu(), time.perf_counter()
    out = subprocess.run([BIN, "--bank", os.path.join(tmp, "prior"), "calibrate", path, "--json"],
                         check=True, capture_output=True)
    elapsed = (time.perf_counter() - start, children_cpu() - cpu)
    report = json.loads(out.stdout)
    est = {i["question"]: (i["after"]["a"], i["after"]["b"])
           for s in report["skills"] for i in s["items"]}
    return elapsed, est


def run_girth(tmp, npz, order):
    script = os.path.join(tmp, "girth_fit.py")
    open(script, "w").write(GIRTH_FIT)
    out = os.path.join(tmp, "girth.json")
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, script, npz, out], check=True)
    elapsed = (time.perf_counter() - start, children_cpu() - cpu)
    fitted = json.load(open(out))
    est = {}
    for s, qs in order.items():
        a, b = fitted[s]
        for q, ai, bi in zip(qs, a, b):
            est[q] = (ai, bi)
    return elapsed, est


def rmse(est, truth):
    da = [est[q][0] - t[1] for q, t in truth.items()]
    db = [est[q][1] - t[2] for q, t in truth.items()]
    f = lambda v: math.sqrt(sum(x * x for x in v) / len(v))
    return f(da), f(db)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--recovery", type=int, default=2000)
    ap.add_argument("--speed", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: run `cargo build --release` first")
    with tempfile.TemporaryDirectory() as tmp:
        truth = make_banks(tmp, args.seed)
        print(f"girth {version('girth')}, {len(truth)} checks in "
              f"{len({s for s, _, _ in truth.values()})} skills; true a, b perturbed from the bank's")
        for n, runs in ((args.recovery, 1), (args.speed, args.runs)):
            path = simulate(tmp, n, args.seed)
            order, mats = matrices(path, truth)
            npz = os.path.join(tmp, f"m_{n}.npz")
            np.savez(npz, **mats)
            sg_times, gi_times = [], []
            for _ in range(runs):
                t, sg = run_skillgap(tmp, path)
                sg_times.append(t)
                t, gi = run_girth(tmp, npz, order)
                gi_times.append(t)
            sa, sb = rmse(sg, truth)
            ga, gb = rmse(gi, truth)
            med = lambda ts, k: statistics.median(t[k] for t in ts)
            st, gt = med(sg_times, 0), med(gi_times, 0)
            sc, gc = med(sg_times, 1), med(gi_times, 1)
            print(f"\n{n} respondents ({os.path.getsize(path) / 1e6:.0f} MB of JSON lines), "
                  f"median of {runs} run(s), load average {os.getloadavg()[0]:.1f}:")
            print(f"  {'':10} {'RMSE a':>8} {'RMSE b':>8} {'wall s':>8} {'CPU s':>8}")
            print(f"  {'skillgap':10} {sa:8.4f} {sb:8.4f} {st:8.2f} {sc:8.2f}")
            print(f"  {'girth':10} {ga:8.4f} {gb:8.4f} {gt:8.2f} {gc:8.2f}")
            print(f"  skillgap/girth RMSE: a {sa / ga:.3f}, b {sb / gb:.3f}; "
                  f"faster: {gt / st:.1f}x wall, {gc / sc:.1f}x CPU "
                  f"(wall: skillgap {[round(t[0], 2) for t in sg_times]}, "
                  f"girth {[round(t[0], 2) for t in gi_times]})")

if __name__ == "__main__":
    main()
