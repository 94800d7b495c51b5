//! Whether a typed answer says what an accepted answer says. Built to be trusted by a
//! practitioner: words are compared one by one (one typo forgiven in a longer word, none in a
//! short one or one with digits), extra words are allowed within reason ("Canny algorithm"),
//! numbers are compared as values and never fuzzily, code is compared by its dotted path with or
//! without call syntax, and rejected answers follow the very same rule.

use super::tokens::{Token, tokens};

/// Words an answer may add to an accepted one ("the Otsu method for thresholding").
const MAX_EXTRA_WORDS: usize = 4;

/// Words that turn an answer into its opposite.
const NEGATIONS: [&str; 8] = [
    "not", "no", "never", "isnt", "arent", "doesnt", "dont", "without",
];

/// Separators of alternatives: an answer hedged with them is right only when every alternative
/// is ("Canny or Sobel").
const HEDGES: [&str; 6] = [" or ", " and/or ", " vs ", " versus ", ";", "/"];

/// How well an answer matches one key: the key's tokens it matched, and of those how many
/// exactly. A rejected key beats an accepted one unless the accepted matches strictly better.
type Score = (usize, usize);

/// Whether `answer` is right: it matches an accepted answer strictly better than any rejected
/// one, and, when it lists alternatives, every one of them is right. Numbers may differ from an
/// accepted number by `tolerance` (absolute).
pub(crate) fn is_right(
    answer: &str,
    accepted: &[String],
    rejected: &[String],
    tolerance: f64,
) -> bool {
    let keys = || accepted.iter().chain(rejected);
    let parts = alternatives(answer, |sep| keys().any(|k| contains_separator(k, sep)));
    if parts.is_empty() {
        return false;
    }
    parts.iter().all(|part| {
        let best = |keys: &[String]| keys.iter().filter_map(|k| score(part, k, tolerance)).max();
        match (best(accepted), best(rejected)) {
            (Some(a), Some(r)) => a > r,
            (Some(_), None) => true,
            _ => false,
        }
    })
}

/// Whether `key`, or a strong cue to it (the same word stem), appears in `prompt`: an accepted
/// answer given away by its question. Numbers are left alone, as a prompt states numbers to work
/// with.
pub(crate) fn cued_by(prompt: &str, key: &str) -> bool {
    let mut prompt_words: Vec<String> = words(&tokens(prompt));
    prompt_words.extend(
        identifier_chains(prompt)
            .into_iter()
            .flat_map(|c| c.segments),
    );
    let key_words: Vec<String> = match code_path(key) {
        Some(path) => path.last().into_iter().cloned().collect(),
        None => words(&tokens(key)),
    };
    let key_words: Vec<&String> = key_words
        .iter()
        .filter(|w| w.chars().count() >= 3)
        .collect();
    !key_words.is_empty()
        && key_words
            .iter()
            .all(|k| prompt_words.iter().any(|p| same_stem(p, k)))
}

/// Two words with one stem: equal, or sharing a prefix of all but the key's last two letters
/// and at least four ("creates" for "create", "training" for "train").
fn same_stem(word: &str, key: &str) -> bool {
    let n = key.chars().count();
    let stem = n.saturating_sub(2).max(4).min(n);
    word == key || (n >= 4 && word.chars().take(stem).eq(key.chars().take(stem)))
}

/// The parts of an answer between hedging separators, leaving alone the separators `keep` says
/// a key itself contains ("I/O"), and a slash between digits (a fraction).
fn alternatives(answer: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut parts = vec![format!(" {} ", answer.to_lowercase())];
    for sep in HEDGES {
        if keep(sep) {
            continue;
        }
        parts = parts
            .iter()
            .flat_map(|p| split_outside_numbers(p, sep))
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !tokens(p).is_empty())
        .collect()
}

fn contains_separator(key: &str, sep: &str) -> bool {
    let key = format!(" {} ", key.to_lowercase());
    split_outside_numbers(&key, sep).len() > 1
}

/// `s` split at `sep`, except a `/` with a digit on both sides.
fn split_outside_numbers(s: &str, sep: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in s.match_indices(sep) {
        if sep == "/" {
            let before = s[..at].trim_end().chars().last();
            let after = s[at + 1..].trim_start().chars().next();
            if before.is_some_and(|c| c.is_ascii_digit())
                && after.is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
        }
        parts.push(s[start..at].to_string());
        start = at + sep.len();
    }
    parts.push(s[start..].to_string());
    parts
}

