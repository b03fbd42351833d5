use std::sync::LazyLock;

use crate::labels::{LabelProblemKind, LabelSchema};
use crate::pointer;
use crate::rules::prelude::*;

const SCHEMA: Parameter = Parameter {
    name: "schema",
    description: "The label schema (`spec/label-schema.schema.json`): required and optional labels with types `text`, `url`, `email`, `semver`, `rfc3339`, `spdx`, `git-hash`, `digest`, `enum`, `regex`, and a `strict` mode. Without one, the built-in schema of the OCI keys (`org.opencontainers.image.*`, none required) checks the values of the OCI labels present.",
    default: ParameterDefault::LabelSchema,
};

pub(crate) static RULE: Rule = Rule {
    code: "MON030",
    name: "label-schema-violation",
    summary: "Labels missing, mistyped or unlisted under the label schema",
    severity: Severity::Low,
    parameters: &[SCHEMA],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Applies a label schema to the labels of images (`Config.Labels`), containers (`Config.Labels`, compose `labels:`) and Dockerfiles (the `LABEL`s of the final stage and the stages it builds on; a later `LABEL` of the same key wins). One finding per required label that is missing, per value that does not have its type (an SPDX expression is parsed in full: `MIT OR` fails with the position), and in strict mode per label the schema does not list. A Dockerfile value with an unresolved `$VAR` (a build argument without a default) counts as present but is not type-checked. Labels a Dockerfile inherits from its base image are not visible, so a Dockerfile is checked for what it sets itself.",
        why: "Labels are how licensing, source, ownership and data classification travel with an image; inventories, admission policies and incident response read them, and a missing or malformed label silently breaks those automations.",
        remediation: Remediation {
            docker_run: "Set the label when creating the container: `docker run --label com.example.data-classification=internal ...`.",
            compose: "Add it under `labels:` of the service.",
            dockerfile: Some(
                "Set the labels in the final stage, filled from build arguments:\n\n```dockerfile\nARG REVISION\nLABEL org.opencontainers.image.revision=$REVISION \\\n      org.opencontainers.image.licenses=\"Apache-2.0\"\n```",
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

/// One label of a subject: key, value, whether the value is known, and its field.
pub(crate) struct SubjectLabel {
    pub(crate) key: String,
    pub(crate) value: String,
    pub(crate) known: bool,
    pub(crate) field: String,
}

/// The labels the final image of a Dockerfile gets from its own `LABEL`s (later wins).
pub(crate) fn dockerfile_labels(file: &Dockerfile) -> Vec<SubjectLabel> {
    let mut out: Vec<SubjectLabel> = Vec::new();
    let mut variables = file.variables();
    for (index, instruction) in file.final_instructions() {
        if instruction.keyword != "LABEL" {
            continue;
        }
        for (key, value) in instruction.pairs() {
            let raw = value.unwrap_or_default();
            let (value, known) = if raw.contains('$') {
                match variables.expand_before(index, &raw) {
                    Some(v) => (v, true),
                    None => (raw, false),
                }
            } else {
                (raw, true)
            };
            out.push(SubjectLabel {
                key,
                value,
                known,
                field: Dockerfile::field(index),
            });
        }
    }
    // A later LABEL of the same key wins, in its own place.
    let mut seen = std::collections::HashSet::new();
    let mut last_wins: Vec<SubjectLabel> = out
        .into_iter()
        .rev()
        .filter(|l| seen.insert(l.key.clone()))
        .collect();
    last_wins.reverse();
    last_wins
}

fn config_labels(
    labels: &std::collections::BTreeMap<String, String>,
    member: impl Fn(&str) -> String,
) -> Vec<SubjectLabel> {
    labels
        .iter()
        .map(|(k, v)| SubjectLabel {
            key: k.clone(),
            value: v.clone(),
            known: true,
            field: member(k),
        })
        .collect()
}

pub(crate) fn container_labels(container: &Container) -> Vec<SubjectLabel> {
    config_labels(&container.config.labels, |k| {
        let mut out = "/Config/Labels".to_owned();
        pointer::push_token(&mut out, k);
        out
    })
}

pub(crate) fn image_labels(image: &Image) -> Vec<SubjectLabel> {
    config_labels(&image.config.labels, |k| image.config_member("Labels", k))
}

fn schema<'a>(ctx: &CheckContext<'a>) -> &'a LabelSchema {
    // The built-in schema is built once per process; the policy's was parsed when the policy
    // was resolved. Neither is built per subject.
    static OCI: LazyLock<LabelSchema> = LazyLock::new(LabelSchema::oci);
    ctx.label_schema(&SCHEMA).unwrap_or(&OCI)
}

fn report(ctx: &mut CheckContext<'_>, what: &str, labels: &[SubjectLabel], missing_field: &str) {
    let schema = schema(ctx);
    let problems = schema.check(
        labels
            .iter()
            .map(|l| (l.key.as_str(), l.value.as_str(), l.known)),
    );
    for problem in problems {
        let label = labels.iter().find(|l| l.key == problem.key);
        let field = match (problem.kind, label) {
            (LabelProblemKind::Missing, _) | (_, None) => missing_field.to_owned(),
            (_, Some(l)) => l.field.clone(),
        };
        let evidence = match label {
            Some(l) => format!("{}={}", l.key, l.value),
            None => format!("{} absent", problem.key),
        };
        ctx.fail(field, format!("{what}: {}", problem.message))
            .evidence(evidence);
    }
}

fn check_container(container: &Container, ctx: &mut CheckContext<'_>) {
    let labels = container_labels(container);
    let missing = if labels.is_empty() {
        "/Config"
    } else {
        "/Config/Labels"
    };
    report(ctx, "container", &labels, missing);
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    if ctx.image_config(image).is_none() {
        return;
    }
    let labels = image_labels(image);
    let missing = image.config_field("Labels", !labels.is_empty());
    report(ctx, "image", &labels, &missing);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    let labels = dockerfile_labels(file);
    let missing = file
        .final_stage()
        .map_or_else(|| Dockerfile::field(0), |s| Dockerfile::field(s.from));
    report(ctx, "final stage", &labels, &missing);
}
