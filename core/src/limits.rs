//! Input limits: how big, deep and wide a document may be before hullcheck refuses it.
//!
//! hullcheck reads documents from hosts it does not trust. Every limit is checked before the
//! document is parsed (a JSON text is scanned once, byte by byte, with memory bounded by the
//! depth limit), so an oversized input costs at most one pass over the bytes up to the point
//! where it crosses a limit, and never a deep recursion or a huge allocation.

use std::fmt;

/// How deep arrays and objects (YAML sequences and mappings) may nest: the one nesting limit,
/// whichever way a document arrives. It is the default [`Limits::max_depth`] for JSON text and
/// parsed values, the depth of [`Limits::POLICY`] (policies and label schemas, JSON or YAML),
/// the bound the compose YAML reader holds a file to (as written and as its aliases expand it),
/// and the bound the Python and Node bindings hold a parsed object to while converting it. A
/// JSON array of documents counts as one level; a scalar counts as none. A bundle given other
/// [`Limits`] holds JSON to its own `max_depth`; the YAML reader and the bindings keep this one.
///
/// 64 is far above any real document (those in the test corpus nest fewer than 12 levels) and
/// low enough that the recursive code reading a tree or converting an object cannot exhaust
/// the stack.
pub const MAX_NESTING: usize = 64;

/// Which limit an input crossed; the stable ids are shared by every binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_document_bytes`].
    DocumentBytes,
    /// [`Limits::max_depth`].
    Depth,
    /// [`Limits::max_string_bytes`].
    StringBytes,
    /// [`Limits::max_items`].
    Items,
    /// [`Limits::max_documents`].
    Documents,
}

impl Limit {
    /// A stable identifier: `document_bytes`, `depth`, `string_bytes`, `items` or `documents`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "document_bytes",
            Limit::Depth => "depth",
            Limit::StringBytes => "string_bytes",
            Limit::Items => "items",
            Limit::Documents => "documents",
        }
    }

    /// What the limit bounds, for messages.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Limit::DocumentBytes => "document size in bytes",
            Limit::Depth => "nesting depth",
            Limit::StringBytes => "string length in bytes",
            Limit::Items => "members of one array or object",
            Limit::Documents => "documents in one bundle",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The limits a [`Bundle`](crate::Bundle) enforces on the documents added to it.
///
/// The defaults are far above any real `docker inspect`, `docker info`, image, daemon.json,
/// seccomp profile, compose file or Dockerfile (the largest documents in the test corpus are a
/// few hundred kilobytes, nest fewer than 12 levels and have arrays of a few hundred members),
/// and low enough that one hostile document cannot exhaust a process. Override them with
/// [`Bundle::with_limits`](crate::Bundle::with_limits):
///
/// ```
/// use hullcheck::{Bundle, Limits};
/// let limits = Limits { max_document_bytes: 1 << 20, ..Limits::default() };
/// let bundle = Bundle::new().with_limits(limits);
/// assert_eq!(bundle.limits().max_document_bytes, 1 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Largest document text, in bytes (default 64 MiB).
    pub max_document_bytes: usize,
    /// Deepest nesting of arrays and objects in a JSON document (default [`MAX_NESTING`], 64;
    /// a JSON array of documents counts as one level).
    pub max_depth: usize,
    /// Longest string (or object key) in a JSON document, in bytes as written, escapes
    /// included (default 8 MiB: an inline seccomp profile in a `SecurityOpt` entry is a string).
    pub max_string_bytes: usize,
    /// Most members of one array or object inside a document (default 1,000,000).
    pub max_items: usize,
    /// Most documents one bundle may hold, counting each element of an array of documents
    /// and each compose service (default 100,000).
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 64 << 20,
            max_depth: MAX_NESTING,
            max_string_bytes: 8 << 20,
            max_items: 1_000_000,
            max_documents: 100_000,
        }
    }
}

/// A crossed limit, before it becomes an [`Error`](crate::Error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exceeded {
    pub(crate) limit: Limit,
    pub(crate) value: usize,
    pub(crate) max: usize,
}

impl Exceeded {
    pub(crate) fn into_error(self) -> crate::Error {
        crate::Error::LimitExceeded {
            limit: self.limit,
            value: self.value,
            max: self.max,
            source_name: None,
        }
    }
}

fn check(limit: Limit, value: usize, max: usize) -> Result<(), Exceeded> {
    if value > max {
        Err(Exceeded { limit, value, max })
    } else {
        Ok(())
    }
}

