//! The policy reader (JSON and YAML) on any text; a policy that resolves builds an engine and
//! evaluates a fixed container.
#![no_main]
use hullcheck::{Bundle, Engine, Policy};
use libfuzzer_sys::fuzz_target;

const CONTAINER: &str = r#"{"Id": "a", "Name": "/a", "Config": {"Image": "nginx", "Env": ["DB_PASSWORD=x"]}, "HostConfig": {"Privileged": true, "CapAdd": ["SYS_ADMIN"]}}"#;

fuzz_target!(|text: &str| {
    let Ok(policy) = Policy::parse(text) else {
        return;
    };
    let _ = policy.resolve();
    if let Ok(engine) = Engine::new(&policy) {
        if let Ok(bundle) = Bundle::from_json(CONTAINER) {
            let _ = engine.evaluate(
                &bundle,
                hullcheck::Timestamp::parse("2026-01-01T00:00:00Z").ok(),
            );
        }
    }
});
