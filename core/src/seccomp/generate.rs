//! Building an allowlist profile from the syscalls a workload was seen to make.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::document::{SeccompProfile, SyscallRule};

/// The syscalls read from a trace, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    /// Syscall names, sorted and de-duplicated.
    pub syscalls: BTreeSet<String>,
    /// Lines (1-based) that held nothing recognisable as a syscall, for the caller to review.
    pub skipped_lines: Vec<usize>,
}

/// Options for [`generate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GenerateOptions {
    /// Architectures the profile covers. Default: `SCMP_ARCH_X86_64`, `SCMP_ARCH_X86`,
    /// `SCMP_ARCH_X32` (the x86_64 kernel and its 32-bit ABIs).
    pub architectures: Vec<String>,
    /// Action for every other syscall. Default `SCMP_ACT_ERRNO`.
    pub default_action: String,
    /// errno the default action returns. Default 1 (`EPERM`).
    pub default_errno_ret: u32,
    /// Also allow the few syscalls the runtime itself makes after installing the filter, before
    /// the workload runs (`execve`, `exit`, `exit_group`, `futex`, `rt_sigreturn`), which a trace
    /// of the workload alone can miss. Default true.
    pub runtime_essentials: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            architectures: vec![
                "SCMP_ARCH_X86_64".to_owned(),
                "SCMP_ARCH_X86".to_owned(),
                "SCMP_ARCH_X32".to_owned(),
            ],
            default_action: "SCMP_ACT_ERRNO".to_owned(),
            default_errno_ret: 1,
            runtime_essentials: true,
        }
    }
}

/// Syscalls runc and crun make between installing the filter and running the workload.
pub const RUNTIME_ESSENTIALS: [&str; 5] = ["execve", "exit", "exit_group", "futex", "rt_sigreturn"];

/// Whether `name` has the shape of a syscall name.
fn is_syscall_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads observed syscalls from any mix of these line formats:
///
/// - a plain list (names separated by white space or commas; `#` starts a comment);
/// - `strace -c` summary tables (the last column of each row; the `total` row is skipped);
/// - `strace` / `strace -f` traces (`[pid 12] openat(...) = 3`, `12 read(...)`,
///   `<... read resumed>`, with or without `-t`/`-tt` timestamps);
/// - JSON lines from Falco (`output_fields` `syscall.type` or `evt.type`) or Tracee
///   (`syscall`, else `eventName`).
#[must_use]
pub fn parse_observed(text: &str) -> Observed {
    let mut out = Observed::default();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line.starts_with("---") && !line.contains('(')
        {
            continue;
        }
        let found = if line.starts_with('{') {
            json_line(line)
        } else if let Some(name) = strace_summary_row(line) {
            Some(vec![name])
        } else if line.starts_with("% time") || is_exit_notice(line) {
            Some(Vec::new())
        } else if line.contains('(') || line.contains("resumed>") {
            strace_line(line).map(|n| vec![n])
        } else {
            // A plain list; `#` starts a comment, also after names on the same line.
            let list = line.split('#').next().unwrap_or("");
            let names: Vec<String> = list
                .split(|c: char| c.is_whitespace() || c == ',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            names.iter().all(|n| is_syscall_name(n)).then_some(names)
        };
        match found {
            Some(names) => out
                .syscalls
                .extend(names.into_iter().filter(|n| is_syscall_name(n))),
            None => out.skipped_lines.push(index + 1),
        }
    }
    out
}

/// `+++ exited with 0 +++` or `+++ killed by SIGKILL +++`, also after `[pid N]` or a bare pid
/// (`strace -f`).
fn is_exit_notice(line: &str) -> bool {
    let rest = line
        .strip_prefix("[pid")
        .and_then(|r| r.split_once(']'))
        .map_or(line, |(_, r)| r.trim_start());
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    rest.starts_with("+++") && rest.ends_with("+++")
}

fn json_line(line: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let pick = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let fields = value.get("output_fields");
    let name = pick(&value, "syscall")
        .or_else(|| fields.and_then(|f| pick(f, "syscall.type")))
        .or_else(|| fields.and_then(|f| pick(f, "evt.type")))
        .or_else(|| pick(&value, "eventName"))
        .or_else(|| pick(&value, "evt.type"))?;
    Some(if is_syscall_name(&name) {
        vec![name]
    } else {
        Vec::new()
    })
}

