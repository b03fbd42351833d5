use crate::document::FileFact;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG070",
    name: "audit-rule-missing",
    summary: "Docker files and binaries are not covered by Linux audit rules",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[
            CisRef::new(
                "1.1.3",
                "Ensure auditing is configured for the Docker daemon",
            ),
            CisRef::new(
                "1.1.4",
                "Ensure auditing is configured for Docker files and directories - /run/containerd",
            ),
            CisRef::new(
                "1.1.5",
                "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
            ),
            CisRef::new(
                "1.1.6",
                "Ensure auditing is configured for Docker files and directories - /etc/docker",
            ),
            CisRef::new(
                "1.1.7",
                "Ensure auditing is configured for Docker files and directories - docker.service",
            ),
            CisRef::new(
                "1.1.8",
                "Ensure auditing is configured for Docker files and directories - containerd.sock",
            ),
            CisRef::new(
                "1.1.9",
                "Ensure auditing is configured for Docker files and directories - docker.socket / docker.sock",
            ),
            CisRef::new(
                "1.1.10",
                "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
            ),
            CisRef::new(
                "1.1.11",
                "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
            ),
            CisRef::new(
                "1.1.12",
                "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
            ),
            CisRef::new(
                "1.1.13",
                "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
            ),
            CisRef::new(
                "1.1.14",
                "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
            ),
            CisRef::new(
                "1.1.15",
                "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
            ),
            CisRef::new(
                "1.1.16",
                "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1",
            ),
            CisRef::new(
                "1.1.17",
                "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2",
            ),
            CisRef::new(
                "1.1.18",
                "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
            ),
        ],
        nist: &["4.5.5"],
    },
    docs: Docs {
        what: "Reads the host facts' `audit_rules` (the output of `auditctl -l`, or the rules files) and, for each CIS 1.1.3-1.1.18 target that exists on the host, fails when no rule covers it: a watch (`-w <path>`) or a syscall rule with `-F path=<path>` / `-F dir=<dir>` on the path itself or on a directory above it. A target is checked when the host facts list one of its paths as existing (so a dockerd in `/usr/local/bin` or runc in `/usr/sbin` is found where it is); `/usr/bin/dockerd`, `/var/lib/docker` and `/etc/docker`, present on every Docker host, are checked even when not listed. `missing_input` (host_facts) when the facts hold no `audit_rules`; an empty `audit_rules` (or `auditctl -l`'s `No rules`) means none are loaded, and every checked target fails. The containerd socket of CIS 1.1.8 is `/run/containerd/containerd.sock`, or `/run/docker/containerd/containerd.sock` for the containerd dockerd starts itself. Matching is on whole paths, not substrings: a rule for `/run/containerd/containerd.sock` does not cover `/run/containerd`.",
        why: "The daemon, its configuration and the runtime binaries decide what every container may do; audit records of who changed them, and when, are what an investigation of a host compromise starts from.",
        remediation: Remediation {
            docker_run: "Not a container setting: add audit rules on the host, for example `auditctl -w /usr/bin/dockerd -p rwxa -k docker`, and persist them in `/etc/audit/rules.d/docker.rules`.",
            compose: "Not a compose setting: configure auditd on the host.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: add `-w <path> -p rwxa -k docker` lines for each file to `/etc/audit/rules.d/docker.rules` and run `augenrules --load`.",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

/// A CIS target: its id, the paths it may live at, and whether it is checked even when the
/// host facts do not list it.
struct Target {
    cis: &'static str,
    paths: &'static [&'static str],
    always: bool,
}

const TARGETS: &[Target] = &[
    Target {
        cis: "1.1.3",
        paths: &[
            "/usr/bin/dockerd",
            "/usr/sbin/dockerd",
            "/usr/local/bin/dockerd",
        ],
        always: true,
    },
    Target {
        cis: "1.1.4",
        paths: &["/run/containerd"],
        always: false,
    },
    Target {
        cis: "1.1.5",
        paths: &["/var/lib/docker"],
        always: true,
    },
    Target {
        cis: "1.1.6",
        paths: &["/etc/docker"],
        always: true,
    },
    Target {
        cis: "1.1.7",
        paths: &[
            "/lib/systemd/system/docker.service",
            "/usr/lib/systemd/system/docker.service",
            "/etc/systemd/system/docker.service",
        ],
        always: false,
    },
    Target {
        cis: "1.1.8",
        // The second is the socket of the containerd dockerd starts itself.
        paths: &[
            "/run/containerd/containerd.sock",
            "/run/docker/containerd/containerd.sock",
        ],
        always: false,
    },
    Target {
        cis: "1.1.9",
        paths: &[
            "/lib/systemd/system/docker.socket",
            "/usr/lib/systemd/system/docker.socket",
            "/etc/systemd/system/docker.socket",
            "/run/docker.sock",
            "/var/run/docker.sock",
        ],
        always: false,
    },
    Target {
        cis: "1.1.10",
        paths: &["/etc/default/docker"],
        always: false,
    },
    Target {
        cis: "1.1.11",
        paths: &["/etc/docker/daemon.json"],
        always: false,
    },
    Target {
        cis: "1.1.12",
        paths: &["/etc/containerd/config.toml"],
        always: false,
    },
    Target {
        cis: "1.1.13",
        paths: &["/etc/sysconfig/docker"],
        always: false,
    },
    Target {
        cis: "1.1.14",
        paths: &["/usr/bin/containerd", "/usr/local/bin/containerd"],
        always: false,
    },
    Target {
        cis: "1.1.15",
        paths: &["/usr/bin/containerd-shim", "/usr/local/bin/containerd-shim"],
        always: false,
    },
    Target {
        cis: "1.1.16",
        paths: &[
            "/usr/bin/containerd-shim-runc-v1",
            "/usr/local/bin/containerd-shim-runc-v1",
        ],
        always: false,
    },
    Target {
        cis: "1.1.17",
        paths: &[
            "/usr/bin/containerd-shim-runc-v2",
            "/usr/local/bin/containerd-shim-runc-v2",
        ],
        always: false,
    },
    Target {
        cis: "1.1.18",
        paths: &[
            "/usr/bin/runc",
            "/usr/sbin/runc",
            "/usr/local/bin/runc",
            "/usr/local/sbin/runc",
        ],
        always: false,
    },
];

/// The paths the audit rules watch: `-w <path>`, `-F path=<path>`, `-F dir=<dir>`.
fn watched_paths(rules: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in rules.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let next = words.get(i + 1).copied();
            match *word {
                "-w" => out.extend(next.map(normalize)),
                "-F" => {
                    if let Some(field) = next
                        && let Some(value) = field
                            .strip_prefix("path=")
                            .or_else(|| field.strip_prefix("dir="))
                    {
                        out.push(normalize(value));
                    }
                }
                _ => {
                    if let Some(value) = word.strip_prefix("-w")
                        && value.starts_with('/')
                    {
                        out.push(normalize(value));
                    }
                }
            }
        }
    }
    out
}

