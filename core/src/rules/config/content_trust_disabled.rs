use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG075",
    name: "content-trust-disabled",
    summary: "Docker content trust is not enabled for the Docker client",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.5",
            "Ensure Content trust for Docker is Enabled",
        )],
        nist: &["4.1.5"],
    },
    docs: Docs {
        what: "Reads `DOCKER_CONTENT_TRUST` from the host facts' `environment` (the collecting process's environment) and decides as the Docker CLI does: unset or empty is off; a value Go's `strconv.ParseBool` reads as false (`0`, `f`, `F`, `false`, `FALSE`, `False`) is off; a value it reads as true (`1`, `t`, `T`, `true`, `TRUE`, `True`) is on, and so is any value it cannot parse (`yes`, ` 1`): the CLI treats those as on. Fails when off. docker-bench-security accepts only `1`, so it fails `true`. `missing_input` (host_facts) when the host facts hold no `environment`. The variable is a client setting: it covers the shell or service whose environment was collected, not other users' shells, CI jobs or `--disable-content-trust` on a single command.",
        why: "With content trust on, `docker pull`, `run`, `build` and `create` refuse image tags that carry no valid signature from the publisher, so a tag pushed by whoever compromised a registry account is not run. Docker content trust is built on Notary v1: signatures exist only for images whose publishers sign that way, and image signing with Sigstore or Notation, enforced at admission, is the current alternative.",
        remediation: Remediation {
            docker_run: "`export DOCKER_CONTENT_TRUST=1` in the environment of whoever runs `docker` (a profile script such as `/etc/profile.d/docker-content-trust.sh`, or the CI job's environment); `docker run --disable-content-trust` opts one command out.",
            compose: "Not a compose setting, and `docker compose pull` does not verify content trust signatures (docker/compose#11948): pull the images with `DOCKER_CONTENT_TRUST=1 docker pull` before `docker compose up`, or pin them by digest.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: content trust is enforced by the client. Set `DOCKER_CONTENT_TRUST=1` in the environment of every client that pulls or builds.",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

/// The variable the Docker CLI reads.
const VARIABLE: &str = "DOCKER_CONTENT_TRUST";

/// The values Go's `strconv.ParseBool` reads as false. The CLI turns content trust on for any
/// other non-empty value, including those ParseBool refuses.
const GO_FALSE: &[&str] = &["0", "f", "F", "false", "FALSE", "False"];

/// Whether the Docker CLI enables content trust for the value `value` of the variable.
fn cli_enables(value: Option<&str>) -> bool {
    match value {
        None | Some("") => false,
        Some(v) => !GO_FALSE.contains(&v),
    }
}

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    let Some(environment) = &facts.environment else {
        ctx.missing_input(
            DocumentKind::HostFacts,
            "the host facts hold no environment (collect DOCKER_CONTENT_TRUST from the client's environment)",
        );
        return;
    };
    let value = environment.get(VARIABLE).map(String::as_str);
    if cli_enables(value) {
        return;
    }
    match value {
        None => {
            ctx.fail(
                "/environment",
                format!("{VARIABLE} is unset, so the Docker client pulls and runs unsigned images"),
            )
            .evidence(format!("{VARIABLE} unset"));
        }
        Some(v) => {
            let shown = if v.is_empty() { "empty" } else { v };
            ctx.fail(
                format!("/environment/{VARIABLE}"),
                format!(
                    "{VARIABLE} is {shown}, which turns content trust off, so the Docker client pulls and runs unsigned images"
                ),
            )
            .evidence(format!("{VARIABLE}={v}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cli_enables;

    #[test]
    fn decides_as_the_docker_cli() {
        for on in ["1", "t", "T", "true", "TRUE", "True", "yes", " 1", "2"] {
            assert!(cli_enables(Some(on)), "{on:?}");
        }
        for off in ["0", "f", "F", "false", "FALSE", "False", ""] {
            assert!(!cli_enables(Some(off)), "{off:?}");
        }
        assert!(!cli_enables(None));
    }
}
