//! No secret value a document carries ever reaches a report: canary secrets go in through every
//! input kind that can hold one, and no renderer's output contains any of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use hullcheck::document::ComposeOptions;
use hullcheck::{Bundle, Engine, Format, Policy, Timestamp};

/// A canary per place, so a leak names where it came from. Each looks like an AWS access key
/// id (a recognised credential format) and sits under a secret-looking name, so the secret
/// rules fire on it and must describe it without quoting it.
fn canary(n: u32) -> String {
    format!("AKIACANARY{n:010}")
}

/// The places, with the canary numbers they use.
fn documents() -> (Vec<(&'static str, String)>, String, String) {
    let container = format!(
        r#"{{
  "Id": "c0ffee", "Name": "/leaky",
  "Args": ["--db-password={c1}", "--token", "{c2}"],
  "Config": {{
    "Image": "registry.example.com/app:1",
    "Env": ["DB_PASSWORD={c3}", "API_TOKEN=Bearer {c4}", "PLAIN={c5}"],
    "Labels": {{"com.example.api_token": "{c6}", "note": "{c7}"}},
    "Cmd": ["app", "--password={c8}"]
  }},
  "HostConfig": {{"Privileged": true}}
}}"#,
        c1 = canary(1),
        c2 = canary(2),
        c3 = canary(3),
        c4 = canary(4),
        c5 = canary(5),
        c6 = canary(6),
        c7 = canary(7),
        c8 = canary(8),
    );
    let image = format!(
        r#"{{
  "Id": "sha256:1111", "RepoTags": ["app:1"],
  "Config": {{"Env": ["AWS_SECRET_ACCESS_KEY={c11}", "X={c12}"], "Labels": {{"secret": "{c13}"}}}},
  "History": [
    {{"created_by": "/bin/sh -c #(nop) ADD file:abc in / "}},
    {{"created_by": "|2 NPM_TOKEN={c14} OTHER={c15} /bin/sh -c npm ci"}},
    {{"created_by": "RUN /bin/sh -c export API_KEY={c16} && make # buildkit"}},
    {{"created_by": "ENV DB_PASSWORD={c17}", "empty_layer": true}}
  ]
}}"#,
        c11 = canary(11),
        c12 = canary(12),
        c13 = canary(13),
        c14 = canary(14),
        c15 = canary(15),
        c16 = canary(16),
        c17 = canary(17),
    );
    let dockerfile = format!(
        "FROM alpine:3.20\nARG NPM_TOKEN={c21}\nENV DB_PASSWORD={c22} PLAIN={c23}\n\
         RUN export GITHUB_TOKEN={c24} && echo {c25}\nLABEL api_token=\"{c26}\"\n\
         USER app\nCMD [\"app\", \"--password={c27}\"]\n",
        c21 = canary(21),
        c22 = canary(22),
        c23 = canary(23),
        c24 = canary(24),
        c25 = canary(25),
        c26 = canary(26),
        c27 = canary(27),
    );
    let compose = format!(
        "services:\n  web:\n    image: nginx\n    privileged: true\n    environment:\n      \
         DB_PASSWORD: {c31}\n      PLAIN: {c32}\n    labels:\n      api_token: {c33}\n    \
         command: [\"--password={c34}\"]\n  worker:\n    image: nginx\n    environment:\n      \
         - API_TOKEN=${{TOKEN}}\n    build:\n      context: .\n      args:\n        \
         NPM_TOKEN: {c35}\n",
        c31 = canary(31),
        c32 = canary(32),
        c33 = canary(33),
        c34 = canary(34),
        c35 = canary(35),
    );
    // A live engine's exec sessions and process lists carry command lines.
    let exec = format!(
        r#"{{"ID": "e1", "ContainerID": "c0ffee", "Running": true,
  "ProcessConfig": {{"privileged": true, "user": "root", "entrypoint": "mysql", "arguments": ["--password={c41}"]}}}}"#,
        c41 = canary(41),
    );
    let top = format!(
        r#"{{"ContainerID": "c0ffee", "Titles": ["UID", "PID", "CMD"],
  "Processes": [["root", "1", "/usr/sbin/sshd -D -o Token={c42}"], ["app", "7", "app --api-token {c43}"]]}}"#,
        c42 = canary(42),
        c43 = canary(43),
    );
    // The client environment a host collector passes: content trust passphrases are secrets.
    let host_facts = format!(
        r#"{{
  "hostname": "node1",
  "environment": {{
    "DOCKER_CONTENT_TRUST": "0",
    "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE": "{c44}",
    "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE": "{c45}"
  }},
  "groups": [{{"name": "docker", "gid": 998, "members": ["alice"]}}],
  "mounts": [{{"mount_point": "/", "source": "/dev/vda1", "fstype": "ext4"}}]
}}"#,
        c44 = canary(44),
        c45 = canary(45),
    );
    (
        vec![
            ("container.json", container),
            ("image.json", image),
            ("exec.json", exec),
            ("top.json", top),
            ("host-facts.json", host_facts),
        ],
        dockerfile,
        compose,
    )
}

const USED: &[u32] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 31, 32, 33, 34,
    35, 36, 41, 42, 43, 44, 45,
];

#[test]
fn no_canary_reaches_any_output() {
    let (json, dockerfile, compose) = documents();
    let mut bundle = Bundle::new();
    for (name, text) in &json {
        bundle.add_json(name, text).unwrap();
    }
    bundle.add_dockerfile("Dockerfile", &dockerfile).unwrap();
    let options = ComposeOptions::with_variables([("TOKEN", canary(36))]);
    bundle
        .add_compose("compose.yaml", &compose, &options)
        .unwrap();
    let policy = Policy::parse(r#"{"extends": "strict"}"#).unwrap();
    let engine = Engine::new(&policy).unwrap();
    let report = engine.evaluate(&bundle, Timestamp::parse("2026-01-01T00:00:00Z").ok());

    // The exec and process rules read the live documents, so their findings had the chance to
    // quote them.
    for (code, source) in [
        ("CFG036", "exec.json"),
        ("CFG037", "exec.json"),
        ("MON003", "top.json"),
    ] {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.code == code && f.location.source == source),
            "{code} found nothing in {source}"
        );
    }

    // The secret rule saw every kind, so the outputs below had the chance to leak.
    let secret_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "IMG002")
        .map(|f| f.location.source.clone())
        .collect();
    for source in ["container.json", "image.json", "Dockerfile", "compose.yaml"] {
        assert!(
            secret_findings.iter().any(|s| s == source),
            "IMG002 found nothing in {source}: {secret_findings:?}"
        );
    }
    // The content trust rule read the environment that holds the passphrases.
    assert!(
        report.findings.iter().any(|f| f.code == "CFG075"),
        "CFG075 found nothing in host-facts.json"
    );

    let mut outputs: Vec<(String, String)> = Format::ALL
        .iter()
        .map(|f| (format!("{f:?}"), report.render(*f)))
        .collect();
    outputs.push(("to_json".into(), report.to_json()));
    outputs.push(("Debug".into(), format!("{report:?}")));
    for (format, text) in &outputs {
        assert!(!text.is_empty(), "{format} rendered nothing");
        for n in USED {
            let secret = canary(*n);
            assert!(
                !text.contains(&secret),
                "canary {n} leaked into the {format} output"
            );
            // Nor its distinctive tail, in case a renderer cuts or escapes the value.
            assert!(
                !text.contains(&secret[4..]),
                "part of canary {n} leaked into the {format} output"
            );
        }
    }
}
