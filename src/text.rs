//! Text helpers every layer shares: "did you mean" suggestions for mistyped ids, fields and
//! subcommands, and the normalising of short technical answers.

/// Below this Jaro–Winkler similarity a suggestion would be more confusing than helpful.
/// Jaro–Winkler rewards a shared prefix, which suits ids typed in part (`vison` → `vision_engineer`).
const MIN_SIMILARITY: f64 = 0.8;

/// The most similar of `known` to `typed`, if any is similar enough.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&typed, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// Lower-cases and keeps only what carries meaning in a short technical answer: letters, digits,
/// `+` and `#` (C++, C#), and a `.` before a digit (0.5; a leading `.8` becomes `0.8`). Spaces and
/// other punctuation go.
pub fn normalise_text(s: &str) -> String {
    let chars: Vec<char> = s.trim().to_lowercase().chars().collect();
    let mut out = String::with_capacity(chars.len() + 1);
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
            if !out.chars().last().is_some_and(|p: char| p.is_ascii_digit()) {
                out.push('0');
            }
            out.push('.');
        } else if c.is_alphanumeric() || c == '+' || c == '#' {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::closest;

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
}
