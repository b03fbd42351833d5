//! Compose files: each service becomes a [`Container`] in the Engine API shape of the container
//! `docker compose up` would create, with the line and column of every key it was read from.
//!
//! Reads the compose specification (version-less), the 2.x and 3.x file formats and the legacy
//! v1 layout (services at the top level). `${VAR}` interpolation is resolved from variables the
//! caller supplies (the core reads no environment); a variable that is neither supplied nor
//! defaulted is substituted with the empty string, as compose does, and recorded on the
//! container as an [`UnresolvedVariable`] so a rule reports it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::container::{
    Container, Device, DeviceRequest, Healthcheck, MountPoint, PortBinding, RestartPolicy, Ulimit,
};
use super::origin::Origin;
use super::yaml::{self, Node, Pos};
use crate::{Error, InputProblem, Limit, pointer};

/// Options for reading a compose file. Deserialises from JSON (every field optional), so the
/// bindings can take it as an object.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComposeOptions {
    /// Values for `${VAR}` interpolation (what compose would read from the shell and `.env`).
    pub variables: BTreeMap<String, String>,
    /// Project name; defaults to the file's top-level `name`, else `compose`. Used to name the
    /// project network services attach to by default.
    pub project: Option<String>,
    /// Contents of files the compose file refers to, keyed by the path as written in it. A
    /// `security_opt: seccomp=<path>` whose path is here is inlined, as `docker compose` and
    /// the Docker CLI do, so the seccomp rules judge the profile.
    pub files: BTreeMap<String, String>,
}

impl ComposeOptions {
    /// Options with these interpolation variables.
    #[must_use]
    pub fn with_variables<K: Into<String>, V: Into<String>>(
        variables: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        ComposeOptions {
            variables: variables
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            project: None,
            files: BTreeMap::new(),
        }
    }
}

/// A `${VAR}` reference in a compose file that the supplied variables did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedVariable {
    /// Variable name.
    pub name: String,
    /// The compose key path it appeared under (`services.web.image`).
    pub key: String,
    /// The message of a `${VAR:?message}` reference, where compose would refuse to start.
    pub required: Option<String>,
}

/// What a container read from a compose service knows about where its image comes from.
///
/// A compose service states only what it changes; the image supplies the rest (`USER`,
/// `HEALTHCHECK`, ...). Rules that judge such image defaults look the image up in the bundle
/// by `image` (an image document) or by `build` (a Dockerfile and stage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComposeService {
    /// The service's key under `services`.
    pub name: String,
    /// `build:`, when the service builds its image.
    pub build: Option<ComposeBuild>,
}

/// A compose service's `build:` (the short form is a context path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComposeBuild {
    /// `context`: a directory relative to the compose file (`.` when not written), or a URL.
    pub context: String,
    /// `dockerfile`: the Dockerfile's path relative to the context (`Dockerfile` when not
    /// written).
    pub dockerfile: String,
    /// `target`: the stage to build; `None` builds the last stage.
    pub target: Option<String>,
}

/// Reads a compose file into one container per service, in file order.
pub fn compose_containers(
    source: &str,
    text: &str,
    options: &ComposeOptions,
) -> Result<Vec<Container>, Error> {
    let Some(root) = yaml::parse(text)? else {
        return Err(Error::input(
            InputProblem::Empty,
            "the compose file holds no document",
        ));
    };
    if !matches!(root, Node::Map { .. }) {
        return Err(Error::input_at(
            InputProblem::Type,
            format!("a compose file is a mapping, found {}", root.kind_name()),
            root.pos().line,
            root.pos().column,
        ));
    }
    let top = Interpolator {
        vars: &options.variables,
    };
    let project = options
        .project
        .clone()
        .or_else(|| root.get("name").map(|n| top.text(n).0))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "compose".to_owned());
    let (services, legacy) = match root.get("services") {
        Some(services @ Node::Map { .. }) => (services, false),
        Some(other) if other.is_null() => return Ok(Vec::new()),
        Some(other) => {
            return Err(Error::input_at(
                InputProblem::Type,
                format!("`services` is a mapping, found {}", other.kind_name()),
                other.pos().line,
                other.pos().column,
            ));
        }
        None => (&root, true),
    };
    let declared = Declared::of(&root);
    // Nodes `extends` may copy in all, as the YAML parser bounds alias expansion.
    let mut budget: usize = 1_000_000;
    let (mut bindings, mut exposed) = (0, 0);
    let mut out = Vec::new();
    for (key, service) in services.entries() {
        if legacy && (key.text == "version" || key.text.starts_with("x-")) {
            continue;
        }
        if legacy && !matches!(service, Node::Map { .. }) {
            continue;
        }
        let mut builder = Builder {
            files: &options.files,
            bindings,
            exposed,
            interp: top,
            container: Container::default(),
            positions: BTreeMap::new(),
            service_key: format!("services.{}", key.text),
        };
        builder.positions.insert(String::new(), key.pos.pair());
        let extended;
        let service = if service.get("extends").is_some() {
            extended = extend(service, services, &options.files, top, 0, &mut budget)?;
            &extended
        } else {
            service
        };
        builder.service(&key.text, service, &declared, &project)?;
        let Builder {
            mut container,
            positions,
            bindings: read,
            exposed: read_exposed,
            ..
        } = builder;
        (bindings, exposed) = (read, read_exposed);
        container.origin = Origin {
            source: source.to_owned(),
            base_pointer: String::new(),
            positions,
        };
        out.push(container);
    }
    Ok(out)
}

/// How many `extends` a service may chain.
const MAX_EXTENDS: u8 = 8;

