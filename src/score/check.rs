//! Whether an answer to a knowledge check is right, and the inverse: a right answer for a question.

use crate::answers::Answer;
use crate::bank::{Question, QuestionKind};

/// Whether a free-text answer matches one of the accepted answers, as a practitioner would judge
/// it: word by word (one typo forgiven in a long word, none in a short one), a few extra words
/// allowed, numbers as exact values ("4/5" is "0.8" is "80%"), code with or without call syntax
/// and module prefixes.
pub fn text_matches(answer: &str, accepted: &[String]) -> bool {
    text_matches_except(answer, accepted, &[], 0.0)
}

/// [`text_matches`], with the bank's rejected answers judged by the same rule (an answer matching
/// a rejected one at least as well as every accepted one is wrong) and numbers allowed to differ
/// by `tolerance`.
pub fn text_matches_except(
    answer: &str,
    accepted: &[String],
    rejected: &[String],
    tolerance: f64,
) -> bool {
    crate::text::is_right(answer, accepted, rejected, tolerance)
}

/// Whether an answer to a knowledge check is right. A skip is never right; a multiple-choice
/// answer is right only when exactly the correct set is chosen.
pub fn is_correct(q: &Question, answer: &Answer) -> bool {
    match (q.kind, answer) {
        (_, Answer::Skip) => false,
        (QuestionKind::SingleChoice, Answer::Choice(i)) => q.correct == [*i],
        (QuestionKind::MultipleChoice, Answer::Choices(chosen)) => {
            let mut a = chosen.clone();
            a.sort_unstable();
            a.dedup();
            let mut c = q.correct.clone();
            c.sort_unstable();
            a == c
        }
        (QuestionKind::ShortText, Answer::Text(t)) => {
            text_matches_except(t, &q.accepted, &q.rejected, q.tolerance.unwrap_or(0.0))
        }
        _ => false,
    }
}

/// The right answer to a knowledge check (for a short-text question, its first accepted answer).
pub fn right_answer(q: &Question) -> Answer {
    match q.kind {
        QuestionKind::SingleChoice => Answer::Choice(q.correct.first().copied().unwrap_or(0)),
        QuestionKind::MultipleChoice => Answer::Choices(q.correct.clone()),
        QuestionKind::ShortText => Answer::Text(q.accepted.first().cloned().unwrap_or_default()),
        _ => Answer::Skip,
    }
}
