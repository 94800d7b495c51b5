"""Reference values for skillgap's IRT maths, written to tests/reference/irt_reference.json.

`tests/it/irt_reference.rs` reads that file (include_str!); this script is not part of CI. To
regenerate it (CPython 3.11; catsim 0.21.0, girth 0.8.0, numpy 2.4.6, scipy 1.17.1):

    python3 -m venv /tmp/irtenv
    /tmp/irtenv/bin/pip install catsim==0.21.0 girth==0.8.0 numpy==2.4.6 scipy==1.17.1
    /tmp/irtenv/bin/python tests/reference/irt_reference.py      # from the repository root

What it computes:

* "icc": 3PL probability and Fisher information from catsim.irt.icc and catsim.irt.inf
  (d = 1) at several (theta, a, b, c): c = 0 (the 2PL cases the test always had), 0.2 and 0.25,
  and extreme theta (|theta| up to 6, |theta - b| up to 10).
* "eap_3pl": EAP mean and posterior SD of 3PL response patterns (all right, all wrong, mixed,
  wrong on the easy items and right on the hard ones, none) under several normal priors. The
  posterior is prior x prod 3PL likelihood truncated to [-5, 5], the interval of skillgap's grid,
  and its moments are integrals computed with scipy.integrate.quad (relative tolerance 1e-12) and checked
  against 2001-point Gauss-Legendre quadrature (numpy.polynomial.legendre.leggauss) to 1e-11.
  The likelihoods use catsim.irt.icc. Nothing here uses a uniform grid.
* "eap_girth": the 2PL cases the test always had, from girth.ability_eap (1001-point
  Gauss-Legendre on [-5, 5], the prior as girth's `distribution` option). girth returns only the
  mean; the posterior SD is computed on girth's own quadrature points
  (girth.utilities.utils._get_quadrature_points) and that mean is asserted to equal girth's.
"""
import json
import math
import pathlib
from importlib.metadata import version

import numpy as np
from scipy import integrate, stats
import catsim.irt as irt
import girth
from girth.utilities.utils import _get_quadrature_points

LO, HI = -5.0, 5.0
out = {
    "generated_by": "tests/reference/irt_reference.py",
    "versions": {name: version(name) for name in ["catsim", "girth", "numpy", "scipy"]},
}

# --- 3PL probability and information (catsim) -------------------------------------------------
icc_cases = [
    # the 2PL cases
    (0.0, 1.0, 0.0, 0.0),
    (1.0, 1.5, -0.5, 0.0),
    (-2.0, 0.8, 1.2, 0.0),
    (0.3, 2.0, 0.3, 0.0),
    (2.5, 1.2, 1.0, 0.0),
    # guessing
    (0.0, 1.0, 0.0, 0.25),
    (1.0, 1.5, -0.5, 0.2),
    (-2.0, 0.8, 1.2, 0.25),
    (0.3, 2.0, 0.3, 0.2),
    (2.5, 1.2, 1.0, 0.25),
    (0.7, 1.1, 0.2, 0.25),  # near the 3PL information peak, above b
    # extreme theta
    (-4.0, 1.5, 0.0, 0.25),
    (4.5, 2.0, -1.0, 0.2),
    (-6.0, 2.5, 3.0, 0.2),
    (6.0, 0.5, -2.0, 0.25),
    (-5.0, 1.0, 5.0, 0.25),
    (5.0, 2.5, -5.0, 0.0),
    (-5.0, 2.5, 5.0, 0.0),
]
out["icc"] = [
    {"theta": t, "a": a, "b": b, "c": c, "p": irt.icc(t, a, b, c), "info": irt.inf(t, a, b, c)}
    for t, a, b, c in icc_cases
]

