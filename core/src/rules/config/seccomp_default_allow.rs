use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG100",
    name: "seccomp-default-allow",
    summary: "Seccomp profile allows every syscall it does not name",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.22",
            "Ensure the default seccomp profile is not Disabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when a seccomp profile's `defaultAction` lets unmatched syscalls run: `SCMP_ACT_ALLOW`, or `SCMP_ACT_LOG` (which allows and logs). Reads profile documents (Docker or OCI form) and profiles inlined in a container's `seccomp=` security option, including an OCI runtime config's `linux.seccomp`. A profile whose default action refuses (`SCMP_ACT_ERRNO`, `SCMP_ACT_KILL*`, `SCMP_ACT_TRAP`, `SCMP_ACT_TRACE`) passes.",
        why: "A default-allow profile is a denylist: every syscall its author did not think of, and every one added to the kernel later, is reachable. Docker's default profile is an allowlist for this reason; a denylist gives much weaker isolation than it appears to.",
        remediation: Remediation {
            docker_run: "Use Docker's default profile (omit `--security-opt seccomp=...`) or a custom allowlist with `\"defaultAction\": \"SCMP_ACT_ERRNO\"`, passed as `--security-opt seccomp=profile.json`.",
            compose: "`security_opt: [\"seccomp=profile.json\"]` with an allowlist profile whose `defaultAction` is `SCMP_ACT_ERRNO`, or no seccomp option at all.",
            dockerfile: None,
            daemon: Some(
                "`\"seccomp-profile\"` in daemon.json must name an allowlist profile (or be left unset for Docker's default).",
            ),
        },
    },
    checks: Checks {
        seccomp_profile: Some(check),
        ..Checks::NONE
    },
};

fn check(profile: &SeccompProfile, ctx: &mut CheckContext<'_>) {
    if profile.default_allows() {
        ctx.fail(
            profile.field("/defaultAction"),
            format!(
                "the seccomp profile's default action is {}: every syscall it does not name is allowed",
                profile.default_action
            ),
        )
        .evidence(format!("defaultAction={}", profile.default_action));
    }
}
