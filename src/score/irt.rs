//! The one posterior implementation: 2PL items, EAP on a grid in log space. Scoring, the quick
//! mode and the simulation all use it.
//!
//! * Each skill has a latent ability θ on the standard scale. Knowledge checks are two-parameter
//!   logistic (2PL) items, P(correct | θ) = 1 / (1 + exp(−a(θ − b))), with the bank's
//!   `discrimination` a and `difficulty` b (no 1.7 scaling constant).
//! * θ is estimated by EAP (expected a posteriori) on a grid from −5 to 5 in steps of 0.05,
//!   reporting the posterior mean and standard deviation, so an estimate exists after any
//!   number of answers, including none.
//! * The prior is the standard normal N(0, 1) unless the person rated the skill; a self-rating r
//!   gives the prior N(r − 2, 0.8²) (see [`SELF_RATING_PRIOR`]).
//! * θ maps to the 0–4 level scale in one place, [`level_of`]: level = θ + 2, clamped to 0…4.

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

/// The prior each self-rating 0–4 gives: centred on the level claimed (θ = level − 2), with a
/// spread of 0.8 so that a few knowledge checks can move it by a level or more.
pub const SELF_RATING_PRIOR: [Prior; 5] = [
    Prior {
        mean: -2.0,
        sd: 0.8,
    },
    Prior {
        mean: -1.0,
        sd: 0.8,
    },
    Prior { mean: 0.0, sd: 0.8 },
    Prior { mean: 1.0, sd: 0.8 },
    Prior { mean: 2.0, sd: 0.8 },
];

/// The one mapping from θ to the 0–4 level scale: θ = −2 is level 0, θ = 0 level 2, θ = 2 level 4.
pub(crate) fn level_of(theta: f64) -> f64 {
    (theta + 2.0).clamp(0.0, 4.0)
}

/// The inverse of [`level_of`] inside the scale.
pub(crate) fn theta_of_level(level: f64) -> f64 {
    level - 2.0
}

/// 2PL probability of a correct answer.
pub fn p_correct(theta: f64, a: f64, b: f64) -> f64 {
    1.0 / (1.0 + (-a * (theta - b)).exp())
}

/// Fisher information of a 2PL item at θ: a² P (1 − P).
pub fn item_information(theta: f64, a: f64, b: f64) -> f64 {
    let p = p_correct(theta, a, b);
    a * a * p * (1.0 - p)
}

/// A set of 2PL items ordered for maximum-information search: an item's information never
/// exceeds a²/4, so scanning by decreasing discrimination can stop as soon as that bound falls
/// below the best found (classic CAT item selection, without scoring every item).
#[derive(Debug, Clone)]
pub struct ItemPool {
    a: Vec<f64>,
    b: Vec<f64>,
    by_discrimination: Vec<usize>,
}

impl ItemPool {
    /// Items as (discrimination a, difficulty b).
    pub fn new(items: &[(f64, f64)]) -> Self {
        let mut by_discrimination: Vec<usize> = (0..items.len()).collect();
        by_discrimination.sort_by(|&i, &j| items[j].0.total_cmp(&items[i].0).then(i.cmp(&j)));
        Self {
            a: items.iter().map(|i| i.0).collect(),
            b: items.iter().map(|i| i.1).collect(),
            by_discrimination,
        }
    }

