use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG052",
    name: "end-of-life-os",
    summary: "Scanner report says the image's operating system is end of life",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.4",
            "Ensure images are scanned and rebuilt to include security patches",
        )],
        nist: &["4.1.1"],
    },
    docs: Docs {
        what: "Fails when the scanner report states that the image's OS release no longer receives security updates (Trivy `Metadata.OS.EOSL: true`, what `trivy --exit-on-eol` gates on). Not applicable when the report does not say (Grype, Snyk and SARIF reports, Trivy reports of non-image artifacts).",
        why: "An end-of-life distribution gets no more security fixes, so its vulnerabilities are never fixed and scans of it under-report: scanners stop tracking advisories for it.",
        remediation: Remediation {
            docker_run: "Rebuild the image on a supported release and redeploy it.",
            compose: "Point `image:` at the rebuilt image.",
            dockerfile: Some(
                "Move the base image to a supported release:\n\n```dockerfile\nFROM alpine:3.20\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        vulnerability_report: Some(check_report),
        ..Checks::NONE
    },
};

fn check_report(report: &VulnerabilityReport, ctx: &mut CheckContext<'_>) {
    let Some(os) = &report.os else {
        ctx.not_applicable("the report names no operating system");
        return;
    };
    match os.end_of_life {
        Some(true) => {
            ctx.fail(
                "/Metadata/OS/EOSL",
                format!(
                    "{}: {} {} is end of life and gets no security fixes",
                    report.display_name(),
                    os.family,
                    os.name
                ),
            )
            .evidence(format!("OS={} {} EOSL=true", os.family, os.name));
        }
        Some(false) => {}
        None => ctx.not_applicable("the report does not say whether the OS is end of life"),
    }
}
