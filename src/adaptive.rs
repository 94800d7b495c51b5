//! Adaptive quick mode: which question to ask next, and when to stop. Pure and deterministic.
//!
//! 1. Claims first: for the skills that matter most (importance 5 for a role in focus), the
//!    self-rating, and for the first [`Policy::claim_checks`] of them a check just below the
//!    claimed level at once; a skipped rating gets a check too.
//! 2. A claim the answers contradict is probed with easier checks, up to
//!    [`Policy::probe_checks`] per skill.
//! 3. Then each next question goes where it most reduces the uncertainty of the decision: for
//!    every role still in contention, the lead of the top role over it depends on each skill with
//!    a slope (the difference of the two roles' importance share ÷ target, while the skill is
//!    likely below target; see `score::LeadScratch`), on each interest and background answer and
//!    on the rating bias, which moves every rated skill together. The top role's own readiness
//!    counts too ([`Policy::readiness_focus`]). A check is worth slope² × its expected reduction
//!    of θ's variance (Fisher information at the estimate) plus what it tells about the bias; a
//!    self-rating is worth less the more the checks contradict the person's ratings. A question on
//!    the same skill as the previous one counts a third, and a skill's checks wait for its rating.
//! 4. It stops when the lead over every other role exceeds [`score::SETTLED_Z`] standard
//!    deviations and the top role's core skills are measured to [`Policy::measured_sd`]; when every
//!    role stays under half ready even one standard deviation up; when no question would change
//!    anything; or at [`Policy::max_questions`].

use crate::answers::Answer;
use crate::bank::{Bank, QuestionKind};
use crate::score::person::{self, PersonEstimate, SkillEvidence};
use crate::score::{self, ItemTable};

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
    /// How many of the skills that matter most get a check of their claim right after their
    /// self-rating.
    pub claim_checks: usize,
    /// How many checks a claim the answers contradict gets at most, before the general choice.
    pub probe_checks: usize,
    /// How much measuring the top role's readiness counts against settling the decision (1: as
    /// much as one role in close contention).
    pub readiness_focus: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_questions: 62,
            measured_sd: 0.7,
            min_score: 1e-7,
            settle_z: score::SETTLED_Z,
            claim_checks: 6,
            probe_checks: 3,
            readiness_focus: 1.0,
        }
    }
}

/// Why the adaptive form stopped, with what its wording needs (worded by `render::reasons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stop {
    /// The recommendation is settled and the core skills are measured.
    Settled,
    /// Which role is closest is clear, but every role is still far off (under half ready).
    FarFromEvery,
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

/// What the adaptive form needs of each question, worked out once per bank: its kind, its
/// skill's index (no string lookups while choosing) and, for a knowledge check, its item and
/// likelihood table, so that updates are multiplications.
#[derive(Debug, Clone)]
pub struct Tables {
    kind: Vec<QuestionKind>,
    skill: Vec<Option<usize>>,
    items: Vec<Option<(score::Item, ItemTable)>>,
}

impl Tables {
    /// Precomputes every question's kind, skill and (for knowledge checks) likelihood table.
    pub fn new(bank: &Bank) -> Self {
        let qs = bank.questions();
        Self {
            kind: qs.iter().map(|q| q.kind).collect(),
            skill: qs
                .iter()
                .map(|q| q.skill.as_deref().and_then(|s| bank.skill_index(s)))
                .collect(),
            items: qs
                .iter()
                .map(|q| {
                    q.kind.is_knowledge_check().then(|| {
                        let item = score::item_of(q);
                        (item, ItemTable::new(&item))
                    })
                })
                .collect(),
        }
    }

    fn item(&self, question: usize) -> &(score::Item, ItemTable) {
        self.items[question]
            .as_ref()
            .expect("knowledge checks have tables")
    }
}

