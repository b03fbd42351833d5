//! The container model: one shape for `docker inspect`, `podman inspect` and the Engine API's
//! container JSON of every version, and the target that compose services and OCI runtime configs
//! are normalised into.
//!
//! Field names follow the Engine API (`HostConfig.CapAdd`), so a rule's JSON pointer is the path
//! of the field it reads. Lists that real documents write as `null` read as empty; values of the
//! wrong JSON type are errors that name their pointer.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::compose::UnresolvedVariable;
use super::kind::Skip;
use super::lenient::{nullable, object_keys, string_map, string_or_list, string_or_number};
use super::origin::Origin;

/// A container subject.
///
/// Top-level fields are read by a hand-written visitor (see [`ContainerCandidate`]) so that one
/// pass over a document both parses it and tells whether it is a container at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Container {
    /// Container id (`Id`).
    pub id: String,
    /// Container name as the engine reports it (`Name`, `/web`).
    pub name: String,
    /// The image id the container was created from (`Image`).
    pub image: String,
    /// The executable of the container's main process (`Path`).
    pub path: String,
    /// Arguments of the main process (`Args`).
    pub args: Vec<String>,
    /// AppArmor profile (`AppArmorProfile`: `docker-default`, `unconfined`, or empty where
    /// AppArmor is off).
    pub app_armor_profile: String,
    /// SELinux process label (`ProcessLabel`).
    pub process_label: String,
    /// SELinux mount label (`MountLabel`).
    pub mount_label: String,
    /// Runtime state (`State`).
    pub state: State,
    /// Configuration that is independent of the host (`Config`).
    pub config: Config,
    /// Configuration that depends on the host (`HostConfig`).
    pub host_config: HostConfig,
    /// Mounts as the engine resolved them (`Mounts`: both `-v` binds and `--mount`).
    pub mounts: Vec<MountPoint>,
    /// Network settings (`NetworkSettings`).
    pub network_settings: NetworkSettings,
    /// `${VAR}` references a compose file held that the caller's variables did not resolve
    /// (always empty for JSON documents).
    pub unresolved_variables: Vec<UnresolvedVariable>,
    /// Where the container's values came from.
    pub origin: Origin,
}

/// A JSON object read as a container in one pass, with what is needed to decide afterwards
/// whether it was one: `HostConfig`, or `State` and `Config` and `Id` together (the rule
/// [`super::kind`] applies).
#[derive(Debug)]
pub(crate) struct ContainerCandidate {
    pub(crate) container: Container,
    pub(crate) is_container: bool,
}

impl<'de> Deserialize<'de> for Container {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(ContainerCandidate::deserialize(deserializer)?.container)
    }
}

impl<'de> Deserialize<'de> for ContainerCandidate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ContainerVisitor)
    }
}

/// `null` or missing reads as the default.
struct Nullable<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        nullable(deserializer).map(Nullable)
    }
}

/// A list of strings that may be written as one string or `null`.
struct StringOrList(Vec<String>);

impl<'de> Deserialize<'de> for StringOrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_list(deserializer).map(StringOrList)
    }
}

struct ContainerVisitor;

impl<'de> Visitor<'de> for ContainerVisitor {
    type Value = ContainerCandidate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a container object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ContainerCandidate, A::Error> {
        let mut c = Container::default();
        let (mut host_config, mut state, mut config, mut id) = (false, false, false, false);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "Id" => {
                    id = true;
                    c.id = map.next_value::<Nullable<String>>()?.0;
                }
                "Name" => c.name = map.next_value::<Nullable<String>>()?.0,
                "Image" => c.image = map.next_value::<Nullable<String>>()?.0,
                "Path" => c.path = map.next_value::<Nullable<String>>()?.0,
                "Args" => c.args = map.next_value::<StringOrList>()?.0,
                "AppArmorProfile" => c.app_armor_profile = map.next_value::<Nullable<String>>()?.0,
                "ProcessLabel" => c.process_label = map.next_value::<Nullable<String>>()?.0,
                "MountLabel" => c.mount_label = map.next_value::<Nullable<String>>()?.0,
                "State" => {
                    state = true;
                    c.state = map.next_value::<Nullable<State>>()?.0;
                }
                "Config" => {
                    config = true;
                    c.config = map.next_value::<Nullable<Config>>()?.0;
                }
                "HostConfig" => {
                    host_config = true;
                    c.host_config = map.next_value::<Nullable<HostConfig>>()?.0;
                }
                "Mounts" => c.mounts = map.next_value::<Nullable<Vec<MountPoint>>>()?.0,
                "NetworkSettings" => {
                    c.network_settings = map.next_value::<Nullable<NetworkSettings>>()?.0;
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(ContainerCandidate {
            container: c,
            is_container: host_config || (state && config && id),
        })
    }
}

/// `State`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct State {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    /// Health check state; absent when no health check is configured.
    #[serde(default)]
    pub health: Option<Health>,
}

