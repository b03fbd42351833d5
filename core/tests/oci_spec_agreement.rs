//! hullcheck's own image model reads OCI image configs the way `oci-spec` (the reference Rust
//! implementation of the OCI image spec) does. `oci-spec` (the core's default `oci` feature, used for runtime configs) is not used for image configs: the core
//! keeps its lean lenient model, and this test holds the two to the same reading of every
//! corpus config blob `oci-spec` accepts.
#![cfg(feature = "oci")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod common;

use hullcheck::Bundle;
use oci_spec::image::ImageConfiguration;

#[test]
fn oci_config_blobs_read_the_same() {
    let root = common::repo_root().join("tests/corpus/image-inspect");
    let mut compared = 0;
    for path in common::files_in(&root, "json") {
        let text = common::read(&path);
        // Inspect output (PascalCase, arrays) is not an OCI config; oci-spec rejects it.
        let Ok(reference) = ImageConfiguration::from_reader(text.as_bytes()) else {
            continue;
        };
        let mut bundle = Bundle::new();
        bundle.add_json("config.json", &text).unwrap();
        let ours = &bundle.images()[0];
        let name = path.display();

        let config = reference.config().clone().unwrap_or_default();
        assert_eq!(ours.config.user, config.user().clone(), "{name}: User");
        assert_eq!(
            ours.config.env,
            config.env().clone().unwrap_or_default(),
            "{name}: Env"
        );
        let mut ports = config.exposed_ports().clone().unwrap_or_default();
        ports.sort();
        let mut our_ports = ours.config.exposed_ports.clone();
        our_ports.sort();
        assert_eq!(our_ports, ports, "{name}: ExposedPorts");
        assert_eq!(
            ours.config.cmd,
            config.cmd().clone().unwrap_or_default(),
            "{name}: Cmd"
        );
        let history = reference.history().clone().unwrap_or_default();
        assert_eq!(ours.history.len(), history.len(), "{name}: history length");
        for (mine, theirs) in ours.history.iter().zip(&history) {
            assert_eq!(&mine.created_by, theirs.created_by(), "{name}: created_by");
            assert_eq!(
                mine.empty_layer,
                theirs.empty_layer().unwrap_or(false),
                "{name}: empty_layer"
            );
        }
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} OCI configs compared");
}
