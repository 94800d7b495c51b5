//! The README's DuckDB queries over a folder of exports, run by a real DuckDB (the `duckdb`
//! Python package), agree with `skillgap team --json` on the same files.
//!
//! DuckDB's Python is `SKILLGAP_DUCKDB_PYTHON`, else `target/venv-duckdb/bin/python` (where
//! `.ci/run` installs it). Without it the test says it is skipped, except in CI, where it fails.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs each statement of `sql` in DuckDB from `cwd`, printing every result as JSON rows.
const RUNNER: &str = r#"
import duckdb, json, sys
sql = open(sys.argv[1]).read()
con = duckdb.connect()
out = []
for statement in [s for s in sql.split(";") if s.strip() and not all(l.strip().startswith("--") or not l.strip() for l in s.splitlines())]:
    cur = con.execute(statement)
    names = [d[0] for d in cur.description]
    out.append([dict(zip(names, row)) for row in cur.fetchall()])
print(json.dumps(out))
"#;

fn duckdb_python() -> Option<PathBuf> {
    let candidates = std::env::var_os("SKILLGAP_DUCKDB_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv-duckdb/bin/python")]);
    for python in candidates {
        let ok = Command::new(&python)
            .args(["-c", "import duckdb"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    let message = "DuckDB's Python package is not installed: this test runs the README's DuckDB queries; `.ci/run` installs it into target/venv-duckdb (or set SKILLGAP_DUCKDB_PYTHON to a Python that has `duckdb`)";
    assert!(!ci, "{message} (CI must run this test)");
    eprintln!("skipped: {message}");
    None
}

/// The README's SQL block under "The exports in DuckDB".
fn readme_sql() -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = text.split("### The exports in DuckDB").nth(1).unwrap();
    let start = section.find("```sql\n").unwrap() + 7;
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

#[test]
fn the_readmes_duckdb_queries_agree_with_team_json() {
    let Some(python) = duckdb_python() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let exports = work.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    crate::common::copy_tree(crate::team::group(), &exports);
    let sql = work.path().join("query.sql");
    std::fs::write(&sql, readme_sql()).unwrap();
    let runner = work.path().join("run.py");
    std::fs::write(&runner, RUNNER).unwrap();
    let out = Command::new(&python)
        .arg(&runner)
        .arg(&sql)
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Vec<Value>> = serde_json::from_slice(&out.stdout).unwrap();
    let [roles, gaps] = results.as_slice() else {
        panic!("two queries expected: {results:?}");
    };

    let team = skillgap(&["team", exports.to_str().unwrap(), "--json"], &[]);
    assert!(team.status.success(), "{}", stderr(&team));
    let team: Value = serde_json::from_slice(&team.stdout).unwrap();
    let team_roles = team["roles"].as_array().unwrap();
    assert_eq!(roles.len(), team_roles.len());
    for row in roles {
        let t = team_roles
            .iter()
            .find(|r| r["role"] == row["role"])
            .unwrap();
        assert_eq!(row["members"], team["members"], "{row}");
        assert_eq!(row["ready"], t["ready"], "{row}");
        assert_eq!(row["half_ready"], t["half_ready"], "{row}");
        let (a, b) = (
            row["readiness_median"].as_f64().unwrap(),
            t["readiness_median"].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9, "{row} against {b}");
    }
    let mut compared = 0;
    for row in gaps {
        let t = team_roles
            .iter()
            .find(|r| r["role"] == row["role"])
            .unwrap();
        let q = t["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["skill"] == row["skill"] && q.get("alternatives").is_none())
            .unwrap_or_else(|| panic!("{row} not in team's requirements"));
        assert_eq!(row["measured"], q["measured"], "{row}");
        assert_eq!(row["short"], q["short"], "{row}");
        compared += 1;
    }
    assert!(compared >= 50, "{compared} requirements compared");
}
