//! Fault injection for the storage layer: writers killed mid-write, corrupt and future files,
//! concurrent processes, locks held by other processes, permissions, and result ids.
//!
//! The crash test re-runs this test binary as a child (`torture_child`, `lock_holder_child`); those
//! two tests do nothing unless their environment variable is set.

use crate::common::*;
use jiff::Timestamp;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use skillgap::answers::{Answer, Answers};
use skillgap::bank::{self, Bank, BankSource};
use skillgap::quiz::{self, Start};
use skillgap::store::{self, BankStamp, FORMAT_VERSION, Mode, SavedResult, Session, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

/// The prefix `store::write_atomic` gives its temporary files.
const TEMP_PREFIX: &str = ".skillgap-tmp-";

fn mini() -> PathBuf {
    fixtures().join("mini")
}

fn mini_bank() -> Bank {
    bank::load(&BankSource::Dir(mini())).expect("the mini bank loads")
}

fn is_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

fn set_age(path: &Path, age: Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

fn age_of(path: &Path) -> Duration {
    SystemTime::now()
        .duration_since(fs::metadata(path).unwrap().modified().unwrap())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 1. Crash safety: a writer SIGKILLed at random moments, hundreds of times.
// ---------------------------------------------------------------------------------------------

const TORTURE_ENV: &str = "SKILLGAP_TORTURE_DIR";
/// With this set the child writes files in place (no temp file, no rename), so that the checker
/// can be shown to catch torn files: see `the_torture_checker_catches_a_non_atomic_writer`.
const NAIVE_ENV: &str = "SKILLGAP_TORTURE_NAIVE";
const SEED_ENV: &str = "SKILLGAP_TORTURE_SEED";
const KILLS_ENV: &str = "SKILLGAP_TORTURE_KILLS";
const TORTURE_SESSION: &str = "torture";
/// What the writer prints when it starts writing.
const WRITING: &str = "<<writing>>";
const DEFAULT_SEED: u64 = 0x5eed_cafe;
const DEFAULT_KILLS: usize = 220;

/// The session as the child saves it at step `n`: every field depends on `n`, and its length
/// varies with `n`, so a file holding parts of two steps, or a cut-off one, cannot pass for one.
fn torture_session(n: u64, started: Timestamp, updated: Timestamp) -> Session {
    let len = 40 + (n * 37 % 300) as usize;
    let qid = |i: usize| format!("q{i}.{n}");
    let mut session = Session::new(
        TORTURE_SESSION.to_string(),
        Mode::Quick,
        vec![format!("step-{n}")],
        BankStamp {
            fingerprint: format!("fingerprint-{n}"),
            source: "torture".to_string(),
        },
    );
    session.started = started;
    session.updated = updated;
    session.plan = (0..len).map(qid).collect();
    session.shuffles = (0..len)
        .map(|i| {
            let k = n as usize + i;
            (qid(i), vec![k % 3, (k + 1) % 3, (k + 2) % 3])
        })
        .collect();
    session.answers = Answers(
        (0..len)
            .map(|i| (qid(i), Answer::Choice((i + n as usize) % 5)))
            .collect(),
    );
    session
}

/// The step a session file is at, read from its `focus`.
fn session_step(session: &Session) -> Option<u64> {
    session.focus.first()?.strip_prefix("step-")?.parse().ok()
}

/// The bytes of the plain file the child writes with `store::write_atomic` at step `n`.
fn blob_bytes(n: u64) -> Vec<u8> {
    let len = 1_000 + (n * 7_919 % 200_000) as usize;
    let payload: String = (0..len)
        .map(|i| (b'a' + ((n as usize * 31 + i * 7) % 26) as u8) as char)
        .collect();
    serde_json::to_vec(&json!({"counter": n, "payload": payload})).unwrap()
}

/// Answers for the mini bank that depend on `n`; the result saved at step `n` carries them.
fn torture_answers(n: u64) -> Answers {
    let mut a = Answers::default();
    a.insert("python.self", Answer::Choice((n % 5) as usize));
    a.insert("python.k1", Answer::Choice((n % 3) as usize));
    a.insert("deep.k1", Answer::Skip);
    a
}

fn naive_write(path: &Path, bytes: &[u8]) {
    let mut f = fs::File::create(path).unwrap();
    let half = bytes.len() / 2;
    f.write_all(&bytes[..half]).unwrap();
    f.sync_all().unwrap();
    f.write_all(&bytes[half..]).unwrap();
}

fn read_step(store: &Store, blob: &Path) -> Option<u64> {
    let session = store
        .sessions()
        .0
        .iter()
        .find(|s| s.id == TORTURE_SESSION)
        .and_then(session_step);
    let blob = fs::read(blob)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v["counter"].as_u64());
    session.max(blob)
}

/// The writer that the parent kills: saves a growing session, a checkable blob and a new result,
/// over and over, until it is killed. Does nothing unless started by `crash_torture`.
#[test]
fn torture_child() {
    let Some(dir) = std::env::var_os(TORTURE_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let naive = std::env::var_os(NAIVE_ENV).is_some();
    let store = Store::open(&dir).unwrap();
    let bank = mini_bank();
    let blob = dir.join("blob").join("blob.json");
    fs::create_dir_all(blob.parent().unwrap()).unwrap();
    let _lock = store.lock_session(TORTURE_SESSION).unwrap();
    let mut n = read_step(&store, &blob).map_or(0, |n| n + 1);
    let started = Timestamp::now();
    // libtest prints `test torture_child ... ` before this, on the same line.
    println!("{WRITING}");
    std::io::stdout().flush().unwrap();
    loop {
        let session = torture_session(n, started, Timestamp::now());
        let bytes = blob_bytes(n);
        if naive {
            let path = store.sessions_dir().join(format!("{TORTURE_SESSION}.json"));
            naive_write(&path, &serde_json::to_vec_pretty(&session).unwrap());
            naive_write(&blob, &bytes);
        } else {
            store.save_session(&session).unwrap();
            store::write_atomic(&blob, &bytes, false).unwrap();
            let answers = torture_answers(n);
            let assessment = skillgap::score::assess(&bank, &answers);
            let stamp = BankStamp {
                fingerprint: bank.fingerprint().to_string(),
                source: format!("torture-{n}"),
            };
            let result =
                SavedResult::new(store.new_id(), Mode::Answers, stamp, answers, assessment);
            store.save_result(&result).unwrap();
        }
        n += 1;
    }
}

#[derive(Debug, Default)]
struct TortureStats {
    kills: usize,
    /// Kills after which the session file had not moved on (killed before or during a write).
    unchanged: usize,
    last_session_step: Option<u64>,
    last_blob_step: Option<u64>,
    results: usize,
    leftover_temps: usize,
}

/// Everything the checker knows between kills.
struct Checker {
    store: Store,
    blob_dir: PathBuf,
    checked_results: BTreeSet<String>,
    stats: TortureStats,
}

impl Checker {
    /// Every file in the data directory is a complete version (the old or the new one), and the
    /// versions never go backwards. Temporary files are counted, never read as data.
    fn check(&mut self) -> Result<(), String> {
        let store = &self.store;
        let mut temps = 0;

        // sessions/: the one session, its lock, temporary files.
        let sessions_dir = store.sessions_dir();
        for name in names_in(&sessions_dir) {
            let path = sessions_dir.join(&name);
            if is_temp(&name) {
                temps += 1;
            } else if name == format!("{TORTURE_SESSION}.lock") {
            } else if name == format!("{TORTURE_SESSION}.json") {
                let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let session: Session = serde_json::from_slice(&bytes).map_err(|e| {
                    format!(
                        "{} is not a complete session ({} bytes): {e}",
                        path.display(),
                        bytes.len()
                    )
                })?;
                let n = session_step(&session)
                    .ok_or_else(|| format!("{}: no step in {:?}", path.display(), session.focus))?;
                let expected = torture_session(n, session.started, session.updated);
                if session != expected {
                    return Err(format!(
                        "{} parses but is not exactly step {n}: a mix of versions",
                        path.display()
                    ));
                }
                if session.format != "skillgap-session" || session.version != FORMAT_VERSION {
                    return Err(format!("{}: wrong format or version", path.display()));
                }
                if let Some(last) = self.stats.last_session_step {
                    if n < last {
                        return Err(format!(
                            "{}: went back from step {last} to {n}",
                            path.display()
                        ));
                    }
                    if n == last {
                        self.stats.unchanged += 1;
                    }
                }
                self.stats.last_session_step = Some(n);
            } else {
                return Err(format!("unexpected file {}", path.display()));
            }
        }
        let (sessions, problems) = store.sessions();
        if !problems.is_empty() || sessions.len() > 1 {
            return Err(format!(
                "Store::sessions: {} session(s), problems {problems:?}",
                sessions.len()
            ));
        }

        // blob/: written with write_atomic; byte-exact check against the step it claims.
        for name in names_in(&self.blob_dir) {
            let path = self.blob_dir.join(&name);
            if is_temp(&name) {
                continue;
            }
            if name != "blob.json" {
                return Err(format!("unexpected file {}", path.display()));
            }
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "{} is not a complete version ({} bytes): {e}",
                    path.display(),
                    bytes.len()
                )
            })?;
            let n = value["counter"]
                .as_u64()
                .ok_or_else(|| format!("{}: no counter", path.display()))?;
            if bytes != blob_bytes(n) {
                return Err(format!(
                    "{} parses but differs from step {n}: a mix of versions",
                    path.display()
                ));
            }
            if self.stats.last_blob_step.is_some_and(|last| n < last) {
                return Err(format!("{}: went back to step {n}", path.display()));
            }
            self.stats.last_blob_step = Some(n);
        }

        // results/: new files only (results are never replaced); each complete and consistent.
        let results_dir = store.results_dir();
        for name in names_in(&results_dir) {
            let path = results_dir.join(&name);
            if is_temp(&name) {
                temps += 1;
                continue;
            }
            if self.checked_results.contains(&name) {
                continue;
            }
            let Some(id) = name.strip_suffix(".json") else {
                return Err(format!("unexpected file {}", path.display()));
            };
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let r: SavedResult = serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "{} is not a complete result ({} bytes): {e}",
                    path.display(),
                    bytes.len()
                )
            })?;
            let n: u64 = r
                .bank
                .source
                .strip_prefix("torture-")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("{}: source {:?}", path.display(), r.bank.source))?;
            if r.id != id
                || r.format != "skillgap-result"
                || r.version != FORMAT_VERSION
                || r.mode != Mode::Answers
                || r.answers != torture_answers(n)
            {
                return Err(format!("{} is not the result of step {n}", path.display()));
            }
            self.checked_results.insert(name);
        }
        self.stats.results = self.checked_results.len();
        self.stats.leftover_temps = temps;

        // The killed writer's session lock died with it.
        store
            .lock_session(TORTURE_SESSION)
            .map_err(|e| format!("the session lock outlived the killed writer: {e}"))?;
        Ok(())
    }
}

