//! Host facts: what a caller collected on a Docker host (file owners and modes, the audit
//! rules, the mounts, the groups, the client environment), so the host checks of the CIS
//! benchmark run without the core touching the host.
//!
//! Every collection after `files` is optional: absent (or `null`) means the caller did not
//! collect it, and the rules that need it give `missing_input`; present (even empty) means
//! collected, and those rules decide.
//!
//! The shape is documented by `spec/host-facts.schema.json`; `hullcheck collect --docker` on a
//! Docker host collects it (`cli/src/collect/host.rs`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::origin::Origin;

/// Facts about one host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HostFacts {
    /// The host's name, as reports should show it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    /// Files and directories with their owner and mode. A path that does not exist on the host
    /// is either left out or listed with `exists: false`.
    #[serde(default)]
    pub files: Vec<FileFact>,
    /// The loaded audit rules, as `auditctl -l` prints them (or the text of
    /// `/etc/audit/audit.rules`). Absent when the caller did not collect them; an empty string
    /// means no rules are loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_rules: Option<String>,
    /// The mounts of the collecting process's mount namespace (the host's, for a collector
    /// on the host), as `/proc/self/mountinfo` lists them, in that order. Absent when the
    /// caller did not collect them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mounts: Option<Vec<MountFact>>,
    /// The host's groups, as `/etc/group` lists them. Absent when the caller did not collect
    /// them; a list without a `docker` group means the host has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupFact>>,
    /// The environment variables of the collecting process that configure the Docker client
    /// (`DOCKER_CONTENT_TRUST`, ...), name to value. Absent when the caller did not collect
    /// them; a variable missing from a present object was unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<BTreeMap<String, String>>,
    /// Where the values came from.
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// One file's metadata, as `stat -c '%n %u %g %U %G %a %F'` prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FileFact {
    /// Absolute path.
    pub path: String,
    /// Whether the path exists (default true).
    #[serde(default = "yes")]
    pub exists: bool,
    /// Owner user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Owner user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Owner group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Permission bits as an octal string, as `stat -c %a` prints them (`644`, `0644`,
    /// `2755`). A JSON number is refused: `644` read as a number is not the mode 0644.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "octal_mode"
    )]
    #[schemars(with = "Option<String>", regex(pattern = r"^[0-7]{1,4}$"))]
    pub mode: Option<u32>,
    /// `file`, `directory`, `socket` or `symlink`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
}

/// One mount, as a line of `/proc/self/mountinfo` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MountFact {
    /// Where it is mounted (`/var/lib/docker`), with mountinfo's octal escapes (`\040` for a
    /// space) decoded.
    pub mount_point: String,
    /// The mounted device or other source (`/dev/vdb1`, `tmpfs`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The filesystem type (`ext4`, `xfs`, `overlay`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fstype: Option<String>,
}

/// One group, as a line of `/etc/group` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupFact {
    /// The group name (`docker`).
    pub name: String,
    /// The group id.
    pub gid: u32,
    /// The explicit member list (the fourth field of the `/etc/group` line). Users whose
    /// primary group this is are not listed there, and not here.
    #[serde(default)]
    pub members: Vec<String>,
}

fn yes() -> bool {
    true
}

fn octal_mode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let raw = Option::<serde_json::Value>::deserialize(deserializer)?;
    match raw {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => {
            let digits = s.trim();
            if digits.is_empty()
                || digits.len() > 4
                || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b))
            {
                return Err(de::Error::custom(format!(
                    "mode `{digits}` is not an octal permission string such as \"644\""
                )));
            }
            u32::from_str_radix(digits, 8)
                .map(|m| Some(m & 0o7777))
                .map_err(de::Error::custom)
        }
        Some(other) => Err(de::Error::custom(format!(
            "mode must be an octal string such as \"644\", not {other}: a number is ambiguous"
        ))),
    }
}

impl HostFacts {
    /// The name reports show.
    #[must_use]
    pub fn display_name(&self) -> String {
        if self.hostname.is_empty() {
            "host".to_owned()
        } else {
            self.hostname.clone()
        }
    }

    /// The groups named `name` (exact match; `/etc/group` may list a name twice), with their
    /// index in `groups`. Empty when the groups were not collected.
    pub fn groups_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (usize, &'a GroupFact)> + 'a {
        self.groups
            .iter()
            .flatten()
            .enumerate()
            .filter(move |(_, g)| g.name == name)
    }

    /// The facts of the files whose path satisfies `matches`, with their index in `files`.
    pub fn files_matching<'a>(
        &'a self,
        matches: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (usize, &'a FileFact)> + 'a {
        self.files
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.exists && matches(&f.path))
    }
}

/// The permission bits of `mode` that `allowed` does not grant (setuid, setgid and sticky are
/// never granted). Zero means `mode` is at least as restrictive as `allowed`.
#[must_use]
pub fn excess_mode_bits(mode: u32, allowed: u32) -> u32 {
    mode & 0o7777 & !(allowed & 0o777)
}

#[cfg(test)]
mod tests {
    use super::excess_mode_bits;

    #[test]
    fn bitmask_not_decimal() {
        assert_eq!(excess_mode_bits(0o644, 0o644), 0);
        assert_eq!(excess_mode_bits(0o600, 0o644), 0);
        assert_eq!(excess_mode_bits(0o640, 0o644), 0);
        // 445 is "less than 644" as a decimal number, but adds execute bits.
        assert_eq!(excess_mode_bits(0o445, 0o644), 0o001);
        assert_eq!(excess_mode_bits(0o455, 0o644), 0o011);
        assert_eq!(excess_mode_bits(0o4644, 0o644), 0o4000);
        assert_eq!(excess_mode_bits(0o660, 0o660), 0);
        assert_eq!(excess_mode_bits(0o666, 0o660), 0o006);
    }
}
