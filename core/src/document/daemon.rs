//! The daemon subject: what `docker info`, `docker version` and `daemon.json` say about one
//! Docker (or Podman) engine.
//!
//! The three documents are parsed separately and combined into one [`Daemon`] per bundle, so a
//! daemon rule has one outcome per host. Each document keeps its own [`Origin`]; a rule names
//! the value it reports on with a field whose first token is the document kind
//! (`/daemon_info/SecurityOptions`, `/daemon_config/icc`, `/daemon_version/Components/1/Version`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::lenient::{nullable, string_or_list};
use super::origin::Origin;
use crate::location::Location;
use crate::{DocumentKind, Error, InputProblem, pointer};

/// Which engine produced a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Product {
    /// Docker Engine (moby).
    #[default]
    Docker,
    /// Podman.
    Podman,
}

/// `docker info --format '{{json .}}'` or Engine API `GET /info`; `podman info --format json`
/// is mapped onto the same fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DaemonInfo {
    /// Daemon id.
    #[serde(default, rename = "ID", deserialize_with = "nullable")]
    pub id: String,
    /// Host name.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Engine version (`24.0.7`, `20.10.25+dfsg1`).
    #[serde(default, deserialize_with = "nullable")]
    pub server_version: String,
    /// Storage driver.
    #[serde(default, deserialize_with = "nullable")]
    pub driver: String,
    /// Default logging driver of containers.
    #[serde(default, deserialize_with = "nullable")]
    pub logging_driver: String,
    /// Where the daemon keeps images, containers and volumes (`/var/lib/docker`; the
    /// `<uid>.<gid>` directory below it when user namespaces are remapped).
    #[serde(default, deserialize_with = "nullable")]
    pub docker_root_dir: String,
    /// `1` or `2` (cgroup v1 or v2); empty before Engine 20.10.
    #[serde(default, deserialize_with = "nullable")]
    pub cgroup_version: String,
    /// `linux` or `windows`.
    #[serde(default, rename = "OSType", deserialize_with = "nullable")]
    pub os_type: String,
    /// Debug mode; `None` when the document does not say.
    #[serde(default)]
    pub debug: Option<bool>,
    /// Experimental features enabled.
    #[serde(default)]
    pub experimental_build: Option<bool>,
    /// `--live-restore`; absent before Engine 1.12.
    #[serde(default)]
    pub live_restore_enabled: Option<bool>,
    /// `name=apparmor`, `name=seccomp,profile=builtin`, ...; `None` when the document has no
    /// such list (engines before 1.12, trimmed documents), which is not the same as empty.
    #[serde(default)]
    pub security_options: Option<Vec<String>>,
    /// Plugins.
    #[serde(default)]
    pub plugins: Option<Plugins>,
    /// Registry configuration.
    #[serde(default)]
    pub registry_config: Option<RegistryConfig>,
    /// Swarm state.
    #[serde(default)]
    pub swarm: Option<SwarmInfo>,
    /// Containers in total.
    #[serde(default)]
    pub containers: Option<i64>,
    /// Running containers.
    #[serde(default)]
    pub containers_running: Option<i64>,
    /// Paused containers.
    #[serde(default)]
    pub containers_paused: Option<i64>,
    /// Stopped containers.
    #[serde(default)]
    pub containers_stopped: Option<i64>,
    /// Images.
    #[serde(default)]
    pub images: Option<i64>,
    /// Warnings the daemon reports.
    #[serde(default, deserialize_with = "string_or_list")]
    pub warnings: Vec<String>,
    /// Errors the CLI met while asking the daemon.
    #[serde(default, deserialize_with = "string_or_list")]
    pub server_errors: Vec<String>,
    /// Which engine produced the document.
    #[serde(skip)]
    pub product: Product,
    /// Where the values came from.
    #[serde(skip)]
    pub origin: Origin,
    /// For documents of another shape (podman): Engine API path prefix → pointer in the
    /// document.
    #[serde(skip)]
    aliases: BTreeMap<&'static str, &'static str>,
}

/// `Plugins`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Plugins {
    /// Authorization plugins.
    #[serde(default, deserialize_with = "nullable")]
    pub authorization: Vec<String>,
    /// Log drivers available.
    #[serde(default, deserialize_with = "nullable")]
    pub log: Vec<String>,
}

