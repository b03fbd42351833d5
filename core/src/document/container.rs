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

use super::compose::ComposeService;
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
    /// Ids of the container's exec sessions the engine still remembers (`ExecIDs`).
    pub exec_ids: Vec<String>,
    /// Podman only: the capability bounding set the container actually runs with
    /// (`CAP_CHOWN`, ...). `None` when the document does not say (Docker never does); Podman
    /// computes `HostConfig.CapAdd`/`CapDrop` against its own default set, which lacks
    /// NET_RAW, MKNOD and AUDIT_WRITE, so this is the field to trust when present.
    pub bounding_caps: Option<Vec<String>>,
    /// `${VAR}` references a compose file held that the caller's variables did not resolve
    /// (always empty for JSON documents).
    pub unresolved_variables: Vec<UnresolvedVariable>,
    /// For a container read from a compose service: the service's name and build, which say
    /// where the facts the service leaves to its image come from. `None` for engine
    /// documents, where the engine has already merged the image's config in.
    pub compose: Option<ComposeService>,
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
                "ExecIDs" => c.exec_ids = map.next_value::<Nullable<Vec<String>>>()?.0,
                "BoundingCaps" => c.bounding_caps = map.next_value::<Option<Vec<String>>>()?,
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
    /// Dropped capabilities, as stored; `None` when the document has no list (absent or
    /// `null`), so findings can point at `HostConfig` instead of a field that is not there.
    #[serde(default)]
    pub cap_drop: Option<Vec<String>>,
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
    /// Memory limit in bytes; 0 is unlimited; `None` when absent or `null`.
    #[serde(default)]
    pub memory: Option<i64>,
    /// Relative CPU weight; 0 and 1024 mean unset; `None` when absent or `null`.
    #[serde(default)]
    pub cpu_shares: Option<i64>,
    /// CPU limit in billionths of a CPU.
    #[serde(default, deserialize_with = "nullable")]
    pub nano_cpus: i64,
    /// CFS quota in microseconds.
    #[serde(default, deserialize_with = "nullable")]
    pub cpu_quota: i64,
    /// CPUs the container may run on (`0-3`).
    #[serde(default, deserialize_with = "nullable")]
    pub cpuset_cpus: String,
    /// PIDs limit; 0 and -1 are unlimited; `None` (absent or `null`) is unlimited too.
    #[serde(default)]
    pub pids_limit: Option<i64>,
    /// `--read-only`; `None` when absent or `null` (writable).
    #[serde(default)]
    pub readonly_rootfs: Option<bool>,
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
    /// Capability sets the device must offer (`[["gpu"]]` for `--gpus`, whose `Driver` is
    /// empty). A `null` set reads as empty.
    #[serde(default, deserialize_with = "nullable")]
    pub capabilities: Vec<Option<Vec<String>>>,
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
    /// Volume driver (`local`); empty for binds.
    #[serde(default, deserialize_with = "nullable")]
    pub driver: String,
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

/// Where a [`Mount`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MountSource {
    /// Top-level `Mounts[]`, the engine's resolved view.
    Resolved,
    /// A `HostConfig.Binds[]` string (`src:dst[:opts]`).
    Bind,
    /// A `HostConfig.Mounts[]` request (`--mount`).
    Request,
}

/// One mount of a container, whichever field of the document it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mount<'a> {
    /// The field it was read from.
    pub from: MountSource,
    /// Position in that field's list.
    pub index: usize,
    /// `bind`, `volume`, `tmpfs`, ...; for `Binds` strings `bind` when the source is an absolute
    /// path and `volume` otherwise.
    pub kind: &'a str,
    /// Host path (binds), volume name or volume data directory, as written.
    pub source: &'a str,
    /// Path in the container.
    pub destination: &'a str,
    /// Whether the container may write through the mount.
    pub writable: bool,
    /// Mount propagation as written (`rshared`), empty when not stated.
    pub propagation: &'a str,
}

