//! `skillgap simulate`: respondents with known true abilities answer, and three forms are
//! compared on the same answers: the adaptive quick form, a random fixed form of the same mean
//! length, and the full bank. Deterministic for a seed, whatever the number of threads.
//!
//! * Random respondents come from one or more [`Population`]s (see [`population`]): people who
//!   lean to a role and rate themselves honestly, too high, too low or carelessly, guessing on
//!   some checks they do not know; and the engine's own model (`profiles`, `independent`). Each
//!   population is reported on its own.
//! * Personas (the test fixtures) answer as their files say ([`persona::Persona::answer`]) and are
//!   reported one by one.
//! * Truth: the role the true levels and the person's interest and background answers rank first,
//!   and the true readiness of every role, `score::readiness_by` at the true levels.
//! * The quick form is scored by its tracker; the fixed forms (random and full) by
//!   [`score::estimate_skills`], the function `quiz` scores with; both rank with the one formula.

pub mod persona;
pub mod population;

use crate::adaptive::{self, Next, Policy, Stop, Tables, Tracker};
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, QuestionKind};
use crate::score::{self, level_of};
use persona::Persona;
pub use population::Population;
use population::Respondent;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// How to run a simulation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Reported one after the other, each with `respondents` random respondents.
    pub populations: Vec<Population>,
    pub respondents: usize,
    pub seed: u64,
    pub policy: Policy,
    /// Worker threads (the result does not depend on it).
    pub threads: usize,
}

/// The figures for one form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormStats {
    pub mean_questions: f64,
    pub max_questions: usize,
    /// Mean questions ÷ the bank's questions.
    pub share_of_bank: f64,
    /// Root mean square error of θ against the truth, over the skills the roles need.
    pub theta_rmse: f64,
    /// Root mean square error of readiness (0–1) against the true readiness, over every role.
    pub readiness_rmse: f64,
    /// The same for the role the form recommends only.
    pub recommended_readiness_rmse: f64,
    /// Mean error of readiness against the true readiness, over every role: above 0 when the
    /// form sees people readier than they are.
    pub readiness_bias: f64,
    /// The mean rating bias the form estimated, in levels (compare the population's true one).
    pub rating_bias: f64,
    /// Self-ratings asked, on average.
    pub mean_ratings: f64,
    /// Knowledge checks asked, on average.
    pub mean_checks: f64,
    /// Share of respondents whose recommended role is the one their true abilities make best.
    pub agreement_with_truth: f64,
    /// Share of respondents whose recommended role is the full bank's recommendation.
    pub agreement_with_full: f64,
}

/// The figures of the three forms, on the same respondents and answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forms {
    pub adaptive: FormStats,
    pub random: FormStats,
    pub full: FormStats,
}

/// How often the adaptive form stopped for each reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stops {
    pub settled: usize,
    pub far_from_every: usize,
    pub nothing_informative: usize,
    pub cap: usize,
}

impl Stops {
    fn add(&mut self, stop: Stop) {
        match stop {
            Stop::Settled => self.settled += 1,
            Stop::FarFromEvery => self.far_from_every += 1,
            Stop::NothingInformative => self.nothing_informative += 1,
            Stop::Cap { .. } => self.cap += 1,
        }
    }
}

/// One population's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationReport {
    pub population: Population,
    pub respondents: usize,
    /// The length of this population's random fixed form: the adaptive form's mean, rounded.
    pub random_form_length: usize,
    /// The mean true bias of the self-ratings in levels (none for careless raters).
    pub true_rating_bias: Option<f64>,
    pub forms: Forms,
    pub adaptive_stops: Stops,
    /// The respondents whose quick recommendation is not the full bank's, by how the quick
    /// form stopped.
    pub disagreements_by_stop: Stops,
}

/// One persona's outcome in the simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonaRun {
    pub id: String,
    pub truth: String,
    /// The true readiness for the true role.
    pub true_readiness: f64,
    pub full: String,
    pub adaptive: String,
    pub adaptive_questions: usize,
    pub adaptive_stop: Stop,
}

