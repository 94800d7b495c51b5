//! Reading one versioned file: only a regular file of bounded size, whose format name and version
//! are checked, brought up to today's version by the migrations below.
//!
//! A file that cannot be read is a problem to report, never a reason to stop: the caller names it
//! and leaves it as it is, so nothing is lost to a skillgap that cannot read it yet.

use super::{FORMAT_VERSION, RESULT_FORMAT};
use crate::score::path::StepReason;
use crate::score::recommend;
use crate::score::{Factor, GAP_THRESHOLD, RoleMatch, SkillEstimate};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// The largest result or session file read. A real one is well under 1 MB; the cap keeps a huge
/// or endless file (a link to `/dev/zero`) from eating the memory of every command that lists
/// results.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How much of a file is read to find its head (format, version, id, and a result's time):
/// skillgap writes those first, in well under 1 KiB.
const HEAD_BYTES: u64 = 4096;

/// The fields skillgap writes first in every saved file, read without parsing the rest, so that
/// choosing the latest of 10,000 results reads 4 KiB of each rather than all of them.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Head {
    pub(crate) format: Option<String>,
    pub(crate) version: Option<u64>,
    pub(crate) id: Option<String>,
    pub(crate) created: Option<jiff::Timestamp>,
    pub(crate) mode: Option<super::Mode>,
    pub(crate) bank: Option<super::BankStamp>,
    pub(crate) rescored_from: Option<String>,
    pub(crate) headline: Option<super::Headline>,
    /// Whether the file ends as skillgap ends what it writes (`}` alone on the last line): a
    /// file cut short almost never does. Set by [`read_head`] only.
    pub(crate) complete: bool,
}

impl Head {
    /// The head of the JSON object `bytes` begins with (which may be cut short): the leading
    /// members skillgap writes ahead of the answers (format, version, id, created, mode, bank,
    /// rescored_from, headline), up to the first other member. A file
    /// written with its members in another order has an incomplete head and is read in full.
    pub(crate) fn parse(bytes: &[u8]) -> Head {
        use serde::de::{Deserializer as _, MapAccess, Visitor};
        struct HeadVisitor<'a>(&'a mut Head);
        impl<'de> Visitor<'de> for HeadVisitor<'_> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        "format" => self.0.format = Some(map.next_value()?),
                        "version" => self.0.version = Some(map.next_value()?),
                        "id" => self.0.id = Some(map.next_value()?),
                        "created" => self.0.created = Some(map.next_value()?),
                        "mode" => self.0.mode = Some(map.next_value()?),
                        "bank" => self.0.bank = Some(map.next_value()?),
                        "rescored_from" => self.0.rescored_from = map.next_value()?,
                        "headline" => self.0.headline = Some(map.next_value()?),
                        // The first other member ends the head; what follows is not read.
                        _ => return Ok(()),
                    }
                }
                Ok(())
            }
        }
        let mut head = Head::default();
        let mut de = serde_json::Deserializer::from_slice(bytes);
        // Stopping early leaves the object unclosed, an error that does not matter here: the
        // members read so far are in `head` either way.
        let _ = (&mut de).deserialize_map(HeadVisitor(&mut head));
        head
    }
}

/// Reads a versioned file: migrates older versions, refuses newer ones and anything corrupt.
///
/// A file of today's version with no text to neutralise is parsed once, straight into `T`;
/// anything else (an older version, escapes, an unusual order of members) takes the slower road
/// through a `serde_json::Value`.
pub(crate) fn read_versioned<T: DeserializeOwned>(
    path: &Path,
    format: &str,
) -> std::result::Result<T, String> {
    let bytes = read_regular(path)?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("is empty".to_string());
    }
    let head = Head::parse(bytes);
    let current = head.format.as_deref() == Some(format)
        && head.version == Some(FORMAT_VERSION as u64)
        && head.id.is_some();
    if current && !needs_neutralising(bytes) {
        let item = serde_json::from_slice(bytes).map_err(|e| parse_problem(&e))?;
        check_name(path, head.id.as_deref())?;
        return Ok(item);
    }
    read_through_value(path, bytes, format)
}

