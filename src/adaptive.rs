//! Adaptive quick mode: which question to ask next, and when to stop. Pure and deterministic.
//!
//! 1. Self-ratings of the skills that matter (importance 4–5 for a role in focus) come first:
//!    they are cheap and set the priors.
//! 2. Then each next question goes where it most reduces the uncertainty of the decision: for
//!    every role still in contention, the lead of the top role over it depends on each skill with
//!    a slope (the difference of the two roles' importance share ÷ target, while the skill is
//!    likely below target; see [`score::add_slopes`]) and on each interest answer. A knowledge
//!    check is worth slope² × its expected reduction of the variance of θ (from its Fisher
//!    information at the current estimate), a self-rating slope² × the reduction its prior gives,
//!    an interest question slope² × the variance of an unknown answer; each role counts by how
//!    plausibly it could still overtake the top one. A question on the same skill as the
//!    previous one counts a third, for variety, and a skill's checks wait for its self-rating.
//! 3. It stops when the top role's lead over every other exceeds [`score::SETTLED_Z`] standard
//!    deviations and the top role's core skills are measured to [`Policy::measured_sd`], when no
//!    question would change anything, or at [`Policy::max_questions`].

use crate::answers::Answer;
use crate::bank::{Bank, QuestionKind};
use crate::score::{
    self, GRID_POINTS, READINESS_WEIGHT, SELF_RATING_PRIOR, STANDARD_PRIOR, grid_theta, level_of,
};

/// The knobs of the adaptive form.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Never ask more than this many questions.
    pub max_questions: usize,
    /// A core skill of the top role counts as measured when its θ standard deviation is this or less.
    pub measured_sd: f64,
    /// Below this score no question is worth asking.
    pub min_score: f64,
    /// The lead must exceed this many standard deviations to stop.
    pub settle_z: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_questions: 74,
            measured_sd: 0.7,
            min_score: 1e-7,
            settle_z: score::SETTLED_Z,
        }
    }
}

/// Why the adaptive form stopped, with what its wording needs (worded by `render::reasons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stop {
    /// The recommendation is settled and the core skills are measured.
    Settled,
    /// No remaining question would change the result.
    NothingInformative,
    /// The question limit, `max`, was reached.
    Cap { max: usize },
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Ask the question at this index of [`Bank::questions`].
    Ask(usize),
    Stop(Stop),
}

/// Per-question log-likelihoods on the grid, computed once per bank so that updates are additions.
#[derive(Debug, Clone)]
pub struct Tables {
    /// For knowledge checks: (log P(right), log P(wrong)) at every grid point.
    items: Vec<Option<(Vec<f64>, Vec<f64>)>>,
    /// Log prior density for no rating, then ratings 0–4.
    priors: Vec<Vec<f64>>,
}

impl Tables {
    fn loglik(&self, question: usize, right: bool) -> &[f64] {
        let (r, w) = self.items[question]
            .as_ref()
            .expect("knowledge checks have tables");
        if right { r } else { w }
    }

    /// Precomputes every knowledge check's log-likelihoods on the grid.
    pub fn new(bank: &Bank) -> Self {
        let items = bank
            .questions()
            .iter()
            .map(|q| {
                q.kind.is_knowledge_check().then(|| {
                    let (a, b) = (q.discrimination, q.difficulty);
                    let right = (0..GRID_POINTS)
                        .map(|i| -softplus(-a * (grid_theta(i) - b)))
                        .collect();
                    let wrong = (0..GRID_POINTS)
                        .map(|i| -softplus(a * (grid_theta(i) - b)))
                        .collect();
                    (right, wrong)
                })
            })
            .collect();
        let priors = std::iter::once(STANDARD_PRIOR)
            .chain(SELF_RATING_PRIOR)
            .map(|p| {
                (0..GRID_POINTS)
                    .map(|i| {
                        let z = (grid_theta(i) - p.mean) / p.sd;
                        -0.5 * z * z
                    })
                    .collect()
            })
            .collect();
        Self { items, priors }
    }
}

fn softplus(x: f64) -> f64 {
    if x > 30.0 { x } else { x.exp().ln_1p() }
}

