//! The label-schema reader (JSON and YAML) on any text; a schema that reads checks a fixed set
//! of labels plus `key=value` lines taken from the text itself, and generates labels from facts
//! derived from the text. Every pattern, enum and SPDX value the fuzzer writes is exercised.
#![no_main]
use std::collections::BTreeMap;

use hullcheck::labels::{Fact, LabelSchema};
use libfuzzer_sys::fuzz_target;

const FIXED: [(&str, &str, bool); 5] = [
    (
        "org.opencontainers.image.licenses",
        "MIT OR (Apache-2.0 WITH LLVM-exception)",
        true,
    ),
    (
        "org.opencontainers.image.created",
        "2026-01-01T00:00:00Z",
        true,
    ),
    (
        "org.opencontainers.image.revision",
        "0123456789abcdef0123456789abcdef01234567",
        true,
    ),
    (
        "org.opencontainers.image.source",
        "https://example.com/repo.git",
        true,
    ),
    ("com.example.team", "$TEAM", false),
];

const FACTS: [Fact; 13] = [
    Fact::Created,
    Fact::Revision,
    Fact::Source,
    Fact::Version,
    Fact::Licenses,
    Fact::Url,
    Fact::Documentation,
    Fact::Title,
    Fact::Description,
    Fact::Vendor,
    Fact::Authors,
    Fact::BaseName,
    Fact::BaseDigest,
];

fuzz_target!(|text: &str| {
    for schema in [LabelSchema::from_json(text), LabelSchema::from_yaml(text)]
        .into_iter()
        .flatten()
    {
        let own: Vec<(&str, &str, bool)> = text
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(key, value)| (key, value, true))
            .collect();
        let _ = schema.check(FIXED.iter().copied().chain(own.iter().copied()));
        let facts: BTreeMap<Fact, String> = FACTS
            .iter()
            .zip(text.lines().chain(std::iter::repeat("")))
            .map(|(fact, line)| (*fact, line.to_owned()))
            .collect();
        let _ = schema.generate(&facts);
    }
    // Every line as a label value against the built-in OCI schema.
    let oci = LabelSchema::oci();
    let _ = oci.check(
        text.lines()
            .map(|line| ("org.opencontainers.image.licenses", line, true)),
    );
});
