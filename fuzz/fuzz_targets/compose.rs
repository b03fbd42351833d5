//! The compose reader (YAML and JSON) on any text, with a variable set, then evaluated.
#![no_main]
use hullcheck::document::ComposeOptions;
use hullcheck::{Bundle, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let options = ComposeOptions::with_variables([("TAG", "1.0"), ("EMPTY", "")]);
    let mut bundle = Bundle::new();
    if bundle.add_compose("compose.yaml", text, &options).is_ok() {
        let _ = Engine::default().evaluate(&bundle, None);
    }
});
