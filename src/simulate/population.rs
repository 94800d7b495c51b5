//! Who the simulated respondents are, and how they answer.
//!
//! People who lean to a role (`honest`, `overconfident`, `underconfident`, `careless`), in θ on
//! the standard scale:
//!
//! * a leaning: one role, or (half of the people) that role mixed with a second one by up to
//!   half; a skill's affinity is Σ leaning × importance ÷ 5 over the roles needing it, at most 1;
//! * θₛ = −1.5 + 3 × affinityₛ + g + h₍c₎ + uₛ, clamped to ±3, with a general level
//!   g ~ N(0, [`GENERAL_SD`]²), a level per skill category h₍c₎ ~ N(0, [`CATEGORY_SD`]²) and the
//!   skill's own part uₛ ~ N(0, [`SPECIFIC_SD`]²): related skills move together. The spreads are
//!   the simulation's own, close to (not taken from) the engine's prior in `score::person`;
//! * interests: round(top × pull + N(0, 0.8²)) on each interest question, pull being the leaning's
//!   share of the roles' interest weights ÷ 5;
//! * background: for a question the leading role lists, one of its typical answers
//!   [`TYPICAL_BACKGROUND`] of the time, else any option; other questions any option;
//! * self-ratings: round(θ + 2 + β + N(0, [`RATING_NOISE_SD`]²)) clamped to 0–4, with the
//!   person's bias β: 0 (`honest`), uniform in +1…+2 (`overconfident`) or −2…−1 (`underconfident`);
//! * checks: the person knows the answer with the item's 2PL part P*(θ) and then answers right;
//!   not knowing a choice item, they guess [`GUESS_SHARE`] of the time (right with the item's
//!   guessing floor c, else a wrong option of the right shape) and answer "I don't know"
//!   otherwise; free text is never guessed. So P(right) = P* + (1 − P*) × c / 2, below the
//!   engine's 3PL c + (1 − c) P*, as for people who do not always guess.
//!
//! `profiles` and `independent` answer by the engine's own model instead (no bias, checks right
//! with the 3PL probability, else "I don't know"), as they always have.
//!
//! Every respondent draws from three random streams of their own, all derived from the seed and
//! their index: one for the person (true skills, interests, background), one for their habits
//! (rating bias, carelessness) and one for their answers. The populations of people who lean to
//! a role share the first and last, so respondent *i* of `honest`, `overconfident` and
//! `underconfident` is the same person with the same luck on the checks, rating themselves with
//! a different bias: the populations' figures differ by the bias alone.

use crate::answers::Answer;
use crate::bank::{Bank, Question, QuestionKind};
use crate::score::{self, Item, right_answer};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

/// Who the random respondents are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// People leaning to one role, answering by the engine's own model: self-ratings
    /// round(θ + 2 + N(0, 0.7²)) without bias, checks right with the 3PL probability.
    Profiles,
    /// Skills varying by a general level and per-category offsets only, with uniformly random
    /// interests, answering by the engine's own model: no structure linking skills, interests and
    /// roles (a stress test full of ties).
    Independent,
    /// People leaning to a role (see the module) who rate themselves without bias:
    /// round(θ + 2 + N(0, 0.7²)), and sometimes guess on the checks.
    Honest,
    /// The same people, rating themselves 1 to 2 levels too high (drawn per person).
    Overconfident,
    /// The same people, rating themselves 1 to 2 levels too low (drawn per person).
    Underconfident,
    /// The same people, not paying attention: half rate every skill the same (one value drawn per
    /// person, 90% of their ratings), half rate at random (80% of their ratings); and 30% of their
    /// checks are answered blindly, a guess whatever they know.
    Careless,
    /// Every skill's θ drawn on its own from N(0, 1), the engine's prior, answering by the
    /// engine's own model: the population `calibrate` assumes, for testing its recovery (not in
    /// `all`).
    Standard,
}

impl Population {
    /// Every population, in the order `--population all` reports them.
    pub const ALL: [Population; 6] = [
        Self::Profiles,
        Self::Independent,
        Self::Honest,
        Self::Overconfident,
        Self::Underconfident,
        Self::Careless,
    ];

    /// The population's name, as on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Self::Profiles => "profiles",
            Self::Independent => "independent",
            Self::Honest => "honest",
            Self::Overconfident => "overconfident",
            Self::Underconfident => "underconfident",
            Self::Careless => "careless",
            Self::Standard => "standard",
        }
    }

    /// Whether the quick form's targets are for this population: people who lean to a role and
    /// answer with care, whether they rate themselves honestly or with a bias (not `independent`,
    /// a stress test, nor `careless`).
    pub fn has_targets(self) -> bool {
        !matches!(self, Self::Independent | Self::Careless | Self::Standard)
    }
}

