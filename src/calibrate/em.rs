//! Marginal maximum likelihood for one skill's items by EM over a quadrature grid (Bock and
//! Aitkin, 1981), with normal priors on a and b centred on the bank's values (so the estimate is
//! a posterior mode, MAP, and an item with few responses moves little).
//!
//! * The item model is the engine's ([`crate::score::irt`]): P = c + (1 − c) σ(a(θ − b)), c
//!   fixed at the item's guessing floor, θ ~ N(0, 1) (the engine's prior for one skill, which
//!   also fixes the scale: level = θ + 2).
//! * Respondents with the same answers (right, wrong, not asked) share one pattern, so an
//!   iteration costs patterns × grid points × items, whatever the number of respondents.
//! * E-step: each pattern's posterior on the grid; the expected respondents n_q and right
//!   answers r_q of every item at every grid point. M-step: per item, Fisher scoring on the
//!   expected complete-data log posterior, with step halving.
//! * Standard errors: the observed information of the marginal log posterior, its gradient
//!   (exact, by Fisher's identity) differentiated numerically, inverted for all the skill's
//!   items at once; where that is not positive definite, the M-step's information.

/// Quadrature points, evenly spaced on [−`QUAD_SPAN`, `QUAD_SPAN`].
pub(crate) const QUAD_POINTS: usize = 61;
/// Half the quadrature's span.
pub(crate) const QUAD_SPAN: f64 = 5.0;
/// EM stops when no parameter moves more than this in an iteration.
const TOLERANCE: f64 = 1e-5;
/// EM stops after this many iterations whatever happens (and says it did not converge).
pub(crate) const MAX_ITERATIONS: usize = 2000;

/// An item's parameters and prior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ItemSpec {
    pub(crate) a: f64,
    pub(crate) b: f64,
    pub(crate) c: f64,
    /// Prior means (the bank's values) and standard deviations.
    pub(crate) a0: f64,
    pub(crate) b0: f64,
    pub(crate) sd_a: f64,
    pub(crate) sd_b: f64,
}

/// Identical answer patterns: per item 0 not answered, 1 wrong, 2 right.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    pub(crate) items: usize,
    /// Row-major: pattern p's answers are `cells[p * items..(p + 1) * items]`.
    pub(crate) cells: Vec<u8>,
    pub(crate) counts: Vec<f64>,
}

impl Patterns {
    pub(crate) fn len(&self) -> usize {
        self.counts.len()
    }

    pub(crate) fn row(&self, p: usize) -> &[u8] {
        &self.cells[p * self.items..(p + 1) * self.items]
    }
}

/// The grid: points and N(0, 1) weights summing to 1 (computed once).
pub(crate) fn grid() -> ([f64; QUAD_POINTS], [f64; QUAD_POINTS]) {
    static GRID: std::sync::LazyLock<([f64; QUAD_POINTS], [f64; QUAD_POINTS])> =
        std::sync::LazyLock::new(make_grid);
    *GRID
}

fn make_grid() -> ([f64; QUAD_POINTS], [f64; QUAD_POINTS]) {
    let mut theta = [0.0; QUAD_POINTS];
    let mut w = [0.0; QUAD_POINTS];
    let step = 2.0 * QUAD_SPAN / (QUAD_POINTS - 1) as f64;
    for q in 0..QUAD_POINTS {
        theta[q] = -QUAD_SPAN + q as f64 * step;
        w[q] = (-0.5 * theta[q] * theta[q]).exp();
    }
    let total: f64 = w.iter().sum();
    w.iter_mut().for_each(|x| *x /= total);
    (theta, w)
}

/// P(right) of every item at every grid point, clamped off 0 and 1.
fn probabilities(items: &[ItemSpec], theta: &[f64; QUAD_POINTS]) -> Vec<[f64; QUAD_POINTS]> {
    items
        .iter()
        .map(|it| {
            let mut p = [0.0; QUAD_POINTS];
            for q in 0..QUAD_POINTS {
                let s = 1.0 / (1.0 + (-it.a * (theta[q] - it.b)).exp());
                p[q] = (it.c + (1.0 - it.c) * s).clamp(1e-12, 1.0 - 1e-12);
            }
            p
        })
        .collect()
}

