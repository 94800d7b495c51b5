//! End-to-end test of the interactive quiz in a real terminal: the built binary runs inside tmux,
//! the test presses keys with `send-keys` and reads the screen with `capture-pane`.
//!
//! One full quiz on the mini bank (15 questions), in three runs:
//! 1. `quiz --mode full`: answers 6 questions (select, skip, self-rating, shuffled single choice,
//!    multi-select with its validation), types part of a short answer and presses Ctrl-C
//!    → exit 130, the session file holds exactly those 6 answers.
//! 2. `resume`: continues at question 7, answers 2 more, presses Esc at question 9 → exit 0,
//!    8 answers saved, with question 9's shuffle.
//! 3. `quiz`: the resume-or-start-over prompt, "Resume where I stopped", question 9 in the same
//!    order as before, answers to the end → the result is printed and saved with all 15 answers,
//!    and the session is gone.
//!
//! Needs tmux (CI installs it); fails with a clear message without it.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for one expectation on screen.
const WAIT: Duration = Duration::from_secs(10);
const STEP: Duration = Duration::from_millis(50);

pub(crate) const SELECT_HELP: &str = "[↑↓ to move, Enter to choose, Esc to pause]";
pub(crate) const MULTI_HELP: &str = "[Space to select, Enter to submit, Esc to pause]";
pub(crate) const TEXT_HELP: &str =
    "[Type a short answer, Enter to submit; leave it empty if you don't know. Esc to pause]";

/// A private tmux server (its own socket), killed when dropped, even when the test fails.
pub(crate) struct Tmux {
    socket: String,
    config: PathBuf,
    session: String,
    started: bool,
    /// The server's socket file, removed with the server (tmux leaves it behind).
    socket_path: Option<PathBuf>,
}

