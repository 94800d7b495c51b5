//! `completions`: a shell's completion script, generated from the same clap definition.

use super::Cli;
use super::common::write_out;
use crate::error::Result;
use std::io::Write;

pub(crate) fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "skillgap", &mut buf);
    write_out(out, &String::from_utf8_lossy(&buf))
}
