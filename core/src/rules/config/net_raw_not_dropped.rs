use crate::document::normalize_capability;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "CFG003",
    name: "net-raw-not-dropped",
    summary: "Container keeps the NET_RAW capability",
    severity: Severity::Info,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "5.4",
            "Ensure that Linux kernel capabilities are restricted within containers",
        )],
        nist: &["4.4.3"],
    },
    docs: Docs {
        what: "Fails when `HostConfig.CapDrop` contains neither `NET_RAW` nor `ALL` (after normalisation: any case, with or without `CAP_`). Privileged containers are checked too: they hold NET_RAW like every other capability. The finding points at `HostConfig.CapDrop`, where the fix goes, even when the document leaves the field out. Podman documents carry the effective bounding set in top-level `BoundingCaps` and compute `CapDrop` against Podman's own defaults (which leave NET_RAW out), so when `BoundingCaps` is present the rule fails only if it holds NET_RAW.",
        why: "NET_RAW is in Docker's default set. It lets root in the container craft raw packets: ARP and DNS spoofing of neighbours on the same bridge, and the packet-socket attack surface behind several kernel privilege escalations. CIS 5.4 asks for it to be dropped where the workload does not need `ping` or raw sockets.",
        remediation: Remediation {
            docker_run: "Add `--cap-drop NET_RAW` (or `--cap-drop ALL` with a minimal `--cap-add` list).",
            compose: "Add `cap_drop: [NET_RAW]` (or `cap_drop: [ALL]`).",
            dockerfile: None,
            daemon: None,
        },
    },
    checks: Checks {
        container: Some(check),
        ..Checks::NONE
    },
};

fn check(container: &Container, ctx: &mut CheckContext<'_>) {
    if let Some(bounding) = &container.bounding_caps {
        // Podman states the effective bounding set; its CapDrop is relative to Podman's own
        // defaults, which already leave NET_RAW out.
        if let Some(i) = bounding
            .iter()
            .position(|c| normalize_capability(c) == "NET_RAW")
        {
            ctx.fail(
                format!("/BoundingCaps/{i}"),
                "NET_RAW is in the container's capability bounding set",
            )
            .evidence(format!(
                "BoundingCaps[{i}]={}",
                bounding.get(i).map_or("", String::as_str)
            ));
        }
        return;
    }
    let drops = container
        .host_config
        .cap_drop
        .as_deref()
        .unwrap_or_default();
    let dropped = drops
        .iter()
        .map(|c| normalize_capability(c))
        .any(|c| c == "NET_RAW" || c == "ALL");
    if !dropped {
        let observed = if drops.is_empty() {
            "CapDrop is empty".to_owned()
        } else {
            format!("CapDrop=[{}]", drops.join(", "))
        };
        let field = if container.host_config.cap_drop.is_some() {
            "/HostConfig/CapDrop"
        } else {
            "/HostConfig"
        };
        ctx.fail(
            field,
            "NET_RAW is not dropped (CapDrop holds neither NET_RAW nor ALL)",
        )
        .evidence(observed);
    }
}
