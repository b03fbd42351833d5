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

/// Whether the output of command `index` of `pipeline` goes to a file: the command redirects
/// it (`> file`, `>> file`, `>file`, `1>>file`) or a later command of the pipeline is `tee`.
pub(crate) fn output_goes_to_file(pipeline: &[Command], index: usize) -> bool {
    let redirects = pipeline.get(index).is_some_and(|command| {
        command.iter().any(|word| {
            let target = word.trim_start_matches('1');
            target.starts_with('>') && !target.starts_with(">&")
        })
    });
    redirects
        || pipeline
            .get(index + 1..)
            .is_some_and(|rest| rest.iter().any(|c| program(c) == Some("tee")))
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
    let positional = positional_words(words.get(1..).unwrap_or(&[]), |flag| {
        option_takes_value(manager, flag)
    });
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

/// Whether `flag` (as written, without `=value`) of `manager` takes the next word as its value
/// (`apt-get -t bookworm-backports`, `apk add --virtual .build-deps`), so that word is not a
/// package or a subcommand.
fn option_takes_value(manager: &str, flag: &str) -> bool {
    match manager {
        "apt-get" | "apt" | "aptitude" => matches!(
            flag,
            "-t" | "--target-release"
                | "--default-release"
                | "-o"
                | "--option"
                | "-c"
                | "--config-file"
        ),
        "apk" => matches!(
            flag,
            "-t" | "--virtual"
                | "-X"
                | "--repository"
                | "-p"
                | "--root"
                | "--arch"
                | "--cache-dir"
                | "--keys-dir"
                | "--repositories-file"
        ),
        "yum" | "dnf" | "microdnf" | "tdnf" => matches!(
            flag,
            "-c" | "--config"
                | "--installroot"
                | "--releasever"
                | "--setopt"
                | "--repo"
                | "--enablerepo"
                | "--disablerepo"
                | "-x"
                | "--exclude"
        ),
        "zypper" => matches!(flag, "-r" | "--repo" | "--from" | "-t" | "--type"),
        "pip" => matches!(
            flag,
            "-r" | "--requirement"
                | "-c"
                | "--constraint"
                | "-e"
                | "--editable"
                | "-i"
                | "--index-url"
                | "--extra-index-url"
                | "-f"
                | "--find-links"
                | "-t"
                | "--target"
                | "--prefix"
                | "--root"
                | "--platform"
                | "--python-version"
                | "--implementation"
                | "--abi"
                | "--trusted-host"
                | "--cache-dir"
                | "--src"
                | "--upgrade-strategy"
                | "--progress-bar"
                | "--log"
                | "--proxy"
                | "--timeout"
                | "--retries"
                | "--cert"
                | "--client-cert"
                | "--only-binary"
                | "--no-binary"
                | "-C"
                | "--config-settings"
                | "--global-option"
                | "--exists-action"
                | "--report"
                | "--root-user-action"
                | "--python"
        ),
        "npm" => matches!(
            flag,
            "--prefix"
                | "--registry"
                | "--cache"
                | "-w"
                | "--workspace"
                | "--omit"
                | "--include"
                | "--tag"
                | "--loglevel"
                | "--userconfig"
                | "--location"
        ),
        "gem" => matches!(
            flag,
            "-v" | "--version"
                | "-i"
                | "--install-dir"
                | "-n"
                | "--bindir"
                | "-s"
                | "--source"
                | "-P"
                | "--trust-policy"
                | "--platform"
                | "-g"
                | "--file"
        ),
        _ => false,
    }
}

/// The words of `args` that are neither options nor option values; `takes_value` says which
/// options (written without `=value`) take the next word.
fn positional_words(args: &[String], takes_value: impl Fn(&str) -> bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut iter = args.iter();
    while let Some(word) = iter.next() {
        if word == "--" {
            out.extend(iter.map(String::as_str));
            break;
        }
        if word.starts_with('-') {
            if !word.contains('=') && takes_value(word) {
                iter.next();
            }
            continue;
        }
        out.push(word.as_str());
    }
    out
}

/// A package manager that installs packages by name, as the version-pinning check reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PinnableManager {
    /// `apt-get`/`apt`/`aptitude install` (`name=version`).
    Apt,
    /// `apk add` (`name=version`, `name~version`, `name>=version`).
    Apk,
    /// `pip install`, `python -m pip install` (`name==version` and other specifiers).
    Pip,
    /// `npm install`/`i`/`add` with package arguments (`name@version`).
    Npm,
    /// `gem install` (`-v`/`--version`, `name:version`).
    Gem,
}

impl PinnableManager {
    /// The name a policy uses for the manager (`apt`, `apk`, `pip`, `npm`, `gem`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Apt => "apt",
            Self::Apk => "apk",
            Self::Pip => "pip",
            Self::Npm => "npm",
            Self::Gem => "gem",
        }
    }
}

