//! Input documents: kind detection, parsing into subjects, and bundles of documents from one
//! place.

mod container;
mod dockerfile;
mod image;
mod kind;
mod lenient;
mod origin;

use serde::Deserialize;
use serde_json::value::RawValue;

pub use container::{
    BindOptions, Config, Container, Device, DeviceRequest, Health, Healthcheck, HostConfig,
    LogConfig, MountPoint, MountRequest, NetworkSettings, PortBinding, PublishedPort,
    RestartPolicy, SecurityOpt, State, Ulimit, normalize_capability, parse_bool,
};
pub use dockerfile::{
    Dockerfile, Heredoc, Instruction, Stage, expand, parse_dockerfile, split_words,
};
pub use image::{HistoryEntry, HistoryInstruction, Image, ImageConfig};
pub use kind::{DocumentKind, detect_kind, detect_value_kind};
pub use origin::Origin;

use crate::{Error, InputProblem, pointer};

/// Tokenised shell commands of a subject's instructions, computed once on first use and
/// shared by every rule (indexed like the instructions or history entries they come from).
/// Ignored by equality: it is derived from the subject, not part of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShellCache(pub(crate) std::sync::OnceLock<Vec<ParsedShell>>);

/// One instruction's shell text as pipelines of commands of words.
pub(crate) type ParsedShell = std::sync::Arc<Vec<Vec<Vec<String>>>>;

impl PartialEq for ShellCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ShellCache {}

/// A document the caller handed over, as recorded in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    /// The caller's name for it.
    pub name: String,
    /// The kind it was read as.
    pub kind: DocumentKind,
    /// How many subjects it held (an array of containers holds several).
    pub subjects: usize,
}

/// All documents from one place (a host, or a build), parsed into subjects.
///
/// Rules that need two documents (a container and its daemon's settings) read both from the
/// bundle. A single document is a bundle of one.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    sources: Vec<SourceDocument>,
    containers: Vec<Container>,
    images: Vec<Image>,
    dockerfiles: Vec<Dockerfile>,
}

impl Bundle {
    /// An empty bundle.
    #[must_use]
    pub fn new() -> Self {
        Bundle::default()
    }

