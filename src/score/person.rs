//! The person-level model: what one skill's evidence says about the others, and how far this
//! person's self-ratings can be trusted.
//!
//! Skill θs are related, and self-ratings carry a personal bias:
//!
//! * θₛ = g + h₍c₎ + uₛ, with a general level g ~ N(0, [`GENERAL_VAR`]), a level per skill
//!   category h₍c₎ ~ N(0, [`CATEGORY_VAR`]) and the skill's own part uₛ ~ N(0, [`SPECIFIC_VAR`]).
//!   The three add to 1, so one skill on its own still has the standard N(0, 1) prior; two skills
//!   correlate 0.5 overall and 0.7 within a category (a bifactor model, as in multidimensional IRT).
//! * A self-rating r of skill s is r − 2 = θₛ + β + ε, with the person's rating bias
//!   β ~ N(0, [`BIAS_SD`]²), shared by all their ratings, and ε ~ N(0, [`RATING_SD`]²).
//! * Knowledge checks are 3PL items on θₛ (see [`super::irt`]).
//!
//! Only checks separate β from g: ratings alone say "θ + β", so a person who rates themselves 4
//! everywhere but answers the checks wrong gets a large β, and every rating of theirs, also of
//! skills without checks, is discounted by it.
//!
//! The person-level part (g, the h₍c₎ and β) is Gaussian: each skill's checks enter it as the
//! Gaussian that matches their likelihood near the population (its moments against N(0, 1), with
//! that prior divided out). Each skill's own posterior is then exact on the grid: the prior is
//! what all the *other* skills say about it (the person-level posterior with the skill's own
//! factor divided out, so no answer counts twice), conditioned on its own self-rating, times the
//! exact 3PL likelihood of its own checks. The head (g, β) is solved by eliminating the diagonal
//! category block, so the cost is linear in the number of skills and categories.

use super::irt::{ItemTable, Posterior, Prior, STANDARD_PRIOR, level_of, theta_of_level};

/// Variance of the general level g shared by all skills.
pub const GENERAL_VAR: f64 = 0.35;
/// Variance of a category's level, shared by the skills of one category.
pub const CATEGORY_VAR: f64 = 0.15;
/// Variance of a skill's own part.
pub const SPECIFIC_VAR: f64 = 0.7;
/// Prior standard deviation of a person's rating bias, in levels: most people misjudge
/// themselves by under a level, and the checks show it when they do by more.
pub const BIAS_SD: f64 = 1.0;
/// Standard deviation of one self-rating around θ + 2 + β, in levels (rounding alone is 0.29).
pub const RATING_SD: f64 = 0.7;
/// Check evidence weaker than this precision is left out of the person-level part.
const MIN_PRECISION: f64 = 1e-3;

/// What the answers say about one skill by itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SkillEvidence {
    /// The skill's category, a position among the bank's distinct ones.
    pub(crate) category: usize,
    /// The self-rating 0–4, if given.
    pub(crate) rating: Option<u8>,
    /// The likelihood of the skill's knowledge checks on the grid (flat without any).
    pub(crate) checks: Posterior,
    /// How many knowledge checks were answered.
    pub(crate) answered: usize,
    /// The checks' Gaussian summary (see [`SkillEvidence::add_check`]), kept up to date so that
    /// the person-level part costs a few operations per skill.
    gaussian: Option<(f64, f64)>,
}

impl SkillEvidence {
    /// No evidence about a skill of this category.
    pub(crate) fn new(category: usize) -> Self {
        Self {
            category,
            rating: None,
            checks: Posterior::flat(),
            answered: 0,
            gaussian: None,
        }
    }

    /// Adds one answered knowledge check.
    pub(crate) fn add_check(&mut self, item: &ItemTable, correct: bool) {
        self.checks.add(item, correct);
        self.answered += 1;
        self.gaussian = self.checks_gaussian();
    }

    /// The checks alone against the population: their likelihood times N(0, 1).
    pub(crate) fn checks_only(&self) -> Posterior {
        let mut post = Posterior::new(STANDARD_PRIOR);
        post.multiply(self.checks.densities());
        post
    }

    /// The Gaussian (mean, precision) matching the checks' likelihood near the population: the
    /// moments of likelihood × N(0, 1), with N(0, 1) divided out.
    fn checks_gaussian(&self) -> Option<(f64, f64)> {
        if self.answered == 0 {
            return None;
        }
        let (m, sd) = self.checks_only().mean_sd();
        let v = (sd * sd).max(1e-9);
        let precision = 1.0 / v - 1.0;
        (precision > MIN_PRECISION).then(|| (m / v / precision, precision))
    }