/// `RegistryConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RegistryConfig {
    /// CIDRs the daemon reaches over plain HTTP.
    #[serde(
        default,
        rename = "InsecureRegistryCIDRs",
        deserialize_with = "nullable"
    )]
    pub insecure_registry_cidrs: Vec<String>,
    /// Per-registry settings.
    #[serde(default, deserialize_with = "nullable")]
    pub index_configs: BTreeMap<String, IndexConfig>,
}

/// `RegistryConfig.IndexConfigs.<name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct IndexConfig {
    /// Registry name.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Whether TLS is verified.
    #[serde(default)]
    pub secure: Option<bool>,
}

/// `Swarm`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SwarmInfo {
    /// `""`, `inactive`, `pending`, `active`, `error` or `locked`.
    #[serde(default, deserialize_with = "nullable")]
    pub local_node_state: String,
    /// Whether this node is a manager.
    #[serde(default, deserialize_with = "nullable")]
    pub control_available: bool,
    /// Nodes in the swarm (managers only).
    #[serde(default)]
    pub nodes: Option<i64>,
    /// Managers in the swarm (managers only).
    #[serde(default)]
    pub managers: Option<i64>,
    /// Cluster information (managers only).
    #[serde(default)]
    pub cluster: Option<SwarmCluster>,
}

impl SwarmInfo {
    /// Whether this node takes part in an active swarm (`LocalNodeState` is `active`).
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.local_node_state.eq_ignore_ascii_case("active")
    }

    /// The cluster information a manager reports; `None` on workers and outside a swarm.
    #[must_use]
    pub fn manager_cluster(&self) -> Option<&SwarmCluster> {
        self.cluster.as_ref().filter(|_| self.control_available)
    }
}

/// `Swarm.Cluster`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SwarmCluster {
    /// Cluster spec.
    #[serde(default, deserialize_with = "nullable")]
    pub spec: SwarmSpec,
}

/// `Swarm.Cluster.Spec`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SwarmSpec {
    /// Encryption settings.
    #[serde(default)]
    pub encryption_config: Option<SwarmEncryption>,
    /// CA settings.
    #[serde(default, rename = "CAConfig")]
    pub ca_config: Option<SwarmCaConfig>,
}

/// `Swarm.Cluster.Spec.EncryptionConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SwarmEncryption {
    /// Whether managers lock their keys at rest.
    #[serde(default, deserialize_with = "nullable")]
    pub auto_lock_managers: bool,
}

/// `Swarm.Cluster.Spec.CAConfig`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SwarmCaConfig {
    /// Validity of node certificates in nanoseconds; 0 means the default (90 days).
    #[serde(default, deserialize_with = "nullable")]
    pub node_cert_expiry: i64,
}

/// One entry of `SecurityOptions`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaemonSecurityOption<'a> {
    /// Position in `SecurityOptions`.
    pub index: usize,
    /// `apparmor`, `seccomp`, `selinux`, `userns`, `rootless`, `cgroupns`, `no-new-privileges`.
    pub name: &'a str,
    /// The `profile=` value of the seccomp entry.
    pub profile: Option<&'a str>,
}

impl DaemonInfo {
    /// The parsed security options; `None` when the document does not list them. Both the
    /// current `name=seccomp,profile=builtin` form and the 1.12-era bare words are understood;
    /// malformed entries are skipped.
    #[must_use]
    pub fn security_options(&self) -> Option<Vec<DaemonSecurityOption<'_>>> {
        let raw = self.security_options.as_ref()?;
        Some(
            raw.iter()
                .enumerate()
                .filter_map(|(index, entry)| parse_daemon_security_option(index, entry))
                .collect(),
        )
    }

    /// The security option called `name`: `Some(Some(_))` when listed, `Some(None)` when the
    /// list is known and does not have it, `None` when the document does not list security
    /// options or has an entry that cannot be read (so absence proves nothing).
    #[must_use]
    pub fn security_option(&self, name: &str) -> Option<Option<DaemonSecurityOption<'_>>> {
        let raw = self.security_options.as_ref()?;
        let opts = self.security_options()?;
        let found = opts
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
            .copied();
        if found.is_none() && opts.len() < raw.iter().filter(|e| !e.trim().is_empty()).count() {
            return None;
        }
        Some(found)
    }

    /// Whether this is a Windows daemon.
    #[must_use]
    pub fn is_windows(&self) -> bool {
        self.os_type.eq_ignore_ascii_case("windows")
    }

    fn pointer_of(&self, field: &str) -> String {
        for (api, actual) in self.aliases.iter().rev() {
            if let Some(rest) = field.strip_prefix(api)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                return (*actual).to_owned();
            }
        }
        field.to_owned()
    }
}

