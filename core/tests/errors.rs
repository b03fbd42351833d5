//! Malformed input is a typed error, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::{Bundle, DocumentKind, Error, InputProblem, detect_kind};

fn input_error(text: &str) -> (InputProblem, Option<String>, String) {
    match Bundle::from_json(text) {
        Err(Error::InvalidInput {
            problem, pointer, ..
        }) => {
            let shown = Bundle::from_json(text).unwrap_err().to_string();
            (problem, pointer, shown)
        }
        Err(other) => panic!("expected an input error, got {other}"),
        Ok(_) => panic!("expected an input error for {text:.60}"),
    }
}

#[test]
fn not_json_is_a_syntax_error_with_a_line() {
    let text = "{\"Id\": \"x\", \"HostConfig\": {\"Privileged\": tru}}";
    match Bundle::from_json(text) {
        Err(Error::InvalidInput {
            problem,
            line,
            column,
            ..
        }) => {
            assert_eq!(problem, InputProblem::Syntax);
            assert_eq!(line, Some(1));
            assert!(column.is_some());
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn plain_text_is_an_unknown_kind() {
    assert_eq!(input_error("hello world").0, InputProblem::UnknownKind);
}

#[test]
fn empty_input_is_empty() {
    assert_eq!(input_error("").0, InputProblem::Empty);
    assert_eq!(input_error("  \n\t").0, InputProblem::Empty);
}

#[test]
fn scalars_and_unknown_objects_are_unknown_kinds() {
    for text in ["42", "\"docker\"", "null", "true", "{\"foo\": 1}", "{}"] {
        let (problem, _, message) = input_error(text);
        assert_eq!(problem, InputProblem::UnknownKind, "{text}: {message}");
    }
    let (_, _, message) = input_error("{\"foo\": 1, \"bar\": 2}");
    assert!(
        message.contains("foo"),
        "the message lists the keys it saw: {message}"
    );
}

#[test]
fn wrong_types_name_their_pointer() {
    let cases = [
        (r#"{"Id":"a","HostConfig":"privileged"}"#, "/HostConfig"),
        (
            r#"{"Id":"a","HostConfig":{"Privileged":"yes"}}"#,
            "/HostConfig/Privileged",
        ),
        (
            r#"{"Id":"a","HostConfig":{"CapAdd":[1]}}"#,
            "/HostConfig/CapAdd/0",
        ),
        (
            r#"{"Id":"a","HostConfig":{"Memory":"lots"}}"#,
            "/HostConfig/Memory",
        ),
        (
            r#"{"Id":"a","HostConfig":{},"Mounts":{"Source":"/"}}"#,
            "/Mounts",
        ),
        (
            r#"[{"Id":"a","HostConfig":{}},{"Id":"b","HostConfig":{"Privileged":1}}]"#,
            "/1/HostConfig/Privileged",
        ),
        (
            r#"{"Id":"a","HostConfig":{},"NetworkSettings":{"Ports":{"80/tcp":[{"HostPort":[]}]}}}"#,
            "/NetworkSettings/Ports/80~1tcp/0/HostPort",
        ),
    ];
    for (text, expected) in cases {
        let (problem, pointer, message) = input_error(text);
        assert_eq!(problem, InputProblem::Type, "{text}: {message}");
        assert_eq!(pointer.as_deref(), Some(expected), "{text}: {message}");
        assert!(
            message.contains(expected),
            "the message names the pointer: {message}"
        );
    }
}

#[test]
fn parsed_values_get_the_same_pointers() {
    let value: serde_json::Value =
        serde_json::from_str(r#"[{"Id":"a","HostConfig":{"CapAdd":"ALL"}}]"#).unwrap();
    let mut bundle = Bundle::new();
    let err = bundle.add_value("v", &value).unwrap_err();
    assert_eq!(err.pointer(), Some("/0/HostConfig/CapAdd"));
    assert_eq!(err.kind().as_str(), "invalid_input");
    assert!(
        bundle.is_empty(),
        "a failed add leaves the bundle unchanged"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // The bundle's depth limit (64 by default, see tests/limits.rs) refuses deep text before
    // the parser sees it; without that limit, serde_json's recursion limit (128) still turns it
    // into `too_deep` rather than a stack overflow.
    let unlimited = hullcheck::Limits {
        max_depth: usize::MAX,
        ..hullcheck::Limits::default()
    };
    for depth in [200, 10_000, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let nested_field = format!(
            "{{\"Id\":\"a\",\"HostConfig\":{{}},\"Labels\":{}1{}}}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        );
        let in_known_field = format!(
            "{{\"Id\":\"a\",\"HostConfig\":{{\"CapAdd\":{}{}}}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        for text in [&arrays, &nested_field, &in_known_field] {
            assert!(
                matches!(
                    Bundle::from_json(text),
                    Err(Error::LimitExceeded {
                        limit: hullcheck::Limit::Depth,
                        ..
                    })
                ),
                "depth {depth}"
            );
        }
        let parse = |text: &str| match Bundle::new().with_limits(unlimited).add_json("input", text)
        {
            Err(Error::InvalidInput { problem, .. }) => problem,
            other => panic!("expected an input error, got {other:?}"),
        };
        let problem = parse(&arrays);
        assert!(
            matches!(problem, InputProblem::TooDeep | InputProblem::UnknownKind),
            "depth {depth}: {problem:?}"
        );
        assert_eq!(parse(&nested_field), InputProblem::TooDeep, "depth {depth}");
        let problem = parse(&in_known_field);
        assert!(
            matches!(problem, InputProblem::TooDeep | InputProblem::Type),
            "depth {depth}: {problem:?}"
        );
    }
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    assert_eq!(
        input_error(r#"{"Id":"a","HostConfig":{}} extra"#).0,
        InputProblem::Syntax
    );
}

#[test]
fn invalid_utf8_cannot_reach_the_core_but_lone_surrogates_escapes_are_rejected() {
    // &str is UTF-8 by construction; escaped lone surrogates are the JSON-level equivalent.
    let problem = input_error(r#"{"Id":"\ud800","HostConfig":{}}"#).0;
    assert!(
        matches!(problem, InputProblem::Syntax | InputProblem::Type),
        "{problem:?}"
    );
}

#[test]
fn detect_kind_names_the_kinds() {
    assert_eq!(
        detect_kind(r#"{"Id":"a","HostConfig":{}}"#).unwrap(),
        DocumentKind::Container
    );
    assert_eq!(
        detect_kind(r#"[{"Id":"a","State":{},"Config":{}}]"#).unwrap(),
        DocumentKind::Container
    );
    assert_eq!(
        detect_kind("FROM alpine:3.20\nRUN true\n").unwrap(),
        DocumentKind::Dockerfile
    );
    assert_eq!(
        detect_kind("services:\n  web:\n    image: nginx\n").unwrap(),
        DocumentKind::Compose
    );
    assert_eq!(
        detect_kind(r#"{"ociVersion":"1.0.2","process":{}}"#).unwrap(),
        DocumentKind::OciRuntime
    );
    assert_eq!(
        detect_kind(r#"{"defaultAction":"SCMP_ACT_ERRNO"}"#).unwrap(),
        DocumentKind::SeccompProfile
    );
    assert_eq!(
        detect_kind(r#"{"icc": false, "live-restore": true}"#).unwrap(),
        DocumentKind::DaemonConfig
    );
}

#[test]
fn byte_order_mark_is_ignored() {
    let text = "\u{feff}{\"Id\":\"a\",\"Name\":\"/x\",\"HostConfig\":{\"Privileged\":true}}";
    let report = hullcheck::evaluate(text).unwrap();
    assert!(report.findings.iter().any(|f| f.code == "CFG001"));
}
