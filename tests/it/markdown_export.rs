//! `export --format markdown` of hostile text: a bank and a saved result whose names, prompts,
//! explanations, learning steps, typed answers and bank stamp try to open links (`javascript:`),
//! remote images, raw HTML, headings, list items, code blocks and new table cells. Every one
//! must stay text: the document has no `<` at all, no `![`, no `](` that is not escaped, and no
//! line that the untrusted text begins.

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut v);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

const LINK: &str = "[PWN link](javascript:alert(1))";
const IMAGE: &str = "![PWN image](https://evil.example/x.png)";
const HTML: &str = "<script>alert('PWN')</script> <img src=x onerror=alert(1)> &lt;b&gt; &amp;";

/// The mini bank with Markdown payloads in every field an export shows.
fn hostile_bank(dir: &Path) {
    copy_tree(&fixtures().join("mini"), dir);
    edit(&dir.join("questions/core.json"), |v| {
        let s = &mut v["skills"][0];
        s["name"] = json!(format!("Py{LINK}thon | PWN cell"));
        let learn = &mut s["learn"];
        learn["what"] = json!(format!("Read\n# PWN heading\n{IMAGE}"));
        learn["project"] = json!(format!("{HTML}\n\n    PWN code block"));
        learn["resource"] = json!("- PWN list\n1. PWN ordered");
        learn["certification"] = json!(format!("**PWN** `code` ~~PWN~~ {LINK}"));
        let q = &mut v["questions"][1];
        q["prompt"] = json!(format!("What | PWN | cell?\n\n1. PWN {LINK}"));
        q["explanation"] = json!(format!("{HTML}\n---\nPWN setext"));
        q["options"][1] = json!(format!("3 {IMAGE}"));
        v["questions"][3]["explanation"] = json!(format!("\n# PWN\n{LINK}"));
    });
    edit(&dir.join("profiles/roles.json"), |v| {
        for r in v["roles"].as_array_mut().unwrap() {
            let name = r["name"].as_str().unwrap().to_string();
            r["name"] = json!(format!("{name} {LINK} | PWN"));
        }
        v["tips"][0]["title"] = json!(format!("Tip {IMAGE}"));
        v["tips"][0]["text"] = json!(format!("---\n# PWN\n{HTML}"));
    });
}

/// Asserts that no Markdown construct could come from untrusted text.
fn assert_inert(doc: &str) {
    assert!(!doc.contains('<'), "a raw `<` in:\n{doc}");
    assert!(!doc.contains("!["), "an image opener in:\n{doc}");
    for (i, _) in doc.match_indices("](") {
        assert!(
            doc[..i].ends_with('\\'),
            "an unescaped `](` at {i}: {:?}",
            &doc[i.saturating_sub(30)..i + 2]
        );
    }
    for (n, line) in doc.lines().enumerate() {
        if !line.contains("PWN") {
            continue;
        }
        // Untrusted text never begins a line: it always follows skillgap's own heading, list
        // or table markup (or the runner-up line's, or the result line's, own words).
        let ours = ["# skillgap result ", "## ", "### ", "- ", "  - ", "| "]
            .iter()
            .any(|p| line.starts_with(p))
            || line.starts_with("Runner-up")
            || line.contains(" · bank `");
        assert!(ours, "line {n} begins with untrusted text: {line:?}");
        assert!(
            !line.starts_with("    "),
            "an indented code block: {line:?}"
        );
    }
    // Every table row keeps its cells: a pipe from the text is escaped.
    for line in doc
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("PWN"))
    {
        assert!(line.contains("\\|"), "{line}");
    }
}

#[test]
fn a_hostile_bank_and_result_export_to_inert_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank");
    hostile_bank(&bank);
    let out = skillgap(&["validate", bank.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    let data = dir.path().join("data");
    let answers = json!({"answers": {
        "python.self": 1, "vision.self": 1, "deep.self": 2,
        "python.k1": 0, "python.k3": format!("{LINK} {HTML}"), "deep.k1": 0,
        "interest.images": 3, "interest.models": 1, "background.degree": 1
    }});
    let id = quiz_from_answers(&data, Some(&bank), &answers.to_string());
    // A saved result is untrusted too: its stamp and names, edited by hand.
    edit(&data.join("results").join(format!("{id}.json")), |v| {
        v["bank"]["fingerprint"] = json!(format!("abc`\n# PWN {LINK}"));
        v["assessment"]["recommendation"]["name"] = json!(format!("Rec\n# PWN {IMAGE}"));
    });
    let out = skillgap(
        &[
            "--bank",
            bank.to_str().unwrap(),
            "export",
            &id,
            "--format",
            "markdown",
            "--hours-per-week",
            "10",
        ],
        &[("SKILLGAP_DATA_DIR", &data)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = stdout(&out);
    assert!(
        doc.contains("PWN link") && doc.contains("PWN image"),
        "{doc}"
    );
    assert_inert(&doc);

    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&id, "[ID]");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?", "[DATE]");
    settings.bind(|| insta::assert_snapshot!("export_markdown_hostile", doc));
}

#[test]
fn the_inertness_check_catches_each_construct() {
    for bad in [
        "x <b>",
        "x ![a](b)",
        "x [a](b)",
        "PWN at the start",
        "    - PWN code",
        "| a | PWN b |",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(bad)).is_err();
        assert!(caught, "{bad:?} passed");
    }
    assert_inert("- text \\[PWN\\](x) \\| y");
}