/// Spread of the general level.
pub const GENERAL_SD: f64 = 0.7;
/// Spread of a category's level.
pub const CATEGORY_SD: f64 = 0.45;
/// Spread of a skill's own part.
pub const SPECIFIC_SD: f64 = 0.55;
/// Spread of a self-rating around θ + 2 + bias, in levels.
pub const RATING_NOISE_SD: f64 = 0.7;
/// Share of the background answers typical for the leading role.
pub const TYPICAL_BACKGROUND: f64 = 0.7;
/// Share of unknown choice checks people guess rather than answer "I don't know".
pub const GUESS_SHARE: f64 = 0.5;
/// Share of a careless person's checks answered blindly.
pub const CARELESS_BLIND: f64 = 0.3;
/// Share of a straight-lining careless person's ratings given the same value.
pub const CARELESS_SAME: f64 = 0.9;
/// Share of a random-rating careless person's ratings drawn at random.
pub const CARELESS_RANDOM: f64 = 0.8;

/// The stream of a respondent's random draws for one purpose.
#[derive(Debug, Clone, Copy)]
enum Stream {
    Person,
    Habits,
    Answers,
}

fn stream(seed: u64, index: u64, which: Stream) -> ChaCha8Rng {
    let salt = match which {
        Stream::Person => 0,
        Stream::Habits => 0x4861_6269_7473_0001,
        Stream::Answers => 0x416e_7377_6572_0002,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ salt);
    rng.set_stream(index);
    rng
}

fn normal(sd: f64) -> Normal<f64> {
    Normal::new(0.0, sd).expect("a finite positive sd")
}

/// A respondent: true θ per skill, and an answer to every question, drawn once so that every
/// form sees the same answers.
pub(crate) struct Respondent {
    pub(crate) theta: Vec<f64>,
    pub(crate) sheet: Vec<Answer>,
    /// The bias of the self-ratings in levels, where there is one (not for careless raters).
    pub(crate) bias: Option<f64>,
}

/// A drawn person before answering: true θ per skill, interest and background answers.
struct Person {
    theta: Vec<f64>,
    /// Per question: the interest or background answer (None for other kinds).
    choice: Vec<Option<usize>>,
}

/// How a person rates themselves.
#[derive(Debug, Clone, Copy)]
enum Ratings {
    /// round(θ + 2 + bias + noise).
    Noisy { bias: f64 },
    /// This value, most of the time.
    Same(usize),
    /// At random, most of the time.
    Random,
}

/// How a person answers the knowledge checks.
#[derive(Debug, Clone, Copy)]
enum Checks {
    /// The engine's own model: right with the 3PL probability, else "I don't know".
    Model,
    /// Knows with the 2PL part of the item; not knowing a choice item, guesses
    /// [`GUESS_SHARE`] of the time (right with the guessing floor), else "I don't know"; and a
    /// `blind` share of the checks is a guess whatever they know.
    People { blind: f64 },
}

/// Which role a person leans to: a weight per role.
fn leaning(bank: &Bank, rng: &mut ChaCha8Rng) -> Vec<f64> {
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
    orientation
}

/// Each skill's affinity to the leaning: Σ weight × importance ÷ 5, at most 1.
fn affinity(bank: &Bank, orientation: &[f64]) -> Vec<f64> {
    let mut affinity = vec![0.0; bank.skills().len()];
    for (r, o) in orientation.iter().enumerate() {
        for req in bank.requirements(r) {
            affinity[req.skills[0]] += o * req.importance as f64 / 5.0;
        }
    }
    affinity.iter_mut().for_each(|a| *a = f64::min(*a, 1.0));
    affinity
}

/// Interest answers following the leaning's interest links, with noise (None: not interest).
fn interests(bank: &Bank, orientation: &[f64], rng: &mut ChaCha8Rng) -> Vec<Option<usize>> {
    let mut pull = vec![0.0; bank.questions().len()];
    for (r, o) in orientation.iter().enumerate() {
        for &(q, w) in bank.interest_links(r) {
            pull[q] += o * w as f64 / 5.0;
        }
    }
    bank.questions()
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            (q.kind == QuestionKind::Interest).then(|| {
                let top = q.options.len().saturating_sub(1) as f64;
                (top * f64::min(pull[qi], 1.0) + normal(0.8).sample(rng))
                    .round()
                    .clamp(0.0, top) as usize
            })
        })
        .collect()
}

