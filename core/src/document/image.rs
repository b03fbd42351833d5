//! The image model: `docker image inspect` (every API version), `podman image inspect` and the
//! OCI image config blob, with its history.
//!
//! The three shapes differ in key case (`Config`/`config`, `History`/`history`) and in which
//! fields they carry; one lenient model reads them all and remembers which keys it found, so a
//! finding's pointer names the value in the document the caller handed over.
//!
//! **Base-image history.** An image's history holds the instructions of its base images before
//! its own. The boundary is not recorded anywhere, so it is inferred the way the image was
//! built: a base image ends with its `CMD` (or `ENTRYPOINT`), and a Dockerfile that builds on
//! it adds layers after that. Walking back from the newest entry, trailing metadata-only
//! entries (the image's own `CMD`, `EXPOSE`, `USER`, ...) are skipped; the nearest `CMD` or
//! `ENTRYPOINT` before them closes the base image, and everything up to it is the base's. When
//! there is none, only a first entry that unpacks a root filesystem (`ADD file:... in /`) is
//! the base's. [`Image::own_history_start`] holds the result; callers that know better (from
//! build provenance) may set it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::container::Healthcheck;
use super::dockerfile::split_words;
use super::lenient::{nullable, object_keys, string_map, string_or_list};
use super::origin::Origin;
use crate::pointer;

/// An image subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Image {
    /// Image id (`sha256:...`), when the document has one.
    pub id: String,
    /// `repository:tag` names.
    pub repo_tags: Vec<String>,
    /// `repository@sha256:...` names.
    pub repo_digests: Vec<String>,
    /// The image config (`Config` in inspect output, `config` in an OCI config blob).
    pub config: ImageConfig,
    /// History entries, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Index of the first history entry that is the image's own rather than its base
    /// image's (see the module documentation).
    pub own_history_start: usize,
    /// Where the image's values came from.
    pub origin: Origin,
    config_key: Option<&'static str>,
    history_key: &'static str,
    /// Read from a `docker history` document only: the config is unknown.
    history_only: bool,
    /// The history is a `docker history` document's (newest entry first, `CreatedBy`), joined
    /// from `history_origin` when that is set.
    history_newest_first: bool,
    /// Where a joined `docker history` document came from.
    history_origin: Option<Origin>,
    pub(crate) shell: super::ShellCache,
}

/// The image config fields rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ImageConfig {
    /// `user[:group]`; `None` when the key is absent.
    #[serde(default)]
    pub user: Option<String>,
    /// `NAME=value` entries.
    #[serde(default, deserialize_with = "nullable")]
    pub env: Vec<String>,
    /// Default command.
    #[serde(default, deserialize_with = "string_or_list")]
    pub cmd: Vec<String>,
    /// Entrypoint.
    #[serde(default, deserialize_with = "string_or_list")]
    pub entrypoint: Vec<String>,
    /// Exposed ports (`22/tcp`).
    #[serde(default, deserialize_with = "object_keys")]
    pub exposed_ports: Vec<String>,
    /// Health check.
    #[serde(default)]
    pub healthcheck: Option<Healthcheck>,
    /// Anonymous volumes.
    #[serde(default, deserialize_with = "object_keys")]
    pub volumes: Vec<String>,
    /// Working directory.
    #[serde(default)]
    pub working_dir: Option<String>,
    /// Labels.
    #[serde(default, deserialize_with = "string_map")]
    pub labels: BTreeMap<String, String>,
}

/// One history entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct HistoryEntry {
    /// The instruction that made the entry; `None` when the key is absent.
    #[serde(default, alias = "CreatedBy")]
    pub created_by: Option<String>,
    /// Whether the entry made no filesystem layer.
    #[serde(default, deserialize_with = "nullable")]
    pub empty_layer: bool,
    /// Builder comment (`buildkit.dockerfile.v0`).
    #[serde(default, alias = "Comment", deserialize_with = "nullable")]
    pub comment: String,
}

/// A history entry read as a Dockerfile instruction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryInstruction {
    /// Upper-case keyword (`RUN`, `ENV`, `COPY`); `RUN` for a bare shell command.
    pub keyword: String,
    /// Arguments (the shell command for `RUN`).
    pub args: String,
    /// Build arguments the classic builder and BuildKit record before a `RUN` (`|2 A=1 B=2`).
    pub build_args: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct RawImage {
    #[serde(default, rename = "Id", alias = "id", deserialize_with = "nullable")]
    id: String,
    #[serde(default, rename = "RepoTags", deserialize_with = "nullable")]
    repo_tags: Vec<String>,
    #[serde(default, rename = "RepoDigests", deserialize_with = "nullable")]
    repo_digests: Vec<String>,
    #[serde(default, rename = "Config")]
    config_upper: Option<ImageConfig>,
    #[serde(default, rename = "config")]
    config_lower: Option<ImageConfig>,
    #[serde(default, rename = "History")]
    history_upper: Option<Vec<HistoryEntry>>,
    #[serde(default, rename = "history")]
    history_lower: Option<Vec<HistoryEntry>>,
}

