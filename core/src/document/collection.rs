//! Saved collections: every document a collector read from one host, in one JSON object.
//!
//! A collector (the `hullcheck collect` command, `hullcheck.collect_docker()` in Python,
//! `collectDocker()` in Node) talks to a live engine and host; the core never does. What it
//! gathers is plain data in this shape, so it can be stored, shipped and evaluated later by any
//! of the three languages with the same answer:
//!
//! ```json
//! {
//!   "hullcheck_collection": 1,
//!   "collected_at": "2026-12-02T06:00:00Z",
//!   "collector": "hullcheck 0.1.0",
//!   "endpoint": "unix:///var/run/docker.sock",
//!   "documents": [
//!     {"source": "docker:/containers/4f2a/json", "kind": "container", "document": {"Id": "4f2a"}},
//!     {"source": "docker:/info", "kind": "daemon_info", "document": {"ServerVersion": "20.10.24"}}
//!   ],
//!   "notes": [{"message": "container 9b1c disappeared during collection; skipped"}]
//! }
//! ```
//!
//! `hullcheck_collection` is the format version; an object with that top-level key is a
//! collection, wherever the key stands. A bundle reads a collection wherever it
//! reads JSON (`Bundle::add_json`, `Bundle::add_value`): each document is added under its own
//! source with its stated kind, and the notes become input diagnostics of the report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::DocumentKind;

/// The key that marks a collection; its value is the format version.
pub const COLLECTION_KEY: &str = "hullcheck_collection";

/// The collection format version this crate writes and reads.
pub const COLLECTION_VERSION: u32 = 1;

/// Every document a collector read from one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Collection {
    /// The format version (1). Written first.
    pub hullcheck_collection: u32,
    /// When the collection was made (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    /// What made it (`hullcheck 0.1.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collector: Option<String>,
    /// The engine endpoint it read (`unix:///var/run/docker.sock`, `tcp://host:2376`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The documents, each with its source and kind.
    #[serde(default)]
    pub documents: Vec<CollectedDocument>,
    /// What the collector could not read, or left out, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<CollectionNote>,
}

/// One document of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectedDocument {
    /// Where it came from (`docker:/containers/{id}/json`, `/etc/docker/daemon.json`).
    pub source: String,
    /// Its kind, as the collector knows it (never guessed from the shape).
    pub kind: DocumentKind,
    /// The document as the engine or the host gave it: JSON, or a string for text kinds
    /// (a Dockerfile).
    pub document: serde_json::Value,
}

/// Something a collector could not read, or left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CollectionNote {
    /// A sentence for people.
    pub message: String,
    /// The source it concerns, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Collection {
    /// An empty collection of the current format version.
    #[must_use]
    pub fn new() -> Self {
        Collection {
            hullcheck_collection: COLLECTION_VERSION,
            collected_at: None,
            collector: None,
            endpoint: None,
            documents: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a document of a known kind.
    pub fn push(
        &mut self,
        source: impl Into<String>,
        kind: DocumentKind,
        document: serde_json::Value,
    ) {
        self.documents.push(CollectedDocument {
            source: source.into(),
            kind,
            document,
        });
    }

    /// Records something the collector could not read or left out.
    pub fn note(&mut self, source: Option<&str>, message: impl Into<String>) {
        self.notes.push(CollectionNote {
            message: message.into(),
            source: source.map(str::to_owned),
        });
    }

    /// The collection as pretty-printed JSON (the `hullcheck collect` output).
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        // A struct of strings, kinds and JSON values always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Default for Collection {
    fn default() -> Self {
        Collection::new()
    }
}

/// Whether a JSON value is a collection (an object with the `hullcheck_collection` key).
pub(crate) fn is_collection_value(value: &serde_json::Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.contains_key(COLLECTION_KEY))
}
