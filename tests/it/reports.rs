//! Reports people look at: terminal charts (colour only where wanted, 80 columns when piped, wider
//! at a wide terminal), Markdown, and the self-contained, escaped HTML report.

use crate::common::*;
use std::process::Command;
use std::time::{Duration, Instant};

fn widest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn piped_output_has_no_colour_and_fits_80_columns() {
    let data = tempfile::tempdir().unwrap();
    let a = save_persona_result(data.path(), "cv_inspection");
    let b = save_persona_result(data.path(), "arvr_developer");
    let env = [("SKILLGAP_DATA_DIR", data.path())];
    for args in [
        vec!["show", a.as_str(), "--full"],
        vec!["compare", a.as_str(), b.as_str()],
        vec!["path", b.as_str()],
        vec!["history"],
    ] {
        let out = skillgap(&args, &env);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            !text.contains('\u{1b}'),
            "{args:?} printed escape codes to a pipe"
        );
        assert!(
            widest_line(&text) <= 80,
            "{args:?} is {} wide:\n{text}",
            widest_line(&text)
        );
    }
    let show = stdout(&skillgap(&["show", &a, "--full"], &env));
    for expected in [
        "Roles by overall match",
        "ready    █",
        "interest █",
        "Skills for Computer Vision Engineer",
        "│",
        "gap ",
        "Learning path toward",
    ] {
        assert!(show.contains(expected), "missing {expected:?} in\n{show}");
    }
    let compare = stdout(&skillgap(&["compare", &a, &b], &env));
    assert!(
        compare.contains("Skills measured both times, changed first") && compare.contains(" │ "),
        "{compare}"
    );
}

/// Runs a shell command in a fresh tmux window of the given width and returns the screen with
/// its escape sequences once the command has printed its exit marker.
fn in_terminal(width: u16, command: &str) -> String {
    let socket = format!(
        "skillgap-reports-{}-{width}-{}",
        std::process::id(),
        command.len()
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
    };
    match tmux(&["-V"]) {
        Ok(o) if o.status.success() => {}
        _ => panic!("tmux is not installed: this test needs a real terminal (CI installs tmux)"),
    }
    struct Kill<'a>(&'a dyn Fn(&[&str]) -> std::io::Result<std::process::Output>);
    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            let _ = (self.0)(&["kill-server"]);
        }
    }
    let _guard = Kill(&tmux);
    let script = format!("{command}; echo EXIT=$?; sleep 30");
    let w = width.to_string();
    let started = tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        &w,
        "-y",
        "200",
        "sh",
        "-c",
        &script,
    ])
    .unwrap();
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let out = tmux(&["capture-pane", "-p", "-e", "-J", "-S", "-200"]).unwrap();
        let screen = String::from_utf8_lossy(&out.stdout).into_owned();
        if screen.contains("EXIT=") {
            assert!(screen.contains("EXIT=0"), "{screen}");
            return screen;
        }
        assert!(Instant::now() < deadline, "timed out:\n{screen}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_terminal_gets_colour_unless_no_color_and_wide_terminals_get_wider_charts() {
    if !tool_available("tmux", "tmux", "this test reads charts in a real terminal") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let id = save_persona_result(data.path(), "cv_inspection");
    let bin = env!("CARGO_BIN_EXE_skillgap");
    let run = |no_color: bool| {
        format!(
            "env -u NO_COLOR -u CLICOLOR_FORCE -u CLICOLOR {} TERM=xterm-256color SKILLGAP_DATA_DIR={} {bin} show {id} --full",
            if no_color { "NO_COLOR=1" } else { "" },
            data.path().display()
        )
    };
    let coloured = in_terminal(100, &run(false));
    assert!(
        coloured.contains("\u{1b}[34m"),
        "no colour at a terminal:\n{coloured}"
    );
    let plain = in_terminal(100, &run(true));
    let without_markers = plain.replace("\u{1b}[0m", "").replace("\u{1b}[39m", "");
    assert!(
        !without_markers.contains("\u{1b}[3"),
        "colour despite NO_COLOR:\n{plain}"
    );

    let bar_len = |screen: &str| {
        let line = screen
            .lines()
            .find(|l| l.contains("ready    "))
            .expect("a readiness bar");
        let plain = skillgap::render::chart::strip(line);
        plain
            .chars()
            .filter(|c| matches!(c, '█' | '▓' | '░' | '·'))
            .count()
    };
    let narrow = in_terminal(80, &run(true));
    let wide = in_terminal(140, &run(true));
    assert!(
        bar_len(&wide) > bar_len(&narrow),
        "wide {} vs narrow {}",
        bar_len(&wide),
        bar_len(&narrow)
    );
    let strip = skillgap::render::chart::strip(&narrow);
    assert!(widest_line(&strip) <= 80, "{strip}");
}

