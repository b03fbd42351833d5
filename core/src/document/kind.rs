//! Telling what a document is from its shape.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::document_kind::DocumentKind;
use crate::{Error, InputProblem};

/// Detects the kind of a document from its text.
///
/// JSON documents are recognised by their top-level keys; for an array, by its first element.
/// Anything else is tried as a Dockerfile or a compose file.
pub fn detect_kind(text: &str) -> Result<DocumentKind, Error> {
    let body = strip_bom(text).trim_start();
    if body.is_empty() {
        return Err(Error::input(InputProblem::Empty, "the document is empty"));
    }
    if body.starts_with('{') || body.starts_with('[') {
        let probe: Probe = match serde_json::from_str(body) {
            Ok(probe) => probe,
            // `docker history --format '{{json .}}'` prints one object per line.
            Err(error) => {
                return if history_lines(body) {
                    Ok(DocumentKind::ImageHistory)
                } else {
                    Err(Error::from_json(&error))
                };
            }
        };
        return probe.kind();
    }
    detect_text_kind(strip_bom(text))
}

/// Whether `body`, which is not one JSON value, starts with a `docker history` line.
fn history_lines(body: &str) -> bool {
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<Probe>();
    matches!(stream.next(), Some(Ok(probe @ Probe::Object(_)))
        if probe.kind().ok() == Some(DocumentKind::ImageHistory))
}

/// Detects the kind of an already-parsed JSON value.
pub fn detect_value_kind(value: &serde_json::Value) -> Result<DocumentKind, Error> {
    match value {
        serde_json::Value::Object(map) => {
            let keys: Vec<Cow<'_, str>> = map.keys().map(|k| Cow::Borrowed(k.as_str())).collect();
            kind_from_keys(&keys)
        }
        serde_json::Value::Array(items) => match items.first() {
            Some(first) => detect_value_kind(first),
            None => Err(Error::input(
                InputProblem::Empty,
                "the array holds no documents",
            )),
        },
        serde_json::Value::String(text) => detect_text_kind(text),
        other => Err(Error::input(
            InputProblem::UnknownKind,
            format!(
                "expected a JSON object or array, found {}",
                json_type_name(other)
            ),
        )),
    }
}

pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

pub(crate) fn json_type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn detect_text_kind(body: &str) -> Result<DocumentKind, Error> {
    let mut first_line = None;
    for (number, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // YAML document markers and directives come before a compose file's first key.
        if trimmed == "---" || trimmed.starts_with("--- ") || trimmed.starts_with('%') {
            continue;
        }
        let word = trimmed
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if matches!(word.as_str(), "FROM" | "ARG") {
            return Ok(DocumentKind::Dockerfile);
        }
        let key = trimmed.split(':').next().unwrap_or("");
        if trimmed.contains(':')
            && matches!(
                key,
                "services"
                    | "version"
                    | "name"
                    | "volumes"
                    | "networks"
                    | "secrets"
                    | "configs"
                    | "include"
            )
        {
            return Ok(DocumentKind::Compose);
        }
        if key.starts_with("x-") {
            return Ok(DocumentKind::Compose);
        }
        // The legacy v1 layout: services at the top level, each with an image or a build.
        if is_top_level_key(line) && has_service_body(body) {
            return Ok(DocumentKind::Compose);
        }
        let column = line.chars().count() - line.trim_start().chars().count() + 1;
        first_line = Some((number + 1, column));
        break;
    }
    let mut err = Error::input(
        InputProblem::UnknownKind,
        "the text is neither JSON nor a recognisable Dockerfile or compose file",
    );
    if let (
        Some((l, c)),
        Error::InvalidInput {
            line: line @ None,
            column: column @ None,
            ..
        },
    ) = (first_line, &mut err)
    {
        *line = Some(l);
        *column = Some(c);
    }
    Err(err)
}

fn is_top_level_key(line: &str) -> bool {
    !line.starts_with([' ', '\t', '-'])
        && line
            .split_once(':')
            .is_some_and(|(key, rest)| !key.is_empty() && rest.trim().is_empty())
}

fn has_service_body(body: &str) -> bool {
    body.lines().any(|line| {
        let trimmed = line.trim_start();
        line.len() > trimmed.len()
            && (trimmed.starts_with("image:") || trimmed.starts_with("build:"))
    })
}

/// Top-level keys of a compose file.
const COMPOSE_KEYS: &[&str] = &[
    "version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models",
];

