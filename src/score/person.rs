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

use super::irt::{Posterior, Prior, STANDARD_PRIOR};

/// Variance of the general level g shared by all skills.
pub const GENERAL_VAR: f64 = 0.5;
/// Variance of a category's level, shared by the skills of one category.
pub const CATEGORY_VAR: f64 = 0.2;
/// Variance of a skill's own part.
pub const SPECIFIC_VAR: f64 = 0.3;
const _: () = assert!(GENERAL_VAR + CATEGORY_VAR + SPECIFIC_VAR == 1.0);
/// Prior standard deviation of a person's rating bias, in levels: most people misjudge
/// themselves by under a level, and the checks show it when they do by more.
pub const BIAS_SD: f64 = 0.7;
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
}

impl SkillEvidence {
    /// No evidence about a skill of this category.
    pub(crate) fn new(category: usize) -> Self {
        Self {
            category,
            rating: None,
            checks: Posterior::flat(),
            answered: 0,
        }
    }

    /// The Gaussian (mean, precision) matching the checks' likelihood near the population: the
    /// moments of likelihood × N(0, 1), with N(0, 1) divided out.
    fn checks_gaussian(&self) -> Option<(f64, f64)> {
        if self.answered == 0 {
            return None;
        }
        let mut post = Posterior::new(STANDARD_PRIOR);
        post.multiply(self.checks.densities());
        let (m, sd) = post.mean_sd();
        let v = (sd * sd).max(1e-9);
        let precision = 1.0 / v - 1.0;
        (precision > MIN_PRECISION).then(|| (m / v / precision, precision))
    }

