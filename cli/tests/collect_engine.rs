//! The collector against a real Docker Engine: a small fleet built from scratch with
//! busybox (no registry is needed), collected, and checked document by document.
//!
//! Without a reachable engine the engine tests print a loud message and are skipped, except
//! under CI (`CI=true`), where they fail: CI must start the engine.
//!
//! Everything the tests create is labelled `hullcheck.test=collect` and removed at the end,
//! even when an assertion fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    reason = "tests fail loudly and report what they measured"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use hullcheck::{Bundle, Collection};
use hullcheck_cli::collect::{CollectOptions, collect_docker};
use serde_json::Value;

const LABEL: &str = "hullcheck.test=collect";
const IMAGE: &str = "hullcheck-test/busybox:1";
const NETWORK: &str = "hullcheck-collect-net";

/// Runs `docker` with `args`; its trimmed standard output, or the failure as text.
fn docker(args: &[&str]) -> Result<String, String> {
    let out = Command::new("docker")
        .args(args)
        .output()
        .map_err(|e| format!("docker {}: {e}", args.join(" ")))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(format!(
            "docker {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn must(args: &[&str]) -> String {
    docker(args).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether an engine answers; when not, fails under CI and skips otherwise.
fn engine_available(test: &str) -> bool {
    if let Err(e) = docker(&["version", "--format", "{{.Server.APIVersion}}"]) {
        let message = format!(
            "\n\n*** {test}: NO DOCKER ENGINE IS REACHABLE ({e}) ***\n*** the live-engine collection test did not run ***\n"
        );
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "{message}*** CI=true: the engine must be running for this test ***\n"
        );
        eprintln!("{message}*** skipped (set CI=true to make this a failure) ***\n");
        return false;
    }
    true
}

/// Removes every container, network and image labelled for these tests, when dropped.
struct Cleanup;

impl Cleanup {
    fn sweep() {
        let filter = format!("label={LABEL}");
        if let Ok(ids) = docker(&["ps", "-aq", "--filter", &filter]) {
            let ids: Vec<&str> = ids.split_whitespace().collect();
            if !ids.is_empty() {
                let mut args = vec!["rm", "-f"];
                args.extend(ids);
                let _ = docker(&args);
            }
        }
        if let Ok(ids) = docker(&["network", "ls", "-q", "--filter", &filter]) {
            for id in ids.split_whitespace() {
                let _ = docker(&["network", "rm", id]);
            }
        }
        if let Ok(ids) = docker(&["images", "-aq", "--filter", &filter]) {
            let mut ids: Vec<&str> = ids.split_whitespace().collect();
            ids.sort_unstable();
            ids.dedup();
            if !ids.is_empty() {
                let mut args = vec!["rmi", "-f"];
                args.extend(ids);
                let _ = docker(&args);
            }
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        Cleanup::sweep();
    }
}

/// Builds `IMAGE` from scratch with busybox; `revision` changes the image (a new id for the
/// same tag). Returns the image id.
fn build_image(revision: u32) -> String {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "hullcheck-collect-build-{}-{revision}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("/bin/busybox", dir.join("busybox"))
        .expect("busybox-static must be installed (/bin/busybox)");
    std::fs::write(
        dir.join("Dockerfile"),
        format!(
            "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\nLABEL hullcheck.revision={revision}\nCMD [\"/bin/sleep\",\"3600\"]\n"
        ),
    )
    .unwrap();
    let built = docker(&[
        "build",
        "-q",
        "--label",
        LABEL,
        "-t",
        IMAGE,
        &dir.to_string_lossy(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    built.unwrap_or_else(|e| panic!("{e}"));
    must(&["image", "inspect", "-f", "{{.Id}}", IMAGE])
}

fn run_container(name: &str, extra: &[&str]) -> String {
    let mut args = vec!["run", "-d", "--label", LABEL, "--name", name];
    args.extend(extra);
    args.push(IMAGE);
    must(&args)
}

fn documents<'a>(collection: &'a Collection, kind: &str) -> Vec<(&'a str, &'a Value)> {
    collection
        .documents
        .iter()
        .filter(|d| d.kind.as_str() == kind)
        .map(|d| (d.source.as_str(), &d.document))
        .collect()
}

#[test]
fn collects_a_live_engine() {
    if !engine_available("collects_a_live_engine") {
        return;
    }
    Cleanup::sweep();
    let _cleanup = Cleanup;

    let old_image = build_image(1);
    must(&["network", "create", "--label", LABEL, NETWORK]);
    let network_id = must(&["network", "inspect", "-f", "{{.Id}}", NETWORK]);
    let plain = run_container("hullcheck-collect-plain", &["--network", NETWORK]);
    let with_exec = run_container("hullcheck-collect-exec", &["--read-only"]);
    must(&["exec", "-d", "hullcheck-collect-exec", "/bin/sleep", "600"]);
    let stopped = must(&[
        "create",
        "--label",
        LABEL,
        "--name",
        "hullcheck-collect-stopped",
        IMAGE,
    ]);
    // The tag now names a new image; the containers still run the old one (CIS 5.28).
    let new_image = build_image(2);
    assert_ne!(old_image, new_image);

    let started = Instant::now();
    let collection = collect_docker(&CollectOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let elapsed = started.elapsed();
    eprintln!(
        "collection of the running fleet: {:.3} s, {} documents, {} notes",
        elapsed.as_secs_f64(),
        collection.documents.len(),
        collection.notes.len()
    );
    for note in &collection.notes {
        eprintln!("  note: {} ({:?})", note.message, note.source);
    }

    assert!(
        collection
            .collected_at
            .as_deref()
            .is_some_and(|t| t.ends_with('Z') && hullcheck::Timestamp::parse(t).is_ok())
    );
    assert_eq!(
        collection.collector.as_deref(),
        Some(concat!("hullcheck ", env!("CARGO_PKG_VERSION")))
    );
    assert!(
        collection
            .endpoint
            .as_deref()
            .is_some_and(|e| e.starts_with("unix://"))
    );

    // Containers: the running ones by full id, not the stopped one.
    let containers = documents(&collection, "container");
    for id in [&plain, &with_exec] {
        let source = format!("docker:/containers/{id}/json");
        let found = containers.iter().find(|(s, _)| *s == source);
        assert!(
            found.is_some_and(|(_, d)| d["Id"] == id.as_str()),
            "{source} missing"
        );
    }
    assert!(!containers.iter().any(|(s, _)| s.contains(&stopped)));
    let exec_doc = containers
        .iter()
        .find(|(_, d)| d["Id"] == with_exec.as_str())
        .map(|(_, d)| *d)
        .unwrap();
    assert_eq!(exec_doc["HostConfig"]["ReadonlyRootfs"], true);
    let exec_ids: Vec<&str> = exec_doc["ExecIDs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(exec_ids.len(), 1, "{:?}", exec_doc["ExecIDs"]);

    // Engine documents.
    assert_eq!(documents(&collection, "daemon_info").len(), 1);
    let version = documents(&collection, "daemon_version");
    assert!(
        version
            .first()
            .is_some_and(|(s, d)| *s == "docker:/version" && d["ApiVersion"].is_string())
    );
    assert!(
        documents(&collection, "daemon_info")
            .first()
            .is_some_and(|(s, d)| *s == "docker:/info" && d["ServerVersion"].is_string())
    );

    // Images: the one the containers run, and the one their tag names now.
    let images = documents(&collection, "image");
    let by_id = format!("docker:/images/{old_image}/json");
    assert!(
        images
            .iter()
            .any(|(s, d)| *s == by_id && d["Id"] == old_image.as_str()),
        "{by_id} missing"
    );
    let by_tag = format!("docker:/images/{IMAGE}/json");
    assert!(
        images
            .iter()
            .any(|(s, d)| *s == by_tag && d["Id"] == new_image.as_str()),
        "{by_tag} (the image the tag names now) missing: {:?}",
        images.iter().map(|(s, _)| s).collect::<Vec<_>>()
    );
    assert_eq!(images.len(), 2, "one image per distinct id");
    // Each image carries its history, oldest first: the COPY of busybox comes first.
    for (source, image) in &images {
        let history = image["History"].as_array();
        assert!(
            history.is_some_and(|h| h
                .first()
                .is_some_and(|e| e["created_by"].as_str().is_some_and(|c| c.contains("COPY")))),
            "{source}: {:?}",
            image.get("History")
        );
    }

    // Processes of the running containers, exec sessions and networks.
    {
        let processes = documents(&collection, "container_processes");
        for id in [&plain, &with_exec] {
            let source = format!("docker:/containers/{id}/top");
            let doc = processes
                .iter()
                .find(|(s, _)| *s == source)
                .map(|(_, d)| *d);
            assert!(doc.is_some_and(|d| d["ContainerID"] == id.as_str()
                && d["Titles"].as_array().is_some_and(|t| !t.is_empty())
                && d["Processes"].as_array().is_some_and(|p| !p.is_empty())));
        }
    }
    {
        let execs = documents(&collection, "exec");
        let source = format!("docker:/exec/{}/json", exec_ids[0]);
        assert!(
            execs
                .iter()
                .any(|(s, d)| *s == source && d["ContainerID"] == with_exec.as_str())
        );
    }
    {
        let networks = documents(&collection, "network");
        let source = format!("docker:/networks/{network_id}");
        assert!(
            networks
                .iter()
                .any(|(s, d)| *s == source && d["Name"] == NETWORK)
        );
        assert!(networks.iter().any(|(_, d)| d["Name"] == "bridge"));
    }

    // The daemon configuration: the file's JSON, or `{}` when dockerd runs without one.
    let configs = documents(&collection, "daemon_config");
    assert_eq!(configs.len(), 1, "{configs:?}");
    let (source, config) = configs[0];
    let path = source.strip_suffix(" (absent: dockerd defaults)");
    match path {
        Some(path) => {
            assert!(
                !Path::new(path).exists(),
                "{path} exists but was reported absent"
            );
            assert_eq!(config, &serde_json::json!({}));
        }
        None => assert!(Path::new(source).exists() && config.is_object()),
    }

    // Host facts.
    let facts = documents(&collection, "host_facts");
    assert_eq!(facts.len(), 1);
    let (_, facts) = facts[0];
    let files = facts["files"].as_array().unwrap();
    let socket = files
        .iter()
        .find(|f| f["path"] == "/var/run/docker.sock")
        .unwrap();
    assert_eq!(socket["type"], "socket");
    assert!(
        socket["mode"]
            .as_str()
            .is_some_and(|m| m.bytes().all(|b| (b'0'..=b'7').contains(&b)))
    );
    assert!(socket["uid"].is_u64());
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "/run/docker/containerd/containerd.sock")
    );
    assert!(files.iter().any(|f| f["exists"] == false));
    assert!(facts["audit_rules"].is_string());
    assert!(facts["hostname"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(
        facts["mounts"]
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["mount_point"] == "/"))
    );
    assert!(facts["groups"].is_array());
    assert!(facts["environment"].is_object());

    // The core takes the collection as it is.
    let mut bundle = Bundle::new();
    let added = bundle
        .add_collection(&collection)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(added >= containers.len() + images.len(), "{added} subjects");
    let text = collection.to_json_pretty();
    let back: Collection = serde_json::from_str(&text).unwrap();
    assert_eq!(back, collection);

    // `all` adds the stopped container.
    let started = Instant::now();
    let everything = collect_docker(&CollectOptions {
        all: true,
        ..CollectOptions::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "collection with all: {:.3} s",
        started.elapsed().as_secs_f64()
    );
    let source = format!("docker:/containers/{stopped}/json");
    assert!(
        documents(&everything, "container")
            .iter()
            .any(|(s, _)| *s == source)
    );
    {
        let processes = documents(&everything, "container_processes");
        assert!(
            !processes.iter().any(|(s, _)| s.contains(&stopped)),
            "a stopped container has no processes"
        );
    }
}

#[test]
fn a_missing_socket_names_the_endpoint() {
    let err = collect_docker(&CollectOptions {
        endpoint: Some("unix:///nonexistent.sock".to_owned()),
        ..CollectOptions::default()
    })
    .err()
    .map(|e| e.message);
    assert!(
        err.as_deref()
            .is_some_and(|m| m.contains("unix:///nonexistent.sock") && m.contains("not running")),
        "{err:?}"
    );
}

#[test]
fn works_inside_a_tokio_runtime() {
    // A caller that is itself async (a binding's event loop) must not make it panic.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    if !engine_available("works_inside_a_tokio_runtime") {
        return;
    }
    let collected = runtime.block_on(async { collect_docker(&CollectOptions::default()) });
    assert!(
        collected.is_ok_and(|c| !documents(&c, "daemon_info").is_empty()),
        "collection inside a runtime failed"
    );
}

#[test]
fn a_closed_tcp_port_names_the_endpoint() {
    // Port 1 on the loopback address: nothing listens there.
    let err = collect_docker(&CollectOptions {
        endpoint: Some("tcp://127.0.0.1:1".to_owned()),
        ..CollectOptions::default()
    })
    .err()
    .map(|e| e.message);
    assert!(
        err.as_deref()
            .is_some_and(|m| m.contains("tcp://127.0.0.1:1") && m.contains("refused")),
        "{err:?}"
    );
}

#[test]
fn a_socket_without_a_listener_is_a_stopped_daemon() {
    let path = std::env::temp_dir().join(format!("hullcheck-dead-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    // Bind and drop: the socket file stays, nobody listens.
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    let endpoint = format!("unix://{}", path.display());
    let err = collect_docker(&CollectOptions {
        endpoint: Some(endpoint.clone()),
        ..CollectOptions::default()
    })
    .err()
    .map(|e| e.message);
    let _ = std::fs::remove_file(&path);
    assert!(
        err.as_deref()
            .is_some_and(|m| m.contains(&endpoint) && m.contains("connection refused")),
        "{err:?}"
    );
}

/// Collection time on a bigger fleet: `HULLCHECK_FLEET=50 cargo test -p hullcheck-cli --test
/// collect_engine -- --ignored --nocapture fleet_timing`.
#[test]
#[ignore = "builds a fleet of HULLCHECK_FLEET containers (default 30) to time the collector"]
fn fleet_timing() {
    if !engine_available("fleet_timing") {
        return;
    }
    let size: usize = std::env::var("HULLCHECK_FLEET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    Cleanup::sweep();
    let _cleanup = Cleanup;
    build_image(1);
    for i in 0..size {
        let name = format!("hullcheck-collect-fleet-{i}");
        run_container(&name, &[]);
        if i % 3 == 0 {
            must(&["exec", "-d", &name, "/bin/sleep", "600"]);
        }
    }
    for round in 0..3 {
        let started = Instant::now();
        let collection =
            collect_docker(&CollectOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "fleet of {size} running containers, round {round}: {:.3} s, {} documents",
            started.elapsed().as_secs_f64(),
            collection.documents.len()
        );
        assert!(documents(&collection, "container").len() >= size);
    }
}
