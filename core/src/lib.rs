#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::disallowed_macros,
    reason = "the core is IO-free: no files, network, processes, environment or clock"
)]

mod analysis;
mod diagnostic;
pub mod document;
mod document_kind;
mod engine;
mod error;
pub mod frameworks;
mod glob;
pub mod labels;
pub mod limits;
mod location;
pub mod pointer;
pub mod policy;
pub mod report;
pub mod rules;
pub mod seccomp;
pub mod secrets;
mod severity;
pub mod spec;
pub mod stream;
mod time;

pub use document::{Bundle, Collection, DocumentKind, detect_kind};
pub use engine::Engine;
pub use error::{Error, ErrorKind, InputProblem};
pub use limits::{Limit, Limits};
pub use policy::{Diagnostic, Policy, ResolvedPolicy, Waiver};
pub use report::{Finding, Format, Outcome, OutcomeStatus, Report, Summary};
pub use rules::{Rule, catalog};
pub use severity::Severity;
pub use time::Timestamp;

/// Evaluates one JSON text (a document, or the array `docker inspect` prints) with the default
/// policy and no evaluation time.
///
/// This is the shortest path from `docker inspect` output to a [`Report`]; build an [`Engine`] and
/// a [`Bundle`] yourself to combine documents from one host or to set a policy.
pub fn evaluate(json: &str) -> Result<Report, Error> {
    let bundle = Bundle::from_json(json)?;
    Ok(Engine::default().evaluate(&bundle, None))
}
