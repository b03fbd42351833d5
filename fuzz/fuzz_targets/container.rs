//! The container reader: any text read as a `Container` document, as text and as a parsed value, then
//! evaluated. A report or a typed error, never a panic.
#![no_main]
use hullcheck::{DocumentKind, Engine};
use hullcheck_fuzz::read_as_and_evaluate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    read_as_and_evaluate(DocumentKind::Container, text, &Engine::default(), None);
});