/// Whether the text holds at least one watch (`-w`) or syscall rule (`-a`, `-A`): an empty
/// text, comments, control lines (`-D`, `-b 8192`) and `auditctl -l`'s "No rules" load none.
fn loads_any_rule(rules: &str) -> bool {
    rules
        .lines()
        .map(str::trim)
        .any(|line| line.starts_with("-w") || line.starts_with("-a") || line.starts_with("-A"))
}

fn normalize(path: &str) -> String {
    let trimmed = path.trim_matches('"').trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn covers(watched: &str, path: &str) -> bool {
    watched == path
        || path
            .strip_prefix(watched)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn listed<'a>(facts: &'a HostFacts, path: &str) -> Option<&'a FileFact> {
    facts.files.iter().find(|f| normalize(&f.path) == path)
}

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    let Some(rules) = &facts.audit_rules else {
        ctx.missing_input(
            DocumentKind::HostFacts,
            "the host facts hold no audit_rules (collect them with `auditctl -l`)",
        );
        return;
    };
    let watched = watched_paths(rules);
    let none_loaded = !loads_any_rule(rules);
    for target in TARGETS {
        let present: Vec<&str> = target
            .paths
            .iter()
            .copied()
            .filter(|p| listed(facts, p).is_some_and(|f| f.exists))
            .collect();
        let listed_absent = target
            .paths
            .iter()
            .any(|p| listed(facts, p).is_some_and(|f| !f.exists));
        let paths: Vec<&str> = if !present.is_empty() {
            present
        } else if target.always && !listed_absent {
            target.paths.iter().copied().take(1).collect()
        } else {
            continue;
        };
        let covered = paths.iter().any(|p| watched.iter().any(|w| covers(w, p)));
        if !covered {
            let message = if none_loaded {
                format!(
                    "CIS {}: no audit rules are loaded, so nothing covers {}",
                    target.cis,
                    paths.join(" or ")
                )
            } else {
                format!(
                    "CIS {}: no audit rule covers {}",
                    target.cis,
                    paths.join(" or ")
                )
            };
            ctx.fail("/audit_rules", message)
                .evidence(format!("unwatched: {}", paths.join(", ")))
                .controls(std::slice::from_ref(&target.cis));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{covers, loads_any_rule, watched_paths};

    #[test]
    fn reads_watch_and_syscall_rules() {
        let rules = "## docker\n-w /usr/bin/dockerd -p rwxa -k docker\n-a always,exit -F arch=b64 -S all -F path=/etc/docker/daemon.json -F perm=rwxa -F key=docker\n-a exit,always -F dir=/var/lib/docker/ -F perm=war\n";
        let watched = watched_paths(rules);
        assert_eq!(
            watched,
            [
                "/usr/bin/dockerd",
                "/etc/docker/daemon.json",
                "/var/lib/docker"
            ]
        );
        assert!(covers("/var/lib/docker", "/var/lib/docker/volumes"));
        assert!(!covers(
            "/run/containerd/containerd.sock",
            "/run/containerd"
        ));
        assert!(!covers("/usr/bin/containerd", "/usr/bin/containerd-shim"));
    }

    #[test]
    fn an_empty_rule_set_loads_nothing() {
        assert!(!loads_any_rule(""));
        assert!(!loads_any_rule("No rules\n"));
        assert!(!loads_any_rule("# docker\n-D\n-b 8192\n"));
        assert!(loads_any_rule("-w /etc/docker -p rwxa\n"));
        assert!(loads_any_rule("  -a always,exit -F path=/usr/bin/runc\n"));
    }
}
