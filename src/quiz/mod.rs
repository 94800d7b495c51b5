//! The interactive quiz: asks questions through a [`Prompter`], saves the session after every
//! answer, resumes where it stopped, and saves the result at the end. [`replay`] runs the same
//! flow from an answer file.
//!
//! The flow knows nothing of terminals, clap or the command names: it speaks only through the
//! [`Prompter`] (the command line's inquire prompter is the real one; tests script replies) and
//! returns typed outcomes and failures that the command line words.

mod plan;
mod replay;
mod unfinished;

use crate::adaptive::{self, Next, Policy, Tables};
use crate::answers::{Answer, Answers};
use crate::bank::{Bank, BankSource, Question, QuestionKind};
use crate::error::Result;
use crate::score;
pub use crate::store::Mode;
use crate::store::{BankStamp, SavedResult, Session, Store};
use plan::{TYPICAL_QUICK_LENGTH, TYPICAL_QUICK_MINUTES, minutes};
pub use plan::{display_order, full_plan};
pub(crate) use replay::replay;
use unfinished::{Choice, choose_session};

/// One question as the prompter shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The question's id (None for the quiz's own prompts: length, roles, resume).
    pub question: Option<String>,
    /// e.g. `Question 7 of ~24 · Computer vision libraries · OpenCV`; empty for a one-line
    /// question such as `delete`'s confirmation.
    pub header: String,
    pub prompt: String,
    pub help: String,
}

/// What a person did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Answer(T),
    /// Esc: pause and leave.
    Cancelled,
    /// Ctrl-C: save and stop.
    Interrupted,
    /// The prompt could not be shown (no terminal, or it failed).
    Failed(String),
}

/// The few things the quiz needs from whoever answers it.
pub trait Prompter {
    /// Shows a message (welcome, notices, warnings).
    fn say(&mut self, text: &str);
    /// One option out of `options`; returns its index.
    fn select(&mut self, ask: &Ask, options: &[String], start: usize) -> Reply<usize>;
    /// Any number of `options`, checked by `valid` (an error message when the choice is not allowed).
    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>>;
    /// A line of free text.
    fn text(&mut self, ask: &Ask) -> Reply<String>;
    /// Yes or no, `default` when the person just presses Enter. The quiz never asks this; the
    /// command line does before destructive steps (`delete`). A prompter that cannot ask refuses,
    /// so nothing is destroyed by a prompter that was not written to confirm.
    fn confirm(&mut self, ask: &Ask, default: bool) -> Reply<bool> {
        let _ = (ask, default);
        Reply::Failed("this prompter cannot ask for confirmation".to_string())
    }
}

/// Why a quiz could not run or go on. Typed, so the command line can add what to do next in its
/// own words (which command resumes, which flag scores a file); the library names no commands.
#[derive(Debug, thiserror::Error)]
pub enum QuizError {
    /// Asked to resume, and there is no unfinished session.
    #[error("no unfinished quiz to resume")]
    NothingToResume,
    /// Asked to resume a session id that is not an unfinished session.
    #[error("no unfinished quiz {id}")]
    NoSuchSession { id: String, known: Vec<String> },
    /// A prompt could not be shown (no terminal, or it failed). `saved`: the session holds the
    /// answers given so far, so it can be resumed.
    #[error("{reason}")]
    PromptFailed { reason: String, saved: bool },
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl QuizError {
    fn prompt(reason: String) -> Self {
        Self::PromptFailed {
            reason,
            saved: false,
        }
    }
}

/// What to do about an unfinished session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// Offer to resume the latest unfinished session, or start over.
    Ask,
    /// Resume the unfinished session (asking which when there are several).
    Resume,
    /// Resume the unfinished session with this id.
    ResumeId(String),
    /// Start a new session; unfinished ones are kept.
    New,
}

/// How to run a quiz.
#[derive(Debug, Clone)]
pub struct Options {
    pub start: Start,
    /// None: ask.
    pub mode: Option<Mode>,
    /// Role ids to focus on; None: ask; Some(empty): all roles.
    pub focus: Option<Vec<String>>,
    /// Where the bank came from, to record in the session.
    pub bank_source: BankSource,
}

