//! Compose files: services become containers with positions, interpolation is resolved or
//! reported, and a compose service judges the same as the `docker inspect` of the container it
//! would create.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeSet;

use hullcheck::document::ComposeOptions;
use hullcheck::{Bundle, DocumentKind, Engine, OutcomeStatus};

fn failing_codes(bundle: &Bundle) -> BTreeSet<String> {
    let report = Engine::default().evaluate(bundle, None);
    report
        .outcomes
        .iter()
        .filter(|o| o.status == OutcomeStatus::Fail)
        .map(|o| o.code.to_string())
        .collect()
}

fn missing_input_codes(bundle: &Bundle) -> BTreeSet<String> {
    let report = Engine::default().evaluate(bundle, None);
    report
        .outcomes
        .iter()
        .filter(|o| o.status == OutcomeStatus::MissingInput)
        .map(|o| o.code.to_string())
        .collect()
}

#[test]
fn paired_compose_and_inspect_fixtures_fail_the_same_rules() {
    let dir = common::tests_dir().join("fixtures/paired");
    let pairs = common::files_in(&dir, "yaml");
    assert!(
        pairs.len() >= 3,
        "expected paired fixtures in {}",
        dir.display()
    );
    let mut any_failure = false;
    for compose_path in pairs {
        let stem = compose_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".compose.yaml")
            .to_owned();
        let inspect_path = dir.join(format!("{stem}.inspect.json"));
        // A `<stem>.seccomp.json` beside the pair is the profile the compose file names as
        // `./seccomp.json`.
        let mut options = ComposeOptions::default();
        let profile = dir.join(format!("{stem}.seccomp.json"));
        if profile.exists() {
            options
                .files
                .insert("./seccomp.json".to_owned(), common::read(&profile));
        }
        let mut from_compose = Bundle::new();
        let n = from_compose
            .add_compose("compose.yaml", &common::read(&compose_path), &options)
            .unwrap();
        assert_eq!(n, 1, "{stem}: one service per paired fixture");
        let mut from_inspect = Bundle::new();
        from_inspect
            .add_json("inspect.json", &common::read(&inspect_path))
            .unwrap();
        assert_eq!(
            from_compose.seccomp_profiles().len(),
            from_inspect.seccomp_profiles().len(),
            "{stem}: inline seccomp profiles"
        );
        // What a service leaves to its image (its user, its health check) is decided by the
        // image, which the pair does not hold: the engine merged it into the inspect document.
        let inspect_undecided = missing_input_codes(&from_inspect);
        let undecided: BTreeSet<String> = missing_input_codes(&from_compose)
            .into_iter()
            .filter(|c| !inspect_undecided.contains(c))
            .collect();
        assert!(
            undecided.iter().all(|c| c == "IMG001" || c == "MON001"),
            "{stem}: compose leaves {undecided:?} undecided"
        );
        let a = failing_codes(&from_compose);
        let b: BTreeSet<String> = failing_codes(&from_inspect)
            .into_iter()
            .filter(|c| !undecided.contains(c))
            .collect();
        any_failure |= !a.is_empty();
        assert_eq!(
            a, b,
            "{stem}: compose fails {a:?}, its docker inspect fails {b:?}"
        );
    }
    assert!(any_failure, "no paired fixture fails any rule");
}

#[test]
fn compose_findings_point_at_the_key() {
    let text = "services:\n  web:\n    image: nginx\n    privileged: true\n";
    let report = hullcheck::evaluate(text).unwrap();
    let finding = report.findings.iter().find(|f| f.code == "CFG001").unwrap();
    assert_eq!(finding.location.line, Some(4));
    assert_eq!(finding.location.column, Some(5));
    assert_eq!(finding.location.pointer, None);
    assert_eq!(finding.subject.name, "web");
}

