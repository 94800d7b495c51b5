//! The HTML report in a real browser: headless Chromium loads it, the DOM after load has the
//! charts' shapes, and the screenshot shows them drawn. `.ci/run` installs Debian's chromium.
//!
//! Set `SKILLGAP_SCREENSHOT=path.png` to keep the screenshot (the README's comes from here).

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(o) = Command::new(candidate).arg("--version").output()
            && o.status.success()
        {
            return PathBuf::from(candidate);
        }
    }
    panic!(
        "Chromium is not installed: this test renders the HTML report in a real browser; install Debian's `chromium` (CI does)"
    );
}

/// Runs headless Chromium on a local file with the flags this machine's closed network needs.
fn browse(file: &Path, profile: &Path, extra: &[&str]) -> std::process::Output {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Pixels within a small distance of an RGB colour.
fn pixels_near(png_path: &Path, rgb: [u8; 3]) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks(step)
        .filter(|p| {
            p.iter()
                .take(3)
                .zip(rgb)
                .all(|(&a, b)| (a as i16 - b as i16).abs() <= 24)
        })
        .count()
}

fn export(data: &Path, persona: &str) -> (String, PathBuf) {
    let id = save_persona_result(data, persona);
    let html = data.join(format!("{persona}.html"));
    export_to(data, &id, "html", &html);
    (id, html)
}

#[test]
fn the_html_report_loads_in_chromium_with_its_charts_drawn() {
    if !tool_available(
        "chromium",
        "chromium",
        "this test renders the HTML report in a real browser",
    ) {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (id, html) = export(data.path(), "arvr_developer");
    let profile = tempfile::tempdir().unwrap();
    let dom = String::from_utf8(browse(&html, profile.path(), &["--dump-dom"]).stdout).unwrap();
    assert!(
        dom.contains(&format!("skillgap result {id}")),
        "the report did not load:\n{dom}"
    );
    // The radar: four rings, the runner-up's and the recommended role's targets, and you.
    let radar = &dom[dom.find("<svg class=\"radar\"").expect("a radar chart")..];
    let radar = &radar[..radar.find("</svg>").unwrap()];
    assert_eq!(count(radar, "<polygon class=\"ring\""), 4);
    assert_eq!(count(radar, "<polygon class=\"target\""), 1);
    assert_eq!(count(radar, "<polygon class=\"runner-up\""), 1);
    assert_eq!(count(radar, "<polygon class=\"you\""), 1);
    let axes = count(radar, "<line class=\"axis\"");
    assert!(axes >= 10, "{axes} axes");
    assert_eq!(count(radar, "<circle class=\"you-point\""), axes);
    // Readiness: a range and a bar for each measured role, an interest bar for every role.
    let roles = &dom[dom
        .find("<div class=\"roles\">")
        .expect("a readiness chart")..];
    let roles = &roles[..roles.find("</section>").unwrap()];
    let n = count(roles, "<div class=\"role\">");
    assert!(n >= 4, "{n} roles");
    assert_eq!(count(roles, "<i class=\"interest\""), n);
    assert!(count(roles, "<i class=\"bar\"") >= 4 && count(roles, "<i class=\"range\"") >= 4);
    assert!(
        roles.contains("interest ") && roles.contains(" ready ("),
        "{roles}"
    );
    assert!(
        dom.contains("Gaps for Computer Vision Engineer") && dom.contains("Learning path toward")
    );

    // And they are drawn: the screenshot has the chart colours.
    let shot = std::env::var_os("SKILLGAP_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| data.path().join("report.png"));
    let arg = format!("--screenshot={}", shot.display());
    browse(&html, profile.path(), &["--window-size=1000,1900", &arg]);
    let you = pixels_near(&shot, [0x2f, 0x6f, 0xdf]);
    let target = pixels_near(&shot, [0xd9, 0x48, 0x0f]);
    let interest = pixels_near(&shot, [0x70, 0x48, 0xe8]);
    assert!(
        you > 2000 && target > 500 && interest > 500,
        "you {you}, target {target}, interest {interest}"
    );
}

#[test]
fn the_comparison_report_draws_before_and_after_per_skill() {
    if !tool_available(
        "chromium",
        "chromium",
        "this test renders the HTML report in a real browser",
    ) {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (a, _) = export(data.path(), "beginner");
    let (b, _) = export(data.path(), "data_analyst");
    let html = data.path().join("compare.html");
    let out = skillgap(
        &[
            "compare",
            &a,
            &b,
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ],
        &[("SKILLGAP_DATA_DIR", data.path())],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let profile = tempfile::tempdir().unwrap();
    let dom = String::from_utf8(browse(&html, profile.path(), &["--dump-dom"]).stdout).unwrap();
    let skills = count(&dom, "<rect class=\"before\"");
    assert!(skills >= 40, "{skills}");
    assert_eq!(count(&dom, "<rect class=\"after\""), skills);
    assert!(dom.contains(&format!("Progress: {a} → {b}")));
}

/// Measures the page as laid out at its width: whether anything sticks out sideways (beyond the
/// charts' own scrolling boxes) and the smallest text, as rendered (SVG text scaled by its chart).
const METRICS: &str = r#"<script>
(function () {
  var min = 1e9, smallest = "";
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.tagName === "SCRIPT" || el.tagName === "STYLE") return;
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || el.getClientRects().length === 0) return;
    var px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGGraphicsElement) { var m = el.getScreenCTM(); if (m) px *= Math.hypot(m.a, m.b); }
    if (px < min) { min = px; smallest = el.tagName + ": " + el.textContent.trim().slice(0, 40); }
  });
  parent.document.title = JSON.stringify({ width: window.innerWidth, scroll: document.documentElement.scrollWidth, font: min, smallest: smallest });
})();
</script>"#;