impl<'de> Deserialize<'de> for Image {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawImage::deserialize(deserializer)?;
        let (config, config_key) = match (raw.config_upper, raw.config_lower) {
            (Some(c), _) => (c, Some("Config")),
            (None, Some(c)) => (c, Some("config")),
            (None, None) => (ImageConfig::default(), None),
        };
        let (history, history_key) = match (raw.history_lower, raw.history_upper) {
            (Some(h), _) => (h, "history"),
            (None, Some(h)) => (h, "History"),
            (None, None) => (Vec::new(), "history"),
        };
        let own_history_start = guess_own_history_start(&history);
        Ok(Image {
            id: raw.id,
            repo_tags: raw.repo_tags,
            repo_digests: raw.repo_digests,
            config,
            history,
            own_history_start,
            origin: Origin::default(),
            config_key,
            history_key,
            history_only: false,
            history_newest_first: false,
            history_origin: None,
            shell: super::ShellCache::default(),
        })
    }
}

impl Image {
    /// An image known only from its `docker history` (entries oldest first): its config is
    /// unknown.
    pub(crate) fn from_history(
        id: String,
        repo_tags: Vec<String>,
        history: Vec<HistoryEntry>,
        origin: Origin,
    ) -> Self {
        let own_history_start = guess_own_history_start(&history);
        Image {
            id,
            repo_tags,
            history,
            own_history_start,
            origin,
            history_only: true,
            history_newest_first: true,
            ..Image::default()
        }
    }

    /// Whether the image's config (user, environment, health check, labels, ...) is known:
    /// false for an image read from a `docker history` document alone.
    #[must_use]
    pub fn config_known(&self) -> bool {
        !self.history_only
    }

    /// Whether the image's history came from a `docker history` document.
    #[must_use]
    pub fn history_from_document(&self) -> bool {
        self.history_newest_first
    }

    /// Whether `history`, an image read from a `docker history` document, is this image's:
    /// its newest entry's id is this image's id (the CLI may print it shortened to 12 digits).
    pub(crate) fn is_history_of(&self, history: &Image) -> bool {
        let own = self.id.trim_start_matches("sha256:");
        let theirs = history.id.trim_start_matches("sha256:");
        theirs.len() >= 12
            && own.len() >= theirs.len()
            && own.starts_with(theirs)
            && theirs.bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// Takes the history of `history` (an image read from a `docker history` document) as this
    /// image's; findings on it point into that document. Tags it names join the image's.
    pub(crate) fn join_history(&mut self, history: Image) {
        self.own_history_start = history.own_history_start;
        self.history = history.history;
        self.history_newest_first = true;
        self.history_origin = Some(history.origin);
        for tag in history.repo_tags {
            if !self.repo_tags.contains(&tag) {
                self.repo_tags.push(tag);
            }
        }
        self.shell = super::ShellCache::default();
    }

    /// The location of the value at `field`: in the joined `docker history` document for a
    /// history field, in the image's document otherwise.
    #[must_use]
    pub fn locate(&self, field: &str) -> crate::location::Location {
        match &self.history_origin {
            Some(history) if field.as_bytes().get(1).is_some_and(u8::is_ascii_digit) => {
                history.locate(field)
            }
            _ => self.origin.locate(field),
        }
    }

    /// How reports name the image: its first tag, else its id, else the source name.
    #[must_use]
    pub fn display_name(&self) -> String {
        if let Some(tag) = self.repo_tags.iter().find(|t| !t.contains("<none>")) {
            return tag.clone();
        }
        if let Some(digest) = self.repo_digests.first() {
            return digest.clone();
        }
        if !self.id.is_empty() {
            let short = self.id.trim_start_matches("sha256:");
            return short.get(..12).unwrap_or(short).to_owned();
        }
        self.origin.source.clone()
    }

    /// The field path of config key `key` (`/Config/User`), or of the nearest ancestor that
    /// exists when `present` is false.
    #[must_use]
    pub fn config_field(&self, key: &str, present: bool) -> String {
        match self.config_key {
            Some(config) if present => {
                let mut out = String::new();
                pointer::push_token(&mut out, config);
                pointer::push_token(&mut out, key);
                out
            }
            Some(config) => {
                let mut out = String::new();
                pointer::push_token(&mut out, config);
                out
            }
            None => String::new(),
        }
    }

    /// The field path of a member of a config list or map (`/Config/Env/3`,
    /// `/Config/ExposedPorts/22~1tcp`).
    #[must_use]
    pub fn config_member(&self, key: &str, member: &str) -> String {
        let mut out = self.config_field(key, true);
        pointer::push_token(&mut out, member);
        out
    }

    /// The field path of history entry `index`'s `created_by`.
    #[must_use]
    pub fn history_field(&self, index: usize) -> String {
        let mut out = String::new();
        if self.history_newest_first {
            // A `docker history` document lists the newest entry first.
            let position = self.history.len().saturating_sub(index + 1);
            pointer::push_index(&mut out, position);
            pointer::push_token(&mut out, "CreatedBy");
            return out;
        }
        pointer::push_token(&mut out, self.history_key);
        pointer::push_index(&mut out, index);
        if self
            .history
            .get(index)
            .is_some_and(|h| h.created_by.is_some())
        {
            pointer::push_token(&mut out, "created_by");
        }
        out
    }

    /// The image's own history entries (after its base image's), with their indices, each
    /// read as an instruction.
    #[must_use]
    pub fn own_instructions(&self) -> Vec<(usize, HistoryInstruction)> {
        self.history
            .iter()
            .enumerate()
            .skip(self.own_history_start)
            .filter_map(|(i, h)| h.instruction().map(|ins| (i, ins)))
            .collect()
    }

    /// The config's environment as name and value pairs with their indices.
    #[must_use]
    pub fn env_pairs(&self) -> Vec<(usize, &str, &str)> {
        self.config
            .env
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
                (i, k, v)
            })
            .collect()
    }
}

