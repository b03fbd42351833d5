//! The host facts of CIS Docker Benchmark sections 1 and 3: owners and modes of the Docker
//! files, the loaded audit rules, the mounts, the `docker` group and `DOCKER_CONTENT_TRUST`.
//!
//! The files of CIS sections 1 and 3, plus dockerd's own
//! containerd under `/run/docker/containerd/`. Built as a plain JSON value in the shape of
//! `spec/host-facts.schema.json`, so fields the core adds later need no change here.

use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use serde_json::{Map, Value, json};

/// The files of CIS 1.1.x (audit targets, as `core/src/rules/config/audit_rule_missing.rs`
/// lists them) and section 3 (owners and modes), plus the containerd that dockerd starts itself.
const PATHS: &[&str] = &[
    "/usr/bin/dockerd",
    "/usr/sbin/dockerd",
    "/usr/local/bin/dockerd",
    "/run/containerd",
    "/run/containerd/containerd.sock",
    "/run/docker/containerd",
    "/run/docker/containerd/containerd.sock",
    "/var/lib/docker",
    "/etc/docker",
    "/etc/docker/daemon.json",
    "/lib/systemd/system/docker.service",
    "/usr/lib/systemd/system/docker.service",
    "/etc/systemd/system/docker.service",
    "/lib/systemd/system/docker.socket",
    "/usr/lib/systemd/system/docker.socket",
    "/etc/systemd/system/docker.socket",
    "/run/docker.sock",
    "/var/run/docker.sock",
    "/etc/default/docker",
    "/etc/sysconfig/docker",
    "/etc/containerd/config.toml",
    "/usr/bin/containerd",
    "/usr/local/bin/containerd",
    "/usr/bin/containerd-shim",
    "/usr/bin/containerd-shim-runc-v1",
    "/usr/bin/containerd-shim-runc-v2",
    "/usr/bin/runc",
    "/usr/sbin/runc",
    "/usr/local/bin/runc",
    "/usr/local/sbin/runc",
];

/// Where registry certificates live (`/etc/docker/certs.d/<registry>/<file>`).
const CERTS_DIR: &str = "/etc/docker/certs.d";

/// The host facts document and the notes about what could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HostFactsRead {
    /// The document (`host_facts`).
    pub(crate) facts: Value,
    /// What was left out, and why.
    pub(crate) notes: Vec<String>,
}

/// Collects the facts. `daemon_config_path` is the file dockerd reads (listed with the
/// others); `tls_files` are the TLS files its configuration names.
pub(crate) fn collect(daemon_config_path: &str, tls_files: &[String]) -> HostFactsRead {
    let mut notes = Vec::new();
    let users = read_names("/etc/passwd", &mut notes);
    let group_text = std::fs::read_to_string("/etc/group").unwrap_or_default();
    let groups = parse_group(&group_text);
    let group_names: BTreeMap<u32, String> = groups
        .iter()
        .rev()
        .map(|g| (g.gid, g.name.clone()))
        .collect();

    let mut paths: Vec<String> = PATHS.iter().map(|p| (*p).to_owned()).collect();
    paths.push(daemon_config_path.to_owned());
    paths.extend(tls_files.iter().cloned());
    paths.extend(registry_certificates(Path::new(CERTS_DIR)));
    let mut seen = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    for path in paths {
        if !seen.insert(path.clone()) {
            continue;
        }
        match file_fact(&path, &users, &group_names) {
            Ok(fact) => files.push(fact),
            Err(e) => notes.push(format!(
                "cannot stat {path} ({e}); its owner and mode are left out of the host facts"
            )),
        }
    }

    let mounts = match std::fs::read_to_string("/proc/self/mountinfo") {
        Ok(text) => parse_mountinfo(&text),
        Err(e) => {
            notes.push(format!(
                "cannot read /proc/self/mountinfo ({e}); no mounts listed"
            ));
            Vec::new()
        }
    };
    let docker_group: Vec<Value> = groups
        .iter()
        .find(|g| g.name == "docker")
        .map(|g| json!({"name": g.name, "gid": g.gid, "members": g.members}))
        .into_iter()
        .collect();
    let mut environment = Map::new();
    if let Ok(value) = std::env::var("DOCKER_CONTENT_TRUST") {
        environment.insert("DOCKER_CONTENT_TRUST".to_owned(), Value::String(value));
    }

    let facts = json!({
        "hostname": hostname(),
        "files": files,
        "audit_rules": audit_rules(),
        "mounts": mounts
            .iter()
            .map(|m| json!({"mount_point": m.mount_point, "source": m.source, "fstype": m.fstype}))
            .collect::<Vec<_>>(),
        "groups": docker_group,
        "environment": environment,
    });
    HostFactsRead { facts, notes }
}

