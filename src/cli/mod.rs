//! The command line: argument definitions (clap) and the commands they run.

use crate::answers::Answers;
use crate::bank::{self, Bank, BankSource, Severity};
use crate::error::{Error, Result};
use crate::quiz::{self, Mode, Outcome, Start, TerminalPrompter};
use crate::render::chart::Layout;
use crate::render::terminal as report;
use crate::score::{self, compare};
use crate::store::{self, SavedResult, Store};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Where you stand against the AI engineering roles you are weighing, and what to do next.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, about, propagate_version = true)]
pub struct Cli {
    /// Use the question bank in DIR (holding `questions/` and `profiles/`) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub bank: Option<PathBuf>,

    /// Keep results and unfinished quizzes in DIR instead of the platform's data directory.
    #[arg(long, global = true, value_name = "DIR", env = "SKILLGAP_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Export formats.
/// Who the simulated respondents are, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PopulationArg {
    /// People leaning to one role (half of them with a second role mixed in).
    Profiles,
    /// Skills and interests with no structure linking them to roles (a stress test full of ties).
    Independent,
}

impl From<PopulationArg> for crate::simulate::Population {
    fn from(p: PopulationArg) -> Self {
        match p {
            PopulationArg::Profiles => Self::Profiles,
            PopulationArg::Independent => Self::Independent,
        }
    }
}

/// The quiz's length as typed on the command line (the library's [`Mode`] has no clap in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormArg {
    /// Adaptive: asks where the answer matters most and stops once the result is settled.
    Quick,
    /// Every question in the bank (for the chosen roles).
    Full,
}

