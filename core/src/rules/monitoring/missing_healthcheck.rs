use crate::analysis::final_from_field;
use crate::analysis::service_image::{ServiceImage, service_image};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "MON001",
    name: "missing-healthcheck",
    summary: "No health check is defined, or it is disabled",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[
            CisRef::new(
                "4.6",
                "Ensure that HEALTHCHECK instructions have been added to container images",
            ),
            CisRef::new("5.27", "Ensure that container health is checked at runtime"),
        ],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails when no health check is in effect: a container whose `Config.Healthcheck` is absent, empty or `[\"NONE\"]` and whose `State.Health` is absent; an image whose config has no `Healthcheck` or `[\"NONE\"]`; a Dockerfile whose final image (the last stage and the stages it builds on) has no `HEALTHCHECK` or whose last one is `HEALTHCHECK NONE`. A health check in an intermediate stage does not count. A base image may define one that a Dockerfile cannot see: evaluate the built image to be sure. A compose service whose `healthcheck:` is absent or has no `test` runs its image's health check: the image document in the bundle that its `image:` names decides, else the Dockerfile its `build:` names (at its `target` stage or the last one); with neither in the bundle the outcome for that service is `missing_input`. `disable: true` and `test: [\"NONE\"]` turn the image's check off and fail.",
        why: "Without a health check the engine only knows whether the process exists, not whether it works: a hung or broken service keeps receiving traffic and is never restarted by the orchestrator.",
        remediation: Remediation {
            docker_run: "Add `--health-cmd 'curl -fsS http://localhost:8080/health || exit 1' --health-interval 30s --health-retries 3`, and remove `--no-healthcheck`.",
            compose: "Add a `healthcheck:` block with `test:`, `interval:` and `retries:`; remove `disable: true`.",
            dockerfile: Some(
                "Add a health check to the final stage:\n\n```dockerfile\nHEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD wget -qO- http://localhost:8080/health || exit 1\n```",
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

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    if container.state.health.is_some() {
        return;
    }
    match &container.config.healthcheck {
        Some(hc) if hc.is_disabled() => {
            ctx.fail(
                "/Config/Healthcheck/Test",
                "the health check is disabled (NONE)",
            )
            .evidence("Healthcheck.Test=[\"NONE\"]");
        }
        Some(hc) if !hc.test.is_empty() => {}
        _ => match service_image(ctx.bundle(), container) {
            Some(image) => check_service_default(&image, ctx),
            None => {
                ctx.fail(
                    "/Config",
                    "the container has no health check (neither its image nor its run options define one)",
                )
                .evidence("Healthcheck absent");
            }
        },
    }
}

/// A compose service that defines no health check (or one without `test`) runs its image's.
fn check_service_default(image: &ServiceImage<'_>, ctx: &mut CheckContext<'_>) {
    let disabled = match image {
        ServiceImage::Missing { kind, wanted } => {
            ctx.missing_input(
                *kind,
                format!("the service defines no health check, so its image decides: give {wanted}"),
            );
            return;
        }
        ServiceImage::Image(found) => match &found.config.healthcheck {
            Some(hc) if hc.is_disabled() => Some(true),
            Some(hc) if !hc.test.is_empty() => Some(false),
            _ => None,
        },
        ServiceImage::Build { file, stage } => {
            last_healthcheck(file, *stage).map(|(_, ins)| disables(ins))
        }
    };
    match disabled {
        Some(false) => {}
        Some(true) => {
            ctx.fail(
                "/Config",
                format!(
                    "the health check is disabled (NONE) by {}",
                    image.describe()
                ),
            )
            .evidence("Healthcheck.Test=[\"NONE\"]");
        }
        None => {
            ctx.fail(
                "/Config",
                format!(
                    "the container has no health check: neither the service nor {} defines one",
                    image.describe()
                ),
            )
            .evidence("Healthcheck absent");
        }
    }
}

/// The last `HEALTHCHECK` (with its index) of the image built with `--target` stage `stage`.
fn last_healthcheck(
    file: &Dockerfile,
    stage: usize,
) -> Option<(usize, &crate::document::Instruction)> {
    file.stage_chain_instructions(stage)
        .into_iter()
        .rfind(|(_, ins)| ins.keyword == "HEALTHCHECK")
}

/// Whether a `HEALTHCHECK` instruction is `HEALTHCHECK NONE`.
fn disables(ins: &crate::document::Instruction) -> bool {
    ins.words()
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("NONE"))
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let Some(config) = ctx.image_config(image) else {
        return;
    };
    match &config.healthcheck {
        Some(hc) if hc.is_disabled() => {
            ctx.fail(
                image.config_field("Healthcheck", true),
                "the image disables its health check (NONE)",
            )
            .evidence("Healthcheck.Test=[\"NONE\"]");
        }
        Some(hc) if !hc.test.is_empty() => {}
        other => {
            ctx.fail(
                image.config_field("Healthcheck", other.is_some()),
                "the image defines no health check",
            )
            .evidence("Healthcheck absent");
        }
    }
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let last = file
        .stages
        .len()
        .checked_sub(1)
        .and_then(|stage| last_healthcheck(file, stage));
    match last {
        None => {
            ctx.fail(
                final_from_field(file),
                "the final stage has no HEALTHCHECK (one in the base image would not be visible here)",
            )
            .evidence("no HEALTHCHECK instruction");
        }
        Some((index, ins)) => {
            if disables(ins) {
                ctx.fail(
                    Dockerfile::field(index),
                    "HEALTHCHECK NONE disables the health check",
                )
                .evidence("HEALTHCHECK NONE");
            }
        }
    }
}
