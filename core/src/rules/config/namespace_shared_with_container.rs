use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG035",
    name: "namespace-shared-with-container",
    summary: "Container joins another container's network, PID or IPC namespace",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[
            CisRef::new(
                "5.16",
                "Ensure that the host's process namespace is not shared",
            ),
            CisRef::new("5.17", "Ensure that the host's IPC namespace is not shared"),
        ],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.NetworkMode`, `PidMode` or `IpcMode` is `container:<name or id>`. The other container is looked up in the bundle: when it shares the host's namespace of that kind (`host`), joining it is sharing the host's, and the finding is high; when it is not in the bundle the evidence says so. Sidecars (a debugger joining a PID namespace, a proxy joining a network namespace) are the usual legitimate case: waive them by container name.",
        why: "Namespaces are the container boundary. A container in another's PID namespace can signal and ptrace its processes and read their environment and memory; in its network namespace it can sniff and bind its traffic; in its IPC namespace it can read its shared memory.",
        remediation: Remediation {
            docker_run: "Remove `--network container:<x>`, `--pid container:<x>` and `--ipc container:<x>`; connect containers over a user-defined network instead.",
            compose: "Remove `network_mode: \"container:<x>\"` / `\"service:<x>\"`, `pid: \"container:<x>\"` and `ipc: \"container:<x>\"`.",
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
    let hc = &container.host_config;
    // Each join is evidence for its own namespace's recommendation; a network join for
    // neither (CIS has none for joining another container's network).
    let modes: [(&str, &str, &str, &'static [&'static str]); 3] = [
        (
            "network",
            "/HostConfig/NetworkMode",
            hc.network_mode.as_str(),
            &[],
        ),
        (
            "PID",
            "/HostConfig/PidMode",
            hc.pid_mode.as_str(),
            &["5.16"],
        ),
        (
            "IPC",
            "/HostConfig/IpcMode",
            hc.ipc_mode.as_str(),
            &["5.17"],
        ),
    ];
    for (what, field, mode, controls) in modes {
        let Some(target) = mode.trim().strip_prefix("container:") else {
            continue;
        };
        let target = target.trim();
        let other = ctx.bundle().containers().iter().find(|c| {
            !target.is_empty()
                && (c.is_identified_by(target)
                    || c.name.trim_start_matches('/') == target.trim_start_matches('/'))
        });
        match other {
            Some(other) => {
                let other_hc = &other.host_config;
                let other_mode = match what {
                    "network" => &other_hc.network_mode,
                    "PID" => &other_hc.pid_mode,
                    _ => &other_hc.ipc_mode,
                };
                let name = other.display_name();
                if other_mode.trim().eq_ignore_ascii_case("host") {
                    ctx.fail(
                        field,
                        format!("container joins the {what} namespace of {name}, which shares the host's: it shares the host {what} namespace"),
                    )
                    .evidence(format!("{mode}; {name} uses host"))
                    .severity(Severity::High)
                    .controls(controls);
                } else {
                    ctx.fail(
                        field,
                        format!("container joins the {what} namespace of container {name}"),
                    )
                    .evidence(mode.to_owned())
                    .controls(controls);
                }
            }
            None => {
                ctx.fail(
                    field,
                    format!("container joins the {what} namespace of another container"),
                )
                .evidence(format!("{mode} (not in the bundle)"))
                .controls(controls);
            }
        }
    }
}
