//! The bank's rules across items and files: ids, references, ranges, kinds and prerequisite
//! cycles. Every rule reports at the value at fault and keeps going, so an author sees every
//! problem in one run.

use super::diagnostic::Diagnostic;
use super::load::Raw;
use super::source::{Located, Seg};
use super::{LEVELS, Question, QuestionKind, Role};
use std::collections::{HashMap, HashSet};

const fn key(k: &str) -> Seg<'_> {
    Seg::Key(k)
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
            diags.push(it.at.error(
                &[key("id")],
                format!("{what} id \"{id}\" is not a valid id"),
                "ids are non-empty and use only letters, digits, `_`, `-` and `.`",
            ));
        }
        if let Some(&first) = seen.get(id) {
            diags.push(it.at.error(
                &[key("id")],
                format!(
                    "duplicate {what} id \"{id}\" (first defined at {})",
                    items[first].at.position()
                ),
                "give each one a unique id; saved answers refer to ids",
            ));
        } else {
            seen.insert(id.to_string(), i);
        }
    }
    seen
}

/// Runs every rule on the parsed bank.
pub(crate) fn check(raw: &Raw, diags: &mut Vec<Diagnostic>) {
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

    let whole_bank = super::diagnostic::Place::default;
    if raw.questions.is_empty() {
        diags.push(Diagnostic::error(
            "questions/",
            whole_bank(),
            "the bank has no questions",
            "add questions files; see the README's data-file format",
        ));
    }
    if raw.roles.is_empty() {
        diags.push(Diagnostic::error(
            "profiles/",
            whole_bank(),
            "the bank has no roles",
            "add at least one role profile; see the README's data-file format",
        ));
    }

    check_skills(raw, &skills, &unknown_skill, diags);
    prerequisite_cycles(raw, &skills, diags);
    let counts = check_questions(raw, &skills, &unknown_skill, diags);
    check_roles(raw, &skills, &questions, &counts, &unknown_skill, diags);
    for t in &raw.tips {
        for (i, s) in t.item.skills.iter().enumerate() {
            if !skills.contains_key(s) {
                diags.push(t.at.error(
                    &[key("skills"), Seg::Index(i)],
                    format!("tip refers to unknown skill \"{s}\""),
                    unknown_skill(s),
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
            diags.push(s.at.error(
                &[key("levels")],
                format!("`levels` has {} entries; a skill needs exactly {LEVELS}", sk.levels.len()),
                "describe levels 0 (no exposure) to 4 (expert) in observable terms, one string each",
            ));
        }
        if let Some(i) = sk.levels.iter().position(|l| l.trim().is_empty()) {
            diags.push(s.at.error(
                &[key("levels"), Seg::Index(i)],
                "level description is empty",
                "say what a person at this level can observably do",
            ));
        }
        for (field, text) in [("name", &sk.name), ("description", &sk.description)] {
            if text.trim().is_empty() {
                diags.push(s.at.error(&[key(field)], format!("`{field}` is empty"), "fill it in"));
            }
        }
        if sk.learn.hours_per_level == 0 {
            diags.push(s.at.error(
                &[key("learn"), key("hours_per_level")],
                "`hours_per_level` is 0",
                "give a rough number of hours of focused work to rise one level (1 or more)",
            ));
        }
        for (i, p) in sk.prerequisites.iter().enumerate() {
            let at = [key("prerequisites"), Seg::Index(i)];
            if p == &sk.id {
                diags.push(s.at.error(
                    &at,
                    format!("skill \"{p}\" lists itself as a prerequisite"),
                    "remove it from `prerequisites`",
                ));
            } else if !skills.contains_key(p) {
                diags.push(s.at.error(
                    &at,
                    format!("unknown prerequisite skill \"{p}\""),
                    unknown_skill(p),
                ));
            }
        }
    }
}

/// A cycle longer than this is shown by its ends, so a long one stays a readable message.
const CYCLE_SHOWN: usize = 12;

/// Prerequisite cycles, each reported once, at the link that closes it. Depth-first search with
/// an explicit stack: a bank whose prerequisites chain thousands of skills must not overflow the
/// call stack.
fn prerequisite_cycles(raw: &Raw, skills: &HashMap<String, usize>, diags: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        New,
        OnPath,
        Done,
    }
    let n = raw.skills.len();
    let mut colour = vec![Colour::New; n];
    // The current path: (skill, index of the next prerequisite to follow).
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        // Duplicates were reported already; only the first skill with an id takes part.
        if colour[root] != Colour::New || skills.get(&raw.skills[root].item.id) != Some(&root) {
            continue;
        }
        colour[root] = Colour::OnPath;
        path.push((root, 0));
        while let Some(top) = path.last_mut() {
            let (v, next) = *top;
            let prerequisites = &raw.skills[v].item.prerequisites;
            let Some(p) = prerequisites.get(next) else {
                colour[v] = Colour::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            let Some(&w) = skills.get(p) else { continue };
            if w == v {
                continue;
            }
            match colour[w] {
                Colour::New => {
                    colour[w] = Colour::OnPath;
                    path.push((w, 0));
                }
                Colour::OnPath => {
                    let start = path.iter().position(|&(x, _)| x == w).unwrap_or(0);
                    let ids: Vec<&str> = path[start..]
                        .iter()
                        .map(|&(x, _)| raw.skills[x].item.id.as_str())
                        .chain(std::iter::once(raw.skills[w].item.id.as_str()))
                        .collect();
                    let shown = if ids.len() > CYCLE_SHOWN {
                        let half = CYCLE_SHOWN / 2;
                        format!(
                            "{} → … ({} more) → {}",
                            ids[..half].join(" → "),
                            ids.len() - 2 * half,
                            ids[ids.len() - half..].join(" → ")
                        )
                    } else {
                        ids.join(" → ")
                    };
                    diags.push(raw.skills[v].at.error(
                        &[key("prerequisites"), Seg::Index(next)],
                        format!("prerequisite cycle: {shown}"),
                        "remove one of these prerequisites so that skills can be learned in some order",
                    ));
                }
                Colour::Done => {}
            }
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
        let err = |diags: &mut Vec<Diagnostic>, at: &[Seg], msg: String, help: &str| {
            diags.push(q.at.error(at, msg, help))
        };
        if it.prompt.trim().is_empty() {
            err(
                diags,
                &[key("prompt")],
                "`prompt` is empty".into(),
                "write the question's text",
            );
        }
        let kind = it.kind.as_str();
        if it.kind.is_about_skill() {
            match it.skill.as_deref() {
                None => err(
                    diags,
                    &[],
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
                    None => err(
                        diags,
                        &[key("skill")],
                        format!("unknown skill \"{s}\""),
                        &unknown_skill(s),
                    ),
                },
            }
            if it.topic.is_some() {
                err(
                    diags,
                    &[key("topic")],
                    format!("a {kind} question has no `topic`"),
                    "remove `topic`; only interest and background questions have one",
                );
            }
        } else {
            if it.skill.is_some() {
                err(
                    diags,
                    &[key("skill")],
                    format!("an {kind} question has no `skill`"),
                    "use `topic` to say what it informs, and link it from a role's `interests` or `background`",
                );
            }
            if it.topic.as_deref().is_none_or(|t| t.trim().is_empty()) {
                err(
                    diags,
                    &[key("topic")],
                    format!("a {kind} question needs `topic`"),
                    "say what it informs, e.g. \"Industry: Healthcare\"",
                );
            }
        }
        check_options(q, diags);
        check_answers(q, diags);
        if it.kind.is_knowledge_check() {
            if !(it.difficulty.is_finite() && (-4.0..=4.0).contains(&it.difficulty)) {
                err(
                    diags,
                    &[key("difficulty")],
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
                    &[key("discrimination")],
                    format!("`discrimination` {} is outside (0, 4]", it.discrimination),
                    "use a positive value, typically 0.8–2.0",
                );
            }
            if it.explanation.trim().is_empty() {
                diags.push(q.at.warning(
                    &[],
                    "knowledge check has no `explanation`",
                    "explain the answer; it is shown when results are reviewed",
                ));
            }
        }
    }
    for (si, s) in raw.skills.iter().enumerate() {
        match counts[si].0 {
            0 => diags.push(s.at.warning(
                &[key("id")],
                format!("skill \"{}\" has no self_rating question", s.item.id),
                "add one: it is cheap to answer and sets the starting estimate",
            )),
            1 => {}
            k => diags.push(s.at.error(
                &[key("id")],
                format!(
                    "skill \"{}\" has {k} self_rating questions; it needs at most one",
                    s.item.id
                ),
                "keep one self-rating per skill",
            )),
        }
    }
    counts
}

/// A question's options: how many its kind needs, none empty, none twice.
fn check_options(q: &Located<Question>, diags: &mut Vec<Diagnostic>) {
    let it = &q.item;
    let kind = it.kind.as_str();
    let options = [key("options")];
    let n = it.options.len();
    match it.kind {
        QuestionKind::SelfRating => {
            if n != 0 && n != LEVELS {
                diags.push(q.at.error(
                    &options,
                    format!(
                        "a self-rating has {n} options; it needs none (the skill's levels are used) or exactly {LEVELS}"
                    ),
                    "remove `options` to use the skill's level descriptions",
                ));
            }
        }
        QuestionKind::ShortText => {
            if it.accepted.iter().all(|a| a.trim().is_empty()) {
                diags.push(q.at.error(
                    &[key("accepted")],
                    "a short_text question needs `accepted` answers",
                    "list the answer and its alternative spellings",
                ));
            }
            if n != 0 {
                diags.push(q.at.error(
                    &options,
                    "a short_text question has no `options`",
                    "remove `options`, or make it a choice question",
                ));
            }
        }
        _ => {
            if n < 2 {
                diags.push(q.at.error(
                    &options,
                    format!("a {kind} question needs at least 2 options, has {n}"),
                    "add the options",
                ));
            }
        }
    }
    if let Some(i) = it.options.iter().position(|o| o.trim().is_empty()) {
        diags.push(q.at.error(
            &[key("options"), Seg::Index(i)],
            "an option is empty",
            "give every option its text",
        ));
    }
    let mut seen = HashSet::new();
    if let Some(i) = it.options.iter().position(|o| !seen.insert(o.trim())) {
        diags.push(q.at.error(
            &[key("options"), Seg::Index(i)],
            format!("option \"{}\" appears twice", it.options[i]),
            "make every option distinct",
        ));
    }
}

/// A question's right answers: `correct` for choices, `accepted` and `rejected` for short text.
fn check_answers(q: &Located<Question>, diags: &mut Vec<Diagnostic>) {
    let it = &q.item;
    let kind = it.kind.as_str();
    let n = it.options.len();
    match it.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            if let Some(i) = it.correct.iter().position(|&c| c >= n) {
                diags.push(q.at.error(
                    &[key("correct"), Seg::Index(i)],
                    format!(
                        "`correct` index {} is outside the {n} options (indices are 0-based, 0–{})",
                        it.correct[i],
                        n.saturating_sub(1)
                    ),
                    "point `correct` at existing options",
                ));
            }
            if it.kind == QuestionKind::SingleChoice && it.correct.len() != 1 {
                diags.push(q.at.error(
                    &[key("correct")],
                    format!(
                        "a single_choice question needs exactly one `correct` index, has {}",
                        it.correct.len()
                    ),
                    "give one index, or make it multiple_choice",
                ));
            }
            if it.kind == QuestionKind::MultipleChoice {
                let distinct: HashSet<_> = it.correct.iter().collect();
                if distinct.is_empty() {
                    diags.push(q.at.error(
                        &[key("correct")],
                        "a multiple_choice question needs `correct` indices",
                        "list the right options' indices",
                    ));
                } else if distinct.len() != it.correct.len() {
                    diags.push(q.at.error(
                        &[key("correct")],
                        "`correct` lists an index twice",
                        "list each right option once",
                    ));
                }
            }
        }
        _ => {
            if !it.correct.is_empty() {
                diags.push(q.at.error(
                    &[key("correct")],
                    format!("a {kind} question has no `correct`"),
                    "remove `correct`; only choice questions have right options",
                ));
            }
        }
    }
    if it.kind != QuestionKind::ShortText && !it.rejected.is_empty() {
        diags.push(q.at.error(
            &[key("rejected")],
            format!("a {kind} question has no `rejected`"),
            "remove `rejected`; only short_text questions have rejected answers",
        ));
    }
    if let Some(i) = it.rejected.iter().position(|r| {
        it.accepted
            .iter()
            .any(|a| crate::text::normalise_text(a) == crate::text::normalise_text(r))
    }) {
        diags.push(q.at.error(
            &[key("rejected"), Seg::Index(i)],
            format!("\"{}\" is both accepted and rejected", it.rejected[i]),
            "remove it from one of the two lists",
        ));
    }
    if it.kind != QuestionKind::ShortText && !it.accepted.is_empty() {
        diags.push(q.at.error(
            &[key("accepted")],
            format!("a {kind} question has no `accepted`"),
            "remove `accepted`; only short_text questions have accepted answers",
        ));
    }
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
        if role.skills.is_empty() {
            diags.push(r.at.error(
                &[key("skills")],
                "a role needs at least one skill",
                "list the skills it requires",
            ));
        }
        let mut seen = HashSet::new();
        for (i, rs) in role.skills.iter().enumerate() {
            let at = |field: &'static str| [key("skills"), Seg::Index(i), key(field)];
            if !seen.insert(rs.skill.as_str()) {
                diags.push(r.at.error(
                    &at("skill"),
                    format!("skill \"{}\" is listed twice", rs.skill),
                    "list each skill once",
                ));
            }
            if !(1..=5).contains(&rs.importance) {
                diags.push(r.at.error(
                    &at("importance"),
                    format!(
                        "importance {} is outside 1–5 (skill \"{}\")",
                        rs.importance, rs.skill
                    ),
                    "use 1 (nice to have) to 5 (core)",
                ));
            }
            if rs.target as usize >= LEVELS {
                diags.push(r.at.error(
                    &at("target"),
                    format!(
                        "target level {} is outside 0–4 (skill \"{}\")",
                        rs.target, rs.skill
                    ),
                    "use a level from 0 (none) to 4 (expert)",
                ));
            }
            let ids = std::iter::once((&rs.skill, None)).chain(
                rs.alternatives
                    .iter()
                    .enumerate()
                    .map(|(j, a)| (a, Some(j))),
            );
            for (id, alternative) in ids {
                let segs: Vec<Seg> = match alternative {
                    None => at("skill").to_vec(),
                    Some(j) => vec![
                        key("skills"),
                        Seg::Index(i),
                        key("alternatives"),
                        Seg::Index(j),
                    ],
                };
                match skills.get(id) {
                    None => diags.push(r.at.error(
                        &segs,
                        format!("unknown skill \"{id}\""),
                        unknown_skill(id),
                    )),
                    Some(&si) if counts[si] == (0, 0) => diags.push(r.at.error(
                        &segs,
                        format!(
                            "role skill \"{id}\" has no questions, so it can never be measured"
                        ),
                        "add a self_rating and knowledge checks for it, or remove it from the role",
                    )),
                    Some(_) => {}
                }
            }
        }
        for (i, link) in role.interests.iter().enumerate() {
            linked.insert(&link.question);
            let at = |field| [key("interests"), Seg::Index(i), key(field)];
            check_link(
                raw,
                questions,
                &link.question,
                QuestionKind::Interest,
                &at("question"),
                r,
                diags,
            );
            if !(1..=5).contains(&link.weight) {
                diags.push(r.at.error(
                    &at("weight"),
                    format!("weight {} is outside 1–5", link.weight),
                    "use 1 (a little) to 5 (central)",
                ));
            }
        }
        for (i, link) in role.background.iter().enumerate() {
            linked.insert(&link.question);
            let at = |field| [key("background"), Seg::Index(i), key(field)];
            let kind = QuestionKind::Background;
            if let Some(q) = check_link(
                raw,
                questions,
                &link.question,
                kind,
                &at("question"),
                r,
                diags,
            ) {
                let n = q.options.len();
                if let Some(j) = link.preferred.iter().position(|&p| p >= n) {
                    diags.push(r.at.error(
                        &[
                            key("background"),
                            Seg::Index(i),
                            key("preferred"),
                            Seg::Index(j),
                        ],
                        format!(
                            "preferred option {} is outside the {n} options of \"{}\"",
                            link.preferred[j], q.id
                        ),
                        "indices are 0-based",
                    ));
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
            diags.push(q.at.warning(
                &[key("id")],
                format!(
                    "{} question is not linked from any role",
                    q.item.kind.as_str()
                ),
                "link it from a role's `interests` or `background`, or it informs nothing",
            ));
        }
    }
}

/// A role's link to an interest or background question: the question must exist and be of
/// that kind.
fn check_link<'a>(
    raw: &'a Raw,
    questions: &HashMap<String, usize>,
    id: &str,
    kind: QuestionKind,
    at: &[Seg],
    r: &Located<Role>,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a Question> {
    let Some(&qi) = questions.get(id) else {
        let ids = raw
            .questions
            .iter()
            .filter(|q| q.item.kind == kind)
            .map(|q| q.item.id.as_str());
        let help = match crate::text::closest(id, ids) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("use the id of a {} question", kind.as_str()),
        };
        diags.push(r.at.error(at, format!("unknown question \"{id}\""), help));
        return None;
    };
    let q = &raw.questions[qi].item;
    if q.kind != kind {
        diags.push(r.at.error(
            at,
            format!(
                "question \"{id}\" is a {} question, not {}",
                q.kind.as_str(),
                kind.as_str()
            ),
            format!("link a {} question here", kind.as_str()),
        ));
        return None;
    }
    Some(q)
}
