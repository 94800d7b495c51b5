//! `skillgap simulate`: respondents with known true abilities answer by the engine's own response
//! model, and three forms are compared: adaptive quick mode, a random fixed form of the same mean
//! length, and the full bank. Deterministic for a seed, whatever the number of threads.
//!
//! * Random respondents come from a [`Population`]: by default people leaning to one role (half
//!   with a second one mixed in), whose skills and interests follow the roles' requirements and
//!   interest links, with experience and noise; or, as a stress test, skills with no link to roles
//!   and uniformly random interests. Personas (the test fixtures) use their true levels and interests.
//! * Answers: a knowledge check is right with the 2PL probability at the true θ; a self-rating is
//!   round(θ + 2 + N(0, 0.8²)) clamped to 0–4, the noise the engine's self-rating prior assumes.
//! * Truth: the role the true levels and all interest answers rank first.

pub mod persona;

use crate::adaptive::{self, Next, Policy, Stop, Tables, Tracker};
use crate::answers::Answer;
use crate::bank::{Bank, QuestionKind};
use crate::score::{self, level_of};
use persona::Persona;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

/// Who the random respondents are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// People leaning to one role (half of them with a second role mixed in): skills the role
    /// needs are stronger, interests follow the role's interest links, plus experience and noise.
    Profiles,
    /// Skills varying by a general level and per-category offsets only, with uniformly random
    /// interests: no structure linking skills, interests and roles (a stress test full of ties).
    Independent,
}

/// How to run a simulation.
#[derive(Debug, Clone)]
pub struct Options {
    pub population: Population,
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
    /// Root mean square error of θ against the truth, over the skills the roles need.
    pub rmse: f64,
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

/// One persona's outcome in the simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonaRun {
    pub id: String,
    pub truth: String,
    pub full: String,
    pub adaptive: String,
    pub adaptive_questions: usize,
}

/// The whole simulation report (`simulate --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub seed: u64,
    pub population: Population,
    pub bank: String,
    /// Random respondents plus personas.
    pub respondents: usize,
    pub full_length: usize,
    pub random_form_length: usize,
    pub forms: Forms,
    pub adaptive_stops: Stops,
    pub personas: Vec<PersonaRun>,
}

/// One respondent: true abilities, and an answer to every question drawn once, so that every
/// form sees the same answers.
struct Respondent {
    theta: Vec<f64>,
    sheet: Vec<Answer>,
}

/// A random respondent's true θ per skill and interest answer per question (None: not interest).
fn draw(
    bank: &Bank,
    population: Population,
    rng: &mut ChaCha8Rng,
) -> (Vec<f64>, Vec<Option<usize>>) {
    let normal = |sd: f64| Normal::new(0.0, sd).expect("positive sd");
    match population {
        Population::Profiles => {
            let roles = bank.roles().len();
            let primary = rng.random_range(0..roles);
            let mut orientation = vec![0.0; roles];
            orientation[primary] = 1.0;
            if roles > 1 && rng.random::<f64>() < 0.5 {
                let other = (primary + 1 + rng.random_range(0..roles - 1)) % roles;
                let mix = rng.random::<f64>() * 0.5;
                orientation[primary] = 1.0 - mix;
                orientation[other] = mix;
            }
            let experience = normal(0.7).sample(rng);
            let mut affinity = vec![0.0; bank.skills().len()];
            for (r, o) in orientation.iter().enumerate() {
                for req in bank.requirements(r) {
                    affinity[req.skills[0]] += o * req.importance as f64 / 5.0;
                }
            }
            let theta = affinity
                .iter()
                .map(|a| {
                    (-1.5 + 3.0 * a.min(1.0) + experience + normal(0.7).sample(rng))
                        .clamp(-3.0, 3.0)
                })
                .collect();
            let mut pull = vec![0.0; bank.questions().len()];
            for (r, o) in orientation.iter().enumerate() {
                for &(q, w) in bank.interest_links(r) {
                    pull[q] += o * w as f64 / 5.0;
                }
            }
            let interests = bank
                .questions()
                .iter()
                .enumerate()
                .map(|(qi, q)| {
                    (q.kind == QuestionKind::Interest).then(|| {
                        let top = q.options.len().saturating_sub(1) as f64;
                        (top * pull[qi].min(1.0) + normal(0.8).sample(rng))
                            .round()
                            .clamp(0.0, top) as usize
                    })
                })
                .collect();
            (theta, interests)
        }
        Population::Independent => {
            let g = normal(0.5).sample(rng);
            let mut categories: Vec<(&str, f64)> = Vec::new();
            let theta = bank
                .skills()
                .iter()
                .map(|s| {
                    let c = match categories.iter().find(|(c, _)| *c == s.category) {
                        Some((_, c)) => *c,
                        None => {
                            let c = normal(0.8).sample(rng);
                            categories.push((&s.category, c));
                            c
                        }
                    };
                    (g + c + normal(0.6).sample(rng)).clamp(-3.0, 3.0)
                })
                .collect();
            let interests = bank
                .questions()
                .iter()
                .map(|q| {
                    (q.kind == QuestionKind::Interest)
                        .then(|| rng.random_range(0..q.options.len().max(1)))
                })
                .collect();
            (theta, interests)
        }
    }
}

