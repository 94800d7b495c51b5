//! Whether an answer to a knowledge check is right, and the inverse: a right answer for a question.

use crate::answers::Answer;
use crate::bank::{Question, QuestionKind};
use crate::text::normalise_text;

/// Free-text answers match an accepted answer when their normalised Damerau–Levenshtein
/// similarity is at least this: one typo is forgiven in answers of 7 or more characters, none in
/// shorter ones ("opencv" vs "opengl" is 0.67).
pub const TEXT_MATCH_THRESHOLD: f64 = 0.85;

/// Whether a free-text answer matches one of the accepted answers. Numbers must be equal (no typo
/// tolerance: 1000.25 is not 1000.26); words may differ by [`TEXT_MATCH_THRESHOLD`].
pub fn text_matches(answer: &str, accepted: &[String]) -> bool {
    text_matches_except(answer, accepted, &[])
}

/// [`text_matches`], except that an answer equal (after normalising) to a rejected one never
/// matches: the bank's guard against wrong answers within one typo of a right one.
pub fn text_matches_except(answer: &str, accepted: &[String], rejected: &[String]) -> bool {
    let a = normalise_text(answer);
    if rejected.iter().any(|r| normalise_text(r) == a) {
        return false;
    }
    !a.is_empty()
        && accepted.iter().any(|acc| {
            let acc = normalise_text(acc);
            match (a.parse::<f64>(), acc.parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y,
                (Err(_), Ok(_)) => false,
                _ => {
                    !acc.is_empty()
                        && strsim::normalized_damerau_levenshtein(&a, &acc) >= TEXT_MATCH_THRESHOLD
                }
            }
        })
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
            text_matches_except(t, &q.accepted, &q.rejected)
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