/// How well one alternative matches one key, if it does.
fn score(answer: &str, key: &str, tolerance: f64) -> Option<Score> {
    if let Some(path) = code_path(key) {
        return code_score(answer, &path).or_else(|| {
            // A code key typed as words ("clip by global norm"): every part, exactly.
            let last = path.last()?;
            let parts: Vec<&str> = last.split('_').filter(|p| !p.is_empty()).collect();
            let typed = words(&tokens(answer));
            (typed == parts).then_some((parts.len(), parts.len()))
        });
    }
    // A worked answer ("784*128 + 128 = 100480", "b = 0") is judged by the number it concludes
    // with; one with several results ("precision = 0.4, recall = 0.8") by all of them, and an
    // option's value (`--force-with-lease=feature`) is left alone.
    let answer = match answer.split_once('=') {
        Some((_, result))
            if !key.contains('=')
                && !result.contains('=')
                && !numbers(&tokens(result)).is_empty() =>
        {
            result
        }
        _ => answer,
    };
    let (a, k) = (tokens(answer), tokens(key));
    token_score(&a, &k, tolerance).or_else(|| squashed_score(&a, &k))
}

/// Words and numbers: the key's numbers equal the answer's, in order; the key's words appear in
/// the answer in order (optional when the key starts with a number, as units are: "28 pixels");
/// the answer adds at most a few words, none of them a negation.
fn token_score(answer: &[Token], key: &[Token], tolerance: f64) -> Option<Score> {
    let (a_nums, k_nums) = (numbers(answer), numbers(key));
    if a_nums.len() != k_nums.len()
        || !a_nums
            .iter()
            .zip(&k_nums)
            .all(|(&a, &k)| same_number(a, k, tolerance))
    {
        return None;
    }
    let units_optional = matches!(key.first(), Some(Token::Num { .. }));
    let (a_words, k_words) = (words(answer), words(key));
    if k_words.is_empty() && k_nums.is_empty() {
        return None;
    }
    let mut used = vec![false; a_words.len()];
    let (mut matched, mut exact, mut from) = (0, 0, 0);
    for k in &k_words {
        let found = (from..a_words.len())
            .find(|&i| a_words[i] == *k)
            .map(|i| (i, true))
            .or_else(|| {
                (from..a_words.len())
                    .find(|&i| close(&a_words[i], k))
                    .map(|i| (i, false))
            });
        match found {
            Some((i, is_exact)) => {
                used[i] = true;
                from = i + 1;
                matched += 1;
                exact += usize::from(is_exact);
            }
            None if units_optional => {}
            None => return None,
        }
    }
    let extra: Vec<&String> = a_words
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| w)
        .collect();
    if extra.len() > MAX_EXTRA_WORDS || extra.iter().any(|w| NEGATIONS.contains(&w.as_str())) {
        return None;
    }
    Some((matched + k_nums.len(), exact + k_nums.len()))
}

/// The whole answer and key without spaces or hyphens ("kmeans" for "k-means", "tfidf"), for
/// words people write joined or split; exactly (a typo across joined words is too loose a
/// match: "oneshot" is one edit from "onehot"), never when either has a number.
fn squashed_score(answer: &[Token], key: &[Token]) -> Option<Score> {
    if !numbers(answer).is_empty() || !numbers(key).is_empty() {
        return None;
    }
    let (a, k) = (words(answer).concat(), words(key).concat());
    let n = words(key).len();
    (!k.is_empty() && a == k).then_some((n, n))
}

/// A word within typing distance of a key word: none for short words or words with digits
/// ("l1" is not "l2"), one edit up to 11 letters, two beyond.
fn close(word: &str, key: &str) -> bool {
    let n = key.chars().count();
    let allowed = if n <= 4 || key.chars().any(|c| c.is_ascii_digit()) {
        0
    } else if n <= 11 {
        1
    } else {
        2
    };
    allowed > 0 && strsim::damerau_levenshtein(word, key) <= allowed
}

/// The numbers of an answer, a value restated at once in another form counted once ("0.8
/// (80%)", "4/5 = 0.8"), but a number said twice counted twice ("3 + 3") and a size's sides each
/// ("28x28" is two numbers, never the same as "28").
fn numbers(tokens: &[Token]) -> Vec<(f64, bool)> {
    let mut out: Vec<(f64, bool)> = Vec::new();
    let mut last_written: Option<&str> = None;
    let mut after_by = false;
    for t in tokens {
        match t {
            Token::Num {
                value,
                percent,
                written,
            } => {
                let restated = !after_by
                    && last_written.is_some_and(|w| w != written)
                    && out
                        .last()
                        .is_some_and(|&(v, _)| same_number((v, false), (*value, false), 0.0));
                if !restated {
                    out.push((*value, *percent));
                }
                last_written = Some(written);
                after_by = false;
            }
            Token::Word(w) => after_by = w == super::tokens::BY,
        }
    }
    out
}

