//! The one integration-test binary: a module per area, sharing `common`.

mod bank;
mod browser;
mod cli;
mod common;
mod duplicate_keys;
mod engine_properties;
mod free_text;
mod fuzz_corpus;
mod honesty;
mod hostile;
mod irt_reference;
mod markdown_export;
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
