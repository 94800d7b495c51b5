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

/// One line of prompt text with its control and bidi characters escaped.
fn safe(text: &str) -> String {
    crate::text::escape_controls(text).into_owned()
}

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

/// The width the prompts are laid out for: the terminal's (on standard error, where they go).
fn width() -> usize {
    crate::render::chart::columns(std::io::stderr()).clamp(20, 200)
}

/// `text` wrapped between words to `width` columns, its lines after the first indented by
/// `indent` spaces (so that an option's continuation lines sit under its text, after inquire's
/// cursor or checkbox). inquire lays out the line breaks itself, so the prompt keeps its shape;
/// a word longer than a line is left whole. Control and bidi characters are escaped: the prompts
/// quote bank and session text, and must not let it act on the terminal.
fn wrapped(text: &str, width: usize, indent: usize) -> String {
    let text = crate::text::escape_forbidden(text, true);
    let text = text.as_ref();
    let options = crate::text::wrap_options(width.saturating_sub(indent).max(10));
    textwrap::wrap(text, options).join(&format!("\n{}", " ".repeat(indent)))
}

/// How a chosen option is echoed once answered: on lines of its own under the question, wrapped
/// (inquire would put it after the question, where a long one runs over the edge).
fn echoed(option: &str, bullet: &str) -> String {
    let w = width();
    let pad = " ".repeat(4 + bullet.chars().count());
    format!(
        "\n    {bullet}{}",
        wrapped(option, w, pad.len()).trim_start()
    )
}

/// The header line and the options of a choice, wrapped for the terminal; `marker` is how wide
/// inquire's mark before an option is ("> " or "> [ ] ").
fn laid_out(ask: &Ask, options: &[String], marker: usize) -> (String, String, Vec<String>) {
    let w = width();
    let header = wrapped(&ask.header, w, 2);
    let prompt = wrapped(&ask.prompt, w, 2);
    let options = options.iter().map(|o| wrapped(o, w, marker)).collect();
    (header, prompt, options)
}

impl Prompter for TerminalPrompter {
    fn say(&mut self, text: &str) {
        let width = width().clamp(40, 120);
        for paragraph in text.lines() {
            eprintln!("{}", wrapped(paragraph, width, 0));
        }
        eprintln!();
    }

    fn select(&mut self, ask: &Ask, options: &[String], start: usize) -> Reply<usize> {
        let originals = options.to_vec();
        let (header, prompt, options) = laid_out(ask, options, 2);
        eprintln!("\n{header}");
        let echo =
            move |o: inquire::list_option::ListOption<&String>| echoed(&originals[o.index], "");
        let r = inquire::Select::new(&prompt, options.clone())
            .with_formatter(&echo)
            .with_help_message(&safe(&ask.help))
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
        let originals = options.to_vec();
        let (header, prompt, options) = laid_out(ask, options, 6);
        eprintln!("\n{header}");
        let echo = move |chosen: &[inquire::list_option::ListOption<&String>]| {
            chosen
                .iter()
                .map(|o| echoed(&originals[o.index], "• "))
                .collect::<String>()
        };
        let last = options.len().saturating_sub(1);
        let validator = move |chosen: &[inquire::list_option::ListOption<&String>]| {
            let idx: Vec<usize> = chosen.iter().map(|o| o.index).collect();
            Ok(match valid(&idx, last) {
                Some(msg) => inquire::validator::Validation::Invalid(msg.into()),
                None => inquire::validator::Validation::Valid,
            })
        };
        let r = inquire::MultiSelect::new(&prompt, options.clone())
            .with_formatter(&echo)
            .with_help_message(&safe(&ask.help))
            .with_page_size(options.len().clamp(1, 10))
            .without_filtering()
            .with_validator(validator)
            .raw_prompt()
            .map(|v| v.into_iter().map(|o| o.index).collect());
        from_inquire(r)
    }

    fn text(&mut self, ask: &Ask) -> Reply<String> {
        let (header, prompt, _) = laid_out(ask, &[], 0);
        eprintln!("\n{header}");
        from_inquire(
            inquire::Text::new(&prompt)
                .with_help_message(&safe(&ask.help))
                .prompt(),
        )
    }

    /// A one-line question with no header (as `delete` has always asked); inquire's own error
    /// text is kept, since the caller says what to do instead.
    fn confirm(&mut self, ask: &Ask, default: bool) -> Reply<bool> {
        use inquire::InquireError as E;
        let text = safe(&ask.prompt);
        let help = safe(&ask.help);
        let mut prompt = inquire::Confirm::new(&text).with_default(default);
        if !help.is_empty() {
            prompt = prompt.with_help_message(&help);
        }
        match prompt.prompt() {
            Ok(v) => Reply::Answer(v),
            Err(E::OperationCanceled) => Reply::Cancelled,
            Err(E::OperationInterrupted) => Reply::Interrupted,
            Err(e) => Reply::Failed(e.to_string()),
        }
    }
}
