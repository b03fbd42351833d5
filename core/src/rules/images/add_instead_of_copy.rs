use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG006",
    name: "add-instead-of-copy",
    summary: "ADD used where COPY does",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.9",
            "Ensure that COPY is used instead of ADD in Dockerfiles",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails on an `ADD` (any Dockerfile stage, or the image's own history) whose sources are plain local files or directories, or remote URLs without `--checksum`. Excused: local tar archives (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, ... which ADD unpacks), URLs with `--checksum=sha256:...`, git sources (`git@...`, `*.git`, `*.git#ref`, `*.git?ref=`, `git://`), here-documents, In the image's own history a classic builder's `ADD file:<hash> in <dest>` is an ADD of a local file and fails (the history does not record whether it was an archive, so the message says so; `ADD dir:<hash>` is a directory and always a COPY's job). Base-image history entries, including the first layer that unpacks the root filesystem, are never judged.",
        why: "`ADD` silently unpacks archives and fetches URLs without verifying them; `COPY` does exactly one thing. Using `ADD` for plain files hides those behaviours from reviewers and lets a changed remote file into the build unnoticed.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with COPY.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Use COPY for local files, and verify downloads:\n\n```dockerfile\nCOPY app.conf /etc/app/\nADD --checksum=sha256:<sum> https://example.com/tool.tar.gz /opt/\n```",
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

fn is_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    [
        ".tar",
        ".tar.gz",
        ".tgz",
        ".tar.bz2",
        ".tbz2",
        ".tbz",
        ".tar.xz",
        ".txz",
        ".tar.zst",
        ".tzst",
        ".tar.lz",
        ".tar.lzma",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

fn is_git(source: &str) -> bool {
    source.starts_with("git@")
        || source.starts_with("git://")
        || source.contains(".git#")
        || source.contains(".git?")
        || std::path::Path::new(source)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("git"))
}

fn is_url(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://")
}

/// Why this ADD should be a COPY, if it should.
fn judge(step: &Step) -> Option<String> {
    if step.args.trim_start().starts_with("<<") {
        return None;
    }
    let (sources, _) = step.copy_parts();
    let checksum = step.flag("checksum").is_some_and(|v| !v.is_empty());
    let mut plain = Vec::new();
    let mut unverified = Vec::new();
    let mut recorded = Vec::new();
    for source in &sources {
        if is_git(source) {
            continue;
        }
        // The classic builder records a local file source by its content hash only.
        if step.from_history && source.starts_with("file:") {
            recorded.push(source.as_str());
            continue;
        }
        if is_url(source) {
            if !checksum {
                unverified.push(source.as_str());
            }
        } else if !is_archive(source) {
            plain.push(source.as_str());
        }
    }
    if !unverified.is_empty() {
        return Some(format!(
            "ADD downloads {} without --checksum",
            unverified.join(" ")
        ));
    }
    if !plain.is_empty() {
        return Some(format!(
            "ADD copies local {}: COPY does the same without unpacking or fetching",
            plain.join(" ")
        ));
    }
    if !recorded.is_empty() {
        return Some(format!(
            "the image's own layer ADDs a local file ({}); the history records a tar archive ADD unpacks the same way, so if it was not one, COPY does the same",
            recorded.join(" ")
        ));
    }
    None
}

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    for step in steps.iter().filter(|s| s.is("ADD")) {
        if let Some(message) = judge(step) {
            ctx.fail(step.field.clone(), message)
                .evidence(format!("ADD {}", step.args));
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&all_steps(file), ctx);
}
