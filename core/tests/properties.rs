//! Properties of evaluation over generated container documents (the fields the container rules
//! read, in every combination proptest picks): evaluation is deterministic across runs and
//! threads, a waiver never adds a finding, the JSON report round-trips through the serde types,
//! and every finding's pointer resolves in its source document.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]

use std::collections::BTreeSet;

use hullcheck::{Bundle, Engine, Format, Policy, Report, Timestamp};
use proptest::prelude::*;
use proptest::sample::subsequence;
use serde_json::{Value, json};

fn security() -> impl Strategy<
    Value = (
        bool,
        Vec<&'static str>,
        Vec<&'static str>,
        Vec<&'static str>,
    ),
> {
    (
        any::<bool>(),
        subsequence(
            vec![
                "ALL",
                "SYS_ADMIN",
                "NET_ADMIN",
                "NET_RAW",
                "CHOWN",
                "cap_sys_module",
            ],
            0..=3,
        ),
        subsequence(vec!["ALL", "NET_RAW", "MKNOD"], 0..=2),
        subsequence(
            vec![
                "no-new-privileges",
                "no-new-privileges:true",
                "seccomp=unconfined",
                "apparmor=unconfined",
                "apparmor=docker-default",
                "label=disable",
                "systempaths=unconfined",
            ],
            0..=3,
        ),
    )
}

fn namespaces() -> impl Strategy<Value = (&'static str, &'static str, &'static str, &'static str)> {
    (
        prop_oneof![
            Just("default"),
            Just("host"),
            Just("bridge"),
            Just("container:db")
        ],
        prop_oneof![Just(""), Just("host")],
        prop_oneof![Just(""), Just("host"), Just("private")],
        prop_oneof![Just(""), Just("host")],
    )
}

fn resources() -> impl Strategy<Value = (bool, i64, Value, &'static str, u32, u32)> {
    (
        any::<bool>(),
        prop_oneof![Just(0_i64), Just(256 << 20), Just(1 << 30)],
        prop_oneof![
            Just(Value::Null),
            Just(json!(0)),
            Just(json!(-1)),
            Just(json!(100))
        ],
        prop_oneof![
            Just("no"),
            Just("always"),
            Just("on-failure"),
            Just("unless-stopped")
        ],
        0_u32..10,
        0_u32..2048,
    )
}

fn runtime() -> impl Strategy<
    Value = (
        &'static str,
        Vec<&'static str>,
        Vec<&'static str>,
        Vec<u16>,
        &'static str,
    ),
> {
    (
        prop_oneof![
            Just(""),
            Just("root"),
            Just("0"),
            Just("1000"),
            Just("app:app")
        ],
        subsequence(
            vec![
                "/var/run/docker.sock:/var/run/docker.sock",
                "/etc:/host/etc:ro",
                "/data:/data",
                "/:/host",
                "/proc:/host/proc:rshared",
            ],
            0..=2,
        ),
        subsequence(
            vec![
                "PATH=/usr/bin",
                "DB_PASSWORD=hunter2",
                "TOKEN_URL=http://x",
                "DB_PASSWORD_FILE=/run/secrets/db",
                "API_KEY=",
            ],
            0..=3,
        ),
        subsequence(vec![22_u16, 80, 443, 8080], 0..=2),
        prop_oneof![Just("0.0.0.0"), Just(""), Just("127.0.0.1")],
    )
}

/// One container document in `docker inspect` form.
fn container(index: usize) -> impl Strategy<Value = Value> {
    (security(), namespaces(), resources(), runtime()).prop_map(
        move |(
            (privileged, cap_add, cap_drop, security_opt),
            (network, pid, ipc, uts),
            (read_only, memory, pids, restart, retries, cpu_shares),
            (user, binds, env, ports, host_ip),
        )| {
            let mut bindings = serde_json::Map::new();
            for port in &ports {
                bindings.insert(
                    format!("{port}/tcp"),
                    json!([{"HostIp": host_ip, "HostPort": port.to_string()}]),
                );
            }
            json!({
                "Id": format!("{index:064x}"),
                "Name": format!("/c{index}"),
                "Config": {
                    "Image": "registry.example.com/app:1",
                    "User": user,
                    "Env": env,
                    "Labels": {"app": "demo"},
                },
                "HostConfig": {
                    "Privileged": privileged,
                    "CapAdd": cap_add,
                    "CapDrop": cap_drop,
                    "SecurityOpt": security_opt,
                    "NetworkMode": network,
                    "PidMode": pid,
                    "IpcMode": ipc,
                    "UTSMode": uts,
                    "ReadonlyRootfs": read_only,
                    "Memory": memory,
                    "PidsLimit": pids,
                    "CpuShares": cpu_shares,
                    "RestartPolicy": {"Name": restart, "MaximumRetryCount": retries},
                    "Binds": binds,
                    "PortBindings": bindings,
                },
                "State": {"Running": true},
            })
        },
    )
}