impl Limits {
    /// The limits on policy and label-schema text, which are checked like a document before
    /// they are read: 16 MiB, [`MAX_NESTING`] (64) levels, strings of 1 MiB, 100,000 members
    /// per array or object (a YAML policy is held to the same depth and node count by its
    /// reader).
    pub const POLICY: Limits = Limits {
        max_document_bytes: 16 << 20,
        max_depth: MAX_NESTING,
        max_string_bytes: 1 << 20,
        max_items: 100_000,
        max_documents: 1,
    };

    /// Checks a policy or label-schema text named `name` (JSON is scanned in full, YAML is
    /// checked for size; its reader counts nodes and depth itself).
    pub(crate) fn check_policy_text(
        text: &str,
        json: bool,
        name: &str,
    ) -> Result<(), crate::Error> {
        let checked = if json {
            Limits::POLICY.check_json_text(text, 0)
        } else {
            Limits::POLICY.check_text_size(text)
        };
        checked.map_err(|exceeded| exceeded.into_error().in_source(name))
    }

    /// Checks the size of any document text (JSON, YAML or Dockerfile).
    pub(crate) fn check_text_size(&self, text: &str) -> Result<(), Exceeded> {
        check(Limit::DocumentBytes, text.len(), self.max_document_bytes)
    }

    /// Checks that `held` documents plus `adding` more fit in one bundle.
    pub(crate) fn check_documents(&self, held: usize, adding: usize) -> Result<(), Exceeded> {
        check(
            Limit::Documents,
            held.saturating_add(adding),
            self.max_documents,
        )
    }