/// Two numbers equal within `tolerance` (and a rounding error). A key written as a percentage
/// also takes the bare number ("80" for "80%").
fn same_number((a, a_percent): (f64, bool), (k, k_percent): (f64, bool), tolerance: f64) -> bool {
    let equal = |a: f64, k: f64| (a - k).abs() <= tolerance + 1e-9 * k.abs().max(1e-300);
    equal(a, k) || (k_percent && !a_percent && equal(a / 100.0, k))
}

fn words(tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.clone()),
            Token::Num { .. } => None,
        })
        .collect()
}

/// The dotted path of a key that is code (`torch.no_grad`, `clip_grad_norm_()`, `@tf.function`,
/// `with torch.no_grad():`): what it names, lower-cased, without call syntax.
fn code_path(key: &str) -> Option<Vec<String>> {
    let chains = identifier_chains(key);
    chains.into_iter().find(|c| c.code_like).map(|c| c.segments)
}

/// A run like `torch.nn.utils.clip_grad_norm_` in a text, and whether it reads as code (dotted,
/// with an underscore, called, or a decorator) rather than as a word.
struct Chain {
    segments: Vec<String>,
    code_like: bool,
    /// Where it starts and ends in the lower-cased text (the end after any call's parentheses).
    span: (usize, usize),
}

fn identifier_chains(s: &str) -> Vec<Chain> {
    let chars: Vec<char> = s.to_lowercase().chars().collect();
    let ident_start = |c: char| c.is_alphabetic() || c == '_';
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !ident_start(chars[i]) || (i > 0 && (ident(chars[i - 1]) || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let decorated = i > 0 && chars[i - 1] == '@';
        let mut segments = Vec::new();
        loop {
            let s0 = i;
            while i < chars.len() && ident(chars[i]) {
                i += 1;
            }
            segments.push(chars[s0..i].iter().collect::<String>());
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|&c| ident_start(c)) {
                i += 1;
            } else {
                break;
            }
        }
        let called = chars.get(i) == Some(&'(');
        if called {
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        }
        let code_like =
            decorated || called || segments.len() > 1 || segments.iter().any(|s| s.contains('_'));
        out.push(Chain {
            segments,
            code_like,
            span: (start, i),
        });
    }
    out
}

/// An answer naming the key's code: one of its runs is the key's path or a suffix of it (module
/// prefixes dropped), or the key's a suffix of it; the rest is a few words at most.
fn code_score(answer: &str, key: &[String]) -> Option<Score> {
    let chains = identifier_chains(answer);
    let suffix = |long: &[String], short: &[String]| long.ends_with(short) && !short.is_empty();
    let hit = chains
        .iter()
        .find(|c| suffix(key, &c.segments) || suffix(&c.segments, key))?;
    let lower: String = answer.to_lowercase();
    let rest: String = lower
        .chars()
        .enumerate()
        .filter(|(i, _)| !(hit.span.0..hit.span.1).contains(i))
        .map(|(_, c)| c)
        .collect();
    // What is in parentheses is arguments or a window's spec (`dense_rank() over (order by
    // score desc)`), not words of the answer.
    let extra = words(&tokens(&without_parentheses(&rest)));
    if extra.len() > MAX_EXTRA_WORDS || extra.iter().any(|w| NEGATIONS.contains(&w.as_str())) {
        return None;
    }
    let n = hit.segments.len().min(key.len());
    Some((n, n))
}