impl Mount<'_> {
    /// Whether this is a bind mount of a host path.
    #[must_use]
    pub fn is_bind(&self) -> bool {
        self.kind.eq_ignore_ascii_case("bind")
    }

    /// A short label of the entry for evidence (`Mounts[0]`, `Binds[1]`, `HostConfig.Mounts[2]`).
    #[must_use]
    pub fn origin_label(&self) -> String {
        match self.from {
            MountSource::Resolved => format!("Mounts[{}]", self.index),
            MountSource::Bind => format!("Binds[{}]", self.index),
            MountSource::Request => format!("HostConfig.Mounts[{}]", self.index),
        }
    }

    /// Pointer (relative to the container) of the entry this mount was read from.
    #[must_use]
    pub fn field(&self) -> String {
        match self.from {
            MountSource::Resolved => format!("/Mounts/{}", self.index),
            MountSource::Bind => format!("/HostConfig/Binds/{}", self.index),
            MountSource::Request => format!("/HostConfig/Mounts/{}", self.index),
        }
    }

    /// Pointer of the host source: the `Source` member, or the whole `Binds` string.
    #[must_use]
    pub fn source_field(&self) -> String {
        match self.from {
            MountSource::Bind => self.field(),
            MountSource::Resolved | MountSource::Request => format!("{}/Source", self.field()),
        }
    }

    /// Pointer of the propagation setting.
    #[must_use]
    pub fn propagation_field(&self) -> String {
        match self.from {
            MountSource::Resolved => format!("{}/Propagation", self.field()),
            MountSource::Bind => self.field(),
            MountSource::Request => format!("{}/BindOptions/Propagation", self.field()),
        }
    }
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

impl PublishedPort<'_> {
    /// RFC 6901 pointer to this binding relative to the container
    /// (`/NetworkSettings/Ports/80~1tcp/0`): the port key is escaped, so `80/tcp` becomes
    /// `80~1tcp`.
    #[must_use]
    pub fn pointer(&self) -> String {
        let mut out = self.field.to_owned();
        crate::pointer::push_token(&mut out, self.container_port);
        crate::pointer::push_index(&mut out, self.index);
        out
    }
}

/// Published bindings that one decision covers: the bindings of one container port that
/// differ only by the wildcard's address family (Docker writes `0.0.0.0` and `::` for one
/// `-p 8080:80`), and a run of consecutive container ports published on the same address to
/// host ports at the same offset (`-p 8000-8100:8000-8100`) or all to random host ports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PortGroup<'a> {
    /// The group's first binding (lowest container port, first in its list); the group's
    /// findings point at it.
    pub first: PublishedPort<'a>,
    /// The binding of the group's highest container port (the same as `first` for one port).
    pub last: PublishedPort<'a>,
    /// The distinct `HostIp` values of the group's bindings, in document order.
    pub host_ips: Vec<&'a str>,
}

impl PortGroup<'_> {
    /// Whether the group covers a range of container ports.
    #[must_use]
    pub fn is_range(&self) -> bool {
        self.first.container_port != self.last.container_port
    }

    /// `80/tcp`, or `8000-8100/tcp` for a range.
    #[must_use]
    pub fn container_ports(&self) -> String {
        if !self.is_range() {
            return self.first.container_port.to_owned();
        }
        let (low, protocol) = split_port_key(self.first.container_port);
        let (high, _) = split_port_key(self.last.container_port);
        format!("{low}-{high}/{protocol}")
    }

    /// The host port (`8080`), the range of host ports (`8000-8100`), or `""` when the engine
    /// picks them.
    #[must_use]
    pub fn host_ports(&self) -> String {
        let low = self.first.binding.host_port.trim();
        let high = self.last.binding.host_port.trim();
        if low == high || self.is_random() {
            low.to_owned()
        } else {
            format!("{low}-{high}")
        }
    }

    /// Whether the engine picks the host ports (`HostPort` `""` or `"0"`).
    #[must_use]
    pub fn is_random(&self) -> bool {
        matches!(self.first.binding.host_port.trim(), "" | "0")
    }

    /// The `HostIp` values, quoted and joined (`"0.0.0.0" and "::"`), for evidence.
    #[must_use]
    pub fn host_ips_quoted(&self) -> String {
        self.host_ips
            .iter()
            .map(|ip| format!("{ip:?}"))
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// `80/tcp -> HostIp="0.0.0.0" and "::" HostPort="8080"`.
    #[must_use]
    pub fn evidence(&self) -> String {
        format!(
            "{} -> HostIp={} HostPort={:?}",
            self.container_ports(),
            self.host_ips_quoted(),
            self.host_ports()
        )
    }
}

