//! Invariants of the rule catalog itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeSet;

use hullcheck::catalog;

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in catalog() {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        let (prefix, digits) = rule.code.split_at(3);
        assert!(
            ["CFG", "IMG", "MON"].contains(&prefix)
                && digits.len() == 3
                && digits.bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            rule.code
        );
        assert_eq!(prefix, rule.family().prefix());
        assert!(is_kebab(rule.name), "{} is not kebab-case", rule.name);
        for banned in ["avoid-", "use-", "do-not-", "prefer-", "ensure-", "no-"] {
            assert!(
                !rule.name.starts_with(banned),
                "{}: a name states the problem, not the fix",
                rule.name
            );
        }
    }
}

#[test]
fn catalog_is_ordered_by_code() {
    let codes: Vec<&str> = catalog().iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}

#[test]
fn every_rule_is_documented() {
    for rule in catalog() {
        let summary = rule.summary;
        assert!(
            !summary.is_empty() && !summary.ends_with('.'),
            "{}: summary is one sentence without a final period",
            rule.code
        );
        assert!(
            summary.chars().next().is_some_and(char::is_uppercase),
            "{}: summary starts with a capital",
            rule.code
        );
        assert!(
            rule.docs.what.len() > 20,
            "{}: docs.what is missing",
            rule.code
        );
        assert!(
            rule.docs.why.len() > 20,
            "{}: docs.why is missing",
            rule.code
        );
        assert!(
            !rule.docs.remediation.docker_run.is_empty(),
            "{}: no docker run remediation",
            rule.code
        );
        assert!(
            !rule.docs.remediation.compose.is_empty(),
            "{}: no compose remediation",
            rule.code
        );
        assert!(
            !rule.subjects().is_empty(),
            "{}: reads no subject",
            rule.code
        );
        assert!(
            !rule.references.cis.is_empty() || !rule.references.nist.is_empty(),
            "{}: no CIS or NIST reference",
            rule.code
        );
        for p in rule.parameters {
            assert!(
                is_kebab(&p.name.replace('_', "-")),
                "{}: parameter {} is not snake_case",
                rule.code,
                p.name
            );
            assert!(!p.description.is_empty());
        }
    }
}

#[test]
fn every_rule_has_exactly_one_fixture_file_and_every_fixture_a_rule() {
    let root = common::tests_dir().join("fixtures");
    let mut seen = BTreeSet::new();
    for (family, prefix) in [("config", "CFG"), ("images", "IMG"), ("monitoring", "MON")] {
        let dir = root.join(family);
        if !dir.is_dir() {
            continue;
        }
        for path in common::files_in(&dir, "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let (code, name) = stem
                .split_once('-')
                .expect("fixture named <CODE>-<name>.json");
            assert!(
                code.starts_with(prefix),
                "{stem} is in the wrong family directory"
            );
            let rule =
                hullcheck::rules::find(code).unwrap_or_else(|| panic!("{stem}: no rule {code}"));
            assert_eq!(
                rule.name, name,
                "{stem}: file name does not match the rule name"
            );
            seen.insert(code.to_owned());
        }
    }
    for rule in catalog() {
        assert!(
            seen.contains(rule.code),
            "{} ({}) has no fixture file",
            rule.code,
            rule.name
        );
    }
}

#[test]
fn every_rule_file_is_registered() {
    let src = common::repo_root().join("core/src/rules");
    for family in ["config", "images", "monitoring"] {
        let dir = src.join(family);
        let registry = common::read(&dir.join("mod.rs"));
        for path in common::files_in(&dir, "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if stem == "mod" {
                continue;
            }
            // A file the family's one list does not name is not even compiled.
            assert!(
                registry.lines().any(|l| l.trim() == format!("{stem},")),
                "{family}/{stem}.rs is not listed in the family_rules! of {family}/mod.rs"
            );
            let body = common::read(&path);
            // The rule's own `name:` (parameter declarations before it have names too).
            let rule = body.split_once("static RULE").map_or("", |(_, rule)| rule);
            let name_line = rule
                .lines()
                .find(|l| l.trim_start().starts_with("name:"))
                .unwrap_or("");
            assert!(
                name_line.contains(&format!("\"{}\"", stem.replace('_', "-"))),
                "{family}/{stem}.rs: the rule name must be the file name in kebab-case"
            );
        }
    }
}

#[test]
fn every_decidable_cis_recommendation_named_by_the_issues_has_a_rule() {
    // CIS Docker Benchmark v1.6 ids decidable from a container document (issue 2, point 4).
    let required = [
        "4.1", "4.6", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11",
        "5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18", "5.19", "5.20", "5.21", "5.22",
        "5.25", "5.26", "5.27", "5.29", "5.30", "5.31", "5.32",
        // Daemon and host (issue 6), images (issue 5).
        "1.2.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11",
        "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18", "5.1", "7.1", "7.5", "7.7",
        "1.1.3", "3.1", "3.24", "4.7", "4.9", "4.10", "4.11", "6.1", "6.2",
    ];
    let catalog = common::read(&common::repo_root().join("spec/rules.json"));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&catalog).unwrap();
    let covered: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| {
            e["references"]["cis"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|id| !covered.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "CIS ids without a rule in spec/rules.json: {missing:?}"
    );
}