/// Resolves `extends`: the base service (from this file, or from a file the caller supplied in
/// `ComposeOptions.files`) merged under `service`. Scalars of the service win; mappings merge
/// with the service's keys winning; sequences (ports, volumes, cap_add, ...) are concatenated,
/// base first. Values inherited from another file point at the `extends` key.
fn extend(
    service: &Node,
    services: &Node,
    files: &BTreeMap<String, String>,
    interp: Interpolator<'_>,
    depth: u8,
    budget: &mut usize,
) -> Result<Node, Error> {
    let Some((ext_key, ext)) = service.entry("extends") else {
        return Ok(service.clone());
    };
    let at = ext_key.pos;
    let fail = |message: String| {
        Err(Error::input_at(
            InputProblem::Type,
            message,
            at.line,
            at.column,
        ))
    };
    if depth >= MAX_EXTENDS {
        return fail(format!(
            "`extends` chains more than {MAX_EXTENDS} services (a cycle?)"
        ));
    }
    let (base_name, file) = match ext {
        Node::Map { .. } => (
            ext.get("service")
                .map(|n| interp.text(n).0)
                .unwrap_or_default(),
            ext.get("file").map(|n| interp.text(n).0),
        ),
        _ => (interp.text(ext).0, None),
    };
    let own = strip_extends(service);
    let base = match file {
        None => match services.get(&base_name) {
            Some(base) => extend(base, services, files, interp, depth + 1, budget)?,
            None => return fail(format!("`extends` names the unknown service `{base_name}`")),
        },
        Some(path) => {
            let Some(text) = files.get(&path) else {
                // The caller did not supply the file: judge the service as written.
                return Ok(own);
            };
            let other = yaml::parse(text)?.unwrap_or(Node::Map {
                entries: Vec::new(),
                pos: at,
            });
            let other_services = other.get("services").unwrap_or(&other);
            match other_services.get(&base_name) {
                Some(base) => {
                    let resolved = extend(base, other_services, files, interp, depth + 1, budget)?;
                    relocate(resolved, at)
                }
                None => {
                    return fail(format!(
                        "`extends` names the service `{base_name}`, which `{path}` does not define"
                    ));
                }
            }
        }
    };
    *budget = budget.checked_sub(base.count()).ok_or_else(|| {
        Error::input_at(
            InputProblem::TooDeep,
            "`extends` copies more than 1,000,000 nodes",
            at.line,
            at.column,
        )
    })?;
    Ok(merge(base, own))
}

fn strip_extends(service: &Node) -> Node {
    match service {
        Node::Map { entries, pos } => Node::Map {
            entries: entries
                .iter()
                .filter(|(k, _)| k.text != "extends")
                .cloned()
                .collect(),
            pos: *pos,
        },
        other => other.clone(),
    }
}

/// `child` over `base`.
fn merge(base: Node, child: Node) -> Node {
    match (base, child) {
        (
            Node::Map {
                entries: mut merged,
                ..
            },
            Node::Map { entries, pos },
        ) => {
            let mut index: HashMap<String, usize> = merged
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.text.clone(), i))
                .collect();
            for (key, value) in entries {
                if let Some(slot) = index.get(&key.text).and_then(|&i| merged.get_mut(i)) {
                    let placeholder = Node::Seq {
                        items: Vec::new(),
                        pos: key.pos,
                    };
                    let old = std::mem::replace(&mut slot.1, placeholder);
                    *slot = (key, merge(old, value));
                } else {
                    index.insert(key.text.clone(), merged.len());
                    merged.push((key, value));
                }
            }
            Node::Map {
                entries: merged,
                pos,
            }
        }
        (Node::Seq { items: mut all, .. }, Node::Seq { items, pos }) => {
            all.extend(items);
            Node::Seq { items: all, pos }
        }
        (_, child) => child,
    }
}

/// The same tree with every position set to `at`.
fn relocate(node: Node, at: Pos) -> Node {
    match node {
        Node::Scalar { text, plain, .. } => Node::Scalar {
            text,
            plain,
            pos: at,
        },
        Node::Seq { items, .. } => Node::Seq {
            items: items.into_iter().map(|n| relocate(n, at)).collect(),
            pos: at,
        },
        Node::Map { entries, .. } => Node::Map {
            entries: entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        yaml::Key {
                            text: k.text,
                            pos: at,
                        },
                        relocate(v, at),
                    )
                })
                .collect(),
            pos: at,
        },
    }
}

/// Top-level `volumes` and `secrets` by name, looked up once per service reference.
struct Declared<'a> {
    volumes: HashMap<&'a str, &'a Node>,
    secrets: HashMap<&'a str, &'a Node>,
}

impl<'a> Declared<'a> {
    fn of(root: &'a Node) -> Self {
        let index = |key: &str| -> HashMap<&'a str, &'a Node> {
            root.get(key)
                .map(|n| {
                    n.entries()
                        .iter()
                        .map(|(k, v)| (k.text.as_str(), v))
                        .collect()
                })
                .unwrap_or_default()
        };
        Declared {
            volumes: index("volumes"),
            secrets: index("secrets"),
        }
    }
}

/// Resolves `${VAR}` references.
#[derive(Clone, Copy)]
struct Interpolator<'a> {
    vars: &'a BTreeMap<String, String>,
}

