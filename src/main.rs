//! The skillgap binary: parse the arguments, run the library, turn errors into messages and exit codes.

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Help and usage errors wrap between words at the terminal's width (`COLUMNS`, else 80, when
    // standard output is not a terminal), as everything else skillgap prints does.
    let width = skillgap::render::chart::columns(std::io::stdout()).clamp(40, 200);
    let cli = skillgap::cli::Cli::command()
        .term_width(width)
        .try_get_matches()
        .and_then(|m| skillgap::cli::Cli::from_arg_matches(&m));
    let cli = cli.unwrap_or_else(|e| skillgap::cli::exit_with(e));
    // Colour where the terminal supports it; none with NO_COLOR or when output is not a terminal.
    let mut stdout = anstream::AutoStream::auto(std::io::stdout().lock());
    match skillgap::cli::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A deliberate stop is not an error: say how to resume, without the "error:" label.
            let label = match e {
                skillgap::Error::Interrupted(_) => "",
                _ => "error: ",
            };
            eprintln!("{}", skillgap::cli::wrapped_message(&format!("{label}{e}")));
            if let Some(hint) = skillgap::cli::hint(&e) {
                eprintln!(
                    "{}",
                    skillgap::cli::wrapped_message(&format!("hint: {hint}"))
                );
            }
            // Every exit code comes from the error itself (1 failure, 2 usage, 130 interrupt).
            ExitCode::from(e.exit_code())
        }
    }
}
