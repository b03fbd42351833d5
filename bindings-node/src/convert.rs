//! JavaScript arguments into owned Rust data.
//!
//! Parsed objects are converted with an explicit depth limit (the core's [`MAX_NESTING`], 64
//! levels, the depth JSON text is refused at), so a deeply nested or cyclic object is an input
//! error, never a stack overflow.

use hullcheck::document::ComposeOptions;
use hullcheck::limits::MAX_NESTING;
use hullcheck::{Bundle, DocumentKind, Error, InputProblem, pointer};
use napi::bindgen_prelude::{BufferSlice, FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::{JsString, ValueType};

use crate::errors::{Failure, with_source};

/// The content of one document.
#[derive(Debug)]
pub(crate) enum Content {
    /// JSON (or another document syntax) as text.
    Text(String),
    /// Bytes of UTF-8 text (from a Buffer).
    Bytes(Vec<u8>),
    /// An already-parsed value.
    Value(serde_json::Value),
}

/// A document with the caller's name for it.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) source: String,
    pub(crate) kind: Option<DocumentKind>,
    pub(crate) content: Content,
}

impl Document {
    /// Adds the document to `bundle`; a compose file (detected or stated) is read with
    /// `compose` when given.
    pub(crate) fn add_to(
        &self,
        bundle: &mut Bundle,
        compose: Option<&ComposeOptions>,
    ) -> Result<usize, Error> {
        let source = self.source.as_str();
        if let Some(options) = compose
            && let Some(text) = self.compose_text(source)?
        {
            return bundle
                .add_compose(source, &text, options)
                .map_err(|e| with_source(e, source));
        }
        let added = match (&self.content, self.kind) {
            (Content::Text(text), None) => bundle.add_json(source, text),
            (Content::Text(text), Some(kind)) => bundle.add_json_as(source, kind, text),
            (Content::Bytes(bytes), None) => bundle.add_json(source, utf8(bytes, source)?),
            (Content::Bytes(bytes), Some(kind)) => {
                bundle.add_json_as(source, kind, utf8(bytes, source)?)
            }
            (Content::Value(value), None) => bundle.add_value(source, value),
            (Content::Value(value), Some(kind)) => bundle.add_value_as(source, kind, value),
        };
        added.map_err(|e| with_source(e, source))
    }

