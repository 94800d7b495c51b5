//! Reading bank files and checking them, reporting every problem with its file and place.

use super::{Bank, LEVELS, Question, QuestionKind, Role, Skill, Tip};
use include_dir::{Dir, include_dir};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

static BUILTIN_QUESTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questions");
static BUILTIN_PROFILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/profiles");

/// Where a bank comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankSource {
    /// The bank shipped inside the binary.
    Builtin,
    /// A directory holding `questions/` and `profiles/` in the shipped layout.
    Dir(PathBuf),
}

impl fmt::Display for BankSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Builtin => write!(f, "the built-in bank"),
            Self::Dir(dir) => write!(f, "{}", dir.display()),
        }
    }
}

/// How bad a problem is: errors stop the bank from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a bank, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the user would find it.
    pub file: String,
    /// "line L, column C", or a JSON path with the item's id.
    pub place: String,
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{tag}: {}", self.file)?;
        if !self.place.is_empty() {
            write!(f, ": {}", self.place)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Questions per skill, by kind and difficulty band.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SkillCoverage {
    pub skill: String,
    pub self_ratings: usize,
    pub easy: usize,
    pub medium: usize,
    pub hard: usize,
}

/// How many skills a role requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RoleCoverage {
    pub role: String,
    pub skills: usize,
}

/// What a bank holds, for `validate`'s summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub skills: Vec<SkillCoverage>,
    /// How many skills each role requires.
    pub roles: Vec<RoleCoverage>,
    pub questions_by_kind: BTreeMap<String, usize>,
}

/// Knowledge checks easier than this difficulty count as easy.
pub const EASY_BELOW: f64 = -0.5;
/// Knowledge checks harder than this difficulty count as hard.
pub const HARD_ABOVE: f64 = 0.75;

impl Coverage {
    fn of(bank: &Bank) -> Self {
        let mut skills: Vec<SkillCoverage> = bank
            .skills()
            .iter()
            .map(|s| SkillCoverage {
                skill: s.id.clone(),
                ..SkillCoverage::default()
            })
            .collect();
        let mut questions_by_kind = BTreeMap::new();
        for q in bank.questions() {
            *questions_by_kind
                .entry(q.kind.as_str().to_string())
                .or_insert(0) += 1;
            let Some(si) = q.skill.as_deref().and_then(|s| bank.skill_index(s)) else {
                continue;
            };
            let c = &mut skills[si];
            match q.kind {
                QuestionKind::SelfRating => c.self_ratings += 1,
                _ if q.difficulty < EASY_BELOW => c.easy += 1,
                _ if q.difficulty > HARD_ABOVE => c.hard += 1,
                _ => c.medium += 1,
            }
        }
        let roles = bank
            .roles()
            .iter()
            .map(|r| RoleCoverage {
                role: r.id.clone(),
                skills: r.skills.len(),
            })
            .collect();
        Self {
            skills,
            roles,
            questions_by_kind,
        }
    }
}

/// Loads and validates a bank; on any error returns every diagnostic (warnings included).
pub fn load(source: &BankSource) -> Result<Bank, Vec<Diagnostic>> {
    let (bank, diagnostics) = load_with_report(source);
    match bank {
        Some(bank) => Ok(bank),
        None => Err(diagnostics),
    }
}

/// Loads a bank and returns it (when it has no errors) along with every diagnostic and its coverage.
pub fn load_with_report(source: &BankSource) -> (Option<Bank>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let files = match read_files(source, &mut diags) {
        Some(files) => files,
        None => return (None, diags),
    };
    let mut hasher = Sha256::new();
    for f in &files {
        hasher.update(f.name.as_bytes());
        hasher.update([0]);
        hasher.update(f.text.as_bytes());
        hasher.update([0]);
    }
    let fingerprint: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();

    let mut raw = Raw::default();
    for f in &files {
        parse_file(f, &mut raw, &mut diags);
    }
    check(&raw, &mut diags);
    diags.sort_by_key(|d| d.severity);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return (None, diags);
    }
    let bank = Bank::new(
        raw.skills.into_iter().map(|i| i.item).collect(),
        raw.questions.into_iter().map(|i| i.item).collect(),
        raw.roles.into_iter().map(|i| i.item).collect(),
        raw.tips.into_iter().map(|i| i.item).collect(),
        fingerprint,
    );
    (Some(bank), diags)
}