    /// The skill's factor on (x, β), x = g + h₍c₎, as natural parameters: precision Λ (xx, xβ,
    /// ββ) and η, after integrating out the skill's own part u.
    fn factor(&self) -> Option<Factor> {
        let rating = self.rating.map(|r| r as f64 - 2.0);
        let checks = self.gaussian;
        let u = SPECIFIC_VAR;
        let rv = RATING_SD * RATING_SD;
        Some(match (rating, checks) {
            (None, None) => return None,
            // y = x + β + u + ε
            (Some(r), None) => {
                let w = 1.0 / (u + rv);
                Factor {
                    xx: w,
                    xb: w,
                    bb: w,
                    ex: w * r,
                    eb: w * r,
                }
            }
            // y = x + u + e
            (None, Some((m, p))) => {
                let w = 1.0 / (u + 1.0 / p);
                Factor {
                    xx: w,
                    xb: 0.0,
                    bb: 0.0,
                    ex: w * m,
                    eb: 0.0,
                }
            }
            // Both: rows (1, 1) and (1, 0) on (x, β), noise [[u + rv, u], [u, u + 1/p]].
            (Some(r), Some((m, p))) => {
                let (s11, s12, s22) = (u + rv, u, u + 1.0 / p);
                let det = s11 * s22 - s12 * s12;
                let (i11, i12, i22) = (s22 / det, -s12 / det, s11 / det);
                // Λ = Mᵀ Σ⁻¹ M with M = [[1, 1], [1, 0]]; η = Mᵀ Σ⁻¹ y.
                let (a, b) = (i11 * r + i12 * m, i12 * r + i22 * m);
                Factor {
                    xx: i11 + 2.0 * i12 + i22,
                    xb: i11 + i12,
                    bb: i11,
                    ex: a + b,
                    eb: a,
                }
            }
        })
    }
}

/// A Gaussian factor on (x, β) in natural parameters.
#[derive(Debug, Clone, Copy, Default)]
struct Factor {
    xx: f64,
    xb: f64,
    bb: f64,
    ex: f64,
    eb: f64,
}

/// A bivariate normal on (x, β).
#[derive(Debug, Clone, Copy)]
struct Joint {
    x: f64,
    b: f64,
    xx: f64,
    xb: f64,
    bb: f64,
}

impl Joint {
    /// The natural parameters (precision and precision × mean).
    fn natural(&self) -> Factor {
        let det = self.xx * self.bb - self.xb * self.xb;
        let (p11, p12, p22) = (self.bb / det, -self.xb / det, self.xx / det);
        Factor {
            xx: p11,
            xb: p12,
            bb: p22,
            ex: p11 * self.x + p12 * self.b,
            eb: p12 * self.x + p22 * self.b,
        }
    }

    /// This normal with a factor divided out (the "cavity": what everything else says).
    fn without(&self, f: &Factor) -> Joint {
        let p = self.natural();
        let (q11, q12, q22) = (p.xx - f.xx, p.xb - f.xb, p.bb - f.bb);
        let (n1, n2) = (p.ex - f.ex, p.eb - f.eb);
        let det = (q11 * q22 - q12 * q12).max(1e-12);
        let (c11, c12, c22) = (q22 / det, -q12 / det, q11 / det);
        Joint {
            x: c11 * n1 + c12 * n2,
            b: c12 * n1 + c22 * n2,
            xx: c11,
            xb: c12,
            bb: c22,
        }
    }
}

/// One skill's posterior: exactly normal while the skill has no knowledge checks (its prior,
/// read in closed form), on the grid once it has some. The two agree wherever both apply; the
/// closed form only saves the grid's work for the many skills a quick quiz never checks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SkillPosterior {
    Normal(Prior),
    Grid(Box<Posterior>),
}

impl SkillPosterior {
    /// Posterior mean and standard deviation of θ.
    pub(crate) fn mean_sd(&self) -> (f64, f64) {
        match self {
            Self::Normal(p) => (p.mean, p.sd),
            Self::Grid(g) => g.mean_sd(),
        }
    }

