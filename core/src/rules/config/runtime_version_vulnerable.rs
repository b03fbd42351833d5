use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG041",
    name: "runtime-version-vulnerable",
    summary: "Container runtime (runc or containerd) has a known container-escape vulnerability",
    severity: Severity::High,
    parameters: &[Parameter {
        name: "vulnerable_versions",
        description: "Known vulnerable ranges, one per entry as `component|first affected|first fixed|CVE and note`; an empty first-affected field means every earlier version. Components are matched against `docker version` `Server.Components[].Name` (case-insensitive).",
        default: ParameterDefault::List(&[
            "runc||1.0.0-rc7|CVE-2019-5736 (runc binary overwrite from a malicious container)",
            "runc||1.1.12|CVE-2024-21626 (leaked working-directory file descriptor gives host filesystem access)",
            "runc||1.2.8|CVE-2025-31133, CVE-2025-52565, CVE-2025-52881 (masked-path and /dev/console races allow writes to host procfs)",
            "runc|1.3.0|1.3.3|CVE-2025-31133, CVE-2025-52565, CVE-2025-52881 (masked-path and /dev/console races allow writes to host procfs)",
            "runc|1.4.0-rc.1|1.4.0-rc.3|CVE-2025-31133, CVE-2025-52565, CVE-2025-52881 (masked-path and /dev/console races allow writes to host procfs)",
            "containerd||1.3.9|CVE-2020-15257 (host-network containers reach the shim's abstract socket)",
            "containerd|1.4.0|1.4.3|CVE-2020-15257 (host-network containers reach the shim's abstract socket)",
        ]),
    }],
    references: References {
        cis: &[],
        nist: &["4.4.1"],
    },
    docs: Docs {
        what: "Reads the `runc` and `containerd` components of `docker version` and fails for each whose version falls in a range of the `vulnerable_versions` table, naming the CVE. Versions compare numerically; distribution suffixes (`1.1.12-0ubuntu2`) are ignored, so a distribution that backports a fix without changing the upstream version shows as vulnerable: remove or narrow the entry in the policy. `missing_input` (daemon_version) without a docker version document; not applicable when it lists neither component (Podman, engines before 19.03).",
        why: "The low-level runtime enforces the container boundary; CVE-2019-5736 and CVE-2024-21626 (Leaky Vessels) let a process in a container overwrite the host's runc binary or reach the host filesystem, whatever the container's own hardening.",
        remediation: Remediation {
            docker_run: "Not a container setting: upgrade the `containerd.io` (which ships runc) or `runc` package on the host and restart the daemon.",
            compose: "Not a compose setting: upgrade runc and containerd on the host.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: upgrade `containerd.io`/`runc` (`apt-get install --only-upgrade containerd.io`), then `systemctl restart containerd docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

struct Entry {
    component: String,
    from: Option<Version>,
    fixed: Version,
    fixed_raw: String,
    cve: String,
}

fn parse_entry(raw: &str) -> Option<Entry> {
    let mut parts = raw.splitn(4, '|');
    let component = parts.next()?.trim().to_owned();
    let from_raw = parts.next()?.trim();
    let fixed_raw = parts.next()?.trim().to_owned();
    let cve = parts.next()?.trim().to_owned();
    let from = if from_raw.is_empty() {
        None
    } else {
        Some(Version::parse(from_raw)?)
    };
    Some(Entry {
        component,
        from,
        fixed: Version::parse(&fixed_raw)?,
        fixed_raw,
        cve,
    })
}

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(version) = &daemon.version else {
        ctx.missing_input(
            DocumentKind::DaemonVersion,
            "runc and containerd versions are listed only by docker version (Server.Components), which the bundle does not hold",
        );
        return;
    };
    let table: Vec<Entry> = ctx
        .list("vulnerable_versions")
        .iter()
        .filter_map(|e| parse_entry(e))
        .collect();
    let mut seen_any = false;
    for component in ["runc", "containerd"] {
        let Some((index, found)) = version.component(component) else {
            continue;
        };
        seen_any = true;
        let Some(current) = Version::parse(&found.version) else {
            continue;
        };
        for entry in table
            .iter()
            .filter(|e| e.component.eq_ignore_ascii_case(component))
        {
            let affected =
                current < entry.fixed && entry.from.as_ref().is_none_or(|f| &current >= f);
            if affected {
                ctx.fail(
                    format!("/daemon_version/Components/{index}/Version"),
                    format!(
                        "{component} {} is affected by {}; fixed in {}",
                        found.version, entry.cve, entry.fixed_raw
                    ),
                )
                .evidence(format!("{component} version={}", found.version));
            }
        }
    }
    if !seen_any {
        ctx.not_applicable("docker version lists no runc or containerd component");
    }
}