impl Bank {
    /// How many questions the bank has per skill, kind and difficulty, and skills per role.
    pub fn coverage(&self) -> Coverage {
        Coverage::of(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Questions,
    Profiles,
}

struct SourceFile {
    /// Shown to the user: a real path, or `questions/x.json (built-in)`.
    name: String,
    kind: FileKind,
    text: String,
}

fn read_files(source: &BankSource, diags: &mut Vec<Diagnostic>) -> Option<Vec<SourceFile>> {
    let mut files = Vec::new();
    match source {
        BankSource::Builtin => {
            for (dir, kind) in [
                (&BUILTIN_QUESTIONS, FileKind::Questions),
                (&BUILTIN_PROFILES, FileKind::Profiles),
            ] {
                let mut entries: Vec<_> = dir
                    .files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
                    .collect();
                entries.sort_by_key(|f| f.path());
                for f in entries {
                    let sub = match kind {
                        FileKind::Questions => "questions",
                        FileKind::Profiles => "profiles",
                    };
                    files.push(SourceFile {
                        name: format!("{sub}/{} (built-in)", f.path().display()),
                        kind,
                        text: String::from_utf8_lossy(f.contents()).into_owned(),
                    });
                }
            }
        }
        BankSource::Dir(root) => {
            if !root.is_dir() {
                diags.push(error(
                    root.display().to_string(),
                    "",
                    "is not a directory",
                    "pass a directory that holds `questions/` and `profiles/` subdirectories",
                ));
                return None;
            }
            for (sub, kind) in [
                ("questions", FileKind::Questions),
                ("profiles", FileKind::Profiles),
            ] {
                let dir = root.join(sub);
                match read_json_files(&dir) {
                    Ok(found) => {
                        if found.is_empty() {
                            diags.push(error(
                                dir.display().to_string(),
                                "",
                                "holds no .json files",
                                &format!("a bank directory needs `{sub}/*.json`; see the README's data-file format"),
                            ));
                        }
                        for (path, text) in found {
                            files.push(SourceFile {
                                name: path.display().to_string(),
                                kind,
                                text,
                            });
                        }
                    }
                    Err((path, e)) => diags.push(error(
                        path.display().to_string(),
                        "",
                        &format!("cannot be read: {e}"),
                        &format!("a bank directory needs readable `{sub}/*.json` files"),
                    )),
                }
            }
            if diags.iter().any(|d| d.severity == Severity::Error) {
                return None;
            }
        }
    }
    Some(files)
}

fn read_json_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| (dir.to_path_buf(), e))?.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok((p, text)),
                Err(_) => Err((
                    p,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8"),
                )),
            },
            Err(e) => Err((p, e)),
        })
        .collect()
}

/// An item with where it came from, kept until the whole bank is checked.
struct Located<T> {
    item: T,
    file: String,
    place: String,
}

#[derive(Default)]
struct Raw {
    skills: Vec<Located<Skill>>,
    questions: Vec<Located<Question>>,
    roles: Vec<Located<Role>>,
    tips: Vec<Located<Tip>>,
}

fn error(file: String, place: &str, message: &str, help: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file,
        place: place.to_string(),
        message: message.to_string(),
        help: help.to_string(),
    }
}

fn warning(file: String, place: &str, message: &str, help: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..error(file, place, message, help)
    }
}