/// The report at a phone's width and a desktop's: nothing wider than the window, no text under
/// 12 px. The page is loaded in a frame of that width (headless windows have a minimum width).
#[test]
fn the_html_report_fits_a_phone_and_a_desktop() {
    if !tool_available(
        "chromium",
        "chromium",
        "this test renders the HTML report in a real browser",
    ) {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let (_, html) = export(data.path(), "arvr_developer");
    let page = std::fs::read_to_string(&html).unwrap();
    let measured = data.path().join("measured.html");
    std::fs::write(
        &measured,
        page.replace("</body>", &format!("{METRICS}</body>")),
    )
    .unwrap();
    if let Some(dir) = std::env::var_os("SKILLGAP_SCREENSHOTS") {
        std::fs::copy(&html, PathBuf::from(dir).join("report.html")).unwrap();
    }
    let profile = tempfile::tempdir().unwrap();
    for width in [390, 1200] {
        let frame = data.path().join(format!("frame{width}.html"));
        std::fs::write(
            &frame,
            format!(
                "<!DOCTYPE html><html><head><title>not measured</title></head><body style=\"margin:0\"><iframe src=\"measured.html\" style=\"width:{width}px;height:4000px;border:0\"></iframe></body></html>"
            ),
        )
        .unwrap();
        let dom = String::from_utf8(
            browse(
                &frame,
                profile.path(),
                &[
                    "--allow-file-access-from-files",
                    "--window-size=1400,4000",
                    "--dump-dom",
                ],
            )
            .stdout,
        )
        .unwrap();
        let title = &dom[dom.find("<title>").unwrap() + 7..dom.find("</title>").unwrap()];
        let m: serde_json::Value = serde_json::from_str(&title.replace("&quot;", "\""))
            .unwrap_or_else(|e| panic!("no measurement at {width} px ({e}): {title}"));
        assert_eq!(m["width"], width, "{m}");
        assert!(
            m["scroll"].as_f64().unwrap() <= f64::from(width),
            "sideways scrolling at {width} px: {m}"
        );
        assert!(
            m["font"].as_f64().unwrap() >= 12.0 - 1e-6,
            "text under 12 px at {width} px: {m}"
        );
    }
}

/// The team page in Chromium: both heatmaps drawn, nothing sideways outside their boxes and no
/// text under 12 px at a phone's width and a desktop's. `SKILLGAP_SCREENSHOTS=DIR` keeps
/// screenshots at 390 and 1200 px.
#[test]
fn the_team_page_draws_its_heatmaps_and_fits_a_phone() {
    if !tool_available(
        "chromium",
        "chromium",
        "this test renders the team page in a real browser",
    ) {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let html = data.path().join("team.html");
    let group = crate::team::group();
    let out = skillgap(
        &[
            "team",
            group.to_str().unwrap(),
            "--named",
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let profile = tempfile::tempdir().unwrap();
    let dom = String::from_utf8(browse(&html, profile.path(), &["--dump-dom"]).stdout).unwrap();
    let bands = &dom[dom
        .find("<svg class=\"heatmap bands\"")
        .expect("a bands heatmap")..];
    let bands = &bands[..bands.find("</svg>").unwrap()];
    let members = &dom[dom
        .find("<svg class=\"heatmap members\"")
        .expect("a members heatmap")..];
    let members = &members[..members.find("</svg>").unwrap()];
    let skills = count(bands, "<g>");
    assert!(skills >= 40, "{skills} skills");
    assert_eq!(count(bands, "<rect class=\"cell\""), skills * 5);
    assert_eq!(
        count(members, "<rect class=\"cell\""),
        skills * 5,
        "every member measured in every skill"
    );
    assert!(dom.contains("Cy &lt;b&gt;") && dom.contains("Named (--named)"));

    let page = std::fs::read_to_string(&html).unwrap();
    let measured = data.path().join("measured.html");
    std::fs::write(
        &measured,
        page.replace("</body>", &format!("{METRICS}</body>")),
    )
    .unwrap();
    let keep = std::env::var_os("SKILLGAP_SCREENSHOTS").map(PathBuf::from);
    for width in [390, 1200] {
        let frame = data.path().join(format!("frame{width}.html"));
        std::fs::write(
            &frame,
            format!(
                "<!DOCTYPE html><html><head><title>not measured</title></head><body style=\"margin:0\"><iframe src=\"measured.html\" style=\"width:{width}px;height:6000px;border:0\"></iframe></body></html>"
            ),
        )
        .unwrap();
        let dom = String::from_utf8(
            browse(
                &frame,
                profile.path(),
                &[
                    "--allow-file-access-from-files",
                    "--window-size=1400,6000",
                    "--dump-dom",
                ],
            )
            .stdout,
        )
        .unwrap();
        let title = &dom[dom.find("<title>").unwrap() + 7..dom.find("</title>").unwrap()];
        let m: serde_json::Value = serde_json::from_str(&title.replace("&quot;", "\""))
            .unwrap_or_else(|e| panic!("no measurement at {width} px ({e}): {title}"));
        assert_eq!(m["width"], width, "{m}");
        assert!(
            m["scroll"].as_f64().unwrap() <= f64::from(width),
            "sideways at {width} px: {m}"
        );
        assert!(
            m["font"].as_f64().unwrap() >= 12.0 - 1e-6,
            "text under 12 px at {width} px: {m}"
        );
        if let Some(dir) = &keep {
            let shot = dir.join(format!("team{width}.png"));
            let window = format!("--window-size={width},2400");
            let arg = format!("--screenshot={}", shot.display());
            browse(&html, profile.path(), &[&window, &arg]);
        }
    }
}