    /// E[min(level / target, 1)] for each target 0–4.
    pub(crate) fn coverage(&self) -> [f64; 5] {
        match self {
            Self::Normal(p) => std::array::from_fn(|t| normal_coverage(p, t)),
            Self::Grid(g) => std::array::from_fn(|t| {
                if t == 0 {
                    1.0
                } else {
                    g.expect(|theta| (level_of(theta) / t as f64).min(1.0))
                }
            }),
        }
    }
}

/// E[min(clamp(Y, 0, 4) / t, 1)] for Y = θ + 2 ~ N(m + 2, s²): E[clamp(Y, 0, t)] / t, which is
/// the integral of P(Y > y) over 0…t, s·[F(z₁) − F(z₀)] with F(z) = zΦ̄(z) − φ(z).
fn normal_coverage(p: &Prior, t: usize) -> f64 {
    if t == 0 {
        return 1.0;
    }
    let s = p.sd.max(1e-9);
    let mu = p.mean - theta_of_level(0.0);
    let f = |z: f64| z * normal_cdf(-z) - normal_pdf(z);
    let (z0, z1) = ((0.0 - mu) / s, (t as f64 - mu) / s);
    (s * (f(z1) - f(z0)) / t as f64).clamp(0.0, 1.0)
}

/// The person-level estimate: each skill's posterior and the rating bias.
#[derive(Debug, Clone)]
pub(crate) struct PersonEstimate {
    /// Per skill, in bank order.
    pub(crate) posteriors: Vec<SkillPosterior>,
    /// Per skill, how far its posterior mean moves per level of rating bias (0 when unrated):
    /// the rating's weight in the prior, shrunk by what the checks add.
    pub(crate) bias_gain: Vec<f64>,
    /// The rating bias β in levels: posterior mean and standard deviation.
    pub(crate) bias: (f64, f64),
}

/// The standard normal density.
fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The standard normal distribution function.
fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// How many passes of expectation propagation refine the checks' factors at most.
const EP_SWEEPS: usize = 8;
/// A pass that moves no factor's mean by more than this ends the refinement.
const EP_TOLERANCE: f64 = 1e-4;

/// The person-level posterior on z = (g, h₁ … h_C, β), kept as the natural parameters of an
/// arrowhead: a dense head (g, β), a diagonal block for the h's and their links to the head.
/// Factors on (x = g + h₍c₎, β) add in and come out in O(1); reading a category's (x, β) costs
/// one O(C) elimination.
#[derive(Debug, Clone)]
struct Arrowhead {
    head: [f64; 3],
    head_eta: [f64; 2],
    hh: Vec<f64>,
    hg: Vec<f64>,
    hb: Vec<f64>,
    h_eta: Vec<f64>,
}

/// The head's moments and each category's (x, β) after an elimination.
#[derive(Debug, Clone)]
struct Solved {
    joint: Vec<Joint>,
    bias: (f64, f64),
}

impl Arrowhead {
    /// The prior: no evidence.
    fn new(categories: usize) -> Self {
        Self {
            head: [1.0 / GENERAL_VAR, 0.0, 1.0 / (BIAS_SD * BIAS_SD)],
            head_eta: [0.0, 0.0],
            hh: vec![1.0 / CATEGORY_VAR; categories],
            hg: vec![0.0; categories],
            hb: vec![0.0; categories],
            h_eta: vec![0.0; categories],
        }
    }

    /// Adds (sign 1) or takes out (−1) a factor on category `c`'s (x, β). x = g + h₍c₎, so the
    /// factor's xx goes to (g, g), (g, h), (h, h), and its xβ to (g, β) and (h, β).
    fn apply(&mut self, c: usize, f: &Factor, sign: f64) {
        self.head[0] += sign * f.xx;
        self.head[1] += sign * f.xb;
        self.head[2] += sign * f.bb;
        self.head_eta[0] += sign * f.ex;
        self.head_eta[1] += sign * f.eb;
        self.hh[c] += sign * f.xx;
        self.hg[c] += sign * f.xx;
        self.hb[c] += sign * f.xb;
        self.h_eta[c] += sign * f.ex;
    }

