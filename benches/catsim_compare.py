"""The classic CAT simulation in catsim, the reference for `examples/cat_compare.rs`.

1,000 examinees with theta ~ N(0, 1), a 500-item 3PL bank (a ~ N(1.2, 0.25) clipped to
[0.5, 2.5], b ~ N(0, 1), c one of 0, 0.2, 0.25; or with --model 2pl the same a and b with every
c = 0), maximum-information selection at the current
estimate, starting at theta = 0, stop when the standard error is below 0.3 or after 30 items.

    python3 -m venv /tmp/irtenv && /tmp/irtenv/bin/pip install catsim==0.21.0
    /tmp/irtenv/bin/python benches/catsim_compare.py /tmp/cat_bank.json
    cargo run --release --example cat_compare -- /tmp/cat_bank.json

It writes the bank, the examinees and catsim's figures (median seconds of --runs runs, 3 by
default; mean test length; RMSE) to the JSON file, so that the example runs the same work and
prints both side by side with the speed ratio. Run the two back to back on an idle machine.

catsim 0.21.0 has no EAP estimator: `catsim.estimation` offers only NumericalSearchEstimator
(maximum likelihood by a bounded scalar search, with Dodd's heuristic while every answer is right
or every answer is wrong). So this is the closest catsim comes to skillgap's run, and it differs
in the estimator (MLE, no prior, no grid) and so in the stop rule: catsim's standard error is
1 / sqrt(test information at the MLE) (catsim.irt.see), skillgap's is the posterior standard
deviation on its 201-point grid under the N(0, 1) prior. The selection rule (maximum Fisher
information at the current estimate, catsim.irt.inf), the start, the limits, the bank and the
examinees are the same; the simulated answers are drawn by each tool's own generator.
"""
import argparse
import json
import statistics
import time
from importlib.metadata import version

import numpy as np
from catsim.estimation import NumericalSearchEstimator
from catsim.initialization import FixedPointInitializer
from catsim.item_bank import ItemBank
from catsim.selection import MaxInfoSelector
from catsim.simulation import Simulator
from catsim.stopping import MinErrorStopper

parser = argparse.ArgumentParser()
parser.add_argument("out", nargs="?", default="/tmp/cat_bank.json")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--model", choices=["3pl", "2pl"], default="3pl", help="2pl: every c is 0")
args = parser.parse_args()

rng = np.random.default_rng(2026)
n_items, n_examinees = 500, 1000
a = np.clip(rng.normal(1.2, 0.25, n_items), 0.5, 2.5)
b = rng.normal(0.0, 1.0, n_items)
c = rng.choice([0.0, 0.2, 0.25], n_items)
if args.model == "2pl":
    c = np.zeros(n_items)
items = np.column_stack([a, b, c, np.ones(n_items)])
thetas = rng.normal(0.0, 1.0, n_examinees)

times = []
for run in range(args.runs):
    sim = Simulator(ItemBank(items), thetas, seed=run)
    start = time.perf_counter()
    sim.simulate(
        initializer=FixedPointInitializer(0.0),
        selector=MaxInfoSelector(),
        estimator=NumericalSearchEstimator(),
        stopper=MinErrorStopper(0.3, max_items=30),
        verbose=False,
    )
    times.append(time.perf_counter() - start)
    estimates = np.array(sim.latest_estimations)
    lengths = [len(x) for x in sim.administered_items]
# Figures of the last run (each run draws its answers with its own seed).
rmse = float(np.sqrt(np.mean((estimates - thetas) ** 2)))
catsim = {
    "tool": f"catsim {version('catsim')}",
    "model": args.model,
    "estimator": "NumericalSearchEstimator (MLE, bounded search, Dodd's heuristic)",
    "seconds": statistics.median(times),
    "runs": times,
    "mean_items": float(np.mean(lengths)),
    "rmse": rmse,
}
with open(args.out, "w") as f:
    json.dump(
        {"a": a.tolist(), "b": b.tolist(), "c": c.tolist(), "theta": thetas.tolist(), "catsim": catsim},
        f,
    )
print(json.dumps(catsim))
