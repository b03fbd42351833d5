//! Inputs shaped to make naive code superlinear: thousands of `LABEL`s that expand variables,
//! `COPY --from` lines, stages over one base, `ENV` values that double. Each test checks the
//! answer on an input large enough that a quadratic walk would take minutes (the `LABEL` file
//! below took 70 s in a release build before the variable walk became one pass); the timing
//! itself is measured in `benches/` (`cargo run --release -p hullcheck-benches --example
//! scaling`), never asserted here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use std::fmt::Write as _;

use hullcheck::document::parse_dockerfile;
use hullcheck::{Bundle, Engine, Policy};

fn evaluate(policy: &str, dockerfile: &str) -> hullcheck::Report {
    let engine = Engine::new(&Policy::from_json(policy).unwrap()).unwrap();
    let mut bundle = Bundle::new();
    bundle.add_dockerfile("Dockerfile", dockerfile).unwrap();
    engine.evaluate(&bundle, None)
}

#[test]
fn twenty_thousand_labels_with_variables_are_each_expanded() {
    let n = 20_000;
    let mut text = String::from("FROM alpine\n");
    for i in 0..n {
        writeln!(text, "ARG V{i}=value{i}\nLABEL key{i}=$V{i}").unwrap();
    }
    // The schema wants another value for the last label: the finding proves the last `$V`
    // was resolved (an unresolved value is present but not type-checked).
    let last = n - 1;
    let policy = format!(
        r#"{{"select": ["MON030"], "parameters": {{"MON030": {{"schema": {{"labels": {{
            "key{last}": {{"type": "enum", "values": ["other"]}},
            "key0": {{"type": "enum", "values": ["value0"]}}}}}}}}}}}}"#
    );
    let report = evaluate(&policy, &text);
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_ref()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains(&format!("key{last}")), "{messages:?}");
}

#[test]
fn a_later_label_of_the_same_key_wins_among_thousands() {
    let mut text = String::from("FROM alpine\n");
    for i in 0..10_000 {
        writeln!(text, "LABEL dup=v{i} other{i}=x").unwrap();
    }
    let policy = r#"{"select": ["MON030"], "parameters": {"MON030": {"schema": {"labels": {
        "dup": {"type": "enum", "values": ["v9999"]}}}}}}"#;
    assert!(evaluate(policy, &text).findings.is_empty());
    let policy = policy.replace("v9999", "v0");
    let report = evaluate(&policy, &text);
    assert_eq!(report.findings.len(), 1);
    assert!(report.findings[0].message.contains("`dup`"));
}

#[test]
fn twenty_thousand_copy_from_images_are_each_reported() {
    let n = 20_000;
    let mut text = String::from("ARG REGISTRY=registry.example.com\nFROM alpine@sha256:");
    text.push_str(&"a".repeat(64));
    // A global ARG reaches a stage only where the stage declares it again.
    text.push_str("\nARG REGISTRY\n");
    for i in 0..n {
        writeln!(text, "ENV N{i}={i}\nCOPY --from=$REGISTRY/tool:$N{i} /a /b").unwrap();
    }
    let report = evaluate(r#"{"select": ["IMG004"]}"#, &text);
    let with_tag = |tag: usize| {
        report.findings.iter().any(|f| {
            f.message
                .contains(&format!("registry.example.com/tool:{tag}"))
        })
    };
    assert!(report.findings.iter().all(|f| f.code == "IMG004"));
    assert!(
        with_tag(0) && with_tag(n - 1),
        "{:?}",
        report.findings.first()
    );
}

#[test]
fn stages_over_one_base_see_its_variables_without_copies() {
    let (vars, stages) = (5_000, 5_000);
    let mut text = String::from("FROM alpine AS base\n");
    for i in 0..vars {
        writeln!(text, "ENV E{i}=e{i}").unwrap();
    }
    for i in 0..stages {
        writeln!(text, "FROM base AS s{i}\nENV OWN=s{i}").unwrap();
    }
    text.push_str("USER $E4999:$OWN\n");
    let file = parse_dockerfile(&text, "Dockerfile").unwrap();
    let user = file.instructions.len() - 1;
    let mut walk = file.variables();
    assert_eq!(
        walk.expand_before(user, "$E4999:$OWN").as_deref(),
        Some("e4999:s4999")
    );
    // A chain of stages, each on the one before.
    let mut chain = String::from("FROM alpine AS s0\nENV V0=0\n");
    for i in 1..stages {
        writeln!(chain, "FROM s{p} AS s{i}\nENV V{i}=$V{p}", p = i - 1).unwrap();
    }
    let file = parse_dockerfile(&chain, "Dockerfile").unwrap();
    assert_eq!(file.final_chain().len(), stages);
    let end = file.instructions.len();
    assert_eq!(
        file.variables().expand_before(end, "$V4999").as_deref(),
        Some("0")
    );
}

#[test]
fn doubling_env_values_end_unresolved_instead_of_exhausting_memory() {
    let mut text = String::from("FROM alpine\nENV A0=0123456789abcdef\n");
    for i in 1..=64 {
        writeln!(text, "ENV A{i}=$A{p}$A{p}", p = i - 1).unwrap();
    }
    text.push_str("LABEL big=$A64 small=$A4\nUSER $A64\n");
    let file = parse_dockerfile(&text, "Dockerfile").unwrap();
    let last = file.instructions.len() - 1;
    let mut walk = file.variables();
    assert_eq!(walk.expand_before(last, "$A64"), None);
    assert_eq!(walk.expand_before(last, "$A4").map(|v| v.len()), Some(256));
    // The whole engine gets through it too.
    let report = evaluate(r#"{"extends": "strict"}"#, &text);
    assert!(report.summary.rules > 0);
}
