//! What the fuzz targets share: reading one text as a document of a stated kind, both as text
//! and as an already-parsed value, and evaluating whatever reads. A report or a typed error is
//! the only acceptable end; a panic, an abort or a hang is a crash.

use hullcheck::{Bundle, DocumentKind, Engine, Timestamp};

/// Reads `text` as a `kind` document, as text and (when it is JSON) as a parsed value, and
/// evaluates each bundle that reads with `engine` at `now`.
pub fn read_as_and_evaluate(
    kind: DocumentKind,
    text: &str,
    engine: &Engine,
    now: Option<Timestamp>,
) {
    let mut bundle = Bundle::new();
    if bundle.add_json_as("fuzz", kind, text).is_ok() {
        let _ = engine.evaluate(&bundle, now);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let mut bundle = Bundle::new();
        if bundle.add_value_as("fuzz", kind, &value).is_ok() {
            let _ = engine.evaluate(&bundle, now);
        }
    }
}