/// The running state of one person's quiz: a posterior per skill, updated answer by answer.
#[derive(Debug, Clone)]
pub struct Tracker<'a> {
    bank: &'a Bank,
    tables: &'a Tables,
    log_post: Vec<Vec<f64>>,
    /// Per skill: the prior in use (0 none, 1 + rating) and the responses, to rebuild on a rating.
    prior: Vec<usize>,
    responses: Vec<Vec<(usize, bool)>>,
    estimate: Vec<(f64, f64)>,
    asked: Vec<bool>,
    /// Interest answers by question index.
    interest: Vec<Option<usize>>,
    count: usize,
    last_skill: Option<usize>,
}

fn mean_sd(log_density: &[f64]) -> (f64, f64) {
    let max = log_density
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let (mut w, mut m1, mut m2) = (0.0, 0.0, 0.0);
    for (i, l) in log_density.iter().enumerate() {
        let p = (l - max).exp();
        let t = grid_theta(i);
        w += p;
        m1 += p * t;
        m2 += p * t * t;
    }
    let mean = m1 / w;
    (mean, (m2 / w - mean * mean).max(0.0).sqrt())
}

impl<'a> Tracker<'a> {
    /// A tracker with no answers: every skill at its standard prior.
    pub fn new(bank: &'a Bank, tables: &'a Tables) -> Self {
        let n = bank.skills().len();
        Self {
            bank,
            tables,
            log_post: vec![tables.priors[0].clone(); n],
            prior: vec![0; n],
            responses: vec![Vec::new(); n],
            estimate: vec![(0.0, 1.0); n],
            asked: vec![false; bank.questions().len()],
            interest: vec![None; bank.questions().len()],
            count: 0,
            last_skill: None,
        }
    }

    /// Questions answered so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether the question at `question` was already asked (and so never repeats).
    pub fn asked(&self, question: usize) -> bool {
        self.asked[question]
    }

    /// (θ, sd) of a skill.
    pub fn estimate(&self, skill: usize) -> (f64, f64) {
        self.estimate[skill]
    }

    /// Records an answer to the question at `question` (an index into [`Bank::questions`]).
    pub fn record(&mut self, question: usize, answer: &Answer) {
        if std::mem::replace(&mut self.asked[question], true) {
            return;
        }
        self.count += 1;
        let q = &self.bank.questions()[question];
        let skill = q.skill.as_deref().and_then(|s| self.bank.skill_index(s));
        self.last_skill = skill;
        match (q.kind, skill) {
            (QuestionKind::SelfRating, Some(s)) => {
                if let Answer::Choice(r) = answer {
                    self.prior[s] = 1 + (*r).min(4);
                    let mut post = self.tables.priors[self.prior[s]].clone();
                    for &(qi, right) in &self.responses[s] {
                        add(&mut post, self.tables.loglik(qi, right));
                    }
                    self.log_post[s] = post;
                    self.estimate[s] = mean_sd(&self.log_post[s]);
                }
            }
            (k, Some(s)) if k.is_knowledge_check() => {
                let right = score::is_correct(q, answer);
                self.responses[s].push((question, right));
                add(&mut self.log_post[s], self.tables.loglik(question, right));
                self.estimate[s] = mean_sd(&self.log_post[s]);
            }
            (QuestionKind::Interest, _) => {
                if let Answer::Choice(i) = answer {
                    self.interest[question] = Some(*i);
                }
            }
            _ => {}
        }
    }

    /// Records that a knowledge check was answered right or wrong (for simulations).
    pub fn record_outcome(&mut self, question: usize, right: bool) {
        let answer = if right {
            crate::score::right_answer(&self.bank.questions()[question])
        } else {
            Answer::Skip
        };
        self.record(question, &answer);
    }

    /// The overall score, readiness and its uncertainty for the role at `role`.
    pub fn role_score(&self, role: usize) -> RoleScore {
        let level = |s: usize| level_of(self.estimate[s].0);
        let readiness = score::readiness_by(self.bank, role, level);
        let low = score::readiness_by(self.bank, role, |s| {
            level_of(self.estimate[s].0 - self.estimate[s].1)
        });
        let high = score::readiness_by(self.bank, role, |s| {
            level_of(self.estimate[s].0 + self.estimate[s].1)
        });
        let (interest, _) = score::interest_by(self.bank, role, |qi| self.interest[qi]);
        RoleScore {
            role,
            readiness,
            overall: READINESS_WEIGHT * readiness + (1.0 - READINESS_WEIGHT) * interest,
            uncertainty: READINESS_WEIGHT * (high - low) / 2.0,
        }
    }

