use std::fmt;
use std::fmt::Write as _;

use crate::document_kind::DocumentKind;
use crate::limits::Limit;

/// What is wrong with an input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputProblem {
    /// The text is not well-formed JSON (or the syntax of its kind).
    Syntax,
    /// A value has the wrong JSON type, such as a `HostConfig` that is a string.
    Type,
    /// The document's shape matches no kind hullcheck reads.
    UnknownKind,
    /// The document was recognised, but this version cannot evaluate documents of its kind.
    UnsupportedKind,
    /// The document nests deeper than the parser allows.
    TooDeep,
    /// The document is empty.
    Empty,
    /// The bundle already holds a document of this kind that describes one host only (a
    /// second `docker info`, `docker version`, daemon.json or host facts).
    Duplicate,
    /// The document was printed shortened, so values rules read are cut off (`docker history`
    /// without `--no-trunc`).
    Truncated,
}

impl InputProblem {
    /// A stable identifier, shared by every binding.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            InputProblem::Syntax => "syntax",
            InputProblem::Type => "type",
            InputProblem::UnknownKind => "unknown_kind",
            InputProblem::UnsupportedKind => "unsupported_kind",
            InputProblem::TooDeep => "too_deep",
            InputProblem::Empty => "empty",
            InputProblem::Duplicate => "duplicate",
            InputProblem::Truncated => "truncated",
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of error an [`Error`] is: one table, the same names in the Rust, Python and Node
/// APIs (Python's exception classes and `kind`, Node's `kind` and `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input document could not be read ([`Error::InvalidInput`]).
    InvalidInput,
    /// An input crossed a limit ([`Error::LimitExceeded`]).
    LimitExceeded,
    /// A policy could not be read or does not fit the catalog ([`Error::Policy`]).
    Policy,
    /// An argument the API does not accept ([`Error::Usage`]).
    Usage,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 4] = [
        ErrorKind::InvalidInput,
        ErrorKind::LimitExceeded,
        ErrorKind::Policy,
        ErrorKind::Usage,
    ];

    /// The stable snake_case name: `invalid_input`, `limit_exceeded`, `policy`, `usage`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::Policy => "policy",
            ErrorKind::Usage => "usage",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong in hullcheck. Findings are never errors: a document that fails
/// every rule still evaluates to a [`Report`](crate::Report).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input document could not be read.
    #[error("{}", describe_input(*.problem, source_name.as_deref(), *.kind, pointer.as_deref(), *.line, *.column, message))]
    InvalidInput {
        /// What is wrong.
        problem: InputProblem,
        /// The name the caller gave the document (a path, `-`), if any.
        source_name: Option<String>,
        /// The kind the document was read as, when known.
        kind: Option<DocumentKind>,
        /// RFC 6901 pointer to the offending value, when the problem is at a value.
        pointer: Option<String>,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// 1-based column of the problem, when known.
        column: Option<usize>,
        /// A description of the problem, without the location.
        message: String,
    },
    /// An input crossed one of the bundle's [`Limits`](crate::Limits); nothing of it was added.
    #[error("{}", describe_limit(source_name.as_deref(), *.limit, *.value, *.max))]
    LimitExceeded {
        /// The limit that was crossed.
        limit: Limit,
        /// The observed value. Checks stop at the first value past the maximum, so for a
        /// streamed count (depth, string length, members) this is that first value, not the
        /// input's total.
        value: usize,
        /// The limit's maximum.
        max: usize,
        /// The name the caller gave the document, if any.
        source_name: Option<String>,
    },
    /// An argument is not one the API accepts (an unknown format or severity name).
    #[error("{message}")]
    Usage {
        /// A description of the problem.
        message: String,
    },
    /// A policy could not be read or does not fit the rule catalog.
    #[error("invalid policy: {message}{}", pointer.as_deref().map(|p| format!(" (at {p})")).unwrap_or_default())]
    Policy {
        /// A description of the problem.
        message: String,
        /// RFC 6901 pointer into the policy to the key or value at fault, when one is.
        pointer: Option<String>,
    },
}

