//! Which unfinished quiz to continue: every one is listed, those open in another window marked
//! "in use", so that none becomes unreachable; a new quiz keeps them.

use super::{Ask, Prompter, QuizError, Reply, Start, progress};
use crate::store::Session;

/// What to do about the unfinished quizzes.
pub(super) enum Choice {
    Resume(usize),
    New,
    StartOver(usize),
    Leave { interrupted: bool },
}

/// "quick quiz from 2026-12-02 05:30 UTC (12 answered so far; id ab12cd)", and whether another
/// window has it open.
fn describe(s: &Session, in_use: bool) -> String {
    format!(
        "{} quiz from {} ({}; id {}{})",
        s.mode.as_str(),
        crate::render::when(s.started),
        progress(s),
        s.id,
        if in_use {
            "; in use in another window"
        } else {
            ""
        }
    )
}

/// Which unfinished quiz to continue, if any. Every unfinished quiz is listed, those open in
/// another window marked "in use", so that none becomes unreachable; a new quiz keeps them.
pub(super) fn choose_session(
    unfinished: &[(Session, bool)],
    start: &Start,
    p: &mut dyn Prompter,
) -> Result<Choice, QuizError> {
    let free: Vec<usize> = (0..unfinished.len())
        .filter(|&i| !unfinished[i].1)
        .collect();
    let in_use = |i: usize| -> QuizError {
        QuizError::Store(crate::Error::SessionInUse {
            id: unfinished[i].0.id.clone(),
        })
    };
    match start {
        Start::New => return Ok(Choice::New),
        Start::ResumeId(id) => {
            let found = unfinished.iter().position(|(s, _)| s.id == *id);
            return match found {
                Some(i) if unfinished[i].1 => Err(in_use(i)),
                Some(i) => Ok(Choice::Resume(i)),
                None => Err(QuizError::NoSuchSession {
                    id: id.clone(),
                    known: unfinished.iter().map(|(s, _)| s.id.clone()).collect(),
                }),
            };
        }
        Start::Resume if unfinished.is_empty() => return Err(QuizError::NothingToResume),
        Start::Resume if free.is_empty() => return Err(in_use(0)),
        Start::Resume if unfinished.len() == 1 => return Ok(Choice::Resume(free[0])),
        Start::Ask if unfinished.is_empty() => return Ok(Choice::New),
        Start::Resume | Start::Ask => {}
    }
    let mut options: Vec<String> = if unfinished.len() == 1 {
        vec!["Resume where I stopped".to_string()]
    } else {
        unfinished
            .iter()
            .map(|(s, busy)| format!("Resume the {}", describe(s, *busy)))
            .collect()
    };
    let resume_only = matches!(start, Start::Resume);
    if !resume_only {
        options.push(if unfinished.len() == 1 {
            "Start a new quiz (keep the unfinished one)".to_string()
        } else {
            "Start a new quiz (keep the unfinished ones)".to_string()
        });
        if free.len() == 1 && unfinished.len() == 1 {
            options.push("Start over (discard the unfinished quiz)".to_string());
        }
    }
    let prompt = if unfinished.len() == 1 {
        let (s, _) = &unfinished[0];
        format!(
            "You have an unfinished {} quiz from {} ({}). Resume it?",
            s.mode.as_str(),
            crate::render::when(s.started),
            progress(s)
        )
    } else {
        format!(
            "You have {} unfinished quizzes. Which one?",
            unfinished.len()
        )
    };
    let ask = Ask {
        question: None,
        header: "Unfinished quiz".to_string(),
        prompt,
        help: "Enter to choose, Esc to leave".to_string(),
    };
    let first_free = free.first().copied().unwrap_or(unfinished.len());
    match p.select(&ask, &options, first_free) {
        Reply::Answer(i) if i < unfinished.len() && unfinished[i].1 => Err(in_use(i)),
        Reply::Answer(i) if i < unfinished.len() => Ok(Choice::Resume(i)),
        Reply::Answer(i) if i == unfinished.len() => Ok(Choice::New),
        Reply::Answer(_) => Ok(Choice::StartOver(free[0])),
        Reply::Cancelled => Ok(Choice::Leave { interrupted: false }),
        Reply::Interrupted => Ok(Choice::Leave { interrupted: true }),
        Reply::Failed(e) => Err(QuizError::prompt(e)),
    }
}