fn parse_file(f: &SourceFile, raw: &mut Raw, diags: &mut Vec<Diagnostic>) {
    let value: Value = match serde_json::from_str(&f.text) {
        Ok(v) => v,
        Err(e) => {
            let what = if e.is_eof() {
                "the file ends in the middle of a JSON value".to_string()
            } else {
                format!("malformed JSON: {}", strip_position(&e.to_string()))
            };
            diags.push(error(
                f.name.clone(),
                &format!("line {}, column {}", e.line(), e.column()),
                &what,
                "fix the JSON syntax (a missing comma, quote or bracket is the usual cause)",
            ));
            return;
        }
    };
    let Value::Object(map) = value else {
        diags.push(error(
            f.name.clone(),
            "top level",
            "expected a JSON object",
            expected_top(f.kind),
        ));
        return;
    };
    let allowed: &[&str] = match f.kind {
        FileKind::Questions => &["skills", "questions"],
        FileKind::Profiles => &["roles", "tips"],
    };
    for (key, value) in map {
        if !allowed.contains(&key.as_str()) {
            let help = match crate::text::closest(&key, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? {}", expected_top(f.kind)),
                None => expected_top(f.kind).to_string(),
            };
            diags.push(error(
                f.name.clone(),
                &format!("key `{key}`"),
                &format!("unknown top-level key `{key}`"),
                &help,
            ));
            continue;
        }
        let Value::Array(items) = value else {
            diags.push(error(
                f.name.clone(),
                &key,
                &format!("`{key}` must be an array"),
                expected_top(f.kind),
            ));
            continue;
        };
        match key.as_str() {
            "skills" => collect(f, &key, items, &mut raw.skills, diags),
            "questions" => collect(f, &key, items, &mut raw.questions, diags),
            "roles" => collect(f, &key, items, &mut raw.roles, diags),
            _ => collect(f, &key, items, &mut raw.tips, diags),
        }
    }
}

fn expected_top(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Questions => {
            "a questions file is {\"skills\": [...], \"questions\": [...]} (both optional)"
        }
        FileKind::Profiles => {
            "a profiles file is {\"roles\": [...], \"tips\": [...]} (both optional)"
        }
    }
}

/// serde_json appends " at line L column C" even for `from_value`, where it is meaningless.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

fn collect<T: DeserializeOwned>(
    f: &SourceFile,
    key: &str,
    items: Vec<Value>,
    out: &mut Vec<Located<T>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, value) in items.into_iter().enumerate() {
        let id = value.get("id").and_then(Value::as_str).map(str::to_string);
        let place = match &id {
            Some(id) => format!("{key}[{i}] (id \"{id}\")"),
            None => format!("{key}[{i}]"),
        };
        match serde_json::from_value::<T>(value) {
            Ok(item) => out.push(Located {
                item,
                file: f.name.clone(),
                place,
            }),
            Err(e) => {
                let message = strip_position(&e.to_string()).to_string();
                diags.push(error(
                    f.name.clone(),
                    &place,
                    &message,
                    &field_help(&message),
                ));
            }
        }
    }
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a "did you mean".
fn field_help(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let typed = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or_default()
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        if let Some(s) = crate::text::closest(typed, expected.iter().copied()) {
            return format!("did you mean `{s}`? remove or rename the field");
        }
        return "remove the field, or rename it to one of the expected ones".to_string();
    }
    if message.starts_with("missing field") {
        return "add the field; see the README's data-file format".to_string();
    }
    if message.starts_with("unknown variant") {
        return "use one of the listed values".to_string();
    }
    "fix the value's type; see the README's data-file format".to_string()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Reports ids that are malformed or used twice, returning id → index of the first use.
fn index_ids<T>(
    items: &[Located<T>],
    what: &str,
    id_of: impl Fn(&T) -> &str,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let id = id_of(&it.item);
        if !valid_id(id) {
            diags.push(error(
                it.file.clone(),
                &it.place,
                &format!("{what} id \"{id}\" is not a valid id"),
                "ids are non-empty and use only letters, digits, `_`, `-` and `.`",
            ));
        }
        if let Some(&first) = seen.get(id) {
            let f = &items[first];
            diags.push(error(
                it.file.clone(),
                &it.place,
                &format!(
                    "duplicate {what} id \"{id}\" (first defined in {} at {})",
                    f.file, f.place
                ),
                "give each one a unique id; saved answers refer to ids",
            ));
        } else {
            seen.insert(id.to_string(), i);
        }
    }
    seen
}

