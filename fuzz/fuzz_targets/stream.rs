//! The streams: any text as NDJSON lines, and as a JSON array cut into chunks at a size the
//! first byte picks.
#![no_main]
use hullcheck::{Engine, stream};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let engine = Engine::default();
    for report in stream::evaluate_ndjson(&engine, "s", text.lines(), None) {
        let _ = report;
    }
    let size = usize::from(text.as_bytes().first().copied().unwrap_or(1) % 16) + 1;
    let mut chunks = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = size.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        chunks.push(head);
        rest = tail;
    }
    for report in stream::evaluate_json_array(&engine, "a", chunks, None) {
        let _ = report;
    }
});