#[test]
fn compose_text_is_detected_and_recorded_as_compose() {
    let text = "services:\n  a:\n    image: x\n  b:\n    image: y\n";
    assert_eq!(hullcheck::detect_kind(text).unwrap(), DocumentKind::Compose);
    let mut bundle = Bundle::new();
    assert_eq!(bundle.add_json("c.yaml", text).unwrap(), 2);
    assert!(bundle.has(DocumentKind::Compose));
    assert!(!bundle.has(DocumentKind::Container));
    let json = r#"{"services": {"a": {"image": "x", "privileged": true}}}"#;
    assert_eq!(hullcheck::detect_kind(json).unwrap(), DocumentKind::Compose);
    let report = hullcheck::evaluate(json).unwrap();
    assert!(report.findings.iter().any(|f| f.code == "CFG001"));
}

#[test]
fn legacy_v1_layout_reads_services_at_the_top_level() {
    let text = "web:\n  image: nginx\n  privileged: true\ndb:\n  image: postgres\n";
    assert_eq!(hullcheck::detect_kind(text).unwrap(), DocumentKind::Compose);
    let bundle = Bundle::from_json(text).unwrap();
    let names: Vec<&str> = bundle
        .containers()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["web", "db"]);
}

#[test]
fn interpolation_uses_caller_variables() {
    let text = "services:\n  web:\n    image: ${IMAGE:-nginx}:${TAG}\n    privileged: ${PRIV}\n    user: $${literal}\n";
    let mut bundle = Bundle::new();
    let options = ComposeOptions::with_variables([("TAG", "1.27"), ("PRIV", "true")]);
    bundle.add_compose("c.yaml", text, &options).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(c.config.image, "nginx:1.27");
    assert!(c.host_config.privileged);
    assert_eq!(c.config.user, "${literal}");
    assert!(c.unresolved_variables.is_empty());
}

#[test]
fn unresolved_variables_are_recorded_with_their_position() {
    let text = "services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      - KEY=${SECRET:?set SECRET}\n";
    let mut bundle = Bundle::new();
    bundle
        .add_compose("c.yaml", text, &ComposeOptions::default())
        .unwrap();
    let c = &bundle.containers()[0];
    let names: Vec<&str> = c
        .unresolved_variables
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names, ["TAG", "SECRET"]);
    assert_eq!(c.unresolved_variables[0].key, "services.web.image");
    assert_eq!(
        c.unresolved_variables[1].required.as_deref(),
        Some("set SECRET")
    );
    assert_eq!(
        c.config.image, "nginx:",
        "compose substitutes the empty string"
    );
    let at = c.origin.locate("/UnresolvedVariables/1");
    assert_eq!((at.line, at.column), (Some(5), Some(9)));
}

