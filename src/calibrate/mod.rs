//! `skillgap calibrate`: item parameters measured from response logs instead of judged.
//!
//! Pure and deterministic (no I/O, no printing): the command line reads the files, this fits,
//! [`crate::bank::rewrite_parameters`] writes the numbers into a copy of the bank's text, and
//! `render::calibration` words the report.
//!
//! Per skill, the engine's item model (3PL with the guessing floor fixed, θ ~ N(0, 1); see
//! [`em`]) is fitted to the knowledge checks by marginal maximum likelihood with priors on a and b
//! centred on the bank's values. Self-ratings are not items of their own in the engine (a rating
//! is θ + β + ε with a person's bias β and noise ε shared by every skill), so they are not used
//! to fit the checks; their two spreads are estimated afterwards from the ratings against the
//! calibrated abilities ([`RatingReport`]).

mod data;
mod em;
mod stats;

pub use data::{BadLine, KEPT_BAD_LINES, Responses};

use crate::bank::{Bank, Question};
use crate::score::{item_of, person};
use em::{ItemSpec, Patterns};
use serde::Serialize;
use std::collections::BTreeMap;

/// The choices of a calibration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Prior standard deviation of a around the bank's discrimination.
    pub prior_sd_a: f64,
    /// Prior standard deviation of b around the bank's difficulty: half a level, the band an
    /// item's level allows.
    pub prior_sd_b: f64,
    /// A skill with fewer respondents (who answered at least one of its checks) is not fitted.
    pub min_respondents: usize,
    /// An item with fewer responses is reported provisional: its prior still weighs much.
    pub provisional_below: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            prior_sd_a: 0.5,
            prior_sd_b: 0.5,
            min_respondents: MIN_RESPONDENTS,
            provisional_below: PROVISIONAL_BELOW,
        }
    }
}

/// Respondents a skill needs before its items are fitted: with fewer, the standard error of b
/// is about half a level or more, as wide as the prior, so the data could say nothing.
pub const MIN_RESPONDENTS: usize = 50;
/// Responses below which an item's estimate is provisional.
pub const PROVISIONAL_BELOW: usize = 100;
/// Discrimination below which an item hardly separates people.
pub const LOW_DISCRIMINATION: f64 = 0.5;
/// Fit p-value below which an item fits poorly (small, as the bank has hundreds of items).
pub const POOR_FIT_P: f64 = 0.001;
/// Where the information curve is reported.
pub const INFORMATION_POINTS: [f64; 9] = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0];

/// Two item parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    pub a: f64,
    pub b: f64,
}

/// Something worth a maintainer's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Flag {
    /// People who do well on the skill get it wrong: negative discrimination, or an item-rest
    /// correlation below −2 / √n. Its parameters are not written (fix the key first).
    LikelyMiskey,
    /// Harder than its level's band (b above level − 2 by two standard errors).
    TooHard { level: u8, suggested: u8 },
    /// Easier than its level's band (b below level − 3 by two standard errors).
    TooEasy { level: u8, suggested: u8 },
    /// Discrimination below [`LOW_DISCRIMINATION`].
    LowDiscrimination,
    /// The model's predictions by ability group miss the observed answers (p < [`POOR_FIT_P`]).
    PoorFit,
}

/// The observed against the predicted by ability group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub chi2: f64,
    pub df: usize,
    pub p: f64,
    /// (respondents, observed share right, predicted share right), lowest ability first.
    pub groups: Vec<(f64, f64, f64)>,
}

/// One knowledge check's calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReport {
    pub question: String,
    /// The level of its skill it evidences (1–4).
    pub level: u8,
    /// Its guessing floor, kept fixed.
    pub guessing: f64,
    pub responses: usize,
    /// Share answered right.
    pub right: f64,
    pub before: Params,
    pub after: Params,
    /// Standard errors of `after`.
    pub se: Params,
    pub item_rest: Option<f64>,
    pub fit: Option<Fit>,
    pub provisional: bool,
    pub flags: Vec<Flag>,
    /// Whether the new bank carries `after` (not for a likely miskey or an unanswered item).
    pub written: bool,
}

