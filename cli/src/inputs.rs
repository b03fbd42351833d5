//! Splitting one input (a file, standard input) into the documents it holds.
//!
//! Tools print documents in several framings, and people concatenate them
//! (`{ docker inspect web; docker info --format '{{json .}}'; } | hullcheck`):
//!
//! - JSON: one value, an array (`docker inspect`), values one after another with or without
//!   newlines between them (concatenated JSON, NDJSON), and RFC 7464 JSON text sequences (each
//!   record starts with the RS character, 0x1E). Consecutive `docker history --format
//!   '{{json .}}'` lines are one document: they are the entries of one image's history;
//! - YAML (compose files): several documents separated by `---` lines;
//! - anything else (a Dockerfile): one document.

use hullcheck::DocumentKind;

/// The RFC 7464 record separator.
const RECORD_SEPARATOR: char = '\u{1e}';

/// One document of an input: a slice of the input's text and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub(crate) text: &'a str,
    /// 1-based line of the input where the document starts.
    pub(crate) line: usize,
}

/// Where the framing of an input broke: the documents before it are still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FramingError {
    pub(crate) message: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// The documents of an input. `text` has had record separators replaced by spaces (see
/// [`without_record_separators`]).
pub(crate) fn split(
    text: &str,
    stated: Option<DocumentKind>,
) -> (Vec<Piece<'_>>, Option<FramingError>) {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let text_kind = matches!(
        stated,
        Some(DocumentKind::Dockerfile | DocumentKind::Compose)
    );
    if body.is_empty() {
        return (Vec::new(), None);
    }
    if !text_kind && body.starts_with(['{', '[']) {
        return split_json(text);
    }
    if stated == Some(DocumentKind::Compose)
        || (stated.is_none() && hullcheck::detect_kind(text).ok() == Some(DocumentKind::Compose))
    {
        return (split_yaml(text), None);
    }
    (vec![Piece { text, line: 1 }], None)
}

/// The input with each RFC 7464 record separator replaced by a space, so that the JSON reader
/// sees a plain stream of values; byte offsets (and so lines and columns) are unchanged.
pub(crate) fn without_record_separators(text: String) -> String {
    if text.contains(RECORD_SEPARATOR) {
        text.replace(RECORD_SEPARATOR, " ")
    } else {
        text
    }
}

fn split_json(text: &str) -> (Vec<Piece<'_>>, Option<FramingError>) {
    let mut pieces = Vec::new();
    let mut stream =
        serde_json::Deserializer::from_str(text).into_iter::<&serde_json::value::RawValue>();
    loop {
        match stream.next() {
            None => return (join_history_lines(text, pieces), None),
            Some(Ok(raw)) => {
                let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
                pieces.push(Piece {
                    text: raw.get(),
                    line: line_of(text, start),
                });
            }
            Some(Err(error)) => {
                let message = if pieces.is_empty() {
                    format!("not JSON: {error}")
                } else {
                    format!(
                        "document {} is not JSON ({error}); the {} before it were read",
                        pieces.len() + 1,
                        pieces.len()
                    )
                };
                return (
                    join_history_lines(text, pieces),
                    Some(FramingError {
                        message,
                        line: error.line(),
                        column: error.column(),
                    }),
                );
            }
        }
    }
}

/// Joins runs of consecutive `docker history` lines into one piece spanning them.
fn join_history_lines<'a>(text: &'a str, pieces: Vec<Piece<'a>>) -> Vec<Piece<'a>> {
    if pieces.len() < 2 {
        return pieces;
    }
    let is_history_line = |piece: &Piece<'_>| {
        piece.text.starts_with('{')
            && piece.text.contains("\"CreatedBy\"")
            && hullcheck::detect_kind(piece.text).ok() == Some(DocumentKind::ImageHistory)
    };
    let offset = |slice: &str| slice.as_ptr() as usize - text.as_ptr() as usize;
    let mut out: Vec<Piece<'a>> = Vec::with_capacity(pieces.len());
    let mut open_run = false;
    for piece in pieces {
        let history = is_history_line(&piece);
        match out.last_mut() {
            Some(last) if history && open_run => {
                let start = offset(last.text);
                let end = offset(piece.text) + piece.text.len();
                last.text = text.get(start..end).unwrap_or(last.text);
            }
            _ => out.push(piece),
        }
        open_run = history;
    }
    out
}