/// The host's name (`/proc/sys/kernel/hostname`, else `/etc/hostname`).
pub(crate) fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.trim().to_owned())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn read_names(path: &str, notes: &mut Vec<String>) -> BTreeMap<u32, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_passwd(&text),
        Err(e) => {
            notes.push(format!(
                "cannot read {path} ({e}); owners are listed by id only"
            ));
            BTreeMap::new()
        }
    }
}

/// `uid -> user name` from `/etc/passwd` text (the first name of each uid, like `getpwuid`).
pub(crate) fn parse_passwd(text: &str) -> BTreeMap<u32, String> {
    let mut names = BTreeMap::new();
    for line in text.lines() {
        let mut fields = line.split(':');
        let (Some(name), Some(_), Some(uid)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if name.is_empty() || name.starts_with(['#', '+', '-']) {
            continue;
        }
        if let Ok(uid) = uid.trim().parse::<u32>() {
            names.entry(uid).or_insert_with(|| name.to_owned());
        }
    }
    names
}

/// One `/etc/group` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupEntry {
    /// The group's name.
    pub(crate) name: String,
    /// Its id.
    pub(crate) gid: u32,
    /// The users listed as members (not those whose primary group it is).
    pub(crate) members: Vec<String>,
}

/// The entries of `/etc/group` text, in file order; malformed lines and NIS entries are
/// skipped.
pub(crate) fn parse_group(text: &str) -> Vec<GroupEntry> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let _password = fields.next()?;
            let gid = fields.next()?.trim().parse().ok()?;
            let members = fields.next().unwrap_or("");
            if name.is_empty() || name.starts_with(['#', '+', '-']) {
                return None;
            }
            Some(GroupEntry {
                name: name.to_owned(),
                gid,
                members: members
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect()
}

/// `/etc/docker/certs.d/*/*`, sorted, hidden names excluded (as a shell glob does).
fn registry_certificates(dir: &Path) -> Vec<String> {
    let visible = |entry: &std::fs::DirEntry| !entry.file_name().to_string_lossy().starts_with('.');
    let mut out = Vec::new();
    let Ok(registries) = std::fs::read_dir(dir) else {
        return out;
    };
    for registry in registries.filter_map(Result::ok).filter(visible) {
        let Ok(files) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        out.extend(
            files
                .filter_map(Result::ok)
                .filter(visible)
                .map(|f| f.path().to_string_lossy().into_owned()),
        );
    }
    out.sort();
    out
}

/// The fact for one path: its owner, mode and type, or `exists: false`. A path that cannot
/// be stat'ed for another reason (permission) is an error: unknown, so it is left out rather
/// than guessed.
fn file_fact(
    path: &str,
    users: &BTreeMap<u32, String>,
    groups: &BTreeMap<u32, String>,
) -> Result<Value, std::io::Error> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20) => {
            // ENOENT, or ENOTDIR (a component is a file): the path does not exist.
            return Ok(json!({"path": path, "exists": false}));
        }
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    let type_name = if kind.is_dir() {
        "directory"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_symlink() {
        "symlink"
    } else {
        "file"
    };
    let mut fact = Map::new();
    fact.insert("path".to_owned(), json!(path));
    fact.insert("uid".to_owned(), json!(meta.uid()));
    fact.insert("gid".to_owned(), json!(meta.gid()));
    if let Some(user) = users.get(&meta.uid()) {
        fact.insert("user".to_owned(), json!(user));
    }
    if let Some(group) = groups.get(&meta.gid()) {
        fact.insert("group".to_owned(), json!(group));
    }
    // An octal string, as `stat -c %a` prints it; never a bare number.
    fact.insert(
        "mode".to_owned(),
        json!(format!("{:o}", meta.mode() & 0o7777)),
    );
    fact.insert("type".to_owned(), json!(type_name));
    Ok(Value::Object(fact))
}

/// The loaded audit rules: `auditctl -l`; when that is missing or fails, the text of
/// `/etc/audit/audit.rules` and `/etc/audit/rules.d/*.rules`; when none of those exist, an
/// empty string (no audit rules are loaded).
fn audit_rules() -> String {
    if let Ok(done) = std::process::Command::new("auditctl")
        .arg("-l")
        .stdin(std::process::Stdio::null())
        .output()
        && done.status.success()
    {
        return String::from_utf8_lossy(&done.stdout).into_owned();
    }
    let mut paths = vec![std::path::PathBuf::from("/etc/audit/audit.rules")];
    if let Ok(entries) = std::fs::read_dir("/etc/audit/rules.d") {
        let mut rules: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "rules")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        rules.sort();
        paths.extend(rules);
    }
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.join("\n")
}

/// One mount of `/proc/self/mountinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::struct_field_names,
    reason = "`mount_point` is the host facts field's name"
)]
pub(crate) struct Mount {
    /// Where it is mounted.
    pub(crate) mount_point: String,
    /// What is mounted (the device, or the filesystem's source string).
    pub(crate) source: String,
    /// The filesystem type.
    pub(crate) fstype: String,
}

