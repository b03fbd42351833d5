//! Seccomp profiles: Docker's default profile as a baseline, and allowlist generation from
//! observed syscalls. The profile model the audit rules read is an input document
//! (`document::SeccompProfile`), re-exported here.
//!
//! Generation is pure: callers collect the trace (`strace -f`, `strace -c`, Falco or Tracee
//! JSON lines) and hand over its text.
//!
//! ```
//! use hullcheck::seccomp::{self, GenerateOptions};
//!
//! let observed = seccomp::parse_observed("read\nwrite\nopenat\n");
//! let profile = seccomp::generate(&observed.syscalls, &GenerateOptions::default());
//! let docker_json = profile.to_docker_json();
//! assert_eq!(docker_json["defaultAction"], "SCMP_ACT_ERRNO");
//! let changes = seccomp::diff(&profile, seccomp::docker_default());
//! assert!(changes.removed.contains(&"mmap".to_owned()));
//! ```

mod generate;

use std::sync::OnceLock;

pub use crate::document::{
    ArchMap, Filter, SeccompProfile, SyscallArg, SyscallRule, action_allows,
};
pub use generate::{
    GenerateOptions, Observed, RUNTIME_ESSENTIALS, SeccompDiff, diff, generate, parse_observed,
};

/// The text of Docker's default seccomp profile (moby/moby `profiles/seccomp/default.json`,
/// Apache-2.0; see `docker_default.md` beside this file).
pub const DOCKER_DEFAULT_JSON: &str = include_str!("docker_default.json");

/// Docker's default seccomp profile, parsed once.
#[must_use]
pub fn docker_default() -> &'static SeccompProfile {
    static PROFILE: OnceLock<SeccompProfile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let mut profile = SeccompProfile::from_json(DOCKER_DEFAULT_JSON).unwrap_or_default();
        "docker-default".clone_into(&mut profile.name);
        profile
    })
}

/// Everything the bindings need for the profiling workflow in one call: the syscalls read from
/// `trace` (any format [`parse_observed`] reads), the generated profile in Docker's JSON form
/// and as an OCI `LinuxSeccomp` object, and its difference from Docker's default profile.
#[must_use]
pub fn generate_from_trace(trace: &str, options: &GenerateOptions) -> GeneratedProfile {
    let observed = parse_observed(trace);
    let profile = generate(&observed.syscalls, options);
    GeneratedProfile {
        docker: profile.to_docker_json(),
        oci: profile.to_oci_json(),
        diff: diff(&profile, docker_default()),
        observed,
    }
}

/// The result of [`generate_from_trace`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GeneratedProfile {
    /// What the trace held.
    pub observed: Observed,
    /// The profile in Docker's JSON form.
    pub docker: serde_json::Value,
    /// The profile as an OCI runtime-spec `linux.seccomp` object.
    pub oci: serde_json::Value,
    /// How it differs from Docker's default profile.
    pub diff: SeccompDiff,
}

/// Architecture names libseccomp and the runtimes accept.
pub const KNOWN_ARCHITECTURES: &[&str] = &[
    "SCMP_ARCH_NATIVE",
    "SCMP_ARCH_X86",
    "SCMP_ARCH_X86_64",
    "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64",
    "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",
    "SCMP_ARCH_MIPS",
    "SCMP_ARCH_MIPS64",
    "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",
    "SCMP_ARCH_MIPSEL64",
    "SCMP_ARCH_MIPSEL64N32",
    "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",
    "SCMP_ARCH_PPC64LE",
    "SCMP_ARCH_S390",
    "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",
    "SCMP_ARCH_PARISC64",
    "SCMP_ARCH_RISCV64",
    "SCMP_ARCH_SH",
    "SCMP_ARCH_SHEB",
];