impl Interpolator<'_> {
    /// The interpolated text of a scalar (empty for a collection), with the references it could
    /// not resolve.
    fn text(self, node: &Node) -> (String, Vec<(String, Option<String>)>) {
        let mut missing = Vec::new();
        let raw = node.scalar().unwrap_or("");
        let out = self.expand(raw, &mut missing, 0);
        (out, missing)
    }

    fn expand(self, raw: &str, missing: &mut Vec<(String, Option<String>)>, depth: u8) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            if let Some(tail) = after.strip_prefix('$') {
                out.push('$');
                rest = tail;
            } else if let Some(body) = after.strip_prefix('{') {
                let Some(end) = closing_brace(body) else {
                    // Unterminated: compose rejects it; keep the text as written.
                    out.push_str(&rest[at..]);
                    return out;
                };
                let inner = &body[..end];
                out.push_str(&self.braced(inner, missing, depth));
                rest = &body[end + 1..];
            } else {
                let len = after
                    .char_indices()
                    .find(|(i, c)| {
                        !(c.is_ascii_alphanumeric() || *c == '_') || (*i == 0 && c.is_ascii_digit())
                    })
                    .map_or(after.len(), |(i, _)| i);
                if len == 0 {
                    out.push('$');
                    rest = after;
                } else {
                    let name = &after[..len];
                    match self.vars.get(name) {
                        Some(v) => out.push_str(v),
                        None => missing.push((name.to_owned(), None)),
                    }
                    rest = &after[len..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn braced(self, inner: &str, missing: &mut Vec<(String, Option<String>)>, depth: u8) -> String {
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let (name, op) = inner.split_at(name_len);
        let value = self.vars.get(name);
        let set_nonempty = value.is_some_and(|v| !v.is_empty());
        let nested = |text: &str, missing: &mut Vec<(String, Option<String>)>| {
            if depth > 8 {
                text.to_owned()
            } else {
                self.expand(text, missing, depth + 1)
            }
        };
        let (operator, arg) = split_operator(op);
        match operator {
            "" => {
                if value.is_none() {
                    missing.push((name.to_owned(), None));
                }
                value.cloned().unwrap_or_default()
            }
            ":-" if set_nonempty => value.cloned().unwrap_or_default(),
            ":-" => nested(arg, missing),
            "-" => match value {
                Some(v) => v.clone(),
                None => nested(arg, missing),
            },
            ":?" | "?" => {
                let ok = if operator == ":?" {
                    set_nonempty
                } else {
                    value.is_some()
                };
                if !ok {
                    let message = nested(arg, missing);
                    missing.push((name.to_owned(), Some(message)));
                }
                value.cloned().unwrap_or_default()
            }
            ":+" if set_nonempty => nested(arg, missing),
            "+" if value.is_some() => nested(arg, missing),
            ":+" | "+" => String::new(),
            _ => {
                // Not a form compose knows: report the whole reference.
                missing.push((inner.to_owned(), None));
                String::new()
            }
        }
    }
}

fn split_operator(op: &str) -> (&str, &str) {
    for operator in [":-", ":?", ":+", "-", "?", "+"] {
        if let Some(arg) = op.strip_prefix(operator) {
            return (operator, arg);
        }
    }
    (op, "")
}

/// Index of the `}` closing a `${`, honouring nested `${...}`.
fn closing_brace(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Most port bindings (and, counted apart, `expose` entries) one compose file may expand to:
/// every port once over TCP and UDP. Port
/// ranges make a short line expand to thousands of bindings (and findings); past this the
/// file is a `limit_exceeded` error rather than a model of millions of bindings.
pub const MAX_PORT_BINDINGS: usize = 2 * 65_536;

/// The error for a file whose port ranges expand past [`MAX_PORT_BINDINGS`].
fn ports_limit() -> Error {
    Error::LimitExceeded {
        limit: Limit::Items,
        value: MAX_PORT_BINDINGS + 1,
        max: MAX_PORT_BINDINGS,
        source_name: None,
    }
}

struct Builder<'a> {
    files: &'a BTreeMap<String, String>,
    /// Port bindings read so far in the whole file.
    bindings: usize,
    /// `expose` entries read so far in the whole file (the same budget, counted apart).
    exposed: usize,
    interp: Interpolator<'a>,
    container: Container,
    positions: BTreeMap<String, (u32, u32)>,
    service_key: String,
}

impl Builder<'_> {
    fn at(&mut self, path: impl Into<String>, pos: Pos) {
        self.positions.entry(path.into()).or_insert(pos.pair());
    }

    /// The interpolated text of a scalar.
    fn text(&self, node: &Node) -> String {
        self.interp.text(node).0
    }

    fn bool(&self, node: &Node) -> bool {
        super::container::parse_bool(&self.text(node)).unwrap_or(false)
    }

    fn list(&self, node: &Node) -> Vec<String> {
        match node {
            Node::Seq { items, .. } => items.iter().map(|n| self.text(n)).collect(),
            Node::Scalar { .. } if node.is_null() => Vec::new(),
            Node::Scalar { .. } => vec![self.text(node)],
            Node::Map { .. } => Vec::new(),
        }
    }

    /// The items of a sequence; a lone scalar (which compose rejects, but which states the
    /// user's intent) reads as a list of one.
    fn items(node: &Node) -> Vec<&Node> {
        match node {
            Node::Seq { items, .. } => items.iter().collect(),
            Node::Scalar { .. } if !node.is_null() => vec![node],
            _ => Vec::new(),
        }
    }

    /// A string list at `path`, recording the key and each item.
    fn list_at(&mut self, path: &str, key: Pos, node: &Node) -> Vec<String> {
        self.at(path, key);
        for (i, item) in node.items().iter().enumerate() {
            let mut p = path.to_owned();
            pointer::push_index(&mut p, i);
            self.at(p, item.pos());
        }
        self.list(node)
    }

    /// Records every unresolved reference under `node`.
    fn scan_unresolved(&mut self, node: &Node, key: &str) {
        match node {
            Node::Scalar { .. } => {
                for (name, required) in self.interp.text(node).1 {
                    let index = self.container.unresolved_variables.len();
                    self.at(format!("/UnresolvedVariables/{index}"), node.pos());
                    self.container
                        .unresolved_variables
                        .push(UnresolvedVariable {
                            name,
                            key: key.to_owned(),
                            required,
                        });
                }
            }
            Node::Seq { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    self.scan_unresolved(item, &format!("{key}[{i}]"));
                }
            }
            Node::Map { entries, .. } => {
                for (k, v) in entries {
                    self.scan_unresolved(v, &format!("{key}.{}", k.text));
                }
            }
        }
    }

    #[allow(clippy::too_many_lines, reason = "one arm per compose key")]
    fn service(
        &mut self,
        name: &str,
        service: &Node,
        declared: &Declared<'_>,
        project: &str,
    ) -> Result<(), Error> {
        if service.is_null() {
            name.clone_into(&mut self.container.name);
            return Ok(());
        }
        if !matches!(service, Node::Map { .. }) {
            let pos = service.pos();
            return Err(Error::input_at(
                InputProblem::Type,
                format!(
                    "service `{name}` is {}, expected a mapping",
                    service.kind_name()
                ),
                pos.line,
                pos.column,
            ));
        }
        let service_key = self.service_key.clone();
        self.scan_unresolved(service, &service_key);
        name.clone_into(&mut self.container.name);
        let mut build = None;
        let mut restart_seen = false;
        let mut memory_seen = false;
        let mut network_mode_seen = false;
        for (key, value) in service.entries() {
            let k = key.pos;
            match key.text.as_str() {
                "container_name" => {
                    self.at("/Name", k);
                    let text = self.text(value);
                    if !text.is_empty() {
                        self.container.name = text;
                    }
                }
                "image" => {
                    self.at("/Config/Image", k);
                    self.container.config.image = self.text(value);
                }
                "build" => build = Some(self.build(value)),
                "privileged" => {
                    self.at("/HostConfig/Privileged", k);
                    self.container.host_config.privileged = self.bool(value);
                }
                "read_only" => {
                    self.at("/HostConfig/ReadonlyRootfs", k);
                    self.container.host_config.readonly_rootfs = Some(self.bool(value));
                }
                "cap_add" => {
                    self.container.host_config.cap_add =
                        self.list_at("/HostConfig/CapAdd", k, value);
                }
                "cap_drop" => {
                    self.container.host_config.cap_drop =
                        Some(self.list_at("/HostConfig/CapDrop", k, value));
                }
                "security_opt" => {
                    let options = self.list_at("/HostConfig/SecurityOpt", k, value);
                    self.container.host_config.security_opt = options
                        .into_iter()
                        .map(|opt| self.inline_seccomp(opt))
                        .collect();
                }
                "network_mode" => {
                    network_mode_seen = true;
                    self.at("/HostConfig/NetworkMode", k);
                    self.container.host_config.network_mode = self.text(value);
                }
                "networks" => {
                    self.at("/NetworkSettings/Networks", k);
                    let names: Vec<String> = match value {
                        Node::Seq { .. } => self.list(value),
                        _ => value
                            .entries()
                            .iter()
                            .map(|(n, _)| n.text.clone())
                            .collect(),
                    };
                    self.container.network_settings.networks = names;
                }
                "pid" => {
                    self.at("/HostConfig/PidMode", k);
                    self.container.host_config.pid_mode = self.text(value);
                }
                "ipc" => {
                    self.at("/HostConfig/IpcMode", k);
                    self.container.host_config.ipc_mode = self.text(value);
                }
                "uts" => {
                    self.at("/HostConfig/UTSMode", k);
                    self.container.host_config.uts_mode = self.text(value);
                }
                "userns_mode" => {
                    self.at("/HostConfig/UsernsMode", k);
                    self.container.host_config.userns_mode = self.text(value);
                }
                "cgroup" => {
                    self.at("/HostConfig/CgroupnsMode", k);
                    self.container.host_config.cgroupns_mode = self.text(value);
                }
                "cgroup_parent" => {
                    self.at("/HostConfig/CgroupParent", k);
                    self.container.host_config.cgroup_parent = self.text(value);
                }
                "mem_limit" => {
                    memory_seen = true;
                    self.at("/HostConfig/Memory", k);
                    self.container.host_config.memory = Some(parse_bytes(&self.text(value)));
                }
                "cpus" => {
                    self.at("/HostConfig/NanoCpus", k);
                    self.container.host_config.nano_cpus = parse_cpus(&self.text(value));
                }
                "cpu_shares" => {
                    self.at("/HostConfig/CpuShares", k);
                    self.container.host_config.cpu_shares = Some(parse_int(&self.text(value)));
                }
                "cpu_quota" => {
                    self.at("/HostConfig/CpuQuota", k);
                    self.container.host_config.cpu_quota = parse_int(&self.text(value));
                }
                "cpuset" => {
                    self.at("/HostConfig/CpusetCpus", k);
                    self.container.host_config.cpuset_cpus = self.text(value);
                }
                "pids_limit" => {
                    self.at("/HostConfig/PidsLimit", k);
                    self.container.host_config.pids_limit = Some(parse_int(&self.text(value)));
                }
                "restart" => {
                    restart_seen = true;
                    self.at("/HostConfig/RestartPolicy", k);
                    self.container.host_config.restart_policy = parse_restart(&self.text(value));
                }
                "user" => {
                    self.at("/Config/User", k);
                    self.container.config.user = self.text(value);
                }
                "environment" => self.environment(k, value),
                "labels" => {
                    self.at("/Config/Labels", k);
                    self.container.config.labels = self.key_values(value);
                }
                "command" => {
                    self.at("/Config/Cmd", k);
                    self.container.config.cmd = self.command(value);
                }
                "entrypoint" => {
                    self.at("/Config/Entrypoint", k);
                    self.container.config.entrypoint = self.command(value);
                }
                "expose" => {
                    self.at("/Config/ExposedPorts", k);
                    for spec in self.list(value) {
                        let (range, protocol) = spec.split_once('/').unwrap_or((&spec, "tcp"));
                        let ports = expand_ports("", "", range, protocol);
                        let names: Vec<String> = if ports.is_empty() {
                            vec![with_protocol(&spec)]
                        } else {
                            ports.into_iter().map(|(p, _)| p).collect()
                        };
                        self.exposed += names.len();
                        if self.exposed > MAX_PORT_BINDINGS {
                            return Err(ports_limit());
                        }
                        self.container.config.exposed_ports.extend(names);
                    }
                }
                "healthcheck" => self.healthcheck(k, value),
                "logging" => {
                    self.at("/HostConfig/LogConfig", k);
                    if let Some((dk, driver)) = value.entry("driver") {
                        self.at("/HostConfig/LogConfig/Type", dk.pos);
                        self.container.host_config.log_config.r#type = self.text(driver);
                    }
                    if let Some((ok, opts)) = value.entry("options") {
                        self.at("/HostConfig/LogConfig/Config", ok.pos);
                        self.container.host_config.log_config.config = self.key_values(opts);
                    }
                }
                "log_driver" => {
                    self.at("/HostConfig/LogConfig/Type", k);
                    self.container.host_config.log_config.r#type = self.text(value);
                }
                "log_opt" => {
                    self.at("/HostConfig/LogConfig/Config", k);
                    self.container.host_config.log_config.config = self.key_values(value);
                }
                "devices" => self.devices(k, value),
                "device_cgroup_rules" => {
                    self.container.host_config.device_cgroup_rules =
                        self.list_at("/HostConfig/DeviceCgroupRules", k, value);
                }
                "ulimits" => self.ulimits(k, value),
                "ports" => self.ports(k, value)?,
                "volumes" => self.volumes(k, value, declared),
                "secrets" => self.secrets(k, value, declared),
                _ => {}
            }
        }
        if let Some((ek, files)) = service.entry("env_file") {
            self.env_files(ek.pos, files);
        }
        // `deploy` last: the service-level keys win over it wherever both are given.
        if let Some(deploy) = service.get("deploy") {
            self.deploy(deploy, restart_seen, memory_seen);
        }
        self.container.compose = Some(ComposeService {
            name: name.to_owned(),
            build,
        });
        if self.container.host_config.privileged {
            // What the engine reports for a privileged container.
            "unconfined".clone_into(&mut self.container.app_armor_profile);
        }
        for opt in self.container.host_config.security_opt.clone() {
            let (key, value) = opt.split_once(['=', ':']).unwrap_or((opt.as_str(), ""));
            if key.eq_ignore_ascii_case("apparmor") && !value.is_empty() {
                value.clone_into(&mut self.container.app_armor_profile);
            }
        }
        let mode = self.container.host_config.network_mode.clone();
        if network_mode_seen
            && self.container.network_settings.networks.is_empty()
            && !mode.is_empty()
            && mode != "none"
            && !mode.contains(':')
        {
            // `network_mode: host` or `bridge`: the engine lists that network.
            self.container.network_settings.networks.push(mode);
        }
        if !network_mode_seen {
            // Compose attaches services to a project network, not the default bridge.
            let network = self
                .container
                .network_settings
                .networks
                .first()
                .map_or_else(|| "default".to_owned(), Clone::clone);
            self.container.host_config.network_mode = format!("{project}_{network}");
            if self.container.network_settings.networks.is_empty() {
                self.container
                    .network_settings
                    .networks
                    .push(format!("{project}_default"));
            }
        }
        // Exposed ports: `expose` and every published port, once each, in first-seen order.
        let published: Vec<String> = self
            .container
            .host_config
            .port_bindings
            .keys()
            .cloned()
            .collect();
        let mut seen = BTreeSet::new();
        let mut exposed = std::mem::take(&mut self.container.config.exposed_ports);
        exposed.extend(published);
        exposed.retain(|p| seen.insert(p.clone()));
        self.container.config.exposed_ports = exposed;
        Ok(())
    }

    /// `seccomp=<path>` with the file's contents, when the caller supplied them.
    fn inline_seccomp(&self, opt: String) -> String {
        let Some((key, path)) = opt.split_once(['=', ':']) else {
            return opt;
        };
        if !key.trim().eq_ignore_ascii_case("seccomp") {
            return opt;
        }
        match self.files.get(path.trim()) {
            Some(contents) => {
                // The engine stores the profile as compact JSON; keep the text if it is not JSON.
                let compact = serde_json::from_str::<serde_json::Value>(contents)
                    .map_or_else(|_| contents.trim().to_owned(), |v| v.to_string());
                format!("seccomp={compact}")
            }
            None => opt,
        }
    }

    fn environment(&mut self, k: Pos, value: &Node) {
        self.at("/Config/Env", k);
        let mut env = Vec::new();
        match value {
            Node::Seq { items, .. } => {
                for item in items {
                    let entry = self.text(item);
                    let resolved = if entry.contains('=') {
                        Some(entry)
                    } else {
                        // `- NAME` takes the value from the caller's variables, else is unset.
                        self.interp
                            .vars
                            .get(entry.as_str())
                            .map(|v| format!("{entry}={v}"))
                    };
                    if let Some(entry) = resolved {
                        self.at(format!("/Config/Env/{}", env.len()), item.pos());
                        env.push(entry);
                    }
                }
            }
            Node::Map { entries, .. } => {
                for (name, v) in entries {
                    let resolved = if v.is_null() {
                        self.interp.vars.get(name.text.as_str()).cloned()
                    } else {
                        Some(self.text(v))
                    };
                    if let Some(val) = resolved {
                        self.at(format!("/Config/Env/{}", env.len()), name.pos);
                        env.push(format!("{}={val}", name.text));
                    }
                }
            }
            Node::Scalar { .. } => {}
        }
        self.container.config.env = env;
    }

    /// Adds the variables of `env_file` files the caller supplied (in `ComposeOptions.files`)
    /// that `environment` does not set. A file the caller did not supply is skipped.
    fn env_files(&mut self, key: Pos, value: &Node) {
        let set: BTreeSet<String> = self
            .container
            .config
            .env
            .iter()
            .map(|e| e.split_once('=').map_or(e.as_str(), |(n, _)| n).to_owned())
            .collect();
        let mut added: BTreeMap<String, (String, Pos)> = BTreeMap::new();
        for item in Self::items(value) {
            let path_node = match item {
                Node::Map { .. } => item.get("path"),
                _ => Some(item),
            };
            let Some(path_node) = path_node else { continue };
            let path = self.text(path_node);
            let Some(contents) = self.files.get(&path) else {
                continue;
            };
            for (line_no, line) in contents.lines().enumerate() {
                let Some((name, raw)) = parse_env_line(line) else {
                    continue;
                };
                if set.contains(&name) {
                    continue;
                }
                let value = match raw {
                    Some(raw) => {
                        let node = Node::Scalar {
                            text: raw,
                            plain: true,
                            pos: item.pos(),
                        };
                        let key = format!("{path}:{}", line_no + 1);
                        self.scan_unresolved(&node, &key);
                        self.text(&node)
                    }
                    None => match self.interp.vars.get(&name) {
                        Some(v) => v.clone(),
                        None => continue,
                    },
                };
                // A later file wins over an earlier one.
                added.insert(name, (value, item.pos()));
            }
        }
        if !added.is_empty() && self.container.config.env.is_empty() {
            self.at("/Config/Env", key);
        }
        for (name, (value, pos)) in added {
            let index = self.container.config.env.len();
            self.at(format!("/Config/Env/{index}"), pos);
            self.container.config.env.push(format!("{name}={value}"));
        }
    }

    fn key_values(&self, value: &Node) -> BTreeMap<String, String> {
        match value {
            Node::Seq { items, .. } => items
                .iter()
                .map(|i| {
                    let t = self.text(i);
                    match t.split_once('=') {
                        Some((a, b)) => (a.to_owned(), b.to_owned()),
                        None => (t, String::new()),
                    }
                })
                .collect(),
            Node::Map { entries, .. } => entries
                .iter()
                .map(|(k, v)| {
                    let value = if v.is_null() {
                        String::new()
                    } else {
                        self.text(v)
                    };
                    (k.text.clone(), value)
                })
                .collect(),
            Node::Scalar { .. } => BTreeMap::new(),
        }
    }

    fn command(&self, value: &Node) -> Vec<String> {
        match value {
            Node::Seq { .. } => self.list(value),
            _ if value.is_null() => Vec::new(),
            _ => split_words(&self.text(value)),
        }
    }

    /// `build: ./dir` or `build: {context, dockerfile, target}`.
    fn build(&self, value: &Node) -> ComposeBuild {
        let text = |key: &str| {
            value
                .get(key)
                .map(|n| self.text(n))
                .filter(|t| !t.is_empty())
        };
        let (context, dockerfile, target) = if matches!(value, Node::Map { .. }) {
            (text("context"), text("dockerfile"), text("target"))
        } else {
            (Some(self.text(value)).filter(|t| !t.is_empty()), None, None)
        };
        ComposeBuild {
            context: context.unwrap_or_else(|| ".".to_owned()),
            dockerfile: dockerfile.unwrap_or_else(|| "Dockerfile".to_owned()),
            target,
        }
    }

    fn healthcheck(&mut self, k: Pos, value: &Node) {
        self.at("/Config/Healthcheck", k);
        let mut check = Healthcheck::default();
        if let Some((tk, test)) = value.entry("test") {
            self.at("/Config/Healthcheck/Test", tk.pos);
            check.test = if matches!(test, Node::Seq { .. }) {
                self.list(test)
            } else {
                let t = self.text(test);
                if t.eq_ignore_ascii_case("NONE") {
                    vec!["NONE".to_owned()]
                } else {
                    vec!["CMD-SHELL".to_owned(), t]
                }
            };
        }
        if let Some((dk, disable)) = value.entry("disable")
            && self.bool(disable)
        {
            self.positions
                .insert("/Config/Healthcheck/Test".to_owned(), dk.pos.pair());
            check.test = vec!["NONE".to_owned()];
        }
        self.container.config.healthcheck = Some(check);
    }

    fn devices(&mut self, k: Pos, value: &Node) {
        self.at("/HostConfig/Devices", k);
        for item in Self::items(value) {
            let index = self.container.host_config.devices.len();
            self.at(format!("/HostConfig/Devices/{index}"), item.pos());
            let device = if matches!(item, Node::Map { .. }) {
                Device {
                    path_on_host: item.get("source").map(|n| self.text(n)).unwrap_or_default(),
                    path_in_container: item.get("target").map(|n| self.text(n)).unwrap_or_default(),
                    cgroup_permissions: item
                        .get("permissions")
                        .map_or_else(|| "rwm".to_owned(), |n| self.text(n)),
                }
            } else {
                {
                    let text = self.text(item);
                    let parts: Vec<&str> = text.split(':').collect();
                    let host = parts.first().copied().unwrap_or("").to_owned();
                    let (target, perms) = match parts.as_slice() {
                        [_, t, p] => ((*t).to_owned(), (*p).to_owned()),
                        [_, t] if is_device_permissions(t) => (host.clone(), (*t).to_owned()),
                        [_, t] => ((*t).to_owned(), "rwm".to_owned()),
                        _ => (host.clone(), "rwm".to_owned()),
                    };
                    Device {
                        path_on_host: host,
                        path_in_container: target,
                        cgroup_permissions: perms,
                    }
                }
            };
            self.container.host_config.devices.push(device);
        }
    }

    fn ulimits(&mut self, k: Pos, value: &Node) {
        self.at("/HostConfig/Ulimits", k);
        for (name, limit) in value.entries() {
            let index = self.container.host_config.ulimits.len();
            self.at(format!("/HostConfig/Ulimits/{index}"), name.pos);
            let (soft, hard) = if matches!(limit, Node::Map { .. }) {
                (
                    limit.get("soft").map_or(0, |n| parse_int(&self.text(n))),
                    limit.get("hard").map_or(0, |n| parse_int(&self.text(n))),
                )
            } else {
                let v = parse_int(&self.text(limit));
                (v, v)
            };
            self.container.host_config.ulimits.push(Ulimit {
                name: name.text.clone(),
                soft,
                hard,
            });
        }
    }

    fn ports(&mut self, k: Pos, value: &Node) -> Result<(), Error> {
        self.at("/HostConfig/PortBindings", k);
        for item in Self::items(value) {
            let parsed: Vec<(String, PortBinding)> = match item {
                Node::Map { .. } => {
                    let target = item.get("target").map(|n| self.text(n)).unwrap_or_default();
                    let protocol = item
                        .get("protocol")
                        .map_or_else(|| "tcp".to_owned(), |n| self.text(n));
                    let published = item
                        .get("published")
                        .map(|n| self.text(n))
                        .unwrap_or_default();
                    let host_ip = item
                        .get("host_ip")
                        .map(|n| self.text(n))
                        .unwrap_or_default();
                    expand_ports(&host_ip, &published, &target, &protocol)
                }
                _ => parse_short_port(&self.text(item)),
            };
            for (port, binding) in parsed {
                if self.bindings >= MAX_PORT_BINDINGS {
                    return Err(ports_limit());
                }
                self.bindings += 1;
                let list = self
                    .container
                    .host_config
                    .port_bindings
                    .entry(port.clone())
                    .or_insert_with(|| Some(Vec::new()));
                if let Some(list) = list {
                    let mut path = String::from("/HostConfig/PortBindings");
                    pointer::push_token(&mut path, &port);
                    pointer::push_index(&mut path, list.len());
                    list.push(binding);
                    self.positions.entry(path).or_insert(item.pos().pair());
                }
            }
        }
        Ok(())
    }

    fn volumes(&mut self, k: Pos, value: &Node, declared: &Declared<'_>) {
        self.at("/Mounts", k);
        for item in Self::items(value) {
            let mount = match item {
                Node::Map { .. } => {
                    let kind = item
                        .get("type")
                        .map_or_else(|| "volume".to_owned(), |n| self.text(n));
                    let source = item.get("source").map(|n| self.text(n)).unwrap_or_default();
                    let target = item.get("target").map(|n| self.text(n)).unwrap_or_default();
                    let read_only = item.get("read_only").is_some_and(|n| self.bool(n));
                    let propagation = item
                        .get("bind")
                        .and_then(|b| b.get("propagation"))
                        .map(|n| self.text(n));
                    volume_mount(&kind, &source, &target, read_only, propagation, "")
                }
                _ => parse_short_volume(&self.text(item)),
            };
            let Some(mut mount) = mount else { continue };
            if mount.r#type == "volume"
                && !mount.name.is_empty()
                && let Some(top) = declared.volumes.get(mount.name.as_str())
                && top.get("external").is_none()
                && let Some(name) = top.get("name")
            {
                mount.name = self.text(name);
            }
            let index = self.container.mounts.len();
            self.at(format!("/Mounts/{index}"), item.pos());
            self.container.mounts.push(mount);
        }
    }

    fn secrets(&mut self, k: Pos, value: &Node, declared: &Declared<'_>) {
        self.at("/Mounts", k);
        for item in Self::items(value) {
            let (name, target) = match item {
                Node::Map { .. } => (
                    item.get("source").map(|n| self.text(n)).unwrap_or_default(),
                    item.get("target").map(|n| self.text(n)),
                ),
                _ => (self.text(item), None),
            };
            if name.is_empty() {
                continue;
            }
            let file = declared
                .secrets
                .get(name.as_str())
                .and_then(|s| s.get("file"))
                .map(|n| self.text(n));
            let destination = match target {
                Some(t) if t.starts_with('/') => t,
                Some(t) => format!("/run/secrets/{t}"),
                None => format!("/run/secrets/{name}"),
            };
            let index = self.container.mounts.len();
            self.at(format!("/Mounts/{index}"), item.pos());
            // Compose bind-mounts a file secret read-only; others come from the engine.
            self.container.mounts.push(MountPoint {
                r#type: "bind".to_owned(),
                name: String::new(),
                source: file.unwrap_or_default(),
                destination,
                mode: "ro".to_owned(),
                rw: false,
                propagation: "rprivate".to_owned(),
                driver: String::new(),
            });
        }
    }

    /// Reads `deploy` for what the service-level keys did not set.
    fn deploy(&mut self, value: &Node, restart_seen: bool, memory_seen: bool) {
        if let Some(limits) = value.get("resources").and_then(|r| r.entry("limits")) {
            let (_, limits) = limits;
            if let Some((mk, memory)) = limits.entry("memory")
                && !memory_seen
            {
                self.at("/HostConfig/Memory", mk.pos);
                self.container.host_config.memory = Some(parse_bytes(&self.text(memory)));
            }
            if let Some((ck, cpus)) = limits.entry("cpus")
                && self.container.host_config.nano_cpus == 0
            {
                self.at("/HostConfig/NanoCpus", ck.pos);
                self.container.host_config.nano_cpus = parse_cpus(&self.text(cpus));
            }
            if let Some((pk, pids)) = limits.entry("pids")
                && self.container.host_config.pids_limit.is_none()
            {
                self.at("/HostConfig/PidsLimit", pk.pos);
                self.container.host_config.pids_limit = Some(parse_int(&self.text(pids)));
            }
        }
        if let Some(devices) = value
            .get("resources")
            .and_then(|r| r.get("reservations"))
            .and_then(|r| r.entry("devices"))
        {
            let (dk, devices) = devices;
            self.at("/HostConfig/DeviceRequests", dk.pos);
            for device in devices.items() {
                let count = device.get("count").map_or(0, |n| {
                    let t = self.text(n);
                    if t == "all" { -1 } else { parse_int(&t) }
                });
                self.container
                    .host_config
                    .device_requests
                    .push(DeviceRequest {
                        driver: device
                            .get("driver")
                            .map(|n| self.text(n))
                            .unwrap_or_default(),
                        count,
                        device_ids: device
                            .get("device_ids")
                            .map(|n| self.list(n))
                            .unwrap_or_default(),
                        capabilities: device
                            .get("capabilities")
                            .map(|n| vec![Some(self.list(n))])
                            .unwrap_or_default(),
                    });
            }
        }
        if let Some((rk, policy)) = value.entry("restart_policy")
            && !restart_seen
        {
            self.at("/HostConfig/RestartPolicy", rk.pos);
            let condition = policy
                .get("condition")
                .map_or_else(|| "any".to_owned(), |n| self.text(n));
            let attempts = policy
                .get("max_attempts")
                .map_or(0, |n| parse_int(&self.text(n)));
            let name = match condition.as_str() {
                "none" => "no",
                "on-failure" => "on-failure",
                _ => "always",
            };
            self.container.host_config.restart_policy = RestartPolicy {
                name: name.to_owned(),
                maximum_retry_count: if name == "on-failure" { attempts } else { 0 },
            };
        }
    }
}