    /// A bundle of one JSON text named `input`.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let mut bundle = Bundle::new();
        bundle.add_json("input", json)?;
        Ok(bundle)
    }

    /// Adds a JSON text (one document, or an array of documents such as `docker inspect`
    /// prints), detecting each document's kind. Returns the number of subjects added.
    ///
    /// On error the bundle is unchanged.
    pub fn add_json(&mut self, source: &str, json: &str) -> Result<usize, Error> {
        self.add_text(source, None, json)
    }

    /// Adds a JSON text whose kind the caller states instead of having it detected.
    pub fn add_json_as(
        &mut self,
        source: &str,
        kind: DocumentKind,
        json: &str,
    ) -> Result<usize, Error> {
        self.add_text(source, Some(kind), json)
    }

    /// Adds an already-parsed JSON value (a document or an array of documents).
    pub fn add_value(&mut self, source: &str, value: &serde_json::Value) -> Result<usize, Error> {
        self.add_value_inner(source, None, value)
    }

    /// Adds an already-parsed JSON value of a stated kind.
    pub fn add_value_as(
        &mut self,
        source: &str,
        kind: DocumentKind,
        value: &serde_json::Value,
    ) -> Result<usize, Error> {
        self.add_value_inner(source, Some(kind), value)
    }

    /// Adds a container built by a caller or a converter (compose, OCI runtime config).
    pub fn add_container(&mut self, container: Container) {
        self.sources.push(SourceDocument {
            name: container.origin.source.clone(),
            kind: DocumentKind::Container,
            subjects: 1,
        });
        self.containers.push(container);
    }

    /// Adds a Dockerfile text named `source`. Returns the number of subjects added (one).
    ///
    /// On error (text that is not a Dockerfile) the bundle is unchanged; the error names the
    /// line.
    pub fn add_dockerfile(&mut self, source: &str, text: &str) -> Result<usize, Error> {
        let parsed = parse_text(DocumentKind::Dockerfile, text, source, String::new())?;
        Ok(self.commit(source, vec![parsed]))
    }

    /// The image subjects, in the order they were added.
    #[must_use]
    pub fn images(&self) -> &[Image] {
        &self.images
    }

    /// The Dockerfile subjects, in the order they were added.
    #[must_use]
    pub fn dockerfiles(&self) -> &[Dockerfile] {
        &self.dockerfiles
    }

    /// The documents added so far, in order.
    #[must_use]
    pub fn sources(&self) -> &[SourceDocument] {
        &self.sources
    }

    /// The container subjects, in the order they were added.
    #[must_use]
    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    /// How many subjects (of every kind) the bundle holds.
    #[must_use]
    pub fn subject_count(&self) -> usize {
        self.containers.len() + self.images.len() + self.dockerfiles.len()
    }

    /// Whether the bundle holds no subject at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.subject_count() == 0
    }

    /// Whether the bundle holds a document of `kind`.
    #[must_use]
    pub fn has(&self, kind: DocumentKind) -> bool {
        self.sources.iter().any(|s| s.kind == kind)
    }

    fn add_text(
        &mut self,
        source: &str,
        stated: Option<DocumentKind>,
        json: &str,
    ) -> Result<usize, Error> {
        let body = kind::strip_bom(json).trim_start();
        if body.is_empty() {
            return Err(
                Error::input(InputProblem::Empty, "the document is empty").in_source(source)
            );
        }
        let text_kind = match stated {
            Some(kind) => Some(kind),
            None if body.starts_with('[') || body.starts_with('{') => None,
            None => Some(detect_kind(json).map_err(|e| e.in_source(source))?),
        };
        if text_kind == Some(DocumentKind::Dockerfile) {
            // Parsed from the untrimmed text, so line numbers match the file.
            let parsed = parse_text(DocumentKind::Dockerfile, json, source, String::new())?;
            return Ok(self.commit(source, vec![parsed]));
        }
        let parsed = if body.starts_with('[') {
            let items: Vec<&RawValue> =
                serde_json::from_str(body).map_err(|e| Error::from_json(&e))?;
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let mut base = String::new();
                pointer::push_index(&mut base, index);
                let kind = match stated {
                    Some(kind) => kind,
                    None => detect_kind(item.get()).map_err(|e| e.under(&base))?,
                };
                out.push(parse_text(kind, item.get(), source, base)?);
            }
            out
        } else {
            let kind = match stated {
                Some(kind) => kind,
                None => detect_kind(body)?,
            };
            vec![parse_text(kind, body, source, String::new())?]
        };
        Ok(self.commit(source, parsed))
    }

    fn add_value_inner(
        &mut self,
        source: &str,
        stated: Option<DocumentKind>,
        value: &serde_json::Value,
    ) -> Result<usize, Error> {
        let parsed = if let serde_json::Value::Array(items) = value {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let mut base = String::new();
                pointer::push_index(&mut base, index);
                let kind = match stated {
                    Some(kind) => kind,
                    None => detect_value_kind(item).map_err(|e| e.under(&base))?,
                };
                out.push(parse_value(kind, item, source, base)?);
            }
            out
        } else {
            let kind = match stated {
                Some(kind) => kind,
                None => detect_value_kind(value).map_err(|e| e.in_source(source))?,
            };
            vec![parse_value(kind, value, source, String::new())?]
        };
        Ok(self.commit(source, parsed))
    }

    fn commit(&mut self, source: &str, parsed: Vec<Parsed>) -> usize {
        let count = parsed.len();
        let mut kinds: Vec<DocumentKind> = Vec::new();
        for doc in parsed {
            match doc {
                Parsed::Container(container) => {
                    kinds.push(DocumentKind::Container);
                    self.containers.push(*container);
                }
                Parsed::Image(image) => {
                    kinds.push(DocumentKind::Image);
                    self.images.push(*image);
                }
                Parsed::Dockerfile(file) => {
                    kinds.push(DocumentKind::Dockerfile);
                    self.dockerfiles.push(*file);
                }
            }
        }
        kinds.dedup();
        if kinds.is_empty() {
            // An empty array (`docker inspect` of nothing) is a container document of no subjects.
            kinds.push(DocumentKind::Container);
        }
        for kind in kinds {
            self.sources.push(SourceDocument {
                name: source.to_owned(),
                kind,
                subjects: count,
            });
        }
        count
    }
}

