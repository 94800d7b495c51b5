//! The bank's commands: `validate`, `roles`, `skills`.

use super::common::{find_role, load_bank, to_json, write_out};
use crate::bank::{self, Bank, BankSource, Severity};
use crate::error::{Error, Result};
use crate::render::terminal as report;
use std::io::Write;

/// Every diagnostic at once, then the coverage; fails (already reported) when there are errors.
pub(crate) fn validate(source: &BankSource, json: bool, out: &mut dyn Write) -> Result<()> {
    let (bank, diagnostics) = bank::load_with_report(source);
    let coverage = bank.as_ref().map(Bank::coverage);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if json {
        let list = |sev: Severity| -> Vec<serde_json::Value> {
            diagnostics
                .iter()
                .filter(|d| d.severity == sev)
                .map(|d| serde_json::to_value(d).unwrap_or_default())
                .collect()
        };
        let doc = serde_json::json!({
            "valid": errors == 0,
            "errors": list(Severity::Error),
            "warnings": list(Severity::Warning),
            "coverage": coverage,
        });
        write_out(out, &to_json(&doc))?;
    } else {
        write_out(out, &report::validation(&diagnostics, coverage.as_ref()))?;
    }
    if errors > 0 {
        return Err(Error::Reported(format!(
            "{source} has {}",
            crate::text::count(errors, "error")
        )));
    }
    Ok(())
}

pub(crate) fn roles(source: &BankSource, json: bool, out: &mut dyn Write) -> Result<()> {
    let bank = load_bank(source)?;
    if json {
        write_out(out, &to_json(bank.roles()))
    } else {
        write_out(out, &report::roles(&bank))
    }
}

/// All skills, or one role's (its alternatives included).
pub(crate) fn skills(
    source: &BankSource,
    role: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let bank = load_bank(source)?;
    let role = match role {
        None => None,
        Some(id) => Some(find_role(&bank, id)?),
    };
    if json {
        let skills: Vec<&bank::Skill> = match role {
            None => bank.skills().iter().collect(),
            Some(r) => r
                .skills
                .iter()
                .flat_map(|rs| std::iter::once(&rs.skill).chain(&rs.alternatives))
                .filter_map(|id| bank.skill(id))
                .collect(),
        };
        write_out(out, &to_json(&skills))
    } else {
        write_out(out, &report::skills(&bank, role))
    }
}