    /// The roles at `roles` (all when empty), best overall first.
    pub fn ranking(&self, roles: &[usize]) -> Vec<RoleScore> {
        let all: Vec<usize>;
        let roles = if roles.is_empty() {
            all = (0..self.bank.roles().len()).collect();
            &all
        } else {
            roles
        };
        let mut scores: Vec<RoleScore> = roles.iter().map(|&r| self.role_score(r)).collect();
        scores.sort_by(|a, b| {
            b.overall
                .total_cmp(&a.overall)
                .then(b.readiness.total_cmp(&a.readiness))
                .then(a.role.cmp(&b.role))
        });
        scores
    }
}

fn add(post: &mut [f64], ll: &[f64]) {
    for (p, l) in post.iter_mut().zip(ll) {
        *p += l;
    }
}

/// A role's standing in the tracker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleScore {
    pub role: usize,
    pub readiness: f64,
    pub overall: f64,
    pub uncertainty: f64,
}

/// The self-ratings asked first: skills of importance 4–5 for a role in focus, most important first.
fn priority_ratings(bank: &Bank, roles: &[usize]) -> Vec<usize> {
    let mut importance = vec![(0u8, 0u32); bank.skills().len()];
    for &r in roles {
        for req in bank.requirements(r) {
            let s = req.skills[0];
            importance[s].0 = importance[s].0.max(req.importance);
            importance[s].1 += req.importance as u32;
        }
    }
    let mut skills: Vec<usize> = (0..bank.skills().len())
        .filter(|&s| importance[s].0 >= 4)
        .collect();
    skills.sort_by(|a, b| importance[*b].cmp(&importance[*a]).then(a.cmp(b)));
    skills
        .into_iter()
        .filter_map(|s| {
            bank.questions_for_skill(s)
                .iter()
                .copied()
                .find(|&q| bank.questions()[q].kind == QuestionKind::SelfRating)
        })
        .collect()
}

/// Roles given as ids → positions (all roles when empty).
pub fn role_positions(bank: &Bank, focus: &[String]) -> Vec<usize> {
    let positions: Vec<usize> = focus
        .iter()
        .filter_map(|id| bank.role_position(id))
        .collect();
    if positions.is_empty() {
        (0..bank.roles().len()).collect()
    } else {
        positions
    }
}

