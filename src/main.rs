//! The skillgap binary: parse the arguments, run the library, turn errors into messages and exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = skillgap::cli::Cli::parse();
    // Colour where the terminal supports it; none with NO_COLOR or when output is not a terminal.
    let mut stdout = anstream::AutoStream::auto(std::io::stdout().lock());
    match skillgap::cli::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        // A deliberate stop is not an error: say how to resume, without the "error:" label.
        Err(e @ skillgap::Error::Interrupted(_)) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