/// `State.Health`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Health {
    /// `none`, `starting`, `healthy` or `unhealthy`.
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    /// Consecutive failed probes.
    #[serde(default, deserialize_with = "nullable")]
    pub failing_streak: i64,
}

/// `Config`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Config {
    /// `user[:group]` the process runs as; empty means the image default (root unless set).
    #[serde(default, deserialize_with = "nullable")]
    pub user: String,
    /// `NAME=value` environment entries.
    #[serde(default, deserialize_with = "nullable")]
    pub env: Vec<String>,
    /// Command.
    #[serde(default, deserialize_with = "string_or_list")]
    pub cmd: Vec<String>,
    /// Entrypoint.
    #[serde(default, deserialize_with = "string_or_list")]
    pub entrypoint: Vec<String>,
    /// The image reference the container was created from, as the user gave it.
    #[serde(default, deserialize_with = "nullable")]
    pub image: String,
    /// Exposed ports (`22/tcp`).
    #[serde(default, deserialize_with = "object_keys")]
    pub exposed_ports: Vec<String>,
    /// Health check; `None` when neither the image nor the container sets one.
    #[serde(default)]
    pub healthcheck: Option<Healthcheck>,
    /// Labels.
    #[serde(default, deserialize_with = "string_map")]
    pub labels: BTreeMap<String, String>,
}

/// `Config.Healthcheck`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Healthcheck {
    /// `["NONE"]` disables; `["CMD", ...]` or `["CMD-SHELL", "..."]` runs a probe; empty inherits.
    #[serde(default, deserialize_with = "string_or_list")]
    pub test: Vec<String>,
}

impl Healthcheck {
    /// Whether this health check is `NONE` (explicitly disabled).
    #[must_use]
    pub fn is_disabled(&self) -> bool {
        self.test
            .first()
            .is_some_and(|t| t.eq_ignore_ascii_case("NONE"))
    }
}

