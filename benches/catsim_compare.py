"""The classic CAT simulation in catsim, as the reference for `examples/cat_compare.rs`.

1,000 examinees with θ ~ N(0, 1), a 500-item 2PL bank, maximum-information selection, stop at
SE < 0.3 or 30 items. Writes the bank and the examinees to a JSON file so that skillgap's engine
runs the same work, and prints catsim's time, mean test length and RMSE.

    python3 -m venv /tmp/irtenv && /tmp/irtenv/bin/pip install catsim==0.21.0
    /tmp/irtenv/bin/python benches/catsim_compare.py /tmp/cat_bank.json
    cargo run --release --example cat_compare -- /tmp/cat_bank.json <catsim seconds>
"""
import json
import sys
import time

import numpy as np
from catsim.estimation import NumericalSearchEstimator
from catsim.initialization import FixedPointInitializer
from catsim.item_bank import ItemBank
from catsim.selection import MaxInfoSelector
from catsim.simulation import Simulator
from catsim.stopping import MinErrorStopper

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/cat_bank.json"
rng = np.random.default_rng(2026)
n_items, n_examinees = 500, 1000
a = np.clip(rng.normal(1.2, 0.25, n_items), 0.5, 2.5)
b = rng.normal(0.0, 1.0, n_items)
items = np.column_stack([a, b, np.zeros(n_items), np.ones(n_items)])
thetas = rng.normal(0.0, 1.0, n_examinees)
with open(out, "w") as f:
    json.dump({"a": a.tolist(), "b": b.tolist(), "theta": thetas.tolist()}, f)

sim = Simulator(ItemBank(items), thetas, seed=0)
start = time.perf_counter()
sim.simulate(
    initializer=FixedPointInitializer(0.0),
    selector=MaxInfoSelector(),
    estimator=NumericalSearchEstimator(),
    stopper=MinErrorStopper(0.3, max_items=30),
    verbose=False,
)
seconds = time.perf_counter() - start
estimates = np.array(sim.latest_estimations)
lengths = [len(x) for x in sim.administered_items]
rmse = float(np.sqrt(np.mean((estimates - thetas) ** 2)))
print(json.dumps({"tool": "catsim 0.21.0", "seconds": round(seconds, 3), "mean_items": float(np.mean(lengths)), "rmse": round(rmse, 4)}))
