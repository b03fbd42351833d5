//! `docker history` as a document of its own.
//!
//! `docker image inspect` carries no history; the engine serves it apart, and people save it
//! apart. Two shapes exist, both newest entry first:
//!
//! - the CLI's `docker history --no-trunc --format '{{json .}}'`: one object per line, with
//!   `ID` (`<missing>` for layers pulled rather than built here), `CreatedBy`, `CreatedAt`,
//!   `CreatedSince`, `Size` (`"0B"`) and `Comment`;
//! - the Engine API's `GET /images/{name}/history`: an array of objects with `Id`, `Created`
//!   (seconds), `CreatedBy`, `Tags`, `Size` (bytes) and `Comment`.
//!
//! Either becomes an [`Image`] whose history is the document's entries (oldest first, as image
//! configs hold them) and whose config is unknown; the bundle then joins it to the image
//! document with the same id, if it holds one. Without `--no-trunc` the CLI cuts `CreatedBy`
//! to 45 characters and ends it with `…`: such a document is refused, since rules would read
//! half commands.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::image::{HistoryEntry, Image};
use super::lenient::nullable;
use super::origin::Origin;
use crate::error::{Error, InputProblem};
use crate::pointer;

/// One entry as either shape writes it.
#[derive(Debug, Deserialize)]
struct RawEntry {
    #[serde(default, rename = "Id", alias = "ID", deserialize_with = "nullable")]
    id: String,
    #[serde(default, rename = "CreatedBy", deserialize_with = "nullable")]
    created_by: String,
    #[serde(default, rename = "Comment", deserialize_with = "nullable")]
    comment: String,
    #[serde(default, rename = "Tags", deserialize_with = "nullable")]
    tags: Vec<String>,
    #[serde(default, rename = "Size")]
    size: Option<Size>,
}

/// Bytes (API) or a human size (CLI: `0B`, `1.2MB`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(i64),
    Text(String),
    Other(IgnoredAny),
}

impl Size {
    fn is_zero(&self) -> bool {
        match self {
            Size::Bytes(n) => *n == 0,
            Size::Text(text) => {
                let digits = text
                    .trim()
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic());
                digits.parse::<f64>().is_ok_and(|n| n == 0.0)
            }
            Size::Other(_) => false,
        }
    }
}

/// Reads a history document's text: a JSON array (the API) or one object per line (the CLI).
pub(crate) fn history_from_text(source: &str, text: &str, base: String) -> Result<Image, Error> {
    let body = super::kind::strip_bom(text).trim_start();
    if body.starts_with('[') {
        let entries: Vec<RawEntry> = super::typed_from_str(body).map_err(|e| e.under(&base))?;
        let origin = Origin::json(source, base);
        return image_from(entries, origin);
    }
    // One object per line; each entry's position is its line, since a stream of values has no
    // pointer of its own.
    let mut entries = Vec::new();
    let mut starts = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<RawEntry>();
    loop {
        let after = stream.byte_offset();
        let Some(next) = stream.next() else { break };
        let entry = next.map_err(|e| Error::from_json(&e))?;
        let rest = text.get(after..).unwrap_or("");
        starts.push(after + rest.len() - rest.trim_start().len());
        entries.push(entry);
    }
    let mut origin = Origin::json(source, String::new());
    for (index, start) in starts.into_iter().enumerate() {
        let line = text.get(..start).map_or(0, |t| t.matches('\n').count()) + 1;
        let column = text.get(..start).map_or(0, |t| {
            t.rsplit('\n').next().map_or(0, |l| l.chars().count())
        }) + 1;
        let position = (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        );
        // Index `index` of the stream (newest first) is entry `count - 1 - index` of the history
        // (oldest first); the field names the stream index, as for the API's array.
        let mut field = String::new();
        pointer::push_index(&mut field, index);
        origin.positions.insert(field, position);
        if index == 0 {
            origin.positions.insert(String::new(), position);
        }
    }
    image_from(entries, origin)
}

/// Reads a history document already parsed to a value (the bindings' objects).
pub(crate) fn history_from_value(
    source: &str,
    value: &serde_json::Value,
    base: String,
) -> Result<Image, Error> {
    let entries: Vec<RawEntry> = match value {
        serde_json::Value::Array(_) => {
            super::typed_from_value(value).map_err(|e| e.under(&base))?
        }
        // One CLI line handed over alone.
        serde_json::Value::Object(_) => {
            vec![super::typed_from_value(value).map_err(|e| e.under(&base))?]
        }
        other => {
            return Err(Error::input(
                InputProblem::Type,
                format!(
                    "expected an array of history entries, found {}",
                    super::kind::json_type_name(other)
                ),
            )
            .under(&base));
        }
    };
    image_from(entries, Origin::json(source, base))
}

