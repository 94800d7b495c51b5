//! The one posterior implementation: 3PL items, EAP on a grid. Scoring, the quick mode and the
//! simulation all use it; [`super::person`] gives each skill its prior.
//!
//! * Each skill has a latent ability θ on the standard scale. Knowledge checks are
//!   three-parameter logistic (3PL) items, P(right | θ) = c + (1 − c) / (1 + exp(−a(θ − b))),
//!   with the bank's `discrimination` a, `difficulty` b and guessing floor c (see
//!   [`crate::bank::Question::guessing`]; no 1.7 scaling constant).
//! * "I don't know" is not a guess: it is scored as not knowing, 1 − P*(θ) with P* the 2PL part.
//!   Under 3PL a wrong guess has the likelihood (1 − c)(1 − P*(θ)), the same shape, so the
//!   two carry the same evidence and neither is penalised beyond what the model says.
//! * θ is estimated by EAP (expected a posteriori) on a grid from −5 to 5 in steps of 0.05,
//!   reporting the posterior mean and standard deviation, so an estimate exists after any
//!   number of answers, including none.
//! * θ maps to the 0–4 level scale in one place, [`level_of`]: level = θ + 2, clamped to 0…4.
//!
//! The grid is uniform, so exp(−a(θᵢ − b)) is a geometric sequence in i and a whole likelihood
//! row costs one `exp` and 200 multiplications; the posterior is kept as densities scaled to a
//! largest value of 1, so an update is 201 multiplications and nothing underflows that matters.

/// The grid EAP integrates over.
pub(crate) const GRID_MIN: f64 = -5.0;
/// The grid's upper end.
pub(crate) const GRID_MAX: f64 = 5.0;
/// The grid's spacing.
pub(crate) const GRID_STEP: f64 = 0.05;
/// Number of grid points, both ends included.
pub(crate) const GRID_POINTS: usize = 201;
// The four figures above describe one grid: a change to one must change the others.
const _: () = assert!(GRID_MIN + (GRID_POINTS - 1) as f64 * GRID_STEP == GRID_MAX);

/// A normal prior on θ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    pub mean: f64,
    pub sd: f64,
}

/// The prior for a skill nobody rated.
pub const STANDARD_PRIOR: Prior = Prior { mean: 0.0, sd: 1.0 };

/// The one mapping from θ to the 0–4 level scale: θ = −2 is level 0, θ = 0 level 2, θ = 2 level 4.
pub(crate) fn level_of(theta: f64) -> f64 {
    (theta + 2.0).clamp(0.0, 4.0)
}

/// The inverse of [`level_of`] inside the scale.
pub(crate) fn theta_of_level(level: f64) -> f64 {
    level - 2.0
}

/// A knowledge check as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// Discrimination: how sharply the item separates people below and above `b`.
    pub a: f64,
    /// Difficulty: where a person who does not guess has an even chance.
    pub b: f64,
    /// Guessing floor: the chance of a right answer by a blind guess.
    pub c: f64,
}

impl Item {
    /// A 3PL item.
    pub fn new(a: f64, b: f64, c: f64) -> Self {
        Self { a, b, c }
    }

    /// The chance of a right answer at θ.
    pub fn p(&self, theta: f64) -> f64 {
        p_correct(theta, self.a, self.b, self.c)
    }

    /// The item's Fisher information at θ.
    pub fn information(&self, theta: f64) -> f64 {
        item_information(theta, self.a, self.b, self.c)
    }
}

/// 3PL probability of a right answer: c + (1 − c) / (1 + exp(−a(θ − b))).
pub fn p_correct(theta: f64, a: f64, b: f64, c: f64) -> f64 {
    c + (1.0 - c) / (1.0 + (-a * (theta - b)).exp())
}

/// Fisher information of a 3PL item at θ: a² (1 − P) / P × ((P − c) / (1 − c))²; with c = 0
/// it is the 2PL's a² P (1 − P).
pub fn item_information(theta: f64, a: f64, b: f64, c: f64) -> f64 {
    let p = p_correct(theta, a, b, c);
    if p <= 0.0 {
        return 0.0;
    }
    let q = (p - c) / (1.0 - c);
    a * a * (1.0 - p) / p * q * q
}

