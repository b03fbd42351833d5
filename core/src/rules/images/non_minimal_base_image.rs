use crate::analysis::pulled_images;
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG016",
    name: "non-minimal-base-image",
    summary: "Final image is not built on a minimal base",
    severity: Severity::Info,
    parameters: &[Parameter {
        name: "minimal_bases",
        description: "Substrings of a fully qualified reference that mark a minimal base image family.",
        default: ParameterDefault::List(&[
            "distroless",
            "alpine",
            "chainguard",
            "wolfi",
            "busybox",
            "-slim",
            "slim-",
            ":slim",
            "ubi-micro",
            "ubi-minimal",
            "ubi8-micro",
            "ubi9-micro",
            "ubi8-minimal",
            "ubi9-minimal",
            "ubi10-micro",
            "ubi10-minimal",
            "-minimal",
            "nanoserver",
        ]),
    }],
    references: References {
        cis: &[CisRef::new(
            "4.3",
            "Ensure that unnecessary packages are not installed in the container",
        )],
        nist: &["4.1.1", "4.1.2"],
    },
    docs: Docs {
        what: "Reports (info) when the image a Dockerfile ships is built on a base outside the minimal families listed in `minimal_bases` (distroless, Alpine, Chainguard/Wolfi, BusyBox, `-slim` tags, UBI micro/minimal, ...). `FROM scratch` passes; a final stage built on an earlier stage is judged by that stage's base; a base whose `ARG` has no default is not judged.",
        why: "Full distribution images ship shells, package managers and hundreds of packages the application never uses: each is attack surface and a source of vulnerability findings to triage.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image on a minimal base.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Ship on a minimal base and build elsewhere:\n\n```dockerfile\nFROM python:3.13-slim\n# or, for static binaries:\nFROM gcr.io/distroless/static-debian12:nonroot\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let families = ctx.list("minimal_bases");
    for pulled in pulled_images(file).into_iter().filter(|p| p.final_base) {
        let full = pulled.reference.normalized().to_ascii_lowercase();
        if !families
            .iter()
            .any(|f| full.contains(&f.to_ascii_lowercase()))
        {
            ctx.fail(
                pulled.field.clone(),
                format!(
                    "the final image is built on {}, which is not in a minimal image family",
                    pulled.text
                ),
            )
            .evidence(format!("FROM {}", pulled.text));
        }
    }
}
