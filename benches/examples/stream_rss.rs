//! Streams a generated fleet of `docker inspect` documents through `hullcheck::stream` and
//! prints the bytes streamed, the reports, the time and the peak RSS (Linux `VmHWM`).
//!
//! ```sh
//! cargo run --release -p hullcheck-benches --example stream_rss -- ndjson 1024
//! cargo run --release -p hullcheck-benches --example stream_rss -- array 1024
//! ```
//!
//! The first argument is the form (`ndjson`: one document per line; `array`: one JSON array in
//! 64 KiB chunks), the second the stream size in MiB. Documents are generated on the fly from
//! the 9 KB corpus container (a new `Id` and `Name` each), so the stream never exists in memory.
#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a measurement driver: it prints what it measured and stops at the first failure"
)]

use std::time::Instant;

use hullcheck::{Engine, stream};
use hullcheck_benches::CONTAINER_INSPECT;

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Compact documents, each with its own id, until `budget` bytes.
fn documents(budget: u64) -> impl Iterator<Item = String> {
    let template: serde_json::Value = serde_json::from_str(CONTAINER_INSPECT).unwrap();
    let template = serde_json::to_string(&template).unwrap();
    let mut sent = 0_u64;
    let mut n = 0_u64;
    std::iter::from_fn(move || {
        if sent >= budget {
            return None;
        }
        n += 1;
        let doc = template.replacen("\"Id\":\"", &format!("\"Id\":\"{n:016x}"), 1);
        sent += doc.len() as u64 + 1;
        Some(doc)
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let form = args.get(1).map_or("ndjson", String::as_str);
    let mib: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1024);
    let budget = mib << 20;
    let engine = Engine::default();
    let start = Instant::now();
    let (mut reports, mut errors, mut findings, mut bytes) = (0_u64, 0_u64, 0_u64, 0_u64);
    let mut tally = |r: Result<hullcheck::Report, hullcheck::Error>| match r {
        Ok(report) => {
            reports += 1;
            findings += report.findings.len() as u64;
        }
        Err(_) => errors += 1,
    };
    if form == "array" {
        // One JSON array, cut into 64 KiB chunks regardless of document boundaries.
        let mut pending = String::from("[");
        let mut docs = documents(budget).peekable();
        let chunks = std::iter::from_fn(|| {
            while pending.len() < 65536 {
                match docs.next() {
                    Some(doc) => {
                        pending.push_str(&doc);
                        pending.push(if docs.peek().is_some() { ',' } else { ']' });
                    }
                    None => break,
                }
            }
            if pending.is_empty() {
                return None;
            }
            let mut cut = pending.len().min(65536);
            while !pending.is_char_boundary(cut) {
                cut -= 1;
            }
            let rest = pending.split_off(cut);
            let chunk = std::mem::replace(&mut pending, rest);
            bytes += chunk.len() as u64;
            Some(chunk)
        });
        stream::evaluate_json_array(&engine, "fleet.json", chunks, None).for_each(&mut tally);
    } else {
        let lines = documents(budget).inspect(|l| bytes += l.len() as u64 + 1);
        stream::evaluate_ndjson(&engine, "fleet.ndjson", lines, None).for_each(&mut tally);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{form}: {:.0} MiB streamed, {reports} reports ({errors} errors, {findings} findings) in {secs:.1} s ({:.0} µs/document), peak RSS {} MiB",
        bytes as f64 / f64::from(1 << 20),
        secs * 1e6 / reports.max(1) as f64,
        peak_rss_kib() / 1024
    );
}
