//! `IMG`: what ships inside images and how they are referenced.

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[];
