use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG119",
    name: "unresolved-compose-variable",
    summary: "Compose file refers to a variable the caller did not supply",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails for every `${VAR}` (or `$VAR`) reference in a compose service that the variables handed to hullcheck did not resolve and that has no default (`${VAR:-default}`, `${VAR-default}`). Compose substitutes the empty string for these, and hullcheck judged the service that way; `${VAR:?message}` references, which make compose refuse to start, are reported with their message. Only compose services have such references.",
        why: "A setting that comes from the environment is unknown to a static check: `privileged: ${PRIV}` or `user: ${UID}` may be safe on one machine and not on another. Reporting the reference keeps an unevaluated setting from passing silently.",
        remediation: Remediation {
            docker_run: "Supply the variable to the check (the same values `docker compose` reads from the shell and `.env`), or give the reference a safe default: `${VAR:-value}`.",
            compose: "Give the reference a default (`${VAR:-value}`), or pass the variables to hullcheck.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    for (index, unresolved) in container.unresolved_variables.iter().enumerate() {
        let message = match &unresolved.required {
            Some(required) => format!(
                "`{}` requires the variable {}, which was not supplied ({required})",
                unresolved.key, unresolved.name
            ),
            None => format!(
                "`{}` refers to the variable {}, which was not supplied: evaluated as empty",
                unresolved.key, unresolved.name
            ),
        };
        ctx.fail(format!("/UnresolvedVariables/{index}"), message)
            .evidence(format!("${{{}}}", unresolved.name));
    }
}