impl Tmux {
    pub(crate) fn new(scratch: &Path) -> Self {
        match Command::new("tmux").arg("-V").output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "`tmux -V` failed ({}): this test drives the quiz in a real terminal through tmux; \
                 install tmux (e.g. `apt-get install tmux`)",
                o.status
            ),
            Err(e) => panic!(
                "tmux is not installed ({e}): this test drives the quiz in a real terminal through \
                 tmux; install it (e.g. `apt-get install tmux`)"
            ),
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let config = scratch.join("tmux.conf");
        // Dead panes stay, so their last screen (and the exit code echoed) can still be read.
        std::fs::write(
            &config,
            "set -g remain-on-exit on\nset -g status off\nset -g history-limit 10000\n",
        )
        .unwrap();
        Self {
            socket: format!("skillgap-test-{}-{nanos}", std::process::id()),
            config,
            session: "skillgap".to_string(),
            started: false,
            socket_path: None,
        }
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg(&self.config)
            .args(args)
            // Commands are run by the server's default shell: make it a POSIX one.
            .env("SHELL", "/bin/sh")
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .output()
            .expect("run tmux")
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.tmux(args);
        assert!(
            o.status.success(),
            "tmux {args:?} failed: {}",
            crate::common::stderr(&o)
        );
        crate::common::stdout(&o)
    }

    /// Runs `shell_command` in a new 100×40 window called `name`; returns its target.
    pub(crate) fn run(&mut self, name: &str, shell_command: &str) -> String {
        let target = format!("{}:{name}", self.session);
        if self.started {
            self.ok(&[
                "new-window",
                "-d",
                "-t",
                &format!("{}:", self.session),
                "-n",
                name,
                shell_command,
            ]);
        } else {
            self.ok(&[
                "new-session",
                "-d",
                "-s",
                &self.session,
                "-n",
                name,
                "-x",
                "100",
                "-y",
                "40",
                shell_command,
            ]);
            self.started = true;
            let path = self.ok(&["display-message", "-p", "-t", &target, "#{socket_path}"]);
            self.socket_path = Some(PathBuf::from(path.trim_end()));
        }
        target
    }

    /// The whole pane, history included, with wrapped lines joined and trailing blanks cut.
    pub(crate) fn screen(&self, target: &str) -> String {
        let raw = self.ok(&["capture-pane", "-p", "-J", "-S", "-", "-t", target]);
        let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n")
    }

    /// Polls the pane until `done` holds for it; fails with the pane's contents otherwise.
    pub(crate) fn wait_until<T>(
        &self,
        target: &str,
        what: &str,
        mut done: impl FnMut(&str) -> Option<T>,
    ) -> T {
        let start = Instant::now();
        loop {
            let screen = self.screen(target);
            if let Some(v) = done(&screen) {
                return v;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "waited {WAIT:?} for {what} in tmux pane {target}; the pane shows:\n\
                     ----------------------------------------\n{screen}\n\
                     ----------------------------------------"
                );
            }
            std::thread::sleep(STEP);
        }
    }

    /// Waits until the pane shows every one of `needles`; returns the screen.
    pub(crate) fn wait_for(&self, target: &str, needles: &[&str]) -> String {
        self.wait_until(target, &format!("{needles:?}"), |s| {
            needles.iter().all(|n| s.contains(n)).then(|| s.to_string())
        })
    }

    pub(crate) fn keys(&self, target: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", target];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    fn type_text(&self, target: &str, text: &str) {
        self.ok(&["send-keys", "-t", target, "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The prompt that is waiting for an answer, as drawn by inquire.
#[derive(Debug)]
struct Prompt {
    /// Option labels in display order (without the `[ ]`/`[x]` boxes of a multi-select).
    options: Vec<String>,
    /// Which option the `>` cursor is on.
    cursor: usize,
    /// Which options are checked (multi-select).
    checked: Vec<bool>,
}

/// Finds the active prompt `? {prompt}…` (the last one on screen) and checks that it is drawn
/// completely (its help line is there) under `header`. None while it is not (yet) on screen.
fn active_prompt(screen: &str, header: &str, prompt: &str, help: &str) -> Option<Prompt> {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.starts_with(&format!("? {prompt}")))?;
    // The header is printed right above the prompt (validation errors, `# …`, go in between).
    let above = lines[..at].iter().rev().find(|l| !l.starts_with("# "))?;
    if *above != header {
        return None;
    }
    let mut p = Prompt {
        options: Vec::new(),
        cursor: 0,
        checked: Vec::new(),
    };
    for line in &lines[at + 1..] {
        if *line == help {
            return Some(p);
        }
        let (mark, rest) = (line.get(..2)?, line.get(2..)?);
        match mark {
            "> " => p.cursor = p.options.len(),
            "  " => {}
            _ => return None,
        }
        let (checked, label) = match (rest.strip_prefix("[x] "), rest.strip_prefix("[ ] ")) {
            (Some(l), _) => (true, l),
            (None, Some(l)) => (false, l),
            (None, None) => (false, rest),
        };
        p.options.push(label.to_string());
        p.checked.push(checked);
    }
    None
}

fn sorted(v: &[impl AsRef<str>]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.as_ref().to_string()).collect();
    v.sort();
    v
}

/// Drives one quiz window.
struct Quiz<'a> {
    tmux: &'a Tmux,
    target: String,
}