/// One line of an env file: `NAME=value`, `export NAME=value`, or a bare `NAME` (value from
/// the caller's variables). Quotes around the value are removed; an unquoted value ends at ` #`.
fn parse_env_line(line: &str) -> Option<(String, Option<String>)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let (name, value) = match line.split_once('=') {
        Some((n, v)) => (n.trim(), Some(v.trim())),
        None => (line, None),
    };
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let value = value.map(|v| {
        let quoted = |q: char| v.len() >= 2 && v.starts_with(q) && v.ends_with(q);
        if quoted('"') || quoted('\'') {
            v.get(1..v.len() - 1).unwrap_or("").to_owned()
        } else {
            v.split(" #").next().unwrap_or("").trim_end().to_owned()
        }
    });
    Some((name.to_owned(), value))
}

fn is_device_permissions(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| matches!(c, 'r' | 'w' | 'm'))
}

/// `no`, `always`, `unless-stopped`, `on-failure[:N]`.
fn parse_restart(text: &str) -> RestartPolicy {
    let (name, count) = text.split_once(':').unwrap_or((text, ""));
    RestartPolicy {
        name: name.trim().to_owned(),
        maximum_retry_count: parse_int(count),
    }
}

fn parse_int(text: &str) -> i64 {
    text.trim().parse::<i64>().unwrap_or_else(|_| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or(0, |f| f as i64)
    })
}

