//! OCI runtime `config.json` (runc, crun, youki, containerd bundles) read with the `oci-spec`
//! crate and normalised into the [`Container`] model, so the container rules judge it.
//!
//! What maps where:
//!
//! - `process.user` → `Config.User` (`uid:gid`); `process.args`/`env` → `Config.Cmd`/`Env`.
//! - `process.capabilities` (every set, or the pre-1.0 flat list) → `HostConfig.CapAdd` and
//!   `CapDrop` relative to Docker's default set, so the same capability rules apply.
//! - `process.noNewPrivileges: true` → `SecurityOpt` `no-new-privileges=true`.
//! - `process.apparmorProfile` → `AppArmorProfile`; `selinuxLabel` → `ProcessLabel`.
//! - A missing `linux.namespaces` entry means the host's namespace: `PidMode`, `NetworkMode`,
//!   `IpcMode`, `UTSMode`, `CgroupnsMode` become `host`, as they do for a namespace joined at
//!   `/proc/1/ns/*`; one joined at another path becomes `container:<path>`.
//! - `linux.seccomp` → `SecurityOpt` `seccomp=<profile JSON>` (what `docker inspect` shows for a
//!   custom profile); none at all → `seccomp=unconfined`.
//! - bind mounts → `Mounts[]` with `RW` and `Propagation` from their options.
//! - `root.readonly` → `ReadonlyRootfs`; `linux.resources` → `Memory`, `CpuShares`, `CpuQuota`,
//!   `CpusetCpus`, `PidsLimit`, `DeviceCgroupRules`; `linux.devices` → `Devices`;
//!   `maskedPaths`/`readonlyPaths` → `MaskedPaths`/`ReadonlyPaths`; `rlimits` → `Ulimits`.
//!
//! Findings point at the line and column of the OCI key the value came from.

use std::collections::{BTreeMap, BTreeSet};

use oci_spec::runtime::{LinuxNamespaceType, Spec};

use super::container::DOCKER_DEFAULT_CAPABILITIES;
use super::container::{Container, Device, MountPoint, Ulimit, normalize_capability};
use super::origin::Origin;
use super::yaml::{self, Node};
use crate::{Error, InputProblem};

/// Reads an OCI runtime config (JSON text) into a container.
pub(crate) fn oci_container(source: &str, text: &str) -> Result<Container, Error> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::from_json(&e))?;
    let tree = yaml::parse(text).ok().flatten();
    let mut container = from_value(&mut value)?;
    let positions = tree.map(|t| positions(&t, &value)).unwrap_or_default();
    container.origin = Origin {
        source: source.to_owned(),
        base_pointer: String::new(),
        positions,
    };
    Ok(container)
}

/// Reads an already-parsed OCI runtime config; findings carry Engine API paths (no text to
/// point into).
pub(crate) fn oci_container_from_value(
    source: &str,
    base: String,
    value: &serde_json::Value,
) -> Result<Container, Error> {
    let mut value = value.clone();
    let mut container = from_value(&mut value)?;
    container.origin = Origin::json(source, base);
    Ok(container)
}

fn from_value(value: &mut serde_json::Value) -> Result<Container, Error> {
    if !value.is_object() {
        return Err(Error::input(
            InputProblem::Type,
            format!(
                "an OCI runtime config is an object, found {}",
                super::kind::json_type_name(value)
            ),
        ));
    }
    // Pre-1.0 configs (runtime-spec v1.0.0-rc1 and older) list capabilities flat; the list
    // applied to every set.
    if let Some(caps) = value.pointer_mut("/process/capabilities")
        && caps.is_array()
    {
        let list = caps.take();
        *caps = serde_json::json!({
            "bounding": list, "effective": list, "permitted": list,
        });
    }
    // `process.user` and `cwd` are required on Linux but not on every platform (the FreeBSD
    // example of the runtime-spec has neither); oci-spec requires both. Fill them for parsing
    // and remember that the document did not name a user.
    let mut user_given = true;
    if let Some(process) = value
        .pointer_mut("/process")
        .and_then(|p| p.as_object_mut())
    {
        if !process.contains_key("user") {
            user_given = false;
            process.insert("user".to_owned(), serde_json::json!({"uid": 0, "gid": 0}));
        }
        process
            .entry("cwd")
            .or_insert_with(|| serde_json::Value::from("/"));
    }
    // The seccomp profile is read by hullcheck's own seccomp model (it also accepts the legacy
    // one-`name`-per-entry form oci-spec rejects), so it is taken out before oci-spec parses.
    let seccomp = value
        .pointer_mut("/linux/seccomp")
        .map(serde_json::Value::take);
    let spec: Spec = super::typed_from_value(value)?;
    let mut container = convert(&spec, seccomp.as_ref());
    if !user_given {
        container.config.user.clear();
    }
    Ok(container)
}

