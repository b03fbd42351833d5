//! Where a value is in the document a caller handed over: a base type, used by the documents
//! (origins), the rules (findings in other documents) and the report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a finding's evidence is.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Location {
    /// The caller's name for the document.
    pub source: String,
    /// RFC 6901 pointer into a JSON document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line in a text document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in a text document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}
