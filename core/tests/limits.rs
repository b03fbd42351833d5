//! Oversized and overdeep inputs are typed `limit_exceeded` errors that name the limit, found
//! before parsing: none of these tests builds a structure the size of its input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::document::ComposeOptions;
use hullcheck::{Bundle, Error, Limit, Limits};

fn limit_of(result: Result<usize, Error>) -> (Limit, usize, usize, Option<String>) {
    match result {
        Err(Error::LimitExceeded {
            limit,
            value,
            max,
            source_name,
        }) => (limit, value, max, source_name),
        Err(other) => panic!("expected a limit error, got {other}"),
        Ok(n) => panic!("expected a limit error, got {n} subjects"),
    }
}

#[test]
fn one_nesting_limit_for_json_and_compose_yaml() {
    use hullcheck::InputProblem;
    use hullcheck::limits::MAX_NESTING;
    assert_eq!(Limits::default().max_depth, MAX_NESTING);
    assert_eq!(Limits::POLICY.max_depth, MAX_NESTING);
    // A compose file is one mapping deep before its services; nest a service value to the limit.
    let compose = |depth: usize| {
        format!(
            "services:\n  web:\n    image: nginx\n    labels: {}x{}\n",
            "[".repeat(depth - 3),
            "]".repeat(depth - 3)
        )
    };
    let options = ComposeOptions::default();
    assert!(
        Bundle::new()
            .add_compose("c.yaml", &compose(MAX_NESTING), &options)
            .is_ok()
    );
    match Bundle::new().add_compose("c.yaml", &compose(MAX_NESTING + 1), &options) {
        Err(Error::InvalidInput {
            problem: InputProblem::TooDeep,
            source_name,
            ..
        }) => assert_eq!(source_name.as_deref(), Some("c.yaml")),
        other => panic!("expected too_deep, got {other:?}"),
    }
}

fn container(extra: &str) -> String {
    format!(
        r#"{{"Id": "abc", "Name": "/web", "Config": {{"Image": "nginx"{extra}}}, "HostConfig": {{}}}}"#
    )
}

#[test]
fn nesting_100_000_deep_is_a_depth_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (limit, value, max, source) = limit_of(Bundle::new().add_json("deep.json", &deep));
    assert_eq!((limit, value, max), (Limit::Depth, 65, 64));
    assert_eq!(source.as_deref(), Some("deep.json"));
    // Objects too, and inside a real document.
    let deep = container(&format!(
        r#", "Labels": {}1{}"#,
        r#"{"a":"#.repeat(100_000),
        "}".repeat(100_000)
    ));
    assert_eq!(limit_of(Bundle::new().add_json("x", &deep)).0, Limit::Depth);
    let err = Bundle::new().add_json("x", &deep).unwrap_err();
    assert_eq!(err.kind().as_str(), "limit_exceeded");
    assert_eq!(
        err.to_string(),
        "input `x` exceeds the depth limit (nesting depth): 65 > 64"
    );
}