    /// The text of the document when it is a compose file: its stated kind, else its detected
    /// one. A document that matches no kind is left to the ordinary path, which reports it.
    fn compose_text(&self, source: &str) -> Result<Option<String>, Error> {
        let is_compose = |detected: Result<DocumentKind, Error>| {
            self.kind.map_or(detected, Ok).ok() == Some(DocumentKind::Compose)
        };
        Ok(match &self.content {
            Content::Text(text) => {
                is_compose(hullcheck::detect_kind(text)).then(|| strip_bom(text).to_owned())
            }
            Content::Bytes(bytes) => {
                let text = utf8(bytes, source)?;
                is_compose(hullcheck::detect_kind(text)).then(|| strip_bom(text).to_owned())
            }
            Content::Value(value) => {
                if is_compose(hullcheck::document::detect_value_kind(value)) {
                    // A compose file as a string value, or in its JSON form (YAML reads JSON).
                    Some(match value {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                } else {
                    None
                }
            }
        })
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// One argument value: a bare document, or a `{source, content, kind?}` item.
#[derive(Debug)]
pub(crate) enum Input {
    Content(Content),
    Item(Document),
}

/// A parsed JSON value read from a JavaScript value.
#[derive(Debug)]
pub(crate) struct JsonValue(pub(crate) serde_json::Value);

/// The name of a document the caller did not name.
const DEFAULT_SOURCE: &str = "input";

/// Reads the `documents` argument.
///
/// - a string or Buffer is one document (text);
/// - a `{source, content, kind?}` item is one named document;
/// - an array whose first element is a string, Buffer or item is several documents (every
///   element must then be one);
/// - any other object or array (such as the parsed output of `docker inspect`) is one parsed
///   document.
pub(crate) fn documents(value: &Unknown<'_>) -> Result<Vec<Document>, Failure> {
    if value.get_type()? == ValueType::Object && value.is_array()? && !value.is_buffer()? {
        let array = Object::from_unknown(*value)?;
        let len = array.get_array_length()?;
        // The first element decides; elements are read one at a time, so a sparse array with a
        // huge `length` fails at its first hole instead of exhausting memory.
        let first_listed = len > 0 && is_listed_document(&array.get_element::<Unknown<'_>>(0)?)?;
        if first_listed {
            let mut out = Vec::new();
            for index in 0..len {
                let element: Unknown<'_> = array.get_element(index)?;
                if !is_listed_document(&element)? {
                    return Err(Failure::usage(format!(
                        "documents[{index}]: an array of documents holds only strings, Buffers \
                         and {{source, content}} items (an array of parsed objects is one \
                         docker inspect array; don't mix the two)"
                    )));
                }
                let fallback = format!("{DEFAULT_SOURCE}[{index}]");
                out.push(document(&element, &fallback)?);
            }
            return Ok(out);
        }
    }
    Ok(vec![document(value, DEFAULT_SOURCE)?])
}

fn document(value: &Unknown<'_>, fallback: &str) -> Result<Document, Failure> {
    match single(value).map_err(|f| f.in_source(fallback))? {
        Input::Content(content) => Ok(Document {
            source: fallback.to_owned(),
            kind: None,
            content,
        }),
        Input::Item(item) => Ok(item),
    }
}

/// Whether an array element is a document of a list (string, Buffer, item) rather than an
/// element of a parsed `docker inspect` array.
fn is_listed_document(value: &Unknown<'_>) -> Result<bool, Failure> {
    Ok(match value.get_type()? {
        ValueType::String => true,
        ValueType::Object => value.is_buffer()? || item_keys(value)?.is_some(),
        _ => false,
    })
}

/// The keys of a `{source, content, kind?}` item, or `None` when `value` is not one.
fn item_keys(value: &Unknown<'_>) -> Result<Option<Vec<String>>, Failure> {
    if value.is_array()? || value.is_buffer()? || value.is_date()? {
        return Ok(None);
    }
    let object = Object::from_unknown(*value)?;
    let keys = Object::keys(&object)?;
    let is_item = keys.iter().any(|k| k == "content")
        && keys
            .iter()
            .all(|k| matches!(k.as_str(), "source" | "content" | "kind"));
    Ok(is_item.then_some(keys))
}

/// Reads one document or item.
pub(crate) fn single(value: &Unknown<'_>) -> Result<Input, Failure> {
    match value.get_type()? {
        ValueType::String => Ok(Input::Content(Content::Text(string(value)?))),
        ValueType::Object if value.is_buffer()? => {
            let bytes = BufferSlice::from_unknown(*value)?;
            Ok(Input::Content(Content::Bytes(bytes.to_vec())))
        }
        ValueType::Object => {
            if let Some(keys) = item_keys(value)? {
                return item(value, &keys).map(Input::Item);
            }
            Ok(Input::Content(Content::Value(json_value(value)?.0)))
        }
        other => Err(Failure::usage(format!(
            "a document is a string, a Buffer, a parsed object or array, or a {{source, content}} \
             item; got {}",
            type_label(other)
        ))),
    }
}

fn item(value: &Unknown<'_>, keys: &[String]) -> Result<Document, Failure> {
    let object = Object::from_unknown(*value)?;
    let mut source = DEFAULT_SOURCE.to_owned();
    let mut kind = None;
    if keys.iter().any(|k| k == "source") {
        let name: Unknown<'_> = object.get_named_property("source")?;
        match name.get_type()? {
            ValueType::String => source = string(&name)?,
            ValueType::Undefined => {}
            other => {
                return Err(Failure::usage(format!(
                    "`source` of a document item must be a string, got {}",
                    type_label(other)
                )));
            }
        }
    }
    if keys.iter().any(|k| k == "kind") {
        let name: Unknown<'_> = object.get_named_property("kind")?;
        match name.get_type()? {
            ValueType::String => {
                let text = string(&name)?;
                kind = Some(DocumentKind::from_name(&text).ok_or_else(|| {
                    Failure::usage(format!(
                        "unknown document kind `{text}` (expected one of: {})",
                        DocumentKind::ALL.map(DocumentKind::as_str).join(", ")
                    ))
                })?);
            }
            ValueType::Undefined => {}
            other => {
                return Err(Failure::usage(format!(
                    "`kind` of a document item must be a string, got {}",
                    type_label(other)
                )));
            }
        }
    }
    let content: Unknown<'_> = object.get_named_property("content")?;
    let content = match content.get_type()? {
        ValueType::String => Content::Text(string(&content)?),
        ValueType::Object if content.is_buffer()? => {
            Content::Bytes(BufferSlice::from_unknown(content)?.to_vec())
        }
        ValueType::Object => {
            Content::Value(json_value(&content).map_err(|f| f.in_source(&source))?.0)
        }
        other => {
            return Err(Failure::usage(format!(
                "`content` of document `{source}` must be a string, a Buffer or a parsed object \
                 or array, got {}",
                type_label(other)
            )));
        }
    };
    Ok(Document {
        source,
        kind,
        content,
    })
}

/// Reads a JavaScript string.
pub(crate) fn string(value: &Unknown<'_>) -> Result<String, Failure> {
    let text = JsString::from_unknown(*value)?;
    Ok(text.into_utf8()?.into_owned()?)
}

/// Checks that `bytes` are UTF-8, naming line and column of the first bad byte.
pub(crate) fn utf8<'a>(bytes: &'a [u8], source: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = good.split(|b| *b == b'\n').count();
        let line_start = good
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |at| at + 1);
        let column = String::from_utf8_lossy(good.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        Error::InvalidInput {
            problem: InputProblem::Syntax,
            source_name: Some(source.to_owned()),
            kind: None,
            pointer: None,
            line: Some(line),
            column: Some(column),
            message: format!(
                "the Buffer is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        }
    })
}

/// Converts a parsed JavaScript object or array into a JSON value.
///
/// Properties holding `undefined` are left out, as `JSON.stringify` does; functions, symbols,
/// BigInts, Dates, non-finite numbers and `undefined` array elements are input errors naming
/// their pointer.
pub(crate) fn json_value(value: &Unknown<'_>) -> Result<JsonValue, Failure> {
    let mut path = String::new();
    convert(value, 0, &mut path).map(JsonValue)
}

fn not_json(path: &str, problem: InputProblem, message: String) -> Failure {
    Failure::Core(Error::InvalidInput {
        problem,
        source_name: None,
        kind: None,
        pointer: Some(path.to_owned()),
        line: None,
        column: None,
        message,
    })
}

fn convert(
    value: &Unknown<'_>,
    depth: usize,
    path: &mut String,
) -> Result<serde_json::Value, Failure> {
    use serde_json::Value;
    Ok(match value.get_type()? {
        ValueType::Null => Value::Null,
        ValueType::Boolean => Value::Bool(value.coerce_to_bool()?),
        ValueType::Number => {
            let number = value.coerce_to_number()?.get_double()?;
            number_value(number).ok_or_else(|| {
                not_json(
                    path,
                    InputProblem::Type,
                    format!("found the number {number}, which JSON cannot hold"),
                )
            })?
        }
        ValueType::String => Value::String(string(value)?),
        ValueType::Object => {
            if depth >= MAX_NESTING {
                return Err(not_json(
                    path,
                    InputProblem::TooDeep,
                    format!(
                        "the value nests deeper than {MAX_NESTING} levels (or refers to itself)"
                    ),
                ));
            }
            if value.is_date()? {
                return Err(not_json(
                    path,
                    InputProblem::Type,
                    "found a Date, which JSON cannot hold; pass an ISO 8601 string".to_owned(),
                ));
            }
            let object = Object::from_unknown(*value)?;
            if value.is_array()? {
                let len = object.get_array_length()?;
                // Not `len`: a sparse array can claim 2^32 - 1 elements; it fails at its first
                // hole below.
                let mut items = Vec::with_capacity(len.min(1024) as usize);
                for index in 0..len {
                    let at = path.len();
                    pointer::push_index(path, index as usize);
                    let element: Unknown<'_> = object.get_element(index)?;
                    if element.get_type()? == ValueType::Undefined {
                        return Err(not_json(
                            path,
                            InputProblem::Type,
                            "found undefined in an array, which JSON cannot hold".to_owned(),
                        ));
                    }
                    items.push(convert(&element, depth + 1, path)?);
                    path.truncate(at);
                }
                Value::Array(items)
            } else {
                let keys = Object::keys(&object)?;
                let mut map = serde_json::Map::with_capacity(keys.len());
                for key in keys {
                    let property: Unknown<'_> = object.get_named_property(&key)?;
                    if property.get_type()? == ValueType::Undefined {
                        continue;
                    }
                    let at = path.len();
                    pointer::push_token(path, &key);
                    let converted = convert(&property, depth + 1, path)?;
                    path.truncate(at);
                    map.insert(key, converted);
                }
                Value::Object(map)
            }
        }
        other => {
            return Err(not_json(
                path,
                InputProblem::Type,
                format!("found {}, which JSON cannot hold", type_label(other)),
            ));
        }
    })
}

/// A JSON number for a JavaScript number: integers stay integers.
fn number_value(number: f64) -> Option<serde_json::Value> {
    if !number.is_finite() {
        return None;
    }
    // Whole numbers within ±2^53 are exactly representable as i64.
    if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "checked to be whole and within ±2^53 above"
        )]
        return Some(serde_json::Value::from(number as i64));
    }
    serde_json::Number::from_f64(number).map(serde_json::Value::Number)
}

/// A JavaScript type for messages.
pub(crate) fn type_label(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::External => "an external value",
        ValueType::BigInt => "a BigInt",
        ValueType::Unknown => "a value of an unknown type",
    }
}

