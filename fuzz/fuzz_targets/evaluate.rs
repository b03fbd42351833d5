//! The whole path: any text with its kind detected, evaluated under the strict profile and
//! rendered in every format.
#![no_main]
use hullcheck::{Bundle, Engine, Format, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(bundle) = Bundle::from_json(text) else {
        return;
    };
    let Ok(policy) = Policy::parse(r#"{"extends": "strict"}"#) else {
        return;
    };
    let Ok(engine) = Engine::new(&policy) else {
        return;
    };
    let report = engine.evaluate(&bundle, None);
    for format in Format::ALL {
        let _ = report.render(format);
    }
});
