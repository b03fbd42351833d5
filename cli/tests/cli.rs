//! The `hullcheck` binary as users call it: arguments, standard input, files, exit status.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    reason = "a failing test should stop loudly; a skipped one says so"
)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args` and `stdin` (a closed, empty standard input when `None`).
fn hullcheck(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hullcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin");
    // A command that does not read standard input closes it: not the test's failure.
    let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    drop(pipe);
    let out = child.wait_with_output().expect("the binary ends");
    Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn subjects(report: &serde_json::Value) -> Vec<String> {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] != "fleet")
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

fn diagnostic_codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hullcheck-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const PRIVILEGED: &str = r#"[{"Id":"4f2a","Name":"/web","HostConfig":{"Privileged":true}}]"#;
const HARDENED: &str = r#"{"Id":"9c1d","Name":"/quiet","Config":{"User":"1000"},"HostConfig":{"ReadonlyRootfs":true}}"#;
const INFO: &str =
    r#"{"ServerVersion":"20.10.24","SecurityOptions":["name=seccomp,profile=default"]}"#;
const NOW: &str = "2026-01-01T00:00:00Z";

#[test]
fn help_and_version_go_to_stdout_with_status_0() {
    let help = hullcheck(&["--help"], None);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("usage:"));
    assert!(help.stdout.contains("--docker"));
    assert!(help.stderr.is_empty());
    let version = hullcheck(&["--version"], None);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("hullcheck {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_bad_invocation_is_status_2_with_usage_on_stderr() {
    for args in [
        &["--bogus"][..],
        &["--format"],
        &["--format", "xml", "x"],
        &["explain"],
    ] {
        let run = hullcheck(args, None);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(
            run.stderr.contains("hullcheck: error:"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn piped_input_is_audited_without_a_dash_and_never_the_sample() {
    let run = hullcheck(&["--format", "json", "--now", NOW], Some(PRIVILEGED));
    let report = json(&run);
    assert_eq!(subjects(&report), ["web"]);
    assert_eq!(run.code, 1, "a privileged container fails the default gate");
    assert!(!run.stderr.contains("sample"));
}

#[test]
fn an_empty_standard_input_is_an_input_error_not_the_sample() {
    let run = hullcheck(&["--format", "json"], Some(""));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("standard input is empty"),
        "{}",
        run.stderr
    );
    assert!(diagnostic_codes(&json(&run)).contains(&"input-left-out".to_owned()));
    assert!(subjects(&json(&run)).is_empty());
}

#[test]
fn the_sample_is_audited_only_when_asked() {
    let run = hullcheck(&["--sample", "--format", "json", "--now", NOW], None);
    assert_eq!(subjects(&json(&run)), ["shop-frontend"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("built-in sample"));
}

#[test]
fn several_documents_on_one_input_are_one_host() {
    // docker inspect output followed by docker info, as `{ docker inspect web; docker info; }`.
    let concatenated = format!("{PRIVILEGED}\n{INFO}\n");
    let ndjson = format!(
        "{}\n{INFO}\n",
        PRIVILEGED.trim_start_matches('[').trim_end_matches(']')
    );
    let sequence = format!("\u{1e}{PRIVILEGED}\n\u{1e}{INFO}\n");
    for text in [concatenated, ndjson, sequence] {
        let run = hullcheck(&["--format", "json", "--now", NOW], Some(&text));
        let report = json(&run);
        assert_eq!(subjects(&report), ["web", "daemon"], "{text}");
        assert_eq!(run.code, 1);
        let sources: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["location"]["source"].as_str().unwrap())
            .collect();
        assert!(
            sources.contains(&"stdin#1") && sources.contains(&"stdin#2"),
            "{sources:?}"
        );
    }
}

#[test]
fn an_unreadable_input_is_named_and_the_others_are_still_evaluated() {
    let good = temp_file("good.json", PRIVILEGED);
    let broken = temp_file("broken.json", "{\"Id\": \"x\",\n \"HostConfig\": [1,");
    let run = hullcheck(
        &[
            "--format",
            "json",
            "--now",
            NOW,
            "/nonexistent/containers.json",
            good.to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(subjects(&report), ["web"]);
    assert!(
        run.stderr
            .contains("/nonexistent/containers.json was left out"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("line 2"),
        "the position is named: {}",
        run.stderr
    );
    let left_out = diagnostic_codes(&report)
        .iter()
        .filter(|c| *c == "input-left-out")
        .count();
    assert_eq!(left_out, 2);
}

#[test]
fn a_later_document_that_breaks_is_located_in_the_input() {
    let text = format!("{PRIVILEGED}\n{{\"Id\": \"y\", \"HostConfig\": \"privileged\"}}\n");
    let run = hullcheck(&["--format", "json", "--now", NOW], Some(&text));
    assert_eq!(run.code, 2);
    assert_eq!(subjects(&json(&run)), ["web"]);
    assert!(run.stderr.contains("stdin#2"), "{}", run.stderr);
    assert!(run.stderr.contains("/HostConfig"), "{}", run.stderr);
}

#[test]
fn an_empty_daemon_json_needs_its_kind_stated() {
    let empty = temp_file("daemon.json", "{}");
    let path = empty.to_str().unwrap();
    let guessed = hullcheck(&["--format", "json", "--now", NOW, path], None);
    assert_eq!(guessed.code, 2);
    assert!(
        guessed.stderr.contains("state the kind"),
        "{}",
        guessed.stderr
    );
    let stated = hullcheck(
        &[
            "--format",
            "json",
            "--now",
            NOW,
            "--kind",
            "daemon_config",
            path,
        ],
        None,
    );
    assert_eq!(stated.code, 0, "{}", stated.stderr);
    assert_eq!(subjects(&json(&stated)), ["daemon"]);
}

#[test]
fn the_gate_line_and_the_exit_status_agree() {
    for (args, expected) in [
        (&["--fail-on", "critical"][..], 1),
        (&["--fail-on", "info"], 1),
        (&[], 1),
    ] {
        let mut all = vec!["--now", NOW];
        all.extend_from_slice(args);
        let run = hullcheck(&all, Some(PRIVILEGED));
        assert_eq!(run.code, expected, "{args:?}");
        assert!(
            run.stdout.contains("): FAILED."),
            "{args:?}: {}",
            run.stdout
        );
    }
    // A container with only low and medium findings passes the default gate (high) and says so.
    let run = hullcheck(&["--now", NOW], Some(HARDENED));
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("Gate (fail on high): passed."),
        "{}",
        run.stdout
    );
    let run = hullcheck(&["--now", NOW, "--fail-on", "low"], Some(HARDENED));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("Gate (fail on low): FAILED."),
        "{}",
        run.stdout
    );
}

#[test]
fn policies_are_read_as_yaml_or_json_and_state_their_own_gate() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/");
    let yaml = hullcheck(
        &[
            "--sample",
            "--now",
            NOW,
            "--policy",
            &format!("{root}waivers.yaml"),
        ],
        None,
    );
    assert_ne!(yaml.code, 2, "{}", yaml.stderr);
    let low = temp_file("gate-low.yaml", "fail_on: low\n");
    let run = hullcheck(
        &["--now", NOW, "--policy", low.to_str().unwrap()],
        Some(HARDENED),
    );
    assert_eq!(
        run.code, 1,
        "the policy's own gate (low) applies: {}",
        run.stdout
    );
    let silent = temp_file("no-gate.json", r#"{"report_on": "info"}"#);
    let run = hullcheck(
        &["--now", NOW, "--policy", silent.to_str().unwrap()],
        Some(HARDENED),
    );
    assert_eq!(
        run.code, 0,
        "a policy without fail_on keeps the command's gate: {}",
        run.stdout
    );
    let bad = temp_file("bad.yaml", "fail_on: hihg\n");
    let run = hullcheck(&["--policy", bad.to_str().unwrap()], Some(HARDENED));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.yaml"), "{}", run.stderr);
}

#[test]
fn output_goes_to_the_named_file() {
    let path = std::env::temp_dir().join(format!("hullcheck-cli-out-{}.sarif", std::process::id()));
    let run = hullcheck(
        &[
            "--format",
            "sarif",
            "--now",
            NOW,
            "--output",
            path.to_str().unwrap(),
        ],
        Some(PRIVILEGED),
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_saved_collection_is_an_input_like_any_other() {
    let collection = serde_json::json!({
        "hullcheck_collection": 1,
        "collector": "test",
        "documents": [
            {"source": "docker:/containers/4f2a/json", "kind": "container",
             "document": {"Id": "4f2a", "Name": "/web", "HostConfig": {"Privileged": true}}},
            {"source": "/etc/docker/daemon.json (absent)", "kind": "daemon_config", "document": {}}
        ],
        "notes": [{"message": "container 77aa disappeared during collection; skipped"}]
    });
    let run = hullcheck(
        &["--format", "json", "--now", NOW],
        Some(&collection.to_string()),
    );
    let report = json(&run);
    assert_eq!(subjects(&report), ["web", "daemon"]);
    assert!(diagnostic_codes(&report).contains(&"collection-note".to_owned()));
    assert_eq!(run.code, 1);
}

#[test]
fn compose_files_with_several_yaml_documents() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n---\nservices:\n  db:\n    image: postgres:16\n";
    let run = hullcheck(&["--format", "json", "--now", NOW], Some(text));
    let names = subjects(&json(&run));
    assert!(
        names.iter().any(|n| n.contains("web")) && names.iter().any(|n| n.contains("db")),
        "{names:?}"
    );
}

#[test]
fn rules_and_explain_come_from_the_catalog() {
    let rules = hullcheck(&["rules", "--format", "json"], None);
    assert_eq!(rules.code, 0);
    assert_eq!(
        rules.stdout,
        format!("{}\n", hullcheck::spec::rules_json().trim_end())
    );
    let explain = hullcheck(&["explain", "privileged-container"], None);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.starts_with("## CFG001"));
    let unknown = hullcheck(&["explain", "CFG999"], None);
    assert_eq!(unknown.code, 2);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hullcheck"))
        .args(["rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code() == Some(0),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn findings_on_json_carry_the_line_and_column_of_their_value() {
    let text = format!(
        "{INFO}\n[\n  {{\n    \"Id\": \"4f2a\",\n    \"Name\": \"/web\",\n    \"HostConfig\": {{\"Privileged\": true}}\n  }}\n]\n"
    );
    let run = hullcheck(&["--format", "sarif", "--now", NOW], Some(&text));
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "CFG001")
        .expect("CFG001 reported");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    // Line 6 of the input (the container document starts on line 2), at `true`.
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(6), Some(34))
    );
}

#[test]
fn no_input_on_a_terminal_prints_the_usage_and_exits_2() {
    // `script` (util-linux) runs the command with a pseudo-terminal as its standard input.
    let Ok(out) = Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_hullcheck"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "script (util-linux) is missing"
        );
        eprintln!("skipped: script (util-linux) is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("usage:"), "{text}");
    assert!(text.contains("no input"), "{text}");
}

#[test]
fn docker_history_lines_on_stdin_are_one_image_joined_to_its_inspect() {
    let id = "sha256:5d41402abc4b2a76b9719d911017c592aaaabbbbccccddddeeeeffff00001111";
    let newest = format!(
        r#"{{"Comment":"","CreatedAt":"2026-12-02T10:00:03Z","CreatedBy":"/bin/sh -c #(nop)  CMD [\"sleep\"]","CreatedSince":"1 minute ago","ID":"{id}","Size":"0B"}}"#
    );
    let chmod = r#"{"Comment":"","CreatedAt":"2026-12-02T10:00:02Z","CreatedBy":"/bin/sh -c chmod u+s /bin/busybox","CreatedSince":"1 minute ago","ID":"<missing>","Size":"1MB"}"#;
    let history = format!("{newest}\n{chmod}\n");
    let run = hullcheck(&["--format", "json", "--now", NOW], Some(&history));
    let report = json(&run);
    assert_eq!(subjects(&report).len(), 1, "two lines, one image");
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"IMG011"), "{codes:?}");
    assert!(!codes.contains(&"IMG001"), "the user is unknown: {codes:?}");

    let inspect = temp_file(
        "history-image.json",
        &format!(r#"[{{"Id":"{id}","RepoTags":["local/app:1.0"],"Config":{{"User":""}}}}]"#),
    );
    let lines = temp_file("history.jsonl", &history);
    let run = hullcheck(
        &[
            "--format",
            "json",
            "--now",
            NOW,
            inspect.to_str().unwrap(),
            lines.to_str().unwrap(),
        ],
        None,
    );
    let report = json(&run);
    assert_eq!(subjects(&report), vec!["local/app:1.0".to_owned()]);
    let setuid = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "IMG011")
        .expect("the joined history's finding");
    assert!(
        setuid["location"]["source"]
            .as_str()
            .unwrap()
            .ends_with("history.jsonl")
    );
    assert_eq!(setuid["location"]["line"], 2);
}

#[test]
fn lines_count_from_the_start_of_the_input_for_every_document_in_it() {
    let compose = "services:\n  a:\n    image: alpine:3.20\n---\nservices:\n  b:\n    image: alpine:3.20\n    privileged: true\n";
    let run = hullcheck(&["--format", "json", "--now", NOW, "-"], Some(compose));
    let report = json(&run);
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CFG001")
        .expect("the second document's privileged service");
    assert_eq!(privileged["location"]["source"], "stdin#2");
    assert_eq!(
        privileged["location"]["line"], 8,
        "line 4 of the second document"
    );
}