#[cfg(test)]
mod tests {
    use super::{number_value, utf8};

    #[test]
    fn invalid_utf8_names_line_and_column_of_the_first_bad_byte() {
        let Err(hullcheck::Error::InvalidInput {
            line,
            column,
            source_name,
            ..
        }) = utf8(b"{\n  \"Name\": \"caf\xc3\x28\"}", "raw.json")
        else {
            unreachable!("the bytes are not UTF-8")
        };
        assert_eq!((line, column), (Some(2), Some(15)));
        assert_eq!(source_name.as_deref(), Some("raw.json"));
        // Multi-byte characters before the bad byte count as one column each.
        let Err(hullcheck::Error::InvalidInput { line, column, .. }) =
            utf8(b"\xc3\xa9\xc3\xa9\xff", "x")
        else {
            unreachable!("the bytes are not UTF-8")
        };
        assert_eq!((line, column), (Some(1), Some(3)));
        assert_eq!(utf8(b"{}", "x").ok(), Some("{}"));
    }

    #[test]
    fn numbers_keep_integers_and_refuse_non_finite_values() {
        assert_eq!(number_value(3.0), Some(serde_json::json!(3)));
        assert_eq!(number_value(-0.5), Some(serde_json::json!(-0.5)));
        assert_eq!(
            number_value(2f64.powi(60)),
            Some(serde_json::json!(2f64.powi(60)))
        );
        assert_eq!(number_value(f64::NAN), None);
        assert_eq!(number_value(f64::INFINITY), None);
    }
}
