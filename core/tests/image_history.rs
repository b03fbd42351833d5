//! `docker history` as an input of its own: the CLI's JSON lines and the Engine API's array,
//! alone (an image subject whose config is unknown) or joined to the image document with the
//! same id, in either order.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::{Bundle, DocumentKind, Engine, Error, InputProblem, OutcomeStatus, Report};

const ID: &str = "sha256:5d41402abc4b2a76b9719d911017c592aaaabbbbccccddddeeeeffff00001111";

/// `docker history --no-trunc --format '{{json .}}'` of an image built `FROM` a busybox image
/// with `RUN chmod u+s /bin/busybox`: newest entry first, base layers `<missing>`.
fn cli_lines() -> String {
    [
        format!(
            r#"{{"Comment":"","CreatedAt":"2026-12-02T10:00:03Z","CreatedBy":"/bin/sh -c #(nop)  CMD [\"/bin/sleep\" \"3600\"]","CreatedSince":"1 minute ago","ID":"{ID}","Size":"0B"}}"#
        ),
        r#"{"Comment":"","CreatedAt":"2026-12-02T10:00:02Z","CreatedBy":"/bin/sh -c chmod u+s /bin/busybox","CreatedSince":"1 minute ago","ID":"<missing>","Size":"1.1MB"}"#.to_owned(),
        r#"{"Comment":"","CreatedAt":"2026-12-02T09:00:00Z","CreatedBy":"/bin/sh -c #(nop)  CMD [\"sh\"]","CreatedSince":"1 hour ago","ID":"<missing>","Size":"0B"}"#.to_owned(),
        r#"{"Comment":"","CreatedAt":"2026-12-02T09:00:00Z","CreatedBy":"/bin/sh -c #(nop) COPY file:0123 in /bin/busybox ","CreatedSince":"1 hour ago","ID":"<missing>","Size":"1.1MB"}"#.to_owned(),
    ]
    .join("\n")
        + "\n"
}

/// The same history as the Engine API's `GET /images/{name}/history` serves it.
fn api_array() -> String {
    format!(
        r#"[
  {{"Id":"{ID}","Created":1796205603,"CreatedBy":"/bin/sh -c #(nop)  CMD [\"/bin/sleep\" \"3600\"]","Tags":["local/app:1.0"],"Size":0,"Comment":""}},
  {{"Id":"<missing>","Created":1796205602,"CreatedBy":"/bin/sh -c chmod u+s /bin/busybox","Tags":null,"Size":1100000,"Comment":""}},
  {{"Id":"<missing>","Created":1796202000,"CreatedBy":"/bin/sh -c #(nop)  CMD [\"sh\"]","Tags":null,"Size":0,"Comment":""}},
  {{"Id":"<missing>","Created":1796202000,"CreatedBy":"/bin/sh -c #(nop) COPY file:0123 in /bin/busybox ","Tags":null,"Size":1100000,"Comment":""}}
]"#
    )
}

/// `docker image inspect` of the image: no history of its own, no user.
fn inspect() -> String {
    format!(
        r#"[{{"Id":"{ID}","RepoTags":["local/app:1.0"],"RepoDigests":[],"Config":{{"User":"","Env":["PATH=/bin"],"Cmd":["/bin/sleep","3600"],"Labels":null}},"RootFS":{{"Type":"layers","Layers":[]}}}}]"#
    )
}

fn status(report: &Report, code: &str) -> Vec<OutcomeStatus> {
    report
        .outcomes
        .iter()
        .filter(|o| o.code == code)
        .map(|o| o.status)
        .collect()
}

fn evaluate(documents: &[(&str, &str)]) -> Report {
    let mut bundle = Bundle::new();
    for (source, text) in documents {
        bundle
            .add_json(source, text)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
    }
    Engine::default().evaluate(&bundle, None)
}

#[test]
fn cli_lines_alone_are_an_image_whose_config_is_unknown() {
    let lines = cli_lines();
    assert_eq!(
        hullcheck::detect_kind(&lines).unwrap(),
        DocumentKind::ImageHistory
    );
    let report = evaluate(&[("history.jsonl", &lines)]);
    assert_eq!(report.subjects.len(), 1);
    assert_eq!(report.summary.subjects, 1);
    // The history decides what the build did...
    assert_eq!(status(&report, "IMG011"), vec![OutcomeStatus::Fail]);
    let setuid = report.findings.iter().find(|f| f.code == "IMG011").unwrap();
    assert_eq!(setuid.location.source, "history.jsonl");
    assert_eq!(
        (setuid.location.line, setuid.location.pointer.as_deref()),
        (Some(2), None),
        "the chmod is the second line"
    );
    // ...and what only the config decides is missing, naming the image inspect.
    for code in ["IMG001", "MON001", "IMG017"] {
        assert_eq!(
            status(&report, code),
            vec![OutcomeStatus::MissingInput],
            "{code}"
        );
        let outcome = report.outcomes.iter().find(|o| o.code == code).unwrap();
        assert_eq!(outcome.missing, Some(DocumentKind::Image));
    }
    // The CLI's lines name no tag: tags are unknown, not absent.
    assert_eq!(status(&report, "IMG003"), vec![OutcomeStatus::MissingInput]);
}