impl HistoryEntry {
    /// Reads `created_by` as a Dockerfile instruction. Understands the classic builder
    /// (`/bin/sh -c #(nop)  ENV A=b`, `/bin/sh -c apt-get ...`, `|1 A=b /bin/sh -c ...`),
    /// BuildKit (`RUN /bin/sh -c ... # buildkit`, `ENV A=b`, `COPY . . # buildkit`) and
    /// Buildah/Podman forms.
    #[must_use]
    pub fn instruction(&self) -> Option<HistoryInstruction> {
        let text = self.created_by.as_deref()?.trim();
        if text.is_empty() {
            return None;
        }
        let text = text
            .strip_suffix("# buildkit")
            .or_else(|| text.strip_suffix("#buildkit"))
            .unwrap_or(text)
            .trim();
        if let Some(rest) = strip_shell(text) {
            let rest = rest.trim_start();
            if let Some(nop) = rest.strip_prefix("#(nop)") {
                return Some(keyword_form(nop.trim()));
            }
            return Some(run(rest, Vec::new()));
        }
        if text.starts_with('|') {
            let (args, rest) = build_args(text);
            let command = strip_shell(rest).unwrap_or(rest);
            return Some(run(command, args));
        }
        let form = keyword_form(text);
        if form.keyword == "RUN" {
            let (args, rest) = if form.args.starts_with('|') {
                build_args(&form.args)
            } else {
                (Vec::new(), form.args.as_str())
            };
            let command = strip_shell(rest).unwrap_or(rest);
            return Some(run(command, args));
        }
        Some(form)
    }
}

fn run(command: &str, build_args: Vec<(String, String)>) -> HistoryInstruction {
    HistoryInstruction {
        keyword: "RUN".to_owned(),
        args: command.trim().to_owned(),
        build_args,
    }
}

/// `KEYWORD args` when the first word is an instruction keyword; a bare command otherwise.
fn keyword_form(text: &str) -> HistoryInstruction {
    let len = text.find(char::is_whitespace).unwrap_or(text.len());
    let word = text.get(..len).unwrap_or("");
    let upper = word.to_ascii_uppercase();
    // Every Dockerfile instruction but FROM, which never makes a layer of its own.
    if word == upper && upper != "FROM" && super::dockerfile::KEYWORDS.contains(&upper.as_str()) {
        let mut args = text.get(len..).unwrap_or("").trim();
        // Buildah appends `|inheritLabels=false` and similar.
        if let Some(cut) = args.rfind(" |")
            && args
                .get(cut + 2..)
                .is_some_and(|tail| tail.contains('=') && !tail.contains(' '))
        {
            args = args.get(..cut).unwrap_or(args).trim_end();
        }
        return HistoryInstruction {
            keyword: upper,
            args: args.to_owned(),
            build_args: Vec::new(),
        };
    }
    run(text, Vec::new())
}