/// `HostConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct HostConfig {
    /// `--privileged`.
    #[serde(default, deserialize_with = "nullable")]
    pub privileged: bool,
    /// Added capabilities, as stored (any case, with or without `CAP_`).
    #[serde(default, deserialize_with = "nullable")]
    pub cap_add: Vec<String>,
    /// Dropped capabilities, as stored.
    #[serde(default, deserialize_with = "nullable")]
    pub cap_drop: Vec<String>,
    /// `--security-opt` entries (`key=value`, `key:value` or bare words).
    #[serde(default, deserialize_with = "nullable")]
    pub security_opt: Vec<String>,
    /// `default`, `bridge`, `host`, `none`, `container:<id>` or a network name.
    #[serde(default, deserialize_with = "nullable")]
    pub network_mode: String,
    /// `""`, `host` or `container:<id>`.
    #[serde(default, deserialize_with = "nullable")]
    pub pid_mode: String,
    /// `none`, `private`, `shareable`, `container:<id>`, `host` or empty.
    #[serde(default, deserialize_with = "nullable")]
    pub ipc_mode: String,
    /// `""` or `host`.
    #[serde(default, rename = "UTSMode", deserialize_with = "nullable")]
    pub uts_mode: String,
    /// `""` or `host`.
    #[serde(default, deserialize_with = "nullable")]
    pub userns_mode: String,
    /// `private` or `host`.
    #[serde(default, deserialize_with = "nullable")]
    pub cgroupns_mode: String,
    /// Memory limit in bytes; 0 is unlimited.
    #[serde(default, deserialize_with = "nullable")]
    pub memory: i64,
    /// Relative CPU weight; 0 and 1024 mean unset.
    #[serde(default, deserialize_with = "nullable")]
    pub cpu_shares: i64,
    /// CPU limit in billionths of a CPU.
    #[serde(default, deserialize_with = "nullable")]
    pub nano_cpus: i64,
    /// CFS quota in microseconds.
    #[serde(default, deserialize_with = "nullable")]
    pub cpu_quota: i64,
    /// CPUs the container may run on (`0-3`).
    #[serde(default, deserialize_with = "nullable")]
    pub cpuset_cpus: String,
    /// PIDs limit; `None`, 0 and -1 are unlimited.
    #[serde(default)]
    pub pids_limit: Option<i64>,
    /// `--read-only`.
    #[serde(default, deserialize_with = "nullable")]
    pub readonly_rootfs: bool,
    /// Restart policy.
    #[serde(default, deserialize_with = "nullable")]
    pub restart_policy: RestartPolicy,
    /// Requested port bindings (`80/tcp` → bindings).
    #[serde(default, deserialize_with = "nullable")]
    pub port_bindings: BTreeMap<String, Option<Vec<PortBinding>>>,
    /// `-P`.
    #[serde(default, deserialize_with = "nullable")]
    pub publish_all_ports: bool,
    /// Host devices.
    #[serde(default, deserialize_with = "nullable")]
    pub devices: Vec<Device>,
    /// Device cgroup rules (`c 1:3 mr`).
    #[serde(default, deserialize_with = "nullable")]
    pub device_cgroup_rules: Vec<String>,
    /// Device requests (GPUs).
    #[serde(default, deserialize_with = "nullable")]
    pub device_requests: Vec<DeviceRequest>,
    /// Ulimit overrides.
    #[serde(default, deserialize_with = "nullable")]
    pub ulimits: Vec<Ulimit>,
    /// `-v` binds as given (`src:dst[:opts]`).
    #[serde(default, deserialize_with = "nullable")]
    pub binds: Vec<String>,
    /// `--mount` requests.
    #[serde(default, deserialize_with = "nullable")]
    pub mounts: Vec<MountRequest>,
    /// `--cgroup-parent`.
    #[serde(default, deserialize_with = "nullable")]
    pub cgroup_parent: String,
    /// Logging driver and options.
    #[serde(default, deserialize_with = "nullable")]
    pub log_config: LogConfig,
    /// Paths masked inside the container; `None` when the document does not say, empty when
    /// `systempaths=unconfined` removed them.
    #[serde(default)]
    pub masked_paths: Option<Vec<String>>,
    /// Paths mounted read-only inside the container; as `masked_paths`.
    #[serde(default)]
    pub readonly_paths: Option<Vec<String>>,
}

/// `HostConfig.RestartPolicy`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RestartPolicy {
    /// `""`, `no`, `always`, `unless-stopped` or `on-failure`.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Retries for `on-failure`.
    #[serde(default, deserialize_with = "nullable")]
    pub maximum_retry_count: i64,
}

/// One host binding of a port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PortBinding {
    /// Host address; empty means every interface.
    #[serde(default, deserialize_with = "string_or_number")]
    pub host_ip: String,
    /// Host port.
    #[serde(default, deserialize_with = "string_or_number")]
    pub host_port: String,
}

/// `HostConfig.Devices[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Device {
    /// Device path on the host.
    #[serde(default, deserialize_with = "nullable")]
    pub path_on_host: String,
    /// Device path in the container.
    #[serde(default, deserialize_with = "nullable")]
    pub path_in_container: String,
    /// `rwm` subset.
    #[serde(default, deserialize_with = "nullable")]
    pub cgroup_permissions: String,
}

