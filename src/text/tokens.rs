//! A short technical answer read as a practitioner writes it: words and numbers, with numbers
//! parsed exactly (fractions, percentages, decimal commas, thousands separators, exponents,
//! "28x28"), so "4/5", "0.8" and "80 %" are one value and "27" is never "28".

/// One token of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A word, lower-cased, with apostrophes and a possessive "'s" gone ("otsu's" → "otsu").
    Word(String),
    /// A number; `percent` when it was written as one ("80%", "80 percent"), its value then
    /// being the fraction (0.8); `written` as it was typed, so that a value restated in another
    /// form ("0.8 (80%)") can be told from one said twice ("3 + 3").
    Num {
        value: f64,
        percent: bool,
        written: String,
    },
}

/// The "by" of a size ("28x28", "28 × 28", "28 by 28"): kept as a word of its own, so that a
/// size is never read as one number said twice.
pub(crate) const BY: &str = "×";

/// Words that carry no meaning in a short answer.
const STOP_WORDS: [&str; 3] = ["a", "an", "the"];

/// The tokens of `s`, in order.
pub(crate) fn tokens(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().flat_map(fold).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = c.is_ascii_digit()
            || (c == '.' && next_is_digit(&chars, i))
            || (c == '-'
                && (next_is_digit(&chars, i)
                    || (chars.get(i + 1) == Some(&'.') && next_is_digit(&chars, i + 1)))
                && (i == 0 || !chars[i - 1].is_alphanumeric()));
        if starts_number {
            let (token, end) = number(&chars, i);
            out.push(token);
            i = end;
            // "28x28", "3x3": an `x` glued between two numbers is a size's "by".
            if chars.get(i) == Some(&'x') && next_is_digit(&chars, i) {
                out.push(Token::Word(BY.to_string()));
                i += 1;
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '\''
                    || ((chars[i] == '+' || chars[i] == '#') && i > start))
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            let word = raw.strip_suffix("'s").unwrap_or(&raw).replace('\'', "");
            if !word.is_empty() && !STOP_WORDS.contains(&word.as_str()) {
                out.push(Token::Word(word));
            }
        } else {
            i += 1;
        }
    }
    merge(out)
}

/// Lower-cases and folds typographic variants to what people type on a plain keyboard.
fn fold(c: char) -> impl Iterator<Item = char> {
    let c = match c {
        '×' => 'x',
        '’' | '‘' | '`' | 'ʼ' => '\'',
        '–' | '—' | '−' | '‐' => '-',
        '\u{a0}' | '\u{202f}' => ' ',
        _ => c,
    };
    c.to_lowercase()
}

fn next_is_digit(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_some_and(char::is_ascii_digit)
}

fn digits(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// A number starting at `start`; returns the token and where it ends.
fn number(chars: &[char], start: usize) -> (Token, usize) {
    let (mut value, mut i) = plain(chars, start);
    // A power: 2^10, 10^-3.
    if chars.get(i) == Some(&'^') {
        let (exp, end) = plain(chars, i + 1);
        if end > i + 1 {
            value = value.powf(exp);
            i = end;
        }
    }
    // A fraction: 4/5, 1 / 4.
    let mut j = i;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    if chars.get(j) == Some(&'/') {
        let mut k = j + 1;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        if chars.get(k).is_some_and(char::is_ascii_digit) {
            let (den, end) = plain(chars, k);
            if den != 0.0 {
                value /= den;
                i = end;
            }
        }
    }
    let mut j = i;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    let percent = chars.get(j) == Some(&'%');
    if percent {
        value /= 100.0;
        i = j + 1;
    }
    let written = chars[start..i].iter().collect();
    (
        Token::Num {
            value,
            percent,
            written,
        },
        i,
    )
}

/// A decimal number with an optional sign, thousands separators ("1,000"), a decimal point or
/// comma ("0,5") and an exponent ("1e-3"); no fraction or percent.
fn plain(chars: &[char], start: usize) -> (f64, usize) {
    let mut text = String::new();
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        text.push('-');
        i += 1;
    }
    let int_end = digits(chars, i);
    text.extend(&chars[i..int_end]);
    i = int_end;
    let mut grouped = false;
    // Thousands: a comma followed by exactly three digits, then no further digit.
    while chars.get(i) == Some(&',') && digits(chars, i + 1) == i + 4 && int_end > start {
        text.extend(&chars[i + 1..i + 4]);
        i += 4;
        grouped = true;
    }
    // A decimal comma only after a single digit ("0,5", "3,14"): "28,28" is more likely a pair.
    let decimal_mark = match chars.get(i) {
        Some('.') => true,
        Some(',') => !grouped && int_end - start - usize::from(text.starts_with('-')) == 1,
        _ => false,
    };
    if decimal_mark && next_is_digit(chars, i) {
        let end = digits(chars, i + 1);
        text.push('.');
        text.extend(&chars[i + 1..end]);
        i = end;
    }
    if chars.get(i) == Some(&'e') {
        let sign = matches!(chars.get(i + 1), Some('-' | '+'));
        let from = i + 1 + usize::from(sign);
        let end = digits(chars, from);
        if end > from {
            text.push('e');
            text.extend(&chars[i + 1..end]);
            i = end;
        }
    }
    let text = if text.starts_with('.') || text.starts_with("-.") {
        text.replacen('.', "0.", 1)
    } else {
        text
    };
    (text.parse().unwrap_or(0.0), i)
}

