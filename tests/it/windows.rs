//! Real processes on one data directory, driven in tmux (issue 14):
//! * two windows on one unfinished quiz: the one that waited at "Resume it?" while the other
//!   answered goes on from the answers saved meanwhile, and a third is told the quiz is in use;
//! * a save that fails mid-quiz (the file-size limit stands in for a full disk) says which answer
//!   was not saved, names the session file once, and says the earlier answers are safe; they are,
//!   and `resume` goes on from them.
//!
//! Needs tmux (CI installs it) and prlimit (util-linux).

use crate::terminal::{MULTI_HELP, SELECT_HELP, TEXT_HELP, Tmux, only_session, quote};
use std::path::Path;

/// Answers the full quiz's question `n` (of the mini bank's 15), whatever it is: the first option
/// of a single or multiple choice, "I don't know" (left empty) for a short answer.
fn answer(tmux: &Tmux, target: &str, n: usize) {
    let help = wait_question(tmux, target, n);
    let keys: &[&str] = if help == MULTI_HELP {
        &["Space", "Enter"]
    } else {
        &["Enter"]
    };
    tmux.keys(target, keys);
}

/// Waits until question `n` is asked and its prompt is drawn; returns its help line.
fn wait_question(tmux: &Tmux, target: &str, n: usize) -> &'static str {
    let header = format!("Question {n} of 15 ");
    tmux.wait_until(target, &format!("question {n}"), |s| {
        let lines: Vec<&str> = s.lines().collect();
        let at = lines.iter().rposition(|l| l.starts_with("Question "))?;
        if !lines[at].starts_with(&header) {
            return None;
        }
        [SELECT_HELP, MULTI_HELP, TEXT_HELP]
            .into_iter()
            .find(|h| lines[at..].iter().any(|l| l == h))
    })
}

/// Waits for question `n` and presses Esc, which pauses the quiz.
fn pause_at(tmux: &Tmux, target: &str, n: usize) {
    wait_question(tmux, target, n);
    tmux.keys(target, &["Escape"]);
}

fn answers_saved(data: &Path) -> usize {
    let (_, session) = only_session(data);
    session["answers"].as_object().unwrap().len()
}

struct Setup {
    data: tempfile::TempDir,
    _scratch: tempfile::TempDir,
    tmux: Tmux,
}

impl Setup {
    fn new() -> Option<Self> {
        if !crate::common::tool_available("tmux", "tmux", "this test drives two real windows") {
            return None;
        }
        let scratch = tempfile::tempdir().unwrap();
        Some(Self {
            data: tempfile::tempdir().unwrap(),
            tmux: Tmux::new(scratch.path()),
            _scratch: scratch,
        })
    }

    /// `skillgap --bank mini ARGS` with this data directory, run by `wrapper` (a limit, say).
    fn command(&self, wrapper: &str, args: &str) -> String {
        format!(
            "trap '' XFSZ; SKILLGAP_DATA_DIR={} {wrapper}{} --bank {} {args}; echo EXIT=$?",
            quote(&self.data.path().display().to_string()),
            quote(env!("CARGO_BIN_EXE_skillgap")),
            quote(&crate::common::fixtures().join("mini").display().to_string()),
        )
    }
}

