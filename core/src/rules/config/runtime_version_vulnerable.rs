use crate::rules::prelude::*;

const VULNERABLE_VERSIONS: Parameter = Parameter {
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
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG041",
    name: "runtime-version-vulnerable",
    summary: "Container runtime (runc or containerd) has a known container-escape vulnerability",
    severity: Severity::High,
    parameters: &[VULNERABLE_VERSIONS],
    references: References {
        cis: &[],
        nist: &["4.4.1"],
    },
    docs: Docs {
        what: "Reads the `runc` and `containerd` components of `docker version` and fails for each whose version falls in a range of the `vulnerable_versions` table, naming the CVE. Upstream versions compare numerically (`1.1.10`, `v1.7.13`, `1.4.0-rc.2`). A distribution build (`1.1.5+ds1-1+deb12u1`, `+dfsg`/`+ds` repacks, `ubuntu`, `.el9`, `.fc40`, a numeric package revision) whose upstream version is at or past the fix passes; one before it may carry a backported fix, so it is compared with the distribution's fixed revision where the rule's built-in table knows it (Debian's version ordering; today Debian 12 runc `1.1.5+ds1-1+deb12u1` for CVE-2024-21626, DSA-5615-1): older fails, equal or newer passes. For a distribution build the table does not know, the version cannot tell: the finding is low severity and says so (check the distribution's security tracker, then waive it or narrow the entry in the policy). `missing_input` (daemon_version) without a docker version document; not applicable when it lists neither component (Podman, engines before 19.03).",
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

/// Distribution builds known to carry a fix although their upstream version is in the range,
/// per CVE: (component, CVE, the distribution's fixed version, distribution and source).
/// A build of the same distribution and upstream version is compared with it.
const DISTRIBUTION_FIXED: &[(&str, &str, &str, &str)] = &[
    // Debian security tracker, DSA-5615-1 (runc, CVE-2024-21626): fixed in bookworm by
    // 1.1.5+ds1-1+deb12u1.
    (
        "runc",
        "CVE-2024-21626",
        "1.1.5+ds1-1+deb12u1",
        "DSA-5615-1, Debian 12",
    ),
];

/// A distribution's build, recognised by its version string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Distribution {
    Debian,
    Ubuntu,
    RedHat,
    Fedora,
    /// A package revision of an unnamed distribution (`1.1.12-1`).
    Other,
}

impl Distribution {
    fn name(self) -> &'static str {
        match self {
            Distribution::Debian => "Debian",
            Distribution::Ubuntu => "Ubuntu",
            Distribution::RedHat => "Red Hat",
            Distribution::Fedora => "Fedora",
            Distribution::Other => "a distribution",
        }
    }
}

