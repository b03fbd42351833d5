use crate::rules::prelude::*;

const AGENT_IMAGES: Parameter = Parameter {
    name: "agent_images",
    description: "Image repositories that count as a runtime security agent, without registry or tag; an image matches when its repository equals an entry or ends with `/` and the entry (so mirrors match).",
    default: ParameterDefault::List(&[
        "falcosecurity/falco",
        "falcosecurity/falco-no-driver",
        "falcosecurity/falco-distroless",
        "aquasec/tracee",
        "aquasecurity/tracee",
        "cilium/tetragon",
        "sysdig/agent",
        "sysdig/agent-slim",
    ]),
};

pub(crate) static RULE: Rule = Rule {
    code: "MON011",
    name: "runtime-security-agent-missing",
    summary: "No runtime security agent (Falco, Tracee, ...) runs among the host's containers",
    severity: Severity::Medium,
    parameters: &[AGENT_IMAGES],
    references: References {
        cis: &[],
        nist: &["4.4.4", "4.4.5"],
    },
    docs: Docs {
        what: "Looks at all containers of the bundle together (a fleet) and fails when none of them runs an image from `agent_images` (matched on the repository of `Config.Image`, without registry, tag or digest). A container whose `State.Status` is set and is not `running` does not count. Not applicable when the bundle has no containers. The verdict is about the whole host, so it needs every running container: without docker info, or when docker info's `ContainersRunning` exceeds the running containers the bundle holds, the outcome is `missing_input` rather than a failure. Agents that run as host services rather than containers are invisible here: list them in a policy waiver, or set `agent_images` to the image you do run. Agents legitimately need privileges (Falco and Tracee run privileged, or with CAP_SYS_ADMIN/CAP_BPF, with the host PID namespace and `/proc` mounted); waive CFG001 and the namespace and mount rules for their containers in the policy, scoped to the agent's image, rather than turning those rules off for every container.",
        why: "Static hardening cannot see what a container does at run time; a runtime agent watches syscalls for shells in containers, unexpected network connections, writes below `/etc` and other signs of compromise.",
        remediation: Remediation {
            docker_run: "`docker run -d --name falco --privileged -v /var/run/docker.sock:/host/var/run/docker.sock -v /proc:/host/proc:ro -v /etc:/host/etc:ro falcosecurity/falco` (see the agent's documentation for the least-privileged form it supports).",
            compose: "Add a `falco` (or `tracee`) service with the privileges its documentation lists, and waive the privilege rules for that service only.",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        fleet: Some(check),
        ..Checks::NONE
    },
};

/// The repository of an image reference: no registry host, no tag, no digest, no `library/`.
/// Borrowed from `reference`; compare it case-insensitively.
pub(crate) fn repository(reference: &str) -> &str {
    let reference = reference.trim();
    let without_digest = reference.split('@').next().unwrap_or(reference);
    let without_tag = match without_digest.rsplit_once(':') {
        Some((head, tag)) if !tag.contains('/') => head,
        _ => without_digest,
    };
    let mut repo = without_tag;
    if let Some((first, rest)) = repo.split_once('/')
        && (first.contains('.') || first.contains(':') || first.eq_ignore_ascii_case("localhost"))
    {
        repo = rest;
    }
    if let Some(rest) = repo.strip_prefix("library/")
        && !rest.is_empty()
    {
        repo = rest;
    }
    repo
}

/// Whether repository `repo` is `agent`, or ends in `/agent` (a mirror's path prefix).
fn is_agent(repo: &str, agent: &str) -> bool {
    if agent.is_empty() {
        return false;
    }
    if repo.eq_ignore_ascii_case(agent) {
        return true;
    }
    repo.len() > agent.len()
        && repo
            .get(repo.len() - agent.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(agent))
        && repo.as_bytes().get(repo.len() - agent.len() - 1) == Some(&b'/')
}

fn check(fleet: &Fleet, ctx: &mut CheckContext<'_>) {
    let configured = ctx.list(&AGENT_IMAGES);
    let agents: Vec<&str> = configured.iter().map(|a| repository(a)).collect();
    let containers = ctx.bundle().containers();
    let found = containers.iter().any(|c| {
        let running = c.state.status.is_empty() || c.state.status.eq_ignore_ascii_case("running");
        let reference = if c.config.image.is_empty() {
            &c.image
        } else {
            &c.config.image
        };
        let repo = repository(reference);
        running && agents.iter().any(|a| is_agent(repo, a))
    });
    if found {
        return;
    }
    // A missing agent is a host-wide verdict: it needs every running container of the host,
    // which only docker info's running count can confirm.
    let running_in_bundle = containers
        .iter()
        .filter(|c| c.state.status.is_empty() || c.state.status.eq_ignore_ascii_case("running"))
        .count();
    let host_running = ctx
        .bundle()
        .daemon()
        .and_then(|d| d.info.as_ref())
        .and_then(|info| info.containers_running);
    match host_running {
        None => {
            ctx.missing_input(
                DocumentKind::DaemonInfo,
                "whether the bundle holds every running container of the host needs docker info (ContainersRunning)",
            );
            return;
        }
        Some(running) if usize::try_from(running).unwrap_or(0) > running_in_bundle => {
            ctx.missing_input(
                DocumentKind::Container,
                format!(
                    "docker info counts {running} running containers, the bundle holds {running_in_bundle}; the agent may be among the others"
                ),
            );
            return;
        }
        Some(_) => {}
    }
    {
        ctx.fail(
            "",
            if fleet.containers == 1 {
                "the bundle's only container is not a runtime security agent".to_owned()
            } else {
                format!(
                    "none of the bundle's {} containers is a runtime security agent",
                    fleet.containers
                )
            },
        )
        .evidence(format!("agent images looked for: {}", agents.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::repository;

    #[test]
    fn repositories_drop_registry_tag_and_digest() {
        assert_eq!(
            repository("falcosecurity/falco:0.39.1"),
            "falcosecurity/falco"
        );
        assert_eq!(
            repository("docker.io/falcosecurity/falco@sha256:abc"),
            "falcosecurity/falco"
        );
        assert_eq!(
            repository("localhost:5000/mirror/aquasec/tracee:latest"),
            "mirror/aquasec/tracee"
        );
        assert_eq!(repository("nginx"), "nginx");
        assert_eq!(repository("docker.io/library/nginx:1.27"), "nginx");
    }
}