/// Kills the writer if the parent panics before it does, so that no writer is left running.
struct Reaper(Option<std::process::Child>);

impl Drop for Reaper {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts the writer `kills` times and SIGKILLs it after a random delay, checking the files
/// after every kill. Returns the first broken file found, if any.
fn torture(dir: &Path, kills: usize, seed: u64, naive: bool) -> Result<TortureStats, String> {
    let store = Store::open(dir).unwrap();
    let blob_dir = dir.join("blob");
    fs::create_dir_all(&blob_dir).unwrap();
    let mut checker = Checker {
        store,
        blob_dir,
        checked_results: BTreeSet::new(),
        stats: TortureStats::default(),
    };
    let exe = std::env::current_exe().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for kill in 0..kills {
        let mut cmd = Command::new(&exe);
        cmd.args([
            "--exact",
            "store::torture_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(TORTURE_ENV, dir)
        .env_remove(NAIVE_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        if naive {
            cmd.env(NAIVE_ENV, "1");
        }
        let mut guard = Reaper(Some(cmd.spawn().unwrap()));
        let child = guard.0.as_mut().unwrap();
        // Wait for the writer to start its loop, then let it write for a random while: a step
        // takes a few milliseconds, so the kills land before, inside and between writes.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        if !lines.any(|l| l.is_ok_and(|l| l.contains(WRITING))) {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!(
                "the writer stopped before writing ({:?}), kill {kill}:\n{err}",
                child.wait()
            );
        }
        let longest = if rng.random_bool(0.1) { 60_000 } else { 12_000 };
        std::thread::sleep(Duration::from_micros(rng.random_range(0..longest)));
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("the writer stopped by itself ({status}) before kill {kill}:\n{err}");
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        guard.0 = None;
        checker.stats.kills = kill + 1;
        checker
            .check()
            .map_err(|e| format!("after kill {} (seed {seed:#x}): {e}", kill + 1))?;
    }
    Ok(checker.stats)
}

fn torture_seed() -> u64 {
    std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| {
            let s = s.trim_start_matches("0x");
            u64::from_str_radix(s, 16).ok()
        })
        .unwrap_or(DEFAULT_SEED)
}

fn torture_kills() -> usize {
    std::env::var(KILLS_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_KILLS)
}

/// 220 writers killed at random moments; after each kill every file is one complete version.
/// A failure names its seed: rerun it with `SKILLGAP_TORTURE_SEED=<seed>`, and make the run longer
/// with `SKILLGAP_TORTURE_KILLS=<n>`.
#[test]
fn crash_torture_leaves_only_complete_files_and_stale_temps_are_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let seed = torture_seed();
    let stats = torture(&dir, torture_kills(), seed, false).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("crash torture (seed {seed:#x}): {stats:?}");

