//! Image references (`registry/repository:tag@digest`), as `FROM`, `docker run` and
//! `RepoTags` write them.

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// Registry host (with port), `docker.io` when none is written.
    pub(crate) registry: String,
    /// Repository path; Docker Hub official images get `library/`.
    pub(crate) repository: String,
    /// Tag, when written.
    pub(crate) tag: Option<String>,
    /// Digest (`sha256:...`), when written.
    pub(crate) digest: Option<String>,
}

impl ImageRef {
    /// Parses a reference. Returns `None` for text that cannot be one (empty, spaces, or a
    /// variable that was not resolved).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) || text.contains('$') {
            return None;
        }
        let (name, digest) = match text.split_once('@') {
            Some((n, d)) => (n, Some(d.to_owned())),
            None => (text, None),
        };
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match name.get(last_slash..).and_then(|tail| tail.rfind(':')) {
            Some(colon) => {
                let at = last_slash + colon;
                (
                    name.get(..at).unwrap_or(name),
                    name.get(at + 1..).map(str::to_owned),
                )
            }
            None => (name, None),
        };
        let (registry, repository) = match path.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_ascii_lowercase(), rest.to_owned())
            }
            _ => ("docker.io".to_owned(), path.to_owned()),
        };
        let registry = if registry == "index.docker.io" || registry == "registry-1.docker.io" {
            "docker.io".to_owned()
        } else {
            registry
        };
        let repository = if registry == "docker.io" && !repository.contains('/') {
            format!("library/{repository}")
        } else {
            repository
        };
        if repository.is_empty() {
            return None;
        }
        Some(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// `registry/repository[:tag][@digest]`, fully qualified.
    pub(crate) fn normalized(&self) -> String {
        let mut out = format!("{}/{}", self.registry, self.repository);
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = ImageRef::parse("nginx").unwrap_or_else(|| unreachable!());
        assert_eq!(r.normalized(), "docker.io/library/nginx");
        let r = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("registry:5000/app").unwrap_or_else(|| unreachable!());
        assert_eq!((r.registry.as_str(), r.tag), ("registry:5000", None));
        assert!(ImageRef::parse("${BASE}").is_none());
    }
}
