//! The image of a compose service: the facts a service leaves to its image (`USER`,
//! `HEALTHCHECK`) come from the image document the bundle holds for its `image:`, or from the
//! Dockerfile stage its `build:` names.

use super::reference::ImageRef;
use crate::document::{Bundle, ComposeBuild, Container, Dockerfile, DocumentKind, Image};

/// Where a compose service's image defaults come from.
#[derive(Debug)]
pub(crate) enum ServiceImage<'a> {
    /// The image document whose tag, digest or id the service's `image:` names.
    Image(&'a Image),
    /// The Dockerfile the service's `build:` names, and the stage it builds.
    Build {
        /// The Dockerfile.
        file: &'a Dockerfile,
        /// The stage built: `target`, else the last one.
        stage: usize,
    },
    /// The bundle holds neither: the document that would decide, and what to give.
    Missing {
        /// The kind of document that decides.
        kind: DocumentKind,
        /// What is missing, naming the image or the build.
        wanted: String,
    },
}

impl ServiceImage<'_> {
    /// How findings name the source of the default (`image nginx:1.27`, `the Dockerfile
    /// app/Dockerfile`).
    pub(crate) fn describe(&self) -> String {
        match self {
            ServiceImage::Image(image) => match image.repo_tags.first() {
                Some(tag) => format!("its image `{tag}`"),
                None => format!("its image `{}`", image.id),
            },
            ServiceImage::Build { file, stage } => {
                let name = file
                    .stages
                    .get(*stage)
                    .and_then(|s| s.name.clone())
                    .map_or_else(
                        || {
                            if *stage + 1 == file.stages.len() {
                                "the final stage".to_owned()
                            } else {
                                format!("stage {stage}")
                            }
                        },
                        |n| format!("stage `{n}`"),
                    );
                format!("{name} of its Dockerfile `{}`", file.origin.source)
            }
            ServiceImage::Missing { wanted, .. } => wanted.clone(),
        }
    }
}

/// The image of `container` when it was read from a compose service; `None` for engine
/// documents, whose image config the engine has already merged in.
///
/// An image document wins over a Dockerfile (a service with both `image:` and `build:` tags
/// the build with that name, and the image document is what was built).
pub(crate) fn service_image<'a>(
    bundle: &'a Bundle,
    container: &Container,
) -> Option<ServiceImage<'a>> {
    let service = container.compose.as_ref()?;
    let reference = container.config.image.trim();
    if !reference.is_empty()
        && let Some(image) = bundle.images().iter().find(|i| names_image(reference, i))
    {
        return Some(ServiceImage::Image(image));
    }
    if let Some(build) = &service.build {
        return Some(build_stage(bundle, container, build));
    }
    Some(ServiceImage::Missing {
        kind: DocumentKind::Image,
        wanted: if reference.is_empty() {
            format!("service `{}` names no image and no build", service.name)
        } else {
            format!("the `docker image inspect` of `{reference}`")
        },
    })
}

/// Whether `reference` (as a compose file writes it) names `image`: by id (`sha256:...`, or at
/// least 12 hex digits of it), by digest, or by tag (`nginx` is `docker.io/library/nginx:latest`).
fn names_image(reference: &str, image: &Image) -> bool {
    let id = image.id.strip_prefix("sha256:").unwrap_or(&image.id);
    let wanted_id = reference.strip_prefix("sha256:").unwrap_or(reference);
    if wanted_id.len() >= 12 && wanted_id.bytes().all(|b| b.is_ascii_hexdigit()) && !id.is_empty() {
        return id.starts_with(wanted_id);
    }
    let Some(mut wanted) = ImageRef::parse(reference) else {
        return false;
    };
    if let Some(digest) = &wanted.digest {
        return image.repo_digests.iter().any(|d| {
            ImageRef::parse(d).is_some_and(|have| {
                have.registry == wanted.registry
                    && have.repository == wanted.repository
                    && have.digest.as_ref() == Some(digest)
            })
        });
    }
    if wanted.tag.is_none() {
        wanted.tag = Some("latest".to_owned());
    }
    image
        .repo_tags
        .iter()
        .filter_map(|t| ImageRef::parse(t))
        .any(|have| have == wanted)
}

