use std::collections::BTreeSet;

use crate::rules::prelude::*;

const MAX_IMAGES: Parameter = Parameter {
    name: "max_images",
    description: "The number of images on the host above which it is reported.",
    default: ParameterDefault::Integer(100),
};

pub(crate) static RULE: Rule = Rule {
    code: "MON012",
    name: "image-sprawl",
    summary: "Host stores more images than the policy allows",
    severity: Severity::Info,
    parameters: &[MAX_IMAGES],
    references: References {
        cis: &[CisRef::new("6.1", "Ensure that image sprawl is avoided")],
        nist: &["4.2.2"],
    },
    docs: Docs {
        what: "Reports (severity info) when docker info `Images` exceeds `max_images`; the message says how many distinct images the bundle's containers use, so unused images stand out. `missing_input` (daemon_info) when the bundle has no docker info with an image count.",
        why: "Unused images keep old, unpatched software on the host, ready to be started, and hide which images matter when a vulnerability is announced.",
        remediation: Remediation {
            docker_run: "Not a container setting: remove unused images with `docker image prune -a` (after checking what uses them).",
            compose: "Not a compose setting: `docker compose down --rmi all` removes a project's images.",
            dockerfile: None,
            daemon: Some(
                "No daemon.json key for images; `docker image prune -a --filter until=720h` on a schedule keeps the store small (BuildKit's cache has `builder.gc` in daemon.json).",
            ),
        },
    },
    checks: Checks {
        daemon: Some(check),
        ..Checks::NONE
    },
};

fn check(daemon: &Daemon, ctx: &mut CheckContext<'_>) {
    let Some(images) = daemon.info.as_ref().and_then(|i| i.images) else {
        ctx.missing_input(
            DocumentKind::DaemonInfo,
            "the image count is reported by docker info, and the bundle has none that gives it",
        );
        return;
    };
    let max = ctx.integer(&MAX_IMAGES);
    if images > max {
        let used: BTreeSet<&str> = ctx
            .bundle()
            .containers()
            .iter()
            .map(|c| c.image.as_str())
            .filter(|i| !i.is_empty())
            .collect();
        let detail = if used.is_empty() {
            String::new()
        } else {
            format!("; the bundle's containers use {} of them", used.len())
        };
        ctx.fail(
            "/daemon_info/Images",
            format!("the host stores {images} images, more than {max}{detail}"),
        )
        .evidence(format!("Images={images}"));
    }
}
