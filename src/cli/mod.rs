//! The command line: clap's definitions and a short dispatch. Each group of commands has its own
//! file (`bank`, `quiz`, `results`, `simulate`, `completions`); `prompt` is the real terminal.
//!
//! clap's types stop here: the dispatch hands plain values (`Config`, paths, ids, the library's
//! own enums) to the commands, and the library below never sees clap.

mod bank;
mod calibrate;
mod common;
mod completions;
#[doc(hidden)]
pub mod fuzz;
mod prompt;
mod quiz;
mod results;
mod simulate;
mod team;

use crate::bank::BankSource;
use crate::error::{Error, Result};
use crate::quiz::{Mode, Prompter};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Where you stand against the AI engineering roles you are weighing, and what to do next.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, about, propagate_version = true)]
pub struct Cli {
    /// Use the question bank in DIR (holding `questions/` and `profiles/`) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) bank: Option<PathBuf>,

    /// Keep results and unfinished quizzes in DIR instead of the platform's data directory
    /// (default: $SKILLGAP_DATA_DIR when set and not empty).
    #[arg(long, global = true, value_name = "DIR", value_parser = data_dir)]
    pub(crate) data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// Who the simulated respondents are, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PopulationArg {
    /// People leaning to one role (half of them with a second role mixed in), answering by the
    /// engine's own model.
    Profiles,
    /// Skills and interests with no structure linking them to roles (a stress test full of ties).
    Independent,
    /// People leaning to a role who rate themselves without bias and sometimes guess.
    Honest,
    /// The same people, rating themselves 1–2 levels too high.
    Overconfident,
    /// The same people, rating themselves 1–2 levels too low.
    Underconfident,
    /// The same people, rating at random or all alike, and answering some checks blindly.
    Careless,
    /// Every skill drawn on its own from N(0, 1), answering by the engine's own model (what
    /// `calibrate` assumes; not in `all`).
    Standard,
    /// Every population, each reported on its own.
    #[value(alias = "mixed")]
    All,
}

impl PopulationArg {
    /// The library's populations this stands for.
    fn populations(self) -> Vec<crate::simulate::Population> {
        use crate::simulate::Population as P;
        match self {
            Self::Profiles => vec![P::Profiles],
            Self::Independent => vec![P::Independent],
            Self::Honest => vec![P::Honest],
            Self::Overconfident => vec![P::Overconfident],
            Self::Underconfident => vec![P::Underconfident],
            Self::Careless => vec![P::Careless],
            Self::Standard => vec![P::Standard],
            Self::All => P::ALL.to_vec(),
        }
    }
}

/// The quiz's length as typed on the command line (the library's [`Mode`] has no clap in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormArg {
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

/// Document formats for `export` and `compare --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Json,
    Markdown,
    Html,
}

/// Formats of `team`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TeamFormat {
    Terminal,
    Markdown,
    Html,
    Json,
}

/// Formats for `export`: the documents, and the response log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    Json,
    Markdown,
    Html,
    /// One JSON object per line per answered question (the response log `calibrate` reads).
    Jsonl,
}

