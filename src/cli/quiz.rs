//! Taking the quiz: `quiz` (interactive, from an answer file, or a quick or full form replayed
//! from one), `resume`, and `score` (an answer file scored without saving). Here the quiz's typed
//! outcomes get their words and their hints.

use super::common::{
    Detail, find_role, load_bank, open_store, print_result, read_answers, write_out,
};
use super::{Config, Console};
use crate::bank::Bank;
use crate::error::{Error, Result};
use crate::quiz::{self, Mode, Outcome, QuizError, Start};
use crate::render::chart::Layout;
use crate::render::terminal as report;
use crate::score;
use crate::store::Store;
use std::io::Write;
use std::path::Path;

/// What `quiz` was asked for, clap left behind.
#[derive(Debug)]
pub(crate) struct QuizArgs {
    pub(crate) mode: Option<Mode>,
    pub(crate) roles: Vec<String>,
    pub(crate) new: bool,
    pub(crate) answers: Option<std::path::PathBuf>,
    pub(crate) json: bool,
}

pub(crate) fn quiz(
    cfg: &Config,
    console: &mut Console<'_>,
    args: QuizArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    let store = open_store(cfg.data_dir.as_deref())?;
    for id in &args.roles {
        find_role(&bank, id)?;
    }
    if let Some(path) = &args.answers {
        let answers = read_answers(path, &bank)?;
        return match args.mode {
            // Every answer in the file, as it is.
            None => {
                let result = quiz::run_answers_with(
                    &bank,
                    &store,
                    answers,
                    &cfg.bank,
                    Mode::Answers,
                    None,
                    &args.roles,
                )?;
                print_result(&result, &store, args.json, true, Detail::Full, out)
            }
            // The form replayed: only the questions it asks, answered from the file.
            Some(mode) => {
                let outcome =
                    quiz::replay(&bank, &store, &answers, mode, args.roles, cfg.bank.clone())
                        .map_err(worded)?;
                ended(outcome, &store, args.json, Detail::Full, out)
            }
        };
    }
    let start = if args.new { Start::New } else { Start::Ask };
    let focus = (!args.roles.is_empty()).then_some(args.roles);
    interactive(cfg, console, &bank, &store, start, args.mode, focus, out)
}

pub(crate) fn resume(
    cfg: &Config,
    console: &mut Console<'_>,
    id: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    let store = open_store(cfg.data_dir.as_deref())?;
    let start = id.map_or(Start::Resume, |id| Start::ResumeId(id.to_string()));
    interactive(cfg, console, &bank, &store, start, None, None, out)
}

/// Scores an answer file and prints the result; nothing is saved.
pub(crate) fn score(cfg: &Config, answers: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    let answers = read_answers(answers, &bank)?;
    let result = score::assess(&bank, &answers);
    if json {
        write_out(out, &super::common::to_json(&result))
    } else {
        let layout = Layout::detect();
        let text = format!(
            "{}\n{}",
            report::summary(&result, None, layout),
            report::assessment(&result, layout)
        );
        write_out(out, &text)
    }
}

#[allow(clippy::too_many_arguments)]
fn interactive(
    cfg: &Config,
    console: &mut Console<'_>,
    bank: &Bank,
    store: &Store,
    start: Start,
    mode: Option<Mode>,
    focus: Option<Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    if !console.interactive {
        return Err(Error::NoTerminal(
            "the quiz needs an interactive terminal, and standard input is not one.\n\
             To score answers from a file instead, run `skillgap quiz --answers FILE` (the format is in the README and `skillgap score --help`)."
                .to_string(),
        ));
    }
    let opts = quiz::Options {
        start,
        mode,
        focus,
        bank_source: cfg.bank.clone(),
    };
    let outcome = quiz::run(bank, store, &mut *console.prompter, opts).map_err(worded)?;
    let finished = match &outcome {
        Outcome::Finished(result) => Some((**result).clone()),
        Outcome::Paused { .. } => None,
    };
    ended(outcome, store, false, Detail::Summary, out)?;
    if let Some(result) = finished {
        offer_review(console, bank, &result, out)?;
        offer_schedule(console, &result, out)?;
    }
    Ok(())
}

