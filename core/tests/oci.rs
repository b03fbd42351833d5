//! OCI runtime configs become container subjects.
#![cfg(feature = "oci")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use hullcheck::{Bundle, DocumentKind};

fn corpus(name: &str) -> String {
    common::read(
        &common::repo_root()
            .join("tests/corpus/oci-runtime")
            .join(name),
    )
}

#[test]
fn runc_spec_defaults_map_to_the_engine_model() {
    let bundle =
        Bundle::from_json(&corpus("runc_spec_bundle_readonly_root_nokute78.json")).unwrap();
    assert!(bundle.has(DocumentKind::OciRuntime));
    let c = &bundle.containers()[0];
    assert_eq!(c.config.user, "0:0");
    assert_eq!(c.host_config.readonly_rootfs, Some(true));
    // `runc spec` keeps AUDIT_WRITE, KILL and NET_BIND_SERVICE only.
    assert!(c.host_config.cap_add.is_empty());
    assert!(
        c.host_config
            .cap_drop
            .as_deref()
            .unwrap_or_default()
            .contains(&"NET_RAW".to_owned())
    );
    assert!(
        !c.host_config
            .cap_drop
            .as_deref()
            .unwrap_or_default()
            .contains(&"KILL".to_owned())
    );
    assert!(
        c.host_config
            .security_opt
            .contains(&"seccomp=unconfined".to_owned())
    );
    // runc spec creates pid, network, ipc, uts and mount namespaces but no cgroup namespace.
    assert_eq!(c.host_config.pid_mode, "");
    assert_eq!(c.host_config.network_mode, "none");
    assert_eq!(c.host_config.cgroupns_mode, "host");
    assert!(
        c.host_config
            .masked_paths
            .as_ref()
            .is_some_and(|p| !p.is_empty())
    );
}

#[test]
fn full_linux_example_keeps_security_settings() {
    let bundle =
        Bundle::from_json(&corpus("runtime_spec_schema_test_spec_example_linux.json")).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(c.config.user, "1:1");
    assert_eq!(c.app_armor_profile, "acme_secure_profile");
    assert!(
        c.process_label
            .starts_with("system_u:system_r:svirt_lxc_net_t")
    );
    assert_eq!(c.host_config.security_opt[0], "no-new-privileges=true");
    let seccomp = c.security_options().find(|o| o.key == "seccomp").unwrap();
    let profile: serde_json::Value = serde_json::from_str(seccomp.value.unwrap()).unwrap();
    assert_eq!(profile["defaultAction"], "SCMP_ACT_ALLOW");
    assert_eq!(c.host_config.memory, Some(536_870_912));
    assert_eq!(c.host_config.pids_limit, Some(32771));
    assert_eq!(c.host_config.devices.len(), 2);
    assert_eq!(
        c.host_config.device_cgroup_rules,
        ["c 10:229 rw", "b 8:0 r"]
    );
    assert_eq!(c.host_config.ulimits[0].name, "core");
    let at = c.origin.locate("/HostConfig/SecurityOpt/0");
    assert_eq!(at.pointer, None);
    assert!(at.line.is_some_and(|l| l > 1));
}

#[test]
fn legacy_flat_capability_list_and_seccomp_entries_parse() {
    let bundle = Bundle::from_json(&corpus(
        "runtime_spec_v1.0.0-rc1_config_example_legacy_caps_list.json",
    ))
    .unwrap();
    let c = &bundle.containers()[0];
    assert!(
        c.host_config
            .cap_drop
            .as_deref()
            .unwrap_or_default()
            .contains(&"CHOWN".to_owned())
    );
    assert!(
        c.security_options()
            .any(|o| o.key == "seccomp" && o.value.is_some_and(|v| v.contains("getcwd")))
    );
}

#[test]
fn missing_user_namespace_and_host_namespaces() {
    let text = r#"{
  "ociVersion": "1.0.2",
  "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": ["sh"],
    "capabilities": {"bounding": ["CAP_SYS_ADMIN", "CAP_KILL"], "effective": ["CAP_SYS_ADMIN", "CAP_KILL"]}},
  "root": {"path": "rootfs"},
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/var/run/docker.sock", "type": "bind", "source": "/var/run/docker.sock", "options": ["rbind", "rshared"]}
  ],
  "linux": {"namespaces": [{"type": "mount"}, {"type": "pid", "path": "/proc/1/ns/pid"}]}
}"#;
    let bundle = Bundle::from_json(text).unwrap();
    let c = &bundle.containers()[0];
    assert_eq!(c.host_config.cap_add, ["SYS_ADMIN"]);
    assert_eq!(c.host_config.pid_mode, "host");
    assert_eq!(c.host_config.network_mode, "host");
    assert_eq!(c.host_config.ipc_mode, "host");
    assert_eq!(c.host_config.uts_mode, "host");
    assert_eq!(c.mounts.len(), 1);
    assert_eq!(c.mounts[0].source, "/var/run/docker.sock");
    assert_eq!(c.mounts[0].propagation, "rshared");
    assert!(c.mounts[0].rw);
    assert_eq!(c.origin.locate("/Mounts/0").line, Some(8));
    assert_eq!(c.origin.locate("/HostConfig/PidMode").line, Some(10));
}

#[test]
fn wrong_types_are_errors_with_pointers() {
    let err = Bundle::from_json(
        r#"{"ociVersion": "1.0.2", "process": {"user": {"uid": "root", "gid": 0}, "cwd": "/"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind().as_str(), "invalid_input");
    assert_eq!(err.pointer(), Some("/process/user/uid"));
}

#[test]
fn oci_seccomp_is_audited_with_positions() {
    let text = r#"{
  "ociVersion": "1.0.2",
  "process": {"user": {"uid": 1000, "gid": 1000}, "cwd": "/", "args": ["app"]},
  "root": {"path": "rootfs", "readonly": true},
  "linux": {
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}],
    "seccomp": {"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"]}
  }
}"#;
    let report = hullcheck::evaluate(text).unwrap();
    let finding = report.findings.iter().find(|f| f.code == "CFG100").unwrap();
    assert_eq!(finding.location.line, Some(7));
    assert_eq!(finding.location.column, Some(5));
}
