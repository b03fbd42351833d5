use crate::rules::prelude::*;

const THRESHOLD: Parameter = Parameter {
    name: "threshold",
    description: "Lowest severity that fails (`negligible`, `low`, `medium`, `high`, `critical`), like `grype --fail-on`; ignored when `severities` is set. An unrecognised value counts every severity (fails closed).",
    default: ParameterDefault::Text("high"),
};

const SEVERITIES: Parameter = Parameter {
    name: "severities",
    description: "A set of severities that fail instead of a threshold (`unknown`, `negligible`, `low`, `medium`, `high`, `critical`), like `trivy --severity HIGH,CRITICAL`. An unrecognised entry makes the set count every severity (fails closed).",
    default: ParameterDefault::List(&[]),
};

const FIXABLE_ONLY: Parameter = Parameter {
    name: "fixable_only",
    description: "Count only vulnerabilities with a fixed version (`trivy --ignore-unfixed`, `grype --only-fixed`).",
    default: ParameterDefault::Bool(false),
};

const MIN_AGE_DAYS: Parameter = Parameter {
    name: "min_age_days",
    description: "Count only vulnerabilities published at least this many days before the evaluation time (0: all). Without an evaluation time, or without a published date in the report, the age is not checked and the vulnerability counts.",
    default: ParameterDefault::Integer(0),
};