/// `80/tcp` → (`80`, `tcp`); a key without a protocol is TCP.
fn split_port_key(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or((key, "tcp"))
}

/// What a binding's host port says, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HostPortKind<'a> {
    Random,
    Number(u32),
    Other(&'a str),
}

fn host_port_kind(raw: &str) -> HostPortKind<'_> {
    match raw.trim() {
        "" | "0" => HostPortKind::Random,
        other => other
            .parse::<u32>()
            .map_or(HostPortKind::Other(other), HostPortKind::Number),
    }
}

/// Groups published ports (see [`PortGroup`]), in the order of their first bindings.
fn group_ports<'a>(ports: impl Iterator<Item = PublishedPort<'a>>) -> Vec<PortGroup<'a>> {
    struct Item<'a> {
        order: usize,
        port: PublishedPort<'a>,
        number: Option<u32>,
        protocol: &'a str,
        /// `None` for a wildcard address, else the address.
        address: Option<&'a str>,
        host: HostPortKind<'a>,
    }
    let mut items: Vec<Item<'a>> = ports
        .enumerate()
        .map(|(order, port)| {
            let (number, protocol) = split_port_key(port.container_port);
            Item {
                order,
                port,
                number: number.trim().parse().ok(),
                protocol,
                address: (!port.binding.is_wildcard()).then_some(port.binding.host_ip.trim()),
                host: host_port_kind(&port.binding.host_port),
            }
        })
        .collect();
    items.sort_by(|a, b| {
        (a.address, a.protocol, a.host.class(), a.number, a.order).cmp(&(
            b.address,
            b.protocol,
            b.host.class(),
            b.number,
            b.order,
        ))
    });
    let mut groups: Vec<(usize, PortGroup<'a>)> = Vec::new();
    let mut previous: Option<&Item<'a>> = None;
    for item in &items {
        let joins = previous.is_some_and(|p| {
            if p.address != item.address || p.protocol != item.protocol {
                return false;
            }
            let same_port = p.port.container_port == item.port.container_port;
            if same_port {
                // Only the wildcard's address family differs.
                return p.host == item.host;
            }
            let next = matches!((p.number, item.number), (Some(a), Some(b)) if b == a + 1);
            next && match (p.host, item.host) {
                (HostPortKind::Random, HostPortKind::Random) => true,
                (HostPortKind::Number(a), HostPortKind::Number(b)) => b == a + 1,
                (HostPortKind::Other(a), HostPortKind::Other(b)) => a == b,
                _ => false,
            }
        });
        match groups.last_mut() {
            Some((_, group)) if joins => {
                let ip = item.port.binding.host_ip.as_str();
                if !group.host_ips.contains(&ip) {
                    group.host_ips.push(ip);
                }
                if group.last.container_port != item.port.container_port {
                    group.last = item.port;
                }
            }
            _ => groups.push((
                item.order,
                PortGroup {
                    first: item.port,
                    last: item.port,
                    host_ips: vec![item.port.binding.host_ip.as_str()],
                },
            )),
        }
        previous = Some(item);
    }
    groups.sort_by_key(|(order, _)| *order);
    groups.into_iter().map(|(_, group)| group).collect()
}

impl HostPortKind<'_> {
    /// Sorts numbered host ports apart from the others, so a run of numbers is contiguous.
    fn class(self) -> u8 {
        match self {
            HostPortKind::Number(_) => 0,
            HostPortKind::Random => 1,
            HostPortKind::Other(_) => 2,
        }
    }
}

impl PortBinding {
    /// Whether the binding listens on every host interface: `HostIp` empty, `0.0.0.0`, `::`,
    /// `[::]` or any other spelling of an unspecified IPv4 or IPv6 address.
    #[must_use]
    pub fn is_wildcard(&self) -> bool {
        let ip = self.host_ip.trim();
        let ip = ip
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
            .unwrap_or(ip);
        ip.is_empty()
            || ip
                .parse::<std::net::IpAddr>()
                .is_ok_and(|addr| addr.is_unspecified())
    }