/// `HostConfig.DeviceRequests[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceRequest {
    /// Device driver (`nvidia`).
    #[serde(default, deserialize_with = "nullable")]
    pub driver: String,
    /// Number of devices; -1 is all.
    #[serde(default, deserialize_with = "nullable")]
    pub count: i64,
    /// Requested device ids.
    #[serde(default, rename = "DeviceIDs", deserialize_with = "nullable")]
    pub device_ids: Vec<String>,
}

/// `HostConfig.Ulimits[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Ulimit {
    /// Resource name (`nofile`).
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Soft limit.
    #[serde(default, deserialize_with = "nullable")]
    pub soft: i64,
    /// Hard limit.
    #[serde(default, deserialize_with = "nullable")]
    pub hard: i64,
}

/// `HostConfig.Mounts[]` (the `--mount` request form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MountRequest {
    /// `bind`, `volume`, `tmpfs`, ...
    #[serde(default, deserialize_with = "nullable")]
    pub r#type: String,
    /// Host path or volume name.
    #[serde(default, deserialize_with = "nullable")]
    pub source: String,
    /// Path in the container.
    #[serde(default, deserialize_with = "nullable")]
    pub target: String,
    /// Read-only.
    #[serde(default, deserialize_with = "nullable")]
    pub read_only: bool,
    /// Bind options.
    #[serde(default, deserialize_with = "nullable")]
    pub bind_options: BindOptions,
}

/// `HostConfig.Mounts[].BindOptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BindOptions {
    /// Mount propagation.
    #[serde(default, deserialize_with = "nullable")]
    pub propagation: String,
}

/// `HostConfig.LogConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct LogConfig {
    /// Logging driver; empty means the daemon default.
    #[serde(default, deserialize_with = "nullable")]
    pub r#type: String,
    /// Driver options (`max-size`, `max-file`, ...).
    #[serde(default, deserialize_with = "string_map")]
    pub config: BTreeMap<String, String>,
}

/// Top-level `Mounts[]`: the engine's resolved view of every mount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MountPoint {
    /// `bind`, `volume`, `tmpfs`, `npipe`, `cluster` or `image`.
    #[serde(default, deserialize_with = "nullable")]
    pub r#type: String,
    /// Volume name.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Host path (for binds) or the volume's data directory.
    #[serde(default, deserialize_with = "nullable")]
    pub source: String,
    /// Path in the container.
    #[serde(default, deserialize_with = "nullable")]
    pub destination: String,
    /// User options (`ro`, `z`).
    #[serde(default, deserialize_with = "nullable")]
    pub mode: String,
    /// Writable.
    #[serde(default, rename = "RW", deserialize_with = "nullable")]
    pub rw: bool,
    /// Mount propagation.
    #[serde(default, deserialize_with = "nullable")]
    pub propagation: String,
}

/// `NetworkSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NetworkSettings {
    /// Published ports as resolved by the engine; `None` bindings are exposed but unpublished.
    #[serde(default, deserialize_with = "nullable")]
    pub ports: BTreeMap<String, Option<Vec<PortBinding>>>,
    /// Names of the networks the container is attached to.
    #[serde(default, deserialize_with = "object_keys")]
    pub networks: Vec<String>,
}

/// A parsed `--security-opt` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityOpt<'a> {
    /// Position in `HostConfig.SecurityOpt`.
    pub index: usize,
    /// Lowercased key (`seccomp`, `apparmor`, `label`, `no-new-privileges`, `systempaths`).
    pub key: &'a str,
    /// Value after `=` or `:`; `None` for a bare word.
    pub value: Option<&'a str>,
}

/// A port binding with the pointer it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedPort<'a> {
    /// `80/tcp`.
    pub container_port: &'a str,
    /// The binding.
    pub binding: &'a PortBinding,
    /// RFC 6901 pointer to the binding, relative to the container.
    pub field: &'static str,
    /// Index of the binding within its port.
    pub index: usize,
}