/// Joins "80 percent" / "80 per cent" / "80 pct" into one percentage, and reads an `x` or `by`
/// between two numbers ("28 x 28", "28 by 28") as a size's [`BY`].
fn merge(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let word = |k: usize| match tokens.get(k) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        if let Some(Token::Num {
            value,
            percent: false,
            written,
        }) = out.last().cloned()
        {
            let skip = match (word(i), word(i + 1)) {
                (Some("percent" | "pct"), _) => 1,
                (Some("per"), Some("cent")) => 2,
                _ => 0,
            };
            if skip > 0 {
                *out.last_mut().expect("a number") = Token::Num {
                    value: value / 100.0,
                    percent: true,
                    written: format!("{written}%"),
                };
                i += skip;
                continue;
            }
            if matches!(word(i), Some("x" | "by"))
                && matches!(tokens.get(i + 1), Some(Token::Num { .. }))
            {
                out.push(Token::Word(BY.to_string()));
                i += 1;
                continue;
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Token, tokens};

    fn nums(s: &str) -> Vec<f64> {
        tokens(s)
            .into_iter()
            .filter_map(|t| match t {
                Token::Num { value, .. } => Some(value),
                Token::Word(_) => None,
            })
            .collect()
    }

    fn words(s: &str) -> Vec<String> {
        tokens(s)
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                Token::Num { .. } => None,
            })
            .collect()
    }

    #[test]
    fn numbers_are_read_as_written() {
        assert_eq!(nums("4/5"), [0.8]);
        assert_eq!(nums("1 / 4"), [0.25]);
        assert_eq!(nums("80%"), [0.8]);
        assert_eq!(nums("80 %"), [0.8]);
        assert_eq!(nums("80 percent"), [0.8]);
        assert_eq!(nums("80 per cent"), [0.8]);
        assert_eq!(nums("0.8 (80%)"), [0.8, 0.8]);
        assert_eq!(nums(".8"), [0.8]);
        assert_eq!(nums("0,5"), [0.5]);
        assert_eq!(nums("(28,28)"), [28.0, 28.0]);
        assert_eq!(nums("1,000"), [1000.0]);
        assert_eq!(nums("12,345,678.5"), [12_345_678.5]);
        assert_eq!(nums("1e-3"), [0.001]);
        assert_eq!(nums("2^10"), [1024.0]);
        assert_eq!(nums("-1"), [-1.0]);
        assert_eq!(nums("28x28"), [28.0, 28.0]);
        assert_eq!(nums("28×28"), [28.0, 28.0]);
        assert_eq!(nums("28 x 28"), [28.0, 28.0]);
        assert_eq!(nums("28 by 28 pixels"), [28.0, 28.0]);
        assert_eq!(nums("(3, 224, 224)"), [3.0, 224.0, 224.0]);
        assert_eq!(nums("27 pixels"), [27.0]);
        assert_eq!(nums("6DoF"), [6.0]);
        assert_eq!(nums("1/0"), [1.0, 0.0]);
        assert_eq!(nums("k-means"), Vec::<f64>::new());
    }

    #[test]
    fn words_drop_articles_possessives_and_punctuation() {
        assert_eq!(words("The Otsu's method."), ["otsu", "method"]);
        assert_eq!(words("C++ and C#"), ["c++", "and", "c#"]);
        assert_eq!(words("one-hot"), ["one", "hot"]);
        assert_eq!(words("cv2 / YOLOv8"), ["cv2", "yolov8"]);
        assert_eq!(words("don’t know"), ["dont", "know"]);
        assert_eq!(words("28px"), ["px"]);
    }
}