/// The whole simulation report (`simulate --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub seed: u64,
    pub bank: String,
    /// Random respondents in each population.
    pub respondents: usize,
    pub full_length: usize,
    pub populations: Vec<PopulationReport>,
    pub personas: Vec<PersonaRun>,
}

/// What one form concluded for one respondent.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    role: usize,
    questions: usize,
    /// Σ (θ̂ − θ)² over the needed skills.
    theta_se: f64,
    /// Σ (readiness − true readiness)² over the roles.
    readiness_se: f64,
    /// Σ (readiness − true readiness) over the roles.
    readiness_error: f64,
    /// (readiness − true readiness)² of the recommended role.
    recommended_se: f64,
    /// The estimated rating bias in levels.
    rating_bias: f64,
    ratings: usize,
    checks: usize,
}

/// How many self-ratings and knowledge checks are among the questions at `asked`.
fn kinds(bank: &Bank, asked: impl Iterator<Item = usize>) -> (usize, usize) {
    asked.fold((0, 0), |(r, c), qi| match bank.questions()[qi].kind {
        QuestionKind::SelfRating => (r + 1, c),
        k if k.is_knowledge_check() => (r, c + 1),
        _ => (r, c),
    })
}

/// The truth about one respondent: the best role and every role's readiness.
struct Truth {
    role: usize,
    readiness: Vec<f64>,
}

/// The best role and every role's readiness, from a share of each target met per skill and the
/// interest and background answers: the ranking every mode uses.
fn rank(
    bank: &Bank,
    covered: impl Fn(usize, u8) -> f64,
    choice: impl Fn(usize) -> Option<usize>,
) -> (usize, Vec<f64>) {
    let scores: Vec<(f64, f64)> = (0..bank.roles().len())
        .map(|role| {
            let readiness = score::readiness_by(bank, role, &covered);
            let (interest, _) = score::interest_by(bank, role, &choice);
            let background = score::background_by(bank, role, &choice);
            (score::overall(readiness, interest, background), readiness)
        })
        .collect();
    let key = |role: usize| score::RankKey {
        overall: scores[role].0,
        readiness: scores[role].1,
        role: &bank.roles()[role].id,
    };
    let best = (0..bank.roles().len())
        .min_by(|&a, &b| score::rank_order(&key(a), &key(b)))
        .expect("a bank has roles");
    (best, scores.into_iter().map(|(_, r)| r).collect())
}

/// An interest or background answer of the sheet.
fn chosen(bank: &Bank, sheet: &[Answer], qi: usize) -> Option<usize> {
    match (&sheet[qi], bank.questions()[qi].kind) {
        (Answer::Choice(i), QuestionKind::Interest | QuestionKind::Background) => Some(*i),
        _ => None,
    }
}

fn truth(bank: &Bank, r: &Respondent) -> Truth {
    let (role, readiness) = rank(
        bank,
        |s, t| score::coverage(level_of(r.theta[s]), t),
        |qi| chosen(bank, &r.sheet, qi),
    );
    Truth { role, readiness }
}

fn squared_errors(estimate: &[f64], truth: &[f64], which: impl Iterator<Item = usize>) -> f64 {
    which.map(|i| (estimate[i] - truth[i]).powi(2)).sum()
}

fn errors(estimate: &[f64], truth: &[f64]) -> f64 {
    estimate.iter().zip(truth).map(|(e, t)| e - t).sum()
}

/// A fixed form: the answers to the questions at `form`, scored as `quiz` scores them.
fn fixed(
    bank: &Bank,
    r: &Respondent,
    t: &Truth,
    needed: &[usize],
    form: impl Iterator<Item = usize>,
) -> Outcome {
    let mut answers = Answers::default();
    let mut choice = vec![None; bank.questions().len()];
    let asked: Vec<usize> = form.collect();
    for &qi in &asked {
        answers.insert(bank.questions()[qi].id.clone(), r.sheet[qi].clone());
        choice[qi] = chosen(bank, &r.sheet, qi);
    }
    let (ratings, checks) = kinds(bank, asked.iter().copied());
    let (skills, bias) = score::estimate_skills(bank, &answers);
    let (role, readiness) = rank(
        bank,
        |s, target| skills[s].coverage[target.min(4) as usize],
        |qi| choice[qi],
    );
    let theta: Vec<f64> = skills.iter().map(|s| s.theta).collect();
    Outcome {
        role,
        questions: asked.len(),
        theta_se: squared_errors(&theta, &r.theta, needed.iter().copied()),
        readiness_se: squared_errors(&readiness, &t.readiness, 0..readiness.len()),
        readiness_error: errors(&readiness, &t.readiness),
        recommended_se: (readiness[role] - t.readiness[role]).powi(2),
        rating_bias: bias.levels,
        ratings,
        checks,
    }
}

