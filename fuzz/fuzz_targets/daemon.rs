//! The daemon readers: any text read as `docker info`, `docker version`, daemon.json and host
//! facts, together in one bundle, then evaluated.
#![no_main]
use hullcheck::{Bundle, DocumentKind, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut bundle = Bundle::new();
    for kind in [
        DocumentKind::DaemonInfo,
        DocumentKind::DaemonVersion,
        DocumentKind::DaemonConfig,
        DocumentKind::HostFacts,
    ] {
        let _ = bundle.add_json_as("fuzz", kind, text);
    }
    let _ = Engine::default().evaluate(&bundle, None);
});