/// Why a skill was not fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Refusal {
    /// Fewer respondents than the fit needs.
    TooFewRespondents { respondents: usize, needed: usize },
    /// The skill has no knowledge checks.
    NoChecks,
}

/// One skill's calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillReport {
    pub skill: String,
    pub name: String,
    pub respondents: usize,
    /// Why it was not fitted; None when it was.
    pub refused: Option<Refusal>,
    pub iterations: usize,
    pub converged: bool,
    /// The marginal log likelihood at the estimates (0 when not fitted).
    pub loglik: f64,
    /// Test information at [`INFORMATION_POINTS`], with the bank's and with the new parameters.
    pub information_before: Vec<f64>,
    pub information_after: Vec<f64>,
    /// Marginal reliability of all its checks, with the bank's and the new parameters.
    pub reliability_before: f64,
    pub reliability_after: f64,
    pub items: Vec<ItemReport>,
}

/// How self-ratings sit against the calibrated abilities, against the engine's constants
/// ([`person::BIAS_SD`], [`person::RATING_SD`]), by moments: the residual r − 2 − E[θ] of every
/// rating of a fitted skill by a respondent who answered its checks; its covariance across one
/// person's skills is the bias's variance, the rest of its variance (less the abilities' own
/// uncertainty) the noise's. Ratings of 0 and 4 are taken as they are, not as censored, so the
/// spreads are slightly understated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingReport {
    pub ratings: usize,
    pub respondents: usize,
    /// The mean residual, in levels: above 0 when people rate themselves higher than they answer.
    pub mean_bias: f64,
    pub bias_sd: f64,
    pub rating_sd: f64,
    pub engine_bias_sd: f64,
    pub engine_rating_sd: f64,
}

/// Everything a calibration found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The content hash of the bank calibrated against.
    pub bank: String,
    pub lines: usize,
    pub bad: usize,
    pub bad_lines: Vec<BadLine>,
    pub repeated: usize,
    pub unused: usize,
    pub respondents: usize,
    pub responses: usize,
    pub min_respondents: usize,
    pub skills: Vec<SkillReport>,
    pub ratings: Option<RatingReport>,
}

impl Report {
    /// The new parameters to write: (question id, a, b) of every item written.
    pub fn updates(&self) -> Vec<(String, f64, f64)> {
        self.skills
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| i.written)
            .map(|i| (i.question.clone(), i.after.a, i.after.b))
            .collect()
    }

    /// Whether any skill was fitted.
    pub fn fitted_any(&self) -> bool {
        self.skills.iter().any(|s| s.refused.is_none())
    }
}

/// One skill's answers as patterns, and which pattern each respondent has.
struct SkillData {
    patterns: Patterns,
    /// (respondent, pattern) for every respondent of the skill.
    members: Vec<(u32, usize)>,
    responses: Vec<usize>,
}

fn skill_data(items: usize, answers: &mut [(u32, usize, bool)]) -> SkillData {
    answers.sort_unstable_by_key(|&(r, k, _)| (r, k));
    let mut rows: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
    let mut responses = vec![0; items];
    let mut i = 0;
    while i < answers.len() {
        let r = answers[i].0;
        let mut row = vec![0u8; items];
        while i < answers.len() && answers[i].0 == r {
            let (_, k, right) = answers[i];
            row[k] = if right { 2 } else { 1 };
            responses[k] += 1;
            i += 1;
        }
        rows.entry(row).or_default().push(r);
    }
    let mut cells = Vec::with_capacity(rows.len() * items);
    let mut counts = Vec::with_capacity(rows.len());
    let mut members = Vec::new();
    for (p, (row, who)) in rows.into_iter().enumerate() {
        cells.extend_from_slice(&row);
        counts.push(who.len() as f64);
        members.extend(who.into_iter().map(|r| (r, p)));
    }
    SkillData {
        patterns: Patterns {
            items,
            cells,
            counts,
        },
        members,
        responses,
    }
}

