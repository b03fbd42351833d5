use crate::analysis::shell::{basename, installed_packages};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON003",
    name: "sshd-in-container",
    summary: "An SSH server runs or is installed in the container",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.7",
            "Ensure sshd is not run within containers",
        )],
        nist: &["4.4.4", "4.4.5"],
    },
    docs: Docs {
        what: "For a container whose process list (`docker top`, document kind `container_processes`) is in the bundle, decides from the processes alone: fails when a process's program (the basename of the first word of its command) is `sshd` or `dropbear`, or starts with `sshd:` (the titles OpenSSH gives its session processes), and passes otherwise, even when port 22 is exposed. Without a process list, fails when the container's main process (`Path`, `Args`, `Config.Cmd`, `Config.Entrypoint`) is `sshd` or `dropbear`, and reports an exposed port 22 alone at low severity, as a hint: a port says what the image declared, not what runs. For images, fails when an image's `Cmd`/`Entrypoint` starts an SSH server, it exposes 22, or its own history installs one (`openssh-server`, `dropbear`, Debian's `ssh`, Alpine's and Arch's `openssh`); when a Dockerfile's final image does the same (`EXPOSE 22`, package installs, `CMD`/`ENTRYPOINT`). SSH clients (`openssh-client`) pass; packages installed by the base image's layers are not the image's own.",
        why: "An SSH daemon is a second way into the container that bypasses the engine's access control and audit (`docker exec`), needs its own keys and patches, and usually runs as root.",
        remediation: Remediation {
            docker_run: "Do not start sshd or publish port 22; use `docker exec -it <container> sh` for maintenance.",
            compose: "Remove port 22 from `ports:`/`expose:` and sshd from `command:`; use `docker compose exec`.",
            dockerfile: Some(
                "Remove the SSH server package and `EXPOSE 22`; install only the client if the build needs it:\n\n```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-client\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check_container),
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn is_ssh_daemon(word: &str) -> bool {
    matches!(basename(word), "sshd" | "dropbear")
}

fn is_ssh_port(port: &str) -> bool {
    let number = port.split('/').next().unwrap_or("");
    let proto = port.split('/').nth(1).unwrap_or("tcp");
    number.trim() == "22" && proto.eq_ignore_ascii_case("tcp")
}

fn is_server_package(manager: &str, name: &str) -> bool {
    matches!(
        name,
        "openssh-server" | "dropbear" | "dropbear-bin" | "tinysshd"
    ) || (name == "ssh" && matches!(manager, "apt-get" | "apt" | "aptitude"))
        || (name == "openssh" && matches!(manager, "apk" | "pacman"))
}

/// Whether a process's command line runs an SSH server: its program's basename is `sshd` or
/// `dropbear`, or starts with `sshd:` (`sshd: root@pts/0`, `sshd: /usr/sbin/sshd -D [listener]`).
fn is_ssh_daemon_process(command: &str) -> bool {
    let program = command.split_whitespace().next().unwrap_or("");
    is_ssh_daemon(program) || basename(program).starts_with("sshd:")
}

/// Decides from the container's process lists; `false` when the bundle holds none.
fn check_processes(container: &Container, ctx: &mut CheckContext<'_>) -> bool {
    let mut seen = false;
    for list in ctx.bundle().process_lists_of(container) {
        seen = true;
        let servers: Vec<_> = list
            .entries()
            .filter(|e| is_ssh_daemon_process(e.command))
            .collect();
        let Some(first) = servers.first() else {
            continue;
        };
        let program = first.command.split_whitespace().next().unwrap_or("");
        let pid = first.pid.map(|p| format!("PID {p} ")).unwrap_or_default();
        ctx.fail_in(
            &list.origin,
            &ContainerProcesses::field(first),
            format!(
                "an SSH server runs in container {}",
                container.display_name()
            ),
        )
        .evidence(format!(
            "{} SSH server process(es), first {pid}{program}",
            servers.len()
        ));
    }
    seen
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    if check_processes(container, ctx) {
        return;
    }
    let starts_sshd = [
        ("/Path", std::slice::from_ref(&container.path)),
        ("/Args", container.args.as_slice()),
        ("/Config/Cmd", container.config.cmd.as_slice()),
        ("/Config/Entrypoint", container.config.entrypoint.as_slice()),
    ]
    .into_iter()
    .find(|(_, words)| words.iter().any(|w| is_ssh_daemon(w)));
    if let Some((field, words)) = starts_sshd {
        ctx.fail(field, "the container runs an SSH server")
            .evidence(words.join(" "));
    }
    if let Some(port) = container
        .config
        .exposed_ports
        .iter()
        .find(|p| is_ssh_port(p))
    {
        let mut field = String::from("/Config/ExposedPorts");
        crate::pointer::push_token(&mut field, port);
        ctx.fail(
            field,
            "the container exposes the SSH port (a hint only: give its process list to know whether sshd runs)",
        )
        .evidence(format!("ExposedPorts {port}"))
        .severity(Severity::Low);
    }
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps {
        match step.keyword.as_str() {
            "RUN" => {
                let servers: Vec<String> = installed_packages(step.commands())
                    .into_iter()
                    .filter(|(m, p)| is_server_package(m, p))
                    .map(|(_, p)| p)
                    .collect();
                if !servers.is_empty() {
                    ctx.fail(step.field.clone(), "an SSH server is installed")
                        .evidence(format!("installs {}", servers.join(", ")));
                }
            }
            "EXPOSE" if !step.from_history => {
                if let Some(port) = step.words.iter().find(|p| is_ssh_port(p)) {
                    ctx.fail(step.field.clone(), "EXPOSE 22 publishes the SSH port")
                        .evidence(format!("EXPOSE {port}"));
                }
            }
            "CMD" | "ENTRYPOINT"
                if !step.from_history && step.words.iter().any(|w| is_ssh_daemon(w)) =>
            {
                ctx.fail(
                    step.field.clone(),
                    format!("{} starts an SSH server", step.keyword),
                )
                .evidence(step.words.join(" "));
            }
            _ => {}
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    for (key, words) in [("Cmd", &config.cmd), ("Entrypoint", &config.entrypoint)] {
        if words.iter().any(|w| is_ssh_daemon(w)) {
            ctx.fail(
                image.config_field(key, true),
                "the image starts an SSH server",
            )
            .evidence(words.join(" "));
        }
    }
    if let Some(port) = config.exposed_ports.iter().find(|p| is_ssh_port(p)) {
        ctx.fail(
            image.config_member("ExposedPorts", port),
            "the image exposes the SSH port",
        )
        .evidence(format!("ExposedPorts {port}"));
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&final_steps(file), ctx);
}