#[test]
fn markdown_export_has_tables_and_a_checklist() {
    let data = tempfile::tempdir().unwrap();
    let id = save_persona_result(data.path(), "data_analyst");
    let out = skillgap(
        &["export", &id, "--format", "markdown"],
        &[("SKILLGAP_DATA_DIR", data.path())],
    );
    let md = stdout(&out);
    assert!(md.starts_with(&format!("# skillgap result {id}")), "{md}");
    assert!(md.contains("| Role | Readiness | Likely range | Interest | Overall |"));
    assert!(md.contains("| Skill | Importance | Target | Your level | Gap |"));
    assert!(
        md.contains("\n- [ ] **"),
        "the learning path is a checklist:\n{md}"
    );
}

/// A result of the mini bank whose "Vision Engineer" role is renamed `name` (text a bank author
/// controls): the bank, the data directory and the result's id.
fn result_with_role_named(name: &str) -> (tempfile::TempDir, tempfile::TempDir, String) {
    let bank = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("mini"), bank.path());
    let roles = bank.path().join("profiles/roles.json");
    let text = std::fs::read_to_string(&roles)
        .unwrap()
        .replace("\"Vision Engineer\"", &format!("{name:?}"));
    std::fs::write(&roles, text).unwrap();
    let data = tempfile::tempdir().unwrap();
    let id = quiz_from_answers(
        data.path(),
        Some(bank.path()),
        r#"{"answers": {"vision.self": 3, "vision.k1": 0, "python.self": 3, "interest.images": 3}}"#,
    );
    (bank, data, id)
}

#[test]
fn html_export_is_self_contained_and_escapes_bank_text() {
    // A bank whose role name and question text contain markup.
    let (_bank, data, id) = result_with_role_named("<script>alert(1)</script> Engineer");
    let file = data.path().join("report.html");
    export_to(data.path(), &id, "html", &file);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        !html.contains("<script"),
        "markup from the bank must be escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Engineer"));
    for fetch in ["src=", "href=", "@import", "url(", "<link"] {
        assert!(
            !html.contains(fetch),
            "the report fetches something ({fetch})"
        );
    }
    assert!(html.contains("<svg class=\"radar\"") && html.contains("<div class=\"roles\">"));
}

/// One role's figures as a format shows them: name, readiness, and (where shown) the likely range.
#[derive(Debug, PartialEq)]
struct RoleFigures {
    name: String,
    readiness: String,
    range: Option<String>,
}

/// One skill row of the recommended role: label, level, target, and "met", "not asked" or the gap.
#[derive(Debug, PartialEq)]
struct SkillFigures {
    label: String,
    level: String,
    target: String,
    standing: String,
}

