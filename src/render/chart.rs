//! Terminal charts and tables: bars for roles, skills and comparisons, styled with ANSI colours
//! that the output stream strips when the terminal does not want them (`NO_COLOR`, a pipe, a
//! file), and tables that wrap to the width.

use anstyle::{AnsiColor, Style};
use comfy_table::{ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};

/// How wide the output may be. 80 columns when standard output is not a terminal; the terminal's
/// width (up to 140) when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) width: usize,
}

impl Layout {
    /// Output that is not a terminal is laid out for 80 columns.
    pub(crate) const DEFAULT_WIDTH: usize = 80;

    /// The layout for standard output: the terminal's width; when output is not a terminal,
    /// `COLUMNS` if it holds a width (as `ls` and `git` take it), else 80.
    pub(crate) fn detect() -> Self {
        Self::with_width(columns(std::io::stdout()))
    }

    /// A layout for `width` columns, kept between 60 and 140 so charts stay readable.
    pub(crate) fn with_width(width: usize) -> Self {
        Self {
            width: width.clamp(60, 140),
        }
    }

    /// Wraps `text` to the width with the given first-line and following indents.
    pub(crate) fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        let options = crate::text::wrap_options(self.width)
            .initial_indent(first)
            .subsequent_indent(rest);
        textwrap::fill(text, options)
    }
}

impl Default for Layout {
    fn default() -> Self {
        Self::with_width(Self::DEFAULT_WIDTH)
    }
}

/// The width to lay out for on `stream`: the terminal's; when it is not a terminal, `COLUMNS` if
/// it holds a width (as `ls` and `git` take it), else 80.
pub fn columns(stream: impl std::os::fd::AsFd) -> usize {
    terminal_size::terminal_size_of(stream)
        .map(|(w, _)| w.0 as usize)
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|&w| w > 0)
        })
        .unwrap_or(Layout::DEFAULT_WIDTH)
}

/// A table that wraps to the terminal's width (or 80 columns when output is not a terminal).
/// The first column holds ids, which people copy: it is never wrapped.
pub(crate) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if t.width().is_none() {
        t.set_width(Layout::detect().width as u16);
    }
    if let Some(id) = t.column_mut(0) {
        id.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    t
}

/// A table as text, wrapped only between words: each column is at least as wide as its longest
/// word (ids, which people copy, included), so nothing is broken inside a word; a table too wide
/// for the terminal then runs over rather than garbling its cells.
pub(crate) fn shown(t: &mut Table) -> String {
    let columns = t.column_count();
    for i in 1..columns {
        let header = t
            .header()
            .and_then(|h| h.cell_iter().nth(i))
            .map(comfy_table::Cell::content)
            .unwrap_or_default();
        let longest = t
            .column_cells_iter(i)
            .map(|c| c.map(comfy_table::Cell::content).unwrap_or_default())
            .chain(std::iter::once(header))
            .flat_map(|c| {
                c.split_whitespace()
                    .map(|w| strip(w).chars().count())
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap_or(1);
        if let Some(col) = t.column_mut(i) {
            col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(u16::try_from(longest + 2).unwrap_or(u16::MAX)),
            ));
        }
    }
    t.to_string()
}

/// Section headings.
pub(crate) const HEADING: Style = Style::new().bold();
/// Readiness and estimated levels.
pub(crate) const READINESS: Style = AnsiColor::Blue.on_default();
/// The likely range around an estimate.
pub(crate) const RANGE: Style = AnsiColor::Cyan.on_default();
/// Interest.
pub(crate) const INTEREST: Style = AnsiColor::Magenta.on_default();
/// A target met, or a skill that improved.
pub(crate) const MET: Style = AnsiColor::Green.on_default();
/// A gap to close, or a skill that declined.
pub(crate) const GAP: Style = AnsiColor::Red.on_default();
/// Calibration flags and target markers.
pub(crate) const WARN: Style = AnsiColor::Yellow.on_default();
/// Empty parts of a bar, and hints.
pub(crate) const DIM: Style = Style::new().dimmed();

/// `text` in `style`.
pub(crate) fn paint(style: Style, text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// The column width for a list of names: the longest, but never more than `cap`.
pub(crate) fn name_width<'a>(names: impl IntoIterator<Item = &'a str>, cap: usize) -> usize {
    names
        .into_iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(cap)
}