#[test]
fn service_fields_fill_the_engine_model() {
    let text = r#"
services:
  app:
    image: app:1
    cap_add: [SYS_ADMIN]
    cap_drop: [ALL]
    read_only: yes
    mem_limit: 512m
    pids_limit: 100
    restart: on-failure:4
    healthcheck:
      disable: true
    environment:
      A: "1"
      B:
    ports:
      - "127.0.0.1:8080:80"
      - target: 443
        published: "8443"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: /srv
        target: /srv
        bind:
          propagation: rshared
    devices:
      - /dev/fuse
    logging:
      driver: syslog
    ulimits:
      nproc: 65535
"#;
    let bundle = Bundle::from_json(text).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(c.host_config.cap_add, ["SYS_ADMIN"]);
    assert_eq!(c.host_config.readonly_rootfs, Some(true));
    assert_eq!(c.host_config.memory, Some(512 * 1024 * 1024));
    assert_eq!(c.host_config.pids_limit, Some(100));
    assert_eq!(c.host_config.restart_policy.name, "on-failure");
    assert_eq!(c.host_config.restart_policy.maximum_retry_count, 4);
    assert!(c.config.healthcheck.as_ref().unwrap().is_disabled());
    assert_eq!(
        c.config.env,
        ["A=1"],
        "B is unset and no variable supplies it"
    );
    let ports: Vec<_> = c
        .published_ports()
        .map(|p| {
            (
                p.container_port,
                p.binding.host_ip.as_str(),
                p.binding.host_port.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ports,
        [("443/tcp", "", "8443"), ("80/tcp", "127.0.0.1", "8080")]
    );
    assert_eq!(c.mounts.len(), 2);
    assert_eq!(c.mounts[0].source, "/var/run/docker.sock");
    assert!(!c.mounts[0].rw);
    assert_eq!(c.mounts[1].propagation, "rshared");
    assert_eq!(c.host_config.devices[0].path_in_container, "/dev/fuse");
    assert_eq!(c.host_config.log_config.r#type, "syslog");
    assert_eq!(c.host_config.ulimits[0].hard, 65535);
    assert_eq!(c.origin.locate("/Mounts/1").line, Some(22));
}

#[test]
fn malformed_compose_is_an_error_with_a_position() {
    for text in [
        "services:\n  web: [unclosed\n",
        "services:\n  web: just-a-string\n",
        "services: 3\n",
        "services:\n  web:\n    image: &a [*a]\n",
    ] {
        let err = Bundle::from_json(text).unwrap_err();
        assert_eq!(err.kind().as_str(), "invalid_input", "{text}");
    }
}

#[test]
fn lone_scalars_network_modes_and_expose_ranges() {
    let text = "services:\n  a:\n    image: x\n    ports: \"8080:80\"\n    network_mode: host\n    expose: [\"7000-7002/udp\"]\n  b:\n    image: y\n    network_mode: \"service:a\"\n";
    let bundle = Bundle::from_json(text).unwrap();
    let a = &bundle.containers()[0];
    assert_eq!(a.published_ports().count(), 1);
    assert_eq!(a.network_settings.networks, ["host"]);
    assert!(a.config.exposed_ports.contains(&"7002/udp".to_owned()));
    let b = &bundle.containers()[1];
    assert_eq!(b.host_config.network_mode, "service:a");
    assert!(b.network_settings.networks.is_empty());
}

#[test]
fn truncated_and_garbled_documents_never_panic() {
    let mut checked = 0;
    for kind in ["compose", "oci-runtime", "seccomp"] {
        let dir = common::repo_root().join("tests/corpus").join(kind);
        let mut files = common::files_in(&dir, "yml");
        files.extend(common::files_in(&dir, "yaml"));
        files.extend(common::files_in(&dir, "json"));
        for path in files {
            let text = common::read(&path);
            let step = (text.len() / 40).max(1);
            for cut in (0..text.len()).step_by(step) {
                let Some(head) = text.get(..cut) else {
                    continue;
                };
                // Errors are fine; panics are not.
                let _ = Bundle::from_json(head);
                let _ = Bundle::new().add_compose("x", head, &ComposeOptions::default());
                checked += 1;
            }
            let flipped: String = text
                .chars()
                .map(|c| match c {
                    ':' => '{',
                    '-' => '[',
                    '"' => '\'',
                    other => other,
                })
                .collect();
            let _ = Bundle::from_json(&flipped);
        }
    }
    assert!(checked > 500);
}

#[test]
fn large_ranges_and_maps_stay_bounded() {
    let mut text = String::from("services:\n  big:\n    image: x\n    ports:\n");
    text.push_str("      - \"1-65535:1-65535\"\n      - \"1-65535:1-65535/udp\"\n");
    text.push_str("    expose: [\"1-65535\"]\n    labels:\n");
    for i in 0..20_000 {
        text = text + "      l" + &i.to_string() + ": v\n";
    }
    let bundle = Bundle::from_json(&text).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(c.published_ports().count(), 2 * 65_535);
    assert_eq!(c.config.exposed_ports.len(), 2 * 65_535, "tcp and udp");
    assert_eq!(c.config.labels.len(), 20_000);
}

#[test]
fn port_ranges_past_the_file_budget_are_a_limit_error() {
    // Three short lines would expand to 196,605 bindings (and twice as many findings).
    let mut text = String::from("services:\n");
    for i in 0..3 {
        text = text + "  s" + &i.to_string() + ":\n    image: x\n    ports: [\"1-65535\"]\n";
    }
    // The same for `expose`, whose protocol may be any word.
    let expose = format!(
        "services:\n  s:\n    image: x\n    expose: [{}]\n",
        ["a", "b", "c"]
            .map(|p| format!("\"1-65535/{p}\""))
            .join(", ")
    );
    assert!(matches!(
        Bundle::from_json(&expose),
        Err(hullcheck::Error::LimitExceeded { .. })
    ));
    match Bundle::from_json(&text) {
        Err(hullcheck::Error::LimitExceeded {
            limit,
            max,
            source_name,
            ..
        }) => {
            assert_eq!(limit, hullcheck::Limit::Items);
            assert_eq!(max, hullcheck::document::MAX_PORT_BINDINGS);
            assert_eq!(source_name.as_deref(), Some("input"));
        }
        other => panic!("expected a limit error, got {other:?}"),
    }
}

#[test]
fn env_files_supplied_by_the_caller_are_read() {
    let text = "services:\n  db:\n    image: postgres:16\n    env_file:\n      - ./db.env\n      - path: ./missing.env\n        required: false\n    environment:\n      POSTGRES_DB: shop\n";
    let mut options = ComposeOptions::with_variables([("FROM_SHELL", "s")]);
    options.files.insert(
        "./db.env".to_owned(),
        "# database\nPOSTGRES_PASSWORD=\"hunter2\"\nexport POSTGRES_USER=shop # inline comment\nPOSTGRES_DB=ignored\nFROM_SHELL\nHOST=${DB_HOST}\n".to_owned(),
    );
    let mut bundle = Bundle::new();
    bundle.add_compose("compose.yaml", text, &options).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(
        c.config.env,
        [
            "POSTGRES_DB=shop",
            "FROM_SHELL=s",
            "HOST=",
            "POSTGRES_PASSWORD=hunter2",
            "POSTGRES_USER=shop"
        ]
    );
    assert_eq!(c.unresolved_variables.len(), 1);
    assert_eq!(c.unresolved_variables[0].key, "./db.env:6");
    assert_eq!(c.origin.locate("/Config/Env/3").line, Some(5));
}

#[test]
fn extends_merges_the_base_service() {
    let text = "\
x-note: shared
services:
  base:
    image: app:1
    cap_add: [NET_ADMIN]
    environment:
      A: base
      B: base
    privileged: true
  web:
    extends: base
    cap_add: [SYS_TIME]
    environment:
      B: web
    privileged: false
  worker:
    extends:
      file: common.yaml
      service: job
  loop:
    extends: loop
";
    let err = Bundle::from_json(text).unwrap_err();
    assert!(err.to_string().contains("extends"), "{err}");
    let text = text.replace("  loop:\n    extends: loop\n", "");
    let mut options = ComposeOptions::default();
    options.files.insert(
        "common.yaml".to_owned(),
        "services:\n  job:\n    image: job:2\n    pid: host\n".to_owned(),
    );
    let mut bundle = Bundle::new();
    bundle.add_compose("compose.yaml", &text, &options).unwrap();
    let web = &bundle.containers()[1];
    assert_eq!(web.config.image, "app:1");
    assert_eq!(web.host_config.cap_add, ["NET_ADMIN", "SYS_TIME"]);
    assert!(!web.host_config.privileged);
    assert!(web.config.env.contains(&"A=base".to_owned()));
    assert!(web.config.env.contains(&"B=web".to_owned()));
    // An inherited key points at the base service's line.
    assert_eq!(web.origin.locate("/Config/Image").line, Some(4));
    let worker = &bundle.containers()[2];
    assert_eq!(worker.host_config.pid_mode, "host");
    assert_eq!(worker.origin.locate("/HostConfig/PidMode").line, Some(17));
    // Without the file, the service is judged as written.
    let plain = Bundle::from_json(&text).unwrap();
    assert_eq!(plain.containers()[2].host_config.pid_mode, "");
}

#[test]
fn document_markers_before_the_first_key() {
    let text = "%YAML 1.2\n---\n# app\nservices:\n  web:\n    image: nginx\n    privileged: true\n";
    assert_eq!(hullcheck::detect_kind(text).unwrap(), DocumentKind::Compose);
    let report = hullcheck::evaluate(text).unwrap();
    let finding = report.findings.iter().find(|f| f.code == "CFG001").unwrap();
    assert_eq!(finding.location.line, Some(7));
}