const UNKNOWN_COUNTS: Parameter = Parameter {
    name: "unknown_counts",
    description: "How vulnerabilities of unknown severity count under a threshold: `report` (an `info` finding that never trips a gate failing on `low` or above), `ignore`, or a level (`low`..`critical`) to treat them as. Any other value reads as `report`.",
    default: ParameterDefault::Text("report"),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG050",
    name: "vulnerable-package",
    summary: "Scanner report lists a vulnerability at or above the severity gate",
    severity: Severity::High,
    parameters: &[
        THRESHOLD,
        SEVERITIES,
        FIXABLE_ONLY,
        MIN_AGE_DAYS,
        UNKNOWN_COUNTS,
    ],
    references: References {
        cis: &[CisRef::new(
            "4.4",
            "Ensure images are scanned and rebuilt to include security patches",
        )],
        nist: &["4.1.1"],
    },
    docs: Docs {
        what: "Reads a vulnerability scanner report (Trivy JSON, Grype JSON, Snyk container JSON, SARIF from Trivy, Grype, Docker Scout or Snyk) and reports one finding per vulnerability whose severity is at or above `threshold` (or in the `severities` set), optionally only those with a fix (`fixable_only`) and at least `min_age_days` old. Severities are read onto one ladder `unknown < negligible < low < medium < high < critical`; the finding's severity is the vulnerability's (negligible as low), and it names the image, package, installed and fixed versions and the CVE, so waivers can be scoped by `package` and `cve`. Vulnerabilities the vendor marks `not_affected` never count. With the default policy gate (`fail_on: low`) the decision matches `trivy --severity <set> [--ignore-unfixed] --exit-code 1` and `grype --fail-on <threshold> [--only-fixed]` on the same report.",
        why: "Known vulnerabilities in shipped packages are the commonest way into a container; a build gate stops them before deployment, and reading the scanner's own report keeps the decision reproducible and auditable.",
        remediation: Remediation {
            docker_run: "Rebuild and redeploy the image with the fixed package versions (`docker build --pull --no-cache`), then scan again.",
            compose: "Point `image:` at the rebuilt image.",
            dockerfile: Some(
                "Upgrade the package or the base image to a fixed version and rebuild with `--pull`:\n\n```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libexpat1=2.5.0-1+deb12u1\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        vulnerability_report: Some(check_report),
        ..Checks::NONE
    },
};

/// The finding severity of a vulnerability severity.
pub(crate) fn finding_severity(severity: VulnSeverity) -> Severity {
    match severity {
        VulnSeverity::Critical => Severity::Critical,
        VulnSeverity::High => Severity::High,
        VulnSeverity::Medium => Severity::Medium,
        VulnSeverity::Low | VulnSeverity::Negligible => Severity::Low,
        VulnSeverity::Unknown => Severity::Info,
    }
}

/// `CVE-... in openssl 1.1.1d-0 (high, fixed in 1.1.1n-0)`.
pub(crate) fn describe(report: &VulnerabilityReport, v: &Vulnerability) -> String {
    let fix = if v.fixed_versions.is_empty() {
        match v.fix_state {
            FixState::Fixed => "a fix exists".to_owned(),
            FixState::WontFix => "will not be fixed".to_owned(),
            FixState::Unknown => "fix state unknown".to_owned(),
            _ => "no fixed version".to_owned(),
        }
    } else {
        format!("fixed in {}", v.fixed_versions.join(", "))
    };
    let package = if v.package.is_empty() {
        "an unnamed package"
    } else {
        v.package.as_str()
    };
    let version = if v.installed_version.is_empty() {
        String::new()
    } else {
        format!(" {}", v.installed_version)
    };
    format!(
        "{}: {} in {package}{version} ({}, {fix})",
        report.display_name(),
        v.id,
        v.severity
    )
}

/// Days between a published date and now, when both are known.
fn age_days(published: Option<&str>, now: Option<crate::Timestamp>) -> Option<i64> {
    let published = crate::Timestamp::parse(published?).ok()?;
    Some((now?.unix_seconds() - published.unix_seconds()).div_euclid(86_400))
}

fn check_report(report: &VulnerabilityReport, ctx: &mut CheckContext<'_>) {
    let named = ctx.list(&SEVERITIES);
    let mut set: Vec<VulnSeverity> = named
        .iter()
        .filter_map(|s| VulnSeverity::from_name(s))
        .collect();
    if set.len() < named.len() {
        // A misspelt entry must not quietly narrow the gate: count every severity.
        set = VulnSeverity::ALL.to_vec();
    }
    let threshold = VulnSeverity::from_name(ctx.text(&THRESHOLD))
        .filter(|t| *t != VulnSeverity::Unknown)
        .unwrap_or(VulnSeverity::Negligible);
    let unknown_counts = ctx.text(&UNKNOWN_COUNTS);
    let unknown_as =
        VulnSeverity::from_name(unknown_counts).filter(|s| *s != VulnSeverity::Unknown);
    let fixable_only = ctx.flag(&FIXABLE_ONLY);
    let min_age = ctx.integer(&MIN_AGE_DAYS);
    let now = ctx.now();
    for v in &report.vulnerabilities {
        if v.fix_state == FixState::NotAffected || (fixable_only && !v.is_fixable()) {
            continue;
        }
        if min_age > 0 && age_days(v.published.as_deref(), now).is_some_and(|age| age < min_age) {
            continue;
        }
        let effective = match (v.severity, unknown_as) {
            (VulnSeverity::Unknown, Some(level)) if set.is_empty() => level,
            (s, _) => s,
        };
        let in_scope = if set.is_empty() {
            effective != VulnSeverity::Unknown && effective >= threshold
        } else {
            set.contains(&v.severity)
        };
        let severity = if in_scope {
            finding_severity(effective).max(Severity::Low)
        } else if set.is_empty()
            && v.severity == VulnSeverity::Unknown
            && unknown_counts != "ignore"
        {
            Severity::Info
        } else {
            continue;
        };
        let mut evidence = format!(
            "{} severity={} fix_state={} installed={}",
            v.id,
            v.severity,
            v.fix_state.as_str(),
            v.installed_version
        );
        if !v.fixed_versions.is_empty() {
            evidence.push_str(" fixed=");
            evidence.push_str(&v.fixed_versions.join(","));
        }
        if min_age > 0 && now.is_none() {
            evidence.push_str(" (no evaluation time: age not checked)");
        }
        let message = describe(report, v);
        let draft = ctx.fail(v.pointer.clone(), message);
        draft.severity(severity).evidence(evidence);
        if !v.package.is_empty() {
            draft.package(v.package.clone());
        }
        if let Some(cve) = v.cve() {
            draft.cve(cve.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_need_both_dates() {
        let now = crate::Timestamp::parse("2024-01-11T00:00:00Z").ok();
        assert_eq!(age_days(Some("2024-01-01T00:00:00Z"), now), Some(10));
        assert_eq!(age_days(None, now), None);
        assert_eq!(age_days(Some("2024-01-01"), None), None);
        assert_eq!(age_days(Some("garbage"), now), None);
    }
}
