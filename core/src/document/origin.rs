//! Where a subject's values came from.

use std::collections::BTreeMap;

use crate::location::Location;

/// The source of a subject: which document, where in it, and (for text formats such as compose
/// files) the line and column of each field.
///
/// Rules name the values they read by their Engine API path (`/HostConfig/Privileged`); the
/// origin turns that path into a location in the document the caller handed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The caller's name for the document (a path, `-`, `input`).
    pub source: String,
    /// Pointer of the subject inside its document (`/1` for the second element of an array).
    pub base_pointer: String,
    /// For text documents: line and column of each field, keyed by Engine API path. A path
    /// without an entry resolves to its nearest recorded ancestor.
    pub positions: BTreeMap<String, (u32, u32)>,
}

impl Origin {
    /// An origin for a JSON document (or an element of one).
    #[must_use]
    pub fn json(source: &str, base_pointer: String) -> Self {
        Origin {
            source: source.to_owned(),
            base_pointer,
            positions: BTreeMap::new(),
        }
    }

    /// The location of the value at `field` (an Engine API path relative to the subject).
    #[must_use]
    pub fn locate(&self, field: &str) -> Location {
        if self.positions.is_empty() {
            return Location {
                source: self.source.clone(),
                pointer: Some(format!("{}{field}", self.base_pointer)),
                line: None,
                column: None,
            };
        }
        let mut path = field;
        loop {
            if let Some(&(line, column)) = self.positions.get(path) {
                return Location {
                    source: self.source.clone(),
                    pointer: None,
                    line: Some(line),
                    column: Some(column),
                };
            }
            match path.rfind('/') {
                Some(0) | None => break,
                Some(cut) => path = &path[..cut],
            }
        }
        Location {
            source: self.source.clone(),
            pointer: None,
            line: self.positions.get("").map(|p| p.0),
            column: self.positions.get("").map(|p| p.1),
        }
    }
}
