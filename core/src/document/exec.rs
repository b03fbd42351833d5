//! The exec session model: Engine API `GET /exec/{id}/json`.
//!
//! An exec session is not a subject of its own: it belongs to the container its `ContainerID`
//! names (the full id, or a prefix of it), and the container rules about `docker exec` read
//! it from the bundle ([`super::Bundle::exec_sessions_of`]). `null` or missing values read as
//! empty; values of the wrong JSON type are errors that name their pointer.

use serde::Deserialize;

use super::lenient::{nullable, string_or_list};
use super::origin::Origin;

/// One `docker exec` session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ExecSession {
    /// Exec id (`ID`).
    #[serde(default, rename = "ID", deserialize_with = "nullable")]
    pub id: String,
    /// The id of the container it runs in (`ContainerID`).
    #[serde(default, rename = "ContainerID", deserialize_with = "nullable")]
    pub container_id: String,
    /// Whether the process still runs (`Running`).
    #[serde(default, deserialize_with = "nullable")]
    pub running: bool,
    /// Exit code once it ended (`ExitCode`); `None` while it runs or when not given.
    #[serde(default)]
    pub exit_code: Option<i64>,
    /// How the process was started (`ProcessConfig`); `None` when the document has none.
    #[serde(default)]
    pub process_config: Option<ProcessConfig>,
    /// Whether standard input was kept open (`OpenStdin`).
    #[serde(default, deserialize_with = "nullable")]
    pub open_stdin: bool,
    /// Host process id (`Pid`); 0 when not given.
    #[serde(default, deserialize_with = "nullable")]
    pub pid: i64,
    /// Where the session's values came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// `ProcessConfig` of an exec session (the Engine API writes these keys in lowercase).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub struct ProcessConfig {
    /// `docker exec --privileged`.
    #[serde(default, deserialize_with = "nullable")]
    pub privileged: bool,
    /// `docker exec --user`; `None` when absent or `null` (the Engine API leaves an empty user
    /// out), which means the container's user.
    #[serde(default)]
    pub user: Option<String>,
    /// `docker exec --tty`.
    #[serde(default, deserialize_with = "nullable")]
    pub tty: bool,
    /// The program.
    #[serde(default, deserialize_with = "nullable")]
    pub entrypoint: String,
    /// Its arguments.
    #[serde(default, deserialize_with = "string_or_list")]
    pub arguments: Vec<String>,
}

impl ExecSession {
    /// Whether the session was started with `--privileged`.
    #[must_use]
    pub fn is_privileged(&self) -> bool {
        self.process_config.as_ref().is_some_and(|p| p.privileged)
    }

    /// The `--user` the session was started with, trimmed; empty when none was given.
    #[must_use]
    pub fn user(&self) -> &str {
        self.process_config
            .as_ref()
            .and_then(|p| p.user.as_deref())
            .map_or("", str::trim)
    }

    /// The exec id as reports show it: its first 12 characters.
    #[must_use]
    pub fn short_id(&self) -> String {
        if self.id.is_empty() {
            "(no id)".to_owned()
        } else {
            self.id.chars().take(12).collect()
        }
    }

    /// The path of the `user` value in the document: `/ProcessConfig/user` when it is there,
    /// else `/ProcessConfig`, else the document itself (`""`).
    #[must_use]
    pub fn user_field(&self) -> &'static str {
        match &self.process_config {
            Some(config) if config.user.is_some() => "/ProcessConfig/user",
            Some(_) => "/ProcessConfig",
            None => "",
        }
    }

    /// Whether this session is the one `exec_id` (a full id or a prefix) names.
    #[must_use]
    pub fn is_identified_by(&self, exec_id: &str) -> bool {
        let wanted = exec_id.trim();
        !wanted.is_empty() && self.id.starts_with(wanted)
    }
}