    // The checks were not vacuous: the writer made progress (a loaded machine makes less), and
    // kills landed inside writes (each of those leaves a temporary file behind).
    let steps = stats
        .last_session_step
        .expect("the writer never saved a session");
    assert!(steps >= 5, "only {steps} session saves: {stats:?}");
    assert!(stats.results >= 1, "no result was saved: {stats:?}");
    assert!(
        stats.leftover_temps >= 1,
        "no kill landed inside a write: {stats:?}"
    );

    let store = Store::open(&dir).unwrap();
    let results_dir = store.results_dir();
    let sessions_dir = store.sessions_dir();
    let result_files: BTreeSet<String> = names_in(&results_dir)
        .into_iter()
        .filter(|n| !is_temp(n))
        .collect();

    // Temporary files, leftovers of killed writes and a planted complete one named like a result,
    // never show as results or sessions.
    let template: Value =
        serde_json::from_slice(&fs::read(results_dir.join(result_files.first().unwrap())).unwrap())
            .unwrap();
    let mut planted = template.clone();
    planted["id"] = json!("planted");
    let planted_result = results_dir.join(format!("{TEMP_PREFIX}planted.json"));
    fs::write(
        &planted_result,
        serde_json::to_vec_pretty(&planted).unwrap(),
    )
    .unwrap();
    let mut planted_session = serde_json::to_value(torture_session(
        1_000_000,
        Timestamp::now(),
        Timestamp::now(),
    ))
    .unwrap();
    planted_session["id"] = json!("plantedsession");
    let planted_session_path = sessions_dir.join(format!("{TEMP_PREFIX}plantedsession.json"));
    fs::write(
        &planted_session_path,
        serde_json::to_vec(&planted_session).unwrap(),
    )
    .unwrap();
    let fresh_temp = sessions_dir.join(format!("{TEMP_PREFIX}in-progress"));
    fs::write(&fresh_temp, b"{\"half\": ").unwrap();

    let (results, problems) = store.results();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        results
            .iter()
            .map(|r| format!("{}.json", r.id))
            .collect::<BTreeSet<_>>(),
        result_files,
        "the results listed are exactly the complete result files"
    );
    let (sessions, problems) = store.sessions();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        sessions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [TORTURE_SESSION]
    );

    // Store::open removes temporary files older than its threshold (15 minutes), and nothing else:
    // not a temp file being written right now, not one a few minutes old, not an old result.
    let temps = |dir: &Path| -> Vec<PathBuf> {
        names_in(dir)
            .into_iter()
            .filter(|n| is_temp(n))
            .map(|n| dir.join(n))
            .collect()
    };
    let old_temps: Vec<PathBuf> = temps(&results_dir)
        .into_iter()
        .chain(temps(&sessions_dir))
        .filter(|p| *p != fresh_temp)
        .collect();
    for p in &old_temps {
        set_age(p, Duration::from_secs(60 * 60));
    }
    let recent_temp = results_dir.join(format!("{TEMP_PREFIX}recent"));
    fs::write(&recent_temp, b"{").unwrap();
    set_age(&recent_temp, Duration::from_secs(5 * 60));
    let old_result = results_dir.join(result_files.first().unwrap());
    set_age(&old_result, Duration::from_secs(365 * 24 * 60 * 60));
    let session_path = sessions_dir.join(format!("{TORTURE_SESSION}.json"));
    set_age(&session_path, Duration::from_secs(365 * 24 * 60 * 60));
    let session_bytes = fs::read(&session_path).unwrap();

    let store = Store::open(&dir).unwrap();
    for p in &old_temps {
        assert!(!p.exists(), "stale temp file {} survived", p.display());
    }
    assert!(fresh_temp.exists(), "a temp file being written was removed");
    assert!(recent_temp.exists(), "a 5-minute-old temp file was removed");
    assert!(old_result.exists(), "an old result was removed");
    assert_eq!(fs::read(&session_path).unwrap(), session_bytes);
    assert_eq!(
        names_in(&results_dir)
            .into_iter()
            .filter(|n| !is_temp(n))
            .collect::<BTreeSet<_>>(),
        result_files
    );
    assert_eq!(store.results().0.len(), result_files.len());
    assert!(age_of(&old_result) > Duration::from_secs(300 * 24 * 60 * 60));
}

