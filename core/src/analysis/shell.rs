//! A small shell reader: enough of POSIX shell syntax to find the commands a `RUN` line runs,
//! which commands feed a pipe, and their words with quotes removed. It never executes anything
//! and never fails: text it does not understand still splits into words.

/// One simple command: its words, quotes removed.
pub(crate) type Command = Vec<String>;

/// A pipeline: commands joined by `|`.
pub(crate) type Pipeline = Vec<Command>;

/// Splits `script` into pipelines (separated by `;`, `&&`, `||`, `&`, newlines and
/// parentheses) of commands (separated by `|`).
pub(crate) fn pipelines(script: &str) -> Vec<Pipeline> {
    let mut out: Vec<Pipeline> = Vec::new();
    let mut pipeline: Pipeline = Vec::new();
    let mut command: Command = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;

    let end_word = |word: &mut String, in_word: &mut bool, command: &mut Command| {
        if *in_word {
            command.push(std::mem::take(word));
            *in_word = false;
        }
    };
    let end_command = |command: &mut Command, pipeline: &mut Pipeline| {
        command.retain(|w| !matches!(w.as_str(), "{" | "}" | "!"));
        if !command.is_empty() {
            pipeline.push(std::mem::take(command));
        }
    };
    let end_pipeline = |pipeline: &mut Pipeline, out: &mut Vec<Pipeline>| {
        if !pipeline.is_empty() {
            out.push(std::mem::take(pipeline));
        }
    };

    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if q == '"' && c == '\\' && next.is_some_and(|n| matches!(n, '"' | '\\' | '$')) {
                word.extend(next);
                i += 1;
            } else {
                word.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                in_word = true;
            }
            '\\' => {
                match next {
                    Some('\n') | None => {}
                    Some(n) => {
                        word.push(n);
                        in_word = true;
                    }
                }
                i += 1;
            }
            '#' if !in_word => {
                while chars.get(i).is_some_and(|&c| c != '\n') {
                    i += 1;
                }
                continue;
            }
            '$' if next == Some('(') => {
                // Command substitution stays inside the word.
                let mut depth = 0usize;
                while let Some(&c) = chars.get(i) {
                    word.push(c);
                    if c == '(' {
                        depth += 1;
                    } else if c == ')' {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    i += 1;
                }
                in_word = true;
            }
            ' ' | '\t' | '\r' => end_word(&mut word, &mut in_word, &mut command),
            '\n' | ';' | '(' | ')' => {
                end_word(&mut word, &mut in_word, &mut command);
                end_command(&mut command, &mut pipeline);
                end_pipeline(&mut pipeline, &mut out);
            }
            '&' => {
                if next == Some('&') {
                    i += 1;
                } else if next == Some('>') || word.ends_with('>') {
                    word.push(c);
                    in_word = true;
                    i += 1;
                    continue;
                }
                end_word(&mut word, &mut in_word, &mut command);
                end_command(&mut command, &mut pipeline);
                end_pipeline(&mut pipeline, &mut out);
            }
            '|' => {
                end_word(&mut word, &mut in_word, &mut command);
                end_command(&mut command, &mut pipeline);
                if next == Some('|') {
                    i += 1;
                    end_pipeline(&mut pipeline, &mut out);
                }
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    end_word(&mut word, &mut in_word, &mut command);
    end_command(&mut command, &mut pipeline);
    end_pipeline(&mut pipeline, &mut out);
    out
}

/// Every simple command of `script`, in order.
#[cfg(test)]
pub(crate) fn commands(script: &str) -> Vec<Command> {
    pipelines(script).into_iter().flatten().collect()
}

/// The words of `command` from the program on: leading `VAR=value` assignments and wrappers
/// (`sudo`, `env`, `exec`, `nohup`, `time`, `command`, `nice`, `xargs`) with their options are
/// skipped.
pub(crate) fn program_words(command: &[String]) -> &[String] {
    let mut i = 0;
    while let Some(word) = command.get(i) {
        if is_assignment(word) {
            i += 1;
            continue;
        }
        match basename(word) {
            "sudo" | "env" | "exec" | "nohup" | "time" | "command" | "nice" | "xargs" | "gosu"
            | "su-exec" | "doas" => {
                let wrapper = basename(word).to_owned();
                i += 1;
                // Options of the wrapper, and the user argument of gosu/su-exec.
                while let Some(w) = command.get(i) {
                    if w.starts_with('-') {
                        let takes_value = wrapper == "sudo" && matches!(w.as_str(), "-u" | "-g");
                        i += if takes_value { 2 } else { 1 };
                    } else if is_assignment(w) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                if matches!(wrapper.as_str(), "gosu" | "su-exec") {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    command.get(i..).unwrap_or(&[])
}

/// The program a command runs (basename of its first word after prefixes), if any.
pub(crate) fn program(command: &[String]) -> Option<&str> {
    program_words(command).first().map(|w| basename(w))
}

/// `NAME=value` at the start of a command.
pub(crate) fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !name.as_bytes().first().is_some_and(u8::is_ascii_digit)
    })
}

/// The last path component of a word.
pub(crate) fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The package-manager action of a command: the manager (`apt-get`, `apk`, ...) and its
/// subcommand (`update`, `install`, ...), with the package names it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackageAction {
    pub(crate) manager: &'static str,
    pub(crate) action: PackageVerb,
    pub(crate) packages: Vec<String>,
}

/// What a package-manager command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PackageVerb {
    /// Refreshes the package index only.
    Refresh,
    /// Installs or upgrades packages (reads the index).
    Install,
    /// Anything else (remove, clean, ...).
    Other,
}

/// Reads a package-manager command.
pub(crate) fn package_action(command: &[String]) -> Option<PackageAction> {
    let words = program_words(command);
    let prog = basename(words.first()?);
    // tonistiigi/xx wraps package managers for cross builds (`xx-apt-get`, `xx-apk`).
    let prog = prog.strip_prefix("xx-").unwrap_or(prog);
    let manager: &'static str = match prog {
        "apt-get" => "apt-get",
        "apt" => "apt",
        "aptitude" => "aptitude",
        "apk" => "apk",
        "yum" => "yum",
        "dnf" => "dnf",
        "microdnf" => "microdnf",
        "tdnf" => "tdnf",
        "zypper" => "zypper",
        "pacman" => "pacman",
        _ => return None,
    };
    let rest: Vec<&String> = words.iter().skip(1).collect();
    let positional: Vec<&str> = rest
        .iter()
        .filter(|w| !w.starts_with('-'))
        .map(|w| w.as_str())
        .collect();
    if manager == "pacman" {
        let sync = rest
            .iter()
            .find(|w| w.starts_with("-S") || w.starts_with("--sync"));
        return Some(PackageAction {
            manager,
            action: match sync {
                Some(flag) if !positional.is_empty() || flag.contains('u') => PackageVerb::Install,
                Some(flag) if flag.contains('y') => PackageVerb::Refresh,
                _ => PackageVerb::Other,
            },
            packages: positional.iter().map(|s| (*s).to_owned()).collect(),
        });
    }
    let verb = positional.first().copied().unwrap_or("");
    let action = match (manager, verb) {
        ("apt-get" | "apt" | "aptitude" | "apk", "update")
        | ("yum" | "dnf" | "microdnf" | "tdnf", "makecache")
        | ("zypper", "refresh" | "ref") => PackageVerb::Refresh,
        (
            "apt-get" | "apt" | "aptitude",
            "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source"
            | "reinstall",
        )
        | ("apk", "add" | "upgrade" | "fix")
        | (
            "yum" | "dnf" | "microdnf" | "tdnf",
            "install" | "update" | "upgrade" | "reinstall" | "groupinstall" | "distro-sync"
            | "builddep",
        )
        | ("zypper", "install" | "in" | "update" | "up" | "dist-upgrade" | "dup" | "patch") => {
            PackageVerb::Install
        }
        _ => PackageVerb::Other,
    };
    let packages = if action == PackageVerb::Install {
        positional.iter().skip(1).map(|s| (*s).to_owned()).collect()
    } else {
        Vec::new()
    };
    Some(PackageAction {
        manager,
        action,
        packages,
    })
}

/// The package name without a version pin (`curl=7.88.1-10` → `curl`, `openssh-server>=9`
/// → `openssh-server`, `gcc@edge` → `gcc`).
pub(crate) fn package_name(spec: &str) -> &str {
    let cut = spec.find(['=', '<', '>', '@', '~']).unwrap_or(spec.len());
    spec.get(..cut).unwrap_or(spec)
}

/// Every package the commands install, with the manager that installs it.
pub(crate) fn installed_packages<'a>(
    commands: impl Iterator<Item = &'a Command>,
) -> Vec<(&'static str, String)> {
    commands
        .filter_map(|c| package_action(c))
        .filter(|a| a.action == PackageVerb::Install)
        .flat_map(|a| {
            a.packages
                .into_iter()
                .map(move |p| (a.manager, package_name(&p).to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn splits_pipelines_and_commands() {
        let p = pipelines(
            "set -eux; apt-get update && curl -fsSL 'https://x/y z' | sh -s -- -y\n# comment | sh\necho \"a && b\"",
        );
        assert_eq!(p.len(), 4);
        assert_eq!(p[1], vec![words(&["apt-get", "update"])]);
        assert_eq!(
            p[2],
            vec![
                words(&["curl", "-fsSL", "https://x/y z"]),
                words(&["sh", "-s", "--", "-y"])
            ]
        );
        assert_eq!(p[3], vec![words(&["echo", "a && b"])]);
    }

    #[test]
    fn substitution_and_redirects_stay_in_words() {
        let c = commands("export A=$(cat /run/secrets/a | tr -d x) && ls 2>&1");
        assert_eq!(
            c[0],
            words(&["export", "A=$(cat /run/secrets/a | tr -d x)"])
        );
        assert_eq!(c[1], words(&["ls", "2>&1"]));
    }

    #[test]
    fn programs_behind_wrappers() {
        assert_eq!(
            program(&words(&[
                "DEBIAN_FRONTEND=noninteractive",
                "sudo",
                "-E",
                "apt-get",
                "install"
            ])),
            Some("apt-get")
        );
        assert_eq!(
            program(&words(&["gosu", "postgres", "initdb"])),
            Some("initdb")
        );
    }

    #[test]
    fn package_actions() {
        let a = package_action(&words(&[
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            "curl=7.88",
            "gcc",
        ]));
        assert_eq!(a.as_ref().map(|a| a.action), Some(PackageVerb::Install));
        assert_eq!(a.map(|a| a.packages), Some(words(&["curl=7.88", "gcc"])));
        let a = package_action(&words(&["apk", "update"]));
        assert_eq!(a.map(|a| a.action), Some(PackageVerb::Refresh));
        assert_eq!(package_name("openssh-server=1:9.2"), "openssh-server");
        let a = package_action(&words(&["pacman", "-Sy"]));
        assert_eq!(a.map(|a| a.action), Some(PackageVerb::Refresh));
    }
}