/// A `docker inspect` array of one to three containers.
fn inspect() -> impl Strategy<Value = Value> {
    (
        container(0),
        proptest::option::of(container(1)),
        proptest::option::of(container(2)),
    )
        .prop_map(|(a, b, c)| Value::Array([Some(a), b, c].into_iter().flatten().collect()))
}

fn evaluate(policy: &str, document: &Value) -> Report {
    let engine = Engine::new(&Policy::parse(policy).unwrap()).unwrap();
    let bundle = Bundle::from_json(&document.to_string()).unwrap();
    engine.evaluate(&bundle, Timestamp::parse("2026-01-01T00:00:00Z").ok())
}

const STRICT: &str = r#"{"extends": "strict"}"#;

fn renderings(report: &Report) -> Vec<String> {
    Format::ALL.iter().map(|f| report.render(*f)).collect()
}

fn fingerprints(report: &Report) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .map(|f| f.fingerprint.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic_across_runs_and_threads(document in inspect()) {
        let first = renderings(&evaluate(STRICT, &document));
        prop_assert_eq!(&first, &renderings(&evaluate(STRICT, &document)));
        // One engine and bundle shared by two threads.
        let engine = Engine::new(&Policy::parse(STRICT).unwrap()).unwrap();
        let bundle = Bundle::from_json(&document.to_string()).unwrap();
        let now = Timestamp::parse("2026-01-01T00:00:00Z").ok();
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| renderings(&engine.evaluate(&bundle, now)));
            let b = s.spawn(|| renderings(&engine.evaluate(&bundle, now)));
            (a.join().unwrap(), b.join().unwrap())
        });
        prop_assert_eq!(&first, &a);
        prop_assert_eq!(&first, &b);
    }

    #[test]
    fn a_waiver_never_adds_a_finding(
        document in inspect(),
        rule in prop_oneof![
            Just("CFG"), Just("IMG002"), Just("privileged-container"), Just("CFG0"),
            Just("dangerous-capability"), Just("config"),
        ],
        subject in prop_oneof![Just(None), Just(Some("c0")), Just(Some("c*")), Just(Some("nothing"))],
    ) {
        let without = evaluate(STRICT, &document);
        let mut waiver = json!({"rule": rule, "reason": "accepted for the test"});
        if let Some(subject) = subject {
            waiver["subject"] = json!(subject);
        }
        let policy = json!({"extends": "strict", "waivers": [waiver]}).to_string();
        let with = evaluate(&policy, &document);
        let before = fingerprints(&without);
        let after = fingerprints(&with);
        prop_assert!(after.is_subset(&before), "a waiver added {:?}", after.difference(&before).collect::<Vec<_>>());
        // Waived findings move to `suppressed`; none disappears.
        let moved: BTreeSet<String> = with.suppressed.iter().map(|s| s.finding.fingerprint.clone()).collect();
        prop_assert_eq!(after.union(&moved).cloned().collect::<BTreeSet<_>>(), before);
        prop_assert!(with.passed || !without.passed);
    }

    #[test]
    fn json_reports_round_trip_through_the_serde_types(document in inspect()) {
        let report = evaluate(STRICT, &document);
        let json = report.to_json();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &report);
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn every_pointer_resolves_in_its_document(document in inspect()) {
        let report = evaluate(STRICT, &document);
        // Every generated container fails something under `strict`, so there is something to
        // resolve.
        prop_assert!(report.findings.iter().any(|f| f.location.pointer.is_some()));
        let located = report
            .findings
            .iter()
            .filter_map(|f| f.location.pointer.as_deref().map(|p| (f.code.clone(), p)));
        for (code, pointer) in located {
            prop_assert!(
                document.pointer(pointer).is_some(),
                "{} points at {} which is not in {}", code, pointer, document
            );
        }
    }
}

/// The waiver property is not vacuous: a privileged container's finding moves to `suppressed`.
#[test]
fn a_waiver_moves_a_finding() {
    let document = json!([{"Id": "a", "Name": "/c0", "HostConfig": {"Privileged": true}}]);
    let without = evaluate(STRICT, &document);
    let policy =
        json!({"extends": "strict", "waivers": [{"rule": "privileged-container", "reason": "r"}]});
    let with = evaluate(&policy.to_string(), &document);
    assert_eq!(with.findings.len() + 1, without.findings.len());
    assert_eq!(with.suppressed.len(), 1);
}