    /// The available item with the most information at θ (the lowest index among equals).
    pub fn most_informative(&self, theta: f64, available: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for &i in &self.by_discrimination {
            let a = self.a[i];
            if best.is_some_and(|(info, _)| a * a / 4.0 < info) {
                break;
            }
            if !available(i) {
                continue;
            }
            let info = item_information(theta, a, self.b[i]);
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

/// The prior for a skill: its self-rating's when there is one (clamped to 0–4), else the
/// standard one. Scoring and the quick mode both pick it here, so they cannot drift apart.
pub(crate) fn prior_for(self_rating: Option<usize>) -> Prior {
    self_rating.map_or(STANDARD_PRIOR, |r| SELF_RATING_PRIOR[r.min(4)])
}

/// log(1 + eˣ) without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 { x } else { x.exp().ln_1p() }
}

/// log P(answer | θ) of a 2PL item at grid point `i`: −softplus(∓a(θ − b)), precise in both tails.
fn log_likelihood(a: f64, b: f64, correct: bool, i: usize) -> f64 {
    let x = a * (grid_theta(i) - b);
    if correct { -softplus(-x) } else { -softplus(x) }
}

/// One item's log-likelihood of either answer at every grid point. The quick mode and the
/// simulation update posteriors thousands of times per bank, so they compute these once per item
/// (see `adaptive::Tables`) and an update becomes 201 additions.
#[derive(Debug, Clone)]
pub(crate) struct ItemTable {
    right: [f64; GRID_POINTS],
    wrong: [f64; GRID_POINTS],
}

impl ItemTable {
    /// The table of a 2PL item with discrimination `a` and difficulty `b`.
    pub(crate) fn new(a: f64, b: f64) -> Self {
        Self {
            right: std::array::from_fn(|i| log_likelihood(a, b, true, i)),
            wrong: std::array::from_fn(|i| log_likelihood(a, b, false, i)),
        }
    }

    fn get(&self, correct: bool) -> &[f64; GRID_POINTS] {
        if correct { &self.right } else { &self.wrong }
    }
}

/// A posterior over θ on the grid, kept as log densities up to a constant: updates are
/// additions (of an [`ItemTable`] row when one is at hand), nothing underflows whatever the
/// answers, and the normalising happens once, in [`Posterior::mean_sd`].
///
/// This is the one implementation: [`crate::score::estimate_skills`], the quick mode's tracker
/// and the simulation all hold these, so their estimates agree by construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    log_density: [f64; GRID_POINTS],
}

impl Posterior {
    /// A posterior that is still the prior.
    pub fn new(prior: Prior) -> Self {
        Self {
            log_density: std::array::from_fn(|i| {
                let z = (grid_theta(i) - prior.mean) / prior.sd;
                -0.5 * z * z
            }),
        }
    }

    /// Adds the log-likelihood of one 2PL response, computed on the spot.
    pub fn update(&mut self, a: f64, b: f64, correct: bool) {
        for (i, l) in self.log_density.iter_mut().enumerate() {
            *l += log_likelihood(a, b, correct, i);
        }
    }

    /// Adds the log-likelihood of one response from the item's precomputed table (the same
    /// figures as [`Posterior::update`], without the 201 logarithms).
    pub(crate) fn add(&mut self, item: &ItemTable, correct: bool) {
        self.add_log(item.get(correct));
    }

    fn add_log(&mut self, log_likelihood: &[f64; GRID_POINTS]) {
        for (l, x) in self.log_density.iter_mut().zip(log_likelihood) {
            *l += x;
        }
    }

    /// Densities relative to the largest (which is 1).
    fn relative(&self) -> impl Iterator<Item = f64> + '_ {
        let max = self
            .log_density
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        self.log_density.iter().map(move |l| (l - max).exp())
    }

    /// Normalised weights on the grid.
    pub fn weights(&self) -> Vec<f64> {
        let density: Vec<f64> = self.relative().collect();
        let total: f64 = density.iter().sum();
        density.iter().map(|d| d / total).collect()
    }

    /// The EAP estimate: posterior mean and standard deviation of θ.
    pub fn mean_sd(&self) -> (f64, f64) {
        let (mut w, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for (i, p) in self.relative().enumerate() {
            let t = grid_theta(i);
            w += p;
            m1 += p * t;
            m2 += p * t * t;
        }
        let mean = m1 / w;
        (mean, (m2 / w - mean * mean).max(0.0).sqrt())
    }
}

/// The posterior of one skill from its prior and its knowledge checks (a, b, right), and the
/// checks-only posterior (standard prior) when checks were answered, for calibration. The
/// likelihood of each response is computed once and serves both.
pub(crate) fn skill_posteriors(
    prior: Prior,
    responses: &[(f64, f64, bool)],
) -> (Posterior, Option<Posterior>) {
    let mut post = Posterior::new(prior);
    if responses.is_empty() {
        return (post, None);
    }
    if prior == STANDARD_PRIOR {
        for &(a, b, c) in responses {
            post.update(a, b, c);
        }
        return (post.clone(), Some(post));
    }
    let mut checks = Posterior::new(STANDARD_PRIOR);
    for &(a, b, c) in responses {
        let ll = std::array::from_fn(|i| log_likelihood(a, b, c, i));
        post.add_log(&ll);
        checks.add_log(&ll);
    }
    (post, Some(checks))
}