/// Which distribution built `raw`, if it is not an upstream version.
fn distribution(raw: &str) -> Option<Distribution> {
    let lower = raw.trim().to_ascii_lowercase();
    let has_marker = |marker: &str| {
        lower.match_indices(marker).any(|(at, m)| {
            lower[at + m.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
    };
    if lower.contains("ubuntu") {
        return Some(Distribution::Ubuntu);
    }
    if has_marker("+deb")
        || has_marker("~deb")
        || ["+ds", "~ds", "+dfsg", "~dfsg"]
            .iter()
            .any(|m| lower.contains(m))
    {
        return Some(Distribution::Debian);
    }
    if has_marker(".el") {
        return Some(Distribution::RedHat);
    }
    if has_marker(".fc") {
        return Some(Distribution::Fedora);
    }
    // A package revision after the upstream version (`1.1.12-1`), but not a pre-release
    // (`-rc.2`) or a `git describe` suffix (`-0-g51d5e94`).
    let revision = lower.split_once('-').map(|(_, rest)| rest)?;
    let git_describe = revision.split_once("-g").is_some_and(|(n, hash)| {
        n.bytes().all(|b| b.is_ascii_digit())
            && !hash.is_empty()
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    });
    (revision.starts_with(|c: char| c.is_ascii_digit()) && !git_describe)
        .then_some(Distribution::Other)
}

/// A Debian version's upstream part: without the epoch and the revision after the last `-`.
fn debian_upstream(raw: &str) -> &str {
    let raw = raw.trim();
    let raw = raw.split_once(':').map_or(raw, |(_, rest)| rest);
    raw.rsplit_once('-').map_or(raw, |(upstream, _)| upstream)
}

/// Debian's version ordering (`dpkg --compare-versions`): epoch, then upstream version, then
/// revision, each compared by alternating non-digit runs (`~` sorts before everything, letters
/// before other characters) and numbers.
fn debian_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(v: &str) -> (u64, &str, &str) {
        let v = v.trim();
        let (epoch, rest) = match v.split_once(':') {
            Some((e, rest)) if e.bytes().all(|b| b.is_ascii_digit()) => {
                (e.parse().unwrap_or(0), rest)
            }
            _ => (0, v),
        };
        match rest.rsplit_once('-') {
            Some((upstream, revision)) => (epoch, upstream, revision),
            None => (epoch, rest, ""),
        }
    }
    fn order(c: Option<u8>) -> i32 {
        match c {
            Some(b'~') => -1,
            None => 0,
            Some(c) if c.is_ascii_digit() => 0,
            Some(c) if c.is_ascii_alphabetic() => i32::from(c),
            Some(c) => i32::from(c) + 256,
        }
    }
    fn part(a: &str, b: &str) -> std::cmp::Ordering {
        let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
        while !a.is_empty() || !b.is_empty() {
            while a.first().is_some_and(|c| !c.is_ascii_digit())
                || b.first().is_some_and(|c| !c.is_ascii_digit())
            {
                let (ca, cb) = (order(a.first().copied()), order(b.first().copied()));
                if ca != cb {
                    return ca.cmp(&cb);
                }
                a = a.get(1..).unwrap_or_default();
                b = b.get(1..).unwrap_or_default();
            }
            let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
            let (na, nb) = (digits(a), digits(b));
            let number = |s: &[u8]| {
                s.iter()
                    .skip_while(|c| **c == b'0')
                    .map(|c| char::from(*c))
                    .collect::<String>()
            };
            let (xa, xb) = (number(&a[..na]), number(&b[..nb]));
            let by_number = xa.len().cmp(&xb.len()).then_with(|| xa.cmp(&xb));
            if by_number != std::cmp::Ordering::Equal {
                return by_number;
            }
            a = &a[na..];
            b = &b[nb..];
        }
        std::cmp::Ordering::Equal
    }
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    ea.cmp(&eb)
        .then_with(|| part(ua, ub))
        .then_with(|| part(ra, rb))
}

/// What the distribution table says about a distribution build in an affected upstream range:
/// `Some((fixed, source, is_fixed))` when it knows the distribution's fixed build of the same
/// upstream version.
fn distribution_verdict(
    component: &str,
    cve: &str,
    raw: &str,
    distro: Distribution,
) -> Option<(&'static str, &'static str, bool)> {
    if distro != Distribution::Debian || !raw.contains('-') {
        return None;
    }
    DISTRIBUTION_FIXED
        .iter()
        .find(|(c, id, fixed, _)| {
            c.eq_ignore_ascii_case(component)
                && cve.contains(id)
                && debian_upstream(fixed) == debian_upstream(raw)
        })
        .map(|(_, _, fixed, source)| {
            (
                *fixed,
                *source,
                debian_cmp(raw, fixed) != std::cmp::Ordering::Less,
            )
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
        .list(&VULNERABLE_VERSIONS)
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
        let distro = distribution(&found.version);
        for entry in table
            .iter()
            .filter(|e| e.component.eq_ignore_ascii_case(component))
        {
            let affected =
                current < entry.fixed && entry.from.as_ref().is_none_or(|f| &current >= f);
            if !affected {
                continue;
            }
            let field = format!("/daemon_version/Components/{index}/Version");
            let evidence = format!("{component} version={}", found.version);
            let Some(distro) = distro else {
                ctx.fail(
                    field,
                    format!(
                        "{component} {} is affected by {}; fixed in {}",
                        found.version, entry.cve, entry.fixed_raw
                    ),
                )
                .evidence(evidence);
                continue;
            };
            match distribution_verdict(component, &entry.cve, &found.version, distro) {
                Some((_, _, true)) => {}
                Some((fixed, source, false)) => {
                    ctx.fail(
                        field,
                        format!(
                            "{component} {} is affected by {}; fixed in {} by {fixed} ({source})",
                            found.version,
                            entry.cve,
                            distro.name()
                        ),
                    )
                    .evidence(evidence);
                }
                None => {
                    ctx.fail(
                        field,
                        format!(
                            "{component} {} is a build by {} of upstream {current}, which is affected by {} (fixed upstream in {}); distributions backport fixes without changing the upstream version and the rule knows no fixed revision for this build, so the version cannot tell: check the distribution's security tracker",
                            found.version,
                            distro.name(),
                            entry.cve,
                            entry.fixed_raw
                        ),
                    )
                    .severity(Severity::Low)
                    .evidence(evidence);
                }
            }
        }
    }
    if !seen_any {
        ctx.not_applicable("docker version lists no runc or containerd component");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn debian_ordering() {
        assert_eq!(
            debian_cmp("1.1.5+ds1-1+deb12u1", "1.1.5+ds1-1"),
            Ordering::Greater
        );
        assert_eq!(
            debian_cmp("1.1.5+ds1-1+deb12u1", "1.1.5+ds1-1+deb12u1"),
            Ordering::Equal
        );
        assert_eq!(
            debian_cmp("1.1.5+ds1-1+deb12u2", "1.1.5+ds1-1+deb12u10"),
            Ordering::Less
        );
        assert_eq!(debian_cmp("1.0~rc1-1", "1.0-1"), Ordering::Less);
        assert_eq!(debian_cmp("1:0.9-1", "2.0-1"), Ordering::Greater);
        assert_eq!(
            debian_cmp("1.1.5+ds1-1+deb12u1+b1", "1.1.5+ds1-1+deb12u1"),
            Ordering::Greater
        );
    }

    #[test]
    fn distribution_builds() {
        assert_eq!(
            distribution("1.1.5+ds1-1+deb12u1"),
            Some(Distribution::Debian)
        );
        assert_eq!(distribution("1.1.5+ds1"), Some(Distribution::Debian));
        assert_eq!(
            distribution("1.1.7-0ubuntu1~22.04.2"),
            Some(Distribution::Ubuntu)
        );
        assert_eq!(distribution("1.1.12-1.el9"), Some(Distribution::RedHat));
        assert_eq!(distribution("1.1.12-1.fc40"), Some(Distribution::Fedora));
        assert_eq!(distribution("1.1.12-2"), Some(Distribution::Other));
        assert_eq!(distribution("1.1.10"), None);
        assert_eq!(distribution("v1.7.13"), None);
        assert_eq!(distribution("1.4.0-rc.2"), None);
        assert_eq!(distribution("1.0.0-rc6"), None);
        assert_eq!(distribution("1.1.12-0-g51d5e94"), None);
    }
}