/// `quiz --help`: what each combination with `--answers` does.
const QUIZ_ANSWERS_HELP: &str = "\
From an answer file (no terminal needed; the result is saved and printed):
  quiz --answers FILE
      Score every answer in FILE as it is.
  quiz --mode quick --answers FILE
      Replay the adaptive quick quiz: the questions it picks, answered from FILE
      (\"I don't know\" where FILE has none), until it stops; only those are saved.
  quiz --mode full --answers FILE
      Replay the full quiz: every question for the roles in focus, answered from
      FILE (\"I don't know\" where FILE has none); answers to others are unused.
  With any of them, --role ID (repeatable) focuses the recommendation on those
  roles, and --json prints the result as JSON with its id.";

/// The subcommands; plain `skillgap` at a terminal means `quiz`.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Take the quiz (the default at a terminal); offers to resume an unfinished one.
    #[command(after_help = QUIZ_ANSWERS_HELP)]
    Quiz {
        /// Quick (adaptive) or full (every question); asked when not given. With --answers: the
        /// form to replay.
        #[arg(long, value_enum)]
        mode: Option<FormArg>,
        /// Focus on these roles (repeatable): the recommendation comes from among them; asked
        /// when not given (with --answers: all roles).
        #[arg(long = "role", value_name = "ID")]
        roles: Vec<String>,
        /// Start a new quiz even if one is unfinished (the unfinished one is kept).
        #[arg(long)]
        new: bool,
        /// Take the answers from FILE (the format of `skillgap score`) instead of asking; needs
        /// no terminal.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// With --answers: print the result as JSON, with its id.
        #[arg(long, requires = "answers")]
        json: bool,
    },
    /// Resume an unfinished quiz at its next unanswered question (asks which when there are several)
    Resume {
        /// The unfinished quiz's id (as the pause message and the list of unfinished quizzes show it)
        id: Option<String>,
    },
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
        /// The summary and then every figure: each role's bars and overall score, the skills, calibration and the path
        #[arg(long, conflicts_with = "summary")]
        full: bool,
        /// Only the summary (the default)
        #[arg(long)]
        summary: bool,
    },
    /// Review a saved result's answers: every check with your answer, the right one and why, wrong ones first
    Review {
        /// A result id, a unique prefix of one, or `latest`.
        #[arg(default_value = "latest")]
        id: String,
    },
    /// Show a saved result's learning path as a checklist.
    Path {
        #[arg(default_value = "latest")]
        id: String,
        #[arg(long)]
        json: bool,
        /// Lay the path out as a dated schedule from today, at N hours a week (1–80).
        #[arg(long, value_name = "N", value_parser = hours_per_week)]
        hours_per_week: Option<u32>,
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
    /// Export a saved result as JSON, Markdown or a self-contained HTML report, or results' answers as an anonymous response log (jsonl).
    Export {
        /// Result ids or unique prefixes (default: latest); several only with `--format jsonl`.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// With `--format jsonl`: every saved result.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// With `--format jsonl`: add each result's id to its records (they are anonymous without).
        #[arg(long)]
        with_ids: bool,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Markdown and HTML: add the path's dated schedule from today, at N hours a week (1–80).
        #[arg(long, value_name = "N", value_parser = hours_per_week)]
        hours_per_week: Option<u32>,
        /// JSON: the name a group sees for you in `skillgap team --named` (kept in the export only).
        #[arg(long, value_name = "NAME", value_parser = member_name)]
        name: Option<String>,
    },
    /// A skills matrix of a group from its members' result exports: levels per skill, who is
    /// ready for each role, skills few hold, shared gaps and what to train first.
    Team {
        /// Result exports (`skillgap export --format json`), or directories of them (their
        /// `*.json` files).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Only this role (default: every role in turn).
        #[arg(long, value_name = "ID")]
        role: Option<String>,
        /// Below N members only counts are shown; a skill measured by fewer has its figures withheld.
        #[arg(long, value_name = "N", default_value_t = crate::team::DEFAULT_MIN_GROUP, value_parser = min_group)]
        min_group: usize,
        /// Show the names people gave (`export --name`) instead of M1…Mn.
        #[arg(long)]
        named: bool,
        #[arg(long, value_enum, conflicts_with = "json")]
        format: Option<TeamFormat>,
        /// The same as --format json.
        #[arg(long)]
        json: bool,
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
        /// How many random respondents in each population (the test personas come on their own).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        respondents: u32,
        /// Seed of the random respondents: the same seed gives the same report.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Who the random respondents are (`all`, or `mixed`: every population, each on its own).
        #[arg(long, value_enum, default_value_t = PopulationArg::Profiles)]
        population: PopulationArg,
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print the tables as Markdown.
        #[arg(long)]
        markdown: bool,
        /// Instead of the report, write every random respondent's answers to the whole bank to
        /// FILE as a response log (the format `export --format jsonl` writes, for `calibrate`).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "markdown"])]
        export_responses: Option<PathBuf>,
    },
    /// Fit the bank's item parameters to response logs (JSON lines), flag doubtful items, and write a calibrated copy of the bank.
    Calibrate {
        /// Response logs: `export --format jsonl`, `simulate --export-responses`, or any JSON lines with `respondent`, `question` and `correct` or `answer`.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write the calibrated bank and calibration.json into DIR (new or empty); without it, only the report.
        #[arg(short, long, value_name = "OUTDIR")]
        output: Option<PathBuf>,
        /// Print the report as JSON.
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

/// `--data-dir`: a directory's path; an empty one names none (as an empty `SKILLGAP_DATA_DIR`
/// is taken as unset, an empty flag is taken as a mistake rather than the current directory).
fn data_dir(s: &str) -> std::result::Result<PathBuf, String> {
    if s.is_empty() {
        Err("an empty path names no directory; give a directory, or leave the flag out to use the default".to_string())
    } else {
        Ok(PathBuf::from(s))
    }
}

/// `--hours-per-week`: a whole number of hours from 1 to the most a schedule takes.
fn hours_per_week(s: &str) -> std::result::Result<u32, String> {
    let max = crate::score::path::MAX_HOURS_PER_WEEK;
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number of hours a week from 1 to {max}, such as 10"
        )),
    }
}

