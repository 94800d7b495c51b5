"""EAP scoring in girth, the reference for `examples/eap_compare.rs`.

100,000 examinees (theta ~ N(0, 1)) answer the same 30 2PL items (a ~ N(1.2, 0.25) clipped to
[0.5, 2.5], b ~ N(0, 1)); girth.ability_eap scores every response pattern under the N(0, 1)
prior on [-5, 5].

    python3 -m venv /tmp/irtenv && /tmp/irtenv/bin/pip install girth==0.8.0
    /tmp/irtenv/bin/python benches/girth_compare.py /tmp/eap
    cargo run --release --example eap_compare -- /tmp/eap

It writes three files: PREFIX.json (the items, the sizes and girth's figures: median seconds of
--runs runs, 3 by default), PREFIX.responses (one byte per answer, 0 wrong or 1 right, examinee
by examinee, 30 bytes each) and PREFIX.girth (girth's estimates as little-endian f64). The
example scores the same responses with skillgap's Posterior and prints both times, the ratio and
the largest difference of the estimates. Run the two back to back on an idle machine.

The grids differ: girth integrates with Gauss-Legendre nodes (here 201 of them on [-5, 5],
girth's `quadrature_n` and `quadrature_bounds` options), skillgap on its uniform 201-point grid
with equal weights; both integrate the same truncated posterior. girth 0.8.0's ability_eap is
2PL only (difficulty and discrimination), so the items have no guessing floor. It is numpy
array arithmetic on one thread (no BLAS call), as is skillgap's loop.
"""
import argparse
import json
import statistics
import time
from importlib.metadata import version

import numpy as np
from scipy import stats
import girth

parser = argparse.ArgumentParser()
parser.add_argument("prefix", nargs="?", default="/tmp/eap")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--examinees", type=int, default=100_000)
args = parser.parse_args()

rng = np.random.default_rng(2026)
n_items, n_examinees, n_quad = 30, args.examinees, 201
a = np.clip(rng.normal(1.2, 0.25, n_items), 0.5, 2.5)
b = rng.normal(0.0, 1.0, n_items)
theta = rng.normal(0.0, 1.0, n_examinees)
p = 1.0 / (1.0 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
responses = (rng.uniform(size=p.shape) < p).astype(np.uint8)  # [examinee, item]
dataset = np.ascontiguousarray(responses.T.astype(int))  # girth wants [item, examinee]

prior = stats.norm(0.0, 1.0).pdf
options = {"distribution": prior, "quadrature_bounds": (-5.0, 5.0), "quadrature_n": n_quad}
times = []
for _ in range(args.runs):
    start = time.perf_counter()
    estimates = girth.ability_eap(dataset, b, a, options=options)
    times.append(time.perf_counter() - start)

girth_figures = {
    "tool": f"girth {version('girth')}",
    "quadrature": f"{n_quad}-point Gauss-Legendre on [-5, 5]",
    "seconds": statistics.median(times),
    "runs": times,
}
with open(f"{args.prefix}.json", "w") as f:
    json.dump(
        {
            "a": a.tolist(),
            "b": b.tolist(),
            "examinees": n_examinees,
            "items": n_items,
            "prior": {"mean": 0.0, "sd": 1.0},
            "girth": girth_figures,
        },
        f,
    )
responses.tofile(f"{args.prefix}.responses")
np.asarray(estimates, dtype="<f8").tofile(f"{args.prefix}.girth")
rmse = float(np.sqrt(np.mean((estimates - theta) ** 2)))
print(json.dumps({**girth_figures, "rmse_vs_true_theta": rmse}))
