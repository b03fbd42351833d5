//! Every image document and Dockerfile in `tests/corpus/` parses, and the findings of the image
//! and Dockerfile rules on each are compared with `snapshots/corpus/<kind>/<file>.json`.
//!
//! Only the rules this corpus exercises (`IMG*`, `MON001`, `MON003`, `MON02x`) are selected, so
//! rules of other families do not churn these snapshots.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use hullcheck::{Bundle, DocumentKind, Engine, Policy, catalog};

fn own_rules() -> Vec<String> {
    catalog()
        .iter()
        .map(|r| r.code)
        .filter(|c| {
            c.starts_with("IMG") || matches!(*c, "MON001" | "MON003") || c.starts_with("MON02")
        })
        .map(str::to_owned)
        .collect()
}

fn snapshot(bundle: &Bundle) -> String {
    let engine = Engine::new(&Policy {
        select: own_rules(),
        ..Policy::default()
    })
    .unwrap();
    let report = engine.evaluate(bundle, None);
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f.code,
                "severity": f.severity,
                "subject": f.subject.name,
                "location": f.location,
                "message": f.message,
                "evidence": f.evidence,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "subjects": report.summary.subjects,
        "findings": findings,
    }))
    .unwrap();
    text.push('\n');
    text
}

fn run_kind(dir: &str, ext: &str, kind: DocumentKind) {
    let root = common::repo_root().join("tests/corpus").join(dir);
    let files = common::files_in(&root, ext);
    assert!(!files.is_empty(), "no corpus files in {}", root.display());
    let mut pairs = Vec::new();
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = common::read(&path);
        let mut bundle = Bundle::new();
        match bundle.add_json(&name, &text) {
            Ok(n) if n > 0 => {}
            Ok(_) => failures.push(format!("{name}: no subjects")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
        if !bundle.sources().iter().all(|s| s.kind == kind) {
            failures.push(format!("{name}: not read as {kind}"));
        }
        pairs.push((
            common::tests_dir()
                .join("snapshots/corpus")
                .join(dir)
                .join(format!("{name}.json")),
            snapshot(&bundle),
        ));
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
    common::assert_files(&pairs);
}

#[test]
fn image_documents_parse_and_match_snapshots() {
    run_kind("image-inspect", "json", DocumentKind::Image);
}

#[test]
fn dockerfiles_parse_and_match_snapshots() {
    run_kind("dockerfile", "Dockerfile", DocumentKind::Dockerfile);
}

/// Every prefix of every corpus Dockerfile and image document (cut at char boundaries, in
/// steps) is either read and evaluated, or rejected with an input error: never a panic.
#[test]
fn truncated_documents_never_panic() {
    let engine = Engine::new(&Policy {
        select: own_rules(),
        ..Policy::default()
    })
    .unwrap();
    let mut read = 0usize;
    let mut rejected = 0usize;
    for (dir, ext) in [("dockerfile", "Dockerfile"), ("image-inspect", "json")] {
        let root = common::repo_root().join("tests/corpus").join(dir);
        for path in common::files_in(&root, ext) {
            let text = common::read(&path);
            let cuts: Vec<usize> = (0..text.len())
                .step_by(37)
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for cut in cuts {
                let mut bundle = Bundle::new();
                match bundle.add_json("cut", &text[..cut]) {
                    Ok(_) => {
                        let _ = engine.evaluate(&bundle, None);
                        read += 1;
                    }
                    Err(hullcheck::Error::InvalidInput { .. }) => rejected += 1,
                    Err(other) => panic!("{}: unexpected error kind: {other}", path.display()),
                }
            }
        }
    }
    assert!(read > 0 && rejected > 0, "read {read}, rejected {rejected}");
}
