//! Lines and columns of JSON values named by pointers, for the findings only.
//!
//! Parsing keeps no positions (that would slow every document down for the few values a
//! finding names). A caller that still has the text, such as the `hullcheck` command, asks for
//! the positions of the findings' pointers afterwards: one pass over the text, which follows
//! the current pointer and records the start of each wanted value, and skips nothing else.

use std::collections::HashMap;

use super::{Finding, Report};
use crate::pointer;

/// A 1-based line and column (in characters) of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// Where the values named by `pointers` start in the JSON `text`, in the order of `pointers`
/// (`None` for a pointer that names no value). Malformed text gives the positions found
/// before the point where it breaks.
#[must_use]
pub fn locate_pointers(text: &str, pointers: &[&str]) -> Vec<Option<TextPosition>> {
    let mut wanted: HashMap<&str, Option<TextPosition>> =
        pointers.iter().map(|p| (*p, None)).collect();
    Scanner::new(text).run(&mut wanted);
    pointers
        .iter()
        .map(|p| wanted.get(p).copied().flatten())
        .collect()
}

impl Report {
    /// Gives every finding (reported or waived) on the JSON document `source` that has a
    /// pointer but no line the line and column of the value it points at in `text`, the text
    /// the document was read from. `first_line` is the line of `text` in the file it came
    /// from (1 when the file holds only this document), so lines count from the file's start.
    pub fn locate(&mut self, source: &str, text: &str, first_line: u32) {
        let on_source = |f: &Finding| {
            f.location.source == source && f.location.line.is_none() && f.location.pointer.is_some()
        };
        let pointers: Vec<String> = self
            .findings
            .iter()
            .chain(self.suppressed.iter().map(|s| &s.finding))
            .filter(|f| on_source(f))
            .filter_map(|f| f.location.pointer.clone())
            .collect();
        if pointers.is_empty() {
            return;
        }
        let borrowed: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let found: HashMap<&str, TextPosition> = borrowed
            .iter()
            .zip(locate_pointers(text, &borrowed))
            .filter_map(|(p, position)| position.map(|at| (*p, at)))
            .collect();
        let offset = first_line.saturating_sub(1);
        let findings = self
            .findings
            .iter_mut()
            .chain(self.suppressed.iter_mut().map(|s| &mut s.finding));
        for finding in findings {
            if !on_source(finding) {
                continue;
            }
            let at = finding
                .location
                .pointer
                .as_deref()
                .and_then(|p| found.get(p));
            if let Some(at) = at {
                finding.location.line = Some(at.line.saturating_add(offset));
                finding.location.column = Some(at.column);
            }
        }
    }
}

