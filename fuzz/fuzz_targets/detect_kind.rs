//! Kind detection on any text: a kind or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = hullcheck::detect_kind(text);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let _ = hullcheck::document::detect_value_kind(&value);
    }
});
