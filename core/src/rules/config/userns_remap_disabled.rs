use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG050",
    name: "userns-remap-disabled",
    summary: "Docker daemon does not remap container root to an unprivileged host user",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[
            CisRef {
                id: "2.9",
                v1_8: Some("2.10"),
                title: "Enable user namespace support",
                decides: true,
            },
            CisRef::new(
                "5.31",
                "Ensure that the host's user namespaces are not shared",
            ),
        ],
        nist: &["4.5.2"],
    },
    docs: Docs {
        what: "Fails when docker info `SecurityOptions` lacks `name=userns` (the daemon emits it whenever remapping is active), or, without docker info, when daemon.json has no non-empty `userns-remap`. A rootless daemon (`name=rootless`) passes: it already runs every container in an unprivileged user namespace. `missing_input` (daemon_info) without either document. This is also where CIS 5.31 shows for containers that do not opt out themselves: without remapping every container shares the host user namespace, and CFG034 leaves those containers to this finding. Not applicable to Windows daemons (docker info `OSType: windows`).",
        why: "Without remapping uid 0 in every container is uid 0 on the host, so a container escape or a writable host mount gives host root.",
        remediation: Remediation {
            docker_run: "Not a container setting: the daemon flag is `dockerd --userns-remap=default`; containers that really need the host namespace use `--userns=host`.",
            compose: "Not a compose setting: configure the daemon; `userns_mode: host` opts a service out.",
            dockerfile: None,
            daemon: Some(
                "`{\"userns-remap\": \"default\"}` in daemon.json (creates the `dockremap` user and its /etc/subuid and /etc/subgid ranges), then `systemctl restart docker`; existing images and volumes are not visible to the remapped daemon until re-pulled or re-owned.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if daemon.is_windows() {
        ctx.not_applicable("user namespace remapping is a Linux daemon setting and docker info shows a Windows daemon");
        return;
    }
    if let Some(info) = &daemon.info
        && info
            .security_option("rootless")
            .is_some_and(|o| o.is_some())
    {
        return;
    }
    match daemon.userns_remap() {
        Known::Yes(true, _) => {}
        Known::Yes(false, field) => {
            let evidence = if field.starts_with("/daemon_info") {
                "SecurityOptions has no name=userns".to_owned()
            } else {
                "userns-remap not set".to_owned()
            };
            ctx.fail(
                field,
                "user namespace remapping is off: root in every container is root on the host",
            )
            .evidence(evidence);
        }
        Known::Unknown(kind) => ctx.missing_input(
            kind,
            "remapping is shown by docker info SecurityOptions (name=userns) or daemon.json userns-remap, and the bundle has neither",
        ),
    }
}