/// A data row of `strace -c`: `% time`, seconds, usecs/call, calls, [errors], syscall.
fn strace_summary_row(line: &str) -> Option<String> {
    let columns: Vec<&str> = line.split_whitespace().collect();
    if columns.len() < 5 {
        return None;
    }
    let numeric = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let (name, numbers) = columns.split_last()?;
    if !numbers.iter().all(|c| numeric(c)) || !numbers.first().is_some_and(|c| c.contains('.')) {
        return None;
    }
    if *name == "total" {
        return Some(String::new());
    }
    is_syscall_name(name).then(|| (*name).to_owned())
}

/// The syscall of one strace line.
fn strace_line(line: &str) -> Option<String> {
    let mut rest = line;
    if let Some(after) = rest.strip_prefix("[pid") {
        rest = after.split_once(']').map_or("", |(_, r)| r).trim_start();
    }
    // A leading pid (`strace -f -o`) and timestamps (`-t`, `-tt`, `-ttt`, `-r`).
    loop {
        let word = rest.split_whitespace().next().unwrap_or("");
        if !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            rest = rest[word.len()..].trim_start();
        } else {
            break;
        }
    }
    if let Some(after) = rest.strip_prefix("<...") {
        let name = after.split_whitespace().next()?;
        return is_syscall_name(name).then(|| name.to_owned());
    }
    let name = rest.split('(').next()?.trim();
    is_syscall_name(name).then(|| name.to_owned())
}

/// Builds an allowlist profile: `options.default_action` for everything, one `SCMP_ACT_ALLOW`
/// entry naming `syscalls` (plus the runtime essentials when asked), for
/// `options.architectures`. Names that are not syscall-shaped are dropped.
#[must_use]
pub fn generate<I, S>(syscalls: I, options: &GenerateOptions) -> SeccompProfile
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut names: BTreeSet<String> = syscalls
        .into_iter()
        .map(|s| s.as_ref().trim().to_owned())
        .filter(|s| is_syscall_name(s))
        .collect();
    if options.runtime_essentials {
        names.extend(RUNTIME_ESSENTIALS.iter().map(|s| (*s).to_owned()));
    }
    SeccompProfile {
        default_action: options.default_action.clone(),
        default_errno_ret: Some(options.default_errno_ret),
        architectures: options.architectures.clone(),
        syscalls: if names.is_empty() {
            Vec::new()
        } else {
            vec![SyscallRule {
                names: names.into_iter().collect(),
                action: "SCMP_ACT_ALLOW".to_owned(),
                ..SyscallRule::default()
            }]
        },
        name: "generated".to_owned(),
        ..SeccompProfile::default()
    }
}

/// How a profile's allowed syscalls compare with a baseline's (Docker's default profile).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeccompDiff {
    /// Allowed unconditionally by the profile, not allowed by the baseline under any condition.
    pub added: Vec<String>,
    /// Allowed by the profile unconditionally, by the baseline only with a capability or
    /// argument filter.
    pub widened: Vec<String>,
    /// Allowed unconditionally by the baseline, not by the profile.
    pub removed: Vec<String>,
    /// Allowed unconditionally by both.
    pub common: Vec<String>,
}

/// Compares what `profile` allows unconditionally with what `baseline` allows.
#[must_use]
pub fn diff(profile: &SeccompProfile, baseline: &SeccompProfile) -> SeccompDiff {
    let ours = profile.unconditionally_allowed();
    let free = baseline.unconditionally_allowed();
    let any = baseline.allowed_under_some_condition();
    SeccompDiff {
        added: ours.iter().filter(|n| !any.contains(*n)).cloned().collect(),
        widened: ours
            .iter()
            .filter(|n| any.contains(*n) && !free.contains(*n))
            .cloned()
            .collect(),
        removed: free
            .iter()
            .filter(|n| !ours.contains(*n))
            .cloned()
            .collect(),
        common: ours.intersection(&free).cloned().collect(),
    }
}

impl SeccompProfile {
    /// The profile in Docker's JSON form (`docker run --security-opt seccomp=<file>`).
    #[must_use]
    pub fn to_docker_json(&self) -> serde_json::Value {
        let mut out = self.to_oci_json();
        if !self.arch_map.is_empty()
            && let Some(map) = out.as_object_mut()
        {
            map.remove("architectures");
            map.insert(
                "archMap".to_owned(),
                self.arch_map
                    .iter()
                    .map(|a| {
                        serde_json::json!({
                            "architecture": a.architecture,
                            "subArchitectures": a.sub_architectures,
                        })
                    })
                    .collect(),
            );
        }
        out
    }