fn parse_daemon_security_option(index: usize, entry: &str) -> Option<DaemonSecurityOption<'_>> {
    let entry = entry.trim();
    if !entry.contains('=') {
        return (!entry.is_empty()).then_some(DaemonSecurityOption {
            index,
            name: entry,
            profile: None,
        });
    }
    let mut name = None;
    let mut profile = None;
    for part in entry.split(',') {
        match part.split_once('=') {
            Some(("name", v)) if !v.is_empty() => name = Some(v.trim()),
            Some(("profile", v)) => profile = Some(v.trim()),
            _ => {}
        }
    }
    name.map(|name| DaemonSecurityOption {
        index,
        name,
        profile,
    })
}

/// `podman info --format json`, as far as it maps onto `docker info`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodmanInfo {
    #[serde(default)]
    host: PodmanHost,
    #[serde(default)]
    store: PodmanStore,
    #[serde(default)]
    version: PodmanVersion,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodmanHost {
    #[serde(default, deserialize_with = "nullable")]
    hostname: String,
    #[serde(default, deserialize_with = "nullable")]
    log_driver: String,
    #[serde(default, deserialize_with = "nullable")]
    os: String,
    #[serde(default)]
    security: Option<PodmanSecurity>,
    #[serde(default)]
    id_mappings: Option<PodmanIdMappings>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(
    clippy::struct_excessive_bools,
    reason = "mirrors podman's independent flags"
)]
struct PodmanSecurity {
    #[serde(default, deserialize_with = "nullable")]
    apparmor_enabled: bool,
    #[serde(default, deserialize_with = "nullable")]
    rootless: bool,
    #[serde(default, deserialize_with = "nullable")]
    seccomp_enabled: bool,
    #[serde(default, deserialize_with = "nullable")]
    seccomp_profile_path: String,
    #[serde(default, deserialize_with = "nullable")]
    selinux_enabled: bool,
}

#[derive(Debug, Default, Deserialize)]
struct PodmanIdMappings {
    #[serde(default, deserialize_with = "nullable")]
    uidmap: Vec<PodmanIdMap>,
}

