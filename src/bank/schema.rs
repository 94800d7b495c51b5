//! The file format's shape: which fields each item has, which are required, and their types,
//! checked on the parsed JSON before serde sees it. Checking here (rather than reading serde's
//! error text) gives every problem its exact place and a "did you mean" for mistyped fields.
//! A unit test keeps these tables in step with the types in `bank/mod.rs`.

use super::QuestionKind;
use super::diagnostic::Diagnostic;
use super::source::{Anchor, Seg};
use serde_json::Value;

/// A field's JSON type.
#[derive(Clone, Copy)]
pub(crate) enum Ty {
    /// One line of text.
    Str,
    /// Text that may span lines (and hold tabs).
    Text,
    /// A list of one-line texts.
    Strs,
    /// A whole number from 0 to the bound.
    Uint(u64),
    /// A list of whole numbers (indices).
    Uints,
    Num,
    Kind,
    Obj(&'static [Field]),
    Objs(&'static [Field]),
    /// A list whose items are objects of these fields or, the older form, one-line strings.
    StrsOrObjs(&'static [Field]),
}

pub(crate) struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
    /// `null` is allowed (an `Option` field).
    nullable: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
        nullable: false,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        nullable: false,
    }
}

const fn maybe(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        nullable: true,
    }
}

const U8: Ty = Ty::Uint(u8::MAX as u64);

const LEARN: &[Field] = &[
    req("what", Ty::Text),
    req("project", Ty::Text),
    req("resource", Ty::Text),
    maybe("certification", Ty::Str),
    req("hours_per_level", Ty::Uint(u32::MAX as u64)),
];

const LEVEL: &[Field] = &[opt("label", Ty::Str), req("description", Ty::Str)];

pub(crate) const SKILL: &[Field] = &[
    req("id", Ty::Str),
    req("name", Ty::Str),
    opt("aliases", Ty::Strs),
    req("category", Ty::Str),
    req("description", Ty::Text),
    req("levels", Ty::StrsOrObjs(LEVEL)),
    opt("prerequisites", Ty::Strs),
    req("learn", Ty::Obj(LEARN)),
];

pub(crate) const QUESTION: &[Field] = &[
    req("id", Ty::Str),
    maybe("skill", Ty::Str),
    maybe("topic", Ty::Str),
    req("kind", Ty::Kind),
    req("prompt", Ty::Text),
    opt("options", Ty::Strs),
    opt("correct", Ty::Uints),
    opt("accepted", Ty::Strs),
    opt("rejected", Ty::Strs),
    opt("level", Ty::Uint(4)),
    opt("adjustment", Ty::Num),
    opt("difficulty", Ty::Num),
    opt("discrimination", Ty::Num),
    opt("tolerance", Ty::Num),
    opt("guessing", Ty::Num),
    opt("explanation", Ty::Text),
];

const ROLE_SKILL: &[Field] = &[
    req("skill", Ty::Str),
    req("importance", U8),
    req("target", U8),
    opt("alternatives", Ty::Strs),
    maybe("project", Ty::Text),
];

const INTEREST: &[Field] = &[req("question", Ty::Str), req("weight", U8)];

const BACKGROUND: &[Field] = &[req("question", Ty::Str), req("preferred", Ty::Uints)];

pub(crate) const ROLE: &[Field] = &[
    req("id", Ty::Str),
    req("name", Ty::Str),
    req("definition", Ty::Text),
    opt("responsibilities", Ty::Strs),
    req("skills", Ty::Objs(ROLE_SKILL)),
    opt("tools", Ty::Strs),
    opt("education", Ty::Strs),
    opt("industries", Ty::Strs),
    opt("certifications", Ty::Strs),
    opt("interests", Ty::Objs(INTEREST)),
    opt("background", Ty::Objs(BACKGROUND)),
];

pub(crate) const TIP: &[Field] = &[
    req("id", Ty::Str),
    req("title", Ty::Str),
    req("text", Ty::Text),
    opt("skills", Ty::Strs),
];

const FORMAT_HELP: &str = "see the README's data-file format";

