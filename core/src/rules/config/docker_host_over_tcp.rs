use crate::document::parse_bool;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG027",
    name: "docker-host-over-tcp",
    summary: "The container talks to a Docker daemon over TCP without TLS verification",
    severity: Severity::Medium,
    parameters: &[],
    references: References {
        cis: &[],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "Fails when the container's `Config.Env` sets `DOCKER_HOST` to a TCP address (`tcp://`, `http://`, `https://`, or `host:port` with no scheme, which Docker clients read as TCP) and `DOCKER_TLS_VERIFY` is unset or empty (medium), or a false value such as `0` or `false` (low: the Docker CLI and the Go and Python SDKs verify for any non-empty value, but the setting asks for no verification and clients that read it as a boolean skip it). `DOCKER_TLS=1` alone enables TLS without verifying the server, so it still fails. `unix://`, `npipe://`, `ssh://` and an empty `DOCKER_HOST` pass. When a variable is set twice, the last entry wins.",
        why: "A client that reaches the daemon over TCP without verified TLS sends full control of the host (the Docker API is root-equivalent) in the clear to whoever answers on the network path, and usually implies a daemon listening on TCP without client authentication. Beyond the CIS container checks; NIST SP 800-190 4.3.1 (unbounded administrative access).",
        remediation: Remediation {
            docker_run: "Use `-e DOCKER_HOST=ssh://user@host`, or keep `tcp://host:2376` and add `-e DOCKER_TLS_VERIFY=1 -e DOCKER_CERT_PATH=/certs` with the client certificates mounted read-only.",
            compose: "In `environment:`, set `DOCKER_HOST: ssh://user@host`, or add `DOCKER_TLS_VERIFY: \"1\"` and `DOCKER_CERT_PATH` with the certificates mounted from `secrets:`.",
            dockerfile: Some("Do not bake `ENV DOCKER_HOST=tcp://...` into the image."),
            daemon: Some(
                "Serve TCP only with TLS client authentication: daemon.json `\"tlsverify\": true` with `tlscacert`, `tlscert`, `tlskey`, and `hosts` on port 2376.",
            ),
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    let mut host: Option<(usize, &str)> = None;
    let mut tls_verify: Option<&str> = None;
    for (index, name, value) in container.environment() {
        match name {
            "DOCKER_HOST" => host = Some((index, value)),
            "DOCKER_TLS_VERIFY" => tls_verify = Some(value),
            _ => {}
        }
    }
    let Some((index, value)) = host else {
        return;
    };
    let Some(address) = tcp_address(value) else {
        return;
    };
    let verify = tls_verify.map_or("", str::trim);
    if verify.is_empty() {
        let shown = if tls_verify.is_some() {
            "DOCKER_TLS_VERIFY=\"\""
        } else {
            "DOCKER_TLS_VERIFY unset"
        };
        ctx.fail(
            format!("/Config/Env/{index}"),
            "DOCKER_HOST points at a Docker daemon over TCP without TLS verification",
        )
        .evidence(format!("DOCKER_HOST={address}, {shown}"));
    } else if parse_bool(verify) == Some(false) {
        // Docker's own clients verify for any non-empty value, so this is a weaker finding:
        // the setting says "off" and clients that parse it as a boolean do not verify.
        ctx.fail(
            format!("/Config/Env/{index}"),
            format!(
                "DOCKER_HOST points at a Docker daemon over TCP and DOCKER_TLS_VERIFY={verify:?} asks for no verification (Docker's own clients verify anyway; others do not)"
            ),
        )
        .evidence(format!("DOCKER_HOST={address}, DOCKER_TLS_VERIFY={verify:?}"))
        .severity(Severity::Low);
    }
}

/// The address of a TCP `DOCKER_HOST` with any `user:password@` part removed, or `None` for
/// other transports and an empty value.
fn tcp_address(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let (scheme, rest) = match value.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("tcp".to_owned(), value),
    };
    if !matches!(scheme.as_str(), "tcp" | "http" | "https") {
        return None;
    }
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    Some(format!("{scheme}://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::tcp_address;

    #[test]
    fn tcp_addresses() {
        assert_eq!(
            tcp_address("tcp://10.0.0.1:2375").as_deref(),
            Some("tcp://10.0.0.1:2375")
        );
        assert_eq!(tcp_address("TCP://d:2375").as_deref(), Some("tcp://d:2375"));
        assert_eq!(
            tcp_address("dockerd:2375").as_deref(),
            Some("tcp://dockerd:2375")
        );
        assert_eq!(
            tcp_address("tcp://admin:hunter2@d:2375").as_deref(),
            Some("tcp://d:2375")
        );
        assert_eq!(tcp_address("unix:///var/run/docker.sock"), None);
        assert_eq!(tcp_address("ssh://me@host"), None);
        assert_eq!(tcp_address("npipe:////./pipe/docker_engine"), None);
        assert_eq!(tcp_address(""), None);
    }
}