/// CPUs (`0.5`) in billionths.
fn parse_cpus(text: &str) -> i64 {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f >= 0.0)
        .map_or(0, |f| (f * 1e9).round() as i64)
}

/// A byte size as compose and the Docker CLI read it (`512m`, `1g`, `1024`, `1.5GB`).
fn parse_bytes(text: &str) -> i64 {
    let t = text.trim().to_ascii_lowercase();
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let Ok(number) = number.parse::<f64>() else {
        return 0;
    };
    let multiplier: f64 = match unit.trim().trim_end_matches('b').trim_end_matches('i') {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return 0,
    };
    let bytes = number * multiplier;
    if bytes.is_finite() && bytes < 9.0e18 {
        bytes as i64
    } else {
        0
    }
}

fn with_protocol(port: &str) -> String {
    if port.contains('/') {
        port.to_owned()
    } else {
        format!("{port}/tcp")
    }
}

/// Splits a shell-form command into words, honouring simple quotes.
fn split_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                    any = false;
                }
            }
            (_, c) => current.push(c),
        }
    }
    if any || !current.is_empty() {
        out.push(current);
    }
    out
}

/// `[host_ip:][host_port[-range]:]container_port[-range][/protocol]`.
fn parse_short_port(text: &str) -> Vec<(String, PortBinding)> {
    let (spec, protocol) = text.rsplit_once('/').unwrap_or((text, "tcp"));
    let (host_ip, rest) = if let Some(after) = spec.strip_prefix('[') {
        match after.split_once(']') {
            Some((ip, rest)) => (ip.to_owned(), rest.trim_start_matches(':').to_owned()),
            None => (String::new(), spec.to_owned()),
        }
    } else {
        let parts: Vec<&str> = spec.split(':').collect();
        match parts.len() {
            0..=2 => (String::new(), spec.to_owned()),
            3 => (
                parts.first().copied().unwrap_or("").to_owned(),
                parts[1..].join(":"),
            ),
            // An unbracketed IPv6 address: the last two parts are the ports.
            n => (parts[..n - 2].join(":"), parts[n - 2..].join(":")),
        }
    };
    let (published, target) = match rest.rsplit_once(':') {
        Some((h, c)) => (h.to_owned(), c.to_owned()),
        None => (String::new(), rest),
    };
    expand_ports(&host_ip, &published, &target, protocol)
}

