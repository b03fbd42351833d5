use crate::document::normalize_capability;
use crate::rules::prelude::*;

const CAPABILITIES: Parameter = Parameter {
    name: "capabilities",
    description: "Capabilities (normalised names, without `CAP_`) reported when added; `ALL` stands for `--cap-add ALL`.",
    default: ParameterDefault::List(&[
        "ALL",
        "SYS_ADMIN",
        "SYS_MODULE",
        "SYS_PTRACE",
        "SYS_RAWIO",
        "SYS_BOOT",
        "SYS_TIME",
        "DAC_READ_SEARCH",
        "NET_ADMIN",
        "BPF",
        "PERFMON",
        "SYSLOG",
        "MAC_ADMIN",
        "MAC_OVERRIDE",
    ]),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG004",
    name: "dangerous-capability",
    summary: "Container adds a capability that opens a path to the host",
    severity: Severity::High,
    parameters: &[CAPABILITIES],
    references: References {
        cis: &[],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails once for each entry of `HostConfig.CapAdd` whose normalised name is in the `capabilities` parameter. The default list holds the capabilities with a documented route out of the container or into the kernel: ALL; SYS_ADMIN (mount, cgroup `release_agent`, most escapes); SYS_MODULE (load kernel modules); SYS_RAWIO (raw I/O ports and `/dev/mem`); SYS_PTRACE (trace and inject into other processes, host processes with a shared PID namespace); SYS_BOOT (reboot, `kexec_load`); SYS_TIME (set the host clock, which is not namespaced); DAC_READ_SEARCH (`open_by_handle_at`, the \"shocker\" escape); NET_ADMIN (rewrite interfaces, routes and firewall rules; the host's with `--network host`); BPF and PERFMON (load BPF programs, read kernel memory through tracing); SYSLOG (kernel log with kernel addresses, a KASLR bypass); MAC_ADMIN and MAC_OVERRIDE (change or bypass AppArmor/SELinux policy). SETFCAP is left out on purpose: it is in Docker's default set, so adding it changes nothing. CFG002 still reports every non-default capability at medium severity.",
        why: "Docker's capability set is the main barrier between root in the container and root on the host once seccomp and the LSM are in place; each capability in the list removes part of that barrier in a way attackers have used (NIST SP 800-190 4.4.3: minimise container privileges).",
        remediation: Remediation {
            docker_run: "Remove `--cap-add <CAP>`; if the workload really needs it, run it on a dedicated host and keep seccomp and AppArmor/SELinux enabled.",
            compose: "Remove the capability from `cap_add:`.",
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
    let listed: Vec<String> = ctx
        .list(&CAPABILITIES)
        .iter()
        .map(|c| normalize_capability(c))
        .collect();
    for (i, raw) in container.host_config.cap_add.iter().enumerate() {
        let name = normalize_capability(raw);
        if name.is_empty() || !listed.contains(&name) {
            continue;
        }
        let message = if name == "ALL" {
            "container adds every capability (--cap-add ALL)".to_owned()
        } else {
            format!("container adds the dangerous capability {name}")
        };
        ctx.fail(format!("/HostConfig/CapAdd/{i}"), message)
            .evidence(format!("CapAdd[{i}]={raw}"));
    }
}