/// How a quiz run ended.
#[derive(Debug)]
pub enum Outcome {
    Finished(Box<SavedResult>),
    /// Paused with everything answered so far saved.
    Paused {
        session: String,
        answered: usize,
        /// About how many questions are left (None: not known, as before the first one).
        left: Option<usize>,
        interrupted: bool,
    },
}

/// Shown instead of an option for "I don't know" (knowledge checks) or "no answer" (others).
const DONT_KNOW: &str = "I don't know";
const NOT_SURE: &str = "I'm not sure";
const PREFER_NOT: &str = "Prefer not to say";

/// How far along a quiz is, for the line above each question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// A full quiz: its plan is known.
    Of(usize),
    /// A quick quiz: about this many left (shown as "nearly done" at the end).
    Left(usize),
    /// A quick quiz at its cap: this is the last question.
    Last,
}

/// The quick form's "about N left": the engine's estimate, never allowed to grow, so that the
/// line converges (it may stand still while the quiz runs past its first estimate).
#[derive(Debug, Default)]
struct LeftCount(Option<usize>);

impl LeftCount {
    fn next(&mut self, estimate: usize) -> usize {
        let left = self.0.map_or(estimate, |shown| estimate.min(shown)).max(1);
        self.0 = Some(left);
        left
    }
}

/// Below this many left, the quick form says it is nearly done rather than counting.
const NEARLY_DONE: usize = 3;

fn header(bank: &Bank, q: &Question, number: usize, progress: Progress) -> String {
    let (area, topic) = match q.skill.as_deref().and_then(|s| bank.skill(s)) {
        Some(s) => (s.category.clone(), s.name.clone()),
        None => (
            match q.kind {
                QuestionKind::Interest => "Interests".to_string(),
                _ => "Background".to_string(),
            },
            q.topic.clone().unwrap_or_default(),
        ),
    };
    let position = match progress {
        Progress::Of(total) => format!("Question {number} of {}", total.max(number)),
        Progress::Left(left) if left < NEARLY_DONE => format!("Question {number} · nearly done"),
        Progress::Left(left) => format!("Question {number} · about {left} left"),
        Progress::Last => format!("Question {number} · the last one"),
    };
    format!("{position} · {area} · {topic}")
}

/// A multiple-choice answer may not be empty, nor mix "I don't know" with options.
fn valid_multi(chosen: &[usize], dont_know: usize) -> Option<String> {
    if chosen.is_empty() {
        Some(format!("Choose at least one option, or “{DONT_KNOW}”."))
    } else if chosen.contains(&dont_know) && chosen.len() > 1 {
        Some(format!(
            "“{DONT_KNOW}” goes alone; unselect it or the other options."
        ))
    } else {
        None
    }
}

/// Whether `order` puts each of `n` options exactly once.
fn is_order_of(order: &[usize], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order
            .iter()
            .all(|&i| i < n && !std::mem::replace(&mut seen[i], true))
}

/// How option `i` of a question is shown: a self-rating with its level number, its short label
/// and the level's one-sentence description beside it; others as written.
fn option_label(bank: &Bank, q: &Question, i: usize) -> String {
    match q.kind {
        QuestionKind::SelfRating => {
            let level = q
                .skill
                .as_deref()
                .and_then(|s| bank.skill(s))
                .and_then(|s| s.levels.get(i))
                .filter(|l| !l.label.trim().is_empty() && l.label == q.options[i]);
            match level {
                Some(l) => format!("{i} · {} — {}", l.label, l.description),
                None => format!("{i} · {}", q.options[i]),
            }
        }
        _ => q.options[i].clone(),
    }
}

/// The choice shown last, for "I don't know" (or "no answer").
fn skip_label(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SelfRating => NOT_SURE,
        QuestionKind::Interest | QuestionKind::Background => PREFER_NOT,
        _ => DONT_KNOW,
    }
}