/// At the end of a quiz: the learning path as a dated plan, if the person says how many hours a
/// week they can give (nothing, or Esc, skips it).
fn offer_schedule(
    console: &mut Console<'_>,
    result: &crate::store::SavedResult,
    out: &mut dyn Write,
) -> Result<()> {
    if result.assessment.path.is_empty() {
        return Ok(());
    }
    let ask = quiz::Ask {
        question: None,
        header: "Plan".to_string(),
        prompt: "How many hours a week can you give to learning? (1–80; empty to skip)".to_string(),
        help: format!(
            "Enter to confirm; later, `skillgap path {} --hours-per-week N` makes the plan",
            result.id
        ),
    };
    let quiz::Reply::Answer(typed) = console.prompter.text(&ask) else {
        return Ok(());
    };
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(());
    }
    match typed.parse::<u32>() {
        Ok(h) if (1..=80).contains(&h) => {
            let layout = Layout::detect();
            let schedule = super::results::schedule_of(result, h);
            write_out(out, &format!("\n{}", report::schedule(&schedule, layout)))
        }
        _ => write_out(
            out,
            &format!(
                "\n“{}” is not a number of hours from 1 to 80; `skillgap path {} --hours-per-week N` makes the plan later.\n",
                crate::text::escape_controls(typed),
                result.id
            ),
        ),
    }
}

/// At the end of a quiz: the review of the answers, if the person wants it now.
fn offer_review(
    console: &mut Console<'_>,
    bank: &Bank,
    result: &crate::store::SavedResult,
    out: &mut dyn Write,
) -> Result<()> {
    let review = crate::score::review::review(bank, &result.answers, &result.versions);
    if review.items.is_empty() {
        return Ok(());
    }
    let ask = quiz::Ask {
        question: None,
        header: "Review".to_string(),
        prompt: "See your answers to the checks, with the right ones and why?".to_string(),
        help: format!(
            "Enter to choose; later, `skillgap review {}` shows them",
            result.id
        ),
    };
    let options = ["Yes, show them".to_string(), "Not now".to_string()];
    match console.prompter.select(&ask, &options, 0) {
        quiz::Reply::Answer(0) => write_out(
            out,
            &format!(
                "\n{}",
                crate::render::review::terminal(bank, &review, "", Layout::detect())
            ),
        ),
        _ => Ok(()),
    }
}

/// Prints how a quiz ended: the saved result (as JSON with `json`; at a terminal, the summary,
/// for a replayed answer file, in full), or where it paused.
fn ended(
    outcome: Outcome,
    store: &Store,
    json: bool,
    detail: Detail,
    out: &mut dyn Write,
) -> Result<()> {
    match outcome {
        Outcome::Finished(result) => print_result(&result, store, json, true, detail, out),
        Outcome::Paused {
            session,
            answered,
            left,
            interrupted,
        } => {
            let msg = if session.is_empty() {
                "Left before the first question; nothing was saved.".to_string()
            } else {
                let left = left.map_or(String::new(), |n| {
                    format!(" (about {} left)", crate::text::count(n, "question"))
                });
                format!(
                    "Paused: {} saved{left}. Resume with `skillgap resume`.",
                    crate::text::count(answered, "answer")
                )
            };
            if interrupted {
                Err(Error::Interrupted(msg))
            } else {
                write_out(out, &format!("{msg}\n"))
            }
        }
    }
}

/// The quiz's failures in the command line's words, with the command that helps.
fn worded(e: QuizError) -> Error {
    match e {
        QuizError::NothingToResume => {
            Error::Usage("no unfinished quiz to resume; start one with `skillgap quiz`".to_string())
        }
        QuizError::NoSuchSession { id, known } => {
            let id = crate::text::escape_controls(&id);
            Error::Usage(if known.is_empty() {
                format!("no unfinished quiz {id}; there are none (start one with `skillgap quiz`)")
            } else {
                format!(
                    "no unfinished quiz {id}; the unfinished ones are {}",
                    known.join(", ")
                )
            })
        }
        QuizError::PromptFailed {
            reason,
            saved: true,
        } => Error::NoTerminal(format!(
            "{reason}\nYour answers so far are saved; resume with `skillgap resume`."
        )),
        QuizError::PromptFailed {
            reason,
            saved: false,
        } => Error::NoTerminal(reason),
        QuizError::Store(e) => e,
    }
}