/// Whether a file's text holds anything [`neutralise`] would change: a `\u` escape (serde_json
/// writes control characters so) or a raw DEL, C1 or bidirectional control.
fn needs_neutralising(bytes: &[u8]) -> bool {
    if bytes.windows(2).any(|w| w == b"\\u") {
        return true;
    }
    if bytes.is_ascii() {
        return bytes.contains(&0x7f);
    }
    std::str::from_utf8(bytes).map_or(true, |s| {
        s.chars().any(|c| crate::text::is_forbidden(c, true))
    })
}

fn parse_problem(e: &serde_json::Error) -> String {
    if e.is_eof() {
        "is truncated (it ends in the middle of the data)".to_string()
    } else if e.is_syntax() {
        format!("is corrupt (not valid JSON: {e})")
    } else {
        format!("is corrupt ({e})")
    }
}

/// Ids become paths (`delete` removes results/<id>.json): a file's id must be its own name, with
/// no path in it, so that "../../victim" or a copy named "abc copy.json" is reported rather than
/// acted on as another file.
fn check_name(path: &Path, id: Option<&str>) -> std::result::Result<(), String> {
    let stem = path.file_stem().and_then(|s| s.to_str());
    match id {
        Some(id) if Some(id) == stem && super::valid_id(id) => Ok(()),
        _ => Err(format!(
            "names itself {}, not its file name; rename it back or remove it",
            crate::text::escape_controls(&format!("{:?}", id.unwrap_or_default()))
        )),
    }
}

/// The slow road: the whole file as a `Value`, checked, migrated and neutralised, then typed.
fn read_through_value<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    format: &str,
) -> std::result::Result<T, String> {
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| parse_problem(&e))?;
    // A `Value` keeps the last of a repeated key: look for one before it is lost (the typed road
    // refuses them as it reads).
    if let Some(d) = std::str::from_utf8(bytes)
        .ok()
        .and_then(crate::text::json::first_duplicate)
    {
        return Err(format!(
            "is corrupt (duplicate key `{}` at line {} column {})",
            crate::text::escape_controls(&d.key),
            d.line,
            d.column
        ));
    }
    if value.get("format").and_then(Value::as_str) != Some(format) {
        return Err(format!("is not a {format} file"));
    }
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("has no format version")?;
    if version > FORMAT_VERSION as u64 {
        return Err(format!(
            "was written by a newer skillgap (format version {version}; this one reads up to {FORMAT_VERSION}); upgrade skillgap to read it"
        ));
    }
    migrate(&mut value, version, format)?;
    let misnamed = match value.get("id") {
        Some(Value::String(id)) => check_name(path, Some(id)).err(),
        Some(other) => check_name(path, Some(&other.to_string())).err(),
        None => None,
    };
    neutralise(&mut value);
    let item = serde_json::from_value(value).map_err(|e| format!("is corrupt ({e})"))?;
    match misnamed {
        Some(problem) => Err(problem),
        None => Ok(item),
    }
}

