use crate::analysis::shell::{basename, program};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

const ALLOWED_FILES: Parameter = Parameter {
    name: "allowed_files",
    description: "File names (basenames) that look secret but are known not to be, such as a public CA bundle named `ca.pem`.",
    default: ParameterDefault::List(&[]),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG007",
    name: "secret-file-in-image",
    summary: "A secret file is copied into the image",
    severity: Severity::High,
    parameters: &[ALLOWED_FILES],
    references: References {
        cis: &[CisRef::new(
            "4.10",
            "Ensure secrets are not stored in Dockerfiles",
        )],
        nist: &["4.1.4"],
    },
    docs: Docs {
        what: "Fails when a `COPY` or `ADD` of the final image (the last Dockerfile stage and the stages it builds on, or the image's own history entries) brings in a file whose name marks it as secret: SSH private keys (`id_rsa`, `id_ed25519`, ...), `.env` files (not `.env.example`/`.sample`/`.template`), `credential(s)`/`credential(s).json`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.dockercfg`, `.htpasswd`, `kubeconfig`, `terraform.tfstate`, `secrets.yml`, and keys or keystores by extension (`.key`, `.pem` unless the name says certificate or CA, `.p12`, `.pfx`, `.jks`, `.keystore`, `.ovpn`). Source and destination names are both checked (history keeps only the destination). When a later `RUN` deletes the file the finding says so: the file stays in the earlier layer. Copies into intermediate stages do not reach the image and are not judged.",
        why: "Every layer of an image can be extracted by whoever pulls it; a key or credential copied in is published with the image, and deleting it in a later layer hides it from `ls`, not from `docker save`.",
        remediation: Remediation {
            docker_run: "Mount secrets at run time instead: `--mount type=bind,src=./id_rsa,dst=/run/secrets/id_rsa,ro`, and rebuild the image without the file.",
            compose: "Use `secrets:` for the service instead of baking the file into the image.",
            dockerfile: Some(
                "Mount the secret for the one step that needs it, and keep it out of the build context with `.dockerignore`:\n\n```dockerfile\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n```",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

/// Whether a file name marks a secret.
fn is_secret_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let exact = [
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "id_ecdsa_sk",
        "id_ed25519_sk",
        ".env",
        "credentials",
        "credentials.json",
        "credential",
        "credential.json",
        "credentials.yml",
        "credentials.yaml",
        ".npmrc",
        ".pypirc",
        ".netrc",
        ".git-credentials",
        ".dockercfg",
        ".htpasswd",
        "htpasswd",
        "kubeconfig",
        "terraform.tfstate",
        "secrets.yml",
        "secrets.yaml",
        "secrets.json",
        "master.key",
        ".pgpass",
        ".my.cnf",
    ];
    if exact.contains(&lower.as_str()) {
        return true;
    }
    if let Some(suffix) = lower.strip_prefix(".env.") {
        return !matches!(
            suffix,
            "example" | "sample" | "template" | "dist" | "defaults"
        );
    }
    let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "key" | "p12" | "pfx" | "jks" | "keystore" | "ovpn" | "ppk" => true,
        "pem" => !lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|token| {
                matches!(token, "ca" | "bundle" | "cacert" | "public")
                    || token.starts_with("cert")
                    || token.ends_with("chain")
                    || token.starts_with("pub")
                    || token.starts_with("root")
            }),
        _ => false,
    }
}

fn check_steps(steps: &[Step], allowed: &[String], ctx: &mut CheckContext<'_>) {
    for (index, step) in steps.iter().enumerate() {
        if !(step.is("COPY") || step.is("ADD")) {
            continue;
        }
        let (sources, dest) = step.copy_parts();
        let mut names: Vec<String> = sources
            .iter()
            .filter(|s| !s.starts_with("file:") && !s.starts_with("dir:"))
            .map(|s| basename(s.trim_end_matches('/')).to_owned())
            .collect();
        if !dest.ends_with('/') {
            names.push(basename(&dest).to_owned());
        }
        names.sort();
        names.dedup();
        let secret: Vec<String> = names
            .into_iter()
            .filter(|n| is_secret_file(n) && !allowed.iter().any(|a| a == n))
            .collect();
        if secret.is_empty() {
            continue;
        }
        let deleted = steps
            .iter()
            .skip(index + 1)
            .filter(|s| s.is("RUN"))
            .any(|s| {
                s.commands().any(|c| {
                    program(c) == Some("rm")
                        && c.iter().any(|w| {
                            secret
                                .iter()
                                .any(|n| basename(w.trim_end_matches('/')) == n)
                        })
                })
            });
        let message = if deleted {
            format!(
                "{} copies the secret file {} into a layer; a later RUN deletes it, but it stays in the earlier layer",
                step.keyword,
                secret.join(", ")
            )
        } else {
            format!(
                "{} copies the secret file {} into the image",
                step.keyword,
                secret.join(", ")
            )
        };
        ctx.fail(step.field.clone(), message).evidence(format!(
            "{} {}",
            step.keyword,
            secret.join(" ")
        ));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    let allowed: Vec<String> = ctx
        .list(&ALLOWED_FILES)
        .into_iter()
        .map(str::to_owned)
        .collect();
    check_steps(&history_steps(image), &allowed, ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let allowed: Vec<String> = ctx
        .list(&ALLOWED_FILES)
        .into_iter()
        .map(str::to_owned)
        .collect();
    check_steps(&final_steps(file), &allowed, ctx);
}
