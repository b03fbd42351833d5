use crate::rules::prelude::*;

const MINIMUM_VERSION: Parameter = Parameter {
    name: "minimum_version",
    description: "The oldest Docker Engine version considered supported (`major.minor.patch`). The default is 28.0.0: releases before 28.0 (February 2025) no longer receive upstream security fixes. Set it to your vendor's support matrix (an LTS such as Mirantis Container Runtime needs a lower value).",
    default: ParameterDefault::Text("28.0.0"),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG040",
    name: "engine-version-outdated",
    summary: "Docker Engine is older than the minimum supported version",
    severity: Severity::Medium,
    parameters: &[MINIMUM_VERSION],
    references: References {
        cis: &[CisRef::new(
            "1.2.2",
            "Ensure that the version of Docker is up to date",
        )],
        nist: &["4.4.1", "4.5.3"],
    },
    docs: Docs {
        what: "Compares the engine version (the `Engine` component of `docker version`, else docker info `ServerVersion`) with the `minimum_version` parameter, numerically (`20.10.25+dfsg1` is 20.10.25, `17.06.1-ce` is 17.6.1). Fails when it is older. `missing_input` (daemon_version) when the bundle has neither document; not applicable to Podman, whose versions follow another line.",
        why: "Engine releases fix container escapes and daemon vulnerabilities; an engine outside its vendor's support window stops getting those fixes. docker-bench-security's heuristic (newer than the release of 30 days ago) misjudges distribution builds and LTS branches, so the threshold is an explicit parameter.",
        remediation: Remediation {
            docker_run: "Not a container setting: upgrade the engine on the host (`apt-get install docker-ce`, `dnf upgrade docker-ce`, or your distribution's package).",
            compose: "Not a compose setting: upgrade the engine on the host.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: upgrade the Docker Engine packages (docker-ce, containerd.io) and restart the daemon (`systemctl restart docker`).",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if daemon.product() == Product::Podman {
        ctx.not_applicable("Podman versions are not Docker Engine versions");
        return;
    }
    let Some((raw, field)) = daemon.engine_version() else {
        ctx.missing_input(
            DocumentKind::DaemonVersion,
            "the engine version is in docker version (or docker info ServerVersion), and the bundle has neither",
        );
        return;
    };
    let minimum_raw = ctx.text(&MINIMUM_VERSION);
    let Some(minimum) = Version::parse(minimum_raw) else {
        ctx.not_applicable(format!(
            "the minimum_version parameter `{minimum_raw}` is not a version"
        ));
        return;
    };
    let Some(version) = Version::parse(raw) else {
        ctx.not_applicable(format!("the engine version `{raw}` cannot be read"));
        return;
    };
    if version < minimum {
        ctx.fail(
            field,
            format!(
                "Docker Engine {raw} is older than the minimum supported version {minimum_raw}"
            ),
        )
        .evidence(format!("version={raw}"));
    }
}
