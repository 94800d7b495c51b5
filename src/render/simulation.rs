//! `skillgap simulate`'s report: how the adaptive quick form compares with a random and the full
//! one, a row per population and form, as a terminal table or as Markdown.

use crate::render::chart::{self, Layout, table};
use crate::render::markdown::cell;
use crate::render::pct;
use crate::simulate::{FormStats, PopulationReport, Report};
use std::fmt::Write as _;

/// The columns of the forms table after the population and the form.
const FIGURES: [&str; 6] = [
    "questions\n(max)",
    "share",
    "= truth",
    "= full",
    "readiness\nRMSE\nall/top",
    "θ RMSE",
];

/// One form's figures, in the order of [`FIGURES`].
fn figures(f: &FormStats) -> Vec<String> {
    vec![
        // A fixed form asks everybody the same number.
        if f.mean_questions == f.max_questions as f64 {
            f.max_questions.to_string()
        } else {
            format!("{:.1} ({})", f.mean_questions, f.max_questions)
        },
        pct(f.share_of_bank),
        format!("{:.1}%", 100.0 * f.agreement_with_truth),
        format!("{:.1}%", 100.0 * f.agreement_with_full),
        format!(
            "{:.3}/{:.3}",
            f.readiness_rmse, f.recommended_readiness_rmse
        ),
        format!("{:.3}", f.theta_rmse),
    ]
}

fn forms(p: &PopulationReport) -> [(&'static str, &FormStats); 3] {
    [
        ("quick", &p.forms.adaptive),
        ("random", &p.forms.random),
        ("full", &p.forms.full),
    ]
}

/// Each population's stops, with how many of them disagree with the full bank: "926 (31)".
fn stop_rows(r: &Report) -> Vec<Vec<String>> {
    r.populations
        .iter()
        .map(|p| {
            let (s, d) = (&p.adaptive_stops, &p.disagreements_by_stop);
            let cell = |n: usize, off: usize| format!("{n} ({off})");
            vec![
                p.population.id().to_string(),
                cell(s.settled, d.settled),
                cell(s.far_from_every, d.far_from_every),
                cell(s.nothing_informative, d.nothing_informative),
                cell(s.cap, d.cap),
            ]
        })
        .collect()
}

const STOP_HEADER: [&str; 5] = [
    "population",
    "settled",
    "far from every role",
    "nothing informative",
    "at the cap",
];

const PERSONAS: &str = "The personas, answering as their files say (same: as the true role):";

fn intro(r: &Report) -> [String; 2] {
    [
        format!(
            "{} respondents per population (seed {}), bank {}: {} questions.",
            r.respondents, r.seed, r.bank, r.full_length
        ),
        "Share: of the bank asked. = truth, = full: how often the recommendation is the true best \
         role, the full bank's. Readiness RMSE: over every role, and for the recommended one (top); \
         θ RMSE: over the skills the roles need. The random fixed form is as long as the quick one on average."
            .to_string(),
    ]
}

/// `skillgap simulate`'s report for the terminal: a row naming each population, then a row for
/// each of its forms, indented (80 columns hold no more).
pub(crate) fn simulation(r: &Report) -> String {
    let layout = Layout::default();
    let mut out = String::new();
    for line in intro(r) {
        let _ = writeln!(out, "{}", layout.wrap(&line, "", ""));
    }
    let header: Vec<&str> = std::iter::once("population").chain(FIGURES).collect();
    let mut t = table(&header);
    // The figures fit in 80 columns: none of them wraps.
    for column in t.column_iter_mut() {
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    for p in &r.populations {
        let mut row = vec![p.population.id().to_string()];
        row.resize(header.len(), String::new());
        t.add_row(row);
        for (name, f) in forms(p) {
            t.add_row(std::iter::once(format!("  {name}")).chain(figures(f)));
        }
    }
    let _ = writeln!(out, "{}", chart::shown(&mut t));
    let _ = writeln!(
        out,
        "How the quick form stopped (in brackets: how many then disagree with the full bank):"
    );
    let mut t = table(&STOP_HEADER);
    for row in stop_rows(r) {
        t.add_row(row);
    }
    let _ = writeln!(out, "{}", chart::shown(&mut t));
    if !r.personas.is_empty() {
        let _ = writeln!(out, "{PERSONAS}");
        let mut t = table(&["persona", "true role", "full", "quick", "asked"]);
        if let Some(role) = t.column_mut(1) {
            role.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        let same = |role: &str, truth: &str| {
            if role == truth {
                "same".to_string()
            } else {
                role.to_string()
            }
        };
        for p in &r.personas {
            t.add_row(vec![
                p.id.clone(),
                p.truth.clone(),
                same(&p.full, &p.truth),
                same(&p.adaptive, &p.truth),
                p.adaptive_questions.to_string(),
            ]);
        }
        let _ = writeln!(out, "{}", chart::shown(&mut t));
    }
    out
}

/// A Markdown table of cells already escaped.
fn markdown_table(header: &[&str], rows: &[Vec<String>], numeric_from: usize) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    for i in 0..header.len() {
        out.push_str(if i >= numeric_from { "---:|" } else { "---|" });
    }
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// `skillgap simulate --markdown`: the same report as Markdown tables.
pub(crate) fn simulation_markdown(r: &Report) -> String {
    let mut out = format!("{}\n\n", intro(r).join(" "));
    let labels = FIGURES.map(|h| h.replace('\n', " "));
    let header: Vec<&str> = ["population", "form"]
        .into_iter()
        .chain(labels.iter().map(String::as_str))
        .collect();
    let rows: Vec<Vec<String>> = r
        .populations
        .iter()
        .flat_map(|p| {
            forms(p).into_iter().map(|(name, f)| {
                [p.population.id().to_string(), name.to_string()]
                    .into_iter()
                    .chain(figures(f))
                    .collect()
            })
        })
        .collect();
    out.push_str(&markdown_table(&header, &rows, 2));
    out.push_str(
        "\nHow the quick form stopped (in brackets: how many then disagree with the full bank):\n\n",
    );
    out.push_str(&markdown_table(&STOP_HEADER, &stop_rows(r), 1));
    if !r.personas.is_empty() {
        let _ = writeln!(out, "\n{PERSONAS}\n");
        let rows: Vec<Vec<String>> = r
            .personas
            .iter()
            .map(|p| {
                vec![
                    cell(&p.id),
                    cell(&p.truth),
                    cell(&p.full),
                    cell(&p.adaptive),
                    p.adaptive_questions.to_string(),
                ]
            })
            .collect();
        out.push_str(&markdown_table(
            &["persona", "true role", "full", "quick", "asked"],
            &rows,
            4,
        ));
    }
    out
}