# --- 3PL EAP against quadrature ----------------------------------------------------------------
items3 = [
    (1.2, -1.0, 0.25),
    (1.0, 0.0, 0.2),
    (1.5, 0.5, 0.25),
    (0.9, 1.2, 0.0),
    (1.3, 1.8, 0.2),
    (2.0, -0.3, 0.25),
]
patterns3 = [
    [1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0, 0],
    [1, 1, 0, 0, 0, 1],
    [1, 0, 1, 0, 1, 0],
    [0, 0, 1, 1, 1, 0],  # wrong on the easy items, right on the hard: guessing at work
    [],  # the prior alone (truncated to [-5, 5])
]
priors3 = [(0.0, 1.0), (1.0, 0.8), (-2.0, 0.8), (0.5, 1.5), (2.5, 0.6), (-3.5, 0.7)]


def density(t, mean, sd, pattern):
    f = stats.norm.pdf(t, mean, sd)
    for (a, b, c), r in zip(items3, pattern):
        p = irt.icc(t, a, b, c)
        f = f * (p if r else 1.0 - p)
    return f


gl_x, gl_w = np.polynomial.legendre.leggauss(2001)
gl_t = 0.5 * (HI - LO) * gl_x + 0.5 * (HI + LO)
gl_w = 0.5 * (HI - LO) * gl_w

eap3 = []
for mean, sd in priors3:
    for pat in patterns3:
        moments = []
        for k in range(3):
            # ∫θf can be near 0: its absolute tolerance is relative to ∫f.
            val, err = integrate.quad(
                lambda t: t**k * density(t, mean, sd, pat),
                LO,
                HI,
                epsabs=1e-14 * moments[0] if moments else 0.0,
                epsrel=1e-12,
                limit=500,
            )
            moments.append(val)
        m = moments[1] / moments[0]
        s = math.sqrt(moments[2] / moments[0] - m * m)
        f = density(gl_t, mean, sd, pat) * gl_w
        gm = (f * gl_t).sum() / f.sum()
        gs = math.sqrt((f * (gl_t - gm) ** 2).sum() / f.sum())
        assert abs(gm - m) < 1e-11 and abs(gs - s) < 1e-11, (mean, sd, pat, m, gm, s, gs)
        eap3.append({"prior_mean": mean, "prior_sd": sd, "responses": pat, "mean": m, "sd": s})
out["items_3pl"] = [{"a": a, "b": b, "c": c} for a, b, c in items3]
out["eap_3pl"] = eap3

# --- 2PL EAP (girth) ---------------------------------------------------------------------------
items_a = np.array([1.2, 1.0, 1.5, 0.9, 1.3])
items_b = np.array([-1.0, 0.0, 0.5, 1.2, 1.8])
patterns = [[1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [1, 1, 0, 0, 0], [1, 0, 1, 0, 1], [1, 1, 1, 0, 0]]
priors = [(0.0, 1.0), (1.0, 0.8), (-2.0, 0.8)]
n = 1001
theta, weights = _get_quadrature_points(n, LO, HI)
eap2 = []
for mean, sd in priors:
    dist = lambda t, m=mean, s=sd: stats.norm(m, s).pdf(t)
    for pat in patterns:
        data = np.array(pat, dtype=int).reshape(-1, 1)
        eap = float(
            np.atleast_1d(
                girth.ability_eap(
                    data,
                    items_b,
                    items_a,
                    options={"distribution": dist, "quadrature_bounds": (LO, HI), "quadrature_n": n},
                )
            )[0]
        )
        like = np.ones(n)
        for i, r in enumerate(pat):
            p = irt.icc(theta, items_a[i], items_b[i])
            like *= p if r else (1 - p)
        post = like * dist(theta) * weights
        post /= post.sum()
        m = (post * theta).sum()
        s = float(np.sqrt((post * (theta - m) ** 2).sum()))
        assert abs(m - eap) < 1e-12, (m, eap)
        eap2.append({"prior_mean": mean, "prior_sd": sd, "responses": pat, "mean": eap, "sd": s})
out["items_2pl"] = [{"a": float(a), "b": float(b)} for a, b in zip(items_a, items_b)]
out["eap_girth"] = eap2

path = pathlib.Path(__file__).with_name("irt_reference.json")
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}: {len(out['icc'])} icc cases, {len(eap3)} 3PL EAP cases, {len(eap2)} girth cases")