#[test]
fn the_api_array_alone_points_into_the_array_and_knows_the_tag() {
    let array = api_array();
    let report = evaluate(&[("history.json", &array)]);
    assert_eq!(report.subjects.len(), 1);
    assert_eq!(report.subjects[0].name, "local/app:1.0");
    let setuid = report.findings.iter().find(|f| f.code == "IMG011").unwrap();
    assert_eq!(setuid.location.pointer.as_deref(), Some("/1/CreatedBy"));
    // The tag is known, so the tag rule decides.
    assert_eq!(status(&report, "IMG003"), vec![OutcomeStatus::Pass]);
    assert_eq!(status(&report, "IMG001"), vec![OutcomeStatus::MissingInput]);
}

#[test]
fn history_joins_the_image_document_with_its_id_in_either_order() {
    let (lines, image) = (cli_lines(), inspect());
    for documents in [
        [
            ("inspect.json", image.as_str()),
            ("history.jsonl", lines.as_str()),
        ],
        [
            ("history.jsonl", lines.as_str()),
            ("inspect.json", image.as_str()),
        ],
    ] {
        let report = evaluate(&documents);
        assert_eq!(report.subjects.len(), 1, "one image, not two");
        assert_eq!(report.subjects[0].source, "inspect.json");
        // The config decides the user; the joined history decides the setuid bit, and its
        // finding points into the history document.
        assert_eq!(status(&report, "IMG001"), vec![OutcomeStatus::Fail]);
        let setuid = report.findings.iter().find(|f| f.code == "IMG011").unwrap();
        assert_eq!(setuid.location.source, "history.jsonl");
        assert_eq!(setuid.location.line, Some(2));
        let root = report.findings.iter().find(|f| f.code == "IMG001").unwrap();
        assert_eq!(root.location.source, "inspect.json");
        assert_eq!(root.location.pointer.as_deref(), Some("/0/Config/User"));
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }
}

#[test]
fn a_history_of_another_image_stays_its_own_subject() {
    let other = cli_lines().replace("5d41402abc4b", "99999999abcd");
    let report = evaluate(&[("inspect.json", &inspect()), ("other.jsonl", &other)]);
    assert_eq!(report.subjects.len(), 2);
    assert_eq!(
        status(&report, "IMG001"),
        vec![OutcomeStatus::Fail, OutcomeStatus::MissingInput]
    );
}

#[test]
fn an_image_with_a_history_of_its_own_keeps_it_and_says_so() {
    let config = format!(
        r#"{{"Id":"{ID}","RepoTags":["local/app:1.0"],"Config":{{"User":"1000"}},"History":[{{"created_by":"/bin/sh -c echo built"}}],"RootFS":{{"Type":"layers"}}}}"#
    );
    let report = evaluate(&[("image.json", &config), ("history.jsonl", &cli_lines())]);
    assert_eq!(report.subjects.len(), 1);
    // The image's own history (no chmod) is the one read.
    assert_eq!(status(&report, "IMG011"), vec![OutcomeStatus::Pass]);
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(report.diagnostics[0].code.as_str(), "history-unused");
    assert!(report.diagnostics[0].message.contains("history.jsonl"));
}

#[test]
fn a_shortened_history_is_refused_with_how_to_print_it() {
    let shortened = r#"{"Comment":"","CreatedAt":"2026-12-02T10:00:02Z","CreatedBy":"/bin/sh -c apt-get update && apt-get install…","CreatedSince":"1 minute ago","ID":"5d41402abc4b","Size":"31MB"}"#;
    let mut bundle = Bundle::new();
    let err = bundle.add_json("history.jsonl", shortened).unwrap_err();
    match &err {
        Error::InvalidInput {
            problem, pointer, ..
        } => {
            assert_eq!(*problem, InputProblem::Truncated);
            assert_eq!(pointer.as_deref(), Some("/0/CreatedBy"));
        }
        other => panic!("expected an input error, got {other:?}"),
    }
    assert!(err.to_string().contains("--no-trunc"), "{err}");
    assert!(bundle.is_empty(), "nothing half-read is kept");
}

#[test]
fn a_history_given_as_a_value_reads_the_same() {
    let value: serde_json::Value = serde_json::from_str(&api_array()).unwrap();
    let mut bundle = Bundle::new();
    bundle.add_value("history.json", &value).unwrap();
    let report = Engine::default().evaluate(&bundle, None);
    assert_eq!(report.subjects.len(), 1);
    assert_eq!(status(&report, "IMG011"), vec![OutcomeStatus::Fail]);
}

#[test]
fn a_short_id_joins_only_when_it_is_a_prefix_of_twelve_digits_or_more() {
    let short = cli_lines().replace(ID, "5d41402abc4b");
    let report = evaluate(&[("inspect.json", &inspect()), ("history.jsonl", &short)]);
    assert_eq!(report.subjects.len(), 1, "the CLI's short id joins");
    let too_short = cli_lines().replace(ID, "5d41402a");
    let report = evaluate(&[("inspect.json", &inspect()), ("history.jsonl", &too_short)]);
    assert_eq!(
        report.subjects.len(),
        2,
        "eight digits are too few to be sure"
    );
}