/// The command after a shell prefix (`/bin/sh -c`, `/bin/bash -c`, `cmd /S /C`, `powershell
/// -Command`), if the text starts with one.
fn strip_shell(text: &str) -> Option<&str> {
    for prefix in [
        "/bin/sh -c ",
        "/bin/bash -c ",
        "/bin/ash -c ",
        "sh -c ",
        "bash -c ",
        "/bin/sh -o pipefail -c ",
        "/bin/bash -o pipefail -c ",
        "/bin/bash -eo pipefail -c ",
        "cmd /S /C ",
        "powershell -Command ",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Some(rest);
        }
    }
    None
}

/// `|N K=V ... rest` → the N pairs and the rest.
fn build_args(text: &str) -> (Vec<(String, String)>, &str) {
    let body = text.trim_start_matches('|');
    let count_len = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let count: usize = body.get(..count_len).unwrap_or("0").parse().unwrap_or(0);
    let mut rest = body.get(count_len..).unwrap_or("").trim_start();
    let mut out = Vec::new();
    for _ in 0..count {
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest.get(..len).unwrap_or("");
        if let Some((k, v)) = word.split_once('=') {
            out.push((k.to_owned(), v.to_owned()));
        }
        rest = rest.get(len..).unwrap_or("").trim_start();
    }
    (out, rest)
}

/// Whether a history entry sets the image's default command.
fn is_command_entry(entry: &HistoryEntry) -> bool {
    entry
        .instruction()
        .is_some_and(|i| i.keyword == "CMD" || i.keyword == "ENTRYPOINT")
}

/// Whether a history entry unpacks a root filesystem (`ADD file:<hash> in /`).
fn is_rootfs_entry(entry: &HistoryEntry) -> bool {
    entry.instruction().is_some_and(|i| {
        let words = split_words(&i.args);
        (i.keyword == "ADD" || i.keyword == "COPY")
            && words.last().is_some_and(|d| d == "/")
            && words.first().is_some_and(|s| {
                s.starts_with("file:") || s.contains(".tar") || s.contains("rootfs")
            })
    })
}

fn guess_own_history_start(history: &[HistoryEntry]) -> usize {
    let mut end = history.len();
    while end > 0 && history.get(end - 1).is_some_and(|h| h.empty_layer) {
        end -= 1;
    }
    if let Some(boundary) = (0..end)
        .rev()
        .find(|&j| history.get(j).is_some_and(is_command_entry))
    {
        return boundary + 1;
    }
    usize::from(history.first().is_some_and(is_rootfs_entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(created_by: &str, empty: bool) -> HistoryEntry {
        HistoryEntry {
            created_by: Some(created_by.to_owned()),
            empty_layer: empty,
            comment: String::new(),
        }
    }

    #[test]
    fn reads_history_forms() {
        let e = entry("/bin/sh -c #(nop)  ENV NGINX_VERSION=1.17.0", true);
        let i = e.instruction();
        assert_eq!(i.as_ref().map(|i| i.keyword.as_str()), Some("ENV"));
        let e = entry("|2 TOKEN=abc B=1 /bin/sh -c make install", false);
        let i = e.instruction().unwrap_or_default();
        assert_eq!(i.keyword, "RUN");
        assert_eq!(i.args, "make install");
        assert_eq!(i.build_args.len(), 2);
        let e = entry("RUN |1 X=y /bin/sh -c apk add curl # buildkit", false);
        let i = e.instruction().unwrap_or_default();
        assert_eq!(
            (i.keyword.as_str(), i.args.as_str()),
            ("RUN", "apk add curl")
        );
        let e = entry("COPY . /app # buildkit", false);
        assert_eq!(e.instruction().unwrap_or_default().keyword, "COPY");
        let e = entry(
            "/bin/sh -c #(nop) COPY dir:abc in /app |inheritLabels=false",
            false,
        );
        assert_eq!(e.instruction().unwrap_or_default().args, "dir:abc in /app");
    }

    #[test]
    fn base_history_is_told_apart() {
        let h = vec![
            entry("/bin/sh -c #(nop) ADD file:abc in / ", false),
            entry("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
            entry("/bin/sh -c apt-get update", false),
            entry("/bin/sh -c #(nop)  CMD [\"app\"]", true),
        ];
        assert_eq!(guess_own_history_start(&h), 2);
        let base_only = vec![
            entry("/bin/sh -c #(nop) ADD file:abc in / ", false),
            entry("/bin/sh -c #(nop)  CMD [\"bash\"]", true),
        ];
        assert_eq!(guess_own_history_start(&base_only), 1);
        let scratch = vec![entry("COPY app / # buildkit", false)];
        assert_eq!(guess_own_history_start(&scratch), 0);
    }
}