/// What the scanner is inside of.
enum Frame {
    /// An object; the pointer's length before its members' tokens.
    Object { base: usize },
    /// An array, the index of the current element.
    Array { base: usize, index: usize },
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: u32,
    line_start: usize,
    /// The pointer of the value being read.
    path: String,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            path: String::new(),
        }
    }

    fn run(&mut self, wanted: &mut HashMap<&str, Option<TextPosition>>) {
        let mut remaining = wanted.len();
        let mut stack: Vec<Frame> = Vec::new();
        if self.bytes.starts_with("\u{feff}".as_bytes()) {
            self.at = 3;
            self.line_start = 3;
        }
        loop {
            // A value starts here.
            self.skip_space();
            let starts_value = self
                .peek()
                .is_some_and(|b| !matches!(b, b',' | b':' | b']' | b'}'));
            if starts_value
                && let Some(slot) = wanted.get_mut(self.path.as_str())
                && slot.is_none()
            {
                *slot = Some(self.position());
                remaining -= 1;
                if remaining == 0 {
                    return;
                }
            }
            match self.peek() {
                Some(b'{') => {
                    self.at += 1;
                    stack.push(Frame::Object {
                        base: self.path.len(),
                    });
                    self.skip_space();
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                        stack.pop();
                    } else if !self.member_key() {
                        return;
                    } else {
                        continue;
                    }
                }
                Some(b'[') => {
                    self.at += 1;
                    stack.push(Frame::Array {
                        base: self.path.len(),
                        index: 0,
                    });
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.at += 1;
                        stack.pop();
                    } else {
                        pointer::push_index(&mut self.path, 0);
                        continue;
                    }
                }
                Some(b'"') => {
                    if self.skip_string().is_none() {
                        return;
                    }
                }
                Some(_) => self.skip_scalar(),
                None => return,
            }
            // After a value: close containers until one has another member.
            if !self.next_member(&mut stack) {
                return;
            }
        }
    }

    /// Moves to the next member of the innermost container, closing finished ones. False when
    /// the text ends or breaks.
    fn next_member(&mut self, stack: &mut Vec<Frame>) -> bool {
        loop {
            self.skip_space();
            let separator = self.peek();
            match stack.last_mut() {
                None => return false,
                Some(Frame::Object { base }) => {
                    self.path.truncate(*base);
                    match separator {
                        Some(b',') => {
                            self.at += 1;
                            self.skip_space();
                            return self.member_key();
                        }
                        Some(b'}') => {
                            self.at += 1;
                            stack.pop();
                        }
                        _ => return false,
                    }
                }
                Some(Frame::Array { base, index }) => {
                    self.path.truncate(*base);
                    match separator {
                        Some(b',') => {
                            self.at += 1;
                            *index += 1;
                            pointer::push_index(&mut self.path, *index);
                            return true;
                        }
                        Some(b']') => {
                            self.at += 1;
                            stack.pop();
                        }
                        _ => return false,
                    }
                }
            }
        }
    }

    /// Reads `"key":` and adds the key to the pointer. False when the text breaks.
    fn member_key(&mut self) -> bool {
        if self.peek() != Some(b'"') {
            return false;
        }
        let start = self.at;
        let Some(escaped) = self.skip_string() else {
            return false;
        };
        let raw = &self.text[start + 1..self.at - 1];
        if escaped {
            match serde_json::from_str::<String>(&self.text[start..self.at]) {
                Ok(key) => pointer::push_token(&mut self.path, &key),
                Err(_) => return false,
            }
        } else {
            pointer::push_token(&mut self.path, raw);
        }
        self.skip_space();
        if self.peek() != Some(b':') {
            return false;
        }
        self.at += 1;
        true
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn position(&self) -> TextPosition {
        let column = self
            .text
            .get(self.line_start..self.at)
            .map_or(0, |s| s.chars().count());
        TextPosition {
            line: self.line,
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.at += 1;
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.at;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => return,
            }
        }
    }

    /// Skips a string starting at its opening quote; tells whether it held an escape. `None`
    /// when it does not end.
    fn skip_string(&mut self) -> Option<bool> {
        let rest = self.bytes.get(self.at + 1..)?;
        let mut escaped = false;
        let mut i = 0;
        while let Some(offset) = memchr::memchr2(b'"', b'\\', rest.get(i..)?) {
            i += offset;
            if rest.get(i) == Some(&b'\\') {
                escaped = true;
                i += 2;
            } else {
                self.at += 1 + i + 1;
                return Some(escaped);
            }
        }
        None
    }

    fn skip_scalar(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                return;
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod tests {
    use super::*;

    #[allow(
        clippy::unnecessary_wraps,
        reason = "compared with what locate_pointers returns"
    )]
    fn at(line: u32, column: u32) -> Option<TextPosition> {
        Some(TextPosition { line, column })
    }

    #[test]
    fn values_are_found_by_pointer_in_nested_objects_and_arrays() {
        let text = "[\n  {\n    \"Id\": \"a\",\n    \"HostConfig\": {\"Privileged\": true,\n      \"Binds\": [\"/x:/y\", \"/etc:/etc\"]}\n  }\n]\n";
        let found = locate_pointers(
            text,
            &[
                "/0/HostConfig/Privileged",
                "/0/HostConfig/Binds/1",
                "/0/Id",
                "",
                "/1",
                "/0/Nope",
            ],
        );
        assert_eq!(
            found,
            [at(4, 34), at(5, 26), at(3, 11), at(1, 1), None, None]
        );
    }

    #[test]
    fn escaped_keys_and_strings_do_not_confuse_the_walk() {
        let text = r#"{"a/b": {"t~x": "q\"}]", "n\u0041me": [1, {"k": null}]}}"#;
        let found = locate_pointers(text, &["/a~1b/t~0x", "/a~1b/nAme/1/k"]);
        assert_eq!(found, [at(1, 17), at(1, 49)]);
    }

    #[test]
    fn broken_text_gives_what_came_before_and_never_panics() {
        let found = locate_pointers("{\"a\": 1, \"b\": [2, ", &["/a", "/b/1", "/b/2"]);
        assert_eq!(found, [at(1, 7), None, None]);
        for text in [
            "",
            "{",
            "[",
            "\"",
            "{\"a\"",
            "{\"a\" 1}",
            "]]]",
            "{\"\\",
            "\u{feff}{\"a\":1}",
        ] {
            let _ = locate_pointers(text, &["/a", ""]);
        }
        assert_eq!(locate_pointers("\u{feff}{\"a\":1}", &["/a"]), [at(1, 6)]);
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": {\"x\": 1}}";
        assert_eq!(locate_pointers(text, &["/é/x"]), [at(1, 13)]);
    }
}
