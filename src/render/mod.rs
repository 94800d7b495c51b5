//! Everything a person reads: the terminal, Markdown and HTML renderings of results, worded once.

pub mod chart;
pub mod html;
pub mod reasons;
pub mod terminal;
