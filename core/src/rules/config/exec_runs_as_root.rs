use super::privileged_exec_session::{exec_evidence, report_missing_sessions};
use crate::analysis::user_is_root;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG037",
    name: "exec-runs-as-root",
    summary: "An exec session of the container runs as root",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.24",
            "Ensure that docker exec commands are not used with the user=root option",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Reads the exec documents (Engine API `GET /exec/{id}/json`) whose `ContainerID` names the container (its full id or a prefix) and fails for each that runs as root: `ProcessConfig.user` is `root`, `0` or `0:<group>` (any group), or it is empty or absent and the session inherits the container's `Config.User`, which is empty, `root` or `0`. A user name that maps to uid 0 inside the image cannot be seen from the documents. `missing_input` (exec) when the container's `ExecIDs` lists a session the bundle holds no exec document for and no given session failed; passes when `ExecIDs` is empty or every given session runs as another user. Not applicable to a container without an `Id` (a compose service, an OCI runtime config).",
        why: "A root shell in a container has the container's full capability set and owns every file of its filesystem; in a container that runs its workload as an unprivileged user, `docker exec -u root` (or a plain `docker exec` into a root container) gives back what the non-root user took away.",
        remediation: Remediation {
            docker_run: "Run `docker exec --user <uid>:<gid>` with the workload's user; set a non-root `USER` in the image (or `--user` on `docker run`) so plain `docker exec` inherits it.",
            compose: "Run `docker compose exec --user <uid>:<gid>`; set `user:` on the service.",
            dockerfile: Some(
                "Create and switch to a non-root user, so exec sessions inherit it:\n\n```dockerfile\nRUN useradd --uid 10001 --no-create-home app\nUSER 10001\n```",
            ),
            daemon: None,
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
        let user = exec.user();
        let (root, deciding) = if user.is_empty() {
            let inherited = container.config.user.trim();
            let shown = if inherited.is_empty() {
                "the image default, root".to_owned()
            } else {
                format!("`{inherited}`")
            };
            (
                user_is_root(inherited),
                format!("no user given, inherits the container's user ({shown})"),
            )
        } else {
            (user_is_root(user), format!("user={user}"))
        };
        if root {
            ctx.fail_in(
                &exec.origin,
                exec.user_field(),
                format!(
                    "exec session {} of container {} runs as root",
                    exec.short_id(),
                    container.display_name()
                ),
            )
            .evidence(exec_evidence(exec, &deciding));
        }
    }
    report_missing_sessions(container, ctx);
}