    /// The skill's factor on (x, β), x = g + h₍c₎, as natural parameters: precision Λ (xx, xβ,
    /// ββ) and η, after integrating out the skill's own part u.
    fn factor(&self) -> Option<Factor> {
        let rating = self.rating.map(|r| r as f64 - 2.0);
        let checks = self.checks_gaussian();
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
    /// This normal with a factor divided out (the "cavity": what everything else says).
    fn without(&self, f: &Factor) -> Joint {
        let det = self.xx * self.bb - self.xb * self.xb;
        let (p11, p12, p22) = (self.bb / det, -self.xb / det, self.xx / det);
        let (n1, n2) = (p11 * self.x + p12 * self.b, p12 * self.x + p22 * self.b);
        let (q11, q12, q22) = (p11 - f.xx, p12 - f.xb, p22 - f.bb);
        let (n1, n2) = (n1 - f.ex, n2 - f.eb);
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

/// The person-level estimate: each skill's posterior and the rating bias.
#[derive(Debug, Clone)]
pub(crate) struct PersonEstimate {
    /// Per skill, in bank order.
    pub(crate) posteriors: Vec<Posterior>,
    /// Per skill, how far its posterior mean moves per level of rating bias (0 when unrated):
    /// the rating's weight in the prior, shrunk by what the checks add.
    pub(crate) bias_gain: Vec<f64>,
    /// The rating bias β in levels: posterior mean and standard deviation.
    pub(crate) bias: (f64, f64),
}

/// Estimates every skill and the person-level quantities from the per-skill evidence.
pub(crate) fn estimate(evidence: &[SkillEvidence], categories: usize) -> PersonEstimate {
    let factors: Vec<Option<Factor>> = evidence.iter().map(SkillEvidence::factor).collect();
    // Precision and natural mean of z = (g, h₁ … h_C, β) as an arrowhead: a dense head (g, β),
    // a diagonal block for the h's and their links to the head.
    let mut head = [[1.0 / GENERAL_VAR, 0.0], [0.0, 1.0 / (BIAS_SD * BIAS_SD)]];
    let mut head_eta = [0.0, 0.0];
    let mut hh = vec![1.0 / CATEGORY_VAR; categories];
    let mut hg = vec![0.0; categories];
    let mut hb = vec![0.0; categories];
    let mut h_eta = vec![0.0; categories];
    for (e, f) in evidence.iter().zip(&factors) {
        let Some(f) = f else { continue };
        let c = e.category;
        // x = g + h_c: the factor's xx goes to (g, g), (g, h), (h, h); xb to (g, β) and (h, β).
        head[0][0] += f.xx;
        head[0][1] += f.xb;
        head[1][0] += f.xb;
        head[1][1] += f.bb;
        head_eta[0] += f.ex;
        head_eta[1] += f.eb;
        hh[c] += f.xx;
        hg[c] += f.xx;
        hb[c] += f.xb;
        h_eta[c] += f.ex;
    }
    // Schur complement onto the head.
    let mut s = head;
    let mut r = head_eta;
    for c in 0..categories {
        let inv = 1.0 / hh[c];
        s[0][0] -= hg[c] * hg[c] * inv;
        s[0][1] -= hg[c] * hb[c] * inv;
        s[1][1] -= hb[c] * hb[c] * inv;
        r[0] -= hg[c] * h_eta[c] * inv;
        r[1] -= hb[c] * h_eta[c] * inv;
    }
    s[1][0] = s[0][1];
    let det = s[0][0] * s[1][1] - s[0][1] * s[0][1];
    // The head's covariance and mean.
    let (cgg, cgb, cbb) = (s[1][1] / det, -s[0][1] / det, s[0][0] / det);
    let (g, b) = (cgg * r[0] + cgb * r[1], cgb * r[0] + cbb * r[1]);
    // Each category's x = g + h_c on (x, β).
    let joint: Vec<Joint> = (0..categories)
        .map(|c| {
            let inv = 1.0 / hh[c];
            let h = (h_eta[c] - hg[c] * g - hb[c] * b) * inv;
            // Cov(h, head) = −inv · (hg, hb) · C_head.
            let (u1, u2) = (hg[c], hb[c]);
            let chg = -inv * (u1 * cgg + u2 * cgb);
            let chb = -inv * (u1 * cgb + u2 * cbb);
            let vh = inv + inv * inv * (u1 * (u1 * cgg + u2 * cgb) + u2 * (u1 * cgb + u2 * cbb));
            Joint {
                x: g + h,
                b,
                xx: cgg + vh + 2.0 * chg,
                xb: cgb + chb,
                bb: cbb,
            }
        })
        .collect();
    let mut posteriors = Vec::with_capacity(evidence.len());
    let mut bias_gain = Vec::with_capacity(evidence.len());
    for (e, f) in evidence.iter().zip(&factors) {
        let full = joint[e.category];
        let others = match f {
            Some(f) => full.without(f),
            None => full,
        };
        let (prior, gain) = skill_prior(&others, e.rating);
        let mut post = Posterior::new(prior);
        if e.answered > 0 {
            post.multiply(e.checks.densities());
            let sd = post.mean_sd().1;
            bias_gain.push(gain * (sd * sd) / (prior.sd * prior.sd));
        } else {
            bias_gain.push(gain);
        }
        posteriors.push(post);
    }
    PersonEstimate {
        posteriors,
        bias_gain,
        bias: (b, cbb.max(0.0).sqrt()),
    }
}

/// A skill's prior from what the other skills say, θ = x + u, conditioned on its own rating
/// r − 2 = θ + β + ε (x and β correlated as `others` says), and how far its mean moves per level
/// of bias.
fn skill_prior(others: &Joint, rating: Option<u8>) -> (Prior, f64) {
    let a = others.xx + SPECIFIC_VAR;
    let Some(r) = rating else {
        let prior = Prior {
            mean: others.x,
            sd: a.sqrt(),
        };
        return (prior, 0.0);
    };
    let cov = a + others.xb;
    let var_r = a + others.bb + 2.0 * others.xb + RATING_SD * RATING_SD;
    let mean = others.x + cov / var_r * (r as f64 - 2.0 - others.x - others.b);
    let var = (a - cov * cov / var_r).max(1e-6);
    let prior = Prior {
        mean,
        sd: var.sqrt(),
    };
    (prior, -cov / var_r)
}