/// Shows that the crash test can fail: the same kills against a writer that writes in place.
/// Ignored by default (it relies on a kill landing inside a write); run with `--ignored`.
#[test]
#[ignore = "checks the checker; run with --ignored"]
fn the_torture_checker_catches_a_non_atomic_writer() {
    let tmp = tempfile::tempdir().unwrap();
    match torture(&tmp.path().join("data"), 300, torture_seed(), true) {
        Ok(stats) => panic!("no torn file detected with a non-atomic writer: {stats:?}"),
        Err(e) => eprintln!("detected as expected: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Bad files: named, left untouched, and everything else keeps working.
// ---------------------------------------------------------------------------------------------

fn env(data: &Path) -> [(&'static str, &Path); 1] {
    [("SKILLGAP_DATA_DIR", data)]
}

fn answers_json(self_rating: u64, k1: u64) -> Value {
    json!({"answers": {
        "python.self": self_rating,
        "python.k1": k1,
        "python.k2": [0, 2],
        "python.k3": "yield",
        "vision.self": 1,
        "vision.k1": 0,
        "deep.k1": "skip",
        "interest.images": 2
    }})
}

/// Takes the mini bank's quiz from an answer file and returns the new result's id.
fn take_quiz(data: &Path, answers: &Value) -> String {
    quiz_from_answers(data, Some(&mini()), &answers.to_string())
}

fn history_ids(data: &Path) -> Vec<String> {
    let out = skillgap(&["history", "--json"], &env(data));
    assert!(out.status.success(), "history failed: {}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn snapshot(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<u8>> {
    files
        .iter()
        .map(|p| (p.clone(), fs::read(p).unwrap()))
        .collect()
}

fn assert_unchanged(before: &BTreeMap<PathBuf, Vec<u8>>, when: &str) {
    for (path, bytes) in before {
        let now =
            fs::read(path).unwrap_or_else(|e| panic!("{} is gone {when}: {e}", path.display()));
        assert!(
            now == *bytes,
            "{} changed {when}: {} bytes before, {} after",
            path.display(),
            bytes.len(),
            now.len()
        );
    }
}

/// The line of `text` naming `path`, which must also say `reason`.
fn assert_names(text: &str, path: &Path, reason: &str) {
    let shown = path.display().to_string();
    // Messages wrap at the width: a continuation line is indented two more than its line.
    let mut logical: Vec<(usize, String)> = Vec::new();
    for l in text.lines() {
        let indent = l.len() - l.trim_start().len();
        match logical.last_mut() {
            Some((base, line)) if indent == *base + 2 && !l.trim_start().starts_with("help:") => {
                line.push(' ');
                line.push_str(l.trim_start());
            }
            _ => logical.push((indent, l.to_string())),
        }
    }
    let text = logical
        .into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n");
    let line = text
        .lines()
        .find(|l| l.contains(&shown))
        .unwrap_or_else(|| panic!("{shown} is not named in:\n{text}"));
    assert!(
        line.contains(reason),
        "the line naming {shown} does not say {reason:?}: {line}"
    );
}

fn output_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        stderr(out)
    );
}

#[test]
fn unreadable_results_are_named_left_untouched_and_the_rest_still_works() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let a = take_quiz(data, &answers_json(3, 1));
    let b = take_quiz(data, &answers_json(1, 0));
    let results = data.join("results");
    let good = fs::read(results.join(format!("{a}.json"))).unwrap();

    let mut future: Value = serde_json::from_slice(&good).unwrap();
    future["version"] = json!(FORMAT_VERSION + 1);
    future["id"] = json!("future");
    future["added_in_a_later_version"] = json!({"x": 1});
    let mut wrong_kind: Value = serde_json::from_slice(&good).unwrap();
    wrong_kind["format"] = json!("skillgap-session");
    let mut no_version: Value = serde_json::from_slice(&good).unwrap();
    no_version.as_object_mut().unwrap().remove("version");
    let mut bad_field: Value = serde_json::from_slice(&good).unwrap();
    bad_field["created"] = json!("yesterday");

    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            good[..good.len() / 2].to_vec(),
            "is truncated",
        ),
        (
            "cutshort.json",
            good[..good.len() - 2].to_vec(),
            "is truncated",
        ),
        (
            "garbage.json",
            b"\x00\xff\xfe this is not JSON {{{ \x80".to_vec(),
            "is corrupt",
        ),
        ("empty.json", Vec::new(), "is empty"),
        ("blank.json", b"  \n\t \n".to_vec(), "is empty"),
        (
            "future.json",
            serde_json::to_vec_pretty(&future).unwrap(),
            "was written by a newer skillgap",
        ),
        (
            "session.json",
            serde_json::to_vec_pretty(&wrong_kind).unwrap(),
            "is not a skillgap-result file",
        ),
        (
            "noversion.json",
            serde_json::to_vec_pretty(&no_version).unwrap(),
            "has no format version",
        ),
        (
            "badfield.json",
            serde_json::to_vec_pretty(&bad_field).unwrap(),
            "is corrupt",
        ),
    ];
    let bad_paths: Vec<PathBuf> = bad.iter().map(|(n, _, _)| results.join(n)).collect();
    for ((_, bytes, _), path) in bad.iter().zip(&bad_paths) {
        fs::write(path, bytes).unwrap();
    }
    let before = snapshot(&bad_paths);

    // history: every bad file named on stderr with what is wrong; the good ones still listed.
    let out = skillgap(&["history"], &env(data));
    output_ok(&out, "history");
    let err = stderr(&out);
    for ((_, _, reason), path) in bad.iter().zip(&bad_paths) {
        assert_names(&err, path, reason);
        assert_names(&err, path, "left untouched");
    }
    let text = stdout(&out);
    assert!(text.contains(&a) && text.contains(&b), "history:\n{text}");
    assert_eq!(history_ids(data), [a.clone(), b.clone()]);
    assert_unchanged(&before, "after history");

    // show: the good results still show, reading only the file asked for (the bad ones are not
    // read, so not warned about); `latest` is the newest good one.
    let out = skillgap(&["show", &a, "--json"], &env(data));
    output_ok(&out, "show");
    assert!(
        !stderr(&out).contains("truncated.json"),
        "show {a} read other files:\n{}",
        stderr(&out)
    );
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["id"], json!(a));
    let out = skillgap(&["show", "--json"], &env(data));
    output_ok(&out, "show latest");
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["id"], json!(b));

    // show of a bad file by its name: a usage error that names the file and says why.
    for (stem, reason) in [
        ("truncated", "is truncated"),
        ("garbage", "is corrupt"),
        ("empty", "is empty"),
        ("future", "was written by a newer skillgap"),
    ] {
        let out = skillgap(&["show", stem], &env(data));
        assert_eq!(out.status.code(), Some(2), "show {stem}: {}", stderr(&out));
        let err = stderr(&out);
        // The error, with the lines it wraps onto.
        let error: String = err
            .lines()
            .skip_while(|l| !l.starts_with("error:"))
            .take_while(|l| l.starts_with("error:") || l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!error.is_empty(), "no error line for show {stem}:\n{err}");
        assert_names(&error, &results.join(format!("{stem}.json")), reason);
        assert!(stdout(&out).is_empty());
    }

    // compare and export still work around the bad files.
    let out = skillgap(&["compare", "--json"], &env(data));
    output_ok(&out, "compare");
    assert_names(&stderr(&out), &bad_paths[2], "is corrupt");
    let c: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(c.to_string().contains(&a) && c.to_string().contains(&b));
    let out = skillgap(&["export", &b, "--format", "json"], &env(data));
    output_ok(&out, "export");
    let exported: SavedResult = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(exported.id, b);

    // A new result can still be saved next to them, and nothing about the bad files changed.
    let c = take_quiz(data, &answers_json(4, 1));
    assert_eq!(history_ids(data), [a, b, c.clone()]);
    let out = skillgap(&["delete", &c, "--yes"], &env(data));
    output_ok(&out, "delete");
    assert_unchanged(&before, "after show, compare, export, quiz and delete");
    for path in &bad_paths {
        assert!(path.exists());
    }
}