/// Undoes the escaping of Markdown and HTML, so names compare as the reader sees them.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn terminal_figures(show: &str) -> (Vec<RoleFigures>, String, Vec<SkillFigures>) {
    let bar = |c: char| "█▓░▒│·".contains(c);
    let mut roles = Vec::new();
    for line in show.lines().filter(|l| l.contains("  ready    ")) {
        let (name, rest) = line.split_once("  ready    ").unwrap();
        let rest = rest.trim_start_matches(bar).trim();
        let (readiness, range) = rest.split_once(" (").unwrap();
        roles.push(RoleFigures {
            name: name.trim().to_string(),
            readiness: readiness.to_string(),
            range: Some(range.trim_end_matches(')').to_string()),
        });
    }
    let heading = show
        .lines()
        .find(|l| l.starts_with("Skills for "))
        .expect("a skills section");
    let role = heading["Skills for ".len()..]
        .split("  (")
        .next()
        .unwrap()
        .to_string();
    let mut skills = Vec::new();
    for line in show
        .lines()
        .skip_while(|l| !l.starts_with("Skills for "))
        .skip(1)
        .take_while(|l| !l.is_empty())
    {
        let start = line.find(bar).expect("a level bar");
        let label = line[..start].trim().to_string();
        let rest = line[start..].trim_start_matches(bar).trim();
        let (figures, standing) = rest.split_once(' ').unwrap();
        let (level, target) = figures.split_once('/').unwrap();
        skills.push(SkillFigures {
            label,
            level: level.to_string(),
            target: target.to_string(),
            standing: standing.trim_start_matches("gap ").to_string(),
        });
    }
    (roles, role, skills)
}

/// The rows of the Markdown table under `heading`, as unescaped cells.
fn markdown_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    md.lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            // Split on unescaped bars only.
            let mut cells = vec![String::new()];
            let mut escaped = false;
            for c in l.trim().trim_matches('|').chars() {
                if c == '|' && !escaped {
                    cells.push(String::new());
                } else {
                    cells.last_mut().unwrap().push(c);
                }
                escaped = c == '\\' && !escaped;
            }
            cells.iter().map(|c| unescape(c.trim())).collect()
        })
        .collect()
}

fn markdown_figures(md: &str) -> (Vec<RoleFigures>, String, Vec<SkillFigures>) {
    let roles = markdown_rows(md, "## Roles")
        .into_iter()
        .map(|r| RoleFigures {
            name: r[0].clone(),
            readiness: r[1].clone(),
            range: Some(r[2].clone()),
        })
        .collect();
    let heading = md
        .lines()
        .find(|l| l.starts_with("## Skills for "))
        .expect("a skills table");
    let role = unescape(&heading["## Skills for ".len()..]);
    let skills = markdown_rows(md, "## Skills for ")
        .into_iter()
        .map(|r| SkillFigures {
            label: r[0].clone(),
            level: r[3].clone(),
            target: r[2].clone(),
            standing: r[4].clone(),
        })
        .collect();
    (roles, role, skills)
}

/// The text of every element that `open` starts, up to its closing `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .map(|s| &s[s.find('>').unwrap() + 1..s.find(close).unwrap()])
        .collect()
}

fn html_figures(html: &str) -> (Vec<RoleFigures>, String, Vec<SkillFigures>) {
    let chart = &html[html.find("<div class=\"roles\">").unwrap()..];
    // Each role: its name, then its readiness figure ("63% ready (35–87%)") beside the bar.
    let names = between(chart, "<p class=\"role-name\"><strong", "</strong>");
    let figures: Vec<&str> = between(chart, "<span class=\"figure\"", "</span>")
        .into_iter()
        .filter(|f| !f.starts_with("interest"))
        .collect();
    let roles = names
        .into_iter()
        .zip(figures)
        .map(|(name, figure)| {
            let (readiness, range) = match figure.split_once(" ready (") {
                Some((r, range)) => (r.to_string(), Some(range.trim_end_matches(')').to_string())),
                None => (figure.to_string(), None),
            };
            RoleFigures {
                name: unescape(name),
                readiness,
                range,
            }
        })
        .collect();
    let heading = between(html, "<h2", "</h2>")
        .into_iter()
        .find(|h| h.starts_with("Gaps for "))
        .expect("a gap table");
    let role = unescape(&heading["Gaps for ".len()..]);
    let table = &html[html.find("<h2>Gaps for ").unwrap()..];
    let table = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    let skills = between(table, "<tr", "</tr>")
        .into_iter()
        .map(|row| {
            let cells: Vec<String> = between(row, "<td", "</td>")
                .into_iter()
                .map(unescape)
                .collect();
            SkillFigures {
                label: cells[0].clone(),
                level: cells[3].clone(),
                target: cells[2].clone(),
                standing: cells[4].clone(),
            }
        })
        .collect();
    (roles, role, skills)
}