fn convert(spec: &Spec, seccomp: Option<&serde_json::Value>) -> Container {
    let mut c = Container {
        name: spec
            .hostname()
            .clone()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "oci-runtime".to_owned()),
        ..Container::default()
    };
    if let Some(annotations) = spec.annotations() {
        c.config.labels = annotations
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    }
    if let Some(root) = spec.root() {
        c.host_config.readonly_rootfs = Some(root.readonly().unwrap_or(false));
    }
    if let Some(process) = spec.process() {
        let user = process.user();
        c.config.user = match user.username() {
            Some(name) if !name.is_empty() => name.clone(),
            _ => format!("{}:{}", user.uid(), user.gid()),
        };
        if let Some(args) = process.args() {
            c.config.cmd.clone_from(args);
            c.path = args.first().cloned().unwrap_or_default();
            c.args = args.iter().skip(1).cloned().collect();
        }
        if let Some(env) = process.env() {
            c.config.env.clone_from(env);
        }
        if let Some(caps) = process.capabilities() {
            let mut granted: BTreeSet<String> = BTreeSet::new();
            for set in [caps.bounding(), caps.effective(), caps.permitted()]
                .into_iter()
                .flatten()
            {
                granted.extend(set.iter().map(|cap| normalize_capability(&cap.to_string())));
            }
            c.host_config.cap_add = granted
                .iter()
                .filter(|cap| !DOCKER_DEFAULT_CAPABILITIES.contains(&cap.as_str()))
                .cloned()
                .collect();
            c.host_config.cap_drop = Some(
                DOCKER_DEFAULT_CAPABILITIES
                    .iter()
                    .filter(|cap| !granted.contains(**cap))
                    .map(|cap| (*cap).to_owned())
                    .collect(),
            );
        } else {
            // No capabilities object: the process keeps none.
            c.host_config.cap_drop = Some(vec!["ALL".to_owned()]);
        }
        if process.no_new_privileges() == Some(true) {
            c.host_config
                .security_opt
                .push("no-new-privileges=true".to_owned());
        }
        if let Some(profile) = process.apparmor_profile() {
            c.app_armor_profile.clone_from(profile);
        }
        if let Some(label) = process.selinux_label() {
            c.process_label.clone_from(label);
        }
        if let Some(rlimits) = process.rlimits() {
            c.host_config.ulimits = rlimits
                .iter()
                .map(|r| Ulimit {
                    name: rlimit_name(&format!("{:?}", r.typ())),
                    soft: i64::try_from(r.soft()).unwrap_or(i64::MAX),
                    hard: i64::try_from(r.hard()).unwrap_or(i64::MAX),
                })
                .collect();
        }
    }
    for mount in spec.mounts().iter().flatten() {
        let options = mount.options().clone().unwrap_or_default();
        let is_bind = mount.typ().as_deref() == Some("bind")
            || options.iter().any(|o| o == "bind" || o == "rbind");
        if !is_bind {
            continue;
        }
        let propagation = options
            .iter()
            .find(|o| {
                matches!(
                    o.as_str(),
                    "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"
                )
            })
            .cloned()
            .unwrap_or_default();
        c.mounts.push(MountPoint {
            r#type: "bind".to_owned(),
            name: String::new(),
            source: mount
                .source()
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
            destination: mount.destination().to_string_lossy().into_owned(),
            mode: options.join(","),
            rw: !options.iter().any(|o| o == "ro"),
            propagation,
            driver: String::new(),
        });
    }
    if let Some(linux) = spec.linux() {
        let namespaces = linux.namespaces().clone().unwrap_or_default();
        let mode = |kind: LinuxNamespaceType| -> String {
            match namespaces.iter().find(|ns| ns.typ() == kind) {
                None => "host".to_owned(),
                Some(ns) => match ns.path() {
                    Some(path) if path.starts_with("/proc/1/ns") => "host".to_owned(),
                    Some(path) => format!("container:{}", path.to_string_lossy()),
                    None => String::new(),
                },
            }
        };
        c.host_config.pid_mode = mode(LinuxNamespaceType::Pid);
        c.host_config.network_mode = match mode(LinuxNamespaceType::Network) {
            // A fresh network namespace with nothing configured in it: only loopback.
            empty if empty.is_empty() => "none".to_owned(),
            other => other,
        };
        c.host_config.ipc_mode = match mode(LinuxNamespaceType::Ipc) {
            empty if empty.is_empty() => "private".to_owned(),
            other => other,
        };
        c.host_config.uts_mode = mode(LinuxNamespaceType::Uts);
        c.host_config.cgroupns_mode = match mode(LinuxNamespaceType::Cgroup) {
            empty if empty.is_empty() => "private".to_owned(),
            other => other,
        };
        // Without a user namespace the container shares the host's, as a Docker container does
        // by default; `UsernsMode` stays empty (the default) rather than an explicit `host`.
        c.host_config.userns_mode = match mode(LinuxNamespaceType::User) {
            host if host == "host" => String::new(),
            other => other,
        };
        if let Some(label) = linux.mount_label() {
            c.mount_label.clone_from(label);
        }
        c.host_config.masked_paths = Some(linux.masked_paths().clone().unwrap_or_default());
        c.host_config.readonly_paths = Some(linux.readonly_paths().clone().unwrap_or_default());
        c.host_config.security_opt.push(match seccomp {
            Some(profile) if !profile.is_null() => format!("seccomp={profile}"),
            _ => "seccomp=unconfined".to_owned(),
        });
        for device in linux.devices().iter().flatten() {
            let path = device.path().to_string_lossy().into_owned();
            c.host_config.devices.push(Device {
                path_on_host: path.clone(),
                path_in_container: path,
                cgroup_permissions: "rwm".to_owned(),
            });
        }
        if let Some(resources) = linux.resources() {
            if let Some(memory) = resources.memory() {
                c.host_config.memory = Some(memory.limit().filter(|l| *l > 0).unwrap_or(0));
            }
            if let Some(cpu) = resources.cpu() {
                c.host_config.cpu_shares =
                    Some(cpu.shares().map_or(0, |s| i64::try_from(s).unwrap_or(0)));
                c.host_config.cpu_quota = cpu.quota().unwrap_or(0);
                c.host_config.cpuset_cpus = cpu.cpus().clone().unwrap_or_default();
            }
            if let Some(pids) = resources.pids() {
                c.host_config.pids_limit = Some(pids.limit());
            }
            for rule in resources.devices().iter().flatten() {
                if !rule.allow() {
                    continue;
                }
                let kind = rule.typ().map_or("a".to_owned(), |t| {
                    format!("{t:?}")
                        .chars()
                        .next()
                        .map_or("a".to_owned(), |ch| ch.to_ascii_lowercase().to_string())
                });
                let number = |n: Option<i64>| n.map_or("*".to_owned(), |n| n.to_string());
                let text = format!(
                    "{kind} {}:{} {}",
                    number(rule.major()),
                    number(rule.minor()),
                    rule.access().clone().unwrap_or_else(|| "rwm".to_owned())
                );
                if !DEFAULT_DEVICE_RULES.contains(&text.as_str()) {
                    c.host_config.device_cgroup_rules.push(text);
                }
            }
        }
    }
    c
}