fn respondent(bank: &Bank, opts: &Options, index: u64, persona: Option<&Persona>) -> Respondent {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    rng.set_stream(index);
    let (theta, interests) = match persona {
        Some(p) => (
            bank.skills()
                .iter()
                .map(|s| score::theta_of_level(p.level(&s.id)))
                .collect(),
            bank.questions()
                .iter()
                .map(|q| {
                    (q.kind == QuestionKind::Interest)
                        .then(|| p.interests.get(&q.id).copied().unwrap_or(1))
                })
                .collect(),
        ),
        None => draw(bank, opts.population, &mut rng),
    };
    let rating_noise = Normal::new(0.0, score::person::RATING_SD).expect("positive sd");
    let sheet = bank
        .questions()
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let skill = q.skill.as_deref().and_then(|s| bank.skill_index(s));
            match (q.kind, skill) {
                (QuestionKind::SelfRating, Some(s)) => {
                    let r = (theta[s] + 2.0 + rating_noise.sample(&mut rng)).round();
                    Answer::Choice(r.clamp(0.0, 4.0) as usize)
                }
                (k, Some(s)) if k.is_knowledge_check() => {
                    let right = rng.random::<f64>() < score::item_of(q).p(theta[s]);
                    if right {
                        crate::score::right_answer(q)
                    } else {
                        Answer::Skip
                    }
                }
                (QuestionKind::Interest, _) => Answer::Choice(interests[qi].unwrap_or(0)),
                _ => {
                    let drawn = rng.random_range(0..q.options.len().max(1));
                    let chosen = persona
                        .and_then(|p| p.background.get(&q.id).copied())
                        .unwrap_or(drawn);
                    Answer::Choice(chosen.min(q.options.len().saturating_sub(1)))
                }
            }
        })
        .collect();
    Respondent { theta, sheet }
}

/// What one form concluded for one respondent.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    role: usize,
    questions: usize,
    squared_error: f64,
    stop: Option<Stop>,
}

fn conclude(tracker: &Tracker, r: &Respondent, needed: &[usize], stop: Option<Stop>) -> Outcome {
    Outcome {
        role: tracker.ranking(&[])[0].role,
        questions: tracker.count(),
        squared_error: needed
            .iter()
            .map(|&s| (tracker.estimate(s).0 - r.theta[s]).powi(2))
            .sum(),
        stop,
    }
}

fn truth(bank: &Bank, r: &Respondent) -> usize {
    let scores: Vec<(f64, f64)> = (0..bank.roles().len())
        .map(|role| {
            let readiness =
                score::readiness_by(bank, role, |s, t| score::coverage(level_of(r.theta[s]), t));
            let (interest, _) = score::interest_by(bank, role, |qi| match r.sheet[qi] {
                Answer::Choice(i) => Some(i),
                _ => None,
            });
            let background = score::background_by(bank, role, |qi| match r.sheet[qi] {
                Answer::Choice(i) if bank.questions()[qi].kind == QuestionKind::Background => {
                    Some(i)
                }
                _ => None,
            });
            (score::overall(readiness, interest, background), readiness)
        })
        .collect();
    let key = |role: usize| score::RankKey {
        overall: scores[role].0,
        readiness: scores[role].1,
        role: &bank.roles()[role].id,
    };
    (0..bank.roles().len())
        .min_by(|&a, &b| score::rank_order(&key(a), &key(b)))
        .expect("a bank has roles")
}

struct Runs {
    truth: usize,
    full: Outcome,
    adaptive: Outcome,
}

fn run_one(
    bank: &Bank,
    tables: &Tables,
    r: &Respondent,
    needed: &[usize],
    policy: &Policy,
    roles: &[usize],
) -> Runs {
    let mut full = Tracker::new(bank, tables);
    for (qi, a) in r.sheet.iter().enumerate() {
        full.record(qi, a);
    }
    let mut adaptive = Tracker::new(bank, tables);
    let stop = loop {
        match adaptive::next(&adaptive, roles, policy) {
            Next::Ask(qi) => adaptive.record(qi, &r.sheet[qi]),
            Next::Stop(reason) => break reason,
        }
    };
    Runs {
        truth: truth(bank, r),
        full: conclude(&full, r, needed, None),
        adaptive: conclude(&adaptive, r, needed, Some(stop)),
    }
}

