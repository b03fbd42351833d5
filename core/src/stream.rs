//! Evaluating a stream of documents one at a time, and many bundles across threads.
//!
//! The core does no IO, so a stream is whatever iterator the caller builds over its own reader:
//! lines for NDJSON ([`evaluate_ndjson`]), or chunks of text for one JSON array of documents
//! ([`evaluate_json_array`]). Each document becomes its own one-document [`Bundle`] and its own
//! [`Report`]; memory is bounded by the largest single document (and the array splitter's one
//! chunk of look-ahead), never by the length of the stream. Rules that need several documents
//! of one host together (a container and its daemon) need a [`Bundle`]; a stream is for fleets
//! of independent documents.
//!
//! ```
//! use hullcheck::{Engine, stream};
//! let lines = [
//!     r#"{"Id": "a", "Name": "/a", "HostConfig": {"Privileged": true}}"#,
//!     "",
//!     r#"{"Id": "b", "Name": "/b", "HostConfig": {}}"#,
//! ];
//! let engine = Engine::default();
//! let reports: Vec<_> = stream::evaluate_ndjson(&engine, "fleet.ndjson", lines, None).collect();
//! assert_eq!(reports.len(), 2);
//! assert!(!reports[0].as_ref().unwrap().passed);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::limits::Limits;
use crate::{Bundle, Engine, Error, InputProblem, Report, Timestamp};

/// Evaluates one document per line. Blank lines are skipped; a line that is not a document
/// yields its error (its source is `<source>:<line>`) and the stream goes on with the next line.
pub fn evaluate_ndjson<'e, I>(
    engine: &'e Engine,
    source: &str,
    lines: I,
    now: Option<Timestamp>,
) -> NdjsonReports<'e, I::IntoIter>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    NdjsonReports {
        engine,
        source: source.to_owned(),
        lines: lines.into_iter(),
        line: 0,
        now,
        limits: Limits::default(),
    }
}

/// The reports of an NDJSON stream, in line order (see [`evaluate_ndjson`]).
#[derive(Debug)]
pub struct NdjsonReports<'e, I> {
    engine: &'e Engine,
    source: String,
    lines: I,
    line: usize,
    now: Option<Timestamp>,
    limits: Limits,
}

impl<I> NdjsonReports<'_, I> {
    /// Applies `limits` to every document of the stream (the document count applies to each
    /// one-document bundle, so only the size, depth, string and member limits matter).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

impl<I> Iterator for NdjsonReports<'_, I>
where
    I: Iterator,
    I::Item: AsRef<str>,
{
    type Item = Result<Report, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = self.lines.next()?;
            self.line += 1;
            let text = line.as_ref();
            if text.trim().is_empty() {
                continue;
            }
            let name = format!("{}:{}", self.source, self.line);
            return Some(evaluate_one(
                self.engine,
                self.limits,
                &name,
                text,
                self.now,
            ));
        }
    }
}

fn evaluate_one(
    engine: &Engine,
    limits: Limits,
    name: &str,
    text: &str,
    now: Option<Timestamp>,
) -> Result<Report, Error> {
    let mut bundle = Bundle::new().with_limits(limits);
    bundle.add_json(name, text)?;
    Ok(engine.evaluate(&bundle, now))
}

/// Evaluates each element of one JSON array of documents (as `docker inspect` prints), read
/// from `chunks` of text split anywhere. Element `i` is named `<source>[i]`. An element that is
/// not a document yields its error and the stream goes on; text that is not a JSON array, or an
/// element larger than [`Limits::max_document_bytes`], ends the stream with an error.
pub fn evaluate_json_array<'e, I>(
    engine: &'e Engine,
    source: &str,
    chunks: I,
    now: Option<Timestamp>,
) -> ArrayReports<'e, I::IntoIter>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    ArrayReports {
        engine,
        source: source.to_owned(),
        splitter: ArraySplitter::new(chunks.into_iter(), Limits::default().max_document_bytes),
        now,
        limits: Limits::default(),
    }
}

/// The reports of the elements of a streamed JSON array (see [`evaluate_json_array`]).
#[derive(Debug)]
pub struct ArrayReports<'e, I> {
    engine: &'e Engine,
    source: String,
    splitter: ArraySplitter<I>,
    now: Option<Timestamp>,
    limits: Limits,
}

impl<I> ArrayReports<'_, I> {
    /// Applies `limits` to every element (and bounds an element's size while it is read).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self.splitter.max_element = limits.max_document_bytes;
        self
    }
}

impl<I> Iterator for ArrayReports<'_, I>
where
    I: Iterator,
    I::Item: AsRef<str>,
{
    type Item = Result<Report, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let (index, element) = match self.splitter.next()? {
            Ok(found) => found,
            Err(e) => return Some(Err(e.in_source(&self.source))),
        };
        let name = format!("{}[{index}]", self.source);
        Some(evaluate_one(
            self.engine,
            self.limits,
            &name,
            &element,
            self.now,
        ))
    }
}