impl Error {
    /// The error's kind, shared by the Rust, Python and Node APIs (`kind().as_str()` is
    /// `invalid_input`, `limit_exceeded`, `policy` or `usage`).
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Error::Policy { .. } => ErrorKind::Policy,
            Error::Usage { .. } => ErrorKind::Usage,
        }
    }

    /// The JSON pointer of the offending value, for input and policy errors that have one.
    #[must_use]
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { pointer, .. } | Error::Policy { pointer, .. } => {
                pointer.as_deref()
            }
            Error::LimitExceeded { .. } | Error::Usage { .. } => None,
        }
    }

    /// A policy error, not at a particular key.
    pub fn policy(message: impl Into<String>) -> Self {
        Error::Policy {
            message: message.into(),
            pointer: None,
        }
    }

    /// A policy error at the key or value `pointer` names (`/parameters/CFG023/max_retries`).
    pub fn policy_at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Policy {
            message: message.into(),
            pointer: Some(pointer.into()),
        }
    }

    pub(crate) fn input(problem: InputProblem, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            problem,
            source_name: None,
            kind: None,
            pointer: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An input error at a line and column of a text document.
    pub(crate) fn input_at(
        problem: InputProblem,
        message: impl Into<String>,
        line: u32,
        column: u32,
    ) -> Self {
        Error::InvalidInput {
            problem,
            source_name: None,
            kind: None,
            pointer: None,
            line: Some(line as usize),
            column: Some(column as usize),
            message: message.into(),
        }
    }

    /// Builds an input error from a `serde_json` error, keeping line and column.
    pub(crate) fn from_json(err: &serde_json::Error) -> Self {
        let problem = match err.classify() {
            serde_json::error::Category::Data => InputProblem::Type,
            serde_json::error::Category::Eof if err.line() == 1 && err.column() == 0 => {
                InputProblem::Empty
            }
            _ if err.to_string().starts_with("recursion limit exceeded") => InputProblem::TooDeep,
            _ => InputProblem::Syntax,
        };
        let full = err.to_string();
        // serde_json appends " at line L column C"; we keep location in its own fields.
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(head, _)| head)
            .to_owned();
        let (line, column) = if err.line() == 0 {
            (None, None)
        } else {
            (Some(err.line()), Some(err.column()))
        };
        Error::InvalidInput {
            problem,
            source_name: None,
            kind: None,
            pointer: None,
            line,
            column,
            message,
        }
    }

    /// Adds the source name to an input error that has none.
    #[must_use]
    pub(crate) fn in_source(mut self, name: &str) -> Self {
        if let Error::InvalidInput {
            source_name: source_name @ None,
            ..
        }
        | Error::LimitExceeded {
            source_name: source_name @ None,
            ..
        } = &mut self
        {
            *source_name = Some(name.to_owned());
        }
        self
    }

    /// Sets the document kind of an input error.
    #[must_use]
    pub(crate) fn of_kind(mut self, doc_kind: DocumentKind) -> Self {
        if let Error::InvalidInput { kind, .. } = &mut self {
            *kind = Some(doc_kind);
        }
        self
    }

    /// Prefixes the pointer of an input error (for documents inside an array).
    #[must_use]
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        if let Error::InvalidInput { pointer, .. } = &mut self {
            *pointer = Some(format!("{prefix}{}", pointer.as_deref().unwrap_or("")));
        }
        self
    }
}

fn describe_limit(source: Option<&str>, limit: Limit, value: usize, max: usize) -> String {
    let mut out = String::from("input");
    if let Some(source) = source {
        let _ = write!(out, " `{source}`");
    }
    let _ = write!(
        out,
        " exceeds the {limit} limit ({}): {value} > {max}",
        limit.describe()
    );
    out
}

fn describe_input(
    problem: InputProblem,
    source: Option<&str>,
    kind: Option<DocumentKind>,
    pointer: Option<&str>,
    line: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> String {
    let mut out = String::from("invalid input");
    // Writing to a String cannot fail.
    if let Some(source) = source {
        let _ = write!(out, " `{source}`");
    }
    if let Some(kind) = kind {
        let _ = write!(out, " ({kind})");
    }
    if let Some(pointer) = pointer {
        let shown = if pointer.is_empty() { "/" } else { pointer };
        let _ = write!(out, " at {shown}");
    }
    if let (Some(line), Some(column)) = (line, column) {
        let _ = write!(out, " (line {line}, column {column})");
    }
    let _ = write!(out, ": {problem}: {message}");
    out
}
