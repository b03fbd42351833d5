use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG036",
    name: "privileged-exec-session",
    summary: "An exec session of the container was started with --privileged",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.23",
            "Ensure that docker exec commands are not used with the privileged option",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reads the exec documents (Engine API `GET /exec/{id}/json`) whose `ContainerID` names the container (its full id or a prefix) and fails for each with `ProcessConfig.privileged` true; the finding points into the exec document. `missing_input` (exec) when the container's `ExecIDs` lists a session the bundle holds no exec document for and no given session failed; passes when `ExecIDs` is empty or every given session is unprivileged. Not applicable to a container without an `Id` (a compose service, an OCI runtime config). The engine forgets exec sessions some time after they end, so a pass covers the sessions it still lists, not every `docker exec` ever run; the audit log (CIS 1.1) is the complete record.",
        why: "`docker exec --privileged` runs a process with every capability and without the seccomp, AppArmor and SELinux confinement of the container, even when the container itself is confined: one command undoes the hardening of the container's configuration.",
        remediation: Remediation {
            docker_run: "Do not run `docker exec --privileged`; run the command without it (add the one capability the task needs to the container if it really needs one), and end sessions that were started that way.",
            compose: "Do not run `docker compose exec --privileged`.",
            dockerfile: None,
            daemon: Some(
                "An authorization plugin (`authorization-plugins` in daemon.json) can refuse exec requests with `Privileged: true`.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    if container.id.is_empty() {
        ctx.not_applicable(
            "the container has no id (a compose service or an OCI runtime config), so no exec sessions",
        );
        return;
    }
    let bundle = ctx.bundle();
    for exec in bundle.exec_sessions_of(container) {
        if exec.is_privileged() {
            ctx.fail_in(
                &exec.origin,
                "/ProcessConfig/privileged",
                format!(
                    "exec session {} of container {} runs with --privileged",
                    exec.short_id(),
                    container.display_name()
                ),
            )
            .evidence(exec_evidence(exec, "privileged=true"));
        }
    }
    report_missing_sessions(container, ctx);
}

/// What the finding shows about a session: the deciding value, the program (never its
/// arguments, which may hold credentials) and whether it still runs.
pub(super) fn exec_evidence(exec: &ExecSession, deciding: &str) -> String {
    let program = exec
        .process_config
        .as_ref()
        .map_or("", |p| p.entrypoint.trim());
    let state = match (exec.running, exec.exit_code) {
        (true, _) => "running".to_owned(),
        (false, Some(code)) => format!("exited {code}"),
        (false, None) => "not running".to_owned(),
    };
    if program.is_empty() {
        format!("{deciding}; {state}")
    } else {
        format!("{deciding}; {program}; {state}")
    }
}

/// `missing_input` (exec) when the container lists sessions the bundle has no document for.
pub(super) fn report_missing_sessions(container: &Container, ctx: &mut CheckContext<'_>) {
    let missing = ctx.bundle().exec_ids_without_document(container);
    if let Some(first) = missing.first() {
        let short: String = first.chars().take(12).collect();
        ctx.missing_input(
            DocumentKind::Exec,
            format!(
                "container {} lists {} exec session(s) in ExecIDs without an exec document in the bundle (first: {short}); collect GET /exec/{{id}}/json for each",
                container.display_name(),
                missing.len()
            ),
        );
    }
}