/// Where the splitter is in the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Before,
    /// Inside the array, between elements.
    Between,
    /// Inside an element.
    Element,
    /// After the closing `]`.
    After,
    /// An error was reported; nothing more comes.
    Done,
}

/// Splits the text of one JSON array, arriving in chunks, into the texts of its elements. It
/// tracks strings and nesting only; each element is parsed (and checked) as a document later.
#[derive(Debug)]
struct ArraySplitter<I> {
    chunks: I,
    /// Text not yet handed out: the current element so far plus unread input.
    buf: String,
    /// How far `buf` has been scanned.
    pos: usize,
    state: State,
    /// Nesting inside the current element.
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Between `[` or `,` and the next element.
    need_element: bool,
    index: usize,
    max_element: usize,
}

fn syntax(message: &str) -> Error {
    Error::input(InputProblem::Syntax, message)
}

impl<I> ArraySplitter<I>
where
    I: Iterator,
    I::Item: AsRef<str>,
{
    fn new(chunks: I, max_element: usize) -> Self {
        ArraySplitter {
            chunks,
            buf: String::new(),
            pos: 0,
            state: State::Before,
            depth: 0,
            in_string: false,
            escaped: false,
            need_element: true,
            index: 0,
            max_element,
        }
    }

    fn fail(&mut self, error: Error) -> Result<(usize, String), Error> {
        self.state = State::Done;
        self.buf = String::new();
        Err(error)
    }

    fn next(&mut self) -> Option<Result<(usize, String), Error>> {
        loop {
            if self.state == State::Done {
                return None;
            }
            if self.state == State::Before && self.buf.starts_with('\u{feff}') {
                self.consume('\u{feff}'.len_utf8());
            }
            // Scan what is buffered.
            while let Some(&byte) = self.buf.as_bytes().get(self.pos) {
                let at = self.pos;
                self.pos += 1;
                match self.state {
                    State::Before | State::After => {
                        if byte.is_ascii_whitespace() {
                            continue;
                        }
                        if self.state == State::Before && byte == b'[' {
                            self.state = State::Between;
                            self.consume(self.pos);
                            continue;
                        }
                        let message = if self.state == State::Before {
                            "a JSON array stream must start with `[`"
                        } else {
                            "text after the end of the JSON array"
                        };
                        return Some(self.fail(syntax(message)));
                    }
                    State::Between => {
                        if byte.is_ascii_whitespace() {
                            continue;
                        }
                        let need = self.need_element;
                        match byte {
                            // `]` right after `[`, or after an element.
                            b']' if !need || self.index == 0 => {
                                self.state = State::After;
                                self.consume(self.pos);
                            }
                            b',' if !need => {
                                self.need_element = true;
                                self.consume(self.pos);
                            }
                            b']' | b',' => {
                                return Some(
                                    self.fail(syntax("an empty element in the JSON array")),
                                );
                            }
                            _ if !need => {
                                return Some(
                                    self.fail(syntax("expected `,` or `]` after an element")),
                                );
                            }
                            _ => {
                                // The element starts here; rescan its first byte.
                                self.consume(at);
                                self.pos = 0;
                                self.state = State::Element;
                                self.need_element = false;
                            }
                        }
                    }
                    State::Element => {
                        if let Some(found) = self.element_byte(byte, at) {
                            return Some(Ok(found));
                        }
                    }
                    State::Done => return None,
                }
            }
            if self.state == State::Element && self.buf.len() > self.max_element {
                let err = Error::LimitExceeded {
                    limit: crate::Limit::DocumentBytes,
                    value: self.buf.len(),
                    max: self.max_element,
                    source_name: None,
                };
                return Some(self.fail(err));
            }
            // Need more text.
            if let Some(chunk) = self.chunks.next() {
                self.buf.push_str(chunk.as_ref());
                continue;
            }
            return match self.state {
                State::After => {
                    self.state = State::Done;
                    None
                }
                State::Before if self.buf.trim().is_empty() => {
                    let err = Error::input(InputProblem::Empty, "the stream is empty");
                    Some(self.fail(err))
                }
                _ => Some(self.fail(syntax("the JSON array is not closed"))),
            };
        }
    }

    /// Reads one byte of an element; returns the element when it ends.
    fn element_byte(&mut self, byte: u8, at: usize) -> Option<(usize, String)> {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return None;
        }
        match byte {
            b'"' => self.in_string = true,
            b'[' | b'{' => self.depth += 1,
            b']' | b'}' if self.depth > 0 => self.depth -= 1,
            b']' | b',' if self.depth == 0 => {
                // The end of the element (depth 0): `]` also closes the array.
                let element = self.buf.get(..at).unwrap_or("").trim_end().to_owned();
                self.consume(at);
                self.pos = 0;
                self.state = State::Between;
                let index = self.index;
                self.index += 1;
                return Some((index, element));
            }
            _ => {}
        }
        None
    }

    /// Drops the first `n` bytes of the buffer.
    fn consume(&mut self, n: usize) {
        self.buf.drain(..n.min(self.buf.len()));
        self.pos = self.pos.saturating_sub(n);
    }
}

