//! skillgap: where you stand against the AI engineering roles you are weighing, and what to do next.
//!
//! The library owns the domain: the question [`bank`], the pure scoring [`engine`], the learning
//! [`path`], and the command-line front end in [`cli`]. The binary only parses arguments and calls it.

pub mod adaptive;
pub mod answers;
pub mod bank;
pub mod chart;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod error;
pub mod html;
pub mod path;
pub mod persona;
pub mod quiz;
pub mod report;
pub mod simulate;
pub mod store;
pub mod suggest;

pub use error::{Error, Result};
