//! Reading what build instructions and commands do: shell commands, package managers, image
//! references, and one view of Dockerfile instructions and image history. Shared by the image
//! rules.

pub(crate) mod reference;
pub(crate) mod service_image;
pub(crate) mod shell;
pub(crate) mod steps;

/// Whether a `user[:group]` value runs as root: empty, `root` or `0`, with any group.
pub(crate) fn user_is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name.is_empty() || name == "root" || name == "0"
}

/// The last `USER` of the final image's stages, with its value (variables expanded where
/// they can be) and the field of the instruction.
pub(crate) fn final_user(file: &crate::document::Dockerfile) -> Option<(String, String, bool)> {
    stage_user(file, file.stages.len().checked_sub(1)?)
}

/// [`final_user`] for the image built with `--target` stage `stage`.
pub(crate) fn stage_user(
    file: &crate::document::Dockerfile,
    stage: usize,
) -> Option<(String, String, bool)> {
    let (index, ins) = file
        .stage_chain_instructions(stage)
        .into_iter()
        .rfind(|(_, ins)| ins.keyword == "USER")?;
    let raw = ins.words().first().cloned().unwrap_or_default();
    let (value, resolved) = match file.variables().expand_before(index, &raw) {
        Some(v) => (v, true),
        None => (raw, false),
    };
    Some((value, crate::document::Dockerfile::field(index), resolved))
}

/// The field of the final stage's `FROM`.
pub(crate) fn final_from_field(file: &crate::document::Dockerfile) -> String {
    file.final_stage()
        .map(|s| crate::document::Dockerfile::field(s.from))
        .unwrap_or_default()
}

/// An image a Dockerfile pulls: a `FROM` base that is not an earlier stage or `scratch`, a
/// `COPY --from=<image>`, or a `RUN --mount=...,from=<image>`.
#[derive(Debug, Clone)]
pub(crate) struct PulledImage {
    /// The field of the instruction.
    pub(crate) field: String,
    /// The reference with variables resolved.
    pub(crate) text: String,
    /// The parsed reference.
    pub(crate) reference: reference::ImageRef,
    /// The instruction keyword (`FROM`, `COPY`, `RUN`).
    pub(crate) keyword: &'static str,
    /// Whether the image is the base of the final stage.
    pub(crate) final_base: bool,
}

/// Every image a Dockerfile pulls, in order. References whose variables have no value are
/// left out: they cannot be judged.
pub(crate) fn pulled_images(file: &crate::document::Dockerfile) -> Vec<PulledImage> {
    use crate::document::Dockerfile;
    let mut out = Vec::new();
    let final_root = file.final_chain().last().copied();
    for stage in &file.stages {
        let Some(text) = stage.resolved_base.clone() else {
            continue;
        };
        if stage.parent.is_some() || text.eq_ignore_ascii_case("scratch") || is_image_id(&text) {
            continue;
        }
        if let Some(reference) = reference::ImageRef::parse(&text) {
            out.push(PulledImage {
                field: Dockerfile::field(stage.from),
                text,
                reference,
                keyword: "FROM",
                final_base: Some(stage.index) == final_root,
            });
        }
    }
    let mut variables = file.variables();
    for (index, ins) in file.instructions.iter().enumerate() {
        let Some(stage) = ins.stage else { continue };
        let from = match ins.keyword.as_str() {
            "COPY" => ins.flag("from").map(str::to_owned),
            "RUN" => ins
                .flags
                .iter()
                .filter(|(n, _)| n == "mount")
                .filter_map(|(_, v)| v.as_deref())
                .flat_map(|v| v.split(','))
                .find_map(|kv| kv.strip_prefix("from=").map(str::to_owned)),
            _ => None,
        };
        let Some(from) = from else { continue };
        let Some(text) = variables.expand_before(index, &from) else {
            continue;
        };
        if file.stage_named(&text, stage + 1).is_some()
            || text.parse::<usize>().is_ok()
            || is_image_id(&text)
        {
            continue;
        }
        if let Some(reference) = reference::ImageRef::parse(&text) {
            out.push(PulledImage {
                field: Dockerfile::field(index),
                text,
                reference,
                keyword: if ins.keyword == "COPY" { "COPY" } else { "RUN" },
                final_base: false,
            });
        }
    }
    out
}

/// A container's `Config.Image` as written (trimmed) and parsed, unless it is empty, an image
/// id (which names no registry or tag) or not a reference at all.
pub(crate) fn container_image(
    container: &crate::document::Container,
) -> Option<(&str, reference::ImageRef)> {
    let text = container.config.image.trim();
    if is_image_id(text) {
        return None;
    }
    reference::ImageRef::parse(text).map(|reference| (text, reference))
}

/// `text` without its tag (`nginx:latest` → `nginx`, `registry.local:5000/web` unchanged).
pub(crate) fn without_tag<'t>(text: &'t str, reference: &reference::ImageRef) -> &'t str {
    let name = text.split_once('@').map_or(text, |(name, _)| name);
    match &reference.tag {
        Some(tag) => name
            .strip_suffix(tag.as_str())
            .and_then(|rest| rest.strip_suffix(':'))
            .unwrap_or(name),
        None => name,
    }
}

/// The bundle's image document for a container: the one whose id is the container's `Image`,
/// else one tagged with the container's `Config.Image`.
pub(crate) fn container_image_document<'b>(
    container: &crate::document::Container,
    bundle: &'b crate::document::Bundle,
) -> Option<&'b crate::document::Image> {
    let id = container.image.trim();
    let text = container.config.image.trim();
    let images = bundle.images();
    images
        .iter()
        .find(|i| !id.is_empty() && i.id == id)
        .or_else(|| {
            let wanted = reference::ImageRef::parse(text)?.normalized();
            images.iter().find(|i| {
                i.repo_tags
                    .iter()
                    .filter_map(|t| reference::ImageRef::parse(t))
                    .any(|r| r.normalized() == wanted)
            })
        })
}

/// Whether a container's `Config.Image` is an image id rather than a name.
pub(crate) fn is_image_id(text: &str) -> bool {
    let hex = text.strip_prefix("sha256:").unwrap_or(text);
    hex.len() >= 12
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && (text.starts_with("sha256:") || hex.len() == 64)
}
