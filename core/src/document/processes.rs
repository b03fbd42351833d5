//! The process list of a container: the Engine API `GET /containers/{id}/top` body (what
//! `docker top` prints) with the id of the container it was taken from.
//!
//! ```json
//! {"ContainerID": "<full id>", "Titles": ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
//!  "Processes": [["root", "1234", "1200", "0", "10:00", "?", "00:00:00", "/usr/sbin/sshd -D"]]}
//! ```
//!
//! Like an exec session it is not a subject of its own: it belongs to the container its
//! `ContainerID` names (the full id, or a prefix of it), read from the bundle with
//! [`super::Bundle::process_lists_of`]. A list without `ContainerID` (the bare `top` body)
//! belongs to no container. `null` or missing values read as empty; values of the wrong JSON
//! type (a number in a row) are errors that name their pointer.

use serde::Deserialize;

use super::lenient::nullable;
use super::origin::Origin;

/// The processes running in one container.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ContainerProcesses {
    /// The id of the container (`ContainerID`, written by the collector).
    #[serde(default, rename = "ContainerID", deserialize_with = "nullable")]
    pub container_id: String,
    /// Column titles (`Titles`), as `ps` printed them.
    #[serde(default, deserialize_with = "nullable")]
    pub titles: Vec<String>,
    /// One row per process (`Processes`), a value per title.
    #[serde(default, deserialize_with = "nullable")]
    pub processes: Vec<Vec<String>>,
    /// Where the list's values came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// One process of a [`ContainerProcesses`] list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessEntry<'a> {
    /// Index of the row in `Processes`.
    pub row: usize,
    /// Index of the command column in the row.
    pub column: usize,
    /// The command line (`CMD` / `COMMAND` column).
    pub command: &'a str,
    /// The process id, when the list has a `PID` column.
    pub pid: Option<&'a str>,
}

impl ContainerProcesses {
    /// Index of the command column: the title `CMD`, `COMMAND`, `ARGS` or (Windows) `Name`,
    /// else the last column (where `ps` prints the command).
    #[must_use]
    pub fn command_column(&self) -> Option<usize> {
        self.titles
            .iter()
            .position(|t| {
                let t = t.trim();
                ["CMD", "COMMAND", "ARGS", "Name"]
                    .iter()
                    .any(|name| t.eq_ignore_ascii_case(name))
            })
            .or_else(|| self.titles.len().checked_sub(1))
    }

    /// Every process with its command line; rows too short to hold the command are left out.
    pub fn entries(&self) -> impl Iterator<Item = ProcessEntry<'_>> {
        let column = self.command_column();
        let pid = self
            .titles
            .iter()
            .position(|t| t.trim().eq_ignore_ascii_case("PID"));
        self.processes
            .iter()
            .enumerate()
            .filter_map(move |(row, values)| {
                let column = column.unwrap_or(values.len().checked_sub(1)?);
                let command = values.get(column)?;
                Some(ProcessEntry {
                    row,
                    column,
                    command,
                    pid: pid.and_then(|p| values.get(p)).map(String::as_str),
                })
            })
    }

    /// The pointer path of a process's command value.
    #[must_use]
    pub fn field(entry: &ProcessEntry<'_>) -> String {
        format!("/Processes/{}/{}", entry.row, entry.column)
    }
}
