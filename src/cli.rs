//! The command line: argument definitions (clap) and the commands they run.

use crate::answers::Answers;
use crate::bank::{self, Bank, BankSource, Severity};
use crate::error::{Error, Result};
use crate::{engine, report};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where you stand against the AI engineering roles you are weighing, and what to do next.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, about, propagate_version = true)]
pub struct Cli {
    /// Use the question bank in DIR (holding `questions/` and `profiles/`) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub bank: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    let Some(command) = cli.command else {
        let mut help = <Cli as clap::CommandFactory>::command();
        write_out(out, &format!("{}\n", help.render_help()))?;
        return Ok(());
    };
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
        Command::Score { answers, json } => {
            let bank = load_bank(&source)?;
            let answers = read_answers(&answers, &bank)?;
            let result = engine::assess(&bank, &answers);
            if json {
                write_out(out, &to_json(&result))
            } else {
                write_out(out, &report::assessment(&result))
            }
        }
    }
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
                .map(|d| {
                    serde_json::json!({"file": d.file, "place": d.place, "message": d.message, "help": d.help})
                })
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
        let hint = match crate::suggest::closest(id, ids) {
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