    /// Scans a JSON text once and checks every limit on it, without parsing it. `held` is the
    /// number of documents the bundle already holds: when the text is an array, each element
    /// is a document. The scan stops at the first crossed limit, so `value` is then the first
    /// value past the maximum rather than the document's total.
    ///
    /// The scan does not validate JSON syntax (the parser that runs next does); it only counts
    /// brackets, commas and string bytes outside and inside strings.
    pub(crate) fn check_json_text(&self, text: &str, held: usize) -> Result<(), Exceeded> {
        self.check_text_size(text)?;
        // One entry per open array/object: (is array, members so far).
        let mut open: Vec<(bool, usize)> = Vec::new();
        let mut fresh = false; // the innermost container was just opened (no member yet)
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            at += 1;
            if byte.is_ascii_whitespace() {
                // Indentation comes in runs: skip the run in a tight loop.
                while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                    at += 1;
                }
                continue;
            }
            if fresh && byte != b']' && byte != b'}' {
                // The first member of the innermost container begins.
                fresh = false;
                if let Some(top) = open.last_mut() {
                    top.1 = 1;
                }
                self.check_members(&open, held)?;
            }
            match byte {
                b'"' => at = self.skip_string(bytes, at)?,
                b'[' | b'{' => {
                    check(Limit::Depth, open.len() + 1, self.max_depth)?;
                    open.push((byte == b'[', 0));
                    fresh = true;
                }
                b']' | b'}' => {
                    open.pop();
                    fresh = false;
                }
                b',' => {
                    if let Some(top) = open.last_mut() {
                        top.1 = top.1.saturating_add(1);
                    }
                    self.check_members(&open, held)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Skips the string whose contents start at `start` (just past its opening quote) and
    /// checks its length as written; returns the position past its closing quote (or the end
    /// of an unterminated string). Jumps from one quote or backslash to the next, so string
    /// contents, most of a JSON text, cost a `memchr` rather than a step per byte. A string
    /// longer than the limit stops the scan at the limit, reported as the first value past it.
    fn skip_string(&self, bytes: &[u8], start: usize) -> Result<usize, Exceeded> {
        let too_long = || Exceeded {
            limit: Limit::StringBytes,
            value: self.max_string_bytes.saturating_add(1),
            max: self.max_string_bytes,
        };
        let mut pos = start;
        loop {
            let rest = bytes.get(pos..).unwrap_or_default();
            let Some(offset) = memchr::memchr2(b'"', b'\\', rest) else {
                return if bytes.len() - start > self.max_string_bytes {
                    Err(too_long())
                } else {
                    Ok(bytes.len())
                };
            };
            let found = pos + offset;
            if found - start > self.max_string_bytes {
                return Err(too_long());
            }
            if bytes.get(found) == Some(&b'"') {
                return Ok(found + 1);
            }
            // A backslash: the next byte is escaped, whatever it is.
            pos = found + 2;
        }
    }

    /// Checks the member count of the innermost open container; the members of a top-level
    /// array are documents.
    fn check_members(&self, open: &[(bool, usize)], held: usize) -> Result<(), Exceeded> {
        match open {
            [(true, count)] => self.check_documents(held, *count),
            [.., (_, count)] => check(Limit::Items, *count, self.max_items),
            [] => Ok(()),
        }
    }

    /// Checks an already-parsed value, without recursion (a caller may build a value deeper
    /// than any parser would).
    pub(crate) fn check_value(
        &self,
        value: &serde_json::Value,
        held: usize,
    ) -> Result<(), Exceeded> {
        if let serde_json::Value::Array(items) = value {
            self.check_documents(held, items.len())?;
        }
        let mut pending: Vec<(&serde_json::Value, usize)> = vec![(value, 0)];
        while let Some((value, depth)) = pending.pop() {
            match value {
                serde_json::Value::String(s) => {
                    check(Limit::StringBytes, s.len(), self.max_string_bytes)?;
                }
                serde_json::Value::Array(items) => {
                    check(Limit::Depth, depth + 1, self.max_depth)?;
                    if depth > 0 {
                        check(Limit::Items, items.len(), self.max_items)?;
                    }
                    pending.extend(items.iter().map(|item| (item, depth + 1)));
                }
                serde_json::Value::Object(members) => {
                    check(Limit::Depth, depth + 1, self.max_depth)?;
                    check(Limit::Items, members.len(), self.max_items)?;
                    for (key, member) in members {
                        check(Limit::StringBytes, key.len(), self.max_string_bytes)?;
                        pending.push((member, depth + 1));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            max_document_bytes: 1000,
            max_depth: 3,
            max_string_bytes: 5,
            max_items: 3,
            max_documents: 2,
        }
    }

    fn crossed(text: &str) -> Option<Limit> {
        small().check_json_text(text, 0).err().map(|e| e.limit)
    }

    #[test]
    fn counts_depth_items_strings_and_documents() {
        assert_eq!(crossed(r#"{"a": {"b": [1, 2, 3]}}"#), None);
        assert_eq!(crossed(r#"{"a": {"b": [[1]]}}"#), Some(Limit::Depth));
        assert_eq!(crossed(r#"{"a": [1, 2, 3, 4]}"#), Some(Limit::Items));
        assert_eq!(crossed(r#"{"a": "123456"}"#), Some(Limit::StringBytes));
        assert_eq!(crossed(r#"{"123456": 1}"#), Some(Limit::StringBytes));
        assert_eq!(crossed(r"[{}, {}]"), None);
        assert_eq!(crossed(r"[{}, {}, {}]"), Some(Limit::Documents));
        assert_eq!(crossed(&" ".repeat(1001)), Some(Limit::DocumentBytes));
    }

    #[test]
    fn brackets_and_commas_inside_strings_do_not_count() {
        assert_eq!(crossed(r#"{"a": "[[[,"}"#), None);
        assert_eq!(crossed(r#"{"a": "\"[[["}"#), None);
        assert_eq!(crossed(r#"{"a": [], "b": {}, "c": 1}"#), None);
        assert_eq!(
            crossed(r#"{"a": 1, "b": 2, "c": 3, "d": 4}"#),
            Some(Limit::Items)
        );
    }

    #[test]
    fn held_documents_count() {
        assert_eq!(small().check_json_text("[{}]", 1).err(), None);
        assert_eq!(
            small().check_json_text("[{}, {}]", 1).err(),
            Some(Exceeded {
                limit: Limit::Documents,
                value: 3,
                max: 2
            })
        );
    }

    #[test]
    fn values_are_checked_like_text() {
        let check = |v: serde_json::Value| small().check_value(&v, 0).err().map(|e| e.limit);
        assert_eq!(check(serde_json::json!({"a": {"b": [1, 2, 3]}})), None);
        assert_eq!(
            check(serde_json::json!({"a": {"b": [[1]]}})),
            Some(Limit::Depth)
        );
        assert_eq!(
            check(serde_json::json!({"a": [1, 2, 3, 4]})),
            Some(Limit::Items)
        );
        assert_eq!(
            check(serde_json::json!({"a": "123456"})),
            Some(Limit::StringBytes)
        );
        assert_eq!(
            check(serde_json::json!([{}, {}, {}])),
            Some(Limit::Documents)
        );
    }
}
