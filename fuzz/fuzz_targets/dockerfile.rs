//! The Dockerfile reader on any text, then the image rules.
#![no_main]
use hullcheck::{Bundle, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut bundle = Bundle::new();
    if bundle.add_dockerfile("Dockerfile", text).is_ok() {
        let _ = Engine::default().evaluate(&bundle, None);
    }
});