impl Quiz<'_> {
    fn wait_prompt(&self, header: &str, prompt: &str, help: &str) -> Prompt {
        self.tmux.wait_until(
            &self.target,
            &format!("prompt {prompt:?} under header {header:?}"),
            |s| active_prompt(s, header, prompt, help),
        )
    }

    /// Waits until the prompt is replaced by its answer: `> {prompt} {shown}` on one line (typed
    /// text), or `> {prompt}` with the chosen option(s) on indented lines under it, each chosen
    /// option of several marked "• " (and `shown` then lists them with ", ").
    fn wait_answered(&self, prompt: &str, shown: &str) {
        let one_line = format!("> {prompt} {shown}");
        let one_line = one_line.trim_end().to_string();
        let head = format!("> {prompt}");
        self.tmux
            .wait_until(&self.target, &format!("the answer {one_line:?}"), |s| {
                let lines: Vec<&str> = s.lines().collect();
                let under = |i: usize| -> String {
                    let mut out = String::new();
                    for l in lines[i + 1..].iter().take_while(|l| l.starts_with("    ")) {
                        let l = l.trim();
                        match l.strip_prefix("• ") {
                            Some(item) if !out.is_empty() => {
                                out.push_str(", ");
                                out.push_str(item);
                            }
                            Some(item) => out.push_str(item),
                            None if out.is_empty() => out.push_str(l),
                            None => {
                                out.push(' ');
                                out.push_str(l);
                            }
                        }
                    }
                    out
                };
                lines
                    .iter()
                    .enumerate()
                    .any(|(i, l)| *l == one_line || (*l == head && under(i) == shown))
                    .then_some(())
            });
    }

    /// A single-choice question: checks its options (in any order unless `ordered`), moves the
    /// cursor to `pick` with Down and presses Enter. Returns the options in display order.
    fn select(
        &self,
        header: &str,
        prompt: &str,
        options: &[&str],
        ordered: bool,
        pick: &str,
    ) -> Vec<String> {
        let p = self.wait_prompt(header, prompt, SELECT_HELP);
        if ordered {
            assert_eq!(p.options, options, "options of {prompt:?}");
        } else {
            assert_eq!(sorted(&p.options), sorted(options), "options of {prompt:?}");
        }
        assert_eq!(
            p.cursor, 0,
            "the cursor starts on the first option of {prompt:?}"
        );
        let to = p.options.iter().position(|o| o == pick).unwrap();
        let mut keys = vec!["Down"; to];
        keys.push("Enter");
        self.tmux.keys(&self.target, &keys);
        self.wait_answered(prompt, pick);
        p.options
    }

    /// A multiple-choice question: Enter with nothing chosen must be refused; then Space on each
    /// of `picks`, a check that they show `[x]`, and Enter. Returns the options in display order.
    fn multi(&self, header: &str, prompt: &str, options: &[&str], picks: &[&str]) -> Vec<String> {
        let p = self.wait_prompt(header, prompt, MULTI_HELP);
        assert_eq!(sorted(&p.options), sorted(options), "options of {prompt:?}");
        assert_eq!(p.options.last().unwrap(), "I don't know");
        assert!(p.checked.iter().all(|c| !c), "nothing is checked at first");
        self.tmux.keys(&self.target, &["Enter"]);
        self.tmux.wait_for(
            &self.target,
            &["# Choose at least one option, or “I don't know”."],
        );
        let mut at: Vec<usize> = picks
            .iter()
            .map(|pick| p.options.iter().position(|o| o == pick).unwrap())
            .collect();
        at.sort_unstable();
        let mut keys = Vec::new();
        let mut cursor = p.cursor;
        for &i in &at {
            keys.extend(std::iter::repeat_n("Down", i - cursor));
            keys.push("Space");
            cursor = i;
        }
        self.tmux.keys(&self.target, &keys);
        let checked = self
            .tmux
            .wait_until(&self.target, "the picks to be checked", |s| {
                let now = active_prompt(s, header, prompt, MULTI_HELP)?;
                at.iter().all(|&i| now.checked[i]).then_some(now)
            });
        let count = checked.checked.iter().filter(|c| **c).count();
        assert_eq!(
            count,
            picks.len(),
            "only the picks are checked: {checked:?}"
        );
        self.tmux.keys(&self.target, &["Enter"]);
        let shown: Vec<&str> = at.iter().map(|&i| p.options[i].as_str()).collect();
        self.wait_answered(prompt, &shown.join(", "));
        p.options
    }

    /// A short-answer question: types `text` (if any), checks it is echoed, presses Enter.
    fn text(&self, header: &str, prompt: &str, text: &str) {
        self.wait_prompt(header, prompt, TEXT_HELP);
        if !text.is_empty() {
            self.tmux.type_text(&self.target, text);
            self.tmux
                .wait_for(&self.target, &[&format!("? {prompt} {text}")]);
        }
        self.tmux.keys(&self.target, &["Enter"]);
        self.wait_answered(prompt, text);
    }

    /// Waits for the program to end; returns the screen.
    fn exit(&self, code: i32, needles: &[&str]) -> String {
        let exit = format!("EXIT={code}");
        let mut all = vec![exit.as_str()];
        all.extend_from_slice(needles);
        let screen = self.tmux.wait_for(&self.target, &all);
        assert_eq!(
            screen.matches("EXIT=").count(),
            1,
            "one exit line, {exit}:\n{screen}"
        );
        screen
    }
}

pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The one session file under DATA/sessions (fails unless there is exactly one).
pub(crate) fn only_session(data: &Path) -> (PathBuf, Value) {
    let files: Vec<PathBuf> = std::fs::read_dir(data.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(files.len(), 1, "one session file: {files:?}");
    let value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    (files[0].clone(), value)
}

/// The display order the session recorded for a question, as option labels.
fn recorded_order(session: &Value, qid: &str, bank_options: &[&str]) -> Vec<String> {
    session["shuffles"][qid]
        .as_array()
        .unwrap_or_else(|| panic!("no shuffle recorded for {qid}: {session:#}"))
        .iter()
        .map(|i| bank_options[i.as_u64().unwrap() as usize].to_string())
        .collect()
}

/// A header template with its question number.
fn h(template: &str, n: usize) -> String {
    template.replace("{}", &n.to_string())
}

/// The options as shown: the bank's, then the skip option.
fn with(options: &[&str], skip: &str) -> Vec<String> {
    options
        .iter()
        .copied()
        .chain([skip])
        .map(String::from)
        .collect()
}

/// A self-rating's options as shown: `N · description`, then "I'm not sure".
fn levels(levels: [&str; 5]) -> Vec<String> {
    let shown: Vec<String> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{i} · {l}"))
        .collect();
    with(&as_str(&shown), "I'm not sure")
}

fn as_str(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn quiz_in_a_real_terminal_interrupt_pause_resume_finish() {
    if !crate::common::tool_available(
        "tmux",
        "tmux",
        "this test drives the quiz in a real terminal",
    ) {
        return;
    }
    let begun = Instant::now();
    let data = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut tmux = Tmux::new(scratch.path());
    let bin = env!("CARGO_BIN_EXE_skillgap");
    let bank = crate::common::fixtures().join("mini");
    let command = |args: &str| {
        format!(
            "SKILLGAP_DATA_DIR={} {} --bank {} {args}; echo EXIT=$?",
            quote(&data.path().display().to_string()),
            quote(bin),
            quote(&bank.display().to_string()),
        )
    };

    let python = "Question {} of 15 · Programming languages · Python";
    let vision = "Question {} of 15 · Computer vision techniques · Image processing";
    let deep = "Question {} of 15 · Neural networks & training · Deep learning";
    let interest = ["Not for me", "Indifferent", "Interested", "Very interested"];

    let python_k1 = ["2", "3", "4"];
    let python_k2 = ["tuple", "list", "str", "dict"];
    let vision_k1 = ["Median", "Mean", "Sobel"];
    let vision_k3 = ["Erosion", "Dilation", "Fourier transform", "Opening"];
    let deep_k1 = ["Backpropagation", "k-means", "PCA"];
    let deep_k2 = [
        "Nothing: it is disabled",
        "Drops half the units",
        "Doubles activations",
    ];

    // ---- Run 1: a new full quiz, six answers, then Ctrl-C in the middle of typing the seventh.
    let q = Quiz {
        target: tmux.run("first", &command("quiz --mode full")),
        tmux: &tmux,
    };
    // "Full quiz: 15 questions, about N minutes." (older wording: "~15 questions").
    let screen = tmux.wait_until(&q.target, "the welcome and the full quiz's size", |s| {
        (s.contains("Welcome to skillgap.")
            && s.lines()
                .any(|l| l.starts_with("Full quiz: ") && l.contains("15 questions")))
        .then(|| s.to_string())
    });
    assert!(
        !screen.contains("How long a quiz"),
        "--mode full skips the length prompt:\n{screen}"
    );
    q.select(
        "Question 1 of 15 · Background · Education",
        "Highest degree?",
        &as_str(&with(
            &["None", "Bachelor's", "Master's", "Ph.D."],
            "Prefer not to say",
        )),
        true,
        "Bachelor's",
    );
    q.select(
        "Question 2 of 15 · Interests · Responsibility: image analysis",
        "How much would you enjoy analysing images?",
        &as_str(&with(&interest, "Prefer not to say")),
        true,
        "Interested",
    );
    q.select(
        "Question 3 of 15 · Interests · Responsibility: designing models",
        "How much would you enjoy designing neural networks?",
        &as_str(&with(&interest, "Prefer not to say")),
        true,
        "Prefer not to say",
    );
    let python_levels = levels([
        "Never used it — Never used it.",
        "Short scripts — Writes short scripts with help.",
        "Tested modules — Writes and tests modules alone.",
        "Designs packages — Designs packages; profiles and optimises.",
        "Interpreter internals — Has patched CPython or written C extensions.",
    ]);
    q.select(
        &h(python, 4),
        "How would you describe your Python?",
        &as_str(&python_levels),
        true,
        "3 · Designs packages — Designs packages; profiles and optimises.",
    );
    let shown_python_k1 = q.select(
        &h(python, 5),
        "What does len([1, 2, 3]) return?",
        &as_str(&with(&python_k1, "I don't know")),
        false,
        "3",
    );
    let shown_python_k2 = q.multi(
        &h(python, 6),
        "Which are immutable? Select all that apply.",
        &as_str(&with(&python_k2, "I don't know")),
        &["tuple", "str"],
    );
    let generator = "Which keyword makes a function a generator? (one word)";
    q.wait_prompt(&h(python, 7), generator, TEXT_HELP);
    q.tmux.type_text(&q.target, "yie");
    tmux.wait_for(&q.target, &[&format!("? {generator} yie")]);
    tmux.keys(&q.target, &["C-c"]);
    q.exit(
        130,
        &["Paused: 6 answers saved (about 9 questions left). Resume with `skillgap resume`."],
    );

    let after_first = json!({
        "background.degree": 1,
        "interest.images": 2,
        "interest.models": "skip",
        "python.self": 3,
        "python.k1": 1,
        "python.k2": [0, 2],
    });
    let (session_path, session) = only_session(data.path());
    assert_eq!(
        session["answers"], after_first,
        "session after Ctrl-C:\n{session:#}"
    );
    assert_eq!(session["mode"], "full");
    assert_eq!(session["plan"].as_array().unwrap().len(), 15);
    assert_eq!(
        recorded_order(&session, "python.k1", &python_k1),
        shown_python_k1[..3]
    );
    assert_eq!(
        recorded_order(&session, "python.k2", &python_k2),
        shown_python_k2[..4]
    );
    let id = session["id"].as_str().unwrap().to_string();
    assert_eq!(
        session_path,
        data.path().join("sessions").join(format!("{id}.json"))
    );

    // ---- Run 2: `skillgap resume` continues at question 7; Esc at question 9 pauses.
    let q = Quiz {
        target: tmux.run("resume", &command("resume")),
        tmux: &tmux,
    };
    tmux.wait_for(&q.target, &["Resuming your full quiz: 6 of 15 answered."]);
    q.text(&h(python, 7), generator, "yield");
    let screen = tmux.screen(&q.target);
    assert!(
        !screen.contains("Question 6 of") && !screen.contains("Welcome"),
        "resume starts at the next unanswered question:\n{screen}"
    );
    q.select(
        &h(vision, 8),
        "How would you describe your image processing?",
        &as_str(&levels([
            "Never done it — Never done it.",
            "Knows filters — Knows what a filter is.",
            "Filter pipelines — Builds filter pipelines.",
            "Robust pipelines — Designs robust pipelines.",
            "New methods — Invents new methods.",
        ])),
        true,
        "2 · Filter pipelines — Builds filter pipelines.",
    );
    let salt = "Which filter removes salt-and-pepper noise best?";
    let before_pause = q.wait_prompt(&h(vision, 9), salt, SELECT_HELP);
    tmux.keys(&q.target, &["Escape"]);
    q.exit(
        0,
        &[
            &format!("? {salt} <canceled>"),
            "Paused: 8 answers saved (about 7 questions left). Resume with `skillgap resume`.",
        ],
    );
    let mut after_second = after_first.clone();
    after_second["python.k3"] = json!("yield");
    after_second["vision.self"] = json!(2);
    let (_, session) = only_session(data.path());
    assert_eq!(session["id"], id.as_str());
    assert_eq!(
        session["answers"], after_second,
        "session after Esc:\n{session:#}"
    );
    // The shuffle of the question left unanswered is kept, so it comes back in the same order.
    assert_eq!(
        recorded_order(&session, "vision.k1", &vision_k1),
        before_pause.options[..3]
    );

    // ---- Run 3: `skillgap quiz` offers to resume; resume, and answer to the end.
    let q = Quiz {
        target: tmux.run("finish", &command("quiz")),
        tmux: &tmux,
    };
    let offer = q.wait_prompt(
        "Unfinished quiz",
        "You have an unfinished full quiz from ",
        "[Enter to choose, Esc to leave]",
    );
    assert_eq!(
        offer.options,
        [
            "Resume where I stopped",
            "Start a new quiz (keep the unfinished one)",
            "Start over (discard the unfinished quiz)"
        ]
    );
    tmux.wait_for(&q.target, &["(8 of 15 answered). Resume it?"]);
    tmux.keys(&q.target, &["Enter"]);
    tmux.wait_for(&q.target, &["Resuming your full quiz: 8 of 15 answered."]);
    let shown = q.select(
        &h(vision, 9),
        salt,
        &as_str(&with(&vision_k1, "I don't know")),
        false,
        "I don't know",
    );
    assert_eq!(
        shown, before_pause.options,
        "same order as before the pause"
    );
    q.text(
        &h(vision, 10),
        "Which library's imread returns BGR? (name)",
        "OpenCV",
    );
    q.multi(
        &h(vision, 11),
        "Which are morphological operations? Select all that apply.",
        &as_str(&with(&vision_k3, "I don't know")),
        &["Erosion", "Dilation", "Opening"],
    );
    q.select(
        &h(deep, 12),
        "How would you describe your deep learning?",
        &as_str(&levels([
            "Never done it — Never done it.",
            "Ran a tutorial — Ran a tutorial.",
            "Standard models — Trains standard models.",
            "Custom training — Writes custom training loops.",
            "New architectures — Publishes new architectures.",
        ])),
        true,
        "1 · Ran a tutorial — Ran a tutorial.",
    );
    q.select(
        &h(deep, 13),
        "Which algorithm computes gradients in a network?",
        &as_str(&with(&deep_k1, "I don't know")),
        false,
        "Backpropagation",
    );
    q.select(
        &h(deep, 14),
        "What does dropout do at inference time in PyTorch's eval mode?",
        &as_str(&with(&deep_k2, "I don't know")),
        false,
        "Drops half the units",
    );
    q.text(
        &h(deep, 15),
        "Name the optimiser that keeps running averages of gradients and their squares. (one word)",
        "",
    );
    // The summary, then the offer to review the answers: taken, the checks follow, wrong first.
    let offer = q.wait_prompt(
        "Review",
        "See your answers to the checks, with the right ones and why?",
        &format!("[Enter to choose; later, `skillgap review {id}` shows them]"),
    );
    assert_eq!(offer.options, ["Yes, show them", "Not now"]);
    q.tmux.keys(&q.target, &["Enter"]);
    // Then the plan in time: ten hours a week turn the path into dated weeks.
    let plan = "How many hours a week can you give to learning? (1–80; empty to skip)";
    q.wait_prompt(
        "Plan",
        plan,
        &format!(
            "[Enter to confirm; later, `skillgap path {id} --hours-per-week N` makes the plan]"
        ),
    );
    q.tmux.type_text(&q.target, "10");
    q.tmux.keys(&q.target, &["Enter"]);
    let saved = format!("Saved as result {id} in");
    let screen = q.exit(
        0,
        &[
            &format!("Result {id} · "),
            " · full quiz · ",
            "Recommended: ",
            "Roles by overall match",
            &saved,
            &format!("`skillgap show {id} --full`"),
            "checks answered:",
            "Right answer: ",
            "10 hours a week",
        ],
    );
    assert!(!screen.contains("Question 16"), "{screen}");

    let mut all = after_second.clone();
    all["vision.k1"] = json!("skip");
    all["vision.k2"] = json!("OpenCV");
    all["vision.k3"] = json!([0, 1, 3]);
    all["deep.self"] = json!(1);
    all["deep.k1"] = json!(0);
    all["deep.k2"] = json!(1);
    all["deep.k3"] = json!("skip");
    assert_eq!(all.as_object().unwrap().len(), 15);
    let results_dir = data.path().join("results");
    let result_path = results_dir.join(format!("{id}.json"));
    let result: Value = serde_json::from_str(
        &std::fs::read_to_string(&result_path)
            .unwrap_or_else(|e| panic!("{}: {e}", result_path.display())),
    )
    .unwrap();
    assert_eq!(result["id"], id.as_str());
    assert_eq!(result["mode"], "full");
    assert_eq!(
        result["answers"], all,
        "saved result:\n{:#}",
        result["answers"]
    );
    let results: Vec<_> = std::fs::read_dir(&results_dir).unwrap().collect();
    assert_eq!(results.len(), 1, "one result: {results:?}");
    let left: Vec<PathBuf> = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        left.is_empty(),
        "the finished session (and its lock) are removed: {left:?}"
    );

    eprintln!("terminal test took {:?}", begun.elapsed());
}

/// What the quick quiz showed above one prompt: its number, its progress words and whether it
/// was a self-rating.
#[derive(Debug)]
struct Asked {
    number: usize,
    progress: String,
    rating: bool,
}

/// A person takes the quick quiz on the shipped bank to its end at a real terminal, rating
/// themselves 2 and taking the first option of every check. On the screen: no more than three
/// self-ratings in a row, a count of questions left that never grows, and a summary whose
/// recommendation heads the role list.
#[test]
fn the_quick_quiz_to_its_end_in_a_real_terminal() {
    if !crate::common::tool_available(
        "tmux",
        "tmux",
        "this test drives the quiz in a real terminal",
    ) {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut tmux = Tmux::new(scratch.path());
    let bin = env!("CARGO_BIN_EXE_skillgap");
    let shell = format!(
        "SKILLGAP_DATA_DIR={} {} quiz --mode quick --role computer_vision_engineer --role deep_learning_engineer; echo EXIT=$?",
        quote(&data.path().display().to_string()),
        quote(bin),
    );
    let target = tmux.run("quick", &shell);
    let helps = [SELECT_HELP, MULTI_HELP, TEXT_HELP];
    let mut asked: Vec<Asked> = Vec::new();
    let (mut review, mut plan) = (false, false);
    let start = Instant::now();
    let screen = loop {
        assert!(
            start.elapsed() < WAIT * 12,
            "the quick quiz did not end: {asked:?}"
        );
        let screen = tmux.screen(&target);
        if screen.contains("EXIT=") {
            break screen;
        }
        let lines: Vec<&str> = screen.lines().collect();
        let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) else {
            std::thread::sleep(STEP);
            continue;
        };
        let help = lines[last];
        if help.starts_with("[Enter to choose; later, `skillgap review") && !review {
            review = true;
            tmux.keys(&target, &["Escape"]);
            continue;
        }
        if help.starts_with("[Enter to confirm; later, `skillgap path") && !plan {
            plan = true;
            tmux.keys(&target, &["Escape"]);
            continue;
        }
        let Some(kind) = helps.iter().position(|h| *h == help) else {
            std::thread::sleep(STEP);
            continue;
        };
        let Some(at) = lines[..last]
            .iter()
            .rposition(|l| l.starts_with("Question "))
        else {
            std::thread::sleep(STEP);
            continue;
        };
        let mut parts = lines[at].split(" · ");
        let number: usize = parts.next().unwrap()["Question ".len()..].parse().unwrap();
        if asked.last().is_some_and(|a| a.number == number) {
            std::thread::sleep(STEP);
            continue;
        }
        let progress = parts.next().unwrap().to_string();
        let rating = lines[at..last]
            .iter()
            .any(|l| l.starts_with("> 0 · ") || l.starts_with("  0 · "));
        asked.push(Asked {
            number,
            progress,
            rating,
        });
        match (kind, rating) {
            (0, true) => tmux.keys(&target, &["Down", "Down", "Enter"]),
            (0, false) => tmux.keys(&target, &["Enter"]),
            (1, _) => tmux.keys(&target, &["Space", "Enter"]),
            _ => tmux.keys(&target, &["Enter"]),
        }
    };
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(review && plan, "the end offers the review and the plan");
    // Every question once, in order.
    let numbers: Vec<usize> = asked.iter().map(|a| a.number).collect();
    assert_eq!(numbers, (1..=asked.len()).collect::<Vec<_>>());
    assert!(asked.len() >= 10, "{asked:?}");
    // Never more than three self-ratings in a row.
    let mut run = 0;
    for a in &asked {
        run = if a.rating { run + 1 } else { 0 };
        assert!(
            run <= 3,
            "{run} self-ratings in a row at question {}: {asked:?}",
            a.number
        );
    }
    // The count of questions left never grows, so the total never grows by more than one.
    let left: Vec<usize> = asked
        .iter()
        .filter_map(|a| {
            a.progress
                .strip_prefix("about ")?
                .strip_suffix(" left")?
                .parse()
                .ok()
        })
        .collect();
    assert!(!left.is_empty(), "{asked:?}");
    assert!(left.windows(2).all(|w| w[1] <= w[0]), "{left:?}");
    assert!(
        asked.iter().all(|a| a.progress.starts_with("about ")
            || a.progress == "nearly done"
            || a.progress == "the last one"),
        "{asked:?}"
    );
    // The summary's recommendation is the first role in its list.
    let recommended = screen
        .lines()
        .find_map(|l| l.strip_prefix("Recommended: "))
        .expect("a summary");
    let name = recommended.split(" — ").next().unwrap();
    let first = screen
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("1. "))
        .expect("a role list");
    assert!(
        first.starts_with(name),
        "recommended {name:?}, listed first {first:?}"
    );
}
