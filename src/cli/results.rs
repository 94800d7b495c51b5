//! Saved results: `history`, `show`, `path`, `compare`, `export`, `delete`, `rescore`.

use super::common::{
    Detail, find, load_bank, open_store, open_store_read_only, print_result, to_json,
    warn_unreadable, write_file, write_out,
};
use super::{Config, Console, ExportFormat, Format};
use crate::bank;
use crate::error::{Error, Result};
use crate::quiz::{self, Ask, Reply};
use crate::render::chart::Layout;
use crate::render::terminal as report;
use crate::score::compare;
use crate::score::path::{self, Schedule};
use crate::store::{ResultSummary, SavedResult};
use std::io::Write;
use std::path::PathBuf;

pub(crate) fn history(cfg: &Config, json: bool, out: &mut dyn Write) -> Result<()> {
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let (results, problems) = store.summaries();
    warn_unreadable(&problems);
    if json {
        let rows: Vec<serde_json::Value> = results.iter().map(history_row).collect();
        write_out(out, &to_json(&rows))
    } else if results.is_empty() {
        write_out(
            out,
            "No saved results yet. Take the quiz with `skillgap quiz`.\n",
        )
    } else {
        write_out(out, &report::history(&results))
    }
}

/// One row of `history --json`: a stable summary, not the whole result.
fn history_row(r: &ResultSummary) -> serde_json::Value {
    let top = r.top.as_ref();
    serde_json::json!({
        "id": r.id,
        "created": r.created,
        "mode": r.mode.as_str(),
        "top_role": top.map(|t| t.role.clone()),
        "top_role_name": top.map(|t| t.name.clone()),
        "readiness": top.map(|t| (t.readiness * 1000.0).round() / 1000.0),
        "answered": r.answered,
        "bank": r.bank_fingerprint,
        "rescored_from": r.rescored_from,
    })
}

pub(crate) fn show(
    cfg: &Config,
    id: &str,
    json: bool,
    detail: Detail,
    out: &mut dyn Write,
) -> Result<()> {
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let result = find(&store, id)?;
    // Old results stay as scored; say so when today's bank differs (a broken bank is no
    // reason not to show a saved result, so it is simply not compared).
    if !json
        && let Ok(bank) = bank::load(&cfg.bank)
        && bank.fingerprint() != result.bank.fingerprint
    {
        eprintln!(
            "note: this result was scored with an earlier version of the question bank; `skillgap rescore {}` scores its answers with today's.",
            result.id
        );
    }
    print_result(&result, &store, json, false, detail, out)
}

/// `skillgap review`: every check the person answered, with the right answer and why.
pub(crate) fn review(cfg: &Config, id: &str, out: &mut dyn Write) -> Result<()> {
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let result = find(&store, id)?;
    let bank = load_bank(&cfg.bank)?;
    let review = crate::score::review::review(&bank, &result.answers, &result.versions);
    let intro = format!("Answers of result {}: ", result.id);
    let text = crate::render::review::terminal(&bank, &review, &intro, Layout::detect());
    write_out(out, &text)
}

/// Today, where the person is: a schedule starts on the day it is asked for, not on the day of
/// the result it lays out (which may be months old).
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// The result's learning path as a schedule at `hours_per_week`, from today.
pub(super) fn schedule_of(r: &SavedResult, hours_per_week: u32) -> Schedule {
    path::schedule(&r.assessment.path, hours_per_week, today())
}

pub(crate) fn path(
    cfg: &Config,
    id: &str,
    json: bool,
    hours_per_week: Option<u32>,
    out: &mut dyn Write,
) -> Result<()> {
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let result = find(&store, id)?;
    let schedule = hours_per_week.map(|h| schedule_of(&result, h));
    match (json, &schedule) {
        (true, Some(s)) => write_out(out, &to_json(s)),
        (true, None) => write_out(out, &to_json(&result.assessment.path)),
        (false, s) => {
            let layout = Layout::detect();
            let mut text = report::path_checklist(&result, layout);
            if let Some(s) = s {
                text.push('\n');
                text.push_str(&report::schedule(s, layout));
            }
            write_out(out, &text)
        }
    }
}