#[test]
fn unreadable_sessions_are_named_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let bank = mini_bank();
    let stamp = BankStamp {
        fingerprint: bank.fingerprint().to_string(),
        source: mini().display().to_string(),
    };
    let mut good = Session::new("goodse".to_string(), Mode::Quick, Vec::new(), stamp.clone());
    good.plan = vec!["python.self".to_string(), "python.k1".to_string()];
    good.answers.insert("python.self", Answer::Choice(2));
    store.save_session(&good).unwrap();
    let good_bytes = fs::read(store.sessions_dir().join("goodse.json")).unwrap();

    let mut future = serde_json::to_value(&good).unwrap();
    future["id"] = json!("future");
    future["version"] = json!(FORMAT_VERSION + 5);
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            good_bytes[..good_bytes.len() / 3].to_vec(),
            "is truncated",
        ),
        (
            "garbage.json",
            b"<html>not a session</html>".to_vec(),
            "is corrupt",
        ),
        ("empty.json", Vec::new(), "is empty"),
        (
            "future.json",
            serde_json::to_vec_pretty(&future).unwrap(),
            "was written by a newer skillgap",
        ),
        (
            "result.json",
            br#"{"format": "skillgap-result", "version": 1}"#.to_vec(),
            "is not a skillgap-session file",
        ),
    ];
    let paths: Vec<PathBuf> = bad
        .iter()
        .map(|(n, _, _)| store.sessions_dir().join(n))
        .collect();
    for ((_, bytes, _), path) in bad.iter().zip(&paths) {
        fs::write(path, bytes).unwrap();
    }
    let before = snapshot(&paths);

    let (sessions, problems) = store.sessions();
    assert_eq!(sessions, [good.clone()]);
    assert_eq!(problems.len(), bad.len(), "{problems:?}");
    for ((_, _, reason), path) in bad.iter().zip(&paths) {
        let p = problems
            .iter()
            .find(|p| p.path == *path)
            .unwrap_or_else(|| panic!("{} not reported: {problems:?}", path.display()));
        assert!(p.problem.contains(reason), "{p}");
        assert!(p.to_string().contains(&path.display().to_string()));
    }

    // The quiz warns about each one by its path, still offers nothing broken, and leaves them be.
    let mut person = Leaver::default();
    let opts = quiz::Options {
        start: Start::New,
        mode: None,
        focus: None,
        bank_source: BankSource::Dir(mini()),
    };
    let outcome = quiz::run(&bank, &store, &mut person, opts).unwrap();
    assert!(matches!(outcome, quiz::Outcome::Paused { .. }));
    let said = person.said.join("\n");
    for ((_, _, reason), path) in bad.iter().zip(&paths) {
        assert_names(&said, path, reason);
        assert_names(&said, path, "warning: unfinished session");
    }
    assert_unchanged(&before, "after the quiz started and paused");
    assert_eq!(
        fs::read(store.sessions_dir().join("goodse.json")).unwrap(),
        good_bytes
    );
    let reopened = Store::open(tmp.path()).unwrap();
    assert_eq!(reopened.sessions().0, [good]);
    assert_unchanged(&before, "after Store::open");
}

// ---------------------------------------------------------------------------------------------
// 3. Concurrency: processes saving at once, and session locks.
// ---------------------------------------------------------------------------------------------

#[test]
fn concurrent_quiz_runs_all_end_up_in_history() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let bank = mini();
    let runs = 6;
    let files: Vec<tempfile::NamedTempFile> = (0..runs)
        .map(|i| {
            let f = tempfile::NamedTempFile::new().unwrap();
            let answers = answers_json(i as u64 % 5, i as u64 % 3);
            fs::write(f.path(), serde_json::to_vec(&answers).unwrap()).unwrap();
            f
        })
        .collect();
    // Started together, before any is waited for; the data directory does not exist yet, so
    // they also race to create it.
    let children: Vec<std::process::Child> = files
        .iter()
        .map(|f| {
            Command::new(env!("CARGO_BIN_EXE_skillgap"))
                .args([
                    "--bank",
                    bank.to_str().unwrap(),
                    "--data-dir",
                    data.to_str().unwrap(),
                    "quiz",
                    "--answers",
                    f.path().to_str().unwrap(),
                    "--json",
                ])
                .env_remove("SKILLGAP_DATA_DIR")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        output_ok(&out, "concurrent quiz --answers");
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert!(ids.insert(v["id"].as_str().unwrap().to_string()));
    }
    let out = skillgap(&["history", "--json"], &env(&data));
    output_ok(&out, "history");
    assert_eq!(stderr(&out), "", "no file should be unreadable");
    let listed: BTreeSet<String> = history_ids(&data).into_iter().collect();
    assert_eq!(listed, ids);
    assert_eq!(names_in(&data.join("results")).len(), runs);
}

#[test]
fn a_saved_result_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let bank = mini_bank();
    let stamp = BankStamp {
        fingerprint: bank.fingerprint().to_string(),
        source: "test".to_string(),
    };
    let make = |n: u64| {
        let answers = torture_answers(n);
        let assessment = skillgap::score::assess(&bank, &answers);
        SavedResult::new(
            "sameid".to_string(),
            Mode::Answers,
            stamp.clone(),
            answers,
            assessment,
        )
    };
    let path = store.save_result(&make(1)).unwrap();
    let before = snapshot(std::slice::from_ref(&path));
    let err = store.save_result(&make(2)).unwrap_err().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert_unchanged(&before, "after a second save with the same id");
    assert_eq!(store.results().0, [store.find_result("sameid").unwrap()]);
    assert_eq!(
        store.find_result("sameid").unwrap().answers,
        torture_answers(1)
    );
    assert_eq!(
        names_in(&store.results_dir()),
        BTreeSet::from(["sameid.json".to_string()]),
        "the refused write left no temporary file"
    );
}

const LOCK_ENV: &str = "SKILLGAP_LOCK_DIR";
const LOCK_HELD: &str = "<<session lock held>>";

/// Holds a session lock until killed. Does nothing unless started by the lock test.
#[test]
fn lock_holder_child() {
    let Some(dir) = std::env::var_os(LOCK_ENV) else {
        return;
    };
    let store = Store::open(PathBuf::from(dir)).unwrap();
    let _lock = store.lock_session("shared").unwrap();
    // libtest prints `test lock_holder_child ... ` before this, on the same line.
    println!("{LOCK_HELD}");
    std::io::stdout().flush().unwrap();
    // Held until killed, or until the parent goes away and standard input closes.
    let mut rest = String::new();
    let _ = std::io::stdin().read_to_string(&mut rest);
}

#[test]
fn a_session_lock_is_held_by_one_holder_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();

    // In one process: a second claim fails while the first is held, and succeeds after.
    let first = store.lock_session("alpha").unwrap();
    let err = store.lock_session("alpha").unwrap_err().to_string();
    assert!(
        err.contains("alpha") && err.contains("another skillgap process"),
        "{err}"
    );
    assert!(store.session_in_use("alpha"));
    let other = store.lock_session("beta").unwrap(); // another session is independent
    drop(first);
    assert!(!store.session_in_use("alpha"));
    let again = store.lock_session("alpha").unwrap();
    drop((again, other));

    // Across processes: another process holds it; when that process dies, the claim is free.
    let mut holder = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store::lock_holder_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(LOCK_ENV, tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(holder.stdout.take().unwrap()).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains(LOCK_HELD) => break,
            Some(_) => {}
            None => panic!("the lock holder exited: {:?}", holder.wait()),
        }
    }
    let err = store.lock_session("shared").unwrap_err().to_string();
    assert!(err.contains("another skillgap process"), "{err}");
    assert!(store.session_in_use("shared"));
    // The failed attempts did not take the lock away from the holder.
    assert!(holder.try_wait().unwrap().is_none());
    assert!(store.lock_session("shared").is_err());
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(!store.session_in_use("shared"));
    let lock = store.lock_session("shared").unwrap();
    assert!(lock.path().ends_with("sessions/shared.lock"));
}