/// `--min-group`: a whole number of members, at least 1.
fn min_group(s: &str) -> std::result::Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err("expected a whole number of members from 1, such as 5".to_string()),
    }
}

/// `export --name`: one line of at most 60 characters, so that it fits a heading and a legend;
/// control and bidirectional characters are refused rather than carried to another's terminal.
fn member_name(s: &str) -> std::result::Result<String, String> {
    let name = s.trim();
    if name.is_empty() {
        return Err("a name needs at least one character".to_string());
    }
    if name.chars().count() > crate::store::MAX_NAME_CHARS {
        return Err(format!(
            "a name is at most {} characters",
            crate::store::MAX_NAME_CHARS
        ));
    }
    if name.chars().any(|c| crate::text::is_forbidden(c, false)) {
        return Err("a name is one line of text, without control characters".to_string());
    }
    Ok(name.to_string())
}

/// What every command needs, with clap left behind.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// `--bank DIR`, or the built-in bank.
    pub(crate) bank: BankSource,
    /// Whether the bank is the built-in one (the test personas are written for it).
    pub(crate) builtin_bank: bool,
    /// `--data-dir`/`SKILLGAP_DATA_DIR`; None: the platform's data directory.
    pub(crate) data_dir: Option<PathBuf>,
}

/// Whoever is at the keyboard: the prompter that asks, and whether anyone can answer it.
pub(crate) struct Console<'a> {
    pub(crate) prompter: &'a mut dyn Prompter,
    pub(crate) interactive: bool,
}

