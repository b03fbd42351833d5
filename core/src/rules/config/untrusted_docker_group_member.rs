use crate::rules::prelude::*;

const TRUSTED_USERS: Parameter = Parameter {
    name: "trusted_users",
    description: "User names allowed in the Docker socket's group (exact names; `root` is always allowed).",
    default: ParameterDefault::List(&[]),
};

pub(crate) static RULE: Rule = Rule {
    code: "CFG074",
    name: "untrusted-docker-group-member",
    summary: "Users outside the trusted list belong to the group that controls the Docker daemon",
    severity: Severity::Medium,
    parameters: &[TRUSTED_USERS],
    references: References {
        cis: &[CisRef::new(
            "1.1.2",
            "Ensure only trusted users are allowed to control Docker daemon",
        )],
        nist: &["4.5.4"],
    },
    docs: Docs {
        what: "Reads the host facts' `groups` (from `/etc/group`) and finds the group that owns the Docker socket: daemon.json `group` when the bundle's daemon.json sets it, else `docker`. Reports one finding per host listing the members of that group (its explicit member list) that are not in the `trusted_users` parameter; `root` counts as trusted. Names match exactly: trusting `bobby` does not trust `bob` (docker-bench-security matches substrings, and reports only the last such user). Passes when every member is trusted, and when the groups hold no such group (then only root reaches the socket). `missing_input` (host_facts) when the host facts hold no `groups`. Users whose primary group it is do not appear in `/etc/group`'s member list and are not seen. The severity is medium, below a gate's default `fail_on: high`: with the empty default list every member is reported, and a docker group with members is a decision to review (who may be root through the daemon), not a defect in itself. Once `trusted_users` lists the people meant to be there, a policy can raise the severity so that anyone else fails the gate.",
        why: "The Docker API runs containers as root with any host path mounted: `docker run -v /:/host --privileged` needs nothing but access to the socket. Membership of its group is root on the host without a password or an audit trail of `sudo`.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove the user from the group (`gpasswd -d <user> docker`), or add them to `trusted_users` in the policy when they are meant to administer the host.",
            compose: "Not a compose setting: review the group's members on the host.",
            dockerfile: None,
            daemon: Some(
                "Keep the socket's group (daemon.json `\"group\"`, default `docker`) to administrators: `gpasswd -d <user> docker`. Users who only need containers of their own can use a rootless daemon instead.",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

/// The group the daemon gives its Unix socket when daemon.json does not name one.
const DEFAULT_SOCKET_GROUP: &str = "docker";

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    if facts.groups.is_none() {
        ctx.missing_input(
            DocumentKind::HostFacts,
            "the host facts hold no groups (collect them from /etc/group)",
        );
        return;
    }
    let socket_group = ctx
        .bundle()
        .daemon()
        .and_then(|d| d.config.as_ref())
        .and_then(|c| c.group.as_deref())
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .unwrap_or(DEFAULT_SOCKET_GROUP);
    let trusted = ctx.list(&TRUSTED_USERS);
    // `/etc/group` may list a name twice; the members of every line count, in one finding.
    let mut first: Option<(usize, u32)> = None;
    let mut untrusted: Vec<&str> = Vec::new();
    for (index, group) in facts.groups_named(socket_group) {
        for member in group.members.iter().map(|m| m.trim()) {
            if member.is_empty()
                || member == "root"
                || trusted.contains(&member)
                || untrusted.contains(&member)
            {
                continue;
            }
            first.get_or_insert((index, group.gid));
            untrusted.push(member);
        }
    }
    let Some((index, gid)) = first else {
        return;
    };
    let (noun, verb) = if untrusted.len() == 1 {
        ("member", "is")
    } else {
        ("members", "are")
    };
    ctx.fail(
        format!("/groups/{index}/members"),
        format!(
            "the {socket_group} group (gid {gid}) controls the Docker daemon, and its {noun} {} {verb} not in trusted_users",
            untrusted.join(", ")
        ),
    )
    .evidence(format!(
        "{socket_group}:{gid}: untrusted members {}",
        untrusted.join(",")
    ));
}
