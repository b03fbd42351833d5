use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A point in time, in whole seconds since the Unix epoch (UTC).
///
/// The core never reads a clock: callers pass the evaluation time in, which keeps evaluation
/// deterministic and lets tests pin it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A timestamp `seconds` after the Unix epoch.
    #[must_use]
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }
}
