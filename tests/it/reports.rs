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
        vec!["show", a.as_str()],
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
    let show = stdout(&skillgap(&["show", &a], &env));
    for expected in [
        "Roles, best match first",
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
        compare.contains("Skills, changed first") && compare.contains(" │ "),
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
            "env -u NO_COLOR -u CLICOLOR_FORCE -u CLICOLOR {} TERM=xterm-256color SKILLGAP_DATA_DIR={} {bin} show {id}",
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

#[test]
fn html_export_is_self_contained_and_escapes_bank_text() {
    // A bank whose role name and question text contain markup.
    let bank = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("mini"), bank.path());
    let roles = bank.path().join("profiles/roles.json");
    let text = std::fs::read_to_string(&roles).unwrap().replace(
        "\"Vision Engineer\"",
        "\"<script>alert(1)</script> Engineer\"",
    );
    std::fs::write(&roles, text).unwrap();
    let data = tempfile::tempdir().unwrap();
    let id = quiz_from_answers(
        data.path(),
        Some(bank.path()),
        r#"{"answers": {"vision.self": 3, "vision.k1": 0, "python.self": 3, "interest.images": 3}}"#,
    );
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
    assert!(html.contains("<svg class=\"radar\"") && html.contains("<svg class=\"readiness\""));
}