/// Fits `name` into `width` columns, cutting with an ellipsis.
pub(crate) fn fit(name: &str, width: usize) -> String {
    let count = name.chars().count();
    if count <= width {
        format!("{name:<width$}")
    } else {
        let cut: String = name.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn cells(x: f64, max: f64, width: usize) -> usize {
    ((x / max).clamp(0.0, 1.0) * width as f64).round() as usize
}

/// A readiness bar for a share in 0–1: the estimate solid, the likely range shaded.
pub(crate) fn range_bar(value: f64, low: f64, high: f64, width: usize) -> String {
    let v = cells(value, 1.0, width);
    let lo = cells(low.min(value), 1.0, width);
    let hi = cells(high.max(value), 1.0, width).max(v);
    format!(
        "{}{}{}{}",
        paint(READINESS, &"█".repeat(lo)),
        paint(READINESS, &"▓".repeat(v - lo)),
        paint(RANGE, &"░".repeat(hi - v)),
        paint(DIM, &"·".repeat(width - hi))
    )
}

/// A plain bar for a share in 0–1.
pub(crate) fn share_bar(value: f64, width: usize, style: Style) -> String {
    let v = cells(value, 1.0, width);
    format!(
        "{}{}",
        paint(style, &"█".repeat(v)),
        paint(DIM, &"·".repeat(width - v))
    )
}

/// A level bar on the 0–4 scale against a target: the level solid (green when the target is
/// met), the gap up to the target shaded red, and `│` where the target is.
pub(crate) fn level_bar(level: f64, target: u8, width: usize, met: bool) -> String {
    let l = cells(level, 4.0, width);
    let t = cells(target as f64, 4.0, width);
    let fill = if met { MET } else { READINESS };
    let mut s = paint(fill, &"█".repeat(l.min(t)));
    if l < t {
        s.push_str(&paint(GAP, &"░".repeat(t - l)));
    }
    s.push_str(&paint(WARN, "│"));
    if l > t {
        s.push_str(&paint(fill, &"█".repeat(l - t)));
    }
    s.push_str(&paint(DIM, &"·".repeat(width - l.max(t))));
    s
}

/// A level bar for a skill nobody asked about: the prior's guess, shaded, with the target marked.
pub(crate) fn guess_bar(level: f64, target: u8, width: usize) -> String {
    let l = cells(level, 4.0, width);
    let t = cells(target as f64, 4.0, width);
    let mut s = paint(DIM, &"▒".repeat(l.min(t)));
    s.push_str(&paint(DIM, &"·".repeat(t.saturating_sub(l))));
    s.push_str(&paint(WARN, "│"));
    s.push_str(&paint(DIM, &"▒".repeat(l.saturating_sub(t))));
    s.push_str(&paint(DIM, &"·".repeat(width - l.max(t))));
    s
}

/// A level bar on the 0–4 scale without a target.
pub(crate) fn level_only(level: f64, width: usize, style: Style) -> String {
    share_bar(level / 4.0, width, style)
}

/// A signed number with `decimals` places, never "-0" ("+0.0", "-1.3", "+12").
pub(crate) fn signed(x: f64, decimals: i32) -> String {
    let scale = 10f64.powi(decimals);
    let rounded = (x * scale).round() / scale + 0.0;
    format!("{rounded:+.prec$}", prec = decimals.max(0) as usize)
}

/// Removes ANSI escape sequences (for measuring and for tests).
pub fn strip(s: &str) -> String {
    anstream::adapter::strip_str(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_their_width_and_mark_the_target() {
        assert_eq!(strip(&range_bar(0.5, 0.25, 0.75, 20)).chars().count(), 20);
        assert_eq!(strip(&range_bar(0.5, 0.25, 0.75, 8)), "██▓▓░░··");
        let b = strip(&level_bar(1.0, 3, 12, false));
        assert_eq!(b, "███░░░░░░│···");
        let b = strip(&level_bar(4.0, 2, 8, true));
        assert_eq!(b, "████│████");
        assert_eq!(strip(&guess_bar(2.0, 3, 8)), "▒▒▒▒··│··");
        assert_eq!(fit("Convolutional neural networks", 10), "Convoluti…");
        assert_eq!(fit("Git", 5), "Git  ");
        assert_eq!(signed(-0.03, 1), "+0.0");
        assert_eq!(signed(-1.26, 1), "-1.3");
        assert_eq!(signed(12.4, 0), "+12");
    }
}