/// The packages an install command names, each with whether it carries a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackageRequest {
    pub(crate) manager: PinnableManager,
    /// The command as the user would recognise it (`apt-get install`, `python3 -m pip install`).
    pub(crate) invocation: String,
    /// Each named package as written, and whether it is pinned to a version.
    pub(crate) packages: Vec<(String, bool)>,
}

/// Whether a package argument is something other than a registry name: a variable, a path, a
/// URL, an archive or a VCS reference.
fn not_a_registry_name(word: &str) -> bool {
    word.is_empty()
        || word.starts_with(['$', '.', '/', '~'])
        || word.contains("://")
        || word.contains('*')
        // `@scope/name` is an npm package; any other slash is a path or a VCS shorthand.
        || (word.contains('/') && !word.starts_with('@'))
        || word.starts_with("git+")
        || [".deb", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".rpm"]
            .iter()
            .any(|ext| word.ends_with(ext))
}

/// For a pip command (`pip`, `pip3`, `pip3.12`, `python3 -m pip`): the words after `pip`, and
/// the command as written up to them. `words` starts at the program.
fn pip_arguments(words: &[String]) -> Option<(&[String], String)> {
    let first = basename(words.first()?);
    let versioned = |name: &str, prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    if versioned(first, "pip") {
        return Some((words.get(1..).unwrap_or(&[]), first.to_owned()));
    }
    if versioned(first, "python") {
        let m = words.iter().position(|w| w == "-m")?;
        if words.get(m + 1).map(String::as_str) == Some("pip") {
            return Some((words.get(m + 2..).unwrap_or(&[]), format!("{first} -m pip")));
        }
    }
    None
}

/// For a `pip install` command: its arguments after `install` (options included).
pub(crate) fn pip_install(command: &[String]) -> Option<&[String]> {
    let (args, _) = pip_arguments(program_words(command))?;
    let verb = args.iter().position(|w| !w.starts_with('-'))?;
    (args.get(verb).map(String::as_str) == Some("install"))
        .then(|| args.get(verb + 1..).unwrap_or(&[]))
}

/// Reads an install command of apt, apk, pip, npm or gem: the packages it names and their pins.
/// `None` for other commands and for installs that name no package (`npm install`, `npm ci`,
/// `pip install -r requirements.txt`, `gem install -g Gemfile`).
pub(crate) fn package_request(command: &[String]) -> Option<PackageRequest> {
    let words = program_words(command);
    let written = basename(words.first()?);
    let first = written.strip_prefix("xx-").unwrap_or(written);
    let (manager, key, args, invocation) = if let Some((args, invocation)) = pip_arguments(words) {
        (PinnableManager::Pip, "pip", args, invocation)
    } else {
        let (manager, key) = match first {
            "apt-get" | "apt" | "aptitude" => (PinnableManager::Apt, "apt-get"),
            "apk" => (PinnableManager::Apk, "apk"),
            "npm" => (PinnableManager::Npm, "npm"),
            "gem" => (PinnableManager::Gem, "gem"),
            _ => return None,
        };
        (
            manager,
            key,
            words.get(1..).unwrap_or(&[]),
            written.to_owned(),
        )
    };
    let positional = positional_words(args, |flag| option_takes_value(key, flag));
    let (verb, names) = positional.split_first()?;
    let installs = match manager {
        PinnableManager::Apt | PinnableManager::Pip | PinnableManager::Gem => *verb == "install",
        PinnableManager::Apk => *verb == "add",
        PinnableManager::Npm => matches!(*verb, "install" | "i" | "add" | "isntall" | "in"),
    };
    if !installs {
        return None;
    }
    let gem_version = manager == PinnableManager::Gem
        && args
            .iter()
            .any(|w| w == "-v" || w == "--version" || w.starts_with("--version="));
    let packages: Vec<(String, bool)> = names
        .iter()
        .filter(|w| !not_a_registry_name(w))
        .map(|w| {
            let pinned = match manager {
                PinnableManager::Apt => w.contains('='),
                PinnableManager::Apk => w.contains(['=', '~', '<', '>']),
                PinnableManager::Pip => w.contains(['=', '<', '>']),
                PinnableManager::Npm => w
                    .get(1..)
                    .and_then(|rest| rest.split_once('@'))
                    .is_some_and(|(_, version)| {
                        version.starts_with(|c: char| {
                            c.is_ascii_digit() || matches!(c, '=' | '^' | '~' | '<' | '>' | 'v')
                        })
                    }),
                PinnableManager::Gem => gem_version || w.contains(':'),
            };
            ((*w).to_owned(), pinned)
        })
        .collect();
    if packages.is_empty() {
        return None;
    }
    Some(PackageRequest {
        manager,
        invocation: format!("{invocation} {verb}"),
        packages,
    })
}

/// Whether shell options `words` turn on `pipefail`: `-o pipefail`, or a short-option group
/// ending in `o` before it (`-euo pipefail`).
pub(crate) fn pipefail_option(words: &[String]) -> bool {
    words.windows(2).any(|pair| match pair {
        [flag, value] => {
            value == "pipefail"
                && flag.starts_with('-')
                && !flag.starts_with("--")
                && flag.ends_with('o')
        }
        _ => false,
    })
}