fn expand_ports(
    host_ip: &str,
    published: &str,
    target: &str,
    protocol: &str,
) -> Vec<(String, PortBinding)> {
    let range = |s: &str| -> Option<(u32, u32)> {
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
    };
    let protocol = if protocol.is_empty() { "tcp" } else { protocol };
    let Some((t0, t1)) = range(target) else {
        return Vec::new();
    };
    let published_range = if published.is_empty() {
        None
    } else {
        range(published)
    };
    let span = t1.saturating_sub(t0).min(65_535);
    let mut out = Vec::new();
    for i in 0..=span {
        let host_port = match published_range {
            Some((p0, p1)) if p1.saturating_sub(p0) == span => (p0 + i).to_string(),
            // A host range for one container port: the engine picks one of them.
            Some((p0, p1)) if p0 != p1 => format!("{p0}-{p1}"),
            Some((p0, _)) => p0.to_string(),
            None => String::new(),
        };
        out.push((
            format!("{}/{protocol}", t0 + i),
            PortBinding {
                host_ip: host_ip.to_owned(),
                host_port,
            },
        ));
    }
    out
}

/// `[source:]target[:options]`.
fn parse_short_volume(text: &str) -> Option<MountPoint> {
    let parts: Vec<&str> = text.split(':').collect();
    // A Windows drive letter (`C:\data:/data`) joins the first two parts.
    let parts: Vec<String> = if parts.len() >= 3
        && parts
            .first()
            .is_some_and(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts
            .get(1)
            .is_some_and(|p| p.starts_with('\\') || p.starts_with('/'))
    {
        let mut joined = vec![format!("{}:{}", parts[0], parts[1])];
        joined.extend(parts[2..].iter().map(|s| (*s).to_owned()));
        joined
    } else {
        parts.iter().map(|s| (*s).to_owned()).collect()
    };
    match parts.as_slice() {
        [target] => volume_mount("volume", "", target, false, None, ""),
        [source, target] => {
            let kind = source_kind(source);
            volume_mount(kind, source, target, false, None, "")
        }
        [source, target, options, ..] => {
            let kind = source_kind(source);
            let opts: Vec<&str> = options.split(',').collect();
            let read_only = opts.contains(&"ro");
            let propagation = opts
                .iter()
                .find(|o| {
                    matches!(
                        **o,
                        "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"
                    )
                })
                .map(|s| (*s).to_owned());
            volume_mount(kind, source, target, read_only, propagation, options)
        }
        [] => None,
    }
}

fn source_kind(source: &str) -> &'static str {
    if source.starts_with('/')
        || source.starts_with('.')
        || source.starts_with('~')
        || source.starts_with('$')
        || source.contains('\\')
        || source.get(1..2) == Some(":")
    {
        "bind"
    } else {
        "volume"
    }
}