/// One parsed document.
enum Parsed {
    Container(Box<Container>),
    Image(Box<Image>),
    Dockerfile(Box<Dockerfile>),
}

fn parse_text(kind: DocumentKind, text: &str, source: &str, base: String) -> Result<Parsed, Error> {
    let fail = |e: Error| e.of_kind(kind).in_source(source);
    match kind {
        DocumentKind::Container => {
            let mut container: Container =
                typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            container.origin = Origin::json(source, base);
            Ok(Parsed::Container(Box::new(container)))
        }
        DocumentKind::Image => {
            let mut image: Image = typed_from_str(text).map_err(|e| fail(e.under(&base)))?;
            image.origin = Origin::json(source, base);
            Ok(Parsed::Image(Box::new(image)))
        }
        DocumentKind::Dockerfile => {
            let file = parse_dockerfile(text, source).map_err(fail)?;
            Ok(Parsed::Dockerfile(Box::new(file)))
        }
        other => Err(fail(unsupported(other))),
    }
}

fn parse_value(
    kind: DocumentKind,
    value: &serde_json::Value,
    source: &str,
    base: String,
) -> Result<Parsed, Error> {
    let fail = |e: Error| e.of_kind(kind).in_source(source);
    match kind {
        DocumentKind::Container => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut container: Container =
                typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            container.origin = Origin::json(source, base);
            Ok(Parsed::Container(Box::new(container)))
        }
        DocumentKind::Image => {
            if !value.is_object() {
                return Err(fail(wrong_shape(value).under(&base)));
            }
            let mut image: Image = typed_from_value(value).map_err(|e| fail(e.under(&base)))?;
            image.origin = Origin::json(source, base);
            Ok(Parsed::Image(Box::new(image)))
        }
        DocumentKind::Dockerfile => match value {
            serde_json::Value::String(text) => {
                let file = parse_dockerfile(text, source).map_err(fail)?;
                Ok(Parsed::Dockerfile(Box::new(file)))
            }
            other => Err(fail(Error::input(
                InputProblem::Type,
                format!(
                    "a Dockerfile is text, found {}",
                    kind::json_type_name(other)
                ),
            ))),
        },
        other => Err(fail(unsupported(other))),
    }
}

fn unsupported(kind: DocumentKind) -> Error {
    Error::input(
        InputProblem::UnsupportedKind,
        format!("{kind} documents are recognised but not evaluated by this version of hullcheck"),
    )
}

fn wrong_shape(value: &serde_json::Value) -> Error {
    Error::input(
        InputProblem::Type,
        format!("expected an object, found {}", kind::json_type_name(value)),
    )
}

/// Parses `text` into `T`. On a type error, parses again while tracking the path, so the error
/// names the JSON pointer of the offending value; the happy path pays nothing for that.
pub(crate) fn typed_from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    match serde_json::from_str::<T>(text) {
        Ok(value) => Ok(value),
        Err(err) if err.classify() == serde_json::error::Category::Data => {
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(_) => Err(Error::from_json(&err)),
                Err(tracked) => {
                    let ptr = path_to_pointer(tracked.path());
                    Err(Error::from_json(tracked.inner()).under(&ptr))
                }
            }
        }
        Err(err) => Err(Error::from_json(&err)),
    }
}

/// Deserializes an already-parsed value into `T`, naming the pointer of a mistyped value.
pub(crate) fn typed_from_value<'de, T: Deserialize<'de>>(
    value: &'de serde_json::Value,
) -> Result<T, Error> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|tracked| {
        let ptr = path_to_pointer(tracked.path());
        Error::from_json(tracked.inner()).under(&ptr)
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer::push_index(&mut out, *index),
            serde_path_to_error::Segment::Map { key } => pointer::push_token(&mut out, key),
            serde_path_to_error::Segment::Enum { variant } => {
                pointer::push_token(&mut out, variant);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}