/// Decides the kind from the top-level keys of a JSON object.
pub(crate) fn kind_from_keys(keys: &[Cow<'_, str>]) -> Result<DocumentKind, Error> {
    let has = |name: &str| keys.iter().any(|k| k == name);
    let kind = if has("HostConfig") || (has("State") && has("Config") && has("Id")) {
        Some(DocumentKind::Container)
    } else if has("ProcessConfig") && has("ContainerID") {
        Some(DocumentKind::Exec)
    } else if has("Titles") && has("Processes") {
        Some(DocumentKind::ContainerProcesses)
    } else if has("ociVersion") {
        Some(DocumentKind::OciRuntime)
    } else if has("defaultAction") {
        Some(DocumentKind::SeccompProfile)
    } else if (has("SchemaVersion") && has("Results"))
        || has("ArtifactName")
        || (has("matches") && (has("source") || has("descriptor") || has("image")))
        || (has("runs") && has("version"))
        || (has("vulnerabilities") && (has("packageManager") || has("projectName")))
        || (has("Target") && has("Vulnerabilities"))
    {
        Some(DocumentKind::VulnerabilityReport)
    } else if has("CreatedBy")
        && (has("CreatedSince") || has("CreatedAt") || (has("Created") && has("Id")))
    {
        // A `docker history` line (CLI) or an entry of the API's history array.
        Some(DocumentKind::ImageHistory)
    } else if has("RepoTags")
        || has("RepoDigests")
        || has("RootFS")
        || has("rootfs")
        || (has("ContainerConfig") && has("Id"))
        || (has("architecture") && has("os") && (has("config") || has("history")))
    {
        Some(DocumentKind::Image)
    } else if has("ServerVersion")
        || has("SecurityOptions")
        || has("ContainersRunning")
        || has("NGoroutines")
        || has("ServerErrors")
        || (has("Containers") && has("Images") && has("Driver"))
        || (has("host") && has("store") && has("registries"))
    {
        Some(DocumentKind::DaemonInfo)
    } else if (has("IPAM") && has("Driver")) || (has("Driver") && has("Scope") && has("Name")) {
        Some(DocumentKind::Network)
    } else if (has("Client") || has("Server")) && keys.len() <= 2
        || (has("ApiVersion") && has("Version") && (has("Components") || has("GitCommit")))
    {
        Some(DocumentKind::DaemonVersion)
    } else if has("services")
        && keys
            .iter()
            .all(|k| COMPOSE_KEYS.contains(&k.as_ref()) || k.starts_with("x-"))
    {
        Some(DocumentKind::Compose)
    } else if has("files")
        || has("audit_rules")
        || has("mounts")
        || has("groups")
        || has("environment")
    {
        Some(DocumentKind::HostFacts)
    } else if keys
        .iter()
        .any(|k| DAEMON_CONFIG_KEYS.contains(&k.as_ref()))
        && keys.iter().all(|k| {
            k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    {
        // daemon.json keys are lowercase and kebab-case; newer daemons add keys every release,
        // so one known key among only such keys is enough.
        Some(DocumentKind::DaemonConfig)
    } else {
        None
    };
    kind.ok_or_else(|| {
        let mut shown: Vec<&str> = keys.iter().map(AsRef::as_ref).take(8).collect();
        shown.sort_unstable();
        let message = if keys.is_empty() {
            "an empty object matches no document kind; state the kind explicitly".to_owned()
        } else {
            format!(
                "no document kind has this shape (top-level keys: {}{})",
                shown.join(", "),
                if keys.len() > 8 { ", ..." } else { "" }
            )
        };
        Error::input(InputProblem::UnknownKind, message).under("")
    })
}

/// Keys `dockerd` accepts in `daemon.json` (Linux and Windows), used to recognise the file.
const DAEMON_CONFIG_KEYS: &[&str] = &[
    "allow-nondistributable-artifacts",
    "api-cors-header",
    "authorization-plugins",
    "bip",
    "bip6",
    "bridge",
    "builder",
    "cdi-spec-dirs",
    "cgroup-parent",
    "containerd",
    "containerd-namespace",
    "containerd-plugins-namespace",
    "data-root",
    "debug",
    "default-address-pools",
    "default-cgroupns-mode",
    "default-gateway",
    "default-gateway-v6",
    "default-ipc-mode",
    "default-network-opts",
    "default-runtime",
    "default-shm-size",
    "default-ulimits",
    "dns",
    "dns-opts",
    "dns-search",
    "exec-opts",
    "exec-root",
    "experimental",
    "features",
    "fixed-cidr",
    "fixed-cidr-v6",
    "group",
    "host-gateway-ip",
    "hosts",
    "proxies",
    "icc",
    "init",
    "init-path",
    "insecure-registries",
    "ip",
    "ip-forward",
    "ip-masq",
    "ip6tables",
    "iptables",
    "ipv6",
    "labels",
    "live-restore",
    "log-driver",
    "log-format",
    "log-level",
    "log-opts",
    "max-concurrent-downloads",
    "max-concurrent-uploads",
    "max-download-attempts",
    "metrics-addr",
    "mtu",
    "no-new-privileges",
    "node-generic-resources",
    "oom-score-adjust",
    "pidfile",
    "raw-logs",
    "registry-mirrors",
    "rootless",
    "runtimes",
    "seccomp-profile",
    "selinux-enabled",
    "shutdown-timeout",
    "storage-driver",
    "storage-opts",
    "swarm-default-advertise-addr",
    "tls",
    "tlscacert",
    "tlscert",
    "tlskey",
    "tlsverify",
    "userland-proxy",
    "userland-proxy-path",
    "userns-remap",
    "hyperv",
    "storage-opt",
    "graph",
    "disable-legacy-registry",
    "cluster-store",
    "cluster-advertise",
    "cluster-store-opts",
    "cpu-rt-period",
    "cpu-rt-runtime",
    "default-isolation",
    "deprecated-key-path",
    "firewall-backend",
];

/// The top-level keys of a JSON document: of the object, or of an array's first element.
#[derive(Debug)]
enum Probe {
    Object(Vec<String>),
    Array(Option<Vec<String>>),
    Scalar(&'static str),
}

impl Probe {
    fn kind(&self) -> Result<DocumentKind, Error> {
        match self {
            Probe::Object(keys) => {
                let keys: Vec<Cow<'_, str>> =
                    keys.iter().map(|k| Cow::Borrowed(k.as_str())).collect();
                kind_from_keys(&keys)
            }
            Probe::Array(Some(keys)) => {
                let keys: Vec<Cow<'_, str>> =
                    keys.iter().map(|k| Cow::Borrowed(k.as_str())).collect();
                kind_from_keys(&keys).map_err(|e| e.under("/0"))
            }
            Probe::Array(None) => Err(Error::input(
                InputProblem::Empty,
                "the array holds no documents",
            )),
            Probe::Scalar(what) => Err(Error::input(
                InputProblem::UnknownKind,
                format!("expected a JSON object or array, found {what}"),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ProbeVisitor { top: true })
    }
}

struct KeysOnly(Vec<String>);

impl<'de> Deserialize<'de> for KeysOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(ProbeVisitor { top: false })? {
            Probe::Object(keys) => Ok(KeysOnly(keys)),
            _ => Ok(KeysOnly(Vec::new())),
        }
    }
}

struct ProbeVisitor {
    top: bool,
}

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            map.next_value::<Skip>()?;
            keys.push(key.into_owned());
        }
        Ok(Probe::Object(keys))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
        if !self.top {
            while seq.next_element::<Skip>()?.is_some() {}
            return Ok(Probe::Scalar("an array"));
        }
        let first = seq.next_element::<KeysOnly>()?.map(|k| k.0);
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Probe::Array(first))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Probe, E> {
        Ok(Probe::Scalar("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Probe, E> {
        Ok(Probe::Scalar("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Probe, E> {
        Ok(Probe::Scalar("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Probe, E> {
        Ok(Probe::Scalar("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Probe, E> {
        Ok(Probe::Scalar("a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe::Scalar("null"))
    }
}

/// Skips a value like [`IgnoredAny`], but by visiting it, so the parser's nesting limit applies:
/// `serde_json` skips ignored values iteratively without counting depth, and the probe is the
/// one pass that sees every byte of a document.
pub(crate) struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_text_names_its_first_line() {
        let result = detect_kind("\n# notes\n  hello world\n");
        assert!(matches!(
            result,
            Err(Error::InvalidInput {
                problem: InputProblem::UnknownKind,
                line: Some(3),
                column: Some(3),
                ..
            })
        ));
        assert_eq!(
            detect_kind("# syntax=docker/dockerfile:1\nfrom alpine\n").ok(),
            Some(DocumentKind::Dockerfile)
        );
    }

    #[test]
    fn host_facts_with_only_the_newer_collections_are_host_facts() {
        for text in [
            r#"{"mounts": []}"#,
            r#"{"groups": [{"name": "docker", "gid": 998}]}"#,
            r#"{"hostname": "node1", "environment": {}}"#,
        ] {
            assert_eq!(
                detect_kind(text).ok(),
                Some(DocumentKind::HostFacts),
                "{text}"
            );
        }
        // daemon.json's socket `group` (singular) stays daemon.json.
        assert_eq!(
            detect_kind(r#"{"group": "docker"}"#).ok(),
            Some(DocumentKind::DaemonConfig)
        );
        assert!(matches!(
            detect_kind("{}"),
            Err(Error::InvalidInput {
                problem: InputProblem::UnknownKind,
                ..
            })
        ));
    }
}