/// Asks one question; maps the displayed choice back to the bank's option indices.
fn ask_one(
    p: &mut dyn Prompter,
    bank: &Bank,
    q: &Question,
    order: &[usize],
    header: String,
) -> Reply<Answer> {
    let help = match q.kind {
        QuestionKind::SelfRating => "↑↓ to move, Enter to choose, Esc to pause".to_string(),
        QuestionKind::MultipleChoice => {
            "Space to select, Enter to submit, Esc to pause".to_string()
        }
        QuestionKind::ShortText => {
            "Type a short answer, Enter to submit; leave it empty if you don't know. Esc to pause"
                .to_string()
        }
        _ => "↑↓ to move, Enter to choose, Esc to pause".to_string(),
    };
    let ask = Ask {
        question: Some(q.id.clone()),
        header,
        prompt: q.prompt.clone(),
        help,
    };
    // A self-rating's levels are shown in order, whatever the session's shuffle says.
    let mut shown: Vec<String> = match q.kind {
        QuestionKind::SelfRating => (0..q.options.len())
            .map(|i| option_label(bank, q, i))
            .collect(),
        _ => order.iter().map(|&i| option_label(bank, q, i)).collect(),
    };
    let skip_label = skip_label(q.kind);
    match q.kind {
        QuestionKind::ShortText => match p.text(&ask) {
            Reply::Answer(t) if t.trim().is_empty() => Reply::Answer(Answer::Skip),
            Reply::Answer(t) => Reply::Answer(Answer::Text(t.trim().to_string())),
            other => map_reply(other),
        },
        QuestionKind::MultipleChoice => {
            shown.push(skip_label.to_string());
            let dont_know = shown.len() - 1;
            match p.multi_select(&ask, &shown, valid_multi) {
                Reply::Answer(chosen) if chosen.contains(&dont_know) => Reply::Answer(Answer::Skip),
                Reply::Answer(chosen) => {
                    let mut picked: Vec<usize> = chosen
                        .iter()
                        .filter_map(|&d| order.get(d).copied())
                        .collect();
                    picked.sort_unstable();
                    Reply::Answer(Answer::Choices(picked))
                }
                other => map_reply(other),
            }
        }
        _ => {
            shown.push(skip_label.to_string());
            let skip = shown.len() - 1;
            match p.select(&ask, &shown, 0) {
                Reply::Answer(i) if i >= skip => Reply::Answer(Answer::Skip),
                Reply::Answer(i) => Reply::Answer(Answer::Choice(match q.kind {
                    QuestionKind::SelfRating => i,
                    _ => order[i],
                })),
                other => map_reply(other),
            }
        }
    }
}

fn map_reply<T, U>(r: Reply<T>) -> Reply<U> {
    match r {
        Reply::Answer(_) => unreachable!("answers are mapped by the caller"),
        Reply::Cancelled => Reply::Cancelled,
        Reply::Interrupted => Reply::Interrupted,
        Reply::Failed(e) => Reply::Failed(e),
    }
}

/// Brings a resumed session in line with today's bank: questions that are gone are dropped (with
/// a notice), and shuffles of questions whose options changed are redone.
fn reconcile(bank: &Bank, session: &mut Session, p: &mut dyn Prompter) {
    let gone = session.answers.stale(bank, &session.versions);
    for id in &gone {
        session.answers.0.remove(id);
        session.versions.remove(id);
        // A changed question is asked again, with a fresh option order.
        session.shuffles.remove(id);
    }
    let before = session.plan.len();
    session.plan.retain(|id| bank.question(id).is_some());
    let dropped_plan = before - session.plan.len();
    session.shuffles.retain(|id, order| {
        bank.question(id)
            .is_some_and(|q| order.len() == q.options.len())
    });
    if !gone.is_empty() {
        p.say(&format!(
            "Note: the question bank changed since this quiz started; {} to questions that no longer exist or have changed were dropped ({}).",
            crate::text::count(gone.len(), "answer"),
            gone.join(", ")
        ));
    } else if dropped_plan > 0 {
        p.say(&format!(
            "Note: the question bank changed since this quiz started; {} no longer {} and will not be asked.",
            crate::text::count(dropped_plan, "question"),
            if dropped_plan == 1 { "exists" } else { "exist" }
        ));
    }
    session.bank.fingerprint = bank.fingerprint().to_string();
}

