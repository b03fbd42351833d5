//! `IMG`: what ships inside images and how they are referenced.

mod image_without_digest;
mod latest_image_tag;
mod runs_as_root;
mod secret_in_environment;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &runs_as_root::RULE,
    &secret_in_environment::RULE,
    &latest_image_tag::RULE,
    &image_without_digest::RULE,
];