#[test]
fn two_windows_resuming_one_quiz_keep_every_answer() {
    let Some(mut s) = Setup::new() else { return };
    let data = s.data.path().to_path_buf();

    // Window A starts a full quiz, answers 3 questions and pauses at the fourth.
    let a = s.tmux.run("a", &s.command("", "quiz --mode full"));
    for n in 1..=3 {
        answer(&s.tmux, &a, n);
    }
    pause_at(&s.tmux, &a, 4);
    s.tmux.wait_for(&a, &["Paused: 3 answers saved", "EXIT=0"]);

    // Window B offers to resume it (3 answered) and waits there, before taking the quiz's lock.
    let b = s.tmux.run("b", &s.command("", "quiz"));
    s.tmux.wait_for(&b, &["(3 of 15 answered). Resume it?"]);

    // Meanwhile window A resumes and answers 5 more. While it holds the quiz, window C is told
    // that the quiz is open elsewhere instead of answering it too.
    let a2 = s.tmux.run("a2", &s.command("", "resume"));
    s.tmux
        .wait_for(&a2, &["Resuming your full quiz: 3 of 15 answered."]);
    answer(&s.tmux, &a2, 4);
    let c = s.tmux.run("c", &s.command("", "resume"));
    let screen = s.tmux.wait_for(&c, &["EXIT="]);
    assert!(
        screen.contains("in use") || screen.contains("open in another"),
        "a third window is told the quiz is in use:\n{screen}"
    );
    assert!(
        !screen.contains("EXIT=0"),
        "and does not resume it:\n{screen}"
    );
    for n in 5..=8 {
        answer(&s.tmux, &a2, n);
    }
    pause_at(&s.tmux, &a2, 9);
    s.tmux.wait_for(&a2, &["Paused: 8 answers saved", "EXIT=0"]);
    assert_eq!(answers_saved(&data), 8);

    // Window B now says yes: it goes on from the 8 answers on disk, not the 3 it was shown.
    s.tmux.keys(&b, &["Enter"]);
    let screen = s
        .tmux
        .wait_for(&b, &["Resuming your full quiz: 8 of 15 answered."]);
    assert!(
        !screen.contains("Question 4 of 15"),
        "window B did not start from its stale copy:\n{screen}"
    );
    answer(&s.tmux, &b, 9);
    pause_at(&s.tmux, &b, 10);
    s.tmux.wait_for(&b, &["Paused: 9 answers saved", "EXIT=0"]);
    assert_eq!(answers_saved(&data), 9, "window A's answers are all kept");
}

#[test]
fn a_save_that_fails_mid_quiz_says_the_earlier_answers_are_safe() {
    let Some(mut s) = Setup::new() else { return };
    if !crate::common::tool_available("prlimit", "util-linux", "it limits the file size") {
        return;
    }
    let data = s.data.path().to_path_buf();
    let first = s.tmux.run("first", &s.command("", "quiz --mode full"));
    for n in 1..=3 {
        answer(&s.tmux, &first, n);
    }
    pause_at(&s.tmux, &first, 4);
    s.tmux
        .wait_for(&first, &["Paused: 3 answers saved", "EXIT=0"]);
    let (path, before) = only_session(&data);
    let size = std::fs::metadata(&path).unwrap().len();

    // No file may grow past the session's size now: the next answer cannot be written (EFBIG,
    // with SIGXFSZ ignored), as on a full disk.
    let limited = s.tmux.run(
        "limited",
        &s.command(&format!("prlimit --fsize={} ", size + 1), "resume"),
    );
    answer(&s.tmux, &limited, 4);
    let screen = s.tmux.wait_for(&limited, &["EXIT="]);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("EXIT=0"), "a failed save fails:\n{screen}");
    assert!(
        flat.contains("your answer to question 4 could not be saved"),
        "says which answer was lost:\n{screen}"
    );
    assert!(
        flat.contains("Your 3 answers before it are safe in"),
        "says the earlier answers are safe:\n{screen}"
    );
    let id = before["id"].as_str().unwrap();
    assert!(flat.contains(&format!("skillgap resume {id}")), "{screen}");
    assert!(
        !flat.contains(".skillgap-tmp-"),
        "the temporary file is not named:\n{screen}"
    );
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(
        flat.matches(&name).count(),
        1,
        "the file is named once:\n{screen}"
    );

    // They are safe: the file is as it was, and resume goes on from question 4.
    let (_, after) = only_session(&data);
    assert_eq!(after["answers"], before["answers"]);
    let again = s.tmux.run("again", &s.command("", "resume"));
    s.tmux
        .wait_for(&again, &["Resuming your full quiz: 3 of 15 answered."]);
    answer(&s.tmux, &again, 4);
    pause_at(&s.tmux, &again, 5);
    s.tmux
        .wait_for(&again, &["Paused: 4 answers saved", "EXIT=0"]);
}
