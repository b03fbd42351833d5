//! `IMG`: what ships inside images and how they are referenced.

mod add_instead_of_copy;
mod download_piped_to_shell;
mod end_of_life_os;
mod image_without_digest;
mod known_exploited_vulnerability;
mod latest_image_tag;
mod non_minimal_base_image;
mod non_numeric_user;
mod package_cache_in_layer;
mod package_update_alone;
mod package_version_unpinned;
mod password_set_in_build;
mod pipe_without_pipefail;
mod runs_as_root;
mod secret_file_in_image;
mod secret_in_environment;
mod sensitive_volume_or_workdir;
mod setuid_bit_set;
mod sudo_in_build;
mod tls_verification_disabled;
mod toolchain_in_final_image;
mod unapproved_base_image;
mod unknown_instruction;
mod untrusted_registry;
mod vulnerable_package;

use super::Rule;

/// The family's rules.
pub(super) static RULES: &[&Rule] = &[
    &runs_as_root::RULE,
    &secret_in_environment::RULE,
    &latest_image_tag::RULE,
    &image_without_digest::RULE,
    &package_update_alone::RULE,
    &add_instead_of_copy::RULE,
    &secret_file_in_image::RULE,
    &tls_verification_disabled::RULE,
    &download_piped_to_shell::RULE,
    &sudo_in_build::RULE,
    &setuid_bit_set::RULE,
    &sensitive_volume_or_workdir::RULE,
    &untrusted_registry::RULE,
    &unapproved_base_image::RULE,
    &toolchain_in_final_image::RULE,
    &non_minimal_base_image::RULE,
    &non_numeric_user::RULE,
    &vulnerable_package::RULE,
    &known_exploited_vulnerability::RULE,
    &end_of_life_os::RULE,
    &password_set_in_build::RULE,
    &package_version_unpinned::RULE,
    &pipe_without_pipefail::RULE,
    &package_cache_in_layer::RULE,
    &unknown_instruction::RULE,
];