fn volume_mount(
    kind: &str,
    source: &str,
    target: &str,
    read_only: bool,
    propagation: Option<String>,
    mode: &str,
) -> Option<MountPoint> {
    if target.is_empty() && kind != "tmpfs" {
        return None;
    }
    let mut mount = MountPoint {
        r#type: kind.to_owned(),
        name: String::new(),
        source: String::new(),
        destination: target.to_owned(),
        mode: mode.to_owned(),
        rw: !read_only,
        propagation: String::new(),
        driver: String::new(),
    };
    match kind {
        "bind" => {
            source.clone_into(&mut mount.source);
            mount.propagation = propagation.unwrap_or_else(|| "rprivate".to_owned());
        }
        "volume" => source.clone_into(&mut mount.name),
        _ => source.clone_into(&mut mount.source),
    }
    Some(mount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interp(text: &str, vars: &[(&str, &str)]) -> (String, Vec<(String, Option<String>)>) {
        let map: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let i = Interpolator { vars: &map };
        let node = Node::Scalar {
            text: text.to_owned(),
            plain: true,
            pos: Pos::default(),
        };
        i.text(&node)
    }

    #[test]
    fn interpolation_forms() {
        assert_eq!(interp("${A}", &[("A", "x")]).0, "x");
        assert_eq!(interp("$A-y", &[("A", "x")]).0, "x-y");
        assert_eq!(interp("${A:-d}", &[("A", "")]).0, "d");
        assert_eq!(interp("${A-d}", &[("A", "")]).0, "");
        assert_eq!(interp("${A-d}", &[]).0, "d");
        assert_eq!(interp("$$A", &[("A", "x")]).0, "$A");
        assert_eq!(interp("${A:-${B:-z}}", &[]).0, "z");
        assert_eq!(interp("${A:+yes}", &[("A", "1")]).0, "yes");
        assert_eq!(interp("${A:+yes}", &[]).0, "");
        let (out, missing) = interp("a${B}c", &[]);
        assert_eq!(out, "ac");
        assert_eq!(missing, vec![("B".to_owned(), None)]);
        let (_, missing) = interp("${B:?B is required}", &[]);
        assert_eq!(
            missing,
            vec![("B".to_owned(), Some("B is required".to_owned()))]
        );
        assert!(interp("${A:-d}", &[]).1.is_empty());
    }

    #[test]
    fn short_ports() {
        let p = parse_short_port("127.0.0.1:8080:80/udp");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "80/udp");
        assert_eq!(p[0].1.host_ip, "127.0.0.1");
        assert_eq!(p[0].1.host_port, "8080");
        let p = parse_short_port("[::1]:8080:80");
        assert_eq!(p[0].1.host_ip, "::1");
        let p = parse_short_port("3000-3002:4000-4002");
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].0, "4002/tcp");
        assert_eq!(p[2].1.host_port, "3002");
        let p = parse_short_port("80");
        assert_eq!(
            (p[0].1.host_ip.as_str(), p[0].1.host_port.as_str()),
            ("", "")
        );
    }

    #[test]
    fn short_volumes() {
        let m = parse_short_volume("/var/run/docker.sock:/var/run/docker.sock:ro");
        assert!(m.as_ref().is_some_and(|m| m.r#type == "bind" && !m.rw));
        let m = parse_short_volume("data:/data");
        assert!(
            m.as_ref()
                .is_some_and(|m| m.r#type == "volume" && m.name == "data")
        );
        let m = parse_short_volume("/host:/c:rshared");
        assert!(m.is_some_and(|m| m.propagation == "rshared" && m.rw));
        // `/` is the host root, not a Windows drive letter.
        let root = parse_short_volume("/:/host:rshared");
        assert!(root.is_some_and(|m| m.source == "/"
            && m.destination == "/host"
            && m.propagation == "rshared"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("512m"), 512 * 1024 * 1024);
        assert_eq!(parse_bytes("1g"), 1024 * 1024 * 1024);
        assert_eq!(parse_bytes("50M"), 50 * 1024 * 1024);
        assert_eq!(parse_bytes("1024"), 1024);
        assert_eq!(parse_bytes("lots"), 0);
        assert_eq!(parse_cpus("0.5"), 500_000_000);
    }
}
