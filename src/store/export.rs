//! Result exports as a group gathers them (`export --format json`, read by `team`): the saved
//! result with the name its person chose, read with the store's own care (a regular file within
//! the size cap, its format and version checked) but only the figures a team needs, so that ten
//! thousand of them read in seconds.

use super::{BankStamp, FORMAT_VERSION, RESULT_FORMAT, SavedResult};
use crate::answers::Answers;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::Path;

/// The longest name `export --name` takes: it has to fit a legend beside a heatmap.
pub const MAX_NAME_CHARS: usize = 60;

/// `export --format json`: the saved result, and the name its person wants a group to see.
#[derive(Debug, Serialize)]
pub struct NamedExport<'a> {
    #[serde(flatten)]
    pub result: &'a SavedResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
}

/// What a team reads of one export: who (its id, only to tell members apart, and the name they
/// gave), which bank scored it, its answers (to score again with another bank) and its figures.
#[derive(Debug, Clone)]
pub struct Export {
    pub id: String,
    /// The person's chosen name, its control characters escaped.
    pub name: Option<String>,
    pub bank: BankStamp,
    answers: Box<RawValue>,
    versions: Option<Box<RawValue>>,
    pub skills: Vec<ExportSkill>,
    pub roles: Vec<ExportRole>,
}

/// One skill's estimate as saved.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportSkill {
    pub skill: String,
    pub level: f64,
    #[serde(default)]
    pub self_rating: Option<u8>,
    #[serde(default)]
    pub checks_answered: usize,
}

impl ExportSkill {
    /// Whether anything was said about the skill (as `SkillEstimate::measured`).
    pub fn measured(&self) -> bool {
        self.self_rating.is_some() || self.checks_answered > 0
    }
}

/// One role's match as saved: readiness and each requirement in the role's order.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportRole {
    pub role: String,
    pub readiness: f64,
    pub requirements: Vec<ExportFactor>,
}

/// One requirement: the level that counts for it, and whether it was measured.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportFactor {
    pub target: u8,
    pub level: f64,
    #[serde(default = "measured_by_default")]
    pub measured: bool,
}

fn measured_by_default() -> bool {
    true
}

#[derive(Deserialize)]
struct Head {
    format: Option<String>,
    version: Option<u64>,
}

/// Every field optional, so that the format is checked before the shape.
#[derive(Deserialize)]
struct Body {
    format: Option<String>,
    version: Option<u64>,
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    bank: Option<BankStamp>,
    answers: Option<Box<RawValue>>,
    #[serde(default)]
    versions: Option<Box<RawValue>>,
    assessment: Option<BodyAssessment>,
}

fn check_head(head: &Head) -> std::result::Result<(), String> {
    if head.format.as_deref() != Some(RESULT_FORMAT) {
        return Err(format!(
            "is not a result export (`skillgap export --format json` writes one; it has \"format\": \"{RESULT_FORMAT}\")"
        ));
    }
    let version = head.version.ok_or("has no format version")?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(format!(
            "was written by a newer skillgap (format version {version}; this one reads up to {FORMAT_VERSION}); upgrade skillgap to read it"
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
struct BodyAssessment {
    skills: Vec<ExportSkill>,
    roles: Vec<ExportRole>,
}

impl Export {
    /// The saved answers, to score again with another bank (read only then: a team whose
    /// results all come from its own bank never needs them).
    pub fn answers(&self) -> std::result::Result<Answers, String> {
        serde_json::from_str(self.answers.get()).map_err(|e| format!("is corrupt (answers: {e})"))
    }

    /// The version of each answered question when it was answered (see `SavedResult::versions`).
    pub fn versions(&self) -> std::result::Result<BTreeMap<String, String>, String> {
        match &self.versions {
            None => Ok(BTreeMap::new()),
            Some(raw) => {
                serde_json::from_str(raw.get()).map_err(|e| format!("is corrupt (versions: {e})"))
            }
        }
    }
}

/// Reads one export. `named` is whether the person named this file on the command line (a link is
/// then followed, as for an answer file); a file found in a directory must be a regular file.
/// Every result version this skillgap reads has the fields a team needs in the same shape, so no
/// migration is needed; a newer version is refused as the store refuses it.
pub fn read_export(path: &Path, named: bool) -> std::result::Result<Export, String> {
    let bytes = super::file::read_checked(path, named)?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("is empty".to_string());
    }
    let corrupt = |e: serde_json::Error| {
        if e.is_eof() {
            "is truncated (it ends in the middle of the data)".to_string()
        } else {
            format!("is corrupt (not valid JSON: {e})")
        }
    };
    // One pass over the bytes in the usual case; a file that is not a result is told as such,
    // not as a missing field.
    let body: Body = match serde_json::from_slice(bytes) {
        Ok(body) => body,
        Err(e) => {
            let head: Head = serde_json::from_slice(bytes).map_err(corrupt)?;
            check_head(&head)?;
            return Err(format!("is corrupt ({e})"));
        }
    };
    check_head(&Head {
        format: body.format.clone(),
        version: body.version,
    })?;
    let missing = |field: &str| format!("is corrupt (no `{field}`)");
    let (Some(id), Some(bank), Some(answers), Some(assessment)) =
        (body.id, body.bank, body.answers, body.assessment)
    else {
        return Err(missing("id, bank, answers or assessment"));
    };
    let clean = |s: String| crate::text::escape_controls(&s).into_owned();
    Ok(Export {
        id: clean(id),
        name: body.name.map(clean),
        bank: BankStamp {
            fingerprint: clean(bank.fingerprint),
            source: clean(bank.source),
        },
        answers,
        versions: body.versions,
        skills: assessment.skills,
        roles: assessment.roles,
    })
}