/// What `compare` was asked for.
#[derive(Debug)]
pub(crate) struct CompareArgs {
    pub(crate) a: Option<String>,
    pub(crate) b: Option<String>,
    pub(crate) json: bool,
    pub(crate) format: Option<Format>,
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn compare(cfg: &Config, args: CompareArgs, out: &mut dyn Write) -> Result<()> {
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let (older, newer) = match (args.a, args.b) {
        (Some(a), Some(b)) => (find(&store, &a)?, find(&store, &b)?),
        (Some(_), None) | (None, Some(_)) => {
            return Err(Error::Usage(
                "compare takes two result ids, or none for the last two".to_string(),
            ));
        }
        (None, None) => {
            let mut problems = Vec::new();
            let results = store.latest_results(2, &mut problems);
            warn_unreadable(&problems);
            match results.as_slice() {
                [.., a, b] => (a.clone(), b.clone()),
                _ => {
                    return Err(Error::Usage(format!(
                        "compare needs two saved results; there {} {}. Take the quiz again later to see your progress.",
                        if results.len() == 1 { "is" } else { "are" },
                        results.len()
                    )));
                }
            }
        }
    };
    let c = compare::compare(&older.id, &older.assessment, &newer.id, &newer.assessment);
    let text = match (args.format, args.json) {
        (Some(Format::Json), _) | (None, true) => to_json(&c),
        (Some(Format::Markdown), _) => report::markdown_comparison(&c, &older, &newer),
        (Some(Format::Html), _) => crate::render::html::comparison(&c, &older, &newer),
        (None, false) => report::comparison(&c, &older, &newer, Layout::detect()),
    };
    match args.output {
        Some(path) => write_file(&path, &text, out),
        None => write_out(out, &text),
    }
}

/// What a document export (JSON, Markdown, HTML) of one result was asked for.
#[derive(Debug)]
pub(crate) struct DocumentArgs {
    pub(crate) format: Format,
    pub(crate) output: Option<PathBuf>,
    pub(crate) hours_per_week: Option<u32>,
    /// The name a group sees (`team --named`); JSON only.
    pub(crate) name: Option<String>,
}

pub(crate) fn export(
    cfg: &Config,
    id: &str,
    args: DocumentArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let DocumentArgs {
        format,
        output,
        hours_per_week,
        name,
    } = args;
    if format != Format::Json && name.is_some() {
        return Err(Error::Usage(
            "--name goes into the JSON export, the one `skillgap team` reads; use --format json"
                .to_string(),
        ));
    }
    if format == Format::Json && hours_per_week.is_some() {
        return Err(Error::Usage(
            "--hours-per-week adds a schedule to the Markdown and HTML exports; for JSON, use `skillgap path --json --hours-per-week N`".to_string(),
        ));
    }
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let result = find(&store, id)?;
    // The review needs the bank the answers are judged with; without one (a broken --bank) the
    // export goes ahead without it.
    let bank = bank::load(&cfg.bank).ok();
    let review = bank.as_ref().map(|b| {
        (
            b,
            crate::score::review::review(b, &result.answers, &result.versions),
        )
    });
    let review = review.as_ref().map(|(b, r)| (*b, r));
    let schedule = hours_per_week.map(|h| schedule_of(&result, h));
    let text = match format {
        Format::Json => to_json(&crate::store::NamedExport {
            result: &result,
            name: name.as_deref(),
        }),
        Format::Markdown => {
            let mut text = report::markdown(&result, review);
            if let Some(s) = &schedule {
                text.push_str(&crate::render::markdown::schedule(s));
            }
            text
        }
        Format::Html => crate::render::html::result(&result, schedule.as_ref(), review),
    };
    match output {
        Some(path) => write_file(&path, &text, out),
        None => write_out(out, &text),
    }
}

/// What `export` was asked for.
#[derive(Debug)]
pub(crate) struct ExportArgs {
    pub(crate) ids: Vec<String>,
    pub(crate) format: ExportFormat,
    pub(crate) all: bool,
    pub(crate) with_ids: bool,
    pub(crate) output: Option<PathBuf>,
    pub(crate) hours_per_week: Option<u32>,
    pub(crate) name: Option<String>,
}

/// `export`: one result as a document, or any number as the response log.
pub(crate) fn export_command(cfg: &Config, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let (document, name) = match args.format {
        ExportFormat::Json => (Format::Json, "json"),
        ExportFormat::Markdown => (Format::Markdown, "markdown"),
        ExportFormat::Html => (Format::Html, "html"),
        ExportFormat::Jsonl => {
            if args.name.is_some() {
                return Err(Error::Usage(
                    "--name goes into the JSON export, the one `skillgap team` reads; the response log is anonymous".to_string(),
                ));
            }
            if args.hours_per_week.is_some() {
                return Err(Error::Usage(
                    "--hours-per-week adds a schedule to the Markdown and HTML exports, not to the response log".to_string(),
                ));
            }
            let log = LogArgs {
                ids: args.ids,
                all: args.all,
                with_ids: args.with_ids,
                output: args.output,
            };
            return export_log(cfg, log, out);
        }
    };
    if args.all || args.with_ids {
        return Err(Error::Usage(
            "--all and --with-ids are for the response log: add `--format jsonl`".to_string(),
        ));
    }
    let id = match args.ids.as_slice() {
        [] => "latest".to_string(),
        [one] => one.clone(),
        _ => {
            return Err(Error::Usage(format!(
                "`--format {name}` exports one result; several ids (or --all) go into the response log, `--format jsonl`"
            )));
        }
    };
    let document = DocumentArgs {
        format: document,
        output: args.output,
        hours_per_week: args.hours_per_week,
        name: args.name,
    };
    export(cfg, &id, document, out)
}

/// What `export --format jsonl` was asked for.
#[derive(Debug)]
pub(crate) struct LogArgs {
    pub(crate) ids: Vec<String>,
    pub(crate) all: bool,
    pub(crate) with_ids: bool,
    pub(crate) output: Option<PathBuf>,
}

/// `export --format jsonl`: the answers of the chosen results as the response log, judged with
/// today's bank (answers to questions changed since are left out, as `rescore` does).
pub(crate) fn export_log(cfg: &Config, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    let store = open_store_read_only(cfg.data_dir.as_deref())?;
    let mut text = String::new();
    let mut add = |r: &SavedResult| {
        let key = crate::responses::respondent_key(&r.id);
        let id = args.with_ids.then_some(r.id.as_str());
        for record in crate::responses::records(&bank, &key, id, &r.answers, &r.versions) {
            text.push_str(&crate::responses::line(&record));
        }
    };
    if args.all {
        // One result in memory at a time, in the order of their ids.
        let mut any = false;
        let problems = store.each_result(|r| {
            any = true;
            add(&r);
        });
        warn_unreadable(&problems);
        if !any {
            return Err(Error::NoResults);
        }
    } else if args.ids.is_empty() {
        add(&find(&store, "latest")?);
    } else {
        let mut done: Vec<String> = Vec::new();
        for id in &args.ids {
            let r = find(&store, id)?;
            if !done.contains(&r.id) {
                add(&r);
                done.push(r.id);
            }
        }
    }
    match args.output {
        Some(path) => write_file(&path, &text, out),
        None => write_out(out, &text),
    }
}

/// Deletes a result: asks through the prompter at a terminal, needs `--yes` anywhere else, so a
/// script never deletes by accident and never hangs on a question no one sees.
pub(crate) fn delete(
    cfg: &Config,
    console: &mut Console<'_>,
    id: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let store = open_store(cfg.data_dir.as_deref())?;
    let result = find(&store, id)?;
    if !yes {
        if !console.interactive {
            return Err(Error::Usage(format!(
                "not deleting {} without confirmation: this is not an interactive terminal; pass --yes to delete it",
                result.id
            )));
        }
        let ask = Ask {
            question: None,
            header: String::new(),
            prompt: format!(
                "Delete result {} from {} ({})? This cannot be undone.",
                result.id,
                crate::render::when(result.created),
                result.assessment.recommendation.name
            ),
            help: String::new(),
        };
        match console.prompter.confirm(&ask, false) {
            Reply::Answer(true) => {}
            Reply::Answer(false) | Reply::Cancelled => {
                return write_out(out, "Nothing deleted.\n");
            }
            Reply::Interrupted => {
                return Err(Error::Interrupted("Nothing deleted.".to_string()));
            }
            Reply::Failed(e) => {
                return Err(Error::NoTerminal(format!(
                    "cannot ask for confirmation: {e}; pass --yes"
                )));
            }
        }
    }
    store.delete_result(&result.id)?;
    write_out(out, &format!("Deleted result {}.\n", result.id))
}

/// Scores a result's answers again with today's bank and saves that as a new result; answers
/// to questions that are gone or changed are left out, and said so.
pub(crate) fn rescore(cfg: &Config, id: &str, json: bool, out: &mut dyn Write) -> Result<()> {
    let bank = load_bank(&cfg.bank)?;
    let store = open_store(cfg.data_dir.as_deref())?;
    let old = find(&store, id)?;
    let mut answers = old.answers.clone();
    let dropped = answers.stale(&bank, &old.versions);
    for qid in &dropped {
        answers.0.remove(qid);
    }
    if !dropped.is_empty() {
        eprintln!(
            "note: {} to questions that are no longer in the bank or have changed were left out: {}",
            crate::text::count(dropped.len(), "answer"),
            crate::text::escape_controls(&dropped.join(", "))
        );
    }
    let result = quiz::run_answers_with(
        &bank,
        &store,
        answers,
        &cfg.bank,
        old.mode,
        Some(old.id.clone()),
        &old.assessment.focus,
    )?;
    print_result(&result, &store, json, true, Detail::Summary, out)
}
