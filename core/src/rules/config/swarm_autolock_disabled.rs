use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG061",
    name: "swarm-autolock-disabled",
    summary: "Swarm managers keep their Raft encryption key unlocked at rest",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "7.5",
            "Ensure that swarm manager is run in auto-lock mode",
        )],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "On a swarm manager, fails when docker info `Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers` is false or absent. Not applicable when swarm mode is inactive or on a worker (workers have no `Cluster`); `missing_input` (daemon_info) without docker info.",
        why: "Without auto-lock the key that decrypts the Raft log (which holds the swarm's secrets and TLS keys) sits on the manager's disk, so a stolen disk or backup yields every secret.",
        remediation: Remediation {
            docker_run: "Not a container setting: `docker swarm update --autolock=true` and store the unlock key safely.",
            compose: "Not a compose setting: configure the swarm.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: `docker swarm update --autolock=true` (or `docker swarm init --autolock`).",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(cluster) = ctx.swarm_manager(
        daemon,
        "auto-lock is reported by docker info on managers, and the bundle has no docker info",
    ) else {
        return;
    };
    let locked = cluster
        .spec
        .encryption_config
        .as_ref()
        .is_some_and(|e| e.auto_lock_managers);
    if !locked {
        ctx.fail(
            "/daemon_info/Swarm/Cluster",
            "swarm managers do not auto-lock their keys",
        )
        .evidence("EncryptionConfig.AutoLockManagers=false");
    }
}
