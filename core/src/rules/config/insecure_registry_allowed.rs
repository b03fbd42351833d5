use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG046",
    name: "insecure-registry-allowed",
    summary: "Docker daemon pulls from registries without TLS verification",
    severity: Severity::High,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "2.5",
            "Ensure insecure registries are not used",
        )],
        nist: &["4.2.1"],
    },
    docs: Docs {
        what: "Reads docker info `RegistryConfig`: fails for each `InsecureRegistryCIDRs` entry other than loopback (`127.0.0.0/8`, `::1/128`, which the daemon always lists) and each `IndexConfigs` registry with `Secure: false` that is not on loopback (`localhost`, `127.x`, `[::1]`). Without docker info it reads daemon.json `insecure-registries` the same way. `missing_input` (daemon_info) when the bundle has neither.",
        why: "An insecure registry is reached over plain HTTP or with certificate checks off, so anyone on the path can serve a different image than the one requested.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove `--insecure-registry` from the dockerd command line and give the registry a trusted certificate (or add its CA under `/etc/docker/certs.d/<registry>/ca.crt`).",
            compose: "Not a compose setting: configure the daemon.",
            dockerfile: None,
            daemon: Some(
                "Remove the entries from `\"insecure-registries\"` in daemon.json, install the registry's CA in `/etc/docker/certs.d/<host:port>/ca.crt`, then `systemctl restart docker`.",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn is_loopback_cidr(cidr: &str) -> bool {
    let addr = cidr.split('/').next().unwrap_or(cidr).trim();
    addr.starts_with("127.") || addr == "::1"
}

fn is_loopback_registry(name: &str) -> bool {
    let host = if let Some(rest) = name.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        name.split(':').next().unwrap_or(name)
    };
    host.eq_ignore_ascii_case("localhost") || host.starts_with("127.") || host == "::1"
}

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    if let Some(registry) = daemon
        .info
        .as_ref()
        .and_then(|i| i.registry_config.as_ref())
    {
        for (i, cidr) in registry.insecure_registry_cidrs.iter().enumerate() {
            if !is_loopback_cidr(cidr) {
                ctx.fail(
                    format!("/daemon_info/RegistryConfig/InsecureRegistryCIDRs/{i}"),
                    format!("registries in {cidr} are reached without TLS verification"),
                )
                .evidence(format!("InsecureRegistryCIDRs[{i}]={cidr}"));
            }
        }
        for (name, index) in &registry.index_configs {
            if index.secure == Some(false) && !is_loopback_registry(name) {
                let mut field = String::from("/daemon_info/RegistryConfig/IndexConfigs");
                crate::pointer::push_token(&mut field, name);
                field.push_str("/Secure");
                ctx.fail(field, format!("registry {name} is insecure"))
                    .evidence(format!("IndexConfigs[{name}].Secure=false"));
            }
        }
        return;
    }
    if let Some(config) = &daemon.config {
        for (i, name) in config.insecure_registries.iter().flatten().enumerate() {
            let loopback = if name.contains('/') {
                is_loopback_cidr(name)
            } else {
                is_loopback_registry(name)
            };
            if !loopback {
                ctx.fail(
                    format!("/daemon_config/insecure-registries/{i}"),
                    format!("registry {name} is configured as insecure"),
                )
                .evidence(format!("insecure-registries[{i}]={name}"));
            }
        }
        return;
    }
    ctx.missing_input(
        DocumentKind::DaemonInfo,
        "insecure registries are listed by docker info RegistryConfig (or daemon.json), and the bundle has neither",
    );
}