/// The mounts of `/proc/<pid>/mountinfo` text:
/// `id parent major:minor root mount_point options [optional...] - fstype source super_options`.
pub(crate) fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let (before, after) = line.split_once(" - ")?;
            let mount_point = before.split(' ').nth(4)?;
            let mut tail = after.split(' ');
            let fstype = tail.next()?;
            let source = tail.next().unwrap_or("");
            Some(Mount {
                mount_point: unescape_mount_field(mount_point),
                source: unescape_mount_field(source),
                fstype: unescape_mount_field(fstype),
            })
        })
        .collect()
}

/// Undoes the kernel's octal escapes in mountinfo fields (`\040` space, `\011` tab, `\012`
/// newline, `\134` backslash). Anything else is kept as it is.
pub(crate) fn unescape_mount_field(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\\'
            && let Some(digits) = bytes.get(i + 1..i + 4)
            && digits.iter().all(|d| (b'0'..=b'7').contains(d))
        {
            let value = digits
                .iter()
                .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
            if let Ok(byte) = u8::try_from(value) {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_mountinfo_octal() {
        assert_eq!(unescape_mount_field(r"/mnt/my\040disk"), "/mnt/my disk");
        assert_eq!(unescape_mount_field(r"a\011b\012c\134d"), "a\tb\nc\\d");
        // Not an escape: kept.
        assert_eq!(unescape_mount_field(r"a\9b\04"), r"a\9b\04");
        assert_eq!(unescape_mount_field(r"end\"), r"end\");
        // Out of byte range: kept.
        assert_eq!(unescape_mount_field(r"\777"), r"\777");
        // UTF-8 written byte by byte.
        assert_eq!(unescape_mount_field(r"caf\303\251"), "café");
    }

    #[test]
    fn parses_mountinfo_lines() {
        let text = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
35 22 8:2 / /var/lib/docker rw,relatime shared:20 master:3 - xfs /dev/sdb1 rw
40 22 0:40 / /mnt/with\\040space rw - tmpfs tmp\\040fs rw
garbage line
";
        let mounts = parse_mountinfo(text);
        assert_eq!(
            mounts,
            vec![
                Mount {
                    mount_point: "/".into(),
                    source: "/dev/sda1".into(),
                    fstype: "ext4".into()
                },
                Mount {
                    mount_point: "/var/lib/docker".into(),
                    source: "/dev/sdb1".into(),
                    fstype: "xfs".into()
                },
                Mount {
                    mount_point: "/mnt/with space".into(),
                    source: "tmp fs".into(),
                    fstype: "tmpfs".into()
                },
            ]
        );
    }

    #[test]
    fn parses_etc_group() {
        let text = "\
root:x:0:
# a comment
docker:x:998:alice, bob,
+nis
broken:x:notanumber:
wheel:x:10:carol
";
        let groups = parse_group(text);
        assert_eq!(
            groups,
            vec![
                GroupEntry {
                    name: "root".into(),
                    gid: 0,
                    members: vec![]
                },
                GroupEntry {
                    name: "docker".into(),
                    gid: 998,
                    members: vec!["alice".into(), "bob".into()]
                },
                GroupEntry {
                    name: "wheel".into(),
                    gid: 10,
                    members: vec!["carol".into()]
                },
            ]
        );
    }

    #[test]
    fn parses_etc_passwd_first_name_wins() {
        let names = parse_passwd(
            "root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/:/bin/sh\nbad\napp:x:1000:1000::/:\n",
        );
        assert_eq!(names.get(&0).map(String::as_str), Some("root"));
        assert_eq!(names.get(&1000).map(String::as_str), Some("app"));
        assert_eq!(names.len(), 2);
    }

    #[test]
    fn stats_and_missing_paths() {
        let users = BTreeMap::from([(0, "root".to_owned())]);
        let groups = BTreeMap::from([(0, "root".to_owned())]);
        let missing = file_fact("/nonexistent/file", &users, &groups).ok();
        assert_eq!(
            missing,
            Some(json!({"path": "/nonexistent/file", "exists": false}))
        );
        let under_file = file_fact("/etc/passwd/x", &users, &groups).ok();
        assert_eq!(
            under_file,
            Some(json!({"path": "/etc/passwd/x", "exists": false}))
        );
        let dir = std::env::temp_dir();
        let fact = file_fact(&dir.to_string_lossy(), &users, &groups).ok();
        assert_eq!(
            fact.as_ref()
                .and_then(|f| f.get("type"))
                .and_then(Value::as_str),
            Some("directory")
        );
        assert!(
            fact.as_ref()
                .and_then(|f| f.get("mode"))
                .and_then(Value::as_str)
                .is_some_and(|m| m.bytes().all(|b| (b'0'..=b'7').contains(&b)))
        );
    }
}