/// Checks an item's fields, reporting every problem; true when serde can read it.
pub(crate) fn check(
    value: &Value,
    fields: &[Field],
    at: &Anchor,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let before = diags.len();
    let mut path = Vec::new();
    // A control character in a text is an error, but serde can still read the item: it is kept,
    // so that the rest of the bank is not reported for referring to it.
    let mut texts = Vec::new();
    object(value, fields, at, &mut path, diags, &mut texts);
    let readable = diags.len() == before;
    diags.extend(texts);
    readable
}

fn object<'v>(
    value: &'v Value,
    fields: &[Field],
    at: &Anchor,
    path: &mut Vec<Seg<'v>>,
    diags: &mut Vec<Diagnostic>,
    texts: &mut Vec<Diagnostic>,
) {
    let Value::Object(map) = value else {
        diags.push(at.error(path, "expected a JSON object", FORMAT_HELP));
        return;
    };
    for (key, v) in map {
        path.push(Seg::Key(key));
        match fields.iter().find(|f| f.name == key) {
            None => {
                let names = fields.iter().map(|f| f.name);
                let help = match crate::text::closest(key, names) {
                    Some(s) => format!("did you mean `{s}`? remove or rename the field"),
                    None => format!(
                        "remove the field, or rename it to one of: {}",
                        fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    ),
                };
                diags.push(at.error(path, format!("unknown field `{key}`"), help));
            }
            Some(f) if f.nullable && v.is_null() => {}
            Some(f) => typed(v, f, at, path, diags, texts),
        }
        path.pop();
    }
    for f in fields.iter().filter(|f| f.required) {
        if !map.contains_key(f.name) {
            diags.push(at.error(
                path,
                format!("missing field `{}`", f.name),
                format!("add the field; {FORMAT_HELP}"),
            ));
        }
    }
}

fn typed<'v>(
    v: &'v Value,
    f: &Field,
    at: &Anchor,
    path: &mut Vec<Seg<'v>>,
    diags: &mut Vec<Diagnostic>,
    texts: &mut Vec<Diagnostic>,
) {
    let name = f.name;
    let wrong = |diags: &mut Vec<Diagnostic>, path: &[Seg], expected: &str| {
        diags.push(at.error(
            path,
            format!("`{name}` must be {expected}"),
            format!("fix the value's type; {FORMAT_HELP}"),
        ));
    };
    match f.ty {
        Ty::Str | Ty::Text => match v.as_str() {
            Some(s) => text(s, matches!(f.ty, Ty::Text), name, at, path, texts),
            None => wrong(diags, path, "a string"),
        },
        Ty::Num => {
            if !v.is_number() {
                wrong(diags, path, "a number");
            }
        }
        Ty::Uint(max) => {
            if v.as_u64().is_none_or(|n| n > max) {
                wrong(diags, path, &format!("a whole number from 0 to {max}"));
            }
        }
        Ty::Kind => match v.as_str() {
            Some(s) if QuestionKind::ALL.iter().any(|k| k.as_str() == s) => {}
            _ => {
                let names = QuestionKind::ALL.map(QuestionKind::as_str);
                let typed = v.as_str().unwrap_or_default();
                let help = match crate::text::closest(typed, names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", names.join(", ")),
                };
                diags.push(at.error(path, format!("unknown question kind {v}"), help));
            }
        },
        Ty::Obj(fields) => object(v, fields, at, path, diags, texts),
        Ty::Strs | Ty::Uints | Ty::Objs(_) | Ty::StrsOrObjs(_) => {
            let Some(items) = v.as_array() else {
                let expected = match f.ty {
                    Ty::Strs => "a list of strings",
                    Ty::Uints => "a list of whole numbers",
                    Ty::StrsOrObjs(_) => "a list of objects (or strings)",
                    _ => "a list of objects",
                };
                return wrong(diags, path, expected);
            };
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                match f.ty {
                    Ty::Strs => match item.as_str() {
                        Some(s) => text(s, false, name, at, path, texts),
                        None => wrong(diags, path, "a list of strings"),
                    },
                    Ty::Uints => {
                        if item.as_u64().is_none_or(|n| usize::try_from(n).is_err()) {
                            wrong(diags, path, "a list of whole numbers (0-based indices)");
                        }
                    }
                    Ty::Objs(fields) => object(item, fields, at, path, diags, texts),
                    Ty::StrsOrObjs(fields) => match item.as_str() {
                        Some(s) => text(s, false, name, at, path, texts),
                        None => object(item, fields, at, path, diags, texts),
                    },
                    _ => unreachable!("only list types reach here"),
                }
                path.pop();
            }
        }
    }
}