#[derive(Debug, Default, Deserialize)]
struct PodmanIdMap {
    #[serde(default, deserialize_with = "nullable")]
    container_id: i64,
    #[serde(default, deserialize_with = "nullable")]
    host_id: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodmanStore {
    #[serde(default, deserialize_with = "nullable")]
    graph_driver_name: String,
    #[serde(default, deserialize_with = "nullable")]
    graph_root: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PodmanVersion {
    #[serde(default, deserialize_with = "nullable")]
    version: String,
}

impl PodmanInfo {
    fn into_info(self) -> DaemonInfo {
        let mut info = DaemonInfo {
            name: self.host.hostname,
            server_version: self.version.version,
            driver: self.store.graph_driver_name,
            docker_root_dir: self.store.graph_root,
            logging_driver: self.host.log_driver,
            os_type: self.host.os,
            product: Product::Podman,
            ..DaemonInfo::default()
        };
        if let Some(sec) = self.host.security {
            let mut opts = Vec::new();
            if sec.apparmor_enabled {
                opts.push("name=apparmor".to_owned());
            }
            if sec.seccomp_enabled {
                let profile = if sec.seccomp_profile_path.is_empty() {
                    "builtin"
                } else {
                    &sec.seccomp_profile_path
                };
                opts.push(format!("name=seccomp,profile={profile}"));
            }
            if sec.selinux_enabled {
                opts.push("name=selinux".to_owned());
            }
            if sec.rootless {
                opts.push("name=rootless".to_owned());
            }
            let remapped = self.host.id_mappings.is_some_and(|m| {
                m.uidmap
                    .iter()
                    .any(|e| e.container_id == 0 && e.host_id != 0)
            });
            if remapped {
                opts.push("name=userns".to_owned());
            }
            info.security_options = Some(opts);
        }
        info.aliases = BTreeMap::from([
            ("/DockerRootDir", "/store/graphRoot"),
            ("/Driver", "/store/graphDriverName"),
            ("/LoggingDriver", "/host/logDriver"),
            ("/Name", "/host/hostname"),
            ("/OSType", "/host/os"),
            ("/SecurityOptions", "/host/security"),
            ("/ServerVersion", "/version/Version"),
        ]);
        info
    }
}

/// Parses a daemon info document (Docker or Podman shape).
pub(crate) fn parse_info(value: &serde_json::Value) -> Result<DaemonInfo, Error> {
    let serde_json::Value::Object(map) = value else {
        return Err(Error::input(
            InputProblem::Type,
            format!(
                "expected an object, found {}",
                super::kind::json_type_name(value)
            ),
        ));
    };
    if map.contains_key("host") && map.contains_key("store") {
        let podman: PodmanInfo = super::typed_from_value(value)?;
        return Ok(podman.into_info());
    }
    let info: DaemonInfo = super::typed_from_value(value)?;
    let has_data = map
        .keys()
        .any(|k| !matches!(k.as_str(), "ServerErrors" | "ClientErrors" | "ClientInfo"));
    if !has_data {
        let errors = if info.server_errors.is_empty() {
            "no server errors were recorded".to_owned()
        } else {
            info.server_errors.join("; ")
        };
        return Err(Error::input(
            InputProblem::Empty,
            format!(
                "the docker info output holds no daemon information, only errors ({errors}); was the daemon reachable?"
            ),
        ));
    }
    Ok(info)
}

/// `docker version --format '{{json .}}'` (its `Server` part) or Engine API `GET /version`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DaemonVersion {
    /// Engine version.
    pub version: String,
    /// API version.
    pub api_version: String,
    /// Experimental features enabled.
    pub experimental: Option<bool>,
    /// Components (`Engine`, `containerd`, `runc`, `docker-init`) with their versions.
    pub components: Vec<Component>,
    /// Which engine produced the document.
    pub product: Product,
    /// Where the values came from; its base pointer is that of the server part.
    pub origin: Origin,
}

/// One entry of `Server.Components`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Component {
    /// `Engine`, `containerd`, `runc`, `docker-init`.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Version as reported (`1.1.12`, `v1.7.13`).
    #[serde(default, deserialize_with = "nullable")]
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawServerVersion {
    #[serde(default, deserialize_with = "nullable")]
    version: String,
    #[serde(default, deserialize_with = "nullable")]
    api_version: String,
    #[serde(default, rename = "APIVersion", deserialize_with = "nullable")]
    podman_api_version: String,
    #[serde(default)]
    experimental: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    components: Vec<Component>,
}

impl DaemonVersion {
    /// The version of component `name` (case-insensitive) with its index in `Components`.
    #[must_use]
    pub fn component(&self, name: &str) -> Option<(usize, &Component)> {
        self.components
            .iter()
            .enumerate()
            .find(|(_, c)| c.name.eq_ignore_ascii_case(name))
    }