    /// Eliminates the diagonal block (a Schur complement onto the head), then reads every
    /// category's (x, β) moments.
    fn solve(&self) -> Solved {
        let [mut s00, mut s01, mut s11] = self.head;
        let [mut r0, mut r1] = self.head_eta;
        for c in 0..self.hh.len() {
            let inv = 1.0 / self.hh[c];
            s00 -= self.hg[c] * self.hg[c] * inv;
            s01 -= self.hg[c] * self.hb[c] * inv;
            s11 -= self.hb[c] * self.hb[c] * inv;
            r0 -= self.hg[c] * self.h_eta[c] * inv;
            r1 -= self.hb[c] * self.h_eta[c] * inv;
        }
        let det = s00 * s11 - s01 * s01;
        let (cgg, cgb, cbb) = (s11 / det, -s01 / det, s00 / det);
        let (g, b) = (cgg * r0 + cgb * r1, cgb * r0 + cbb * r1);
        let joint = (0..self.hh.len())
            .map(|c| {
                let inv = 1.0 / self.hh[c];
                let h = (self.h_eta[c] - self.hg[c] * g - self.hb[c] * b) * inv;
                // Cov(h, head) = −inv · (hg, hb) · C_head.
                let (u1, u2) = (self.hg[c], self.hb[c]);
                let chg = -inv * (u1 * cgg + u2 * cgb);
                let chb = -inv * (u1 * cgb + u2 * cbb);
                let vh =
                    inv + inv * inv * (u1 * (u1 * cgg + u2 * cgb) + u2 * (u1 * cgb + u2 * cbb));
                Joint {
                    x: g + h,
                    b,
                    xx: cgg + vh + 2.0 * chg,
                    xb: cgb + chb,
                    bb: cbb,
                }
            })
            .collect();
        Solved {
            joint,
            bias: (b, cbb.max(0.0).sqrt()),
        }
    }
}

/// What the answers say of one skill given what everything else says (`others`): its prior, the
/// grid posterior when it has checks, how far the mean moves per level of bias, and the factor
/// on (x, β) that makes the person-level posterior match these moments (expectation
/// propagation: the skill's exact evidence, projected back to a Gaussian).
struct Tilted {
    prior: Prior,
    posterior: Option<Posterior>,
    bias_gain: f64,
    factor: Option<Factor>,
}

fn tilt(others: &Joint, e: &SkillEvidence) -> Tilted {
    // (x, β, θ) before the skill's own evidence: θ = x + u.
    let mut mean = [others.x, others.b, others.x];
    let mut cov = [
        [others.xx, others.xb, others.xx],
        [others.xb, others.bb, others.xb],
        [others.xx, others.xb, others.xx + SPECIFIC_VAR],
    ];
    let mut gain = 0.0;
    // The rating, r − 2 = θ + β + ε, conditions all three. The scale has ends: a 0 says only
    // "at or below the lowest step", a 4 "at or above the highest", so those are censored
    // (a probit factor, P(θ + β + ε ≤ −1.5) or P(θ + β + ε ≥ 1.5)) rather than read as exact.
    if let Some(r) = e.rating {
        let h = [
            cov[0][1] + cov[0][2],
            cov[1][1] + cov[1][2],
            cov[2][1] + cov[2][2],
        ];
        let s2 = cov[1][1] + cov[2][2] + 2.0 * cov[1][2];
        let rv = RATING_SD * RATING_SD;
        let y = mean[1] + mean[2];
        let (shift, shrink) = match r {
            0 | 4 => {
                let (sign, edge) = if r == 0 { (-1.0, -1.5) } else { (1.0, 1.5) };
                let scale = (rv + s2).sqrt();
                let z = sign * (y - edge) / scale;
                let ratio = normal_pdf(z) / normal_cdf(z).max(1e-300);
                (sign * ratio / scale, ratio * (z + ratio) / (rv + s2))
            }
            _ => ((r as f64 - 2.0 - y) / (rv + s2), 1.0 / (rv + s2)),
        };
        gain = -h[2] * shrink;
        for i in 0..3 {
            mean[i] += h[i] * shift;
            for j in 0..3 {
                cov[i][j] -= h[i] * h[j] * shrink;
            }
        }
    }
    let v = cov[2][2].max(1e-9);
    let prior = Prior {
        mean: mean[2],
        sd: v.sqrt(),
    };
    if e.answered == 0 {
        // A censored rating alone is not Gaussian either: its factor is the projection too.
        let factor = matches!(e.rating, Some(0 | 4))
            .then(|| {
                factor_between(
                    &[mean[0], mean[1]],
                    &[cov[0][0], cov[0][1], cov[1][1]],
                    others,
                )
            })
            .flatten();
        return Tilted {
            prior,
            posterior: None,
            bias_gain: gain,
            factor,
        };
    }
    let mut post = Posterior::new(prior);
    post.multiply(e.checks.densities());
    let (m, sd) = post.mean_sd();
    let vt = (sd * sd).max(1e-9);
    // (x, β) under the exact evidence: their regression on θ carries θ's new moments over.
    let k = [cov[0][2] / v, cov[1][2] / v];
    let tm = [
        mean[0] + k[0] * (m - mean[2]),
        mean[1] + k[1] * (m - mean[2]),
    ];
    let tc = [
        cov[0][0] + k[0] * k[0] * (vt - v),
        cov[0][1] + k[0] * k[1] * (vt - v),
        cov[1][1] + k[1] * k[1] * (vt - v),
    ];
    let factor = factor_between(&tm, &tc, others);
    Tilted {
        prior,
        posterior: Some(post),
        bias_gain: gain * vt / v,
        factor,
    }
}