    /// The lowest host port this binding can take: `HostPort` as a number, or the lower end of a
    /// range (`8000-8010`, which `docker run -p 8000-8010:80` stores). `None` when the engine
    /// picks a random port (`""` or `"0"`) or the value is not a port number.
    #[must_use]
    pub fn lowest_host_port(&self) -> Option<u16> {
        let raw = self.host_port.trim();
        let low = raw.split_once('-').map_or(raw, |(low, _)| low).trim();
        low.parse::<u16>().ok().filter(|port| *port != 0)
    }
}

impl Container {
    /// Whether the container uses the host's network stack (`--network host`), where the engine
    /// discards published ports: the process binds host ports directly.
    #[must_use]
    pub fn uses_host_network(&self) -> bool {
        self.host_config
            .network_mode
            .trim()
            .eq_ignore_ascii_case("host")
    }

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

    /// Whether `id` (a full container id or a prefix of one, as `docker` accepts) names this
    /// container. An empty `id`, or a container without an id, matches nothing.
    #[must_use]
    pub fn is_identified_by(&self, id: &str) -> bool {
        let wanted = id.trim();
        !wanted.is_empty() && self.id.len() >= wanted.len() && self.id.starts_with(wanted)
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

    /// The published ports grouped so that one decision covers each group: bindings that differ
    /// only by the wildcard's address family are one, and so is a published range (see
    /// [`PortGroup`]). Rules that report per binding report per group.
    #[must_use]
    pub fn published_port_groups(&self) -> Vec<PortGroup<'_>> {
        group_ports(self.published_ports())
    }

    /// Every mount, read once: the resolved top-level `Mounts[]` when the document has any;
    /// otherwise the requests, `HostConfig.Binds` and `HostConfig.Mounts` (a created container
    /// from an old engine, or a document that only carries the request). The engine resolves
    /// both request forms into `Mounts[]`, so reading the requests as well would report the same
    /// mount twice.
    ///
    /// An entry of `Mounts[]` without `Type` (engines before API 1.25) is a bind when it names
    /// neither a volume nor a volume driver.
    #[must_use]
    pub fn all_mounts(&self) -> Vec<Mount<'_>> {
        if !self.mounts.is_empty() {
            return self
                .mounts
                .iter()
                .enumerate()
                .map(|(index, m)| Mount {
                    from: MountSource::Resolved,
                    index,
                    kind: if m.r#type.is_empty() && m.name.is_empty() && m.driver.is_empty() {
                        "bind"
                    } else {
                        m.r#type.as_str()
                    },
                    source: &m.source,
                    destination: &m.destination,
                    writable: m.rw,
                    propagation: &m.propagation,
                })
                .collect();
        }
        let binds = self
            .host_config
            .binds
            .iter()
            .enumerate()
            .map(|(index, raw)| parse_bind(index, raw));
        let requests = self
            .host_config
            .mounts
            .iter()
            .enumerate()
            .map(|(index, m)| Mount {
                from: MountSource::Request,
                index,
                kind: &m.r#type,
                source: &m.source,
                destination: &m.target,
                writable: !m.read_only,
                propagation: &m.bind_options.propagation,
            });
        binds.chain(requests).collect()
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

/// Reads one `HostConfig.Binds` entry: `src:dst[:opts]`, where `opts` is a comma-separated
/// list of `ro`/`rw`, SELinux `z`/`Z`, `nocopy` and a propagation mode.
fn parse_bind(index: usize, raw: &str) -> Mount<'_> {
    let mut parts = raw.splitn(3, ':');
    let source = parts.next().unwrap_or_default();
    let destination = parts.next().unwrap_or_default();
    let options = parts.next().unwrap_or_default();
    let mut writable = true;
    let mut propagation = "";
    for option in options.split(',').map(str::trim) {
        match option {
            "ro" => writable = false,
            "rw" => writable = true,
            "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate" => {
                propagation = option;
            }
            _ => {}
        }
    }
    Mount {
        from: MountSource::Bind,
        index,
        kind: if source.starts_with('/') {
            "bind"
        } else {
            "volume"
        },
        source,
        destination,
        writable,
        propagation,
    }
}

