"""Reference values for skillgap's IRT maths, computed with established Python IRT packages.

Run (not part of CI; its output is pasted into tests/irt_reference.rs):
    python3 -m venv /tmp/irtenv && /tmp/irtenv/bin/pip install catsim==0.21.0 girth==0.8.0
    /tmp/irtenv/bin/python tests/reference/irt_reference.py

* catsim 0.21.0 (catsim.irt.icc, catsim.irt.inf): 2PL probabilities and Fisher information.
* girth 0.8.0 (girth.ability_eap): EAP ability estimates. The posterior standard deviation (girth
  returns only the mean) is computed on girth's own quadrature (girth.utilities.utils.
  _get_quadrature_points) with catsim's icc, and its mean is asserted to equal girth's EAP.
The quadrature spans [-5, 5] with 1001 points, the same interval as skillgap's grid.
"""
import numpy as np
from scipy import stats
import catsim.irt as irt
import girth
from girth.utilities.utils import _get_quadrature_points

print("// icc / information: (theta, a, b, p, info)")
for theta, a, b in [(0.0, 1.0, 0.0), (1.0, 1.5, -0.5), (-2.0, 0.8, 1.2), (0.3, 2.0, 0.3), (2.5, 1.2, 1.0)]:
    print(f"({theta}, {a}, {b}, {irt.icc(theta, a, b):.12f}, {irt.inf(theta, a, b):.12f}),")

items_a = np.array([1.2, 1.0, 1.5, 0.9, 1.3])
items_b = np.array([-1.0, 0.0, 0.5, 1.2, 1.8])
patterns = [[1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [1, 1, 0, 0, 0], [1, 0, 1, 0, 1], [1, 1, 1, 0, 0]]
priors = [(0.0, 1.0), (1.0, 0.8), (-2.0, 0.8)]
n = 1001
theta, weights = _get_quadrature_points(n, -5, 5)
print("// EAP: (prior mean, prior sd, responses, eap mean, posterior sd)")
for mean, sd in priors:
    dist = lambda t, m=mean, s=sd: stats.norm(m, s).pdf(t)
    for pat in patterns:
        data = np.array(pat, dtype=int).reshape(-1, 1)
        eap = girth.ability_eap(data, items_b, items_a,
                                options={"distribution": dist, "quadrature_bounds": (-5, 5), "quadrature_n": n})
        like = np.ones(n)
        for i, r in enumerate(pat):
            p = irt.icc(theta, items_a[i], items_b[i])
            like *= p if r else (1 - p)
        post = like * dist(theta) * weights
        post /= post.sum()
        m = (post * theta).sum()
        s = np.sqrt((post * (theta - m) ** 2).sum())
        assert abs(m - float(np.atleast_1d(eap)[0])) < 1e-6
        print(f"({mean}, {sd}, {pat}, {float(np.atleast_1d(eap)[0]):.6f}, {s:.6f}),")