/// The adaptive form, driven to its stop.
fn quick(
    bank: &Bank,
    tables: &Tables,
    r: &Respondent,
    t: &Truth,
    needed: &[usize],
    policy: &Policy,
    roles: &[usize],
) -> (Outcome, Stop) {
    let mut tracker = Tracker::new(bank, tables);
    let mut asked = Vec::new();
    let stop = loop {
        match adaptive::next(&tracker, roles, policy) {
            Next::Ask(qi) => {
                tracker.record(qi, &r.sheet[qi]);
                asked.push(qi);
            }
            Next::Stop(reason) => break reason,
        }
    };
    let (ratings, checks) = kinds(bank, asked.into_iter());
    let theta: Vec<f64> = (0..bank.skills().len())
        .map(|s| tracker.estimate(s).0)
        .collect();
    let readiness: Vec<f64> = roles
        .iter()
        .map(|&role| tracker.role_score(role).readiness)
        .collect();
    let role = tracker.ranking(roles)[0].role;
    let outcome = Outcome {
        role,
        questions: tracker.count(),
        theta_se: squared_errors(&theta, &r.theta, needed.iter().copied()),
        readiness_se: squared_errors(&readiness, &t.readiness, 0..readiness.len()),
        readiness_error: errors(&readiness, &t.readiness),
        recommended_se: (readiness[role] - t.readiness[role]).powi(2),
        rating_bias: crate::score::shown_bias(tracker.bias().0),
        ratings,
        checks,
    };
    (outcome, stop)
}

/// One respondent's runs of the quick and the full form.
struct Runs {
    truth: Truth,
    full: Outcome,
    adaptive: Outcome,
    stop: Stop,
}

struct Setup<'a> {
    bank: &'a Bank,
    tables: Tables,
    roles: Vec<usize>,
    needed: Vec<usize>,
    policy: &'a Policy,
}

impl Setup<'_> {
    fn runs(&self, r: &Respondent) -> Runs {
        let truth = truth(self.bank, r);
        let full = fixed(
            self.bank,
            r,
            &truth,
            &self.needed,
            0..self.bank.questions().len(),
        );
        let (adaptive, stop) = quick(
            self.bank,
            &self.tables,
            r,
            &truth,
            &self.needed,
            self.policy,
            &self.roles,
        );
        Runs {
            truth,
            full,
            adaptive,
            stop,
        }
    }
}

/// The figures of one form, against the truths' and the full form's roles.
struct Against<'a> {
    truth: &'a [usize],
    full: &'a [usize],
    full_length: usize,
    skills: usize,
    roles: usize,
}

fn stats(outcomes: &[Outcome], against: &Against) -> FormStats {
    let n = outcomes.len().max(1) as f64;
    let share = |roles: &[usize]| {
        outcomes
            .iter()
            .zip(roles)
            .filter(|(o, r)| o.role == **r)
            .count() as f64
            / n
    };
    let (full_length, skills, roles) = (against.full_length, against.skills, against.roles);
    let mean = |f: &dyn Fn(&Outcome) -> f64| outcomes.iter().map(f).sum::<f64>() / n;
    let mean_questions = mean(&|o| o.questions as f64);
    FormStats {
        mean_questions,
        max_questions: outcomes.iter().map(|o| o.questions).max().unwrap_or(0),
        share_of_bank: mean_questions / full_length.max(1) as f64,
        theta_rmse: (outcomes.iter().map(|o| o.theta_se).sum::<f64>() / (n * skills.max(1) as f64))
            .sqrt(),
        readiness_rmse: (outcomes.iter().map(|o| o.readiness_se).sum::<f64>()
            / (n * roles.max(1) as f64))
            .sqrt(),
        recommended_readiness_rmse: mean(&|o| o.recommended_se).sqrt(),
        readiness_bias: mean(&|o| o.readiness_error) / roles.max(1) as f64,
        rating_bias: mean(&|o| o.rating_bias),
        mean_ratings: mean(&|o| o.ratings as f64),
        mean_checks: mean(&|o| o.checks as f64),
        agreement_with_truth: share(against.truth),
        agreement_with_full: share(against.full),
    }
}