/// Bank text is printed to terminals: control characters could move the cursor or rewrite the
/// screen, and bidirectional overrides can make text read differently from what it is.
fn text(
    s: &str,
    multiline: bool,
    name: &str,
    at: &Anchor,
    path: &[Seg],
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(c) = s.chars().find(|&c| crate::text::is_forbidden(c, multiline)) {
        let what = match c {
            '\n' => "a line break".to_string(),
            '\t' => "a tab".to_string(),
            _ if crate::text::is_bidi_control(c) => {
                format!("a bidirectional control character (U+{:04X})", c as u32)
            }
            _ => format!("a control character (U+{:04X})", c as u32),
        };
        let help = if (c == '\n' || c == '\t') && !multiline {
            format!("keep `{name}` on one line")
        } else {
            "remove it: bank text is shown in terminals, where such characters can hide or reorder text".to_string()
        };
        diags.push(at.error(path, format!("`{name}` contains {what}"), help));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{BackgroundLink, InterestLink, Learn, Question, Role, RoleSkill, Skill, Tip};

    /// Every field a fully filled item serialises is in its table, and every table field is one
    /// the type has, so the tables cannot drift from the types.
    fn same_fields<T: serde::Serialize>(item: &T, fields: &[Field]) {
        let value = serde_json::to_value(item).unwrap();
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names);
        for f in fields {
            if let Ty::Obj(inner) | Ty::Objs(inner) | Ty::StrsOrObjs(inner) = f.ty {
                let v = &value[f.name];
                let v = v.as_array().map_or(v, |a| &a[0]);
                let mut keys: Vec<&str> =
                    v.as_object().unwrap().keys().map(String::as_str).collect();
                let mut names: Vec<&str> = inner.iter().map(|f| f.name).collect();
                keys.sort_unstable();
                names.sort_unstable();
                assert_eq!(keys, names, "{}", f.name);
            }
        }
    }

    fn s() -> String {
        "x".to_string()
    }

    #[test]
    fn the_tables_match_the_types() {
        let skill = Skill {
            id: s(),
            name: s(),
            aliases: vec![s()],
            category: s(),
            description: s(),
            levels: vec![crate::bank::Level {
                label: s(),
                description: s(),
            }],
            prerequisites: vec![s()],
            learn: Learn {
                what: s(),
                project: s(),
                resource: s(),
                certification: Some(s()),
                hours_per_level: 1,
            },
        };
        same_fields(&skill, SKILL);
        let question = Question {
            id: s(),
            skill: Some(s()),
            topic: Some(s()),
            kind: QuestionKind::ShortText,
            prompt: s(),
            options: vec![s()],
            correct: vec![0],
            accepted: vec![s()],
            rejected: vec![s()],
            level: Some(1),
            adjustment: Some(0.0),
            measured_difficulty: Some(0.0),
            discrimination: 1.0,
            tolerance: Some(0.0),
            guessing: Some(0.0),
            explanation: s(),
        };
        same_fields(&question, QUESTION);
        let role = Role {
            id: s(),
            name: s(),
            definition: s(),
            responsibilities: vec![s()],
            skills: vec![RoleSkill {
                skill: s(),
                importance: 1,
                target: 1,
                alternatives: vec![s()],
                project: Some(s()),
            }],
            tools: vec![s()],
            education: vec![s()],
            industries: vec![s()],
            certifications: vec![s()],
            interests: vec![InterestLink {
                question: s(),
                weight: 1,
            }],
            background: vec![BackgroundLink {
                question: s(),
                preferred: vec![0],
            }],
        };
        same_fields(&role, ROLE);
        let tip = Tip {
            id: s(),
            title: s(),
            text: s(),
            skills: vec![s()],
        };
        same_fields(&tip, TIP);
    }
}
