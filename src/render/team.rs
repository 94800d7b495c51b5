//! The team report in words: terminal, Markdown and HTML.

use crate::render::chart::Layout;
use crate::team::TeamReport;

pub(crate) fn terminal(r: &TeamReport, _layout: Layout) -> String {
    format!("{} members\n", r.members)
}

pub(crate) fn markdown(r: &TeamReport) -> String {
    format!("{} members\n", r.members)
}

pub(crate) fn html(r: &TeamReport) -> String {
    format!("{} members\n", r.members)
}