    /// The engine version and the field it was read from (relative to the server part).
    #[must_use]
    pub fn engine_version(&self) -> (&str, String) {
        match self.component("Engine") {
            Some((i, c)) if !c.version.is_empty() => {
                let mut field = String::from("/Components");
                pointer::push_index(&mut field, i);
                field.push_str("/Version");
                (&c.version, field)
            }
            _ => (&self.version, "/Version".to_owned()),
        }
    }
}

/// Parses a daemon version document: the CLI's `{Client, Server}` or the API's server object.
pub(crate) fn parse_version(
    value: &serde_json::Value,
    source: &str,
    base: String,
) -> Result<DaemonVersion, Error> {
    let serde_json::Value::Object(map) = value else {
        return Err(Error::input(
            InputProblem::Type,
            format!(
                "expected an object, found {}",
                super::kind::json_type_name(value)
            ),
        ));
    };
    let (server, base) = if map.contains_key("Server") || map.contains_key("Client") {
        match map.get("Server") {
            Some(server @ serde_json::Value::Object(_)) => (server, format!("{base}/Server")),
            _ => {
                return Err(Error::input(
                    InputProblem::Empty,
                    "the docker version output has no Server part (only the client answered; was the daemon reachable?)",
                )
                .under("/Server"));
            }
        }
    } else {
        (value, base)
    };
    let raw: RawServerVersion = super::typed_from_value(server).map_err(|e| {
        if base.ends_with("/Server") {
            e.under("/Server")
        } else {
            e
        }
    })?;
    let product = if raw.podman_api_version.is_empty() {
        Product::Docker
    } else {
        Product::Podman
    };
    Ok(DaemonVersion {
        version: raw.version,
        api_version: if raw.api_version.is_empty() {
            raw.podman_api_version
        } else {
            raw.api_version
        },
        experimental: raw.experimental,
        components: raw.components,
        product,
        origin: Origin::json(source, base),
    })
}

/// The daemon's `daemon.json`. Only the keys rules read are modelled; a key that is absent is
/// `None` (the daemon's default applies), which rules keep apart from an explicit value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct DaemonConfig {
    /// Inter-container communication on the default bridge (default true).
    #[serde(default)]
    pub icc: Option<bool>,
    /// Whether the daemon manages iptables rules (default true).
    #[serde(default)]
    pub iptables: Option<bool>,
    /// Whether the daemon manages ip6tables rules.
    #[serde(default)]
    pub ip6tables: Option<bool>,
    /// IPv6 on the default bridge.
    #[serde(default)]
    pub ipv6: Option<bool>,
    /// The userland proxy for published ports (default true).
    #[serde(default)]
    pub userland_proxy: Option<bool>,
    /// Live restore (default false).
    #[serde(default)]
    pub live_restore: Option<bool>,
    /// Daemon-wide no-new-privileges default (default false).
    #[serde(default)]
    pub no_new_privileges: Option<bool>,
    /// `default` or `user[:group]` to remap container root to.
    #[serde(default)]
    pub userns_remap: Option<String>,
    /// `debug`, `info`, `warn`, `error`, `fatal`.
    #[serde(default)]
    pub log_level: Option<String>,
    /// Debug mode.
    #[serde(default)]
    pub debug: Option<bool>,
    /// Default logging driver.
    #[serde(default)]
    pub log_driver: Option<String>,
    /// Default options of the logging driver (`max-size`, `max-file`).
    #[serde(default)]
    pub log_opts: Option<BTreeMap<String, serde_json::Value>>,
    /// Registries reached over plain HTTP.
    #[serde(default)]
    pub insecure_registries: Option<Vec<String>>,
    /// Storage driver.
    #[serde(default)]
    pub storage_driver: Option<String>,
    /// Storage driver options (`dm.basesize=20G`).
    #[serde(default)]
    pub storage_opts: Option<Vec<String>>,
    /// Listeners (`unix:///var/run/docker.sock`, `tcp://0.0.0.0:2376`, `fd://`).
    #[serde(default)]
    pub hosts: Option<Vec<String>>,
    /// TLS on the TCP listener.
    #[serde(default)]
    pub tls: Option<bool>,
    /// TLS with client certificate verification.
    #[serde(default)]
    pub tlsverify: Option<bool>,
    /// CA that client certificates must chain to.
    #[serde(default)]
    pub tlscacert: Option<String>,
    /// Server certificate.
    #[serde(default)]
    pub tlscert: Option<String>,
    /// Server key.
    #[serde(default)]
    pub tlskey: Option<String>,
    /// Default ulimits, by name.
    #[serde(default)]
    pub default_ulimits: Option<BTreeMap<String, serde_json::Value>>,
    /// Parent cgroup of every container.
    #[serde(default)]
    pub cgroup_parent: Option<String>,
    /// The cgroup namespace of containers that do not choose one: `host` or `private`.
    #[serde(default)]
    pub default_cgroupns_mode: Option<String>,
    /// Authorization plugins.
    #[serde(default)]
    pub authorization_plugins: Option<Vec<String>>,
    /// Default seccomp profile: a path, `builtin` or `unconfined`.
    #[serde(default)]
    pub seccomp_profile: Option<String>,
    /// Experimental features.
    #[serde(default)]
    pub experimental: Option<bool>,
    /// SELinux labelling.
    #[serde(default)]
    pub selinux_enabled: Option<bool>,
    /// Rootless mode.
    #[serde(default)]
    pub rootless: Option<bool>,
    /// Where the daemon keeps its state (default `/var/lib/docker`).
    #[serde(default)]
    pub data_root: Option<String>,
    /// The group that owns the Unix socket (default `docker`).
    #[serde(default)]
    pub group: Option<String>,
    /// Where the values came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// The daemon subject: the daemon documents of one bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Daemon {
    /// `docker info`.
    pub info: Option<DaemonInfo>,
    /// `docker version`.
    pub version: Option<DaemonVersion>,
    /// `daemon.json`.
    pub config: Option<DaemonConfig>,
}