/// A set of items ordered for maximum-information search: an item's information never
/// exceeds a²/4 (3PL information is below the 2PL's), so scanning by decreasing discrimination
/// can stop as soon as that bound falls below the best found (classic CAT item selection,
/// without scoring every item).
#[derive(Debug, Clone)]
pub struct ItemPool {
    items: Vec<Item>,
    by_discrimination: Vec<usize>,
}

impl ItemPool {
    /// The pool of these items.
    pub fn new(items: &[Item]) -> Self {
        let mut by_discrimination: Vec<usize> = (0..items.len()).collect();
        by_discrimination.sort_by(|&i, &j| items[j].a.total_cmp(&items[i].a).then(i.cmp(&j)));
        Self {
            items: items.to_vec(),
            by_discrimination,
        }
    }

    /// The available item with the most information at θ (the lowest index among equals).
    pub fn most_informative(&self, theta: f64, available: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for &i in &self.by_discrimination {
            let item = &self.items[i];
            if best.is_some_and(|(info, _)| item.a * item.a / 4.0 < info) {
                break;
            }
            if !available(i) {
                continue;
            }
            let info = item.information(theta);
            if best.is_none_or(|(b, j)| info > b || (info == b && i < j)) {
                best = Some((info, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// The θ value of grid point `i`.
pub fn grid_theta(i: usize) -> f64 {
    GRID_MIN + i as f64 * GRID_STEP
}

/// The grid index nearest θ, inside the grid.
fn nearest_index(theta: f64) -> usize {
    (((theta - GRID_MIN) / GRID_STEP).round().max(0.0) as usize).min(GRID_POINTS - 1)
}

/// exp(−a(θᵢ − b)) at every grid point, as a geometric sequence from the point nearest b: up the
/// grid it shrinks (and may underflow to 0, where P* is 1), down it grows (and may overflow to
/// ∞, where P* is 0), so a saturation is always the right limit.
fn odds_against(a: f64, b: f64) -> [f64; GRID_POINTS] {
    let mut e = [0.0; GRID_POINTS];
    let k = nearest_index(b);
    let ratio = (-a * GRID_STEP).exp();
    e[k] = (-a * (grid_theta(k) - b)).exp();
    for i in k + 1..GRID_POINTS {
        e[i] = e[i - 1] * ratio;
    }
    for i in (0..k).rev() {
        e[i] = e[i + 1] / ratio;
    }
    e
}

/// One item's likelihood of a right and of a wrong (or "I don't know") answer at every grid
/// point. Scoring computes one per answered check; the quick mode and the simulation keep one per
/// item of the bank (see `adaptive::Tables`), so an update is 201 multiplications.
#[derive(Debug, Clone)]
pub struct ItemTable {
    right: [f64; GRID_POINTS],
    wrong: [f64; GRID_POINTS],
}

impl ItemTable {
    /// The table of a 3PL item. The wrong row leaves out the constant factor 1 − c, which
    /// cancels in every posterior.
    pub fn new(item: &Item) -> Self {
        let e = odds_against(item.a, item.b);
        let (mut right, mut wrong) = ([0.0; GRID_POINTS], [0.0; GRID_POINTS]);
        for i in 0..GRID_POINTS {
            let p = 1.0 / (1.0 + e[i]);
            right[i] = item.c + (1.0 - item.c) * p;
            // 1 − p without cancellation in the upper tail.
            wrong[i] = if e[i].is_infinite() { 1.0 } else { e[i] * p };
        }
        Self { right, wrong }
    }

    /// The row for a right or a wrong answer.
    pub fn row(&self, correct: bool) -> &[f64; GRID_POINTS] {
        if correct { &self.right } else { &self.wrong }
    }
}

/// A posterior over θ on the grid, as densities up to a constant, rescaled toward a largest of 1
/// whenever the scale drifts far from it, so nothing that matters underflows whatever the
/// answers, and normalising happens once, when a moment is read.
///
/// This is the one implementation: [`crate::score::estimate_skills`], the quick mode's tracker
/// and the simulation all hold these, so their estimates agree by construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    density: [f64; GRID_POINTS],
}

impl Posterior {
    /// A posterior that is still the prior, exp(−(θ − m)² / 2s²) by a recurrence from the point
    /// nearest m (three `exp` calls, not 201).
    pub fn new(prior: Prior) -> Self {
        let mut density = [0.0; GRID_POINTS];
        let (m, v) = (prior.mean, prior.sd * prior.sd);
        let k = nearest_index(m);
        let dk = grid_theta(k) - m;
        density[k] = (-0.5 * dk * dk / v).exp();
        let step = (-GRID_STEP * GRID_STEP / v).exp();
        // density[i+1] / density[i] = exp(−(2(θᵢ − m)δ + δ²) / 2v), itself geometric in i.
        let mut up = (-(2.0 * dk * GRID_STEP + GRID_STEP * GRID_STEP) / (2.0 * v)).exp();
        for i in k + 1..GRID_POINTS {
            density[i] = density[i - 1] * up;
            up *= step;
        }
        let mut down = (-(-2.0 * dk * GRID_STEP + GRID_STEP * GRID_STEP) / (2.0 * v)).exp();
        for i in (0..k).rev() {
            density[i] = density[i + 1] * down;
            down *= step;
        }
        let mut p = Self { density };
        p.rescale();
        p
    }

    /// A flat posterior: no prior information, so that likelihoods can be kept on their own.
    pub(crate) fn flat() -> Self {
        Self {
            density: [1.0; GRID_POINTS],
        }
    }

    /// Adds one 3PL response.
    pub fn update(&mut self, item: &Item, correct: bool) {
        self.add(&ItemTable::new(item), correct);
    }

    /// Adds one response from the item's precomputed table.
    pub fn add(&mut self, item: &ItemTable, correct: bool) {
        self.multiply(item.row(correct));
    }

    /// Multiplies in a likelihood (or another posterior's densities).
    pub(crate) fn multiply(&mut self, likelihood: &[f64; GRID_POINTS]) {
        let mut max: f64 = 0.0;
        for (d, l) in self.density.iter_mut().zip(likelihood) {
            *d *= l;
            max = max.max(*d);
        }
        // Moments normalise anyway: rescale only when the scale drifts far from 1.
        if !(1e-150..=1e150).contains(&max) {
            self.rescale();
        }
    }

    /// The densities, up to a constant.
    pub(crate) fn densities(&self) -> &[f64; GRID_POINTS] {
        &self.density
    }

    fn rescale(&mut self) {
        let max = self.density.iter().copied().fold(0.0, f64::max);
        if max > 0.0 && max.is_finite() && max != 1.0 {
            let inv = 1.0 / max;
            self.density.iter_mut().for_each(|d| *d *= inv);
        } else if !(max > 0.0 && max.is_finite()) {
            // Impossible evidence (every point zero): nothing is known any more than before.
            self.density = [1.0; GRID_POINTS];
        }
    }

    /// Normalised weights on the grid.
    pub fn weights(&self) -> Vec<f64> {
        let total: f64 = self.density.iter().sum();
        self.density.iter().map(|d| d / total).collect()
    }

    /// The posterior mean of f(θ).
    pub fn expect(&self, f: impl Fn(f64) -> f64) -> f64 {
        let (mut w, mut m) = (0.0, 0.0);
        for (i, p) in self.density.iter().enumerate() {
            w += p;
            m += p * f(grid_theta(i));
        }
        m / w
    }

    /// The EAP estimate: posterior mean and standard deviation of θ.
    pub fn mean_sd(&self) -> (f64, f64) {
        let (mut w, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for (i, p) in self.density.iter().enumerate() {
            let t = grid_theta(i);
            w += p;
            m1 += p * t;
            m2 += p * t * t;
        }
        let mean = m1 / w;
        (mean, (m2 / w - mean * mean).max(0.0).sqrt())
    }
}
