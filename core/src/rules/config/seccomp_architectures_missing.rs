use crate::rules::prelude::*;
use crate::seccomp::KNOWN_ARCHITECTURES;

pub(crate) static RULE: Rule = Rule {
    code: "CFG102",
    name: "seccomp-architectures-missing",
    summary: "Seccomp profile names no architecture, or one the runtimes do not know",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.22",
            "Ensure the default seccomp profile is not Disabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when a seccomp profile whose default action refuses lists no architecture at all (neither `architectures` nor `archMap`), or lists a name that is not a libseccomp architecture (`SCMP_ARCH_X86_64`, `SCMP_ARCH_AARCH64`, ...). Default-allow profiles are left to CFG100.",
        why: "Syscall numbers differ per architecture, and a filter applies only to the ABIs it lists. With none listed, the filter covers the runtime's native ABI only and its meaning depends on the machine it runs on: 32-bit (x86, x32, arm) binaries in the container hit the bad-architecture action. A misspelt architecture makes runc refuse to start the container or, in other runtimes, silently drops that ABI.",
        remediation: Remediation {
            docker_run: "List every ABI the workload may use, as Docker's default profile does: `\"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]}, ...]` (OCI form: `\"architectures\": [...]`).",
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
    let names = profile.architecture_names();
    if names.is_empty() {
        ctx.fail(
            profile.field(""),
            "the seccomp profile lists no architecture: it filters the runtime's native ABI only",
        )
        .evidence("architectures=[] archMap=[]");
        return;
    }
    let unknown: Vec<&str> = names
        .into_iter()
        .filter(|n| !KNOWN_ARCHITECTURES.contains(n))
        .collect();
    if !unknown.is_empty() {
        let field = if profile.architectures.is_empty() {
            profile.field("/archMap")
        } else {
            profile.field("/architectures")
        };
        ctx.fail(
            field,
            format!(
                "the seccomp profile lists architectures libseccomp does not know: {}",
                unknown.join(", ")
            ),
        )
        .evidence(unknown.join(","));
    }
}
