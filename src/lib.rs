//! skillgap: where you stand against the AI engineering roles you are weighing, and what to do next.
//!
//! Layers, each using only those below it: [`text`] ← [`bank`] ← [`answers`] ← [`score`] ←
//! [`responses`] ← [`adaptive`] ← [`simulate`] ← [`calibrate`]; [`store`] keeps results; [`quiz`] runs the flow behind a prompter;
//! [`team`] sums up many people's results; [`render`] words results for the terminal, Markdown and HTML; [`cli`] is the command line.

pub mod adaptive;
pub mod answers;
pub mod bank;
pub mod calibrate;
pub mod cli;
pub mod error;
pub mod quiz;
pub mod render;
pub mod responses;
pub mod score;
pub mod simulate;
pub mod store;
pub mod team;
pub mod text;

pub use error::{Error, Result};
