//! The seccomp profile model: Docker's JSON form (with `archMap`, `includes`/`excludes`, and the
//! legacy one-`name`-per-entry layout of Docker 1.10 to 1.12) and the OCI `LinuxSeccomp` form,
//! which is a subset of it.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::lenient::nullable;
use super::origin::Origin;

/// A seccomp profile subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SeccompProfile {
    /// `SCMP_ACT_ERRNO`, `SCMP_ACT_ALLOW`, `SCMP_ACT_KILL`, ... for syscalls no entry matches.
    #[serde(default, deserialize_with = "nullable")]
    pub default_action: String,
    /// errno returned by the default action.
    #[serde(default)]
    pub default_errno_ret: Option<u32>,
    /// Architectures the filter covers (OCI form and the legacy Docker form).
    #[serde(default, deserialize_with = "nullable")]
    pub architectures: Vec<String>,
    /// Docker form: each architecture with its sub-architectures.
    #[serde(default, deserialize_with = "nullable")]
    pub arch_map: Vec<ArchMap>,
    /// Filter flags (`SECCOMP_FILTER_FLAG_LOG`, ...).
    #[serde(default, deserialize_with = "nullable")]
    pub flags: Vec<String>,
    /// Seccomp notify listener socket.
    #[serde(default, deserialize_with = "nullable")]
    pub listener_path: String,
    /// Syscall entries, in order.
    #[serde(default, deserialize_with = "nullable")]
    pub syscalls: Vec<SyscallRule>,
    /// Where the profile came from (set by the bundle).
    #[serde(skip)]
    pub origin: Origin,
    /// The name reports show: the document name, or the container whose security options
    /// held the profile inline.
    #[serde(skip)]
    pub name: String,
    /// Whether the profile was inlined in a container's `seccomp=` security option; findings
    /// then point at that option.
    #[serde(skip)]
    pub inline: bool,
}

/// `archMap[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ArchMap {
    /// Main architecture (`SCMP_ARCH_X86_64`).
    #[serde(default, deserialize_with = "nullable")]
    pub architecture: String,
    /// Architectures sharing its kernel (`SCMP_ARCH_X86`, `SCMP_ARCH_X32`).
    #[serde(default, deserialize_with = "nullable")]
    pub sub_architectures: Vec<String>,
}

/// `syscalls[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SyscallRule {
    /// Syscall names.
    #[serde(default, deserialize_with = "nullable")]
    pub names: Vec<String>,
    /// Legacy single name (Docker 1.10 to 1.12, OCI before 1.0).
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Action when the entry matches.
    #[serde(default, deserialize_with = "nullable")]
    pub action: String,
    /// Argument conditions; all must hold for the entry to match.
    #[serde(default, deserialize_with = "nullable")]
    pub args: Vec<SyscallArg>,
    /// errno for `SCMP_ACT_ERRNO`.
    #[serde(default)]
    pub errno_ret: Option<u32>,
    /// Docker form: the entry applies only when these hold.
    #[serde(default, deserialize_with = "nullable")]
    pub includes: Filter,
    /// Docker form: the entry does not apply when these hold.
    #[serde(default, deserialize_with = "nullable")]
    pub excludes: Filter,
}

/// A condition on a syscall argument.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SyscallArg {
    /// Argument index.
    #[serde(default, deserialize_with = "nullable")]
    pub index: u32,
    /// Value compared with.
    #[serde(default, deserialize_with = "nullable")]
    pub value: u64,
    /// Second value (`SCMP_CMP_MASKED_EQ`).
    #[serde(default, deserialize_with = "nullable")]
    pub value_two: u64,
    /// Comparison (`SCMP_CMP_EQ`, `SCMP_CMP_MASKED_EQ`, ...).
    #[serde(default, deserialize_with = "nullable")]
    pub op: String,
}

/// `includes` / `excludes` of a Docker-form entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Filter {
    /// Capabilities.
    #[serde(default, deserialize_with = "nullable")]
    pub caps: Vec<String>,
    /// Architectures (Go names: `amd64`, `arm64`).
    #[serde(default, deserialize_with = "nullable")]
    pub arches: Vec<String>,
    /// Minimum kernel version.
    #[serde(default, deserialize_with = "nullable")]
    pub min_kernel: String,
}