/// The drawing of `profiles` (kept as it was): experience and noise around the leaning.
fn profiles(bank: &Bank, rng: &mut ChaCha8Rng) -> Person {
    let orientation = leaning(bank, rng);
    let experience = normal(0.7).sample(rng);
    let theta = affinity(bank, &orientation)
        .iter()
        .map(|a| (-1.5 + 3.0 * a + experience + normal(0.7).sample(rng)).clamp(-3.0, 3.0))
        .collect();
    let mut choice = interests(bank, &orientation, rng);
    for (c, q) in choice.iter_mut().zip(bank.questions()) {
        if q.kind == QuestionKind::Background {
            *c = Some(rng.random_range(0..q.options.len().max(1)));
        }
    }
    Person { theta, choice }
}

/// The drawing of `independent`: no link between skills, interests and roles.
fn independent(bank: &Bank, rng: &mut ChaCha8Rng) -> Person {
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
    let choice = random_choices(bank, rng);
    Person { theta, choice }
}

/// An option drawn at random for every interest and background question (none for the others).
fn random_choices(bank: &Bank, rng: &mut ChaCha8Rng) -> Vec<Option<usize>> {
    bank.questions()
        .iter()
        .map(|q| {
            matches!(q.kind, QuestionKind::Interest | QuestionKind::Background)
                .then(|| rng.random_range(0..q.options.len().max(1)))
        })
        .collect()
}

/// The drawing of `standard`: every skill N(0, 1) on its own, interest and background at random.
fn standard(bank: &Bank, rng: &mut ChaCha8Rng) -> Person {
    let theta = bank
        .skills()
        .iter()
        .map(|_| normal(1.0).sample(rng))
        .collect();
    let choice = random_choices(bank, rng);
    Person { theta, choice }
}

/// The drawing of the people who lean to a role (see the module).
fn leaning_person(bank: &Bank, rng: &mut ChaCha8Rng) -> Person {
    let orientation = leaning(bank, rng);
    let primary = (0..orientation.len())
        .max_by(|&a, &b| orientation[a].total_cmp(&orientation[b]).then(b.cmp(&a)))
        .expect("a bank has roles");
    let g = normal(GENERAL_SD).sample(rng);
    let category: Vec<f64> = (0..bank.category_count())
        .map(|_| normal(CATEGORY_SD).sample(rng))
        .collect();
    let theta = affinity(bank, &orientation)
        .iter()
        .enumerate()
        .map(|(s, a)| {
            let h = category[bank.category_of(s)];
            (-1.5 + 3.0 * a + g + h + normal(SPECIFIC_SD).sample(rng)).clamp(-3.0, 3.0)
        })
        .collect();
    let mut choice = interests(bank, &orientation, rng);
    let links = bank.background_links(primary);
    for (qi, q) in bank.questions().iter().enumerate() {
        if q.kind != QuestionKind::Background {
            continue;
        }
        let options = q.options.len().max(1);
        let typical = links
            .iter()
            .find(|(lq, _)| *lq == qi)
            .map(|(_, preferred)| preferred.as_slice())
            .filter(|p| !p.is_empty());
        let any = rng.random_range(0..options);
        choice[qi] = Some(match typical {
            Some(p) if rng.random::<f64>() < TYPICAL_BACKGROUND => p[rng.random_range(0..p.len())],
            _ => any,
        });
    }
    Person { theta, choice }
}

/// A self-rating 0–4 of a skill at θ.
fn rating(
    ratings: Ratings,
    theta: f64,
    habits: &mut ChaCha8Rng,
    answers: &mut ChaCha8Rng,
) -> usize {
    let noise = normal(RATING_NOISE_SD).sample(answers);
    let honest = |bias: f64| (theta + 2.0 + bias + noise).round().clamp(0.0, 4.0) as usize;
    match ratings {
        Ratings::Noisy { bias } => honest(bias),
        Ratings::Same(v) => {
            if habits.random::<f64>() < CARELESS_SAME {
                v
            } else {
                honest(0.0)
            }
        }
        Ratings::Random => {
            if habits.random::<f64>() < CARELESS_RANDOM {
                habits.random_range(0..=4)
            } else {
                honest(0.0)
            }
        }
    }
}

/// A guess at a choice item: right with the item's guessing floor, else a wrong answer of the
/// right shape. Free text is not guessed: "I don't know".
fn guess(q: &Question, floor: f64, rng: &mut impl Rng) -> Answer {
    match q.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            if rng.random::<f64>() < floor {
                right_answer(q)
            } else {
                wrong(q, rng)
            }
        }
        _ => Answer::Skip,
    }
}

