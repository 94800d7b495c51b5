//! The review of a result's answers, worded once: each check with the person's answer, the right
//! answer and the bank's explanation, wrong ones first; for the terminal, Markdown and HTML.

use crate::answers::Answer;
use crate::bank::{Bank, Question, QuestionKind};
use crate::render::chart::{self, Layout, paint};
use crate::score::review::{Review, Reviewed, Verdict};
use std::fmt::Write as _;

/// One reviewed check as plain text parts, so every format shows the same words.
struct Entry {
    verdict: Verdict,
    skill: String,
    prompt: String,
    yours: String,
    right: String,
    why: String,
}

fn options(q: &Question, chosen: &[usize]) -> String {
    let texts: Vec<&str> = chosen
        .iter()
        .filter_map(|&i| q.options.get(i).map(|o| o.trim_end_matches('.')))
        .collect();
    if texts.is_empty() {
        "nothing".to_string()
    } else {
        texts.join("; ")
    }
}

/// The person's answer in words. Typed text is quoted back with its control characters escaped.
fn yours(q: &Question, a: &Answer) -> String {
    match a {
        Answer::Skip => "I don't know".to_string(),
        Answer::Choice(i) => options(q, &[*i]),
        Answer::Choices(c) => options(q, c),
        Answer::Text(t) => format!("“{}”", crate::text::escape_controls(t)),
    }
}

/// The right answer in words: the right option(s), or the first accepted answer with a few of
/// the others.
fn right(q: &Question) -> String {
    match q.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => options(q, &q.correct),
        _ => {
            let mut shown: Vec<String> = q
                .accepted
                .iter()
                .take(3)
                .map(|a| format!("“{a}”"))
                .collect();
            if q.accepted.len() > 3 {
                shown.push("…".to_string());
            }
            shown.join(" or ")
        }
    }
}

fn entries(bank: &Bank, review: &Review) -> Vec<Entry> {
    review
        .items
        .iter()
        .map(
            |Reviewed {
                 question,
                 answer,
                 verdict,
             }| {
                let q = &bank.questions()[*question];
                Entry {
                    verdict: *verdict,
                    skill: q
                        .skill
                        .as_deref()
                        .and_then(|s| bank.skill(s))
                        .map_or_else(String::new, |s| s.name.clone()),
                    prompt: q.prompt.clone(),
                    yours: yours(q, answer),
                    right: right(q),
                    why: q.explanation.clone(),
                }
            },
        )
        .collect()
}

fn heading(v: Verdict) -> &'static str {
    match v {
        Verdict::Wrong => "Wrong",
        Verdict::DontKnow => "“I don't know”",
        Verdict::Right => "Right",
    }
}

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Wrong => "✗",
        Verdict::DontKnow => "?",
        Verdict::Right => "✓",
    }
}

/// "14 checks answered: 5 wrong, 3 “I don't know”, 6 right."
fn tally(review: &Review) -> String {
    let (wrong, dont_know, right) = review.counts();
    let mut s = format!(
        "{} answered: {wrong} wrong, {dont_know} “I don't know”, {right} right.",
        crate::text::count(review.items.len(), "check")
    );
    if review.changed > 0 {
        let _ = write!(
            s,
            " {} could not be reviewed: the question is no longer in the bank or has changed since.",
            crate::text::count(review.changed, "answer")
        );
    }
    s
}

/// The review for the terminal, its first line led by `intro` ("Answers of result abc123: ").
pub(crate) fn terminal(bank: &Bank, review: &Review, intro: &str, layout: Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        layout.wrap(&format!("{intro}{}", tally(review)), "", "  ")
    );
    let mut group = None;
    for e in entries(bank, review) {
        if group != Some(e.verdict) {
            group = Some(e.verdict);
            let _ = writeln!(out, "\n{}", paint(chart::HEADING, heading(e.verdict)));
        }
        let style = match e.verdict {
            Verdict::Wrong => chart::GAP,
            Verdict::DontKnow => chart::WARN,
            Verdict::Right => chart::MET,
        };
        let head = format!("{} · {}", e.skill, e.prompt);
        let first = format!("  {} ", paint(style, mark(e.verdict)));
        let wrapped = layout.wrap(&head, "    ", "    ");
        let _ = writeln!(out, "{first}{}", wrapped.trim_start());
        if e.verdict != Verdict::DontKnow {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(&format!("Your answer: {}", e.yours), "      ", "        ")
            );
        }
        if e.verdict != Verdict::Right {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(&format!("Right answer: {}", e.right), "      ", "        ")
            );
        }
        if !e.why.trim().is_empty() {
            let _ = writeln!(
                out,
                "{}",
                layout.wrap(&format!("Why: {}", e.why), "      ", "        ")
            );
        }
    }
    out
}

/// The review as a Markdown section.
pub(crate) fn markdown(bank: &Bank, review: &Review) -> String {
    use crate::render::markdown::text;
    let mut out = format!("## Your answers\n\n{}\n", text(&tally(review)));
    let mut group = None;
    for e in entries(bank, review) {
        if group != Some(e.verdict) {
            group = Some(e.verdict);
            let _ = writeln!(out, "\n### {}\n", text(heading(e.verdict)));
        }
        let _ = writeln!(
            out,
            "- {} **{}** · {}",
            mark(e.verdict),
            text(&e.skill),
            text(&e.prompt)
        );
        if e.verdict != Verdict::DontKnow {
            let _ = writeln!(out, "  - Your answer: {}", text(&e.yours));
        }
        if e.verdict != Verdict::Right {
            let _ = writeln!(out, "  - Right answer: {}", text(&e.right));
        }
        if !e.why.trim().is_empty() {
            let _ = writeln!(out, "  - Why: {}", text(&e.why));
        }
    }
    out
}

/// The review as an HTML section.
pub(crate) fn html(bank: &Bank, review: &Review) -> String {
    use crate::render::html::escape;
    let mut out = format!(
        "<section class=\"review\"><h2>Your answers</h2><p>{}</p>",
        escape(&tally(review))
    );
    let mut group = None;
    for e in entries(bank, review) {
        if group != Some(e.verdict) {
            if group.is_some() {
                out.push_str("</ul>");
            }
            group = Some(e.verdict);
            let _ = write!(
                out,
                "<h3>{}</h3><ul class=\"answers\">",
                escape(heading(e.verdict))
            );
        }
        let class = match e.verdict {
            Verdict::Wrong => "wrong",
            Verdict::DontKnow => "dont-know",
            Verdict::Right => "right",
        };
        let _ = write!(
            out,
            "<li class=\"{class}\"><p><span class=\"mark\">{}</span> <strong>{}</strong> · {}</p>",
            mark(e.verdict),
            escape(&e.skill),
            escape(&e.prompt)
        );
        if e.verdict != Verdict::DontKnow {
            let _ = write!(out, "<p>Your answer: {}</p>", escape(&e.yours));
        }
        if e.verdict != Verdict::Right {
            let _ = write!(out, "<p>Right answer: {}</p>", escape(&e.right));
        }
        if !e.why.trim().is_empty() {
            let _ = write!(out, "<p class=\"why\">Why: {}</p>", escape(&e.why));
        }
        out.push_str("</li>");
    }
    if group.is_some() {
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    out
}