// ---------------------------------------------------------------------------------------------
// 4. Permissions.
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;

    // A fresh data directory, created by the binary.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("nested").join("data");
    let id = take_quiz(&data, &answers_json(2, 1));
    for dir in [data.clone(), data.join("results"), data.join("sessions")] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    assert_eq!(
        mode(&data.join("results").join(format!("{id}.json"))),
        0o600
    );

    // An existing directory keeps the mode its owner gave it (a shared 1777 one its sticky bit);
    // only what skillgap creates is made private, and its files are private either way.
    let open = tmp.path().join("open");
    fs::create_dir_all(open.join("results")).unwrap();
    fs::set_permissions(&open, fs::Permissions::from_mode(0o1777)).unwrap();
    fs::set_permissions(open.join("results"), fs::Permissions::from_mode(0o755)).unwrap();
    let id = take_quiz(&open, &answers_json(1, 1));
    let full_mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(full_mode(&open), 0o1777, "the sticky bit stays");
    assert_eq!(mode(&open.join("results")), 0o755);
    assert_eq!(mode(&open.join("sessions")), 0o700, "created by skillgap");
    assert_eq!(
        mode(&open.join("results").join(format!("{id}.json"))),
        0o600
    );
    // A file where the data directory should be is named as such.
    let file = tmp.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let out = skillgap(&["--data-dir", file.to_str().unwrap(), "history"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a directory"),
        "{}",
        stderr(&out)
    );

    // Sessions too.
    let store = Store::open(&open).unwrap();
    let session = torture_session(3, Timestamp::now(), Timestamp::now());
    store.save_session(&session).unwrap();
    assert_eq!(
        mode(&store.sessions_dir().join(format!("{TORTURE_SESSION}.json"))),
        0o600
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Result ids: prefixes, ambiguity, suggestions, and deleting.
// ---------------------------------------------------------------------------------------------

#[test]
fn ids_prefixes_suggestions_and_delete() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    let data = tmp.path().join("data");
    let template_id = take_quiz(&scratch, &answers_json(3, 1));
    let template: Value = serde_json::from_slice(
        &fs::read(scratch.join("results").join(format!("{template_id}.json"))).unwrap(),
    )
    .unwrap();
    let results = data.join("results");
    fs::create_dir_all(&results).unwrap();
    for (id, day) in [("abcdef", 1), ("abcxyz", 2), ("mnpqrs", 3)] {
        let mut r = template.clone();
        r["id"] = json!(id);
        r["created"] = json!(format!("2025-01-0{day}T10:00:00Z"));
        fs::write(
            results.join(format!("{id}.json")),
            serde_json::to_vec_pretty(&r).unwrap(),
        )
        .unwrap();
    }
    let show = |id: &str| skillgap(&["show", id, "--json"], &env(&data));
    let shown_id = |out: &Output| -> String {
        output_ok(out, "show");
        let v: Value = serde_json::from_str(&stdout(out)).unwrap();
        v["id"].as_str().unwrap().to_string()
    };

    // Whole ids, unique prefixes (any case), and `latest`.
    assert_eq!(shown_id(&show("abcxyz")), "abcxyz");
    assert_eq!(shown_id(&show("abcd")), "abcdef");
    assert_eq!(shown_id(&show("ABCX")), "abcxyz");
    assert_eq!(shown_id(&show("m")), "mnpqrs");
    assert_eq!(shown_id(&show("latest")), "mnpqrs");

    // An ambiguous prefix lists the matches and asks for more.
    for prefix in ["abc", "a"] {
        let out = show(prefix);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("matches 2 results") && err.contains("abcdef") && err.contains("abcxyz"),
            "{err}"
        );
        assert!(!err.contains("mnpqrs"), "{err}");
        assert!(stdout(&out).is_empty());
    }

    // A typo gets the closest id; something unlike any id points to `history`.
    let out = show("abcdfe");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean \"abcdef\"?"),
        "{}",
        stderr(&out)
    );
    let out = show("mnpqsr");
    assert!(
        stderr(&out).contains("did you mean \"mnpqrs\"?"),
        "{}",
        stderr(&out)
    );
    let out = show("zzzzzz");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no result \"zzzzzz\"") && stderr(&out).contains("skillgap history"),
        "{}",
        stderr(&out)
    );

    // delete without a terminal and without --yes refuses, exit 2, and keeps the file as it was.
    let target = results.join("mnpqrs.json");
    let before = snapshot(std::slice::from_ref(&target));
    let out = skillgap(&["delete", "mnpqrs"], &env(&data));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not deleting mnpqrs") && stderr(&out).contains("--yes"),
        "{}",
        stderr(&out)
    );
    assert_unchanged(&before, "after delete without --yes");
    assert_eq!(history_ids(&data), ["abcdef", "abcxyz", "mnpqrs"]);

    // An ambiguous prefix deletes nothing, even with --yes.
    let out = skillgap(&["delete", "abc", "--yes"], &env(&data));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(history_ids(&data), ["abcdef", "abcxyz", "mnpqrs"]);

    // With --yes, by unique prefix: gone from disk and from history; the others untouched.
    let others = snapshot(&[results.join("abcdef.json"), results.join("abcxyz.json")]);
    let out = skillgap(&["delete", "mnp", "--yes"], &env(&data));
    output_ok(&out, "delete --yes");
    assert!(
        stdout(&out).contains("Deleted result mnpqrs."),
        "{}",
        stdout(&out)
    );
    assert!(!target.exists());
    assert_eq!(history_ids(&data), ["abcdef", "abcxyz"]);
    assert_unchanged(&others, "after deleting another result");
    let out = skillgap(&["delete", "mnpqrs", "--yes"], &env(&data));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Found while writing these tests.
// ---------------------------------------------------------------------------------------------