impl From<FormArg> for Mode {
    fn from(f: FormArg) -> Self {
        match f {
            FormArg::Quick => Mode::Quick,
            FormArg::Full => Mode::Full,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Markdown,
    Html,
}

/// The subcommands; plain `skillgap` at a terminal means `quiz`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take the quiz (the default at a terminal); offers to resume an unfinished one.
    Quiz {
        /// Quick (a balanced subset) or full (every question); asked when not given.
        #[arg(long, value_enum)]
        mode: Option<FormArg>,
        /// Focus on these roles (repeatable); asked when not given.
        #[arg(long = "role", value_name = "ID")]
        roles: Vec<String>,
        /// Start a new quiz even if one is unfinished (the unfinished one is kept).
        #[arg(long)]
        new: bool,
        /// Take the answers from FILE (the format of `skillgap score`) instead of asking.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// With --answers: print the result as JSON, with its id.
        #[arg(long, requires = "answers")]
        json: bool,
    },
    /// Resume the unfinished quiz at the next unanswered question.
    Resume,
    /// List saved results: date, length, top role, readiness, questions answered.
    History {
        #[arg(long)]
        json: bool,
    },
    /// Show a saved result in full, as at the end of the quiz.
    Show {
        /// A result id, a unique prefix of one, or `latest`.
        #[arg(default_value = "latest")]
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Show a saved result's learning path as a checklist.
    Path {
        #[arg(default_value = "latest")]
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Compare two results (default: the last two): per-skill and per-role change.
    Compare {
        /// The earlier result.
        a: Option<String>,
        /// The later result.
        b: Option<String>,
        #[arg(long)]
        json: bool,
        /// Write the comparison as a document instead of printing it.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// With --format: write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE", requires = "format")]
        output: Option<PathBuf>,
    },
    /// Export a saved result as JSON, Markdown or a self-contained HTML report.
    Export {
        #[arg(default_value = "latest")]
        id: String,
        #[arg(long, value_enum)]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete a saved result (asks first; pass --yes when not at a terminal).
    Delete {
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Score a saved result's answers again with today's bank, and save that as a new result.
    Rescore {
        #[arg(default_value = "latest")]
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Simulate respondents to compare the adaptive quick form with a random form and the full bank.
    Simulate {
        /// How many random respondents (the test personas are added).
        #[arg(long, default_value_t = 1000)]
        respondents: usize,
        /// Seed of the random respondents: the same seed gives the same report.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Who the random respondents are.
        #[arg(long, value_enum, default_value_t = PopulationArg::Profiles)]
        population: PopulationArg,
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Check a bank (the built-in one by default) and show what it covers.
    Validate {
        /// A bank directory holding `questions/` and `profiles/`.
        dir: Option<PathBuf>,
        /// Print the diagnostics and coverage as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the roles the bank holds.
    Roles {
        #[arg(long)]
        json: bool,
    },
    /// List the skills the bank holds, or those one role needs.
    Skills {
        /// Only the skills this role needs, with importance and target level.
        #[arg(long, value_name = "ID")]
        role: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Score an answer file and print the result; nothing is saved.
    Score {
        /// `{"answers": {"<question id>": ANSWER}}`; see the README.
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let source = match &cli.bank {
        Some(dir) => BankSource::Dir(dir.clone()),
        None => BankSource::Builtin,
    };
    let command = match cli.command {
        Some(c) => c,
        None if is_interactive() => Command::Quiz {
            mode: None,
            roles: Vec::new(),
            new: false,
            answers: None,
            json: false,
        },
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            write_out(out, &format!("{}\n", help.render_help()))?;
            return Err(Error::Usage(
                "no command given, and this is not an interactive terminal to start the quiz in"
                    .to_string(),
            ));
        }
    };
    let data_dir = cli.data_dir;
    match command {
        Command::Validate { dir, json } => {
            let source = dir.map(BankSource::Dir).unwrap_or(source);
            validate(&source, json, out)
        }
        Command::Roles { json } => {
            let bank = load_bank(&source)?;
            if json {
                write_out(out, &to_json(bank.roles()))
            } else {
                write_out(out, &report::roles(&bank))
            }
        }
        Command::Skills { role, json } => {
            let bank = load_bank(&source)?;
            let role = match role {
                None => None,
                Some(id) => Some(find_role(&bank, &id)?),
            };
            if json {
                let skills: Vec<&bank::Skill> = match role {
                    None => bank.skills().iter().collect(),
                    Some(r) => r
                        .skills
                        .iter()
                        .flat_map(|rs| std::iter::once(&rs.skill).chain(&rs.alternatives))
                        .filter_map(|id| bank.skill(id))
                        .collect(),
                };
                write_out(out, &to_json(&skills))
            } else {
                write_out(out, &report::skills(&bank, role))
            }
        }
        Command::Quiz {
            mode,
            roles,
            new,
            answers,
            json,
        } => {
            let bank = load_bank(&source)?;
            let store = open_store(data_dir)?;
            if let Some(path) = answers {
                let answers = read_answers(&path, &bank)?;
                let result = quiz::run_answers(&bank, &store, answers, &source.to_string())?;
                return print_result(&result, &store, json, true, out);
            }
            for id in &roles {
                find_role(&bank, id)?;
            }
            let start = if new { Start::New } else { Start::Ask };
            run_interactive(
                &bank,
                &store,
                &source,
                start,
                mode,
                (!roles.is_empty()).then_some(roles),
                out,
            )
        }
        Command::Resume => {
            let bank = load_bank(&source)?;
            let store = open_store(data_dir)?;
            run_interactive(&bank, &store, &source, Start::Resume, None, None, out)
        }
        Command::History { json } => {
            let store = open_store(data_dir)?;
            let (results, problems) = store.results();
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
        Command::Show { id, json } => {
            let store = open_store(data_dir)?;
            let result = find(&store, &id)?;
            // Old results stay as scored; say so when today's bank differs (a broken bank is no
            // reason not to show a saved result, so it is simply not compared).
            if !json
                && let Ok(bank) = bank::load(&source)
                && bank.fingerprint() != result.bank.fingerprint
            {
                eprintln!(
                    "note: this result was scored with an earlier version of the question bank; `skillgap rescore {}` scores its answers with today's.",
                    result.id
                );
            }
            print_result(&result, &store, json, false, out)
        }
        Command::Path { id, json } => {
            let store = open_store(data_dir)?;
            let result = find(&store, &id)?;
            if json {
                write_out(out, &to_json(&result.assessment.path))
            } else {
                write_out(out, &report::path_checklist(&result, Layout::detect()))
            }
        }
        Command::Compare {
            a,
            b,
            json,
            format,
            output,
        } => {
            let store = open_store(data_dir)?;
            let (older, newer) = match (a, b) {
                (Some(a), Some(b)) => (find(&store, &a)?, find(&store, &b)?),
                (Some(_), None) | (None, Some(_)) => {
                    return Err(Error::Usage(
                        "compare takes two result ids, or none for the last two".to_string(),
                    ));
                }
                (None, None) => {
                    let (results, problems) = store.results();
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
            let text = match (format, json) {
                (Some(Format::Json), _) | (None, true) => to_json(&c),
                (Some(Format::Markdown), _) => report::markdown_comparison(&c, &older, &newer),
                (Some(Format::Html), _) => crate::render::html::comparison(&c, &older, &newer),
                (None, false) => report::comparison(&c, &older, &newer, Layout::detect()),
            };
            match output {
                Some(path) => write_file(&path, &text, out),
                None => write_out(out, &text),
            }
        }
        Command::Export { id, format, output } => {
            let store = open_store(data_dir)?;
            let result = find(&store, &id)?;
            let text = match format {
                Format::Json => to_json(&result),
                Format::Markdown => report::markdown(&result),
                Format::Html => crate::render::html::result(&result),
            };
            match output {
                Some(path) => write_file(&path, &text, out),
                None => write_out(out, &text),
            }
        }
        Command::Delete { id, yes } => {
            let store = open_store(data_dir)?;
            let result = find(&store, &id)?;
            if !yes {
                if !is_interactive() {
                    return Err(Error::Usage(format!(
                        "not deleting {} without confirmation: this is not an interactive terminal; pass --yes to delete it",
                        result.id
                    )));
                }
                let question = format!(
                    "Delete result {} from {} ({})? This cannot be undone.",
                    result.id,
                    result.created.strftime("%Y-%m-%d %H:%M UTC"),
                    result.assessment.recommendation.name
                );
                match inquire::Confirm::new(&question)
                    .with_default(false)
                    .prompt()
                {
                    Ok(true) => {}
                    Ok(false) | Err(inquire::InquireError::OperationCanceled) => {
                        return write_out(out, "Nothing deleted.\n");
                    }
                    Err(inquire::InquireError::OperationInterrupted) => {
                        return Err(Error::Interrupted("Nothing deleted.".to_string()));
                    }
                    Err(e) => {
                        return Err(Error::NoTerminal(format!(
                            "cannot ask for confirmation: {e}; pass --yes"
                        )));
                    }
                }
            }
            store.delete_result(&result.id)?;
            write_out(out, &format!("Deleted result {}.\n", result.id))
        }
        Command::Rescore { id, json } => {
            let bank = load_bank(&source)?;
            let store = open_store(data_dir)?;
            let old = find(&store, &id)?;
            let mut answers = old.answers.clone();
            let dropped = answers.stale(&bank, &old.versions);
            for qid in &dropped {
                answers.0.remove(qid);
            }
            if !dropped.is_empty() {
                eprintln!(
                    "note: {} answer(s) to questions that are no longer in the bank or have changed were left out: {}",
                    dropped.len(),
                    dropped.join(", ")
                );
            }
            let result = quiz::run_answers_with(
                &bank,
                &store,
                answers,
                &source.to_string(),
                old.mode,
                Some(old.id.clone()),
                &old.assessment.focus,
            )?;
            print_result(&result, &store, json, true, out)
        }
        Command::Simulate {
            respondents,
            seed,
            population,
            json,
        } => {
            let bank = load_bank(&source)?;
            let personas = if cli.bank.is_none() {
                crate::simulate::builtin_personas()
            } else {
                Vec::new()
            };
            let opts = crate::simulate::Options {
                population: population.into(),
                respondents,
                seed,
                policy: crate::adaptive::Policy::default(),
                threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let report = crate::simulate::run(&bank, &personas, &opts);
            if json {
                write_out(out, &to_json(&report))
            } else {
                write_out(out, &report::simulation(&report))
            }
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "skillgap", &mut buf);
            write_out(out, &String::from_utf8_lossy(&buf))
        }
        Command::Score { answers, json } => {
            let bank = load_bank(&source)?;
            let answers = read_answers(&answers, &bank)?;
            let result = score::assess(&bank, &answers);
            if json {
                write_out(out, &to_json(&result))
            } else {
                write_out(out, &report::assessment(&result, Layout::detect()))
            }
        }
    }
}

/// Whether a person is at the keyboard: both input and the prompts' output are a terminal.
fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn open_store(dir: Option<PathBuf>) -> Result<Store> {
    let dir = dir.or_else(store::default_dir).ok_or_else(|| {
        Error::Usage(
            "cannot find a data directory on this system; choose one with --data-dir DIR or SKILLGAP_DATA_DIR".to_string(),
        )
    })?;
    Store::open(dir)
}

fn warn_unreadable(problems: &[store::Problem]) {
    for p in problems {
        eprintln!("warning: {p}");
    }
}

/// Finds a result, warning about unreadable files; the data directory is read once.
fn find(store: &Store, id: &str) -> Result<SavedResult> {
    let (results, problems) = store.results();
    warn_unreadable(&problems);
    Store::find_among(results, &problems, id)
}

fn history_row(r: &SavedResult) -> serde_json::Value {
    let top = r.assessment.recommended();
    serde_json::json!({
        "id": r.id,
        "created": r.created,
        "mode": r.mode.as_str(),
        "top_role": top.map(|t| t.role.clone()),
        "top_role_name": top.map(|t| t.name.clone()),
        "readiness": top.map(|t| (t.readiness * 1000.0).round() / 1000.0),
        "answered": r.assessment.answered,
        "bank": r.bank.fingerprint,
        "rescored_from": r.rescored_from,
    })
}

/// Prints a saved result (the result JSON plus its id with `json`), and where it is kept.
fn print_result(
    result: &SavedResult,
    store: &Store,
    json: bool,
    new: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if json {
        let mut value = serde_json::to_value(&result.assessment).expect("results serialise");
        value["id"] = serde_json::Value::from(result.id.clone());
        return write_out(out, &to_json(&value));
    }
    let mut text = report::result_header(result);
    text.push_str(&report::assessment(&result.assessment, Layout::detect()));
    if new {
        let layout = Layout::detect();
        let saved = format!(
            "Saved as result {} in {}.",
            result.id,
            store.results_dir().display()
        );
        let again = format!(
            "See it again with `skillgap show {}`, the path alone with `skillgap path {}`, and your progress over time with `skillgap compare`.",
            result.id, result.id
        );
        text.push_str(&format!(
            "\n{}\n{}\n",
            layout.wrap(&saved, "", "  "),
            layout.wrap(&again, "", "")
        ));
    }
    write_out(out, &text)
}

fn run_interactive(
    bank: &Bank,
    store: &Store,
    source: &BankSource,
    start: Start,
    mode: Option<FormArg>,
    focus: Option<Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    if !is_interactive() {
        return Err(Error::NoTerminal(
            "the quiz needs an interactive terminal, and standard input is not one.\n\
             To score answers from a file instead, run `skillgap quiz --answers FILE` (the format is in the README and `skillgap score --help`)."
                .to_string(),
        ));
    }
    let opts = quiz::Options {
        start,
        mode: mode.map(Mode::from),
        focus,
        bank_source: source.to_string(),
    };
    match quiz::run(bank, store, &mut TerminalPrompter, opts)? {
        Outcome::Finished(result) => print_result(&result, store, false, true, out),
        Outcome::Paused {
            session,
            answered,
            planned,
            interrupted,
        } => {
            let msg = if session.is_empty() {
                "Left before the first question; nothing was saved.".to_string()
            } else {
                format!(
                    "Paused: {answered} of ~{planned} answers are saved. Resume with `skillgap resume`."
                )
            };
            if interrupted {
                Err(Error::Interrupted(msg))
            } else {
                write_out(out, &format!("{msg}\n"))
            }
        }
    }
}

fn write_file(path: &Path, text: &str, out: &mut dyn Write) -> Result<()> {
    store::write_atomic(path, text.as_bytes(), false)?;
    write_out(out, &format!("Wrote {}.\n", path.display()))
}

/// Loads a bank, turning its diagnostics into one error that lists them all.
pub fn load_bank(source: &BankSource) -> Result<Bank> {
    bank::load(source).map_err(|diagnostics| Error::Bank {
        bank: source.clone(),
        diagnostics,
    })
}

fn validate(source: &BankSource, json: bool, out: &mut dyn Write) -> Result<()> {
    let (bank, diagnostics) = bank::load_with_report(source);
    let coverage = bank.as_ref().map(Bank::coverage);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if json {
        let list = |sev: Severity| -> Vec<serde_json::Value> {
            diagnostics
                .iter()
                .filter(|d| d.severity == sev)
                .map(|d| serde_json::to_value(d).unwrap_or_default())
                .collect()
        };
        let doc = serde_json::json!({
            "valid": errors == 0,
            "errors": list(Severity::Error),
            "warnings": list(Severity::Warning),
            "coverage": coverage,
        });
        write_out(out, &to_json(&doc))?;
    } else {
        write_out(out, &report::validation(&diagnostics, coverage.as_ref()))?;
    }
    if errors > 0 {
        return Err(Error::Reported(format!("{source} has {errors} error(s)")));
    }
    Ok(())
}

fn find_role<'a>(bank: &'a Bank, id: &str) -> Result<&'a bank::Role> {
    bank.role(id).ok_or_else(|| {
        let ids = bank.roles().iter().map(|r| r.id.as_str());
        let hint = match crate::text::closest(id, ids) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => "`skillgap roles` lists them".to_string(),
        };
        Error::Usage(format!("no role \"{id}\" in the bank; {hint}"))
    })
}

/// Reads and checks an answer file against the bank.
pub fn read_answers(path: &Path, bank: &Bank) -> Result<Answers> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        action: "read answer file",
        path: path.to_path_buf(),
        source,
    })?;
    Answers::parse_file(&text, bank).map_err(|problems| Error::Answers {
        path: path.display().to_string(),
        problems,
    })
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("results serialise");
    s.push('\n');
    s
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`skillgap roles | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|source| Error::Io {
            action: "write to",
            path: PathBuf::from("standard output"),
            source,
        }),
    }
}