/// Calibrates every skill of the bank on the responses; `progress(done, total)` is told after
/// each skill.
pub fn calibrate(
    bank: &Bank,
    responses: &mut Responses,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Report {
    responses.settle();
    let questions = bank.questions();
    let skills = bank.skills();
    // Each check's skill and its position among the skill's checks.
    let mut local = vec![None; questions.len()];
    let mut checks_of: Vec<Vec<usize>> = vec![Vec::new(); skills.len()];
    for (si, list) in checks_of.iter_mut().enumerate() {
        for &qi in bank.questions_for_skill(si) {
            if questions[qi].kind.is_knowledge_check() {
                local[qi] = Some((si, list.len()));
                list.push(qi);
            }
        }
    }
    let mut answers: Vec<Vec<(u32, usize, bool)>> = vec![Vec::new(); skills.len()];
    for &(r, q, right) in &responses.checks {
        if let Some((si, k)) = local[q as usize] {
            answers[si].push((r, k, right));
        }
    }
    // Per respondent and skill: the posterior mean and variance of θ, for the ratings.
    let mut abilities: BTreeMap<(u32, u32), (f64, f64)> = BTreeMap::new();
    let mut reports = Vec::with_capacity(skills.len());
    for (si, skill) in skills.iter().enumerate() {
        let items = &checks_of[si];
        let d = skill_data(items.len(), &mut answers[si]);
        let respondents = d.members.len();
        let specs: Vec<ItemSpec> = items
            .iter()
            .map(|&qi| {
                let it = item_of(&questions[qi]);
                ItemSpec {
                    a: it.a,
                    b: it.b,
                    c: it.c,
                    a0: it.a,
                    b0: it.b,
                    sd_a: opts.prior_sd_a,
                    sd_b: opts.prior_sd_b,
                }
            })
            .collect();
        let refused = if items.is_empty() {
            Some(Refusal::NoChecks)
        } else if respondents < opts.min_respondents {
            Some(Refusal::TooFewRespondents {
                respondents,
                needed: opts.min_respondents,
            })
        } else {
            None
        };
        let before_info = stats::information(&specs, &INFORMATION_POINTS);
        let before_rel = if specs.is_empty() {
            0.0
        } else {
            stats::reliability(&specs)
        };
        let mut report = SkillReport {
            skill: skill.id.clone(),
            name: skill.name.clone(),
            respondents,
            refused,
            iterations: 0,
            converged: false,
            loglik: 0.0,
            information_after: before_info.clone(),
            information_before: before_info,
            reliability_after: before_rel,
            reliability_before: before_rel,
            items: Vec::new(),
        };
        if refused.is_none() {
            let fit = em::fit(specs.clone(), &d.patterns);
            let eap = stats::eap(&fit.expected);
            for &(r, p) in &d.members {
                abilities.insert((r, si as u32), eap[p]);
            }
            report.iterations = fit.iterations;
            report.converged = fit.converged;
            report.loglik = fit.loglik;
            report.information_after = stats::information(&fit.items, &INFORMATION_POINTS);
            report.reliability_after = stats::reliability(&fit.items);
            report.items = items
                .iter()
                .enumerate()
                .map(|(k, &qi)| item_report(&questions[qi], k, &specs, &fit, &d, opts))
                .collect();
        }
        reports.push(report);
        progress(si + 1, skills.len());
    }
    let ratings = rating_report(&responses.ratings, &abilities);
    Report {
        bank: bank.fingerprint().to_string(),
        lines: responses.lines,
        bad: responses.bad,
        bad_lines: responses.bad_lines.clone(),
        repeated: responses.repeated,
        unused: responses.unused,
        respondents: responses.respondents(),
        responses: responses.checks.len(),
        min_respondents: opts.min_respondents,
        skills: reports,
        ratings,
    }
}

fn item_report(
    q: &Question,
    k: usize,
    before: &[ItemSpec],
    fit: &em::Fit,
    d: &SkillData,
    opts: &Options,
) -> ItemReport {
    let responses = d.responses[k];
    let (mut n, mut right) = (0.0, 0.0);
    for p in 0..d.patterns.len() {
        match d.patterns.row(p)[k] {
            1 => n += d.patterns.counts[p],
            2 => {
                n += d.patterns.counts[p];
                right += d.patterns.counts[p];
            }
            _ => {}
        }
    }
    let it = fit.items[k];
    let (se_a, se_b) = fit.se[k];
    let item_rest = stats::item_rest(&d.patterns, k);
    let item_fit = stats::item_fit(&fit.items, &d.patterns, &fit.expected, k).map(|f| Fit {
        chi2: f.chi2,
        df: f.df,
        p: f.p_value,
        groups: f.groups,
    });
    let level = q.evidence_level();
    let mut flags = Vec::new();
    let answered = responses > 0;
    if answered {
        // A correlation of n answers has a standard error of about 1 / √n near 0: only a
        // clearly negative one counts (a miskeyed neighbour in the rest score pulls a good item's
        // toward 0).
        let clearly_negative = -2.0 / (responses as f64).sqrt();
        if it.a < 0.0 || item_rest.is_some_and(|r| r < clearly_negative) {
            flags.push(Flag::LikelyMiskey);
        }
        let suggested = (it.b + 2.5).round().clamp(1.0, 4.0) as u8;
        let top = f64::from(level) - 2.0;
        if it.b - 2.0 * se_b > top {
            flags.push(Flag::TooHard { level, suggested });
        } else if it.b + 2.0 * se_b < top - 1.0 {
            flags.push(Flag::TooEasy { level, suggested });
        }
        if (0.0..LOW_DISCRIMINATION).contains(&it.a) {
            flags.push(Flag::LowDiscrimination);
        }
        if item_fit.as_ref().is_some_and(|f| f.p < POOR_FIT_P) {
            flags.push(Flag::PoorFit);
        }
    }
    ItemReport {
        question: q.id.clone(),
        level,
        guessing: it.c,
        responses,
        right: if n > 0.0 { right / n } else { 0.0 },
        before: Params {
            a: before[k].a,
            b: before[k].b,
        },
        after: Params { a: it.a, b: it.b },
        se: Params { a: se_a, b: se_b },
        item_rest,
        fit: item_fit,
        provisional: responses < opts.provisional_below,
        written: answered && !flags.contains(&Flag::LikelyMiskey) && it.a > 0.0,
        flags,
    }
}

fn rating_report(
    ratings: &[(u32, u32, u8)],
    abilities: &BTreeMap<(u32, u32), (f64, f64)>,
) -> Option<RatingReport> {
    // Per respondent: the residuals of their ratings, and the abilities' variances.
    let mut by_person: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let mut var_sum = 0.0;
    for &(r, s, level) in ratings {
        if let Some(&(m, v)) = abilities.get(&(r, s)) {
            by_person
                .entry(r)
                .or_default()
                .push(f64::from(level) - 2.0 - m);
            var_sum += v;
        }
    }
    let n: usize = by_person.values().map(Vec::len).sum();
    if n < 2 {
        return None;
    }
    let mean = by_person.values().flatten().sum::<f64>() / n as f64;
    let total = by_person
        .values()
        .flatten()
        .map(|e| (e - mean).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    let (mut cross, mut pairs) = (0.0, 0.0);
    for es in by_person.values() {
        let k = es.len() as f64;
        let s: f64 = es.iter().map(|e| e - mean).sum();
        let s2: f64 = es.iter().map(|e| (e - mean).powi(2)).sum();
        cross += s * s - s2;
        pairs += k * (k - 1.0);
    }
    let bias_var = if pairs > 0.0 { cross / pairs } else { 0.0 };
    let noise_var = total - bias_var - var_sum / n as f64;
    Some(RatingReport {
        ratings: n,
        respondents: by_person.len(),
        mean_bias: mean,
        bias_sd: bias_var.max(0.0).sqrt(),
        rating_sd: noise_var.max(0.0).sqrt(),
        engine_bias_sd: person::BIAS_SD,
        engine_rating_sd: person::RATING_SD,
    })
}