    /// The profile as an OCI runtime-spec `linux.seccomp` object.
    #[must_use]
    pub fn to_oci_json(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        out.insert(
            "defaultAction".to_owned(),
            self.default_action.clone().into(),
        );
        if let Some(errno) = self.default_errno_ret {
            out.insert("defaultErrnoRet".to_owned(), errno.into());
        }
        let mut arches: Vec<String> = self.architectures.clone();
        for map in &self.arch_map {
            arches.push(map.architecture.clone());
            arches.extend(map.sub_architectures.iter().cloned());
        }
        out.insert("architectures".to_owned(), arches.into());
        if !self.flags.is_empty() {
            out.insert("flags".to_owned(), self.flags.clone().into());
        }
        let syscalls: Vec<serde_json::Value> = self
            .syscalls
            .iter()
            .map(|rule| {
                let mut entry = serde_json::Map::new();
                entry.insert(
                    "names".to_owned(),
                    rule.all_names().map(str::to_owned).collect(),
                );
                entry.insert("action".to_owned(), rule.action.clone().into());
                if let Some(errno) = rule.errno_ret {
                    entry.insert("errnoRet".to_owned(), errno.into());
                }
                if !rule.args.is_empty() {
                    entry.insert(
                        "args".to_owned(),
                        rule.args
                            .iter()
                            .map(|a| {
                                serde_json::json!({
                                    "index": a.index, "value": a.value,
                                    "valueTwo": a.value_two, "op": a.op,
                                })
                            })
                            .collect(),
                    );
                }
                serde_json::Value::Object(entry)
            })
            .collect();
        out.insert("syscalls".to_owned(), syscalls.into());
        serde_json::Value::Object(out)
    }

    /// The profile as `oci_spec`'s `LinuxSeccomp` (entries with Docker-only conditions are
    /// kept without them).
    #[cfg(feature = "oci")]
    pub fn to_oci(&self) -> Result<oci_spec::runtime::LinuxSeccomp, crate::Error> {
        crate::document::typed_from_value(&self.to_oci_json())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn comments_after_names_and_exit_notices() {
        let observed = parse_observed(
            "read write  # the workload's IO\nexit_group # last\n[pid 12] +++ exited with 0 +++\n34 +++ killed by SIGKILL +++\n+++ exited with 1 +++\n",
        );
        let names: Vec<&str> = observed.syscalls.iter().map(String::as_str).collect();
        assert_eq!(names, ["exit_group", "read", "write"]);
        assert!(
            observed.skipped_lines.is_empty(),
            "{:?}",
            observed.skipped_lines
        );
    }
    use super::*;

    #[test]
    fn reads_every_trace_format() {
        let text = "\
# plain list
read, write
openat
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 29.41    0.000050          50         1           execve
  5.00    0.000010           1        10         2 mmap
------ ----------- ----------- --------- --------- ----------------
100.00    0.000170                    38         4 total
[pid  1234] clone3({flags=CLONE_VM}, 88) = 1235
1235  12:00:01.000001 getpid()            = 1235
[pid  1235] <... nanosleep resumed>NULL) = 0
--- SIGCHLD {si_signo=SIGCHLD} ---
+++ exited with 0 +++
{\"output_fields\": {\"evt.type\": \"connect\"}, \"rule\": \"x\"}
{\"eventName\": \"security_file_open\", \"syscall\": \"fstat\"}
this is not a syscall list!
";
        let observed = parse_observed(text);
        let names: Vec<&str> = observed.syscalls.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "clone3",
                "connect",
                "execve",
                "fstat",
                "getpid",
                "mmap",
                "nanosleep",
                "openat",
                "read",
                "write"
            ]
        );
        assert_eq!(observed.skipped_lines, [17]);
    }

    #[test]
    fn generated_profile_allows_exactly_the_list() {
        let options = GenerateOptions {
            runtime_essentials: false,
            ..GenerateOptions::default()
        };
        let profile = generate(["read", "write", "read", "Not-A-Syscall"], &options);
        let allowed: Vec<String> = profile.unconditionally_allowed().into_iter().collect();
        assert_eq!(allowed, ["read", "write"]);
        assert!(!profile.default_allows());
        let with = generate(["read"], &GenerateOptions::default());
        assert!(with.unconditionally_allowed().contains("execve"));
    }
}