fn stats(outcomes: &[Outcome], truths: &[usize], fulls: &[usize], skills: usize) -> FormStats {
    let n = outcomes.len().max(1) as f64;
    FormStats {
        mean_questions: outcomes.iter().map(|o| o.questions as f64).sum::<f64>() / n,
        max_questions: outcomes.iter().map(|o| o.questions).max().unwrap_or(0),
        rmse: (outcomes.iter().map(|o| o.squared_error).sum::<f64>() / (n * skills.max(1) as f64))
            .sqrt(),
        agreement_with_truth: outcomes
            .iter()
            .zip(truths)
            .filter(|(o, t)| o.role == **t)
            .count() as f64
            / n,
        agreement_with_full: outcomes
            .iter()
            .zip(fulls)
            .filter(|(o, f)| o.role == **f)
            .count() as f64
            / n,
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

/// Every respondent answers the same fixed form.
fn fixed_form(
    bank: &Bank,
    tables: &Tables,
    personas: &[Persona],
    opts: &Options,
    form: &[usize],
    needed: &[usize],
) -> Vec<Outcome> {
    parallel(opts.respondents + personas.len(), opts.threads, |i| {
        let persona = i.checked_sub(opts.respondents).map(|p| &personas[p]);
        let r = respondent(bank, opts, i as u64, persona);
        let mut t = Tracker::new(bank, tables);
        for &qi in form {
            t.record(qi, &r.sheet[qi]);
        }
        conclude(&t, &r, needed, None)
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

/// Runs the simulation on `bank` with `personas` added to the random respondents.
pub fn run(bank: &Bank, personas: &[Persona], opts: &Options) -> Report {
    let tables = Tables::new(bank);
    let roles: Vec<usize> = (0..bank.roles().len()).collect();
    let needed = needed_skills(bank);
    let total = opts.respondents + personas.len();
    let make = |i: usize| {
        let persona = i.checked_sub(opts.respondents).map(|p| &personas[p]);
        respondent(bank, opts, i as u64, persona)
    };
    let runs: Vec<Runs> = parallel(total, opts.threads, |i| {
        run_one(bank, &tables, &make(i), &needed, &opts.policy, &roles)
    });
    let truths: Vec<usize> = runs.iter().map(|r| r.truth).collect();
    let fulls: Vec<usize> = runs.iter().map(|r| r.full.role).collect();
    let full_outcomes: Vec<Outcome> = runs.iter().map(|r| r.full).collect();
    let adaptive_outcomes: Vec<Outcome> = runs.iter().map(|r| r.adaptive).collect();
    let adaptive = stats(&adaptive_outcomes, &truths, &fulls, needed.len());

    // One random fixed form for everybody, as long as the adaptive form on average.
    let length = (adaptive.mean_questions.round() as usize).clamp(1, bank.questions().len());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x5eed_f0a1);
    let form = rand::seq::index::sample(&mut rng, bank.questions().len(), length).into_vec();
    let random_outcomes = fixed_form(bank, &tables, personas, opts, &form, &needed);
    let mut stops = Stops::default();
    for o in &adaptive_outcomes {
        match o.stop {
            Some(Stop::Settled) => stops.settled += 1,
            Some(Stop::FarFromEvery) => stops.far_from_every += 1,
            Some(Stop::NothingInformative) => stops.nothing_informative += 1,
            Some(Stop::Cap { .. }) => stops.cap += 1,
            None => {}
        }
    }
    let role_id = |r: usize| bank.roles()[r].id.clone();
    Report {
        seed: opts.seed,
        population: opts.population,
        bank: bank.fingerprint().to_string(),
        respondents: total,
        full_length: bank.questions().len(),
        random_form_length: length,
        forms: Forms {
            adaptive,
            random: stats(&random_outcomes, &truths, &fulls, needed.len()),
            full: stats(&full_outcomes, &truths, &fulls, needed.len()),
        },
        adaptive_stops: stops,
        personas: personas
            .iter()
            .enumerate()
            .map(|(p, persona)| {
                let r = &runs[opts.respondents + p];
                PersonaRun {
                    id: persona.id.clone(),
                    truth: role_id(r.truth),
                    full: role_id(r.full.role),
                    adaptive: role_id(r.adaptive.role),
                    adaptive_questions: r.adaptive.questions,
                }
            })
            .collect(),
    }
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
