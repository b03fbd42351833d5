use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG048",
    name: "tcp-socket-unauthenticated",
    summary: "Docker API listens on TCP without TLS client-certificate verification",
    severity: Severity::Critical,
    parameters: &[],
    references: References {
        cis: &[CisRef {
            id: "2.7",
            v1_8: Some("2.8"),
            title: "Ensure TLS authentication for Docker daemon is configured",
            decides: true,
        }],
        nist: &["4.3.1"],
    },
    docs: Docs {
        what: "Reads daemon.json `hosts`: when any entry is a `tcp://` listener, requires `\"tlsverify\": true` and non-empty `tlscacert`, `tlscert` and `tlskey`, and reports what is missing in one finding on the first TCP listener (`\"tls\": true` alone encrypts but accepts any client; without explicit paths dockerd falls back to `~/.docker/*.pem` of the user it runs as, which the benchmark does not accept). Passes when no listener is TCP. `missing_input` (daemon_config) without daemon.json; `-H` flags on the dockerd command line and systemd socket activation (`fd://`) are not visible in any document, so keep listeners in daemon.json.",
        why: "Anyone who can reach an unauthenticated Docker API can start a privileged container that mounts the host's root filesystem: it is root on the host over the network.",
        remediation: Remediation {
            docker_run: "Not a container setting: start dockerd with `--tlsverify --tlscacert=ca.pem --tlscert=server-cert.pem --tlskey=server-key.pem -H tcp://0.0.0.0:2376`, or remove the TCP listener.",
            compose: "Not a compose setting: clients use `DOCKER_HOST=tcp://host:2376 DOCKER_TLS_VERIFY=1`.",
            dockerfile: None,
            daemon: Some(
                "`{\"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"], \"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\", \"tlscert\": \"/etc/docker/server-cert.pem\", \"tlskey\": \"/etc/docker/server-key.pem\"}`; on systemd hosts remove `-H fd://` from the unit's ExecStart, since `hosts` and `-H` cannot both be set.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.daemon_config(daemon, "listeners and TLS settings are in daemon.json (docker info does not report them), and the bundle has no daemon.json") else {
        return;
    };
    let tcp: Vec<(usize, &str)> = config
        .hosts
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, h)| h.trim().to_ascii_lowercase().starts_with("tcp://"))
        .map(|(i, h)| (i, h.trim()))
        .collect();
    let Some(&(first, listener)) = tcp.first() else {
        return;
    };
    let mut missing: Vec<&str> = Vec::new();
    if config.tlsverify != Some(true) {
        missing.push("tlsverify");
    }
    for (key, value) in [
        ("tlscacert", &config.tlscacert),
        ("tlscert", &config.tlscert),
        ("tlskey", &config.tlskey),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            missing.push(key);
        }
    }
    if missing.is_empty() {
        return;
    }
    let detail = if config.tlsverify == Some(true) {
        "client verification is on but not fully configured"
    } else if config.tls == Some(true) {
        "TLS accepts any client (tlsverify is not true)"
    } else {
        "no TLS and no client verification"
    };
    ctx.fail(
        format!("/daemon_config/hosts/{first}"),
        format!(
            "the Docker API listens on {listener}: {detail}; missing: {}",
            missing.join(", ")
        ),
    )
    .evidence(format!(
        "hosts[{first}]={listener}; tls={}; tlsverify={}; missing {}",
        config.tls.map_or("unset".to_owned(), |b| b.to_string()),
        config
            .tlsverify
            .map_or("unset".to_owned(), |b| b.to_string()),
        missing.join(", ")
    ));
}