/// Runs `f` over `0..n` on `threads` threads, returning results in index order.
fn parallel<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.clamp(1, n.max(1));
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                scope.spawn(move || {
                    (t * chunk..((t + 1) * chunk).min(n))
                        .map(f)
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("simulation worker panicked"))
            .collect()
    })
}

/// The skills the roles need (with their alternatives), whose θ error the RMSE measures.
fn needed_skills(bank: &Bank) -> Vec<usize> {
    let mut needed: Vec<usize> = (0..bank.roles().len())
        .flat_map(|r| {
            bank.requirements(r)
                .iter()
                .flat_map(|q| q.skills.iter().copied())
        })
        .collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// One population: every respondent through the three forms.
fn population(setup: &Setup, opts: &Options, population: Population) -> PopulationReport {
    let bank = setup.bank;
    let people: Vec<(Respondent, Runs)> = parallel(opts.respondents, opts.threads, |i| {
        let r = population::respondent(bank, population, opts.seed, i as u64);
        let runs = setup.runs(&r);
        (r, runs)
    });
    let length = bank.questions().len();
    let truths: Vec<usize> = people.iter().map(|(_, r)| r.truth.role).collect();
    let fulls: Vec<usize> = people.iter().map(|(_, r)| r.full.role).collect();
    let against = Against {
        truth: &truths,
        full: &fulls,
        full_length: length,
        skills: setup.needed.len(),
        roles: bank.roles().len(),
    };
    let adaptive: Vec<Outcome> = people.iter().map(|(_, r)| r.adaptive).collect();
    let full: Vec<Outcome> = people.iter().map(|(_, r)| r.full).collect();
    let adaptive_stats = stats(&adaptive, &against);

    // One random fixed form for the population, as long as its adaptive form on average.
    let form_length = (adaptive_stats.mean_questions.round() as usize).clamp(1, length);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5eed_f0a1);
    rng.set_stream(
        Population::ALL
            .iter()
            .position(|p| *p == population)
            .unwrap_or(0) as u64,
    );
    let mut form = rand::seq::index::sample(&mut rng, length, form_length).into_vec();
    form.sort_unstable();
    let random: Vec<Outcome> = parallel(people.len(), opts.threads, |i| {
        let (r, run) = &people[i];
        fixed(bank, r, &run.truth, &setup.needed, form.iter().copied())
    });
    let (mut stops, mut disagreements) = (Stops::default(), Stops::default());
    for (_, r) in &people {
        stops.add(r.stop);
        if r.adaptive.role != r.full.role {
            disagreements.add(r.stop);
        }
    }
    PopulationReport {
        population,
        respondents: opts.respondents,
        random_form_length: form_length,
        true_rating_bias: people
            .iter()
            .map(|(r, _)| r.bias)
            .sum::<Option<f64>>()
            .map(|b| b / people.len().max(1) as f64),
        forms: Forms {
            adaptive: adaptive_stats,
            random: stats(&random, &against),
            full: stats(&full, &against),
        },
        adaptive_stops: stops,
        disagreements_by_stop: disagreements,
    }
}