#[test]
fn a_100_mb_string_is_refused() {
    let huge = "A".repeat(100 << 20);
    let doc = container(&format!(r#", "Env": ["X={huge}"]"#));
    // The default document size limit (64 MiB) stops it before the scan.
    let (limit, value, max, _) = limit_of(Bundle::new().add_json("big", &doc));
    assert_eq!(
        (limit, value, max),
        (Limit::DocumentBytes, doc.len(), 64 << 20)
    );
    // With room for the document, the string limit stops the scan inside the string.
    let roomy = Limits {
        max_document_bytes: 200 << 20,
        ..Limits::default()
    };
    let (limit, value, max, _) = limit_of(Bundle::new().with_limits(roomy).add_json("big", &doc));
    assert_eq!(
        (limit, value, max),
        (Limit::StringBytes, (8 << 20) + 1, 8 << 20)
    );
    // Text kinds are bounded by size.
    let dockerfile = format!("FROM alpine\nRUN echo {huge}\n");
    assert_eq!(
        limit_of(Bundle::new().add_dockerfile("Dockerfile", &dockerfile)).0,
        Limit::DocumentBytes
    );
    let compose = format!("services:\n  web:\n    image: nginx\n    command: {huge}\n");
    assert_eq!(
        limit_of(Bundle::new().add_compose("compose.yaml", &compose, &ComposeOptions::default())).0,
        Limit::DocumentBytes
    );
}

#[test]
fn a_10_million_element_array_is_refused() {
    let ten_million = |item: &str| {
        let mut out = String::with_capacity(10_000_000 * (item.len() + 1) + 2);
        out.push('[');
        for i in 0..10_000_000 {
            if i > 0 {
                out.push(',');
            }
            out.push_str(item);
        }
        out.push(']');
        out
    };
    // At the top level each element is a document.
    let top = ten_million("0");
    let (limit, value, max, _) = limit_of(Bundle::new().add_json("many", &top));
    assert_eq!((limit, value, max), (Limit::Documents, 100_001, 100_000));
    // Inside a document it is one array's members.
    let array = ten_million(r#""A=1""#);
    let doc = container(&format!(r#", "Env": {array}"#));
    let (limit, value, max, _) = limit_of(Bundle::new().add_json("wide", &doc));
    assert_eq!((limit, value, max), (Limit::Items, 1_000_001, 1_000_000));
}

#[test]
fn documents_per_bundle_add_up_across_calls() {
    let limits = Limits {
        max_documents: 3,
        ..Limits::default()
    };
    let mut bundle = Bundle::new().with_limits(limits);
    let doc = container("");
    assert_eq!(bundle.add_json("a", &format!("[{doc}, {doc}]")).unwrap(), 2);
    assert_eq!(bundle.add_json("b", &doc).unwrap(), 1);
    let (limit, value, max, source) = limit_of(bundle.add_json("c", &doc));
    assert_eq!((limit, value, max), (Limit::Documents, 4, 3));
    assert_eq!(source.as_deref(), Some("c"));
    // The refused document was not added.
    assert_eq!(bundle.containers().len(), 3);
    assert_eq!(bundle.sources().len(), 2);
    // Compose services count as documents.
    let mut bundle = Bundle::new().with_limits(limits);
    let compose = "services:\n  a: {image: x}\n  b: {image: x}\n  c: {image: x}\n  d: {image: x}\n";
    let (limit, value, _, _) =
        limit_of(bundle.add_compose("compose.yaml", compose, &ComposeOptions::default()));
    assert_eq!((limit, value), (Limit::Documents, 4));
    assert!(bundle.is_empty());
}

#[test]
fn parsed_values_are_checked_without_recursion() {
    let mut value = serde_json::json!(1);
    for _ in 0..10_000 {
        value = serde_json::Value::Array(vec![value]);
    }
    let (limit, _, _, _) = limit_of(Bundle::new().add_value("v", &value));
    assert_eq!(limit, Limit::Depth);
    // Dropping a deep value recurses in serde_json; unwind it by hand.
    let mut current = value;
    while let serde_json::Value::Array(mut items) = current {
        current = items.pop().unwrap_or(serde_json::Value::Null);
    }
    let wide = serde_json::json!({"Id": "x", "Config": {"Env": vec!["A=1"; 1_000_001]}});
    assert_eq!(
        limit_of(Bundle::new().add_value("v", &wide)).0,
        Limit::Items
    );
}

#[test]
fn within_the_limits_nothing_changes() {
    let small = Limits {
        max_document_bytes: 4096,
        max_depth: 4,
        max_string_bytes: 64,
        max_items: 8,
        max_documents: 2,
    };
    let doc = container(r#", "Env": ["A=1", "B=2"], "Labels": {"a": "b"}"#);
    let mut bundle = Bundle::new().with_limits(small);
    assert_eq!(bundle.add_json("ok", &doc).unwrap(), 1);
    bundle
        .add_dockerfile("Dockerfile", "FROM alpine\nUSER app\n")
        .unwrap();
    assert_eq!(bundle.subject_count(), 2);
}

#[test]
fn limit_ids_are_stable() {
    let ids: Vec<&str> = [
        Limit::DocumentBytes,
        Limit::Depth,
        Limit::StringBytes,
        Limit::Items,
        Limit::Documents,
    ]
    .iter()
    .map(|l| l.as_str())
    .collect();
    assert_eq!(
        ids,
        [
            "document_bytes",
            "depth",
            "string_bytes",
            "items",
            "documents"
        ]
    );
}

#[test]
fn policy_and_label_schema_text_is_held_to_the_policy_limits() {
    use hullcheck::Policy;
    use hullcheck::labels::LabelSchema;
    let deep = format!(
        r#"{{"select": {}"CFG001"{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let expect = |result: Result<(), Error>, limit: Limit, name: &str| match result {
        Err(Error::LimitExceeded {
            limit: got,
            source_name,
            ..
        }) => {
            assert_eq!(got, limit);
            assert_eq!(source_name.as_deref(), Some(name));
        }
        other => panic!("expected a {limit} limit error, got {other:?}"),
    };
    expect(Policy::from_json(&deep).map(drop), Limit::Depth, "policy");
    let long = format!(r#"{{"select": ["{}"]}}"#, "C".repeat(2 << 20));
    expect(Policy::parse(&long).map(drop), Limit::StringBytes, "policy");
    let many = format!(
        r#"{{"ignore": [{}"CFG001"]}}"#,
        r#""CFG002","#.repeat(100_000)
    );
    expect(Policy::from_json(&many).map(drop), Limit::Items, "policy");
    let huge_yaml = format!("select:\n{}", "  - CFG001\n".repeat(2 << 20));
    expect(
        Policy::parse(&huge_yaml).map(drop),
        Limit::DocumentBytes,
        "policy",
    );
    let schema = format!(r#"{{"labels": {}}}"#, "[".repeat(70) + &"]".repeat(70));
    expect(
        LabelSchema::from_json(&schema).map(drop),
        Limit::Depth,
        "label schema",
    );
    expect(
        LabelSchema::from_yaml(&huge_yaml).map(drop),
        Limit::DocumentBytes,
        "label schema",
    );
    // Within the limits, the same shapes read (or fail for what they say, not their size).
    assert!(Policy::from_json(r#"{"select": ["CFG001"]}"#).is_ok());
    assert!(matches!(
        Policy::from_json(&format!(
            r#"{{"select": {}"CFG001"{}}}"#,
            "[".repeat(3),
            "]".repeat(3)
        )),
        Err(Error::Policy { .. })
    ));
}
