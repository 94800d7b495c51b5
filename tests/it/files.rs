//! What skillgap promises about its files (the README's section of that name), issue 14's store
//! findings: lock files private and never followed through a link, read-only commands that
//! write nothing, an empty `SKILLGAP_DATA_DIR`, and results found without reading them all.

use crate::common::{fixtures, quiz_from_answers, skillgap, stderr, stdout};
use serde_json::{Value, json};
use skillgap::store::Store;
use std::fs;
use std::path::Path;

fn env(data: &Path) -> [(&'static str, &Path); 1] {
    [("SKILLGAP_DATA_DIR", data)]
}

fn take_quiz(data: &Path, rating: u64) -> String {
    let answers = json!({"answers": {"python.self": rating, "python.k1": 1, "vision.self": 1}});
    quiz_from_answers(data, Some(&fixtures().join("mini")), &answers.to_string())
}

fn shown_id(data: &Path, wanted: &str) -> String {
    let out = skillgap(&["show", wanted, "--json"], &env(data));
    assert!(out.status.success(), "show {wanted}: {}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["id"].as_str().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn lock_files_are_private_and_never_followed_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lock = store.lock_session("abcdef").unwrap();
    let mode = fs::metadata(lock.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o077, 0, "lock file mode {mode:o} is private");
    drop(lock);

    // A link planted where a lock file goes is refused; nothing is created where it points.
    let outside = tmp.path().join("outside-victim");
    std::os::unix::fs::symlink(&outside, tmp.path().join("sessions/ghijkm.lock")).unwrap();
    let err = store.lock_session("ghijkm").unwrap_err();
    assert!(!outside.exists(), "the lock went through the link: {err}");
    assert!(!store.session_in_use("ghijkm"));
    assert!(!outside.exists());
}

#[cfg(unix)]
#[test]
fn reading_commands_write_nothing_and_keep_a_read_only_directory_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // A data directory its owner made read-only, before skillgap ever made its folders in it.
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o500)).unwrap();
    for args in [
        &["history"][..],
        &["history", "--json"],
        &["show"],
        &["compare"],
    ] {
        let out = skillgap(args, &env(&data));
        assert!(
            !stderr(&out).contains("cannot create"),
            "{args:?} tried to write: {}",
            stderr(&out)
        );
    }
    let out = skillgap(&["history"], &env(&data));
    assert!(out.status.success(), "history: {}", stderr(&out));
    assert!(stdout(&out).contains("No saved results yet"));
    assert_eq!(fs::read_dir(&data).unwrap().count(), 0, "nothing created");
    let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o500, "the owner's mode is kept");
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn an_empty_data_dir_variable_is_unset_and_an_empty_flag_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let empty = Path::new("");
    let out = skillgap(
        &["history"],
        &[
            ("SKILLGAP_DATA_DIR", empty),
            ("HOME", home.path()),
            ("XDG_DATA_HOME", &home.path().join("share")),
        ],
    );
    assert!(out.status.success(), "empty variable: {}", stderr(&out));
    assert!(stdout(&out).contains("No saved results yet"));

    let out = skillgap(&["--data-dir", "", "history"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("an empty path names no directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn latest_is_the_newest_result_even_when_its_file_is_not_in_skillgaps_order() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let a = take_quiz(data, 1);
    let b = take_quiz(data, 3);
    let results = data.join("results");
    // `a` rewritten by hand (members in alphabetical order, `created` after the bulky `answers`
    // and `assessment`) and dated after `b`: its head cannot tell its time, a full read can.
    let path_a = results.join(format!("{a}.json"));
    let mut v: Value = serde_json::from_slice(&fs::read(&path_a).unwrap()).unwrap();
    v["created"] = json!("2099-01-01T00:00:00Z");
    fs::write(&path_a, serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(!fs::read_to_string(&path_a).unwrap()[..200].contains("\"created\""));
    assert_eq!(shown_id(data, "latest"), a);

    // A newer result whose head reads well but whose body is cut short is passed over, named.
    let path_b = results.join(format!("{b}.json"));
    let mut late: Value = serde_json::from_slice(&fs::read(&path_b).unwrap()).unwrap();
    late["id"] = json!("zzzzzz");
    late["created"] = json!("2100-01-01T00:00:00Z");
    let bytes = serde_json::to_vec_pretty(&late).unwrap();
    fs::write(results.join("zzzzzz.json"), &bytes[..bytes.len() - 40]).unwrap();
    let out = skillgap(&["show", "--json"], &env(data));
    assert!(out.status.success(), "{}", stderr(&out));
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["id"], json!(a));
    assert!(
        stderr(&out).contains("zzzzzz.json: is truncated"),
        "{}",
        stderr(&out)
    );

    // `compare` takes the two latest readable ones, in order.
    let out = skillgap(&["compare", "--json"], &env(data));
    assert!(out.status.success(), "{}", stderr(&out));
    let c: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (c["from"].clone(), c["to"].clone()),
        (json!(b), json!(a)),
        "{c:#}"
    );
}

#[test]
fn an_exact_id_wins_and_a_file_not_named_by_an_id_is_reported_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let a = take_quiz(data, 2);
    let results = data.join("results");
    // A longer id that `a` is a prefix of, and a copy of `a` named as a file manager names it.
    let mut longer: Value =
        serde_json::from_slice(&fs::read(results.join(format!("{a}.json"))).unwrap()).unwrap();
    longer["id"] = json!(format!("{a}x"));
    fs::write(
        results.join(format!("{a}x.json")),
        serde_json::to_vec_pretty(&longer).unwrap(),
    )
    .unwrap();
    fs::copy(
        results.join(format!("{a}.json")),
        results.join(format!("{a} copy.json")),
    )
    .unwrap();
    assert_eq!(shown_id(data, &a), a);
    assert_eq!(shown_id(data, &format!("{a}x")), format!("{a}x"));

    let out = skillgap(&["history", "--json"], &env(data));
    assert!(out.status.success());
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 2, "the copy is not listed as a result");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{a} copy.json: is not named by an id")),
        "the copy is reported: {err}"
    );
}

#[test]
fn history_from_the_heads_of_files_says_what_show_says() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let mut ids = vec![take_quiz(data, 1), take_quiz(data, 3)];
    // A version-1 result has no headline: it is read in full, and listed the same way.
    let v1: Value =
        serde_json::from_str(&fs::read_to_string(fixtures().join("results/v1.json")).unwrap())
            .unwrap();
    let v1_id = v1["id"].as_str().unwrap().to_string();
    fs::copy(
        fixtures().join("results/v1.json"),
        data.join("results").join(format!("{v1_id}.json")),
    )
    .unwrap();
    ids.push(v1_id);
    let out = skillgap(&["history", "--json"], &env(data));
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.len(), 3);
    for id in &ids {
        let row = rows.iter().find(|r| r["id"] == json!(id)).unwrap();
        let out = skillgap(&["show", id, "--json"], &env(data));
        let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let top = shown["recommendation"]["role"].clone();
        let role = shown["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == top)
            .unwrap();
        assert_eq!(row["top_role"], top, "{id}");
        assert_eq!(row["top_role_name"], role["name"], "{id}");
        assert_eq!(row["readiness"], role["readiness"], "{id}");
        assert_eq!(row["answered"], shown["answered"], "{id}");
    }
}