fn split_yaml(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare == "..." {
            push_yaml(&mut pieces, &text[start..offset], start_line);
            start = offset + line.len();
            start_line = index + 2;
        }
        offset += line.len();
    }
    push_yaml(&mut pieces, &text[start..], start_line);
    if pieces.is_empty() {
        pieces.push(Piece { text, line: 1 });
    }
    pieces
}

/// Keeps a YAML document that has content (not only blank lines and comments).
fn push_yaml<'a>(pieces: &mut Vec<Piece<'a>>, text: &'a str, line: usize) {
    let has_content = text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    if has_content {
        pieces.push(Piece { text, line });
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
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

    fn texts(text: &str) -> Vec<String> {
        let (pieces, error) = split(text, None);
        assert_eq!(error, None);
        pieces.into_iter().map(|p| p.text.to_owned()).collect()
    }

    #[test]
    fn one_value_and_one_array_are_one_document() {
        assert_eq!(texts(r#"{"Id":"a"}"#), [r#"{"Id":"a"}"#]);
        assert_eq!(
            texts("[{\"Id\":\"a\"},{\"Id\":\"b\"}]\n"),
            ["[{\"Id\":\"a\"},{\"Id\":\"b\"}]"]
        );
    }

    #[test]
    fn concatenated_ndjson_and_sequences_are_split() {
        assert_eq!(
            texts("[{\"Id\":\"a\"}]\n{\"ServerVersion\":\"20.10\"}\n").len(),
            2
        );
        assert_eq!(texts("{\"a\":1}{\"b\":2} {\"c\":3}").len(), 3);
        let sequence = without_record_separators("\u{1e}{\"a\":1}\n\u{1e}{\"b\":2}\n".to_owned());
        let (pieces, error) = split(&sequence, None);
        assert_eq!(error, None);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[1].line, 2);
    }

    #[test]
    fn consecutive_history_lines_are_one_document() {
        let line = |by: &str| {
            format!(
                r#"{{"CreatedBy":"{by}","CreatedSince":"1 day ago","ID":"<missing>","Size":"0B"}}"#
            )
        };
        let text = format!(
            "{{\"Id\":\"x\",\"RepoTags\":[]}}\n{}\n{}\n{{\"Id\":\"y\",\"RepoTags\":[]}}\n{}\n",
            line("a"),
            line("b"),
            line("c")
        );
        let (pieces, error) = split(&text, None);
        assert!(error.is_none());
        let got: Vec<(usize, usize)> = pieces
            .iter()
            .map(|p| (p.line, p.text.lines().count()))
            .collect();
        assert_eq!(got, vec![(1, 1), (2, 2), (4, 1), (5, 1)]);
    }

    #[test]
    fn broken_json_keeps_what_came_before_and_says_where() {
        let (pieces, error) = split("{\"a\":1}\n{\"b\":\n", None);
        assert_eq!(pieces.len(), 1);
        let error = error.expect("an error");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("document 2"), "{}", error.message);
    }

    #[test]
    fn yaml_documents_split_on_markers() {
        let text = "services:\n  a:\n    image: x\n---\n# only a comment\n---\nservices:\n  b:\n    image: y\n";
        let (pieces, _) = split(text, None);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[1].line, 7);
    }

    #[test]
    fn a_dockerfile_is_one_document() {
        let text = "FROM scratch\n---\nUSER 1000\n";
        let (pieces, _) = split(text, Some(DocumentKind::Dockerfile));
        assert_eq!(pieces.len(), 1);
    }
}