/// What an E-step finds.
pub(crate) struct Expected {
    /// Per item and grid point: expected respondents who answered it, and who answered right.
    pub(crate) n: Vec<[f64; QUAD_POINTS]>,
    pub(crate) r: Vec<[f64; QUAD_POINTS]>,
    /// The marginal log likelihood.
    pub(crate) loglik: f64,
    /// Per pattern: the posterior on the grid (normalised).
    pub(crate) posterior: Vec<[f64; QUAD_POINTS]>,
}

pub(crate) fn e_step(items: &[ItemSpec], data: &Patterns) -> Expected {
    let (theta, prior) = grid();
    let p = probabilities(items, &theta);
    let j = items.len();
    let mut n = vec![[0.0; QUAD_POINTS]; j];
    let mut r = vec![[0.0; QUAD_POINTS]; j];
    let mut loglik = 0.0;
    let mut posterior = Vec::with_capacity(data.len());
    for pi in 0..data.len() {
        let row = data.row(pi);
        let mut l = prior;
        for (k, &x) in row.iter().enumerate() {
            match x {
                1 => l.iter_mut().zip(&p[k]).for_each(|(l, p)| *l *= 1.0 - p),
                2 => l.iter_mut().zip(&p[k]).for_each(|(l, p)| *l *= p),
                _ => {}
            }
        }
        let total: f64 = l.iter().sum::<f64>().max(1e-300);
        let count = data.counts[pi];
        loglik += count * total.ln();
        l.iter_mut().for_each(|x| *x /= total);
        for (k, &x) in row.iter().enumerate() {
            if x == 0 {
                continue;
            }
            for q in 0..QUAD_POINTS {
                n[k][q] += count * l[q];
            }
            if x == 2 {
                for q in 0..QUAD_POINTS {
                    r[k][q] += count * l[q];
                }
            }
        }
        posterior.push(l);
    }
    Expected {
        n,
        r,
        loglik,
        posterior,
    }
}

/// The gradient and Fisher information (aa, ab, bb) of one item's expected complete-data log
/// posterior.
fn item_derivatives(
    it: &ItemSpec,
    n: &[f64; QUAD_POINTS],
    r: &[f64; QUAD_POINTS],
) -> ([f64; 2], [f64; 3]) {
    let (theta, _) = grid();
    let (mut ga, mut gb) = (0.0, 0.0);
    let (mut iaa, mut iab, mut ibb) = (0.0, 0.0, 0.0);
    for q in 0..QUAD_POINTS {
        let s = 1.0 / (1.0 + (-it.a * (theta[q] - it.b)).exp());
        let p = (it.c + (1.0 - it.c) * s).clamp(1e-12, 1.0 - 1e-12);
        let dp = (1.0 - it.c) * s * (1.0 - s);
        let pq = p * (1.0 - p);
        let g = (r[q] - n[q] * p) * dp / pq;
        let d = theta[q] - it.b;
        ga += g * d;
        gb -= g * it.a;
        let w = n[q] * dp * dp / pq;
        iaa += w * d * d;
        iab -= w * d * it.a;
        ibb += w * it.a * it.a;
    }
    ga -= (it.a - it.a0) / (it.sd_a * it.sd_a);
    gb -= (it.b - it.b0) / (it.sd_b * it.sd_b);
    iaa += 1.0 / (it.sd_a * it.sd_a);
    ibb += 1.0 / (it.sd_b * it.sd_b);
    ([ga, gb], [iaa, iab, ibb])
}

/// One item's expected complete-data log posterior.
fn item_objective(it: &ItemSpec, n: &[f64; QUAD_POINTS], r: &[f64; QUAD_POINTS]) -> f64 {
    let (theta, _) = grid();
    let mut f = 0.0;
    for q in 0..QUAD_POINTS {
        let s = 1.0 / (1.0 + (-it.a * (theta[q] - it.b)).exp());
        let p = (it.c + (1.0 - it.c) * s).clamp(1e-12, 1.0 - 1e-12);
        f += r[q] * p.ln() + (n[q] - r[q]) * (1.0 - p).ln();
    }
    f - (it.a - it.a0).powi(2) / (2.0 * it.sd_a * it.sd_a)
        - (it.b - it.b0).powi(2) / (2.0 * it.sd_b * it.sd_b)
}

