//! `skillgap team`: a group built from the persona fixtures' answers, each member's result
//! exported as JSON the way a person would send it; counts, distributions, the anonymity
//! threshold, names, mixed banks and a bad file among good ones.

use crate::common::*;
use std::path::{Path, PathBuf};

const PERSONAS: [&str; 5] = [
    "arvr_developer",
    "beginner",
    "cv_inspection",
    "data_analyst",
    "pytorch_researcher",
];

/// Exports `personas[i]`'s result into `dir` as `member{i}.json`, named `names[i]` when given.
fn export_group(dir: &Path, personas: &[&str], names: &[Option<&str>]) {
    let data = tempfile::tempdir().unwrap();
    for (i, p) in personas.iter().enumerate() {
        let id = save_persona_result(data.path(), p);
        let file = dir.join(format!("member{i}.json"));
        let mut args = vec!["export", id.as_str(), "--format", "json", "-o"];
        args.push(file.to_str().unwrap());
        if let Some(Some(name)) = names.get(i) {
            args.extend(["--name", name]);
        }
        let out = skillgap(&args, &[("SKILLGAP_DATA_DIR", data.path())]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    if let Some(keep) = std::env::var_os("SKILLGAP_TEAM_KEEP") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        copy_tree(dir, &keep);
    }
}

fn team(args: &[&str]) -> std::process::Output {
    let mut all = vec!["team"];
    all.extend(args);
    skillgap(&all, &[])
}

#[test]
fn make_group() {
    let dir = tempfile::tempdir().unwrap();
    export_group(dir.path(), &PERSONAS, &[Some("Ada"), None, Some("Grace")]);
    let out = team(&[dir.path().to_str().unwrap(), "--json"]);
    println!("{}{}", stdout(&out), stderr(&out));
}
