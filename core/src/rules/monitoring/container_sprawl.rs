use crate::rules::prelude::*;

const MAX_STOPPED: Parameter = Parameter {
    name: "max_stopped",
    description: "The number of stopped containers above which the host is reported.",
    default: ParameterDefault::Integer(25),
};

pub(crate) static RULE: Rule = Rule {
    code: "MON013",
    name: "container-sprawl",
    summary: "Host keeps more stopped containers than the policy allows",
    severity: Severity::Info,
    parameters: &[MAX_STOPPED],
    references: References {
        cis: &[CisRef::new(
            "6.2",
            "Ensure that container sprawl is avoided",
        )],
        nist: &["4.4.5"],
    },
    docs: Docs {
        what: "Reports (severity info) when docker info `ContainersStopped` (else `Containers` minus `ContainersRunning` and `ContainersPaused`) exceeds `max_stopped`. `missing_input` (daemon_info) when the bundle has no docker info that splits its container count (API 1.14 and trimmed documents give only the total).",
        why: "Stopped containers keep their writable layers, logs and configuration (including secrets in their environment) on the host and can be restarted; they also make it hard to see what is supposed to run.",
        remediation: Remediation {
            docker_run: "Run short-lived containers with `docker run --rm`; remove stopped ones with `docker container prune`.",
            compose: "`docker compose down` removes a project's containers.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: prune stopped containers on a schedule (`docker container prune --filter until=168h`).",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(info) = &daemon.info else {
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "container counts are reported by docker info, which the bundle does not hold",
        );
        return;
    };
    let stopped = info.containers_stopped.or_else(|| {
        let (total, running) = (info.containers?, info.containers_running?);
        Some(total - running - info.containers_paused.unwrap_or(0))
    });
    let Some(stopped) = stopped else {
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the docker info document does not split its container count into running and stopped",
        );
        return;
    };
    let max = ctx.integer(&MAX_STOPPED);
    if stopped > max {
        let field = if info.containers_stopped.is_some() {
            "/daemon_info/ContainersStopped"
        } else {
            "/daemon_info/Containers"
        };
        ctx.fail(
            field,
            format!("the host keeps {stopped} stopped containers, more than {max}"),
        )
        .evidence(format!("stopped containers={stopped}"));
    }
}
