//! The Engine API side of a collection: one pass over `/version`, `/info`, the containers
//! (inspect, processes, exec sessions), their images and the networks, with the per-object
//! requests running concurrently (at most [`IN_FLIGHT`] at a time) on the caller's
//! single-thread runtime.

use std::collections::BTreeSet;
use std::io::Write as _;

use bollard::Docker;
use bollard::errors::Error as EngineError;
use bollard::query_parameters::{ListContainersOptionsBuilder, TopOptionsBuilder};
use futures_util::StreamExt as _;
use futures_util::stream;
use hullcheck::DocumentKind;
use serde_json::{Value, json};

use super::CollectError;
use super::endpoint::{Endpoint, connection_error};

/// Requests in flight at once: enough to hide the engine's latency, few enough not to load
/// a busy daemon.
pub(crate) const IN_FLIGHT: usize = 16;

/// One result of the pass: a document or a note, in collection order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    /// A document read from the engine.
    Document {
        /// `docker:/containers/<id>/json` and the like.
        source: String,
        /// Its kind.
        kind: DocumentKind,
        /// The engine's answer as JSON.
        document: Value,
    },
    /// Something left out, and why.
    Note {
        /// The source it concerns.
        source: String,
        /// A sentence for people.
        message: String,
    },
}

impl Entry {
    fn document(source: String, kind: DocumentKind, document: Value) -> Entry {
        Entry::Document {
            source,
            kind,
            document,
        }
    }

    fn note(source: String, message: String) -> Entry {
        Entry::Note { source, message }
    }
}

/// What the pass over the engine found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EngineRead {
    /// Documents and notes in collection order.
    pub(crate) entries: Vec<Entry>,
    /// Whether the engine is Podman (its version names a Podman component).
    pub(crate) is_podman: bool,
    /// The number of containers listed.
    pub(crate) containers: usize,
}

/// Progress lines on standard error (`collecting 12/1000 containers`), when enabled.
#[derive(Debug)]
pub(crate) struct Progress {
    enabled: bool,
}

impl Progress {
    pub(crate) fn new(enabled: bool) -> Self {
        Progress { enabled }
    }

    fn show(&self, done: usize, total: usize, what: &str) {
        if !self.enabled {
            return;
        }
        let end = if done == total { "\n" } else { "" };
        // A progress line that cannot be written is no reason to stop collecting.
        let _ = write!(std::io::stderr(), "\rcollecting {done}/{total} {what}{end}");
    }
}