/// The running state of one person's quiz: each skill's evidence and the person-level estimate
/// built from it by [`score::person::estimate`], the very function scoring uses.
#[derive(Debug, Clone)]
pub struct Tracker<'a> {
    bank: &'a Bank,
    tables: &'a Tables,
    evidence: Vec<SkillEvidence>,
    person: PersonEstimate,
    /// Per skill: the posterior's (mean, sd), kept because every choice reads them many times.
    estimate: Vec<(f64, f64)>,
    /// Per skill: the expected share of each target 0–4 met.
    coverage: Vec<[f64; 5]>,
    /// Per skill: knowledge checks answered and answered right.
    checks: Vec<(usize, usize)>,
    asked: Vec<bool>,
    /// Interest and background answers by question index.
    choice: Vec<Option<usize>>,
    count: usize,
    last_skill: Option<usize>,
    /// Self-ratings asked in a row at the end so far, and the skill of the last if it was one.
    ratings_run: usize,
    last_rated: Option<usize>,
}

impl<'a> Tracker<'a> {
    /// A tracker with no answers: every skill at its population prior.
    pub fn new(bank: &'a Bank, tables: &'a Tables) -> Self {
        let n = bank.skills().len();
        let evidence: Vec<SkillEvidence> = (0..n)
            .map(|s| SkillEvidence::new(bank.category_of(s)))
            .collect();
        let person = person::estimate(&evidence, bank.category_count());
        let mut t = Self {
            bank,
            tables,
            evidence,
            person,
            estimate: vec![(0.0, 1.0); n],
            coverage: vec![[1.0; 5]; n],
            checks: vec![(0, 0); n],
            asked: vec![false; bank.questions().len()],
            choice: vec![None; bank.questions().len()],
            count: 0,
            last_skill: None,
            ratings_run: 0,
            last_rated: None,
        };
        t.refresh();
        t
    }

    /// Questions answered so far.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// (θ, sd) of a skill.
    pub fn estimate(&self, skill: usize) -> (f64, f64) {
        self.estimate[skill]
    }

    /// The rating bias in levels: (mean, sd).
    pub fn bias(&self) -> (f64, f64) {
        self.person.bias
    }

    /// Records an answer to the question at `question` (an index into [`Bank::questions`]).
    pub fn record(&mut self, question: usize, answer: &Answer) {
        if self.note(question, answer) {
            self.refresh();
        }
    }

    /// Takes an answer in without re-estimating; true when skill evidence changed.
    fn note(&mut self, question: usize, answer: &Answer) -> bool {
        if std::mem::replace(&mut self.asked[question], true) {
            return false;
        }
        self.count += 1;
        let skill = self.tables.skill[question];
        self.last_skill = skill;
        let rating = self.tables.kind[question] == QuestionKind::SelfRating;
        self.ratings_run = if rating { self.ratings_run + 1 } else { 0 };
        self.last_rated = skill.filter(|_| rating);
        match (self.tables.kind[question], skill) {
            (QuestionKind::SelfRating, Some(s)) => {
                if let Answer::Choice(r) = answer {
                    self.evidence[s].rating = Some((*r).min(4) as u8);
                    return true;
                }
            }
            (k, Some(s)) if k.is_knowledge_check() => {
                let right = score::is_correct(&self.bank.questions()[question], answer);
                self.evidence[s].add_check(&self.tables.item(question).1, right);
                self.checks[s].0 += 1;
                self.checks[s].1 += usize::from(right);
                return true;
            }
            (QuestionKind::Interest | QuestionKind::Background, _) => {
                if let Answer::Choice(i) = answer {
                    self.choice[question] = Some(*i);
                }
            }
            _ => {}
        }
        false
    }

    /// Re-estimates every skill after new skill evidence.
    fn refresh(&mut self) {
        self.person = person::estimate(&self.evidence, self.bank.category_count());
        for (s, post) in self.person.posteriors.iter().enumerate() {
            self.estimate[s] = post.mean_sd();
            self.coverage[s] = post.coverage();
        }
    }

    /// How far a skill's θ moves per level of rating bias.
    fn posterior_bias_gain(&self, skill: usize) -> f64 {
        self.person.bias_gain[skill]
    }

    /// Whether the answers said anything of the skill itself.
    fn measured(&self, skill: usize) -> bool {
        self.evidence[skill].rating.is_some() || self.evidence[skill].answered > 0
    }