/// The Dockerfile stage `build` names, or what is missing.
fn build_stage<'a>(
    bundle: &'a Bundle,
    container: &Container,
    build: &ComposeBuild,
) -> ServiceImage<'a> {
    let expected = dockerfile_path(&container.origin.source, build);
    // The Dockerfile of that path; failing that, the one whose path ends (or begins) the same
    // way, when only one does.
    let files = bundle.dockerfiles();
    let exact = files
        .iter()
        .find(|f| normalize(&f.origin.source) == expected);
    let mut similar = files
        .iter()
        .filter(|f| same_file(&normalize(&f.origin.source), &expected));
    let file = exact.or_else(|| match (similar.next(), similar.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    });
    let Some(file) = file else {
        return ServiceImage::Missing {
            kind: DocumentKind::Dockerfile,
            wanted: format!("the Dockerfile `{expected}` the service builds"),
        };
    };
    let last = file.stages.len().checked_sub(1);
    let stage = match &build.target {
        Some(target) => file.stage_named(target, file.stages.len()),
        None => last,
    };
    match stage {
        Some(stage) => ServiceImage::Build { file, stage },
        None => ServiceImage::Missing {
            kind: DocumentKind::Dockerfile,
            wanted: match &build.target {
                Some(target) => format!("a stage `{target}` in the Dockerfile `{expected}`"),
                None => format!("a stage in the Dockerfile `{expected}`"),
            },
        },
    }
}

/// `<compose file's directory>/<context>/<dockerfile>`, normalised. An absolute `dockerfile`
/// stands alone.
fn dockerfile_path(compose_source: &str, build: &ComposeBuild) -> String {
    if build.dockerfile.starts_with('/') {
        return normalize(&build.dockerfile);
    }
    let dir = compose_source
        .rfind('/')
        .map_or("", |at| &compose_source[..at]);
    let context = if build.context.starts_with('/') || dir.is_empty() {
        build.context.clone()
    } else {
        format!("{dir}/{}", build.context)
    };
    normalize(&format!("{context}/{}", build.dockerfile))
}

/// Removes `.` components, resolves `..` where it can and joins with `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Whether two normalised paths name the same file: equal, or one is the other with leading
/// directories (a caller may name documents relative to different roots).
fn same_file(a: &str, b: &str) -> bool {
    let ends = |long: &str, short: &str| {
        long.strip_suffix(short)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('/'))
    };
    !a.is_empty() && !b.is_empty() && (ends(a, b) || ends(b, a))
}

#[cfg(test)]
mod tests {
    use super::{ComposeBuild, dockerfile_path, normalize, same_file};

    fn build(context: &str, dockerfile: &str) -> ComposeBuild {
        ComposeBuild {
            context: context.to_owned(),
            dockerfile: dockerfile.to_owned(),
            target: None,
        }
    }

    #[test]
    fn the_dockerfile_is_found_relative_to_the_compose_file() {
        assert_eq!(
            dockerfile_path("app/compose.yaml", &build("./web", "Dockerfile")),
            "app/web/Dockerfile"
        );
        assert_eq!(
            dockerfile_path("compose.yaml", &build(".", "docker/Dockerfile.prod")),
            "docker/Dockerfile.prod"
        );
        assert_eq!(
            dockerfile_path("a/b/compose.yaml", &build("../c", "Dockerfile")),
            "a/c/Dockerfile"
        );
    }

    #[test]
    fn paths_match_at_component_boundaries_only() {
        assert!(same_file("repo/app/web/Dockerfile", "app/web/Dockerfile"));
        assert!(same_file("web/Dockerfile", "web/Dockerfile"));
        assert!(!same_file("myweb/Dockerfile", "web/Dockerfile"));
        assert!(!same_file("", "Dockerfile"));
        assert_eq!(normalize("./a//b/./c"), "a/b/c");
    }
}