/// Runs a quiz to its end or until the person pauses, saving after every answer.
pub fn run(
    bank: &Bank,
    store: &Store,
    p: &mut dyn Prompter,
    opts: Options,
) -> Result<Outcome, QuizError> {
    let (sessions, problems) = store.sessions();
    for problem in problems {
        p.say(&format!("warning: unfinished session {problem}"));
    }
    let unfinished: Vec<(Session, bool)> = sessions
        .into_iter()
        .map(|s| {
            let in_use = store.session_in_use(&s.id);
            (s, in_use)
        })
        .collect();
    let chosen = match choose_session(&unfinished, &opts.start, p)? {
        Choice::Resume(i) => Some(unfinished[i].0.id.clone()),
        Choice::New => None,
        Choice::StartOver(i) => {
            let s = &unfinished[i].0;
            let lock = store.lock_session(&s.id)?;
            store.remove_session(&s.id, lock)?;
            None
        }
        Choice::Leave { interrupted } => {
            return Ok(Outcome::Paused {
                session: String::new(),
                answered: 0,
                left: None,
                interrupted,
            });
        }
    };
    let (mut session, lock) = match chosen {
        Some(id) => {
            let lock = store.lock_session(&id)?;
            // Read again now that it is ours: another window may have answered (or finished) it
            // between the listing and the lock.
            let mut s = store.session(&id)?;
            reconcile(bank, &mut s, p);
            p.say(&format!(
                "Resuming your {} quiz: {}.",
                s.mode.as_str(),
                progress(&s)
            ));
            (s, lock)
        }
        None => match new_session(bank, store, p, &opts)? {
            Ok(pair) => pair,
            Err(paused) => return Ok(paused),
        },
    };
    let adaptive_form = (session.mode == Mode::Quick).then(|| Tables::new(bank));
    let roles = adaptive::role_positions(bank, &session.focus);
    let policy = Policy::default();
    let mut left = LeftCount::default();
    loop {
        let pending = session
            .plan
            .iter()
            .find(|id| session.answers.get(id).is_none())
            .cloned();
        let (qid, planned) = match (pending, &adaptive_form) {
            (Some(id), None) => (id, Progress::Of(session.plan.len())),
            (None, None) => break,
            (pending, Some(tables)) => {
                let tracker = adaptive::replay(bank, tables, &session.answers, &session.plan);
                let id = match pending {
                    Some(id) => id,
                    None => match adaptive::next(&tracker, &roles, &policy) {
                        Next::Ask(qi) => {
                            let id = bank.questions()[qi].id.clone();
                            session.plan.push(id.clone());
                            id
                        }
                        Next::Stop(reason) => {
                            p.say(&crate::render::reasons::stop(reason));
                            break;
                        }
                    },
                };
                let progress = if tracker.count() + 1 >= policy.max_questions {
                    Progress::Last
                } else {
                    Progress::Left(left.next(adaptive::estimated_left(&tracker, &roles, &policy)))
                };
                (id, progress)
            }
        };
        let q = bank.question(&qid).expect("reconciled plan");
        // A saved order that is not an order of this question's options (edited, or from a
        // question that has changed) is drawn again rather than trusted.
        let saved = session
            .shuffles
            .get(&qid)
            .filter(|o| is_order_of(o, q.options.len()));
        let order = match saved {
            Some(o) => o.clone(),
            None => {
                let fresh = display_order(&session.id, q);
                session.shuffles.insert(qid.clone(), fresh.clone());
                fresh
            }
        };
        let number = session.answers.len() + 1;
        let head = header(bank, q, number, planned);
        match ask_one(p, bank, q, &order, head) {
            Reply::Answer(a) => {
                session.versions.insert(qid.clone(), q.version());
                session.answers.insert(qid, a);
                session.updated = jiff::Timestamp::now();
                store
                    .save_session(&session)
                    .map_err(|e| store.answer_not_saved(&session.id, number, e))?;
            }
            other => {
                // The shuffle of this question may be new: keep it, so the resumed order matches.
                store.save_session(&session)?;
                let left = match planned {
                    Progress::Of(total) => total.saturating_sub(session.answers.len()),
                    Progress::Left(left) => left,
                    Progress::Last => 1,
                };
                let paused = paused(&session, matches!(other, Reply::Interrupted), Some(left));
                return match other {
                    Reply::Failed(reason) => Err(QuizError::PromptFailed {
                        reason,
                        saved: true,
                    }),
                    _ => Ok(paused),
                };
            }
        }
    }
    let result = finish(bank, store, session, lock)?;
    Ok(Outcome::Finished(Box::new(result)))
}