/// Runs the simulation on `bank`: each population of `opts`, and `personas`.
pub fn run(bank: &Bank, personas: &[Persona], opts: &Options) -> Report {
    let setup = Setup {
        bank,
        tables: Tables::new(bank),
        roles: (0..bank.roles().len()).collect(),
        needed: needed_skills(bank),
        policy: &opts.policy,
    };
    let populations = opts
        .populations
        .iter()
        .map(|&p| population(&setup, opts, p))
        .collect();
    let role_id = |r: usize| bank.roles()[r].id.clone();
    let personas = parallel(personas.len(), opts.threads, |i| {
        let runs = setup.runs(&population::persona(bank, &personas[i]));
        PersonaRun {
            id: personas[i].id.clone(),
            truth: role_id(runs.truth.role),
            true_readiness: runs.truth.readiness[runs.truth.role],
            full: role_id(runs.full.role),
            adaptive: role_id(runs.adaptive.role),
            adaptive_questions: runs.adaptive.questions,
            adaptive_stop: runs.stop,
        }
    });
    Report {
        seed: opts.seed,
        bank: bank.fingerprint().to_string(),
        respondents: opts.respondents,
        full_length: bank.questions().len(),
        populations,
        personas,
    }
}

/// The answers of random respondent `index` of `population` for `seed` (the same respondent the
/// simulation draws), as response-log records of the whole bank: the data `calibrate` is
/// tested on, generated from the bank's own item parameters.
pub fn responses(
    bank: &Bank,
    population: Population,
    seed: u64,
    index: u64,
) -> Vec<crate::responses::Response> {
    let r = population::respondent(bank, population, seed, index);
    let key =
        crate::responses::respondent_key(&format!("simulated {} {seed} {index}", population.id()));
    crate::responses::sheet_records(bank, &key, &r.sheet)
}

/// The personas shipped with the test fixtures, which `simulate` adds to its respondents.
pub fn builtin_personas() -> Vec<Persona> {
    static DIR: include_dir::Dir<'_> =
        include_dir::include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/personas");
    let mut files: Vec<_> = DIR.files().collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|f| serde_json::from_slice(f.contents()).expect("the shipped personas are valid"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::BankSource;

    /// The fixed forms are scored once with `score::estimate_skills`, the quick form by its
    /// tracker: fed the same answers, the two conclude the same.
    #[test]
    fn a_tracker_given_every_answer_concludes_as_the_fixed_form_scoring() {
        let bank = crate::bank::load(&BankSource::Builtin).unwrap();
        let tables = Tables::new(&bank);
        let needed = needed_skills(&bank);
        for (i, population) in [Population::Overconfident, Population::Careless]
            .into_iter()
            .enumerate()
        {
            let r = population::respondent(&bank, population, 5, i as u64);
            let t = truth(&bank, &r);
            let fixed = fixed(&bank, &r, &t, &needed, 0..bank.questions().len());
            let mut tracker = Tracker::new(&bank, &tables);
            for (qi, a) in r.sheet.iter().enumerate() {
                tracker.record(qi, a);
            }
            assert_eq!(tracker.ranking(&[])[0].role, fixed.role);
            let readiness: Vec<f64> = (0..bank.roles().len())
                .map(|role| tracker.role_score(role).readiness)
                .collect();
            let se = squared_errors(&readiness, &t.readiness, 0..readiness.len());
            assert!((se - fixed.readiness_se).abs() < 1e-9, "{se} {fixed:?}");
            assert!(
                (crate::score::shown_bias(tracker.bias().0) - fixed.rating_bias).abs() < 1e-9,
                "{} {}",
                tracker.bias().0,
                fixed.rating_bias
            );
        }
    }

    #[test]
    fn guesses_are_right_with_the_floor_and_wrong_answers_have_the_right_shape() {
        let bank = crate::bank::load(&BankSource::Builtin).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for q in bank.questions().iter().filter(|q| {
            matches!(
                q.kind,
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice
            )
        }) {
            let n = 2000;
            let right = (0..n)
                .filter(|_| {
                    let a = population::guess_at(q, &mut rng);
                    assert!(crate::answers::check_shape(q.kind, q.options.len(), &a).is_ok());
                    score::is_correct(q, &a)
                })
                .count() as f64
                / n as f64;
            let c = q.guessing();
            assert!(
                (right - c).abs() < 4.0 * (c * (1.0 - c) / n as f64).sqrt() + 1e-9,
                "{} {right} {c}",
                q.id
            );
        }
    }
}