/// `s` without anything in (balanced or unclosed) parentheses.
fn without_parentheses(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{cued_by, is_right};

    fn right(answer: &str, accepted: &[&str], rejected: &[&str]) -> bool {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        is_right(answer, &s(accepted), &s(rejected), 0.0)
    }

    #[test]
    fn extra_words_possessives_and_typos() {
        assert!(right("Canny algorithm", &["Canny"], &[]));
        assert!(right("Otsu's", &["Otsu"], &[]));
        assert!(right("otsu threshold", &["Otsu"], &[]));
        assert!(right("Hamming norm", &["Hamming distance", "Hamming"], &[]));
        assert!(right("hyperparamter", &["hyperparameter"], &[]));
        assert!(right("kmeans", &["k-means"], &[]));
        assert!(!right("Sobel", &["Canny"], &[]));
        assert!(!right("not canny", &["Canny"], &[]));
        assert!(!right("canny or sobel", &["Canny"], &[]));
        assert!(right("canny / canny edge detector", &["Canny"], &[]));
        assert!(!right("", &["Canny"], &[]));
        assert!(!right("!!!", &["Canny"], &[]));
        assert!(!right("OpenGL", &["OpenCV"], &[]));
        assert!(!right("L1", &["L2"], &[]));
    }

    #[test]
    fn rejected_follows_the_same_rule_and_the_better_match_wins() {
        let (acc, rej) = (["mode collapse"], ["model collapse"]);
        assert!(right("mode collapse", &acc, &rej));
        assert!(right("Mode collapse.", &acc, &rej));
        assert!(!right("model collapse", &acc, &rej));
        assert!(!right("model collapses", &acc, &rej));
        assert!(!right("a model collapse", &acc, &rej));
        assert!(!right("one-shot", &["one-hot"], &[]));
        assert!(!right("Algorithm S", &["Algorithm R"], &[]));
        assert!(!right("Canny and Sobel", &["Canny"], &["Sobel"]));
    }

    #[test]
    fn numbers_are_values_never_fuzzy() {
        assert!(right("28 pixels", &["28"], &[]));
        assert!(!right("27 pixels", &["28"], &[]));
        assert!(right("6 DoF", &["6"], &[]));
        assert!(right("4/5", &["0.8"], &[]));
        assert!(right("0.8 (80%)", &["0.8"], &[]));
        assert!(right("80 %", &["0.8"], &[]));
        assert!(!right("40 percent", &["0.8", "80%"], &[]));
        assert!(right("80", &["80%"], &[]));
        assert!(!right("80", &["0.8"], &[]));
        assert!(right("1/4", &["0.25"], &[]));
        assert!(right("28×28", &["28x28"], &[]));
        assert!(!right("28x28", &["28"], &[]));
        assert!(!right("28", &["28x28"], &[]));
        assert!(right("28 by 28", &["28x28"], &[]));
        assert!(right("3 + 3", &["3 + 3"], &["3"]));
        assert!(right("4/5 = 0.8", &["0.8"], &[]));
        assert!(right("784*128 + 128 = 100480", &["100480"], &[]));
        assert!(!right("784*128 + 128 = 100352", &["100480"], &[]));
        assert!(right("b = 0", &["0"], &["5"]));
        assert!(!right("precision = 0.4, recall = 0.8", &["0.8"], &[]));
        assert!(!right("2828", &["28x28"], &[]));
        assert!(right("1,000", &["1000"], &[]));
        assert!(right("0,5", &["0.5"], &[]));
        assert!(!right("1000.26", &["1000.25"], &[]));
        assert!(!right("ResNet", &["ResNet-50"], &[]));
        assert!(!right("VGG 50", &["ResNet-50"], &[]));
        assert!(right("resnet50", &["ResNet-50", "resnet50"], &[]));
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_right("0.333", &s(&["1/3"]), &[], 0.001));
        assert!(!is_right("0.3", &s(&["1/3"]), &[], 0.001));
    }

    #[test]
    fn code_with_or_without_call_syntax_and_module_prefixes() {
        let key = ["torch.no_grad"];
        for typed in [
            "torch.no_grad",
            "torch.no_grad()",
            "with torch.no_grad():",
            "no_grad()",
            "no_grad",
            "@torch.no_grad()",
            "use the torch.no_grad() context manager",
        ] {
            assert!(right(typed, &key, &[]), "{typed}");
        }
        for typed in [
            "torch.enable_grad()",
            "model.eval()",
            "not torch.no_grad",
            "grad",
        ] {
            assert!(!right(typed, &key, &[]), "{typed}");
        }
        let clip = ["torch.nn.utils.clip_grad_norm_", "tf.clip_by_global_norm"];
        assert!(right(
            "clip_grad_norm_(model.parameters(), 1.0)",
            &clip,
            &[]
        ));
        assert!(right("nn.utils.clip_grad_norm_", &clip, &[]));
        assert!(right("tf.clip_by_global_norm(grads, 5.0)", &clip, &[]));
        assert!(right("clip by global norm", &clip, &[]));
        assert!(!right("tf.clip_by_norm", &clip, &[]));
        assert!(right(
            "dense_rank() over (order by score desc)",
            &["DENSE_RANK()"],
            &[]
        ));
    }

    #[test]
    fn cues_in_prompts() {
        assert!(cued_by(
            "Which subcommand creates a new environment?",
            "create"
        ));
        assert!(cued_by("Call torch.no_grad to …", "torch.no_grad"));
        assert!(!cued_by(
            "Which conda subcommand makes a new environment?",
            "create"
        ));
        assert!(!cued_by("A 28x28 image …", "26"));
    }
}