/// The M-step for one item: Fisher scoring from its current values.
fn m_step(it: &mut ItemSpec, n: &[f64; QUAD_POINTS], r: &[f64; QUAD_POINTS]) {
    for _ in 0..20 {
        let (g, i) = item_derivatives(it, n, r);
        let det = i[0] * i[2] - i[1] * i[1];
        if det.is_nan() || det <= 0.0 {
            return;
        }
        let da = (i[2] * g[0] - i[1] * g[1]) / det;
        let db = (i[0] * g[1] - i[1] * g[0]) / det;
        let before = item_objective(it, n, r);
        let mut step = 1.0;
        loop {
            let trial = ItemSpec {
                a: it.a + step * da,
                b: it.b + step * db,
                ..*it
            };
            if item_objective(&trial, n, r) >= before - 1e-12 || step < 1e-4 {
                if step >= 1e-4 {
                    *it = trial;
                }
                break;
            }
            step *= 0.5;
        }
        if (step * da).abs().max((step * db).abs()) < 1e-9 {
            return;
        }
    }
}

/// The fit of one skill's items.
pub(crate) struct Fit {
    pub(crate) items: Vec<ItemSpec>,
    /// Per item: standard errors of a and b.
    pub(crate) se: Vec<(f64, f64)>,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
    pub(crate) loglik: f64,
    /// The final E-step, at the estimates.
    pub(crate) expected: Expected,
}

/// Fits the items by EM from their current values.
pub(crate) fn fit(mut items: Vec<ItemSpec>, data: &Patterns) -> Fit {
    let mut iterations = 0;
    let mut converged = false;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let e = e_step(&items, data);
        let mut moved: f64 = 0.0;
        for (k, it) in items.iter_mut().enumerate() {
            let before = *it;
            m_step(it, &e.n[k], &e.r[k]);
            moved = moved
                .max((it.a - before.a).abs())
                .max((it.b - before.b).abs());
        }
        if moved < TOLERANCE {
            converged = true;
            break;
        }
    }
    let expected = e_step(&items, data);
    let se = standard_errors(&items, data, &expected);
    Fit {
        loglik: expected.loglik,
        items,
        se,
        iterations,
        converged,
        expected,
    }
}

/// The gradient of the marginal log posterior in (a₁, b₁, a₂, b₂, …).
fn gradient(items: &[ItemSpec], data: &Patterns) -> Vec<f64> {
    let e = e_step(items, data);
    items
        .iter()
        .enumerate()
        .flat_map(|(k, it)| item_derivatives(it, &e.n[k], &e.r[k]).0)
        .collect()
}

// Index arithmetic on matrices reads as the formulas do.
#[allow(clippy::needless_range_loop)]
fn standard_errors(items: &[ItemSpec], data: &Patterns, e: &Expected) -> Vec<(f64, f64)> {
    let m = 2 * items.len();
    let h = 1e-4;
    let mut hess = vec![vec![0.0; m]; m];
    for k in 0..m {
        let shifted = |d: f64| {
            let mut v = items.to_vec();
            if k % 2 == 0 {
                v[k / 2].a += d;
            } else {
                v[k / 2].b += d;
            }
            gradient(&v, data)
        };
        let (up, down) = (shifted(h), shifted(-h));
        for i in 0..m {
            hess[i][k] = -(up[i] - down[i]) / (2.0 * h);
        }
    }
    // Symmetrise the numerical information.
    for i in 0..m {
        for k in 0..i {
            let v = 0.5 * (hess[i][k] + hess[k][i]);
            hess[i][k] = v;
            hess[k][i] = v;
        }
    }
    if let Some(cov) = invert_spd(&hess) {
        return (0..items.len())
            .map(|k| (cov[2 * k][2 * k].sqrt(), cov[2 * k + 1][2 * k + 1].sqrt()))
            .collect();
    }
    items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let (_, i) = item_derivatives(it, &e.n[k], &e.r[k]);
            let det = i[0] * i[2] - i[1] * i[1];
            ((i[2] / det).max(0.0).sqrt(), (i[0] / det).max(0.0).sqrt())
        })
        .collect()
}

/// The inverse of a symmetric positive definite matrix by Cholesky, or None when it is not one.
#[allow(clippy::needless_range_loop)]
fn invert_spd(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    // inv = L⁻ᵀ L⁻¹, column by column.
    let mut inv = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let rhs = if i == col { 1.0 } else { 0.0 };
            y[i] = (rhs - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
        }
        for i in 0..n {
            inv[i][col] = x[i];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_inverts() {
        let m = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert_spd(&m).unwrap();
        let det = 11.0;
        assert!((inv[0][0] - 3.0 / det).abs() < 1e-12);
        assert!((inv[0][1] + 1.0 / det).abs() < 1e-12);
        assert!(invert_spd(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }
}
