//! One-pass reading of container documents, the common case (`docker inspect` output).
//!
//! The general path reads a text up to three times: it splits an array into its elements,
//! detects each element's kind from its top-level keys, then parses it typed. Here the text is
//! parsed typed straight away while the top-level keys of each object are recorded, and the kind
//! is decided from those keys afterwards, by the same `kind_from_keys`. Whenever that is not
//! plainly a container document (another kind, any error) the caller falls back to the general
//! path, which then gives the same result or the exact error; a success here implies the text is
//! well-formed JSON and every element is a container, which is exactly when the general path
//! succeeds with the same values.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::container::Container;
use super::kind::kind_from_keys;
use crate::DocumentKind;

/// The containers of a JSON text (an object, or an array of objects), when every one of them is
/// a container document and the text parses; `None` otherwise.
pub(super) fn containers(body: &str) -> Option<Vec<Container>> {
    let mut de = serde_json::Deserializer::from_str(body);
    let spied = if body.starts_with('[') {
        de.deserialize_seq(Elements).ok()?
    } else {
        vec![SpiedSeed.deserialize(&mut de).ok()?]
    };
    de.end().ok()?;
    let mut out = Vec::with_capacity(spied.len());
    for item in spied {
        if kind_from_keys(&item.keys).ok()? != DocumentKind::Container {
            return None;
        }
        out.push(item.container);
    }
    Some(out)
}

/// A container with the top-level keys of the object it was read from.
struct Spied<'de> {
    container: Container,
    keys: Vec<Cow<'de, str>>,
}

struct Elements;

impl<'de> Visitor<'de> for Elements {
    type Value = Vec<Spied<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(SpiedSeed)? {
            out.push(item);
        }
        Ok(out)
    }
}

struct SpiedSeed;

impl<'de> DeserializeSeed<'de> for SpiedSeed {
    type Value = Spied<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(SpiedVisitor)
    }
}

struct SpiedVisitor;

impl<'de> Visitor<'de> for SpiedVisitor {
    type Value = Spied<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        let container = Container::deserialize(MapAccessDeserializer::new(KeySpy {
            inner: map,
            keys: &mut keys,
        }))?;
        Ok(Spied { container, keys })
    }
}

/// Hands an object's entries to the typed visitor unchanged, recording each key on the way.
struct KeySpy<'k, 'de, A> {
    inner: A,
    keys: &'k mut Vec<Cow<'de, str>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KeySpy<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some(Key(key)) = self.inner.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        let value = match &key {
            Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text))?,
            Cow::Owned(text) => seed.deserialize(StrDeserializer::new(text.as_str()))?,
        };
        self.keys.push(key);
        Ok(Some(value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An object key, borrowed from the text unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::containers;
    use crate::document::Bundle;

    const CORPUS: [&str; 5] = [
        include_str!("../../../tests/corpus/container-inspect/inspec_docker_inspect_nginx.json"),
        include_str!(
            "../../../tests/corpus/container-inspect/podman_container_inspect_rootless_pasta.json"
        ),
        include_str!(
            "../../../tests/corpus/container-inspect/rekcod_inspect_hostnet_privileged_array.json"
        ),
        include_str!(
            "../../../tests/corpus/container-inspect/runlike_fixture6_privileged_fuse_overlayfs.json"
        ),
        include_str!("../../../tests/corpus/container-inspect/watchtower_container_running.json"),
    ];

    /// The one-pass reading and the general path agree: same subjects, same sources, or the
    /// same error (the fast path declines, and the general path reports).
    fn agree(text: &str) -> bool {
        let mut fast = Bundle::new();
        let fast_result = fast.add_json("doc.json", text);
        let mut general = Bundle::new();
        let body = crate::document::kind::strip_bom(text).trim_start();
        let general_result = if body.is_empty() {
            fast_result.clone()
        } else {
            general.add_text_general("doc.json", None, body)
        };
        assert_eq!(fast_result, general_result, "{text}");
        assert_eq!(fast.containers(), general.containers(), "{text}");
        assert_eq!(fast.sources(), general.sources(), "{text}");
        containers(body).is_some()
    }

    #[test]
    fn corpus_takes_the_one_pass_path_with_the_same_result() {
        for text in CORPUS {
            assert!(agree(text), "the fast path declined a corpus document");
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let compact = value.to_string();
            assert!(agree(&compact));
            if let serde_json::Value::Array(items) = value {
                for item in items {
                    assert!(agree(&item.to_string()));
                }
            }
        }
    }

    #[test]
    fn unusual_inputs_fall_back_to_the_general_path() {
        let declined = [
            r#"[{"HostConfig": {}}, {"RepoTags": ["a"], "Id": "sha256:x"}]"#,
            r#"[{"HostConfig": {}}, 5]"#,
            r"[[true]]",
            r#"[{"HostConfig": {"Privileged": "yes please"}}]"#,
            r#"{"HostConfig": {}, "HostConfig": {}}"#,
            r#"{"HostConfig": {}} trailing"#,
            r#"{"HostConfig": {}"#,
            r#"[{"HostConfig": {}},]"#,
            r#"{"ociVersion": "1.0.2"}"#,
            r#"{"Name": "/no-kind"}"#,
            r"{}",
            r#""text""#,
            "FROM alpine\n",
        ];
        for text in declined {
            assert!(!agree(text), "the fast path accepted {text}");
        }
        let accepted = [
            "[]",
            r#"{"Host\u0043onfig": {"Privileged": true}, "Id": "esc"}"#,
            r#"{"Id": "x", "State": {}, "Config": {}}"#,
            r#"[{"Id": "a", "HostConfig": null}, {"Id": "b", "HostConfig": {"Privileged": true}}]"#,
            r#"{"Id":"x","HostConfig":{"Unknown":[[[[[[[[[[{"a":1}]]]]]]]]]]}}"#,
        ];
        for text in accepted {
            assert!(agree(text), "the fast path declined {text}");
        }
    }
}