/// The daemon's default cgroup namespace mode (see [`Daemon::default_cgroupns`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CgroupnsDefault {
    /// Whether the default is the host's cgroup namespace.
    pub host: bool,
    /// What decided it, for messages.
    pub reason: &'static str,
    /// The daemon field that decided it (`/daemon_info/SecurityOptions`).
    pub field: String,
}

/// What the daemon documents say about one daemon setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known<T> {
    /// The documents decide it: the value and the field it was read from.
    Yes(T, &'static str),
    /// No document in the bundle decides it; the kind that would.
    Unknown(DocumentKind),
}

impl Daemon {
    /// The name reports show.
    #[must_use]
    pub fn display_name(&self) -> String {
        if let Some(info) = &self.info
            && !info.name.is_empty()
        {
            return info.name.clone();
        }
        "daemon".to_owned()
    }

    /// The daemon id, when docker info gives one.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.info
            .as_ref()
            .map(|i| i.id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// The source name shown for the subject: that of the first document present.
    #[must_use]
    pub fn source(&self) -> &str {
        if let Some(info) = &self.info {
            return &info.origin.source;
        }
        if let Some(version) = &self.version {
            return &version.origin.source;
        }
        self.config
            .as_ref()
            .map_or("", |c| c.origin.source.as_str())
    }

    /// The running engine's version: docker version's Engine component, else docker info's
    /// `ServerVersion`; with the field it was read from.
    #[must_use]
    pub fn engine_version(&self) -> Option<(&str, String)> {
        if let Some(version) = &self.version {
            let (v, field) = version.engine_version();
            if !v.is_empty() {
                return Some((v, format!("/daemon_version{field}")));
            }
        }
        let info = self.info.as_ref()?;
        (!info.server_version.is_empty()).then(|| {
            (
                info.server_version.as_str(),
                "/daemon_info/ServerVersion".to_owned(),
            )
        })
    }

    /// Whether docker info shows a Windows daemon (Linux-only settings do not apply there).
    #[must_use]
    pub fn is_windows(&self) -> bool {
        self.info.as_ref().is_some_and(DaemonInfo::is_windows)
    }

    /// Which engine this is.
    #[must_use]
    pub fn product(&self) -> Product {
        match (&self.info, &self.version) {
            (Some(i), _) if i.product == Product::Podman => Product::Podman,
            (_, Some(v)) if v.product == Product::Podman => Product::Podman,
            _ => Product::Docker,
        }
    }

    /// Whether container root is an unprivileged host user: docker info's `name=userns`
    /// (authoritative) or `name=rootless` (the whole daemon runs in a user namespace), else
    /// daemon.json's `userns-remap` or `rootless`.
    #[must_use]
    pub fn userns_remap(&self) -> Known<bool> {
        if let Some(info) = &self.info
            && let Some(opt) = info.security_option("userns")
        {
            let rootless = matches!(info.security_option("rootless"), Some(Some(_)));
            return Known::Yes(opt.is_some() || rootless, "/daemon_info/SecurityOptions");
        }
        if let Some(config) = &self.config {
            let on = config
                .userns_remap
                .as_deref()
                .is_some_and(|v| !v.trim().is_empty())
                || config.rootless == Some(true);
            return Known::Yes(on, "/daemon_config");
        }
        Known::Unknown(DocumentKind::DaemonInfo)
    }

    /// The daemon-wide no-new-privileges default.
    ///
    /// docker info lists `name=no-new-privileges` from Engine 24.0 on, so there its absence means
    /// off. For older engines (and Podman) daemon.json decides, where an absent key is the
    /// default, off.
    #[must_use]
    pub fn no_new_privileges(&self) -> Known<bool> {
        if let Some(info) = &self.info
            && info.product == Product::Docker
            && let Some(opt) = info.security_option("no-new-privileges")
        {
            if opt.is_some() {
                return Known::Yes(true, "/daemon_info/SecurityOptions");
            }
            let reports_it = self
                .engine_version()
                .and_then(|(v, _)| Version::parse(v))
                .is_some_and(|v| v >= Version::new(24, 0, 0));
            if reports_it {
                return Known::Yes(false, "/daemon_info/SecurityOptions");
            }
        }
        if let Some(config) = &self.config {
            return match config.no_new_privileges {
                Some(on) => Known::Yes(on, "/daemon_config/no-new-privileges"),
                None => Known::Yes(false, "/daemon_config"),
            };
        }
        Known::Unknown(DocumentKind::DaemonConfig)
    }

    /// The daemon's default seccomp profile: docker info's `name=seccomp,profile=…`, else
    /// daemon.json's `seccomp-profile` (absent = the built-in profile). `Known::Yes(None, _)`
    /// means the daemon reports no seccomp support at all.
    #[must_use]
    pub fn seccomp_profile(&self) -> Known<Option<&str>> {
        if let Some(info) = &self.info
            && let Some(opt) = info.security_option("seccomp")
        {
            return Known::Yes(
                opt.map(|o| o.profile.unwrap_or("builtin")),
                "/daemon_info/SecurityOptions",
            );
        }
        if let Some(config) = &self.config {
            return match config.seccomp_profile.as_deref() {
                Some(p) if !p.trim().is_empty() => {
                    Known::Yes(Some(p.trim()), "/daemon_config/seccomp-profile")
                }
                _ => Known::Yes(Some("builtin"), "/daemon_config"),
            };
        }
        Known::Unknown(DocumentKind::DaemonInfo)
    }

    /// The cgroup namespace containers get when they do not choose one, with the reason and
    /// the field that decides it; `None` when no document in the bundle decides it (the kind that
    /// would is docker info).
    ///
    /// From Engine 20.10 docker info lists `name=cgroupns` exactly when the daemon's default is
    /// `private`, whatever set it (daemon.json, a `dockerd` flag, cgroup v2), so there its
    /// absence means `host`. Otherwise daemon.json's `default-cgroupns-mode` decides; without
    /// it, engines before 20.10 know only `host`, and from 20.10 the default follows docker
    /// info's `CgroupVersion` (`host` on cgroup v1, `private` on v2).
    #[must_use]
    pub fn default_cgroupns(&self) -> Option<CgroupnsDefault> {
        let yes = |host, reason, field: &str| {
            Some(CgroupnsDefault {
                host,
                reason,
                field: field.to_owned(),
            })
        };
        let engine = self.engine_version();
        let before_20_10 = engine
            .as_ref()
            .and_then(|(v, _)| Version::parse(v))
            .map(|v| v < Version::new(20, 10, 0));
        if let Some(info) = &self.info
            && info.product == Product::Docker
            && before_20_10 == Some(false)
            && let Some(opt) = info.security_option("cgroupns")
        {
            return match opt {
                None => yes(
                    true,
                    "docker info lists no `name=cgroupns` security option",
                    "/daemon_info/SecurityOptions",
                ),
                Some(_) => yes(
                    false,
                    "docker info lists `name=cgroupns`",
                    "/daemon_info/SecurityOptions",
                ),
            };
        }
        if let Some(config) = &self.config
            && let Some(mode) = config.default_cgroupns_mode.as_deref()
            && !mode.trim().is_empty()
        {
            return if mode.trim().eq_ignore_ascii_case("host") {
                yes(
                    true,
                    "daemon.json sets `default-cgroupns-mode` to `host`",
                    "/daemon_config/default-cgroupns-mode",
                )
            } else {
                yes(
                    false,
                    "daemon.json sets `default-cgroupns-mode` to `private`",
                    "/daemon_config/default-cgroupns-mode",
                )
            };
        }
        if let (Some(true), Some((_, field))) = (before_20_10, &engine) {
            return yes(
                true,
                "the engine is older than 20.10, where `host` is the only mode",
                field,
            );
        }
        match self.info.as_ref().map(|i| i.cgroup_version.trim()) {
            Some("1") => yes(
                true,
                "docker info shows cgroup v1, where the default is `host`",
                "/daemon_info/CgroupVersion",
            ),
            Some("2") => yes(
                false,
                "docker info shows cgroup v2, where the default is `private`",
                "/daemon_info/CgroupVersion",
            ),
            _ => None,
        }
    }

    /// The location of `field`, whose first token names the document
    /// (`/daemon_info/Swarm/LocalNodeState`).
    #[must_use]
    pub fn locate(&self, field: &str) -> Location {
        let trimmed = field.strip_prefix('/').unwrap_or(field);
        let (doc, rest) = match trimmed.find('/') {
            Some(at) => (&trimmed[..at], &trimmed[at..]),
            None => (trimmed, ""),
        };
        match doc {
            "daemon_info" => {
                if let Some(info) = &self.info {
                    return info.origin.locate(&info.pointer_of(rest));
                }
            }
            "daemon_version" => {
                if let Some(version) = &self.version {
                    return version.origin.locate(rest);
                }
            }
            "daemon_config" => {
                if let Some(config) = &self.config {
                    return config.origin.locate(rest);
                }
            }
            _ => {}
        }
        Location {
            source: self.source().to_owned(),
            pointer: Some(String::new()),
            line: None,
            column: None,
        }
    }
}

/// A release version, compared numerically: `24.0.7`, `v1.7.13`, `1.1.12-0ubuntu2`,
/// `20.10.25+dfsg1`, `17.06.1-ce`, `1.0.0-rc6`.
///
/// A suffix after `-` counts as a pre-release only when it starts with `rc`, `alpha`, `beta` or
/// `pre` (so `1.0.0-rc6` is before `1.0.0`); distribution revisions (`-0ubuntu2`), editions
/// (`-ce`) and build metadata (`+dfsg1`) are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Major, minor and patch numbers.
    pub numbers: [u64; 3],
    /// The pre-release number (`rc6` → 6); `None` for a release.
    pub pre: Option<u64>,
}