/// `export -o NAME` with a bare file name writes into the current directory (its parent is "").
#[test]
fn export_to_a_bare_file_name_in_the_current_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let id = take_quiz(&data, &answers_json(3, 1));
    let out = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["export", &id, "--format", "json", "-o", "out.json"])
        .current_dir(tmp.path())
        .env("SKILLGAP_DATA_DIR", &data)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    output_ok(&out, "export -o out.json");
    let exported: SavedResult =
        serde_json::from_slice(&fs::read(tmp.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(exported.id, id);
}

// ---------------------------------------------------------------------------------------------
// Version-1 results: written by skillgap before reasons were typed, migrated when read.
// ---------------------------------------------------------------------------------------------

/// The version-1 fixtures, written by the skillgap of that version (see tests/fixtures/results):
/// between them every kind of recommendation reason and path-step reason.
const V1_RESULTS: [&str; 4] = ["v1", "v1_beginner", "v1_sparse", "v1_focus"];

fn v1_fixture(name: &str) -> (Vec<u8>, Value) {
    let bytes = fs::read(fixtures().join("results").join(format!("{name}.json"))).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["version"], json!(1), "{name} is a version-1 file");
    (bytes, v)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The sentences a version-1 result saved: its reasons, and the why of each path step (the
/// recommended role's, then the runner-up's).
fn v1_sentences(v: &Value) -> (Vec<String>, Vec<String>) {
    let a = &v["assessment"];
    let mut whys: Vec<String> = a["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["why"].as_str().unwrap().to_string())
        .collect();
    if let Some(steps) = a["runner_up"]["steps"].as_array() {
        whys.extend(steps.iter().map(|s| s["why"].as_str().unwrap().to_string()));
    }
    let reasons = strings(&a["recommendation"]["reasons"])
        .into_iter()
        .map(|r| reworded(&r))
        .collect();
    (reasons, whys)
}

/// The reasons whose words changed on purpose since version 1: with related skills in the
/// model, what was not asked is no longer "level 2", so the sentence no longer names a method and
/// reads true of old and new results alike; and a likely range is written as the chart writes
/// it ("69–96%", not "69%–96%"), so the two never read differently.
fn reworded(reason: &str) -> String {
    let reason = reason.replace(
        "so these figures lean on starting assumptions (level 2 for anything not asked); the full quiz would firm them up.",
        "so the rest of these figures are estimates with a wide range; the full quiz would firm them up.",
    );
    match reason.split_once("(likely ") {
        Some((head, rest)) => match rest.split_once("%–") {
            Some((low, tail)) if low.chars().all(|c| c.is_ascii_digit()) => {
                format!("{head}(likely {low}–{tail}")
            }
            _ => reason,
        },
        None => reason,
    }
}

fn worded(r: &SavedResult) -> (Vec<String>, Vec<String>) {
    use skillgap::render::reasons;
    let a = &r.assessment;
    let whys = a
        .path
        .iter()
        .chain(a.runner_up.iter().flat_map(|r| &r.steps))
        .map(|s| reasons::step_why(&s.why))
        .collect();
    (
        a.recommendation
            .reasons
            .iter()
            .map(reasons::reason)
            .collect(),
        whys,
    )
}

/// A data directory holding the fixture as its only result, as `results/<id>.json`.
fn data_with_v1(name: &str) -> (tempfile::TempDir, String, PathBuf) {
    let (bytes, v) = v1_fixture(name);
    let tmp = tempfile::tempdir().unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let results = tmp.path().join("results");
    fs::create_dir_all(&results).unwrap();
    let path = results.join(format!("{id}.json"));
    fs::write(&path, bytes).unwrap();
    (tmp, id, path)
}

#[test]
fn version_1_results_are_migrated_to_typed_reasons_that_read_as_they_did() {
    let mut kinds = BTreeSet::new();
    let mut step_kinds = BTreeSet::new();
    for name in V1_RESULTS {
        let (_, v) = v1_fixture(name);
        let (tmp, id, path) = data_with_v1(name);
        let before = snapshot(std::slice::from_ref(&path));
        let store = Store::open(tmp.path()).unwrap();
        let (results, problems) = store.results();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let [r] = results.as_slice() else {
            panic!("{name}: {results:?}")
        };
        assert_eq!(r.id, id);
        assert_eq!(r.version, FORMAT_VERSION, "{name} is brought up to date");
        assert_eq!(worded(r), v1_sentences(&v), "{name}: the migrated reasons");
        assert_eq!(
            r.assessment.recommendation.reasons.len(),
            v["assessment"]["recommendation"]["reasons"]
                .as_array()
                .unwrap()
                .len()
        );
        // Reading migrates in memory only: the file stays as the older skillgap wrote it.
        assert_unchanged(&before, "after reading it");
        // The typed form, tagged by kind, is what a version-2 file holds.
        let typed = serde_json::to_value(&r.assessment).unwrap();
        for reason in typed["recommendation"]["reasons"].as_array().unwrap() {
            kinds.insert(reason["kind"].as_str().unwrap().to_string());
        }
        for step in typed["path"].as_array().unwrap() {
            step_kinds.insert(step["why"]["kind"].as_str().unwrap().to_string());
        }
        if let Some(steps) = typed["runner_up"]["steps"].as_array() {
            for step in steps {
                step_kinds.insert(step["why"]["kind"].as_str().unwrap().to_string());
            }
        }
    }
    let all = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        kinds,
        all(&[
            "background_differs",
            "background_typical",
            "best_match",
            "better_outside_focus",
            "biggest_gaps",
            "closer_on_skills",
            "leads",
            "little_measured",
            "meets_targets",
        ]),
        "the fixtures hold every kind of reason"
    );
    assert_eq!(
        step_kinds,
        all(&["prerequisite", "required", "required_or_alternative"])
    );
}

/// Whitespace removed: the terminal wraps sentences at its width.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn version_1_results_show_and_export_with_their_reasons() {
    for name in V1_RESULTS {
        let (_, v) = v1_fixture(name);
        let (reasons, whys) = v1_sentences(&v);
        let (tmp, id, path) = data_with_v1(name);
        let before = snapshot(std::slice::from_ref(&path));
        let data = tmp.path();

        // `show --full` gives the reasons and the path's first steps; `path` every step.
        let main_path = v["assessment"]["path"].as_array().unwrap().len();
        for (command, expected) in [
            ("show", [&reasons[..], &whys[..main_path.min(3)]].concat()),
            ("path", whys[..main_path].to_vec()),
        ] {
            let args: &[&str] = if command == "show" { &["--full"] } else { &[] };
            let out = skillgap(&[&[command, id.as_str()][..], args].concat(), &env(data));
            output_ok(&out, &format!("{command} of {name}"));
            // Only the note that today's bank differs from the one it was scored with.
            let err = stderr(&out);
            assert!(
                err.is_empty()
                    || err.starts_with("note: this result was scored with an earlier version"),
                "{name}: {err}"
            );
            let text = squeezed(&stdout(&out));
            for s in &expected {
                assert!(
                    text.contains(&squeezed(s)),
                    "{command} of {name} lacks {s:?}"
                );
            }
        }

        let file = tmp.path().join("export");
        export_to(data, &id, "markdown", &file);
        let md = fs::read_to_string(&file).unwrap();
        for s in &reasons {
            // No reason of these fixtures holds a character Markdown escapes.
            assert!(!s.contains(['|', '<', '>', '\\']), "{s}");
            assert!(
                md.contains(&format!("\n- {s}\n")),
                "markdown of {name} lacks {s:?}"
            );
        }
        export_to(data, &id, "html", &file);
        let html = fs::read_to_string(&file).unwrap();
        for s in &reasons {
            let li = format!("<li>{}</li>", skillgap::render::html::escape(s));
            assert!(html.contains(&li), "html of {name} lacks {li}");
        }
        for s in &whys[..main_path] {
            let why = skillgap::render::html::escape(s);
            assert!(html.contains(&why), "html of {name} lacks {why}");
        }
        export_to(data, &id, "json", &file);
        let exported: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
        assert_eq!(exported["version"], json!(FORMAT_VERSION));
        assert_eq!(
            exported["assessment"]["recommendation"]["reasons"][0]["kind"],
            "best_match"
        );
        let r: SavedResult = serde_json::from_value(exported).unwrap();
        assert_eq!(worded(&r), (reasons, whys), "{name}: the exported JSON");
        assert_unchanged(&before, "after show, path and export");
    }
}

#[test]
fn a_result_from_a_newer_skillgap_is_still_refused_and_left_alone() {
    let (tmp, id, path) = data_with_v1("v1");
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["version"] = json!(FORMAT_VERSION + 1);
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let before = snapshot(std::slice::from_ref(&path));
    let out = skillgap(&["show", &id], &env(tmp.path()));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_names(&stderr(&out), &path, "was written by a newer skillgap");
    assert_unchanged(&before, "after show");
}

#[test]
fn a_version_1_result_with_inconsistent_figures_is_reported_not_guessed() {
    let (tmp, _, path) = data_with_v1("v1");
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["assessment"]["recommendation"]["role"] = json!("no_such_role");
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let (ok, problems) = Store::open(tmp.path()).unwrap().results();
    assert!(ok.is_empty());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].problem.contains("is corrupt"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].problem.contains("no_such_role"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_version_1_session_still_resumes_its_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let bytes = fs::read(fixtures().join("results/v1_session.json")).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["version"], json!(1));
    let id = v["id"].as_str().unwrap();
    fs::write(store.sessions_dir().join(format!("{id}.json")), &bytes).unwrap();
    let (sessions, problems) = store.sessions();
    assert!(problems.is_empty(), "{problems:?}");
    let [s] = sessions.as_slice() else {
        panic!("{sessions:?}")
    };
    assert_eq!(s.version, FORMAT_VERSION);
    assert_eq!(s.mode, Mode::Quick);
    assert_eq!(s.plan, ["python.self", "python.k1"]);
    assert_eq!(s.answers.get("python.self"), Some(&Answer::Choice(3)));
    assert_eq!(s.shuffles["python.k1"], [2, 0, 1, 3]);
}