/// The adaptive choice: the next question, or why to stop.
pub fn next(tracker: &Tracker, roles: &[usize], policy: &Policy) -> Next {
    let bank = tracker.bank;
    if tracker.count >= policy.max_questions {
        return Next::Stop(Stop::Cap {
            max: policy.max_questions,
        });
    }
    if let Some(q) = priority_ratings(bank, roles)
        .into_iter()
        .find(|&q| !tracker.asked[q])
    {
        return Next::Ask(q);
    }
    let ranking = tracker.ranking(roles);
    let top = ranking[0];
    let estimate = |s: usize| tracker.estimate[s];
    let answered = |q: usize| tracker.interest[q].is_some() || tracker.asked[q];
    // Each other role: how plausibly it could still overtake the top one, and the slopes of the lead.
    let mut skill_weight = vec![0.0; bank.skills().len()];
    let mut interest_weight = vec![0.0; bank.questions().len()];
    let mut settled = true;
    for other in &ranking[1..] {
        let sd = score::lead_sd(bank, top.role, other.role, estimate, answered).max(1e-9);
        let lead = top.overall - other.overall;
        if lead <= policy.settle_z * sd {
            settled = false;
        }
        let contention = (-0.5 * (lead / sd).powi(2)).exp();
        if contention < 1e-3 {
            continue;
        }
        let mut d = vec![0.0; bank.skills().len()];
        score::add_slopes(bank, top.role, 1.0, &estimate, &mut d);
        score::add_slopes(bank, other.role, -1.0, &estimate, &mut d);
        for (w, d) in skill_weight.iter_mut().zip(&d) {
            *w += contention * d * d;
        }
        let mut di = vec![0.0; bank.questions().len()];
        score::add_interest_slopes(bank, top.role, 1.0, &mut di);
        score::add_interest_slopes(bank, other.role, -1.0, &mut di);
        for (w, d) in interest_weight.iter_mut().zip(&di) {
            *w += contention * d * d;
        }
    }
    let measured = bank
        .requirements(top.role)
        .iter()
        .filter(|r| r.importance == 5)
        .all(|req| {
            let best = req
                .skills
                .iter()
                .copied()
                .max_by(|a, b| tracker.estimate[*a].0.total_cmp(&tracker.estimate[*b].0))
                .expect("requirements have skills");
            tracker.estimate[best].1 <= policy.measured_sd
        });
    if settled && measured {
        return Next::Stop(Stop::Settled);
    }
    // Until the core skills are measured, they stay worth asking about even when settled.
    if settled || !measured {
        for req in bank
            .requirements(top.role)
            .iter()
            .filter(|r| r.importance == 5)
        {
            for &s in &req.skills {
                if tracker.estimate[s].1 > policy.measured_sd {
                    skill_weight[s] += 1e-3;
                }
            }
        }
    }
    let mut best: Option<(f64, usize)> = None;
    for (qi, q) in bank.questions().iter().enumerate() {
        if tracker.asked[qi] {
            continue;
        }
        let score = match (q.kind, q.skill.as_deref().and_then(|s| bank.skill_index(s))) {
            (QuestionKind::Interest, _) => interest_weight[qi] * score::INTEREST_VARIANCE,
            (QuestionKind::SelfRating, Some(s)) => {
                let var = tracker.estimate[s].1.powi(2);
                let rating_var = SELF_RATING_PRIOR[0].sd.powi(2);
                skill_weight[s] * (var - 1.0 / (1.0 / var + 1.0 / rating_var))
            }
            (k, Some(s)) if k.is_knowledge_check() => {
                // A skill's checks wait for its self-rating, which sets the prior.
                let rating_pending = bank.questions_for_skill(s).iter().any(|&o| {
                    bank.questions()[o].kind == QuestionKind::SelfRating && !tracker.asked[o]
                });
                if rating_pending {
                    continue;
                }
                let (theta, sd) = tracker.estimate[s];
                let var = sd * sd;
                let info = score::item_information(theta, q.discrimination, q.difficulty);
                let variety = if tracker.last_skill == Some(s) {
                    1.0 / 3.0
                } else {
                    1.0
                };
                skill_weight[s] * var * var * info / (1.0 + var * info) * variety
            }
            _ => continue,
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, qi));
        }
    }
    match best {
        Some((score, qi)) if score >= policy.min_score => Next::Ask(qi),
        _ => Next::Stop(Stop::NothingInformative),
    }
}

/// A rough total for the progress header: what is asked so far, what the first phases still
/// hold, and a typical adaptive tail, within the cap.
pub fn estimated_total(tracker: &Tracker, roles: &[usize], policy: &Policy) -> usize {
    let bank = tracker.bank;
    let pending = priority_ratings(bank, roles)
        .into_iter()
        .filter(|&q| !tracker.asked[q])
        .count();
    (tracker.count + pending + 20).clamp(tracker.count + 1, policy.max_questions)
}

/// Builds a tracker from saved answers (ids the bank no longer has are ignored).
pub fn replay<'a>(
    bank: &'a Bank,
    tables: &'a Tables,
    answers: &crate::answers::Answers,
    order: &[String],
) -> Tracker<'a> {
    let mut t = Tracker::new(bank, tables);
    for id in order {
        if let (Some(qi), Some(a)) = (bank.question_index(id), answers.get(id)) {
            t.record(qi, a);
        }
    }
    t
}

/// Readiness for the role at `role` from a level per skill (e.g. true levels in a simulation).
pub fn readiness_of_levels(bank: &Bank, role: usize, levels: &[f64]) -> f64 {
    score::readiness_by(bank, role, |s| levels[s])
}