fn check(raw: &Raw, diags: &mut Vec<Diagnostic>) {
    let skills = index_ids(&raw.skills, "skill", |s| &s.id, diags);
    let questions = index_ids(&raw.questions, "question", |q| &q.id, diags);
    index_ids(&raw.roles, "role", |r| &r.id, diags);
    index_ids(&raw.tips, "tip", |t| &t.id, diags);
    let skill_ids: Vec<&str> = raw.skills.iter().map(|s| s.item.id.as_str()).collect();
    let unknown_skill = |id: &str| -> String {
        match crate::text::closest(id, skill_ids.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"? (or define the skill in a questions file)"),
            None => "use the id of a skill defined in a questions file".to_string(),
        }
    };

    if raw.questions.is_empty() {
        diags.push(error(
            "questions/".into(),
            "",
            "the bank has no questions",
            "add questions files; see the README's data-file format",
        ));
    }
    if raw.roles.is_empty() {
        diags.push(error(
            "profiles/".into(),
            "",
            "the bank has no roles",
            "add at least one role profile; see the README's data-file format",
        ));
    }

    check_skills(raw, &skills, &unknown_skill, diags);
    let counts = check_questions(raw, &skills, &unknown_skill, diags);
    check_roles(raw, &skills, &questions, &counts, &unknown_skill, diags);
    for t in &raw.tips {
        for s in &t.item.skills {
            if !skills.contains_key(s) {
                diags.push(error(
                    t.file.clone(),
                    &t.place,
                    &format!("tip refers to unknown skill \"{s}\""),
                    &unknown_skill(s),
                ));
            }
        }
    }
}

fn check_skills(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    for s in &raw.skills {
        let sk = &s.item;
        if sk.levels.len() != LEVELS {
            diags.push(error(
                s.file.clone(),
                &s.place,
                &format!("`levels` has {} entries; a skill needs exactly {LEVELS}", sk.levels.len()),
                "describe levels 0 (no exposure) to 4 (expert) in observable terms, one string each",
            ));
        }
        if let Some(i) = sk.levels.iter().position(|l| l.trim().is_empty()) {
            diags.push(error(
                s.file.clone(),
                &format!("{}.levels[{i}]", s.place),
                "level description is empty",
                "say what a person at this level can observably do",
            ));
        }
        for (field, text) in [("name", &sk.name), ("description", &sk.description)] {
            if text.trim().is_empty() {
                diags.push(error(
                    s.file.clone(),
                    &s.place,
                    &format!("`{field}` is empty"),
                    "fill it in",
                ));
            }
        }
        if sk.learn.hours_per_level == 0 {
            diags.push(error(
                s.file.clone(),
                &format!("{}.learn.hours_per_level", s.place),
                "`hours_per_level` is 0",
                "give a rough number of hours of focused work to rise one level (1 or more)",
            ));
        }
        for p in &sk.prerequisites {
            if p == &sk.id {
                diags.push(error(
                    s.file.clone(),
                    &s.place,
                    &format!("skill \"{p}\" lists itself as a prerequisite"),
                    "remove it from `prerequisites`",
                ));
            } else if !skills.contains_key(p) {
                diags.push(error(
                    s.file.clone(),
                    &format!("{}.prerequisites", s.place),
                    &format!("unknown prerequisite skill \"{p}\""),
                    &unknown_skill(p),
                ));
            }
        }
    }
    // Prerequisite cycles: depth-first search with colours, reporting each cycle once.
    let n = raw.skills.len();
    let mut colour = vec![0u8; n];
    let mut stack: Vec<usize> = Vec::new();
    fn visit(
        v: usize,
        raw: &Raw,
        skills: &HashMap<String, usize>,
        colour: &mut [u8],
        stack: &mut Vec<usize>,
        diags: &mut Vec<Diagnostic>,
    ) {
        colour[v] = 1;
        stack.push(v);
        for p in &raw.skills[v].item.prerequisites {
            let Some(&w) = skills.get(p) else { continue };
            if w == v {
                continue;
            }
            if colour[w] == 1 {
                let start = stack.iter().position(|&x| x == w).unwrap_or(0);
                let mut names: Vec<&str> = stack[start..]
                    .iter()
                    .map(|&x| raw.skills[x].item.id.as_str())
                    .collect();
                names.push(&raw.skills[w].item.id);
                let s = &raw.skills[v];
                diags.push(error(
                    s.file.clone(),
                    &format!("{}.prerequisites", s.place),
                    &format!("prerequisite cycle: {}", names.join(" → ")),
                    "remove one of these prerequisites so that skills can be learned in some order",
                ));
            } else if colour[w] == 0 {
                visit(w, raw, skills, colour, stack, diags);
            }
        }
        stack.pop();
        colour[v] = 2;
    }
    for v in 0..n {
        if colour[v] == 0 && skills.get(&raw.skills[v].item.id) == Some(&v) {
            visit(v, raw, skills, &mut colour, &mut stack, diags);
        }
    }
}