/// Evaluates many bundles with one engine across `threads` threads (at least one), returning the
/// reports in the bundles' order. The engine and bundles are shared, not copied. Threads take
/// the bundles in chunks of [`PARALLEL_CHUNK`] from a shared counter, so a thread that drew
/// heavier bundles does not hold the others up, and the chunks are put back in order at the end
/// (no per-report sort).
#[must_use]
pub fn evaluate_parallel(
    engine: &Engine,
    bundles: &[Bundle],
    now: Option<Timestamp>,
    threads: usize,
) -> Vec<Report> {
    evaluate_parallel_with(engine, bundles, now, threads, |report| report)
}

/// [`evaluate_parallel`] with `finish` applied to each report on the thread that made it:
/// render it, keep only its summary or findings, write it to a channel. Threads that hand back
/// a small value instead of a whole report share less memory traffic, and the caller gets the
/// values in the bundles' order.
///
/// ```
/// use hullcheck::{Bundle, Engine, Format, stream};
/// let bundles = vec![Bundle::from_json(r#"{"Id": "a", "Name": "/a", "HostConfig": {"Privileged": true}}"#).unwrap()];
/// let json: Vec<String> =
///     stream::evaluate_parallel_with(&Engine::default(), &bundles, None, 2, |r| r.render(Format::Json));
/// assert!(json[0].contains("CFG001"));
/// ```
#[must_use]
pub fn evaluate_parallel_with<T, F>(
    engine: &Engine,
    bundles: &[Bundle],
    now: Option<Timestamp>,
    threads: usize,
    finish: F,
) -> Vec<T>
where
    T: Send,
    F: Fn(Report) -> T + Sync,
{
    let chunks = bundles.len().div_ceil(PARALLEL_CHUNK);
    let threads = threads.clamp(1, chunks.max(1));
    let finish = &finish;
    if threads == 1 {
        return bundles
            .iter()
            .map(|b| finish(engine.evaluate(b, now)))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<T>)> = Vec::new();
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            let start = chunk.saturating_mul(PARALLEL_CHUNK);
            let Some(part) = bundles.get(start..(start + PARALLEL_CHUNK).min(bundles.len())) else {
                return done;
            };
            if part.is_empty() {
                return done;
            }
            let values = part.iter().map(|b| finish(engine.evaluate(b, now)));
            done.push((chunk, values.collect()));
        }
    };
    let mut parts: Vec<(usize, Vec<T>)> = std::thread::scope(|scope| {
        // The calling thread does a share too.
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut parts = work();
        for helper in helpers {
            parts.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        parts
    });
    parts.sort_unstable_by_key(|(chunk, _)| *chunk);
    let mut out = Vec::with_capacity(bundles.len());
    for (_, values) in parts {
        out.extend(values);
    }
    out
}

/// How many bundles a thread of [`evaluate_parallel`] takes at a time.
pub const PARALLEL_CHUNK: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&str]) -> Vec<Result<(usize, String), String>> {
        let mut splitter = ArraySplitter::new(chunks.iter(), 1000);
        let mut out = Vec::new();
        while let Some(item) = splitter.next() {
            out.push(item.map_err(|e| e.to_string()));
        }
        out
    }

    fn ok(items: &[&str]) -> Vec<Result<(usize, String), String>> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| Ok((i, (*s).to_owned())))
            .collect()
    }

    #[test]
    fn splits_anywhere() {
        let text = r#" [ {"a": [1, "],"]}, "x\"]" ,3 ,{} ] "#;
        let expected = ok(&[r#"{"a": [1, "],"]}"#, r#""x\"]""#, "3", "{}"]);
        assert_eq!(split(&[text]), expected);
        for cut in 0..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(split(&[a, b]), expected, "cut at {cut}");
        }
        let bytes: Vec<String> = text.chars().map(String::from).collect();
        let refs: Vec<&str> = bytes.iter().map(String::as_str).collect();
        assert_eq!(split(&refs), expected);
    }

    #[test]
    fn empty_and_broken_arrays() {
        assert_eq!(split(&["[", " ]"]), ok(&[]));
        assert_eq!(split(&["[1,", "2"]).len(), 2);
        assert!(split(&["[1,", "2"])[1].is_err());
        assert!(split(&["{}"])[0].is_err());
        assert!(split(&["[1,,2]"])[1].is_err());
        assert!(split(&["[,1]"])[0].is_err());
        assert!(split(&["[1] x"])[1].is_err());
        assert!(split(&[""])[0].is_err());
        assert!(split(&["[1,]"])[1].is_err());
        // Not split at whitespace: the element's own parse reports the trailing text.
        assert_eq!(split(&["[1 2]"]), ok(&["1 2"]));
        assert_eq!(split(&["\u{feff}", "[1]"]), ok(&["1"]));
    }

    #[test]
    fn an_endless_element_stops_at_the_size_limit() {
        let chunk = "[\"".to_owned() + &"a".repeat(600);
        let more = "a".repeat(600);
        let out = split(&[&chunk, &more, &more]);
        assert_eq!(out.len(), 1);
        assert!(matches!(&out[0], Err(e) if e.contains("document_bytes")));
    }
}