fn image_from(entries: Vec<RawEntry>, origin: Origin) -> Result<Image, Error> {
    if entries.is_empty() {
        return Err(Error::input(
            InputProblem::Empty,
            "the history holds no entries",
        ));
    }
    if let Some(index) = entries.iter().position(|e| e.created_by.ends_with('…')) {
        let mut at = String::new();
        pointer::push_index(&mut at, index);
        pointer::push_token(&mut at, "CreatedBy");
        return Err(Error::input(
            InputProblem::Truncated,
            "the history was printed shortened (`CreatedBy` ends with `…`), so its commands are cut off: print it with `docker history --no-trunc --format '{{json .}}' <image>`",
        )
        .under(&at));
    }
    let newest = entries.first();
    let id = newest
        .map(|e| e.id.clone())
        .filter(|id| id != "<missing>")
        .unwrap_or_default();
    let repo_tags = newest
        .map(|e| {
            e.tags
                .iter()
                .filter(|t| !t.contains("<none>"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let history = entries
        .into_iter()
        .rev()
        .map(|e| HistoryEntry {
            empty_layer: e.size.as_ref().is_some_and(Size::is_zero),
            created_by: (!e.created_by.is_empty()).then_some(e.created_by),
            comment: e.comment,
        })
        .collect();
    Ok(Image::from_history(id, repo_tags, history, origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLI: &str = concat!(
        r#"{"Comment":"","CreatedAt":"2024-05-01T10:00:02Z","CreatedBy":"/bin/sh -c #(nop)  CMD [\"app\"]","CreatedSince":"2 months ago","ID":"sha256:1111111111111111111111111111111111111111111111111111111111111111","Size":"0B"}"#,
        "\n",
        r#"{"Comment":"","CreatedAt":"2024-05-01T10:00:01Z","CreatedBy":"/bin/sh -c chmod u+s /bin/app","CreatedSince":"2 months ago","ID":"<missing>","Size":"1.2MB"}"#,
        "\n",
    );

    #[test]
    fn cli_lines_become_history_oldest_first_with_their_lines() {
        let image = history_from_text("h.json", CLI, String::new()).unwrap_or_default();
        assert_eq!(
            image.id,
            "sha256:1111111111111111111111111111111111111111111111111111111111111111"
        );
        assert_eq!(image.history.len(), 2);
        assert_eq!(
            image.history.first().and_then(|h| h.created_by.as_deref()),
            Some("/bin/sh -c chmod u+s /bin/app")
        );
        assert!(image.history.last().is_some_and(|h| h.empty_layer));
        assert!(!image.config_known());
        // The oldest entry is the stream's second line.
        let at = image.origin.locate(&image.history_field(0));
        assert_eq!((at.line, at.column), (Some(2), Some(1)));
    }

    #[test]
    fn api_array_keeps_pointers_and_tags() {
        let text = r#"[{"Id":"sha256:22","Created":2,"CreatedBy":"CMD [\"x\"]","Tags":["web:1","<none>:<none>"],"Size":0,"Comment":"buildkit.dockerfile.v0"},{"Id":"<missing>","Created":1,"CreatedBy":"RUN /bin/sh -c apk add curl # buildkit","Tags":null,"Size":100,"Comment":""}]"#;
        let image = history_from_text("api.json", text, String::new()).unwrap_or_default();
        assert_eq!(image.repo_tags, vec!["web:1".to_owned()]);
        assert_eq!(image.history_field(0), "/1/CreatedBy");
        assert_eq!(
            image
                .origin
                .locate(&image.history_field(0))
                .pointer
                .as_deref(),
            Some("/1/CreatedBy")
        );
    }

    #[test]
    fn shortened_history_is_refused_with_the_fix() {
        let text = r#"{"CreatedBy":"/bin/sh -c apt-get update && apt-get install -y…","CreatedSince":"1 day ago","ID":"abc","Size":"3MB"}"#;
        let err = history_from_text("h.json", text, String::new()).err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("--no-trunc"), "{message}");
    }

    #[test]
    fn an_empty_array_is_empty() {
        let err = history_from_text("h.json", "[]", String::new()).err();
        assert!(matches!(
            err,
            Some(Error::InvalidInput {
                problem: InputProblem::Empty,
                ..
            })
        ));
    }
}