impl Version {
    /// A release version.
    #[must_use]
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            numbers: [major, minor, patch],
            pre: None,
        }
    }

    /// Parses a version; `None` when it does not start with a number.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let raw = raw.strip_prefix(['v', 'V']).unwrap_or(raw);
        let raw = raw.split('+').next().unwrap_or(raw);
        let (core, suffix) = match raw.split_once('-') {
            Some((core, suffix)) => (core, Some(suffix)),
            None => (raw, None),
        };
        let mut numbers = [0_u64; 3];
        let mut parts = core.split('.');
        for slot in &mut numbers {
            match parts.next() {
                Some(part) => {
                    let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
                    *slot = digits.parse().ok()?;
                }
                None => break,
            }
        }
        let pre = suffix.and_then(|s| {
            let lower = s.to_ascii_lowercase();
            let tag = ["rc", "alpha", "beta", "pre"]
                .into_iter()
                .find(|t| lower.starts_with(t))?;
            let rest = lower[tag.len()..].trim_start_matches(['.', '-']);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some(digits.parse().unwrap_or(0))
        });
        Some(Version { numbers, pre })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers
            .cmp(&other.numbers)
            .then_with(|| match (self.pre, other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(&b),
            })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [a, b, c] = self.numbers;
        write!(f, "{a}.{b}.{c}")?;
        if let Some(pre) = self.pre {
            write!(f, "-rc{pre}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        let v = |s| Version::parse(s).unwrap_or_else(|| Version::new(0, 0, 0));
        assert!(v("1.1.12") > v("1.1.9"));
        assert!(v("v1.7.13") > v("1.6.99"));
        assert_eq!(v("1.1.12-0ubuntu2~22.04.1"), Version::new(1, 1, 12));
        assert_eq!(v("20.10.25+dfsg1"), Version::new(20, 10, 25));
        assert_eq!(v("17.06.1-ce"), Version::new(17, 6, 1));
        assert!(v("1.0.0-rc6") < v("1.0.0-rc10"));
        assert!(v("1.0.0-rc10") < v("1.0.0"));
        assert_eq!(v("24"), Version::new(24, 0, 0));
        assert!(Version::parse("unknown").is_none());
    }

    #[test]
    fn security_option_forms() {
        let p = |s| parse_daemon_security_option(0, s);
        assert_eq!(p("name=apparmor").map(|o| o.name), Some("apparmor"));
        let seccomp = p("name=seccomp,profile=builtin");
        assert_eq!(seccomp.and_then(|o| o.profile), Some("builtin"));
        assert_eq!(p("seccomp").map(|o| o.name), Some("seccomp"));
        assert_eq!(p("foo="), None);
        assert_eq!(p(""), None);
    }
}
