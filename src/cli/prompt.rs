//! The real terminal behind the quiz's [`Prompter`]: inquire's prompts on standard error, and
//! notices wrapped to the terminal's width. The only place the program prompts.

use crate::quiz::{Ask, Prompter, Reply};
use std::io::IsTerminal;

/// Whether a person is at the keyboard: both input and the prompts' output are a terminal.
pub(crate) fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The real terminal, through inquire.
#[derive(Debug, Default)]
pub(crate) struct TerminalPrompter;

fn from_inquire<T>(r: std::result::Result<T, inquire::InquireError>) -> Reply<T> {
    use inquire::InquireError as E;
    match r {
        Ok(v) => Reply::Answer(v),
        Err(E::OperationCanceled) => Reply::Cancelled,
        Err(E::OperationInterrupted) => Reply::Interrupted,
        Err(E::NotTTY) => Reply::Failed("the quiz needs an interactive terminal".to_string()),
        Err(e) => Reply::Failed(format!("the terminal failed: {e}")),
    }
}

impl Prompter for TerminalPrompter {
    fn say(&mut self, text: &str) {
        let width = terminal_size::terminal_size_of(std::io::stderr())
            .map_or(80, |(w, _)| w.0 as usize)
            .clamp(40, 120);
        for paragraph in text.lines() {
            eprintln!("{}", textwrap::fill(paragraph, width));
        }
        eprintln!();
    }

    fn select(&mut self, ask: &Ask, options: &[String], start: usize) -> Reply<usize> {
        eprintln!("\n{}", ask.header);
        let r = inquire::Select::new(&ask.prompt, options.to_vec())
            .with_help_message(&ask.help)
            .with_page_size(options.len().clamp(1, 10))
            .with_starting_cursor(start.min(options.len().saturating_sub(1)))
            .without_filtering()
            .raw_prompt()
            .map(|o| o.index);
        from_inquire(r)
    }

    fn multi_select(
        &mut self,
        ask: &Ask,
        options: &[String],
        valid: fn(&[usize], usize) -> Option<String>,
    ) -> Reply<Vec<usize>> {
        eprintln!("\n{}", ask.header);
        let last = options.len().saturating_sub(1);
        let validator = move |chosen: &[inquire::list_option::ListOption<&String>]| {
            let idx: Vec<usize> = chosen.iter().map(|o| o.index).collect();
            Ok(match valid(&idx, last) {
                Some(msg) => inquire::validator::Validation::Invalid(msg.into()),
                None => inquire::validator::Validation::Valid,
            })
        };
        let r = inquire::MultiSelect::new(&ask.prompt, options.to_vec())
            .with_help_message(&ask.help)
            .with_page_size(options.len().clamp(1, 10))
            .without_filtering()
            .with_validator(validator)
            .raw_prompt()
            .map(|v| v.into_iter().map(|o| o.index).collect());
        from_inquire(r)
    }

    fn text(&mut self, ask: &Ask) -> Reply<String> {
        eprintln!("\n{}", ask.header);
        from_inquire(
            inquire::Text::new(&ask.prompt)
                .with_help_message(&ask.help)
                .prompt(),
        )
    }

    /// A one-line question with no header (as `delete` has always asked); inquire's own error
    /// text is kept, since the caller says what to do instead.
    fn confirm(&mut self, ask: &Ask, default: bool) -> Reply<bool> {
        use inquire::InquireError as E;
        let mut prompt = inquire::Confirm::new(&ask.prompt).with_default(default);
        if !ask.help.is_empty() {
            prompt = prompt.with_help_message(&ask.help);
        }
        match prompt.prompt() {
            Ok(v) => Reply::Answer(v),
            Err(E::OperationCanceled) => Reply::Cancelled,
            Err(E::OperationInterrupted) => Reply::Interrupted,
            Err(e) => Reply::Failed(e.to_string()),
        }
    }
}