    /// The overall score and readiness of the role at `role`.
    pub(crate) fn role_score(&self, role: usize) -> RoleScore {
        let readiness =
            score::readiness_by(self.bank, role, |s, t| self.coverage[s][t.min(4) as usize]);
        // One standard deviation up on every skill: what readiness could plausibly be.
        let readiness_high = score::readiness_by(self.bank, role, |s, t| {
            let (theta, sd) = self.estimate[s];
            score::coverage(score::level_of(theta + sd), t)
        });
        let (interest, _) = score::interest_by(self.bank, role, |qi| self.choice[qi]);
        let background = score::background_by(self.bank, role, |qi| self.choice[qi]);
        RoleScore {
            role,
            readiness,
            readiness_high,
            overall: score::overall(readiness, interest, background),
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
        let key = |s: &RoleScore| score::RankKey {
            overall: s.overall,
            readiness: s.readiness,
            role: &self.bank.roles()[s.role].id,
        };
        scores.sort_by(|a, b| score::rank_order(&key(a), &key(b)));
        scores
    }
}

/// A role's standing in the tracker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleScore {
    pub role: usize,
    pub readiness: f64,
    /// Readiness with every skill one standard deviation higher.
    pub readiness_high: f64,
    pub overall: f64,
}

/// Never more than this many self-ratings in a row: a run of level descriptions tires, and a
/// claim is best tested while it is fresh.
pub(crate) const MAX_RATINGS_IN_A_ROW: usize = 3;

/// A background question that tells the roles in focus apart is asked as every this many-th
/// question, until there are none left.
const BACKGROUND_EVERY: usize = 6;

/// The first unasked background question linked to a role in focus whose preferred answers differ
/// between those roles (one all of them prefer alike tells nothing).
fn telling_background(tracker: &Tracker, roles: &[usize]) -> Option<usize> {
    let bank = tracker.bank;
    let mut seen: Vec<(usize, Vec<Option<&[usize]>>)> = Vec::new();
    for (i, &r) in roles.iter().enumerate() {
        for (q, preferred) in bank.background_links(r) {
            if tracker.asked[*q] {
                continue;
            }
            let entry = match seen.iter_mut().find(|(x, _)| x == q) {
                Some(e) => e,
                None => {
                    seen.push((*q, vec![None; roles.len()]));
                    seen.last_mut().expect("just pushed")
                }
            };
            entry.1[i] = Some(preferred.as_slice());
        }
    }
    seen.sort_by_key(|(q, _)| *q);
    seen.into_iter()
        .find(|(_, prefs)| prefs.windows(2).any(|w| w[0] != w[1]))
        .map(|(q, _)| q)
}