/// A wrong answer to a choice item: another option, or another non-empty set of options.
fn wrong(q: &Question, rng: &mut impl Rng) -> Answer {
    let n = q.options.len();
    match q.kind {
        QuestionKind::SingleChoice => {
            let others: Vec<usize> = (0..n).filter(|i| !q.correct.contains(i)).collect();
            if others.is_empty() {
                return right_answer(q);
            }
            Answer::Choice(others[rng.random_range(0..others.len())])
        }
        QuestionKind::MultipleChoice if (1..=20).contains(&n) => {
            let mut right: Vec<usize> = q.correct.clone();
            right.sort_unstable();
            right.dedup();
            let sets = (1u32 << n) - 1;
            if sets <= 1 {
                return right_answer(q);
            }
            loop {
                let mask = rng.random_range(1..=sets);
                let chosen: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
                if chosen != right {
                    return Answer::Choices(chosen);
                }
            }
        }
        _ => Answer::Skip,
    }
}

/// A blind guess at a knowledge check, right with its guessing floor.
#[cfg(test)]
pub(crate) fn guess_at(q: &Question, rng: &mut impl Rng) -> Answer {
    guess(q, score::item_of(q).c, rng)
}

/// The answer to a knowledge check of a skill at θ.
fn check(
    q: &Question,
    checks: Checks,
    theta: f64,
    habits: &mut ChaCha8Rng,
    answers: &mut ChaCha8Rng,
) -> Answer {
    let item = score::item_of(q);
    match checks {
        Checks::Model => {
            if answers.random::<f64>() < item.p(theta) {
                right_answer(q)
            } else {
                Answer::Skip
            }
        }
        Checks::People { blind } => {
            let knows = answers.random::<f64>() < Item::new(item.a, item.b, 0.0).p(theta);
            let guesses = answers.random::<f64>() < GUESS_SHARE;
            if blind > 0.0 && habits.random::<f64>() < blind {
                guess(q, item.c, habits)
            } else if knows {
                right_answer(q)
            } else if guesses {
                guess(q, item.c, answers)
            } else {
                Answer::Skip
            }
        }
    }
}

/// The respondent at `index` of `population`, for `seed`.
pub(crate) fn respondent(bank: &Bank, population: Population, seed: u64, index: u64) -> Respondent {
    let mut person_rng = stream(seed, index, Stream::Person);
    let mut habits = stream(seed, index, Stream::Habits);
    let mut answers = stream(seed, index, Stream::Answers);
    let person = match population {
        Population::Profiles => profiles(bank, &mut person_rng),
        Population::Independent => independent(bank, &mut person_rng),
        Population::Standard => standard(bank, &mut person_rng),
        _ => leaning_person(bank, &mut person_rng),
    };
    let (ratings, checks) = match population {
        Population::Profiles | Population::Independent | Population::Standard => {
            (Ratings::Noisy { bias: 0.0 }, Checks::Model)
        }
        Population::Honest => (Ratings::Noisy { bias: 0.0 }, Checks::People { blind: 0.0 }),
        Population::Overconfident => (
            Ratings::Noisy {
                bias: habits.random_range(1.0..=2.0),
            },
            Checks::People { blind: 0.0 },
        ),
        Population::Underconfident => (
            Ratings::Noisy {
                bias: -habits.random_range(1.0..=2.0),
            },
            Checks::People { blind: 0.0 },
        ),
        Population::Careless => (
            if habits.random::<f64>() < 0.5 {
                Ratings::Same(habits.random_range(0..=4))
            } else {
                Ratings::Random
            },
            Checks::People {
                blind: CARELESS_BLIND,
            },
        ),
    };
    let sheet = bank
        .questions()
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let skill = q.skill.as_deref().and_then(|s| bank.skill_index(s));
            match (q.kind, skill) {
                (QuestionKind::SelfRating, Some(s)) => {
                    Answer::Choice(rating(ratings, person.theta[s], &mut habits, &mut answers))
                }
                (k, Some(s)) if k.is_knowledge_check() => {
                    check(q, checks, person.theta[s], &mut habits, &mut answers)
                }
                _ => person.choice[qi].map_or(Answer::Skip, |i| {
                    Answer::Choice(i.min(q.options.len().saturating_sub(1)))
                }),
            }
        })
        .collect();
    let bias = match ratings {
        Ratings::Noisy { bias } => Some(bias),
        Ratings::Same(_) | Ratings::Random => None,
    };
    Respondent {
        theta: person.theta,
        sheet,
        bias,
    }
}

/// A persona: its true levels, and the answers its fixture gives ([`super::persona::Persona::answer`];
/// "I don't know" where it gives none).
pub(crate) fn persona(bank: &Bank, p: &super::persona::Persona) -> Respondent {
    Respondent {
        theta: bank
            .skills()
            .iter()
            .map(|s| score::theta_of_level(p.level(&s.id)))
            .collect(),
        sheet: bank
            .questions()
            .iter()
            .map(|q| p.answer(q).unwrap_or(Answer::Skip))
            .collect(),
        bias: None,
    }
}