fn is_not_found(error: &EngineError) -> bool {
    matches!(
        error,
        EngineError::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// Reads everything hullcheck needs from the engine.
pub(crate) async fn read_engine(
    docker: Docker,
    endpoint: &Endpoint,
    all: bool,
    progress: &Progress,
) -> Result<EngineRead, CollectError> {
    let docker = docker
        .negotiate_version()
        .await
        .map_err(|e| connection_error(endpoint, &e))?;
    let mut entries = Vec::new();

    let (version, info) = futures_util::future::join(docker.version(), docker.info()).await;
    let mut is_podman = false;
    match version {
        Ok(version) => {
            is_podman = version
                .components
                .iter()
                .flatten()
                .any(|c| c.name.to_ascii_lowercase().contains("podman"));
            entries.push(serialized(
                "docker:/version".to_owned(),
                DocumentKind::DaemonVersion,
                serde_json::to_value(&version),
            ));
        }
        Err(e) => entries.push(Entry::note(
            "docker:/version".to_owned(),
            format!("cannot read the engine's version: {e}"),
        )),
    }
    match info {
        Ok(info) => entries.push(serialized(
            "docker:/info".to_owned(),
            DocumentKind::DaemonInfo,
            serde_json::to_value(&info),
        )),
        Err(e) => entries.push(Entry::note(
            "docker:/info".to_owned(),
            format!("cannot read the engine's information (/info): {e}"),
        )),
    }

    let listed = docker
        .list_containers(Some(ListContainersOptionsBuilder::new().all(all).build()))
        .await
        .map_err(|e| CollectError {
            message: format!(
                "cannot list the containers of the Docker engine at {}: {e}",
                endpoint.url()
            ),
        })?;
    let ids: Vec<String> = listed.into_iter().filter_map(|c| c.id).collect();
    let total = ids.len();
    let mut done = 0;
    let containers: Vec<ContainerRead> = stream::iter(ids)
        .map(|id| read_container(&docker, id))
        .buffered(IN_FLIGHT)
        .inspect(|_| {
            done += 1;
            progress.show(done, total, "containers");
        })
        .collect()
        .await;

    let mut image_ids: Vec<String> = Vec::new();
    for container in &containers {
        if let Some(id) = &container.image_id
            && !image_ids.contains(id)
        {
            image_ids.push(id.clone());
        }
    }
    let images: Vec<(String, Result<Value, Entry>)> = stream::iter(image_ids)
        .map(|id| read_image(&docker, id))
        .buffered(IN_FLIGHT)
        .collect()
        .await;

    // CIS 5.28: a container whose `Config.Image` is a tag that names another image now.
    let mut known_ids: BTreeSet<String> = BTreeSet::new();
    let mut known_tags: BTreeSet<String> = BTreeSet::new();
    for (id, image) in &images {
        known_ids.insert(id.clone());
        if let Ok(document) = image {
            for tag in document
                .get("RepoTags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                known_tags.insert(tag.to_owned());
            }
        }
    }
    let mut tags: Vec<(String, String)> = Vec::new();
    for container in &containers {
        let (Some(reference), Some(image_id)) = (&container.config_image, &container.image_id)
        else {
            continue;
        };
        if !reference_is_tag(reference, image_id)
            || tag_forms(reference).iter().any(|t| known_tags.contains(t))
            || tags.iter().any(|(t, _)| t == reference)
        {
            continue;
        }
        tags.push((reference.clone(), container.id.clone()));
    }
    let tagged: Vec<Entry> = stream::iter(tags)
        .map(|(tag, container)| read_tag(&docker, tag, container))
        .buffered(IN_FLIGHT)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .filter(|entry| match entry {
            Entry::Document { document, .. } => !document
                .get("Id")
                .and_then(Value::as_str)
                .is_some_and(|id| known_ids.contains(id)),
            Entry::Note { .. } => true,
        })
        .collect();

    let networks = read_networks(&docker).await;

    let count = containers.len();
    for container in containers {
        entries.extend(container.entries);
    }
    for (id, image) in images {
        entries.push(match image {
            Ok(document) => Entry::document(image_source(&id), DocumentKind::Image, document),
            Err(note) => note,
        });
    }
    entries.extend(tagged);
    entries.extend(networks);
    Ok(EngineRead {
        entries,
        is_podman,
        containers: count,
    })
}

fn serialized(
    source: String,
    kind: DocumentKind,
    value: Result<Value, serde_json::Error>,
) -> Entry {
    match value {
        Ok(document) => Entry::document(source, kind, document),
        Err(e) => Entry::note(
            source,
            format!("cannot represent the engine's answer as JSON: {e}"),
        ),
    }
}

fn image_source(id: &str) -> String {
    format!("docker:/images/{id}/json")
}

/// One container's documents (inspect, processes, exec sessions) and the image it names.
#[derive(Debug)]
struct ContainerRead {
    id: String,
    entries: Vec<Entry>,
    /// `Image`: the id of the image it runs.
    image_id: Option<String>,
    /// `Config.Image`: the reference it was created from.
    config_image: Option<String>,
}

async fn read_container(docker: &Docker, listed_id: String) -> ContainerRead {
    let source = format!("docker:/containers/{listed_id}/json");
    let mut read = ContainerRead {
        id: listed_id.clone(),
        entries: Vec::new(),
        image_id: None,
        config_image: None,
    };
    let inspect = match docker.inspect_container(&listed_id, None).await {
        Ok(inspect) => inspect,
        Err(e) if is_not_found(&e) => {
            read.entries.push(Entry::note(
                source,
                format!("container {listed_id} disappeared during collection; skipped"),
            ));
            return read;
        }
        Err(e) => {
            read.entries.push(Entry::note(
                source,
                format!("cannot inspect container {listed_id}: {e}; skipped"),
            ));
            return read;
        }
    };
    let id = inspect.id.clone().unwrap_or(listed_id);
    read.id.clone_from(&id);
    read.image_id.clone_from(&inspect.image);
    read.config_image = inspect.config.as_ref().and_then(|c| c.image.clone());
    let running = inspect
        .state
        .as_ref()
        .and_then(|s| s.running)
        .unwrap_or(false);
    let exec_ids = inspect.exec_ids.clone().unwrap_or_default();
    read.entries.push(serialized(
        format!("docker:/containers/{id}/json"),
        DocumentKind::Container,
        serde_json::to_value(&inspect),
    ));
    if running {
        read.entries.push(read_processes(docker, &id).await);
    }
    for exec in exec_ids {
        read.entries.push(read_exec(docker, &id, &exec).await);
    }
    read
}

/// `GET /containers/{id}/top?ps_args=-ef`, or without `ps_args` where the engine refuses it.
async fn read_processes(docker: &Docker, id: &str) -> Entry {
    let source = format!("docker:/containers/{id}/top");
    let with_args = docker
        .top_processes(id, Some(TopOptionsBuilder::new().ps_args("-ef").build()))
        .await;
    let top = match with_args {
        Err(e) if !is_not_found(&e) => docker.top_processes(id, None).await,
        other => other,
    };
    match top {
        Ok(top) => Entry::document(
            source,
            DocumentKind::ContainerProcesses,
            json!({
                "ContainerID": id,
                "Titles": top.titles.unwrap_or_default(),
                "Processes": top.processes.unwrap_or_default(),
            }),
        ),
        Err(e) if is_not_found(&e) => Entry::note(
            source,
            format!("container {id} disappeared during collection; its processes are left out"),
        ),
        Err(e) => Entry::note(
            source,
            format!("cannot list the processes of container {id}: {e}"),
        ),
    }
}

async fn read_exec(docker: &Docker, container: &str, exec: &str) -> Entry {
    let source = format!("docker:/exec/{exec}/json");
    match docker.inspect_exec(exec).await {
        Ok(inspect) => serialized(source, DocumentKind::Exec, serde_json::to_value(&inspect)),
        Err(e) if is_not_found(&e) => Entry::note(
            source,
            format!(
                "exec session {exec} of container {container} disappeared during collection; skipped"
            ),
        ),
        Err(e) => Entry::note(
            source,
            format!("cannot inspect exec session {exec} of container {container}: {e}"),
        ),
    }
}

async fn read_image(docker: &Docker, id: String) -> (String, Result<Value, Entry>) {
    let source = image_source(&id);
    let result = match docker.inspect_image(&id).await {
        Ok(inspect) => match serde_json::to_value(&inspect) {
            Ok(mut document) => {
                attach_history(docker, &id, &mut document).await;
                Ok(document)
            }
            Err(e) => Err(Entry::note(
                source,
                format!("cannot represent the engine's answer as JSON: {e}"),
            )),
        },
        Err(e) if is_not_found(&e) => Err(Entry::note(
            source,
            format!("image {id} disappeared during collection; skipped"),
        )),
        Err(e) => Err(Entry::note(
            source,
            format!("cannot inspect image {id}: {e}"),
        )),
    };
    (id, result)
}

/// Adds the image's history to its inspect document as `History`, the shape the core reads
/// (an OCI config's history: oldest first, `created_by`, `comment`, `empty_layer`). `docker
/// image inspect` has no history; the engine serves it apart (`GET /images/{id}/history`),
/// newest first, with a layer size instead of `empty_layer`: an entry of size 0 made no layer.
/// Without it the image rules that read the build's instructions could not decide on a live
/// host. When the engine does not answer, the document stays as inspected.
async fn attach_history(docker: &Docker, id: &str, document: &mut Value) {
    let Ok(items) = docker.image_history(id).await else {
        return;
    };
    let history: Vec<Value> = items
        .iter()
        .rev()
        .map(|item| {
            serde_json::json!({
                "created_by": item.created_by,
                "comment": item.comment,
                "empty_layer": item.size == 0,
            })
        })
        .collect();
    if let Some(map) = document.as_object_mut()
        && !history.is_empty()
        && !map.contains_key("History")
    {
        map.insert("History".to_owned(), Value::Array(history));
    }
}

/// The image a tag names now (for CIS 5.28), or a note when the tag names none.
async fn read_tag(docker: &Docker, tag: String, container: String) -> Entry {
    let source = image_source(&tag);
    match docker.inspect_image(&tag).await {
        Ok(inspect) => {
            let mut value = serde_json::to_value(&inspect);
            if let Ok(document) = &mut value {
                attach_history(docker, &tag, document).await;
            }
            serialized(source, DocumentKind::Image, value)
        }
        Err(e) if is_not_found(&e) => Entry::note(
            source,
            format!(
                "the tag {tag} that container {container} was created from names no image on the engine now; whether a newer image exists is unknown"
            ),
        ),
        Err(e) => Entry::note(
            source,
            format!("cannot inspect image {tag} (the tag of container {container}): {e}"),
        ),
    }
}

async fn read_networks(docker: &Docker) -> Vec<Entry> {
    let listed = match docker.list_networks(None).await {
        Ok(listed) => listed,
        Err(e) => {
            return vec![Entry::note(
                "docker:/networks".to_owned(),
                format!("cannot list the engine's networks: {e}"),
            )];
        }
    };
    // The engine lists networks in no fixed order; sorted by name (then id), two collections
    // of the same host are the same bytes.
    let mut named: Vec<(String, String)> = listed
        .into_iter()
        .filter_map(|n| n.id.map(|id| (n.name.unwrap_or_default(), id)))
        .collect();
    named.sort();
    let ids: Vec<String> = named.into_iter().map(|(_, id)| id).collect();
    stream::iter(ids)
        .map(|id| async move {
            let source = format!("docker:/networks/{id}");
            match docker.inspect_network(&id, None).await {
                Ok(inspect) => serialized(
                    source,
                    DocumentKind::Network,
                    serde_json::to_value(&inspect),
                ),
                Err(e) if is_not_found(&e) => Entry::note(
                    source,
                    format!("network {id} disappeared during collection; skipped"),
                ),
                Err(e) => Entry::note(source, format!("cannot inspect network {id}: {e}")),
            }
        })
        .buffered(IN_FLIGHT)
        .collect()
        .await
}

/// Whether a container's `Config.Image` is a tag (`nginx`, `nginx:1.27`,
/// `registry:5000/app:2`) rather than a digest reference (`app@sha256:...`) or the image id
/// it runs (`sha256:4f2a...`, or a prefix of the id's hex).
pub(crate) fn reference_is_tag(reference: &str, image_id: &str) -> bool {
    let reference = reference.trim();
    if reference.is_empty() || reference.contains('@') {
        return false;
    }
    let hex = image_id.strip_prefix("sha256:").unwrap_or(image_id);
    let bare = reference.strip_prefix("sha256:").unwrap_or(reference);
    let looks_like_id =
        bare.len() >= 12 && bare.bytes().all(|b| b.is_ascii_hexdigit()) && hex.starts_with(bare);
    !(looks_like_id || reference.starts_with("sha256:"))
}

/// The forms a tag reference takes in an image's `RepoTags`: as written, with `:latest` when
/// it names no tag, and without Docker Hub's `docker.io/` and `library/` prefixes.
pub(crate) fn tag_forms(reference: &str) -> Vec<String> {
    let mut name = reference.trim();
    for prefix in ["docker.io/", "index.docker.io/"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest;
        }
    }
    if let Some(rest) = name.strip_prefix("library/") {
        name = rest;
    }
    let last = name.rsplit('/').next().unwrap_or(name);
    let tagged = if last.contains(':') {
        name.to_owned()
    } else {
        format!("{name}:latest")
    };
    let mut forms = vec![reference.trim().to_owned(), tagged];
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "sha256:4f2a9c0e1b2d3c4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789";

    #[test]
    fn tags_ids_and_digests() {
        assert!(reference_is_tag("nginx", ID));
        assert!(reference_is_tag("nginx:1.27", ID));
        assert!(reference_is_tag("registry.local:5000/team/app:2", ID));
        assert!(!reference_is_tag("nginx@sha256:abcd", ID));
        assert!(!reference_is_tag(ID, ID));
        assert!(!reference_is_tag("4f2a9c0e1b2d", ID));
        assert!(!reference_is_tag("sha256:ffff", ID));
        // Hex that is not this image's id is a name.
        assert!(reference_is_tag("deadbeefcafe", ID));
        assert!(!reference_is_tag("", ID));
    }

    #[test]
    fn tag_forms_match_repo_tags() {
        assert_eq!(tag_forms("busybox"), vec!["busybox", "busybox:latest"]);
        assert_eq!(
            tag_forms("docker.io/library/nginx:1"),
            vec!["docker.io/library/nginx:1", "nginx:1"]
        );
        assert_eq!(
            tag_forms("registry:5000/app"),
            vec!["registry:5000/app", "registry:5000/app:latest"]
        );
        assert_eq!(tag_forms("app:2"), vec!["app:2"]);
    }
}
