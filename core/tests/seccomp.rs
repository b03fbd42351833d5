//! Seccomp profiles: parsing, the embedded Docker default, generation from observed syscalls.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use std::collections::BTreeSet;

use hullcheck::seccomp::{self, GenerateOptions, SeccompProfile};
use hullcheck::{Bundle, DocumentKind, Engine, OutcomeStatus};

fn failing(bundle: &Bundle) -> BTreeSet<String> {
    Engine::default()
        .evaluate(bundle, None)
        .outcomes
        .iter()
        .filter(|o| o.status == OutcomeStatus::Fail)
        .map(|o| o.code.to_string())
        .collect()
}

#[test]
fn docker_default_is_embedded_and_parses() {
    let profile = seccomp::docker_default();
    assert_eq!(profile.default_action, "SCMP_ACT_ERRNO");
    assert!(profile.unconditionally_allowed().len() > 300);
    assert!(profile.allows_freely("read"));
    assert!(!profile.allows_freely("mount"), "mount needs CAP_SYS_ADMIN");
    assert!(!profile.allows_freely("kexec_load"));
    assert!(profile.architecture_names().contains("SCMP_ARCH_X86_64"));
    // The embedded copy is the corpus file, byte for byte.
    let corpus = common::read(
        &common::repo_root().join("tests/corpus/seccomp/moby_profiles_seccomp_default.json"),
    );
    assert_eq!(corpus, seccomp::DOCKER_DEFAULT_JSON);
}

#[test]
fn docker_default_profiles_pass_every_seccomp_rule() {
    for name in [
        "moby_profiles_seccomp_default.json",
        "moby_profiles_seccomp_v0.2.3_default_vendored.json",
    ] {
        let text = common::read(&common::repo_root().join("tests/corpus/seccomp").join(name));
        let bundle = Bundle::from_json(&text).unwrap();
        assert!(bundle.has(DocumentKind::SeccompProfile));
        assert_eq!(bundle.seccomp_profiles().len(), 1);
        assert!(
            failing(&bundle).is_empty(),
            "{name}: {:?}",
            failing(&bundle)
        );
    }
}

#[test]
fn generated_profile_is_a_docker_profile_that_allows_exactly_the_list() {
    let list = [
        "read",
        "write",
        "openat",
        "close",
        "fstat",
        "mmap",
        "brk",
        "exit_group",
    ];
    let options = GenerateOptions {
        runtime_essentials: false,
        ..GenerateOptions::default()
    };
    let profile = seccomp::generate(list, &options);
    let docker = profile.to_docker_json();
    // Docker's shape: a default action, architectures, and entries of names with an action.
    assert_eq!(docker["defaultAction"], "SCMP_ACT_ERRNO");
    assert_eq!(docker["defaultErrnoRet"], 1);
    assert_eq!(docker["architectures"][0], "SCMP_ARCH_X86_64");
    for entry in docker["syscalls"].as_array().unwrap() {
        assert!(entry["names"].is_array());
        assert_eq!(entry["action"], "SCMP_ACT_ALLOW");
    }
    // Read back by hullcheck as a document of its own: exactly the list is allowed.
    let text = serde_json::to_string_pretty(&docker).unwrap();
    assert_eq!(
        hullcheck::detect_kind(&text).unwrap(),
        DocumentKind::SeccompProfile
    );
    let reread = SeccompProfile::from_json(&text).unwrap();
    let expected: BTreeSet<String> = list.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(reread.unconditionally_allowed(), expected);
    for name in ["execve", "mount", "ptrace", "socket"] {
        assert!(!reread.allows_freely(name), "{name} must not be allowed");
    }
    // It passes every seccomp audit rule.
    let bundle = Bundle::from_json(&text).unwrap();
    assert!(failing(&bundle).is_empty(), "{:?}", failing(&bundle));
}

#[cfg(feature = "oci")]
#[test]
fn generated_profile_converts_to_an_oci_linux_seccomp() {
    let profile = seccomp::generate(["read", "write"], &GenerateOptions::default());
    let oci = profile.to_oci().unwrap();
    assert_eq!(oci.architectures().as_ref().map(Vec::len), Some(3));
    let names: BTreeSet<String> = oci
        .syscalls()
        .iter()
        .flatten()
        .flat_map(|s| s.names().clone())
        .collect();
    assert!(names.contains("read") && names.contains("execve"));
    // The OCI object, inlined into a runtime config, is read back as the container's profile.
    let config = serde_json::json!({
        "ociVersion": "1.0.2",
        "process": {"user": {"uid": 1000, "gid": 1000}, "cwd": "/", "args": ["app"]},
        "root": {"path": "rootfs"},
        "linux": {"namespaces": [{"type": "pid"}], "seccomp": profile.to_oci_json()}
    });
    let bundle = Bundle::from_json(&config.to_string()).unwrap();
    assert_eq!(bundle.seccomp_profiles().len(), 1);
    assert!(bundle.seccomp_profiles()[0].inline);
}

#[test]
fn diff_against_docker_default() {
    let profile = seccomp::generate(
        ["read", "kexec_load", "bpf"],
        &GenerateOptions {
            runtime_essentials: false,
            ..GenerateOptions::default()
        },
    );
    let diff = seccomp::diff(&profile, seccomp::docker_default());
    assert_eq!(diff.added, ["kexec_load"]);
    assert_eq!(diff.widened, ["bpf"]);
    assert_eq!(diff.common, ["read"]);
    assert!(diff.removed.contains(&"write".to_owned()));
}

#[test]
fn generate_from_trace_reads_strace_output() {
    let trace = "\
execve(\"/bin/true\", [\"true\"], 0x7ffd /* 20 vars */) = 0
brk(NULL)                               = 0x55d0c0a4e000
openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
exit_group(0)                           = ?
+++ exited with 0 +++
";
    let generated = seccomp::generate_from_trace(trace, &GenerateOptions::default());
    let observed: Vec<&str> = generated
        .observed
        .syscalls
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(observed, ["brk", "execve", "exit_group", "openat"]);
    assert!(generated.observed.skipped_lines.is_empty());
    assert_eq!(generated.docker["defaultAction"], "SCMP_ACT_ERRNO");
    assert_eq!(generated.oci["syscalls"][0]["action"], "SCMP_ACT_ALLOW");
    assert!(generated.diff.added.is_empty());
}

#[test]
fn inline_profiles_in_compose_point_at_the_security_option() {
    let profile = r#"{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"]}"#;
    let text = format!(
        "services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges\n      - 'seccomp={profile}'\n"
    );
    let report = hullcheck::evaluate(&text).unwrap();
    let finding = report.findings.iter().find(|f| f.code == "CFG100").unwrap();
    assert_eq!(finding.location.line, Some(6));
    assert_eq!(finding.location.column, Some(9));
    assert_eq!(finding.subject.name, "web (inline seccomp)");
}

#[test]
fn malformed_profiles_are_errors() {
    for text in [
        r#"{"defaultAction": 3}"#,
        r#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {"names": []}}"#,
        r#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": "read", "action": "SCMP_ACT_ALLOW"}]}"#,
    ] {
        let err = Bundle::from_json(text).unwrap_err();
        assert_eq!(err.kind().as_str(), "invalid_input", "{text}");
        assert!(err.pointer().is_some(), "{text}: {err}");
    }
}
