//! The one integration-test binary: a module per area, sharing `common`.

mod bank;
mod browser;
mod calibrate;
mod cli;
mod common;
mod engine_properties;
mod free_text;
mod honesty;
mod irt_reference;
mod personas;
mod progress;
mod quiz_flow;
mod quiz_replay;
mod readme;
mod reports;
mod simulate;
mod snapshots;
mod store;
mod terminal;
mod unfinished;
