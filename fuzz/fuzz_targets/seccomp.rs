//! The seccomp reader: any text read as a `SeccompProfile` document, as text and as a parsed value, then
//! evaluated. A report or a typed error, never a panic.
#![no_main]
use hullcheck::{Bundle, DocumentKind, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let engine = Engine::default();
    let mut bundle = Bundle::new();
    if bundle
        .add_json_as("fuzz", DocumentKind::SeccompProfile, text)
        .is_ok()
    {
        let _ = engine.evaluate(&bundle, None);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let mut bundle = Bundle::new();
        if bundle
            .add_value_as("fuzz", DocumentKind::SeccompProfile, &value)
            .is_ok()
        {
            let _ = engine.evaluate(&bundle, None);
        }
    }
});