/// Whether `command` is a `set` that turns on `pipefail` (`set -o pipefail`, `set -euo
/// pipefail`, `set -eux -o pipefail`).
pub(crate) fn sets_pipefail(command: &[String]) -> bool {
    let words = program_words(command);
    words.first().is_some_and(|w| w == "set") && pipefail_option(words)
}

/// Whether `command` fetches something over the network: `curl`, `wget`, `fetch`, or `git
/// archive --remote`.
pub(crate) fn downloads(command: &[String]) -> bool {
    let words = program_words(command);
    match words.first().map(|w| basename(w)) {
        Some("curl" | "wget" | "fetch") => true,
        Some("git") => {
            words.iter().any(|w| w == "archive") && words.iter().any(|w| w.starts_with("--remote"))
        }
        _ => false,
    }
}

/// Whether `command` is an `rm` of `dir`, of its contents (`rm -rf /var/lib/apt/lists/*`) or
/// of a directory that holds it (`rm -rf /var/lib/apt`).
pub(crate) fn removes(command: &[String], dir: &str) -> bool {
    let words = program_words(command);
    words.first().is_some_and(|w| basename(w) == "rm")
        && words.iter().skip(1).any(|w| {
            let w = w.trim_end_matches(['*', '/']);
            !w.is_empty()
                && (w == dir
                    || dir
                        .strip_prefix(w)
                        .is_some_and(|rest| rest.starts_with('/')))
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
    fn output_to_a_file_is_told_from_output_to_the_build_log() {
        let p = pipelines(
            "echo a > /etc/x; echo b; printf c >>/etc/y; echo d | sudo tee -a /etc/z; echo e 2>&1; echo f | grep f",
        );
        let to_file: Vec<bool> = p.iter().map(|pl| output_goes_to_file(pl, 0)).collect();
        assert_eq!(to_file, vec![true, false, true, true, false, false]);
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

    fn unpinned(script: &str) -> Vec<String> {
        commands(script)
            .iter()
            .filter_map(|c| package_request(c))
            .flat_map(|r| r.packages)
            .filter(|(_, pinned)| !pinned)
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn package_requests_and_pins() {
        assert_eq!(
            unpinned(
                "apt-get install -y -t bookworm-backports --no-install-recommends curl=7.88 wget"
            ),
            words(&["wget"])
        );
        assert_eq!(
            unpinned("apk add --no-cache --virtual .build-deps gcc~13 musl-dev"),
            words(&["musl-dev"])
        );
        assert_eq!(
            unpinned(
                "python3 -m pip install -r req.txt -e . 'flask==3.0' 'uvicorn[standard]' ./wheels/x.whl"
            ),
            words(&["uvicorn[standard]"])
        );
        assert_eq!(
            unpinned("npm install -g @scope/tool@1.2.0 @scope/other npm@latest yarn@^1"),
            words(&["@scope/other", "npm@latest"])
        );
        assert_eq!(
            unpinned("gem install bundler -v 2.5.3 && gem install rake:13.0 rails"),
            words(&["rails"])
        );
        assert!(
            unpinned("npm install && npm ci && pip install . && apt-get install $PKGS").is_empty()
        );
        assert_eq!(
            package_action(&words(&["apt-get", "-t", "bookworm", "install", "curl"]))
                .map(|a| a.packages),
            Some(words(&["curl"]))
        );
    }
    #[test]
    fn pipefail_and_downloads() {
        assert!(sets_pipefail(&words(&["set", "-euxo", "pipefail"])));
        assert!(sets_pipefail(&words(&["set", "-e", "-o", "pipefail"])));
        assert!(!sets_pipefail(&words(&["set", "-eux"])));
        assert!(!sets_pipefail(&words(&["echo", "-o", "pipefail"])));
        assert!(downloads(&words(&["curl", "-fsSL", "https://x"])));
        assert!(downloads(&words(&[
            "git",
            "archive",
            "--remote=ssh://x",
            "HEAD"
        ])));
        assert!(!downloads(&words(&["git", "archive", "HEAD"])));
        assert!(removes(
            &words(&["rm", "-rf", "/var/lib/apt/lists/*"]),
            "/var/lib/apt/lists"
        ));
        assert!(removes(
            &words(&["rm", "-rf", "/var/lib/apt"]),
            "/var/lib/apt/lists"
        ));
        assert!(!removes(
            &words(&["rm", "-rf", "/var/lib/apt/lists/partial"]),
            "/var/lib/apt/lists"
        ));
        assert!(!removes(&words(&["rm", "-rf", "/"]), "/var/lib/apt/lists"));
        assert_eq!(
            pip_install(&words(&["python3", "-m", "pip", "install", "-r", "r.txt"]))
                .map(<[String]>::len),
            Some(2)
        );
        assert!(pip_install(&words(&["pip", "download", "x"])).is_none());
    }
}
