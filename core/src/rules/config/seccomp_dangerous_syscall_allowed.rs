use crate::rules::prelude::*;
use crate::seccomp::docker_default;

const SYSCALLS: Parameter = Parameter {
    name: "syscalls",
    description: "Syscalls that must not be allowed unconditionally.",
    default: ParameterDefault::List(&[
        "acct",
        "add_key",
        "bpf",
        "clock_settime",
        "create_module",
        "delete_module",
        "finit_module",
        "fsconfig",
        "fsmount",
        "fsopen",
        "fspick",
        "init_module",
        "ioperm",
        "iopl",
        "kcmp",
        "kexec_file_load",
        "kexec_load",
        "keyctl",
        "lookup_dcookie",
        "mount",
        "mount_setattr",
        "move_mount",
        "open_by_handle_at",
        "open_tree",
        "perf_event_open",
        "pivot_root",
        "process_vm_readv",
        "process_vm_writev",
        "ptrace",
        "quotactl",
        "reboot",
        "request_key",
        "setns",
        "settimeofday",
        "swapoff",
        "swapon",
        "syslog",
        "umount",
        "umount2",
        "unshare",
        "userfaultfd",
    ]),
};

const ALLOW_DOCKER_DEFAULT: Parameter = Parameter {
    name: "allow_docker_default",
    description: "Do not report a syscall that Docker's default profile itself allows unconditionally (ptrace, process_vm_readv and process_vm_writev on kernels 4.8 and later, where ptrace can no longer bypass seccomp).",
    default: ParameterDefault::Bool(true),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG101",
    name: "seccomp-dangerous-syscall-allowed",
    summary: "Seccomp profile allows a dangerous syscall without an argument filter or capability condition",
    severity: Severity::High,
    parameters: &[SYSCALLS, ALLOW_DOCKER_DEFAULT],
    references: References {
        cis: &[CisRef::new(
            "5.22",
            "Ensure the default seccomp profile is not Disabled",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when a seccomp profile lets one of the `syscalls` run whatever its arguments and whatever the container's capabilities: an allowing entry (`SCMP_ACT_ALLOW` or `SCMP_ACT_LOG`) names it with no `args` and no `includes.caps`, or the default action allows and no entry refuses it. Entries conditioned on a capability (how Docker's default profile gates `mount`, `unshare`, `bpf` and the module syscalls) and entries with argument filters do not count. Architecture and kernel-version conditions do count as unconditional. With `allow_docker_default`, syscalls Docker's default profile allows unconditionally are not reported.",
        why: "These syscalls load kernel code (`init_module`, `kexec_load`, `bpf`), change mounts and namespaces (`mount`, `unshare`, `setns`), read other processes' memory (`ptrace`, `process_vm_readv`), or reach kernel subsystems with a long record of privilege-escalation bugs (`keyctl`, `userfaultfd`, `perf_event_open`, `open_by_handle_at`, the container breakout behind 'shocker'). A profile that allows them outright removes the layer that stops an exploit when a capability check fails.",
        remediation: Remediation {
            docker_run: "Remove the syscall from the profile's allowing entries, or condition the entry on the capability it needs (`\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}`) or on its arguments; then pass it with `--security-opt seccomp=profile.json`.",
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
    let skip_baseline = ctx.flag(&ALLOW_DOCKER_DEFAULT);
    let baseline = docker_default();
    let mut found: Vec<&str> = ctx
        .list(&SYSCALLS)
        .into_iter()
        .filter(|name| profile.allows_freely(name))
        .filter(|name| !(skip_baseline && baseline.allows_freely(name)))
        .collect();
    found.sort_unstable();
    found.dedup();
    if found.is_empty() {
        return;
    }
    let field = profile
        .syscalls
        .iter()
        .position(|r| r.allows_unconditionally() && r.all_names().any(|n| found.contains(&n)))
        .map_or_else(
            || profile.field("/defaultAction"),
            |i| profile.field(&format!("/syscalls/{i}")),
        );
    ctx.fail(
        field,
        format!(
            "the seccomp profile allows {} without an argument filter or capability condition",
            found.join(", ")
        ),
    )
    .evidence(found.join(","));
}