impl Container {
    /// The name shown in reports: the engine name without its leading `/`, else a short id,
    /// else `container`.
    #[must_use]
    pub fn display_name(&self) -> String {
        let name = self.name.trim_start_matches('/');
        if !name.is_empty() {
            return name.to_owned();
        }
        if !self.id.is_empty() {
            return self.id.chars().take(12).collect();
        }
        "container".to_owned()
    }

    /// The parsed security options, in document order. Both `key=value` and the deprecated
    /// `key:value` forms are understood; keys are matched case-insensitively by callers.
    pub fn security_options(&self) -> impl Iterator<Item = SecurityOpt<'_>> {
        self.host_config
            .security_opt
            .iter()
            .enumerate()
            .map(|(index, raw)| parse_security_opt(index, raw))
    }

    /// Port bindings: the resolved `NetworkSettings.Ports` when the document has any, else the
    /// requested `HostConfig.PortBindings` (a created-but-not-started container has only those).
    pub fn published_ports(&self) -> impl Iterator<Item = PublishedPort<'_>> {
        let resolved = self.network_settings.ports.values().any(Option::is_some);
        let (map, field) = if resolved {
            (&self.network_settings.ports, "/NetworkSettings/Ports")
        } else {
            (&self.host_config.port_bindings, "/HostConfig/PortBindings")
        };
        map.iter().flat_map(move |(port, bindings)| {
            bindings
                .iter()
                .flatten()
                .enumerate()
                .map(move |(index, binding)| PublishedPort {
                    container_port: port,
                    binding,
                    field,
                    index,
                })
        })
    }

    /// Environment entries split into name and value, with their index in `Config.Env`.
    pub fn environment(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.config.env.iter().enumerate().map(|(i, entry)| {
            let (name, value) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
            (i, name, value)
        })
    }
}

fn parse_security_opt(index: usize, raw: &str) -> SecurityOpt<'_> {
    let raw = raw.trim();
    // A custom seccomp profile is inlined as JSON after `seccomp=`; split at the first
    // separator only, and prefer `=` when it comes first.
    let eq = raw.find('=');
    let colon = raw.find(':');
    let split = match (eq, colon) {
        (Some(e), Some(c)) => Some(e.min(c)),
        (Some(e), None) => Some(e),
        (None, Some(c)) => Some(c),
        (None, None) => None,
    };
    match split {
        Some(at) => SecurityOpt {
            index,
            key: raw[..at].trim(),
            value: Some(raw[at + 1..].trim()),
        },
        None => SecurityOpt {
            index,
            key: raw,
            value: None,
        },
    }
}

/// A capability name normalised to the kernel's upper-case name without `CAP_` (`SYS_ADMIN`).
#[must_use]
pub fn normalize_capability(raw: &str) -> String {
    let upper = raw.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_owned(),
        None => upper,
    }
}

/// Parses a boolean the way the Docker CLI does (`1`, `t`, `true`, `0`, `f`, `false`, any case).
#[must_use]
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "t" | "true" | "yes" | "on" => Some(true),
        "0" | "f" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::many_single_char_names, reason = "one binding per form")]
    fn security_opt_forms() {
        let a = parse_security_opt(0, "seccomp=unconfined");
        assert_eq!((a.key, a.value), ("seccomp", Some("unconfined")));
        let b = parse_security_opt(1, "apparmor:unconfined");
        assert_eq!((b.key, b.value), ("apparmor", Some("unconfined")));
        let c = parse_security_opt(2, "no-new-privileges");
        assert_eq!((c.key, c.value), ("no-new-privileges", None));
        let d = parse_security_opt(3, "label=type:svirt_t");
        assert_eq!((d.key, d.value), ("label", Some("type:svirt_t")));
        let e = parse_security_opt(4, "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        assert_eq!(e.key, "seccomp");
        assert!(e.value.is_some_and(|v| v.starts_with('{')));
    }

    #[test]
    fn capability_names_normalise() {
        assert_eq!(normalize_capability("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(normalize_capability("NET_ADMIN"), "NET_ADMIN");
        assert_eq!(normalize_capability(" Cap_Net_Raw "), "NET_RAW");
    }
}
