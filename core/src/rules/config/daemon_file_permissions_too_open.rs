use super::daemon_file_ownership_wrong::daemon_files;
use crate::document::excess_mode_bits;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG072",
    name: "daemon-file-permissions-too-open",
    summary: "Docker configuration files, certificates or sockets are more permissive than allowed",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[
            CisRef::new(
                "3.2",
                "Ensure that docker.service file permissions are appropriately set",
            ),
            CisRef::new(
                "3.4",
                "Ensure that docker.socket file permissions are set to 644 or more restrictive",
            ),
            CisRef::new(
                "3.6",
                "Ensure that /etc/docker directory permissions are set to 755 or more restrictive",
            ),
            CisRef::new(
                "3.8",
                "Ensure that registry certificate file permissions are set to 444 or more restrictive",
            ),
            CisRef::new(
                "3.10",
                "Ensure that TLS CA certificate file permissions are set to 444 or more restrictive",
            ),
            CisRef::new(
                "3.12",
                "Ensure that Docker server certificate file permissions are set to 444 or more restrictive",
            ),
            CisRef::new(
                "3.14",
                "Ensure that the Docker server certificate key file permissions are set to 400",
            ),
            CisRef::new(
                "3.16",
                "Ensure that the Docker socket file permissions are set to 660 or more restrictive",
            ),
            CisRef::new(
                "3.18",
                "Ensure that daemon.json file permissions are set to 644 or more restrictive",
            ),
            CisRef::new(
                "3.20",
                "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictive",
            ),
            CisRef::new(
                "3.21",
                "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictive",
            ),
            CisRef::new(
                "3.24",
                "Ensure that the Containerd socket file permissions are set to 660 or more restrictive",
            ),
        ],
        nist: &["4.5.4"],
    },
    docs: Docs {
        what: "For the same files as CFG071, fails when the mode grants a bit the recommendation does not (644 for units, daemon.json and the environment files, 755 for `/etc/docker`, 444 for certificates, 400 for the server key, 660 for the sockets) or has setuid, setgid or sticky set. The test is a bitmask, `mode & ~allowed != 0`, not a decimal comparison: 0445 is not \"less than 644\", it adds execute for others (docker-bench-security's defect D4). Files listed without a `mode` are skipped.",
        why: "A file others can write lets them reconfigure the daemon or swap certificates; a socket others can write is root on the host; a readable server key lets anyone impersonate the daemon.",
        remediation: Remediation {
            docker_run: "Not a container setting: `chmod 644 <unit or config>`, `chmod 444 <certificate>`, `chmod 400 <key>`, `chmod 660 /var/run/docker.sock`.",
            compose: "Not a compose setting: fix the modes on the host.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key: `chmod 644 /etc/docker/daemon.json`, `chmod 755 /etc/docker`, `chmod 400` the file named by `tlskey`, `chmod 444` those named by `tlscacert` and `tlscert`.",
            ),
        },
    },
    checks: Checks {
        host: Some(check),
        ..Checks::NONE
    },
};

fn check(facts: &HostFacts, ctx: &mut CheckContext<'_>) {
    let config = ctx.bundle().daemon().and_then(|d| d.config.as_ref());
    let files = daemon_files(facts, config);
    if files.is_empty() {
        ctx.not_applicable("the host facts list none of the Docker files of CIS section 3");
        return;
    }
    for (index, file, kind) in files {
        let Some(mode) = file.mode else {
            continue;
        };
        let excess = excess_mode_bits(mode, kind.mode);
        if excess != 0 {
            ctx.fail(
                format!("/files/{index}/mode"),
                format!(
                    "CIS {}: {} has mode {mode:04o}, more permissive than {:04o} (extra bits {excess:04o})",
                    kind.mode_cis,
                    kind.describe(&file.path),
                    kind.mode
                ),
            )
            .evidence(format!("{} mode={mode:04o}", file.path))
            .severity(kind.severity)
            .controls(std::slice::from_ref(&kind.mode_cis));
        }
    }
}
