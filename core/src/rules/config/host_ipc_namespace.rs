use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG010",
    name: "host-ipc-namespace",
    summary: "Container shares the host's IPC namespace",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.17",
            "Ensure that the host's IPC namespace is not shared",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.IpcMode` is `host` (any case). `private`, `shareable`, `none`, `container:<id>` and an empty value (the daemon default, `private` or `shareable`) pass.",
        why: "The host's IPC namespace exposes the host's System V shared memory segments, semaphores and message queues and its POSIX shared memory under `/dev/shm`: the container can read or corrupt data other host processes exchange there.",
        remediation: Remediation {
            docker_run: "Remove `--ipc host`.",
            compose: "Remove `ipc: host`.",
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
    let mode = container.host_config.ipc_mode.trim();
    if mode.eq_ignore_ascii_case("host") {
        ctx.fail(
            "/HostConfig/IpcMode",
            "container uses the host's IPC namespace",
        )
        .evidence(format!("IpcMode={mode}"));
    }
}