/// A label the terminal cut to fit its column ("Convolutional neural…") stands for the full one.
fn same_label(terminal: &str, full: &str) -> bool {
    terminal == full
        || terminal
            .strip_suffix('…')
            .is_some_and(|cut| full.starts_with(cut))
}

#[test]
fn terminal_markdown_and_html_show_the_same_roles_skills_and_figures() {
    let data = tempfile::tempdir().unwrap();
    let id = save_persona_result(data.path(), "arvr_developer");
    let env = [("SKILLGAP_DATA_DIR", data.path())];
    let show = skillgap::render::chart::strip(&stdout(&skillgap(&["show", &id, "--full"], &env)));
    let md = stdout(&skillgap(&["export", &id, "--format", "markdown"], &env));
    let html = stdout(&skillgap(&["export", &id, "--format", "html"], &env));

    let (t_roles, t_role, t_skills) = terminal_figures(&show);
    let (m_roles, m_role, m_skills) = markdown_figures(&md);
    let (h_roles, h_role, h_skills) = html_figures(&html);

    // Something to compare: every role, and a recommended role with gaps and met targets.
    assert!(t_roles.len() >= 4, "{show}");
    assert!(t_skills.len() >= 5, "{show}");
    assert!(
        t_skills.iter().any(|s| s.standing == "met")
            && t_skills.iter().any(|s| s.standing.parse::<f64>().is_ok()),
        "{show}"
    );

    assert_eq!(t_roles, m_roles, "terminal against Markdown roles");
    let readiness = |r: &[RoleFigures]| -> Vec<(String, String)> {
        r.iter()
            .map(|r| (r.name.clone(), r.readiness.clone()))
            .collect()
    };
    assert_eq!(
        readiness(&m_roles),
        readiness(&h_roles),
        "Markdown against HTML roles"
    );

    assert_eq!(t_role, m_role);
    assert_eq!(m_role, h_role);
    assert_eq!(m_skills, h_skills, "Markdown against HTML skills");
    // The one order: importance × shown gap, largest first (met targets weigh nothing; a skill
    // nobody asked about weighs its guessed gap, which the table does not show).
    let weights: Vec<f64> = markdown_rows(&md, "## Skills for ")
        .iter()
        .filter(|r| r[4] != "not asked")
        .map(|r| r[1].parse::<f64>().unwrap() * r[4].parse::<f64>().unwrap_or(0.0))
        .collect();
    assert!(
        weights.windows(2).all(|w| w[0] >= w[1] - 1e-9),
        "skills not by importance × gap: {weights:?}\n{md}"
    );
    assert_eq!(t_skills.len(), m_skills.len(), "{show}\n{md}");
    for (t, m) in t_skills.iter().zip(&m_skills) {
        assert!(same_label(&t.label, &m.label), "{t:?} against {m:?}");
        assert_eq!(
            (&t.level, &t.target, &t.standing),
            (&m.level, &m.target, &m.standing),
            "{t:?} against {m:?}"
        );
    }
}

#[test]
fn markdown_tables_stay_whole_when_bank_text_has_bars_and_newlines() {
    // The bank may hold bars and markup in a name; a saved result, which anyone can edit, may also
    // hold a line break (the bank rejects those).
    let (_bank, data, id) =
        result_with_role_named("Vision | Engineer [click](http://x) <b>now</b>");
    let saved = data.path().join("results").join(format!("{id}.json"));
    let text = std::fs::read_to_string(&saved)
        .unwrap()
        .replace("Vision | Engineer [click]", "Vision | Engineer\\n[click]");
    std::fs::write(&saved, text).unwrap();
    let out = skillgap(
        &["export", &id, "--format", "markdown"],
        &[("SKILLGAP_DATA_DIR", data.path())],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    let rows = markdown_rows(&md, "## Roles");
    assert!(
        rows.iter().all(|r| r.len() == 5),
        "a row lost its shape:\n{md}"
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == "Vision | Engineer [click](http://x) <b>now</b>"),
        "{md}"
    );
    assert!(
        !md.replace("\\]", "").contains("](") && !md.contains("<b>"),
        "markup from the bank must be escaped:\n{md}"
    );
}