impl Filter {
    /// Whether nothing is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.caps.is_empty() && self.arches.is_empty() && self.min_kernel.is_empty()
    }
}

/// Whether an action lets the syscall run (`SCMP_ACT_ALLOW`, or `SCMP_ACT_LOG`, which allows
/// and logs).
#[must_use]
pub fn action_allows(action: &str) -> bool {
    matches!(
        action.trim().to_ascii_uppercase().as_str(),
        "SCMP_ACT_ALLOW" | "SCMP_ACT_LOG"
    )
}

impl SyscallRule {
    /// The names of the entry (the `names` list plus the legacy `name`).
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .map(String::as_str)
            .chain((!self.name.is_empty()).then_some(self.name.as_str()))
    }

    /// Whether the entry applies only when the container holds a capability: `includes.caps`
    /// names one. Docker's default profile gates its risky syscalls this way.
    #[must_use]
    pub fn needs_capability(&self) -> bool {
        !self.includes.caps.is_empty()
    }

    /// Whether the entry allows its syscalls whatever their arguments and whatever the
    /// container's capabilities (architecture and kernel-version conditions do not count: they
    /// select the platform, not the privilege).
    #[must_use]
    pub fn allows_unconditionally(&self) -> bool {
        action_allows(&self.action) && self.args.is_empty() && !self.needs_capability()
    }
}

impl SeccompProfile {
    /// Reads a profile from JSON text (Docker or OCI form).
    pub fn from_json(text: &str) -> Result<Self, crate::Error> {
        super::typed_from_str(text)
    }

    /// Whether the default action lets unmatched syscalls run.
    #[must_use]
    pub fn default_allows(&self) -> bool {
        action_allows(&self.default_action)
    }

    /// Every architecture the profile names (`architectures` and `archMap`, with
    /// sub-architectures).
    #[must_use]
    pub fn architecture_names(&self) -> BTreeSet<&str> {
        let mut out: BTreeSet<&str> = self.architectures.iter().map(String::as_str).collect();
        for map in &self.arch_map {
            out.insert(map.architecture.as_str());
            out.extend(map.sub_architectures.iter().map(String::as_str));
        }
        out.remove("");
        out
    }

    /// Syscalls an entry allows unconditionally (see [`SyscallRule::allows_unconditionally`]).
    /// For a default-allow profile this is only what entries name explicitly.
    #[must_use]
    pub fn unconditionally_allowed(&self) -> BTreeSet<String> {
        self.syscalls
            .iter()
            .filter(|r| r.allows_unconditionally())
            .flat_map(SyscallRule::all_names)
            .map(str::to_owned)
            .collect()
    }

    /// Syscalls any allowing entry names, under any condition.
    #[must_use]
    pub fn allowed_under_some_condition(&self) -> BTreeSet<String> {
        self.syscalls
            .iter()
            .filter(|r| action_allows(&r.action))
            .flat_map(SyscallRule::all_names)
            .map(str::to_owned)
            .collect()
    }

    /// Whether `name` can run whatever its arguments and the container's capabilities: an
    /// entry allows it unconditionally, or the default action allows and no entry blocks it
    /// unconditionally.
    #[must_use]
    pub fn allows_freely(&self, name: &str) -> bool {
        let named: Vec<&SyscallRule> = self
            .syscalls
            .iter()
            .filter(|r| r.all_names().any(|n| n == name))
            .collect();
        if named.iter().any(|r| r.allows_unconditionally()) {
            return true;
        }
        if self.default_allows() {
            let blocked = named.iter().any(|r| {
                !action_allows(&r.action)
                    && r.args.is_empty()
                    && r.includes.is_empty()
                    && r.excludes.is_empty()
            });
            return !blocked;
        }
        false
    }

    /// The field a finding about `path` (relative to the profile, `/defaultAction`) points at:
    /// the path itself, or the whole security option for an inline profile.
    #[must_use]
    pub fn field(&self, path: &str) -> String {
        if self.inline {
            String::new()
        } else {
            path.to_owned()
        }
    }
}