/// The factor that turns `others` into the Gaussian with mean `m` and covariance `c` (xx, xβ,
/// ββ), in natural parameters; `None` when that would not be a proper (positive) factor, which
/// the caller then leaves as it was.
fn factor_between(m: &[f64; 2], c: &[f64; 3], others: &Joint) -> Option<Factor> {
    let det = c[0] * c[2] - c[1] * c[1];
    if !(det > 1e-12 && c[0] > 0.0) {
        return None;
    }
    let (p11, p12, p22) = (c[2] / det, -c[1] / det, c[0] / det);
    let n = [p11 * m[0] + p12 * m[1], p12 * m[0] + p22 * m[1]];
    let o = others.natural();
    let f = Factor {
        xx: p11 - o.xx,
        xb: p12 - o.xb,
        bb: p22 - o.bb,
        ex: n[0] - o.ex,
        eb: n[1] - o.eb,
    };
    let proper = f.xx >= -1e-12 && f.bb >= -1e-12 && f.xx * f.bb - f.xb * f.xb >= -1e-12;
    proper.then_some(f)
}

/// Estimates every skill and the person-level quantities from the per-skill evidence.
pub(crate) fn estimate(evidence: &[SkillEvidence], categories: usize) -> PersonEstimate {
    // Start from each skill's Gaussian summary (exact for ratings alone), then refine the
    // factors of skills with checks by expectation propagation.
    let mut factors: Vec<Option<Factor>> = evidence.iter().map(SkillEvidence::factor).collect();
    let mut post = Arrowhead::new(categories);
    for (e, f) in evidence.iter().zip(&factors) {
        if let Some(f) = f {
            post.apply(e.category, f, 1.0);
        }
    }
    // The factors that are not exactly Gaussian: checks, and ratings at the ends of the scale.
    let checked: Vec<usize> = (0..evidence.len())
        .filter(|&k| evidence[k].answered > 0 || matches!(evidence[k].rating, Some(0 | 4)))
        .collect();
    for _ in 0..EP_SWEEPS {
        let mut moved: f64 = 0.0;
        for &k in &checked {
            let c = evidence[k].category;
            let full = post.solve().joint[c];
            let others = match &factors[k] {
                Some(f) => full.without(f),
                None => full,
            };
            let Some(new) = tilt(&others, &evidence[k]).factor else {
                continue;
            };
            if let Some(old) = &factors[k] {
                post.apply(c, old, -1.0);
            }
            post.apply(c, &new, 1.0);
            let after = post.solve().joint[c];
            moved = moved
                .max((after.x - full.x).abs())
                .max((after.b - full.b).abs());
            factors[k] = Some(new);
        }
        if moved < EP_TOLERANCE {
            break;
        }
    }
    let solved = post.solve();
    let mut posteriors = Vec::with_capacity(evidence.len());
    let mut bias_gain = Vec::with_capacity(evidence.len());
    for (e, f) in evidence.iter().zip(&factors) {
        let full = solved.joint[e.category];
        let others = match f {
            Some(f) => full.without(f),
            None => full,
        };
        let t = tilt(&others, e);
        bias_gain.push(t.bias_gain);
        posteriors.push(match t.posterior {
            Some(p) => SkillPosterior::Grid(Box::new(p)),
            None => SkillPosterior::Normal(t.prior),
        });
    }
    PersonEstimate {
        posteriors,
        bias_gain,
        bias: solved.bias,
    }
}
