//! Text helpers every layer shares: "did you mean" suggestions for mistyped ids, fields and
//! subcommands, the matching of short technical answers, and escaping.

mod answer;
pub(crate) mod json;
mod tokens;

pub(crate) use answer::{cued_by, is_right};

/// Below this Jaro–Winkler similarity a suggestion would be more confusing than helpful.
/// Jaro–Winkler rewards a shared prefix, which suits ids typed in part (`vison` → `vision_engineer`).
const MIN_SIMILARITY: f64 = 0.8;

/// The most similar of `known` to `typed`, if any is similar enough.
pub(crate) fn closest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&typed, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
/// text display in a different order from how it reads.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that do not belong in text shown on a terminal: C0 and C1 controls and DEL
/// (they can move the cursor or rewrite the screen) and bidirectional controls. Line breaks and
/// tabs are allowed only in `multiline` text.
pub(crate) fn is_forbidden(c: char, multiline: bool) -> bool {
    if c == '\n' || c == '\t' {
        return !multiline;
    }
    c.is_control() || is_bidi_control(c)
}

/// `s` with every forbidden character (line breaks and tabs too) written as a `\u{..}` escape,
/// for one-line messages that quote untrusted text back to a terminal.
pub(crate) fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    escape_forbidden(s, false)
}

/// `s` with every character [`is_forbidden`] in it written as a `\u{..}` escape (line breaks and
/// tabs kept when `multiline`), borrowed when there is none.
pub(crate) fn escape_forbidden(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_forbidden(c, multiline)) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if is_forbidden(c, multiline) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// `text` made safe to write to a terminal, as the last step before it is written: every
/// [`is_forbidden`] character (line breaks and tabs kept) becomes a `\u{..}` escape, except the
/// colour sequences skillgap styles its own output with (SGR: `ESC [` digits and `;`, then `m`).
/// Untrusted text is escaped where it enters; this keeps anything missed from acting on the
/// terminal.
pub(crate) fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    /// The length of the SGR sequence at the start of `s`, if one is.
    fn sgr(s: &str) -> Option<usize> {
        let params = s.strip_prefix("\u{1b}[")?;
        let end = params
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .filter(|&i| params[i..].starts_with('m'))?;
        Some(2 + end + 1)
    }
    if !text.chars().any(|c| is_forbidden(c, true)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(n) = sgr(rest)
        {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if is_forbidden(c, true) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.into()
}

/// How every text skillgap shows is wrapped to `width`: only between words, never inside one
/// nor at a hyphen ("2028-11-18", "bias-variance"); a word longer than the line is left whole.
pub(crate) fn wrap_options(width: usize) -> textwrap::Options<'static> {
    textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// "1 error", "4 errors": a count with its noun, in the singular or the regular plural.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A whole number with commas between thousands: "999,995".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Lines indented by `by` spaces, for a list under a heading line.
pub(crate) fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{closest, escape_controls, is_forbidden};

    #[test]
    fn suggests_the_nearest_and_nothing_for_noise() {
        let known = ["pytorch", "tensorflow", "opencv"];
        assert_eq!(closest("pytroch", known), Some("pytorch"));
        assert_eq!(closest("OpenCv", known), Some("opencv"));
        assert_eq!(closest("zzzzzz", known), None);
        assert_eq!(
            closest("vison", ["vision_engineer", "dl_engineer"]),
            Some("vision_engineer")
        );
    }

    #[test]
    fn controls_and_bidi_overrides_are_forbidden_but_not_ordinary_text() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            assert!(is_forbidden(c, true), "{c:?}");
        }
        assert!(is_forbidden('\n', false) && is_forbidden('\t', false));
        for c in ['\n', '\t', 'a', 'é', '→', '\u{200d}'] {
            assert!(!is_forbidden(c, true), "{c:?}");
        }
    }

    #[test]
    fn quoted_text_has_its_controls_escaped() {
        assert_eq!(
            escape_controls("a\u{1b}[2J\u{202e}b\n"),
            "a\\u{1b}[2J\\u{202e}b\\u{a}"
        );
        assert_eq!(escape_controls("plain → text"), "plain → text");
    }

    #[test]
    fn only_colour_sequences_reach_the_terminal() {
        use super::for_terminal;
        assert_eq!(
            for_terminal("\u{1b}[1;32mok\u{1b}[0m\n\t"),
            "\u{1b}[1;32mok\u{1b}[0m\n\t"
        );
        assert_eq!(
            for_terminal("\u{1b}]0;t\u{7}\u{1b}[2J\u{9b}\u{202e}\u{1b}["),
            "\\u{1b}]0;t\\u{7}\\u{1b}[2J\\u{9b}\\u{202e}\\u{1b}["
        );
        assert_eq!(for_terminal("plain"), "plain");
    }

    #[test]
    fn counts_and_indents() {
        assert_eq!(super::count(1, "error"), "1 error");
        assert_eq!(super::count(0, "warning"), "0 warnings");
        assert_eq!(super::count(4, "problem"), "4 problems");
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(999_995), "999,995");
        assert_eq!(super::thousands(12_345_678), "12,345,678");
        assert_eq!(super::indent("a\n\n  b", 2), "  a\n\n    b");
    }
}