/// Device cgroup rules every runtime grants (runc's and Docker's defaults); not reported.
const DEFAULT_DEVICE_RULES: &[&str] = &[
    "c 1:3 rwm",
    "c 1:5 rwm",
    "c 1:7 rwm",
    "c 1:8 rwm",
    "c 1:9 rwm",
    "c 5:0 rwm",
    "c 5:1 rwm",
    "c 5:2 rwm",
    "c 136:* rwm",
    "c 10:200 rwm",
    "c *:* m",
    "b *:* m",
];

/// `RLIMIT_NOFILE` → `nofile`.
fn rlimit_name(debug: &str) -> String {
    let name = debug.trim_start_matches("Rlimit");
    let name = name.strip_prefix("RLIMIT_").unwrap_or(name);
    name.to_ascii_lowercase()
}

/// Line and column of the OCI key behind each Engine API path the rules read.
fn positions(tree: &Node, value: &serde_json::Value) -> BTreeMap<String, (u32, u32)> {
    let mut out = BTreeMap::new();
    let at = |path: &[&str]| key_pos(tree, path);
    let mut put = |engine: &str, path: &[&str]| {
        if let Some(p) = at(path) {
            out.insert(engine.to_owned(), p);
        }
    };
    put("", &[]);
    put("/Config/User", &["process", "user"]);
    put("/Config/Env", &["process", "env"]);
    put("/Config/Cmd", &["process", "args"]);
    put("/Config/Labels", &["annotations"]);
    put("/HostConfig/ReadonlyRootfs", &["root"]);
    put("/HostConfig/ReadonlyRootfs", &["root", "readonly"]);
    put("/HostConfig/CapAdd", &["process", "capabilities"]);
    put("/HostConfig/CapDrop", &["process", "capabilities"]);
    put("/HostConfig/SecurityOpt", &["process"]);
    put("/AppArmorProfile", &["process", "apparmorProfile"]);
    put("/ProcessLabel", &["process", "selinuxLabel"]);
    put("/MountLabel", &["linux", "mountLabel"]);
    put("/HostConfig/Ulimits", &["process", "rlimits"]);
    put("/Mounts", &["mounts"]);
    for engine in [
        "/HostConfig/PidMode",
        "/HostConfig/NetworkMode",
        "/HostConfig/IpcMode",
        "/HostConfig/UTSMode",
        "/HostConfig/UsernsMode",
        "/HostConfig/CgroupnsMode",
    ] {
        put(engine, &["linux"]);
        put(engine, &["linux", "namespaces"]);
    }
    put("/HostConfig/MaskedPaths", &["linux", "maskedPaths"]);
    put("/HostConfig/ReadonlyPaths", &["linux", "readonlyPaths"]);
    put("/HostConfig/Devices", &["linux", "devices"]);
    put("/HostConfig/Memory", &["linux", "resources", "memory"]);
    put(
        "/HostConfig/Memory",
        &["linux", "resources", "memory", "limit"],
    );
    put("/HostConfig/CpuShares", &["linux", "resources", "cpu"]);
    put("/HostConfig/CpuQuota", &["linux", "resources", "cpu"]);
    put("/HostConfig/PidsLimit", &["linux", "resources", "pids"]);
    put(
        "/HostConfig/DeviceCgroupRules",
        &["linux", "resources", "devices"],
    );
    // Later entries are more precise: let them win.
    let mut precise = BTreeMap::new();
    for (engine, path) in [
        ("/HostConfig/ReadonlyRootfs", &["root", "readonly"][..]),
        (
            "/HostConfig/Memory",
            &["linux", "resources", "memory", "limit"][..],
        ),
    ] {
        if let Some(p) = at(path) {
            precise.insert(engine.to_owned(), p);
        }
    }
    for (engine, path) in [
        ("/HostConfig/PidMode", "pid"),
        ("/HostConfig/NetworkMode", "network"),
        ("/HostConfig/IpcMode", "ipc"),
        ("/HostConfig/UTSMode", "uts"),
        ("/HostConfig/UsernsMode", "user"),
        ("/HostConfig/CgroupnsMode", "cgroup"),
    ] {
        if let Some(p) = namespace_pos(tree, path) {
            precise.insert(engine.to_owned(), p);
        }
    }
    out.extend(precise);
    // Security options: no-new-privileges first (when set), then seccomp.
    let mut index = 0;
    if value.pointer("/process/noNewPrivileges") == Some(&serde_json::Value::Bool(true)) {
        if let Some(p) = at(&["process", "noNewPrivileges"]) {
            out.insert(format!("/HostConfig/SecurityOpt/{index}"), p);
        }
        index += 1;
    }
    if let Some(p) = at(&["linux", "seccomp"]).or_else(|| at(&["linux"])) {
        out.insert(format!("/HostConfig/SecurityOpt/{index}"), p);
    }
    // Bind mounts, in the order they were kept.
    let mut kept = 0;
    for (i, mount) in tree
        .get("mounts")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let is_bind = value.pointer(&format!("/mounts/{i}")).is_some_and(|m| {
            m.get("type").and_then(|t| t.as_str()) == Some("bind")
                || m.get("options")
                    .and_then(|o| o.as_array())
                    .is_some_and(|o| o.iter().any(|x| x == "bind" || x == "rbind"))
        });
        if is_bind {
            out.insert(format!("/Mounts/{kept}"), mount.pos().pair());
            kept += 1;
        }
    }
    out
}

