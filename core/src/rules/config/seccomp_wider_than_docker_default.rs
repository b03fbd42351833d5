use crate::rules::prelude::*;
use crate::seccomp::docker_default;

const ACCEPTED: Parameter = Parameter {
    name: "accepted",
    description: "Syscalls the profile may allow beyond Docker's default without a finding.",
    default: ParameterDefault::List(&[]),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG103",
    name: "seccomp-wider-than-docker-default",
    summary: "Seccomp profile allows syscalls Docker's default profile refuses",
    severity: Severity::Medium,
    parameters: &[ACCEPTED],
    references: References {
        cis: &[CisRef::new(
            "5.22",
            "Ensure the default seccomp profile is not Disabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Compares a seccomp profile with Docker's default profile (embedded, moby/moby `profiles/seccomp/default.json`). Fails when the profile allows a syscall unconditionally (no argument filter, no capability condition) that Docker's default profile does not allow under any condition, unless the syscall is in `accepted`. Default-allow profiles are left to CFG100.",
        why: "Docker's default profile is the reviewed baseline: it refuses about 44 syscalls that containers rarely need and that widen the kernel attack surface. A custom profile that allows more than the baseline should do so on purpose; listing the extra syscalls in `accepted` records that decision.",
        remediation: Remediation {
            docker_run: "Remove the extra syscalls from the profile's allowing entries, or list the ones the workload needs in this rule's `accepted` parameter.",
            compose: "Fix the profile file named in `security_opt: [\"seccomp=profile.json\"]` the same way.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        seccomp_profile: Some(check),
        ..Checks::NONE
    },
};

fn check(profile: &SeccompProfile, ctx: &mut CheckContext<'_>) {
    if profile.default_allows() {
        ctx.not_applicable("the default action allows every syscall (see CFG100)");
        return;
    }
    let accepted = ctx.list(&ACCEPTED);
    let baseline = docker_default().allowed_under_some_condition();
    let extra: Vec<String> = profile
        .unconditionally_allowed()
        .into_iter()
        .filter(|n| !baseline.contains(n) && !accepted.contains(&n.as_str()))
        .collect();
    if extra.is_empty() {
        return;
    }
    let shown: Vec<&str> = extra.iter().take(20).map(String::as_str).collect();
    let more = extra.len().saturating_sub(shown.len());
    ctx.fail(
        profile.field("/syscalls"),
        format!(
            "the seccomp profile allows {} syscall(s) Docker's default profile refuses: {}{}",
            extra.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    )
    .evidence(extra.join(","));
}