/// "12 of 40 answered" for a full quiz; "12 answered so far" for a quick one, which grows as it goes.
fn progress(s: &Session) -> String {
    if s.mode == Mode::Quick {
        format!("{} answered so far", s.answers.len())
    } else {
        format!("{} of {} answered", s.answers.len(), s.plan.len())
    }
}

fn paused(s: &Session, interrupted: bool, left: Option<usize>) -> Outcome {
    Outcome::Paused {
        session: s.id.clone(),
        answered: s.answers.len(),
        left,
        interrupted,
    }
}

/// Welcomes the person, asks for the length and focus, and saves the new session.
/// `Ok(Err(outcome))` when they left before the first question.
fn new_session(
    bank: &Bank,
    store: &Store,
    p: &mut dyn Prompter,
    opts: &Options,
) -> Result<std::result::Result<(Session, crate::store::SessionLock), Outcome>, QuizError> {
    let id = store.new_id();
    let leave = |interrupted: bool| Outcome::Paused {
        session: String::new(),
        answered: 0,
        left: None,
        interrupted,
    };
    let all = full_plan(bank, &[]);
    let policy = Policy::default();
    p.say(&format!(
        "Welcome to skillgap. It estimates your level in the skills that {} need, shows how ready you are for each role, and suggests what to learn next.\n\
         Answer honestly: “I don't know” is a good answer and is never counted as a guess. Your progress is saved after every answer; press Esc to pause at any time.",
        list_names(bank.roles().iter().map(|r| r.name.as_str()).collect())
    ));
    let mode = match opts.mode {
        Some(m) => m,
        None => {
            let ask = Ask {
                question: None,
                header: "Quiz length".to_string(),
                prompt: "How long a quiz would you like?".to_string(),
                help: "↑↓ to move, Enter to choose, Esc to leave".to_string(),
            };
            let options = vec![
                {
                    let most = policy.max_questions.min(all.len());
                    let typical = TYPICAL_QUICK_LENGTH.min(most);
                    let minutes =
                        TYPICAL_QUICK_MINUTES * typical as u64 / TYPICAL_QUICK_LENGTH as u64;
                    format!(
                        "Quick: adaptive, usually about {typical} questions (~{} minutes), at most {most}",
                        minutes.max(1)
                    )
                },
                format!(
                    "Full: all {} questions, ~{} minutes",
                    all.len(),
                    minutes(bank, &all)
                ),
            ];
            match p.select(&ask, &options, 0) {
                Reply::Answer(0) => Mode::Quick,
                Reply::Answer(_) => Mode::Full,
                Reply::Cancelled => return Ok(Err(leave(false))),
                Reply::Interrupted => return Ok(Err(leave(true))),
                Reply::Failed(e) => return Err(QuizError::prompt(e)),
            }
        }
    };
    let focus = match &opts.focus {
        Some(f) => f.clone(),
        None if bank.roles().len() <= 2 => Vec::new(),
        None => {
            let ask = Ask {
                question: None,
                header: "Roles".to_string(),
                prompt: "Which roles are you weighing? (all of them if you are not sure)"
                    .to_string(),
                help: "Space to select, Enter to submit; choose none for all roles. Esc to leave"
                    .to_string(),
            };
            let options: Vec<String> = bank.roles().iter().map(|r| r.name.clone()).collect();
            match p.multi_select(&ask, &options, |_, _| None) {
                Reply::Answer(chosen) => chosen
                    .iter()
                    .filter_map(|&i| bank.roles().get(i).map(|r| r.id.clone()))
                    .collect(),
                Reply::Cancelled => return Ok(Err(leave(false))),
                Reply::Interrupted => return Ok(Err(leave(true))),
                Reply::Failed(e) => return Err(QuizError::prompt(e)),
            }
        }
    };
    let stamp = BankStamp::of(bank, &opts.bank_source);
    let mut session = Session::new(id, mode, focus.clone(), stamp);
    let lock = store.lock_session(&session.id)?;
    match mode {
        // The quick form grows its plan one question at a time.
        Mode::Quick => p.say(&format!(
            "Quick quiz: it asks where your answer matters most and stops once your result is settled (at most {} questions).",
            policy.max_questions
        )),
        // An answer-file result is never asked interactively; treat it as the full form.
        Mode::Full | Mode::Answers => {
            session.plan = full_plan(bank, &focus);
            p.say(&format!(
                "Full quiz: {} questions, about {} minutes.",
                session.plan.len(),
                minutes(bank, &session.plan)
            ));
        }
    }
    store.save_session(&session)?;
    Ok(Ok((session, lock)))
}

