//! Streams (NDJSON lines, a JSON array in chunks) evaluate document by document exactly like
//! one-document bundles, and parallel batches give the reports of a sequential run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::{Bundle, Engine, Error, Format, Limit, Limits, Report, stream};

fn doc(i: usize) -> String {
    let privileged = i.is_multiple_of(3);
    format!(
        r#"{{"Id": "{i:064x}", "Name": "/c{i}", "Config": {{"Image": "nginx", "User": "{}"}}, "HostConfig": {{"Privileged": {privileged}, "CapAdd": {}}}}}"#,
        if i.is_multiple_of(2) { "root" } else { "app" },
        if i.is_multiple_of(5) {
            r#"["SYS_ADMIN"]"#
        } else {
            "null"
        }
    )
}

fn alone(name: &str, text: &str) -> Report {
    let mut bundle = Bundle::new();
    bundle.add_json(name, text).unwrap();
    Engine::default().evaluate(&bundle, None)
}

#[test]
fn ndjson_lines_evaluate_one_by_one_and_errors_do_not_stop_the_stream() {
    let mut lines: Vec<String> = (0..20).map(doc).collect();
    lines.insert(5, String::new());
    lines.insert(9, "{not json".into());
    let engine = Engine::default();
    let out: Vec<_> = stream::evaluate_ndjson(&engine, "fleet", &lines, None).collect();
    assert_eq!(out.len(), 21, "blank line skipped, bad line reported");
    match &out[8] {
        Err(Error::InvalidInput { source_name, .. }) => {
            assert_eq!(source_name.as_deref(), Some("fleet:10"));
        }
        other => panic!("line 10 should fail: {other:?}"),
    }
    let good: Vec<&Report> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(good.len(), 20);
    for (i, report) in good.iter().enumerate() {
        let line = if i < 5 {
            i + 1
        } else if i < 8 {
            i + 2
        } else {
            i + 3
        };
        let expected = alone(&format!("fleet:{line}"), &doc(i));
        assert_eq!(report.to_json(), expected.to_json(), "document {i}");
    }
}

#[test]
fn a_json_array_in_any_chunks_matches_the_whole_array() {
    let docs: Vec<String> = (0..12).map(doc).collect();
    let text = format!("[\n  {}\n]\n", docs.join(",\n  "));
    let engine = Engine::default();
    for size in [1, 7, 64, 4096] {
        let chunks: Vec<&str> = text
            .as_bytes()
            .chunks(size)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let out: Vec<Report> = stream::evaluate_json_array(&engine, "inspect.json", chunks, None)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(out.len(), docs.len());
        for (i, report) in out.iter().enumerate() {
            let expected = alone(&format!("inspect.json[{i}]"), &docs[i]);
            assert_eq!(
                report.to_json(),
                expected.to_json(),
                "chunk {size}, element {i}"
            );
        }
    }
}

#[test]
fn stream_limits_apply_per_document() {
    let engine = Engine::default();
    let small = Limits {
        max_document_bytes: 300,
        ..Limits::default()
    };
    let big = doc(1).replace("nginx", &"n".repeat(400));
    let lines = [doc(0), big.clone(), doc(2)];
    let out: Vec<_> = stream::evaluate_ndjson(&engine, "s", &lines, None)
        .with_limits(small)
        .collect();
    assert!(out[0].is_ok() && out[2].is_ok());
    assert!(matches!(
        out[1],
        Err(Error::LimitExceeded {
            limit: Limit::DocumentBytes,
            ..
        })
    ));
    // In an array held in one chunk, the oversized element is refused and the stream goes on;
    // arriving in small chunks, it is refused while it is read, which ends the stream (the
    // splitter cannot skip an element it does not keep).
    let text = format!("[{},{big},{}]", doc(0), doc(2));
    let whole: Vec<_> = stream::evaluate_json_array(&engine, "a", [text.as_str()], None)
        .with_limits(small)
        .collect();
    let chunks: Vec<&str> = text
        .as_bytes()
        .chunks(50)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let chunked: Vec<_> = stream::evaluate_json_array(&engine, "a", chunks, None)
        .with_limits(small)
        .collect();
    assert_eq!((whole.len(), chunked.len()), (3, 2));
    for out in [&whole, &chunked] {
        assert!(out[0].is_ok());
        assert!(matches!(
            out[1],
            Err(Error::LimitExceeded {
                limit: Limit::DocumentBytes,
                ..
            })
        ));
    }
    assert!(whole[2].is_ok());
}

#[test]
fn parallel_batches_match_a_sequential_run() {
    let engine = Engine::default();
    // Several chunks and a short last one, so every thread count really splits the work.
    let count = stream::PARALLEL_CHUNK * 4 + 7;
    let bundles: Vec<Bundle> = (0..count)
        .map(|i| Bundle::from_json(&doc(i)).unwrap())
        .collect();
    let render = |reports: Vec<Report>| -> Vec<String> {
        reports.iter().map(|r| r.render(Format::Json)).collect()
    };
    let sequential = render(bundles.iter().map(|b| engine.evaluate(b, None)).collect());
    assert_eq!(sequential.len(), count);
    for threads in [0, 1, 2, 3, 8, 100] {
        assert_eq!(
            render(stream::evaluate_parallel(&engine, &bundles, None, threads)),
            sequential,
            "{threads} threads"
        );
    }
    assert!(stream::evaluate_parallel(&engine, &[], None, 4).is_empty());
}