/// The head of a saved file, from its first few KiB, and whether its last bytes end it as
/// skillgap does (the same checks as a full read: a regular file, not a link, within the cap).
pub(crate) fn read_head(path: &Path) -> std::result::Result<Head, String> {
    use std::io::{Seek, SeekFrom};
    let (mut file, len) = open_checked(path, false)?;
    let mut bytes = Vec::with_capacity(HEAD_BYTES as usize);
    (&mut file)
        .take(HEAD_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut head = if needs_neutralising(text) {
        // Text to escape: left to a full read, which neutralises it.
        Head::default()
    } else {
        Head::parse(text)
    };
    let mut tail = [0u8; 16];
    let start = len.saturating_sub(tail.len() as u64);
    let tail = match file.seek(SeekFrom::Start(start)) {
        Ok(_) => {
            let n = file.read(&mut tail).unwrap_or(0);
            &tail[..n]
        }
        Err(_) => &tail[..0],
    };
    head.complete = tail.trim_ascii_end().ends_with(b"\n}");
    Ok(head)
}

impl Head {
    /// Whether the head is of a `format` file of today's version, named by its own id.
    pub(crate) fn is_current(&self, path: &Path, format: &str) -> bool {
        self.format.as_deref() == Some(format)
            && self.version == Some(FORMAT_VERSION as u64)
            && check_name(path, self.id.as_deref()).is_ok()
    }
}

/// Saved files are untrusted: a control or bidirectional character in any of their text (a
/// copied role name, a typed answer, an id) could rewrite the terminal when `show` or `history`
/// prints it. Each one becomes a visible `\u{..}` escape, line breaks and tabs aside.
fn neutralise(value: &mut Value) {
    let clean = |s: &str| -> Option<String> {
        match crate::text::escape_forbidden(s, true) {
            std::borrow::Cow::Owned(escaped) => Some(escaped),
            std::borrow::Cow::Borrowed(_) => None,
        }
    };
    match value {
        Value::String(s) => {
            if let Some(c) = clean(s) {
                *s = c;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(neutralise),
        Value::Object(map) => {
            if map.keys().any(|k| clean(k).is_some()) {
                let old = std::mem::take(map);
                for (k, v) in old {
                    map.insert(clean(&k).unwrap_or(k), v);
                }
            }
            map.values_mut().for_each(neutralise);
        }
        _ => {}
    }
}

/// The bytes of `path` if it is a regular file (not a link, FIFO, device or directory) within
/// [`MAX_FILE_BYTES`]. Opening a FIFO would hang every command that lists results.
fn read_regular(path: &Path) -> std::result::Result<Vec<u8>, String> {
    read_checked(path, false)
}

/// The bytes of a file a person names on the command line (an answer file): a link is followed,
/// as they chose it, but what it names must be a regular file within the size cap, so a FIFO,
/// a device or `/dev/zero` is refused instead of hanging or filling memory.
pub(crate) fn read_named(path: &Path) -> std::result::Result<Vec<u8>, String> {
    read_checked(path, true)
}

/// A regular file's bytes, at most [`MAX_FILE_BYTES`]; a symbolic link is refused unless
/// `follow_links`, and the file opened must be the one that was checked.
pub(super) fn read_checked(
    path: &Path,
    follow_links: bool,
) -> std::result::Result<Vec<u8>, String> {
    let (file, len) = open_checked(path, follow_links)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(len: u64) -> String {
    format!("is too large ({len} bytes; a skillgap file is at most {MAX_FILE_BYTES} bytes)")
}

/// Opens a regular file within the size cap, and returns it with its length. The path is looked
/// at first (a FIFO or device is never opened), then opened without following a link (unless
/// `follow_links`) and without blocking, and what was opened is checked to be what was looked at:
/// the path may have been replaced in between.
fn open_checked(path: &Path, follow_links: bool) -> std::result::Result<(File, u64), String> {
    let meta = if follow_links {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    }
    .map_err(|e| format!("cannot be read: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("is a symbolic link, not a regular file (not followed)".to_string());
    }
    if !meta.is_file() {
        return Err("is not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow_links { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("cannot be read: {e}"))?;
    let opened = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    #[cfg(unix)]
    let same = {
        use std::os::unix::fs::MetadataExt;
        opened.is_file() && opened.dev() == meta.dev() && opened.ino() == meta.ino()
    };
    #[cfg(not(unix))]
    let same = opened.is_file();
    if !same {
        return Err("changed while being read; try again".to_string());
    }
    Ok((file, opened.len()))
}

/// Brings an older file up to [`FORMAT_VERSION`], one step per version, so any old file can be
/// read. Sessions have had one shape so far; results changed in version 2.
fn migrate(value: &mut Value, from: u64, format: &str) -> std::result::Result<(), String> {
    if format == RESULT_FORMAT && from < 2 {
        result_v1_to_v2(value)
            .map_err(|e| format!("is corrupt (a version-1 result that cannot be read: {e})"))?;
    }
    value["version"] = Value::from(FORMAT_VERSION);
    Ok(())
}

fn field<'a>(v: &'a Value, key: &str) -> std::result::Result<&'a Value, String> {
    v.get(key).ok_or_else(|| format!("no `{key}`"))
}

fn parse<T: DeserializeOwned>(v: &Value, key: &str) -> std::result::Result<T, String> {
    serde_json::from_value(field(v, key)?.clone()).map_err(|e| format!("`{key}`: {e}"))
}

/// Version 1 saved reasons as English sentences; version 2 saves them typed. The typed reasons
/// are rebuilt from the figures a version-1 result holds (the role matches with their
/// requirements, the skills, the recommendation's settled flag), the way scoring builds them, so
/// no bank is needed. The one name a version-1 file keeps only in a sentence, the skill a
/// prerequisite step is for, is read from the sentence's fixed form ("prerequisite for NAME").
fn result_v1_to_v2(value: &mut Value) -> std::result::Result<(), String> {
    let a = value.get_mut("assessment").ok_or("no `assessment`")?;
    let roles: Vec<RoleMatch> = parse(a, "roles")?;
    let skills: Vec<SkillEstimate> = parse(a, "skills")?;
    let rec = field(a, "recommendation")?;
    let find = |id: &str| {
        roles
            .iter()
            .find(|m| m.role == id)
            .ok_or_else(|| format!("no match for role `{id}`"))
    };
    let top = find(field(rec, "role")?.as_str().ok_or("`role` is not text")?)?;
    let second = match rec.get("runner_up").and_then(Value::as_str) {
        Some(id) => Some(find(id)?),
        None => None,
    };
    let settled = field(rec, "settled")?
        .as_bool()
        .ok_or("`settled` is not true or false")?;
    let best = roles.first().ok_or("no roles")?;
    let reasons = recommend::reasons(top, second, best, settled, |m| measured_share(m, &skills));
    a["recommendation"]["reasons"] = serde_json::to_value(reasons).expect("reasons serialise");

    let runner_up_role = match a.get("runner_up").and_then(|r| r.get("role")) {
        Some(Value::String(id)) => Some(find(id)?),
        _ => None,
    };
    if let Some(steps) = a.get_mut("path").and_then(Value::as_array_mut) {
        for step in steps {
            step_v1_to_v2(step, top, &skills)?;
        }
    }
    if let (Some(role), Some(steps)) = (
        runner_up_role,
        a.get_mut("runner_up")
            .and_then(|r| r.get_mut("steps"))
            .and_then(Value::as_array_mut),
    ) {
        for step in steps {
            step_v1_to_v2(step, role, &skills)?;
        }
    }
    Ok(())
}

/// The importance-weighted share of a role's requirements with any of its skills measured, from
/// the saved figures (scoring computes the same from the bank).
fn measured_share(m: &RoleMatch, skills: &[SkillEstimate]) -> f64 {
    let measured_by_name = |name: &String| skills.iter().any(|e| &e.name == name && e.measured());
    let total: f64 = m.requirements.iter().map(|f| f.importance as f64).sum();
    let measured: f64 = m
        .requirements
        .iter()
        .filter(|f| f.measured || f.alternatives.iter().any(measured_by_name))
        .map(|f| f.importance as f64)
        .sum();
    if total == 0.0 { 0.0 } else { measured / total }
}

/// A version-1 path step toward `role`: a requirement has the role's importance (1–5, as banks
/// are validated); a prerequisite the role does not list has importance 0.
fn step_v1_to_v2(
    step: &mut Value,
    role: &RoleMatch,
    skills: &[SkillEstimate],
) -> std::result::Result<(), String> {
    let skill = field(step, "skill")?
        .as_str()
        .ok_or("`skill` is not text")?;
    let importance: u8 = parse(step, "importance")?;
    let why = if importance == 0 {
        let sentence = field(step, "why")?.as_str().unwrap_or_default();
        let name = sentence.strip_prefix("prerequisite for ").ok_or_else(|| {
            format!("the step for `{skill}` gives no skill it is a prerequisite for")
        })?;
        let dependent = skills
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("no skill named {name:?}"))?;
        StepReason::Prerequisite {
            skill: dependent.skill.clone(),
            name: dependent.name.clone(),
        }
    } else {
        // Scoring gives a step the reason of the role's last requirement that the skill counts
        // for and falls short of (a skill may count for two, alone and as an alternative).
        let counts = |f: &&Factor| f.skill == skill && f.importance == importance;
        let short = |f: &&Factor| f.target as f64 - f.level >= GAP_THRESHOLD;
        let reqs = &role.requirements;
        let alternatives = reqs
            .iter()
            .rev()
            .filter(counts)
            .find(short)
            .or_else(|| reqs.iter().rev().find(counts))
            .is_some_and(|f| !f.alternatives.is_empty());
        let (role, name) = (role.role.clone(), role.name.clone());
        if alternatives {
            StepReason::RequiredOrAlternative {
                role,
                name,
                importance,
            }
        } else {
            StepReason::Required {
                role,
                name,
                importance,
            }
        }
    };
    step["why"] = serde_json::to_value(why).expect("step reasons serialise");
    Ok(())
}