fn key_pos(tree: &Node, path: &[&str]) -> Option<(u32, u32)> {
    let mut node = tree;
    let mut pos = tree.pos();
    for key in path {
        let (k, v) = node.entry(key)?;
        pos = k.pos;
        node = v;
    }
    Some(pos.pair())
}

fn namespace_pos(tree: &Node, kind: &str) -> Option<(u32, u32)> {
    let list = tree.get("linux")?.get("namespaces")?;
    list.items()
        .iter()
        .find(|ns| ns.get("type").and_then(Node::scalar) == Some(kind))
        .map(|ns| ns.pos().pair())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_namespaces_are_the_hosts() {
        let text = r#"{"ociVersion": "1.0.2", "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": ["sh"]},
            "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "network", "path": "/proc/1/ns/net"}]}}"#;
        let c = oci_container("config.json", text).unwrap_or_default();
        assert_eq!(c.host_config.pid_mode, "");
        assert_eq!(c.host_config.network_mode, "host");
        assert_eq!(c.host_config.ipc_mode, "host");
        assert_eq!(c.host_config.uts_mode, "host");
        assert_eq!(c.config.user, "0:0");
        assert_eq!(c.host_config.security_opt, ["seccomp=unconfined"]);
        assert_eq!(
            c.host_config.cap_drop.as_deref(),
            Some(&["ALL".to_owned()][..])
        );
    }

    #[test]
    fn rlimit_names() {
        assert_eq!(rlimit_name("RlimitNofile"), "nofile");
        assert_eq!(rlimit_name("RLIMIT_NPROC"), "nproc");
    }
}