// ---------------------------------------------------------------------------------------------
// Only regular files, of bounded size, are read.
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn links_fifos_directories_and_huge_files_in_results_are_problems_not_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let good = take_quiz(data, &answers_json(3, 1));
    let results = data.join("results");
    let target = tmp.path().join("elsewhere.json");
    fs::copy(results.join(format!("{good}.json")), &target).unwrap();
    let link = results.join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let zero = results.join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let dir = results.join("dir.json");
    fs::create_dir(&dir).unwrap();
    // Sparse: 16 MiB and one byte without writing them.
    let huge = results.join("huge.json");
    fs::File::create(&huge)
        .unwrap()
        .set_len(16 * 1024 * 1024 + 1)
        .unwrap();
    let fifo = results.join("fifo.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());

    // In a child with a deadline: a FIFO that was opened would hang it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["history"])
        .env("SKILLGAP_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("history hangs on a special file in results/");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    output_ok(&out, "history");
    let err = stderr(&out);
    assert_names(&err, &link, "is a symbolic link");
    assert_names(&err, &zero, "is a symbolic link");
    assert_names(&err, &dir, "is not a regular file");
    assert_names(&err, &huge, "is too large");
    if made {
        assert_names(&err, &fifo, "is not a regular file");
    }
    assert!(stdout(&out).contains(&good), "{}", stdout(&out));
    assert!(link.exists() && dir.exists() && huge.exists());
}

/// A saved result is untrusted: control and bidirectional characters written into it (a role
/// name, a typed answer, a reason) reach the terminal as visible escapes, never as raw bytes that
/// could set the window title, write the clipboard or clear the screen.
#[test]
fn control_characters_in_a_saved_result_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let id = take_quiz(data, &answers_json(3, 1));
    let path = data.join("results").join(format!("{id}.json"));
    let mut v: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    let hostile = "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}Role";
    v["assessment"]["recommendation"]["name"] = json!(hostile);
    for r in v["assessment"]["roles"].as_array_mut().unwrap() {
        r["name"] = json!(hostile);
    }
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    for args in [
        vec!["show", id.as_str(), "--full"],
        vec!["history"],
        vec!["path", id.as_str()],
    ] {
        let out = skillgap(&args, &env(data));
        output_ok(&out, &format!("{args:?}"));
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{args:?} printed a raw control character"
        );
        assert!(text.contains("\\u{1b}"), "{args:?}: {text}");
    }
}

/// An id in a saved file is used as a path (`delete` removes results/<id>.json), so a file whose
/// id is not its own name is reported and left alone: "../../victim" cannot make `delete` remove
/// a file outside the data directory, and a copy ("abc copy.json") does not hide the original.
#[test]
fn a_saved_file_whose_id_is_not_its_name_is_reported_not_acted_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    let id = take_quiz(&data, &answers_json(3, 1));
    let results = data.join("results");
    let original = results.join(format!("{id}.json"));
    let victim = dir.path().join("victim.json");
    fs::write(&victim, "precious").unwrap();
    let mut v: Value = serde_json::from_str(&fs::read_to_string(&original).unwrap()).unwrap();
    v["id"] = json!("../../victim");
    fs::write(
        results.join("hostile.json"),
        serde_json::to_vec(&v).unwrap(),
    )
    .unwrap();
    fs::copy(&original, results.join(format!("{id} copy.json"))).unwrap();

    let out = skillgap(&["history"], &env(&data));
    output_ok(&out, "history");
    let err = stderr(&out);
    assert!(
        err.contains("hostile.json") && err.contains("not its file name"),
        "{err}"
    );
    assert!(err.contains(&format!("{id} copy.json")), "{err}");
    // The original is still reachable, and deleting the hostile file's id does nothing outside.
    output_ok(&skillgap(&["show", &id], &env(&data)), "show the original");
    let out = skillgap(&["delete", "hostile", "--yes"], &env(&data));
    assert!(!out.status.success());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(results.join("hostile.json").exists(), "left untouched");
}