/// The skills that matter most for the roles in focus (importance 5 for one of them), most
/// important overall first, each with its self-rating question: asked first, because ratings are
/// cheap, and their claims are then tested.
fn priority_skills(bank: &Bank, roles: &[usize]) -> Vec<(usize, usize)> {
    let mut importance = vec![(0u8, 0u32); bank.skills().len()];
    for &r in roles {
        for req in bank.requirements(r) {
            let s = req.skills[0];
            importance[s].0 = importance[s].0.max(req.importance);
            importance[s].1 += req.importance as u32;
        }
    }
    let mut skills: Vec<usize> = (0..bank.skills().len())
        .filter(|&s| importance[s].0 >= 5)
        .collect();
    skills.sort_by(|a, b| importance[*b].cmp(&importance[*a]).then(a.cmp(b)));
    skills
        .into_iter()
        .filter_map(|s| bank.rating_question(s).map(|q| (s, q)))
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

/// The unasked check of a skill that tests a claim (θ = rating − 2). The first goes a level below
/// the claim, where a person at the claimed level is very likely right and one two levels lower
/// very likely wrong, so the answer tells the two apart; once the answers contradict the claim,
/// the probe goes to the easiest check left, to see how far below it the person is. Without a
/// check at or below the claim, the easiest. A skill whose rating was skipped is checked a
/// level below its current estimate.
fn claim_check(tracker: &Tracker, skill: usize, probe: bool) -> Option<usize> {
    // Without a rating (skipped), the current estimate stands in for the claim.
    let claimed = match tracker.evidence[skill].rating {
        Some(r) => score::theta_of_level(r as f64),
        None => tracker.estimate[skill].0 + 1.0,
    };
    let target = if probe {
        f64::NEG_INFINITY
    } else {
        claimed - 0.25
    };
    let mut best: Option<(f64, f64, usize)> = None;
    for &q in tracker.bank.questions_for_skill(skill) {
        if tracker.asked[q] || !tracker.tables.kind[q].is_knowledge_check() {
            continue;
        }
        let b = tracker.tables.item(q).0.b;
        // At or below the claim first, then nearest the target.
        let key = (if b <= claimed { 0.0 } else { 1.0 }, (b - target).abs());
        if best.is_none_or(|(x, y, _)| key < (x, y)) {
            best = Some((key.0, key.1, q));
        }
    }
    best.map(|(_, _, q)| q)
}

/// Whether a rated skill's checks so far contradict its rating: fewer right than a person at
/// the claimed level would get by more than one standard deviation, or (one check) wrong.
fn contradicted(tracker: &Tracker, skill: usize) -> bool {
    let (answered, right) = tracker.checks[skill];
    let Some(rating) = tracker.evidence[skill].rating else {
        return false;
    };
    if answered == 0 || right == answered {
        return false;
    }
    let claimed = score::theta_of_level(rating as f64);
    // The expected count at the claim, over this skill's answered checks.
    let (mut e, mut v) = (0.0, 0.0);
    for &q in tracker.bank.questions_for_skill(skill) {
        if tracker.asked[q] && tracker.tables.kind[q].is_knowledge_check() {
            let p = tracker.tables.item(q).0.p(claimed);
            e += p;
            v += p * (1.0 - p);
        }
    }
    (right as f64) < e - v.sqrt().max(0.3)
}

/// The adaptive choice: the next question, or why to stop.
pub fn next(tracker: &Tracker, roles: &[usize], policy: &Policy) -> Next {
    let bank = tracker.bank;
    if tracker.count >= policy.max_questions {
        return Next::Stop(Stop::Cap {
            max: policy.max_questions,
        });
    }
    // Pacing: a claim is tested right after it is made (unless it is "never used it"), and a
    // background question that tells the roles apart comes every few questions.
    if let Some(s) = tracker.last_rated
        && tracker.checks[s].0 == 0
        && tracker.evidence[s].rating != Some(0)
        && let Some(q) = claim_check(tracker, s, false)
    {
        return Next::Ask(q);
    }
    if (tracker.count + 1).is_multiple_of(BACKGROUND_EVERY)
        && let Some(q) = telling_background(tracker, roles)
    {
        return Next::Ask(q);
    }
    let ratings_allowed = tracker.ratings_run < MAX_RATINGS_IN_A_ROW;
    let priority = priority_skills(bank, roles);
    // 1. The skills that matter most: a self-rating, then, for the first few, a check of the claim.
    for (rank, &(s, rating_q)) in priority.iter().enumerate() {
        if !tracker.asked[rating_q] {
            if ratings_allowed {
                return Next::Ask(rating_q);
            }
            continue;
        }
        // A skipped rating leaves nothing to go on: every such skill gets a check.
        let skipped = tracker.evidence[s].rating.is_none();
        // "Never used it" claims nothing a check could test from below.
        let never = tracker.evidence[s].rating == Some(0);
        if (rank < policy.claim_checks || skipped)
            && !never
            && tracker.checks[s].0 == 0
            && let Some(q) = claim_check(tracker, s, false)
        {
            return Next::Ask(q);
        }
    }
    // 2. A claim the answers contradict is probed further, below the claimed level.
    for &(s, _) in &priority {
        if tracker.checks[s].0 < policy.probe_checks
            && contradicted(tracker, s)
            && let Some(q) = claim_check(tracker, s, true)
        {
            return Next::Ask(q);
        }
    }
    let ranking = tracker.ranking(roles);
    let top = ranking[0];
    let estimate = |s: usize| tracker.estimate[s];
    let answered = |q: usize| tracker.choice[q].is_some() || tracker.asked[q];
    let n_skills = bank.skills().len();
    // Each other role: how plausibly it could still overtake the top one, and the slopes of the lead.
    let mut skill_weight = vec![0.0; n_skills];
    let mut choice_weight: Vec<(usize, f64, f64)> = Vec::new();
    let mut lead = score::LeadScratch::new(n_skills);
    let mut settled = true;
    for other in &ranking[1..] {
        let gain = |s: usize| tracker.posterior_bias_gain(s);
        let sd = lead
            .sd(
                bank,
                top.role,
                other.role,
                estimate,
                tracker.bias(),
                gain,
                answered,
            )
            .max(1e-9);
        let gap = top.overall - other.overall;
        if gap <= policy.settle_z * sd {
            settled = false;
        }
        let contention = (-0.5 * (gap / sd).powi(2)).exp();
        if contention < 1e-3 {
            continue;
        }
        for &(s, d) in lead.skill_slopes() {
            skill_weight[s] += contention * d * d;
        }
        for &(q, d, var) in lead.choice_slopes() {
            choice_weight.push((q, contention * d * d, var));
        }
    }
    // The top role's readiness itself is worth knowing well, whoever is in contention.
    let reqs = bank.requirements(top.role);
    let total: f64 = reqs.iter().map(|r| r.importance as f64).sum();
    for req in reqs.iter().filter(|r| r.target > 0) {
        let (s, d) = score::requirement_slope(req, total, &estimate);
        skill_weight[s] += policy.readiness_focus * d * d;
    }
    // Each core requirement of the top role has one of its skills measured well enough.
    let core_measured = bank
        .requirements(top.role)
        .iter()
        .filter(|r| r.importance == 5)
        .all(|req| {
            req.skills
                .iter()
                .any(|&s| tracker.measured(s) && tracker.estimate[s].1 <= policy.measured_sd)
        });
    // Far from every role, even one standard deviation up: which is closest is a direction, and
    // further questions would only refine how far.
    let core_asked = bank
        .requirements(top.role)
        .iter()
        .filter(|r| r.importance == 5)
        .all(|req| req.skills.iter().any(|&s| tracker.measured(s)));
    if core_asked
        && ranking
            .iter()
            .all(|r| r.readiness_high < score::SETTLED_MIN_READINESS)
    {
        return Next::Stop(Stop::FarFromEvery);
    }
    if settled && core_measured {
        return Next::Stop(if top.readiness < score::SETTLED_MIN_READINESS {
            Stop::FarFromEvery
        } else {
            Stop::Settled
        });
    }
    // Until the core skills are measured, they stay worth asking about even when settled.
    if settled || !core_measured {
        for req in bank
            .requirements(top.role)
            .iter()
            .filter(|r| r.importance == 5)
        {
            for &s in &req.skills {
                if tracker.estimate[s].1 > policy.measured_sd || !tracker.measured(s) {
                    skill_weight[s] += 1e-3;
                }
            }
        }
    }
    // The rating bias moves every rated skill: a check is also worth what it tells about it.
    let bias_weight: f64 = (0..n_skills)
        .map(|s| skill_weight[s] * tracker.posterior_bias_gain(s).powi(2))
        .sum();
    let (bias_mean, bias_sd) = tracker.bias();
    let bias_var = bias_sd * bias_sd;
    let mut choice_score = vec![0.0; 0];
    if !choice_weight.is_empty() {
        choice_score = vec![0.0; bank.questions().len()];
        for &(q, w, var) in &choice_weight {
            choice_score[q] += w * var;
        }
    }
    let mut best: Option<(f64, usize)> = None;
    // After three ratings in a row, a check (or an interest or background question) comes
    // first; a rating only when nothing else is left.
    let mut best_rating: Option<(f64, usize)> = None;
    for qi in 0..bank.questions().len() {
        if tracker.asked[qi] {
            continue;
        }
        let score = match (tracker.tables.kind[qi], tracker.tables.skill[qi]) {
            (QuestionKind::Interest | QuestionKind::Background, _) => {
                choice_score.get(qi).copied().unwrap_or(0.0)
            }
            (QuestionKind::SelfRating, Some(s)) => {
                let var = tracker.estimate[s].1.powi(2);
                // A rating carries its own noise and the bias's uncertainty; and a person whose
                // ratings the checks clearly contradict is asked for checks rather than more
                // ratings (the model's one shared bias is only a first approximation of them).
                let rating_var = person::RATING_SD * person::RATING_SD + bias_var;
                let trust = 1.0 / (1.0 + (bias_mean / person::BIAS_SD).powi(2));
                trust * skill_weight[s] * (var - 1.0 / (1.0 / var + 1.0 / rating_var))
            }
            (k, Some(s)) if k.is_knowledge_check() => {
                // A skill's checks wait for its self-rating, which sets the prior.
                if bank.rating_question(s).is_some_and(|q| !tracker.asked[q]) {
                    continue;
                }
                let (theta, sd) = tracker.estimate[s];
                let var = sd * sd;
                let info = tracker.tables.item(qi).0.information(theta);
                let variety = if tracker.last_skill == Some(s) {
                    1.0 / 3.0
                } else {
                    1.0
                };
                let reduction = var * var * info / (1.0 + var * info);
                // What the reduction in θ's variance tells about the bias, for a rated skill.
                let about_bias = if tracker.evidence[s].rating.is_some() {
                    bias_weight * bias_var * reduction / var.max(1e-9)
                        * (bias_var / (bias_var + var)).min(1.0)
                } else {
                    0.0
                };
                (skill_weight[s] * reduction + about_bias) * variety
            }
            _ => continue,
        };
        let slot = if !ratings_allowed && tracker.tables.kind[qi] == QuestionKind::SelfRating {
            &mut best_rating
        } else {
            &mut best
        };
        if slot.is_none_or(|(b, _)| score > b) {
            *slot = Some((score, qi));
        }
    }
    let best = match (best, best_rating) {
        (Some(b), _) if b.0 >= policy.min_score => Some(b),
        (_, r) => r.or(best),
    };
    match best {
        Some((score, qi)) if score >= policy.min_score => Next::Ask(qi),
        _ => Next::Stop(Stop::NothingInformative),
    }
}

/// The quick form's mean length on the shipped bank, as `simulate` measures it (README).
pub(crate) const TYPICAL_LENGTH: usize = 50;

/// A rough count of the questions still to come, for the progress line: what the first phases
/// still hold (each pending claim with its check, and a few more) or, when more, what a typical
/// quiz still has; within the cap. The quiz shows it never growing (see
/// `quiz::Progress`), so the line converges.
pub(crate) fn estimated_left(tracker: &Tracker, roles: &[usize], policy: &Policy) -> usize {
    let bank = tracker.bank;
    let pending = priority_skills(bank, roles)
        .into_iter()
        .filter(|&(_, q)| !tracker.asked[q])
        .count();
    // Aim at the typical length, and near it expect half of what the cap still allows: the count
    // shown never grows, so it shrinks by about half a question per answer there rather than
    // running out while the quiz goes on.
    let room = policy.max_questions.saturating_sub(tracker.count);
    let phases = 2 * pending + 4;
    let typical = TYPICAL_LENGTH.saturating_sub(tracker.count);
    phases.max(typical).max(room / 2).clamp(1, room.max(1))
}

/// Builds a tracker from saved answers (ids the bank no longer has are ignored).
pub fn replay<'a>(
    bank: &'a Bank,
    tables: &'a Tables,
    answers: &crate::answers::Answers,
    order: &[String],
) -> Tracker<'a> {
    let mut t = Tracker::new(bank, tables);
    let mut changed = false;
    for id in order {
        if let (Some(qi), Some(a)) = (bank.question_index(id), answers.get(id)) {
            changed |= t.note(qi, a);
        }
    }
    if changed {
        t.refresh();
    }
    t
}