/// A host path normalised lexically: `//` and `/./` collapse, `..` removes the segment before
/// it (never above `/`), trailing slashes go. `None` for a path that is not absolute (a volume
/// name). Symbolic links on the host cannot be seen from a document and are not followed.
#[must_use]
pub fn normalize_host_path(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.starts_with('/') {
        return None;
    }
    let already = raw == "/"
        || (!raw.ends_with('/')
            && !raw.contains("//")
            && !raw.contains("/./")
            && !raw.contains("/../")
            && !raw.ends_with("/.")
            && !raw.ends_with("/.."));
    if already {
        return Some(Cow::Borrowed(raw));
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in raw.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    Some(Cow::Owned(format!("/{}", segments.join("/"))))
}

/// Whether normalised path `path` is `dir` or lies under it (`/etc/ssl` is under `/etc`,
/// `/etc-backup` is not). Both must be normalised.
#[must_use]
pub fn path_is_within(path: &str, dir: &str) -> bool {
    if dir == "/" {
        return true;
    }
    path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The capabilities Docker grants every container by default (`moby/moby`
/// `daemon/pkg/oci/caps/defaults.go`), as normalised names.
pub const DOCKER_DEFAULT_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

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
    fn host_paths_normalise() {
        assert_eq!(normalize_host_path("/etc/").as_deref(), Some("/etc"));
        assert_eq!(
            normalize_host_path("//etc//./ssl").as_deref(),
            Some("/etc/ssl")
        );
        assert_eq!(normalize_host_path("/srv/../etc").as_deref(), Some("/etc"));
        assert_eq!(normalize_host_path("/../..").as_deref(), Some("/"));
        assert_eq!(normalize_host_path("data"), None);
        assert!(path_is_within("/etc/ssl", "/etc"));
        assert!(path_is_within("/etc", "/etc"));
        assert!(!path_is_within("/etc-backup", "/etc"));
        assert!(path_is_within("/anything", "/"));
    }

    #[test]
    fn binds_parse() {
        let m = parse_bind(0, "/etc:/host/etc:ro,rshared");
        assert_eq!((m.source, m.destination), ("/etc", "/host/etc"));
        assert!(!m.writable);
        assert_eq!(m.propagation, "rshared");
        assert!(m.is_bind());
        let v = parse_bind(1, "data:/etc");
        assert!(!v.is_bind());
        assert!(v.writable);
        let odd = parse_bind(2, "");
        assert_eq!(odd.source, "");
    }

    #[test]
    fn wildcard_host_addresses() {
        let binding = |ip: &str| PortBinding {
            host_ip: ip.to_owned(),
            host_port: "80".to_owned(),
        };
        for wildcard in ["", "0.0.0.0", "::", "[::]", " 0:0:0:0:0:0:0:0 "] {
            assert!(binding(wildcard).is_wildcard(), "{wildcard:?}");
        }
        for specific in ["127.0.0.1", "::1", "[::1]", "192.0.2.7", "fe80::1"] {
            assert!(!binding(specific).is_wildcard(), "{specific:?}");
        }
    }

    #[test]
    fn host_port_forms() {
        let binding = |port: &str| PortBinding {
            host_ip: String::new(),
            host_port: port.to_owned(),
        };
        assert_eq!(binding("80").lowest_host_port(), Some(80));
        assert_eq!(binding("8000-8010").lowest_host_port(), Some(8000));
        assert_eq!(binding("").lowest_host_port(), None);
        assert_eq!(binding("0").lowest_host_port(), None);
        assert_eq!(binding("http").lowest_host_port(), None);
        assert_eq!(binding("70000").lowest_host_port(), None);
    }

    #[test]
    fn binding_pointer_escapes_the_port_key() {
        let binding = PortBinding::default();
        let port = PublishedPort {
            container_port: "80/tcp",
            binding: &binding,
            field: "/NetworkSettings/Ports",
            index: 1,
        };
        assert_eq!(port.pointer(), "/NetworkSettings/Ports/80~1tcp/1");
    }

    #[test]
    fn capability_names_normalise() {
        assert_eq!(normalize_capability("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(normalize_capability("NET_ADMIN"), "NET_ADMIN");
        assert_eq!(normalize_capability(" Cap_Net_Raw "), "NET_RAW");
    }
}