fn list_names(names: Vec<&str>) -> String {
    match names.as_slice() {
        [] => "the roles".to_string(),
        [one] => format!("a {one}"),
        [init @ .., last] => format!(
            "{} and {last}s",
            init.iter()
                .map(|n| format!("{n}s"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Scores the session, saves the result under the session's id, and removes the session.
fn finish(
    bank: &Bank,
    store: &Store,
    session: Session,
    lock: crate::store::SessionLock,
) -> Result<SavedResult> {
    let assessment = score::assess_for(bank, &session.answers, &session.focus);
    let mut result = SavedResult::new(
        session.id.clone(),
        session.mode,
        session.bank.clone(),
        session.answers.clone(),
        assessment,
    );
    result.bank.fingerprint = bank.fingerprint().to_string();
    result.versions = session.versions.clone();
    // What is printed as saved must be what is on disk. A result under this id already may be
    // this session's, saved by a run that stopped before removing the session: that one is
    // shown. One with other answers is not overwritten, and these answers get an id of their own.
    let result = match store.find_result(&session.id) {
        Ok(existing) if existing.id == session.id && existing.answers == session.answers => {
            existing
        }
        Ok(_) => {
            result.id = store.new_id();
            store.save_result(&result)?;
            result
        }
        Err(_) => {
            store.save_result(&result)?;
            result
        }
    };
    store.remove_session(&session.id, lock)?;
    Ok(result)
}

/// Scores an answer file as a finished quiz and saves it like one.
pub fn run_answers(
    bank: &Bank,
    store: &Store,
    answers: Answers,
    bank_source: &BankSource,
) -> Result<SavedResult> {
    run_answers_with(bank, store, answers, bank_source, Mode::Answers, None, &[])
}

/// Scores answers and saves them as a new result with the given mode (and original, if rescored).
pub(crate) fn run_answers_with(
    bank: &Bank,
    store: &Store,
    answers: Answers,
    bank_source: &BankSource,
    mode: Mode,
    rescored_from: Option<String>,
    focus: &[String],
) -> Result<SavedResult> {
    let assessment = score::assess_for(bank, &answers, focus);
    let stamp = BankStamp::of(bank, bank_source);
    let versions = answers.versions(bank);
    let mut result = SavedResult::new(store.new_id(), mode, stamp, answers, assessment);
    result.rescored_from = rescored_from;
    result.versions = versions;
    store.save_result(&result)?;
    Ok(result)
}
