//! `skillgap simulate`'s report: how the adaptive form compares with a random and the full one.

use crate::render::chart::table;
use crate::render::pct;
use std::fmt::Write as _;

/// `skillgap simulate`'s report.
pub(crate) fn simulation(r: &crate::simulate::Report) -> String {
    let mut out = format!(
        "{} respondents ({:?} population, seed {}), bank {}: the full bank has {} questions; the random fixed form has {}.\n",
        r.respondents, r.population, r.seed, r.bank, r.full_length, r.random_form_length
    );
    let mut t = table(&[
        "form",
        "mean questions",
        "max",
        "share of full",
        "θ RMSE",
        "agrees with truth",
        "agrees with full",
    ]);
    for (name, f) in [
        ("adaptive", &r.forms.adaptive),
        ("random", &r.forms.random),
        ("full", &r.forms.full),
    ] {
        t.add_row(vec![
            name.to_string(),
            format!("{:.1}", f.mean_questions),
            f.max_questions.to_string(),
            pct(f.mean_questions / r.full_length.max(1) as f64),
            format!("{:.3}", f.rmse),
            format!("{:.1}%", 100.0 * f.agreement_with_truth),
            format!("{:.1}%", 100.0 * f.agreement_with_full),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let s = &r.adaptive_stops;
    let _ = writeln!(
        out,
        "The adaptive form stopped settled {} times, with nothing informative left {} times, at the cap {} times.",
        s.settled, s.nothing_informative, s.cap
    );
    if !r.personas.is_empty() {
        let mut t = table(&["persona", "truth", "full", "adaptive", "adaptive questions"]);
        for p in &r.personas {
            t.add_row(vec![
                p.id.clone(),
                p.truth.clone(),
                p.full.clone(),
                p.adaptive.clone(),
                p.adaptive_questions.to_string(),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}