/// Per skill index: (self-ratings, knowledge checks).
type Counts = Vec<(usize, usize)>;

fn check_questions(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) -> Counts {
    let mut counts: Counts = vec![(0, 0); raw.skills.len()];
    for q in &raw.questions {
        let it = &q.item;
        let err = |diags: &mut Vec<Diagnostic>, msg: String, help: &str| {
            diags.push(error(q.file.clone(), &q.place, &msg, help))
        };
        if it.prompt.trim().is_empty() {
            err(
                diags,
                "`prompt` is empty".into(),
                "write the question's text",
            );
        }
        let kind = it.kind.as_str();
        if it.kind.is_about_skill() {
            match it.skill.as_deref() {
                None => err(
                    diags,
                    format!("a {kind} question needs `skill`"),
                    "name the id of the skill it measures",
                ),
                Some(s) => match skills.get(s) {
                    Some(&si) => {
                        if it.kind == QuestionKind::SelfRating {
                            counts[si].0 += 1;
                        } else {
                            counts[si].1 += 1;
                        }
                    }
                    None => err(diags, format!("unknown skill \"{s}\""), &unknown_skill(s)),
                },
            }
            if it.topic.is_some() {
                err(
                    diags,
                    format!("a {kind} question has no `topic`"),
                    "remove `topic`; only interest and background questions have one",
                );
            }
        } else {
            if it.skill.is_some() {
                err(
                    diags,
                    format!("an {kind} question has no `skill`"),
                    "use `topic` to say what it informs, and link it from a role's `interests` or `background`",
                );
            }
            if it.topic.as_deref().is_none_or(|t| t.trim().is_empty()) {
                err(
                    diags,
                    format!("a {kind} question needs `topic`"),
                    "say what it informs, e.g. \"Industry: Healthcare\"",
                );
            }
        }
        let n = it.options.len();
        match it.kind {
            QuestionKind::SelfRating => {
                if n != 0 && n != LEVELS {
                    err(
                        diags,
                        format!(
                            "a self-rating has {n} options; it needs none (the skill's levels are used) or exactly {LEVELS}"
                        ),
                        "remove `options` to use the skill's level descriptions",
                    );
                }
            }
            QuestionKind::ShortText => {
                if it.accepted.iter().all(|a| a.trim().is_empty()) {
                    err(
                        diags,
                        "a short_text question needs `accepted` answers".into(),
                        "list the answer and its alternative spellings",
                    );
                }
                if n != 0 {
                    err(
                        diags,
                        "a short_text question has no `options`".into(),
                        "remove `options`, or make it a choice question",
                    );
                }
            }
            _ => {
                if n < 2 {
                    err(
                        diags,
                        format!("a {kind} question needs at least 2 options, has {n}"),
                        "add the options",
                    );
                }
            }
        }
        if it.options.iter().any(|o| o.trim().is_empty()) {
            err(
                diags,
                "an option is empty".into(),
                "give every option its text",
            );
        }
        let mut seen = HashSet::new();
        if let Some(dup) = it.options.iter().find(|o| !seen.insert(o.trim())) {
            err(
                diags,
                format!("option \"{dup}\" appears twice"),
                "make every option distinct",
            );
        }
        match it.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                if let Some(&bad) = it.correct.iter().find(|&&c| c >= n) {
                    err(
                        diags,
                        format!(
                            "`correct` index {bad} is outside the {n} options (indices are 0-based, 0–{})",
                            n.saturating_sub(1)
                        ),
                        "point `correct` at existing options",
                    );
                }
                if it.kind == QuestionKind::SingleChoice && it.correct.len() != 1 {
                    err(
                        diags,
                        format!(
                            "a single_choice question needs exactly one `correct` index, has {}",
                            it.correct.len()
                        ),
                        "give one index, or make it multiple_choice",
                    );
                }
                if it.kind == QuestionKind::MultipleChoice {
                    let distinct: HashSet<_> = it.correct.iter().collect();
                    if distinct.is_empty() {
                        err(
                            diags,
                            "a multiple_choice question needs `correct` indices".into(),
                            "list the right options' indices",
                        );
                    } else if distinct.len() != it.correct.len() {
                        err(
                            diags,
                            "`correct` lists an index twice".into(),
                            "list each right option once",
                        );
                    }
                }
            }
            _ => {
                if !it.correct.is_empty() {
                    err(
                        diags,
                        format!("a {kind} question has no `correct`"),
                        "remove `correct`; only choice questions have right options",
                    );
                }
            }
        }
        if it.kind != QuestionKind::ShortText && !it.rejected.is_empty() {
            err(
                diags,
                format!("a {kind} question has no `rejected`"),
                "remove `rejected`; only short_text questions have rejected answers",
            );
        }
        if let Some(both) = it.rejected.iter().find(|r| {
            it.accepted
                .iter()
                .any(|a| crate::text::normalise_text(a) == crate::text::normalise_text(r))
        }) {
            err(
                diags,
                format!("\"{both}\" is both accepted and rejected"),
                "remove it from one of the two lists",
            );
        }
        if it.kind != QuestionKind::ShortText && !it.accepted.is_empty() {
            err(
                diags,
                format!("a {kind} question has no `accepted`"),
                "remove `accepted`; only short_text questions have accepted answers",
            );
        }
        if it.kind.is_knowledge_check() {
            if !(it.difficulty.is_finite() && (-4.0..=4.0).contains(&it.difficulty)) {
                err(
                    diags,
                    format!("`difficulty` {} is outside −4 … 4", it.difficulty),
                    "use the standard ability scale: around −1 easy, 0 medium, +1.5 hard",
                );
            }
            if !(it.discrimination.is_finite()
                && it.discrimination > 0.0
                && it.discrimination <= 4.0)
            {
                err(
                    diags,
                    format!("`discrimination` {} is outside (0, 4]", it.discrimination),
                    "use a positive value, typically 0.8–2.0",
                );
            }
            if it.explanation.trim().is_empty() {
                diags.push(warning(
                    q.file.clone(),
                    &q.place,
                    "knowledge check has no `explanation`",
                    "explain the answer; it is shown when results are reviewed",
                ));
            }
        }
    }
    for (si, s) in raw.skills.iter().enumerate() {
        match counts[si].0 {
            0 => diags.push(warning(
                s.file.clone(),
                &s.place,
                &format!("skill \"{}\" has no self_rating question", s.item.id),
                "add one: it is cheap to answer and sets the starting estimate",
            )),
            1 => {}
            k => diags.push(error(
                s.file.clone(),
                &s.place,
                &format!(
                    "skill \"{}\" has {k} self_rating questions; it needs at most one",
                    s.item.id
                ),
                "keep one self-rating per skill",
            )),
        }
    }
    counts
}