/// A message for standard error, each of its lines wrapped between words at the width of the
/// terminal there (or `COLUMNS`, else 80), continuation lines indented under the first.
/// Control and bidi characters in it (from a file name, an argument, a file's text) are escaped
/// first: standard error is often a terminal even when output is piped.
pub fn wrapped_message(text: &str) -> String {
    let text = crate::text::escape_forbidden(text, true);
    let width = crate::render::chart::columns(std::io::stderr()).clamp(40, 200);
    let options = crate::text::wrap_options(width);
    text.lines()
        .map(|l| {
            // Lines that are already indented (a listing under a heading) keep their indent.
            let indent: String = l.chars().take_while(|c| *c == ' ').collect();
            let rest = format!("{indent}  ");
            textwrap::fill(
                l,
                options.clone().initial_indent("").subsequent_indent(&rest),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exits on clap's error about the command line (or prints the help or version it stands for).
/// clap quotes the arguments as they were typed, and at a terminal would write their control
/// characters raw: its message passes [`crate::text::for_terminal`] first, keeping its colours.
pub fn exit_with(e: clap::Error) -> ! {
    if !e.use_stderr() {
        e.exit()
    }
    let text = e.render().ansi().to_string();
    let mut stderr = anstream::stderr();
    let _ = write!(stderr, "{}", crate::text::for_terminal(&text));
    let _ = stderr.flush();
    std::process::exit(e.exit_code())
}

/// What to do next about a library error, naming the command that does it: the library's
/// messages never name commands, so the hints live here.
pub fn hint(e: &Error) -> Option<&'static str> {
    match e {
        Error::NoResults => Some("take the quiz with `skillgap quiz`"),
        Error::NoSuchResult {
            suggestion: None, ..
        } => Some("`skillgap history` lists them"),
        Error::SessionInUse { .. } => {
            Some("finish it there, or start a new one with `skillgap quiz --new`")
        }
        _ => None,
    }
}

/// Runs a parsed command line at the real terminal, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    run_with(
        cli,
        &mut prompt::TerminalPrompter,
        prompt::is_interactive(),
        out,
    )
}

/// [`run`] with another prompter, and `interactive` saying whether a person can answer it: tests
/// drive the interactive commands (`quiz`, `resume`, `delete`) in-process with scripted replies.
pub fn run_with(
    cli: Cli,
    prompter: &mut dyn Prompter,
    interactive: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let cfg = Config {
        builtin_bank: cli.bank.is_none(),
        bank: cli.bank.map_or(BankSource::Builtin, BankSource::Dir),
        data_dir: cli.data_dir.or_else(|| {
            std::env::var_os("SKILLGAP_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        }),
    };
    let mut console = Console {
        prompter,
        interactive,
    };
    let command = match cli.command {
        Some(c) => c,
        None if interactive => Command::Quiz {
            mode: None,
            roles: Vec::new(),
            new: false,
            answers: None,
            json: false,
        },
        None => {
            let mut help = <Cli as clap::CommandFactory>::command();
            common::write_out(out, &format!("{}\n", help.render_help()))?;
            return Err(Error::Usage(
                "no command given, and this is not an interactive terminal to start the quiz in"
                    .to_string(),
            ));
        }
    };
    match command {
        Command::Validate { dir, json } => {
            let source = dir.map_or(cfg.bank, BankSource::Dir);
            bank::validate(&source, json, out)
        }
        Command::Roles { json } => bank::roles(&cfg.bank, json, out),
        Command::Skills { role, json } => bank::skills(&cfg.bank, role.as_deref(), json, out),
        Command::Quiz {
            mode,
            roles,
            new,
            answers,
            json,
        } => {
            let args = quiz::QuizArgs {
                mode: mode.map(Mode::from),
                roles,
                new,
                answers,
                json,
            };
            quiz::quiz(&cfg, &mut console, args, out)
        }
        Command::Resume { id } => quiz::resume(&cfg, &mut console, id.as_deref(), out),
        Command::Score { answers, json } => quiz::score(&cfg, &answers, json, out),
        Command::History { json } => results::history(&cfg, json, out),
        Command::Show {
            id,
            json,
            full,
            summary: _,
        } => {
            let detail = if full {
                common::Detail::Full
            } else {
                common::Detail::Summary
            };
            results::show(&cfg, &id, json, detail, out)
        }
        Command::Review { id } => results::review(&cfg, &id, out),
        Command::Path {
            id,
            json,
            hours_per_week,
        } => results::path(&cfg, &id, json, hours_per_week, out),
        Command::Compare {
            a,
            b,
            json,
            format,
            output,
        } => {
            let args = results::CompareArgs {
                a,
                b,
                json,
                format,
                output,
            };
            results::compare(&cfg, args, out)
        }
        Command::Export {
            ids,
            format,
            all,
            with_ids,
            output,
            hours_per_week,
            name,
        } => {
            let args = results::ExportArgs {
                ids,
                format,
                all,
                with_ids,
                output,
                hours_per_week,
                name,
            };
            results::export_command(&cfg, args, out)
        }
        Command::Team {
            paths,
            role,
            min_group,
            named,
            format,
            json,
            output,
        } => {
            let format = match (format, json) {
                (Some(f), _) => f,
                (None, true) => TeamFormat::Json,
                (None, false) => TeamFormat::Terminal,
            };
            let options = crate::team::Options {
                role,
                min_group,
                named,
            };
            team::team(&cfg, &paths, &options, format, output, out)
        }
        Command::Delete { id, yes } => results::delete(&cfg, &mut console, &id, yes, out),
        Command::Rescore { id, json } => results::rescore(&cfg, &id, json, out),
        Command::Simulate {
            respondents,
            seed,
            population,
            json,
            markdown,
            export_responses,
        } => {
            if let Some(path) = export_responses {
                return simulate::export_responses(
                    &cfg,
                    respondents as usize,
                    seed,
                    population.populations(),
                    &path,
                    out,
                );
            }
            let output = match (json, markdown) {
                (true, _) => simulate::Output::Json,
                (_, true) => simulate::Output::Markdown,
                _ => simulate::Output::Terminal,
            };
            simulate::simulate(
                &cfg,
                respondents as usize,
                seed,
                population.populations(),
                output,
                out,
            )
        }
        Command::Calibrate {
            files,
            output,
            json,
        } => calibrate::calibrate(&cfg, &files, output.as_deref(), json, out),
        Command::Completions { shell } => completions::completions(shell, out),
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap checks its own definition (conflicting flags, bad defaults) only when asked.
    #[test]
    fn verify_app() {
        Cli::command().debug_assert();
    }

    #[test]
    fn messages_for_standard_error_escape_control_characters() {
        let text = super::wrapped_message("error: a\u{1b}]0;t\u{7}\u{9b}\u{202e}b\n  c");
        assert_eq!(text, "error: a\\u{1b}]0;t\\u{7}\\u{9b}\\u{202e}b\n  c");
    }
}