fn check_roles(
    raw: &Raw,
    skills: &HashMap<String, usize>,
    questions: &HashMap<String, usize>,
    counts: &Counts,
    unknown_skill: &dyn Fn(&str) -> String,
    diags: &mut Vec<Diagnostic>,
) {
    let mut linked: HashSet<&str> = HashSet::new();
    for r in &raw.roles {
        let role = &r.item;
        let err = |diags: &mut Vec<Diagnostic>, place: String, msg: String, help: &str| {
            diags.push(error(r.file.clone(), &place, &msg, help))
        };
        if role.skills.is_empty() {
            err(
                diags,
                r.place.clone(),
                "a role needs at least one skill".into(),
                "list the skills it requires",
            );
        }
        let mut seen = HashSet::new();
        for (i, rs) in role.skills.iter().enumerate() {
            let place = format!("{}.skills[{i}] (skill \"{}\")", r.place, rs.skill);
            if !seen.insert(rs.skill.as_str()) {
                err(
                    diags,
                    place.clone(),
                    format!("skill \"{}\" is listed twice", rs.skill),
                    "list each skill once",
                );
            }
            if !(1..=5).contains(&rs.importance) {
                err(
                    diags,
                    place.clone(),
                    format!("importance {} is outside 1–5", rs.importance),
                    "use 1 (nice to have) to 5 (core)",
                );
            }
            if rs.target as usize >= LEVELS {
                err(
                    diags,
                    place.clone(),
                    format!("target level {} is outside 0–4", rs.target),
                    "use a level from 0 (none) to 4 (expert)",
                );
            }
            for id in std::iter::once(&rs.skill).chain(&rs.alternatives) {
                match skills.get(id) {
                    None => err(
                        diags,
                        place.clone(),
                        format!("unknown skill \"{id}\""),
                        &unknown_skill(id),
                    ),
                    Some(&si) if counts[si] == (0, 0) => err(
                        diags,
                        place.clone(),
                        format!(
                            "role skill \"{id}\" has no questions, so it can never be measured"
                        ),
                        "add a self_rating and knowledge checks for it, or remove it from the role",
                    ),
                    Some(_) => {}
                }
            }
        }
        for (i, link) in role.interests.iter().enumerate() {
            let place = format!("{}.interests[{i}]", r.place);
            linked.insert(&link.question);
            check_link(
                raw,
                questions,
                &link.question,
                QuestionKind::Interest,
                &place,
                r,
                diags,
            );
            if !(1..=5).contains(&link.weight) {
                err(
                    diags,
                    place,
                    format!("weight {} is outside 1–5", link.weight),
                    "use 1 (a little) to 5 (central)",
                );
            }
        }
        for (i, link) in role.background.iter().enumerate() {
            let place = format!("{}.background[{i}]", r.place);
            linked.insert(&link.question);
            if let Some(q) = check_link(
                raw,
                questions,
                &link.question,
                QuestionKind::Background,
                &place,
                r,
                diags,
            ) {
                let n = q.options.len();
                if let Some(bad) = link.preferred.iter().find(|&&p| p >= n) {
                    err(
                        diags,
                        place,
                        format!(
                            "preferred option {bad} is outside the {n} options of \"{}\"",
                            q.id
                        ),
                        "indices are 0-based",
                    );
                }
            }
        }
    }
    for q in &raw.questions {
        if matches!(
            q.item.kind,
            QuestionKind::Interest | QuestionKind::Background
        ) && !linked.contains(q.item.id.as_str())
        {
            diags.push(warning(
                q.file.clone(),
                &q.place,
                &format!(
                    "{} question is not linked from any role",
                    q.item.kind.as_str()
                ),
                "link it from a role's `interests` or `background`, or it informs nothing",
            ));
        }
    }
}

fn check_link<'a>(
    raw: &'a Raw,
    questions: &HashMap<String, usize>,
    id: &str,
    kind: QuestionKind,
    place: &str,
    r: &Located<Role>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Question> {
    match questions.get(id) {
        None => {
            let ids = raw
                .questions
                .iter()
                .filter(|q| q.item.kind == kind)
                .map(|q| q.item.id.as_str());
            let help = match crate::text::closest(id, ids) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("use the id of a {} question", kind.as_str()),
            };
            diags.push(error(
                r.file.clone(),
                place,
                &format!("unknown question \"{id}\""),
                &help,
            ));
            None
        }
        Some(&qi) => {
            let q = &raw.questions[qi].item;
            if q.kind != kind {
                diags.push(error(
                    r.file.clone(),
                    place,
                    &format!(
                        "question \"{id}\" is a {} question, not {}",
                        q.kind.as_str(),
                        kind.as_str()
                    ),
                    &format!("link a {} question here", kind.as_str()),
                ));
                None
            } else {
                Some(q)
            }
        }
    }
}
