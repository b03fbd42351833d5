//! The configuration file the local `dockerd` runs with: found from its command line in
//! `/proc`, read as JSON.

use std::path::Path;

/// Where dockerd reads its configuration when no `--config-file` is given.
pub(crate) const DEFAULT_CONFIG_FILE: &str = "/etc/docker/daemon.json";

/// Which configuration file dockerd uses, and how that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigFileLocation {
    /// The file's path.
    pub(crate) path: String,
    /// Whether a running `dockerd` process was found in `/proc` (else the default was assumed).
    pub(crate) process_found: bool,
}

/// The value of `--config-file` in a dockerd command line (`--config-file=/x` or
/// `--config-file /x`); the last one wins, as with dockerd's flag parser. Arguments after `--`
/// are not flags.
pub(crate) fn config_file_from_args<S: AsRef<str>>(args: &[S]) -> Option<String> {
    let mut found = None;
    let mut words = args.iter().map(AsRef::as_ref).skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--config-file=") {
            found = Some(value.to_owned());
        } else if word == "--config-file"
            && let Some(value) = words.next()
        {
            found = Some(value.to_owned());
        }
    }
    found
}

/// The arguments of a `/proc/<pid>/cmdline` (NUL-separated).
pub(crate) fn split_cmdline(raw: &[u8]) -> Vec<String> {
    raw.split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// Whether a command line is dockerd's (its program's file name is `dockerd`).
pub(crate) fn is_dockerd<S: AsRef<str>>(args: &[S]) -> bool {
    args.first()
        .map(AsRef::as_ref)
        .and_then(|program| Path::new(program).file_name())
        .is_some_and(|name| name == "dockerd")
}

/// Finds the running dockerd in `proc` (normally `/proc`) and its configuration file.
pub(crate) fn locate(proc: &Path) -> ConfigFileLocation {
    let Ok(entries) = std::fs::read_dir(proc) else {
        return default_location();
    };
    let mut pids: Vec<u64> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .collect();
    pids.sort_unstable();
    for pid in pids {
        let Ok(raw) = std::fs::read(proc.join(pid.to_string()).join("cmdline")) else {
            continue;
        };
        let args = split_cmdline(&raw);
        if is_dockerd(&args) {
            return ConfigFileLocation {
                path: config_file_from_args(&args)
                    .unwrap_or_else(|| DEFAULT_CONFIG_FILE.to_owned()),
                process_found: true,
            };
        }
    }
    default_location()
}

fn default_location() -> ConfigFileLocation {
    ConfigFileLocation {
        path: DEFAULT_CONFIG_FILE.to_owned(),
        process_found: false,
    }
}

/// What reading the configuration file gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ConfigRead {
    /// The file's JSON.
    Present(serde_json::Value),
    /// No such file: dockerd runs with its defaults.
    Absent,
    /// The file could not be read, or is not JSON: a sentence saying why.
    Unusable(String),
}

/// Reads the configuration file at `path`.
pub(crate) fn read(path: &str) -> ConfigRead {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ConfigRead::Absent,
        Err(e) => ConfigRead::Unusable(format!(
            "cannot read the daemon configuration file {path}: {e}; daemon configuration checks have no daemon.json to read"
        )),
    }
}

fn parse(path: &str, text: &str) -> ConfigRead {
    // dockerd accepts an empty file as no configuration.
    if text.trim().is_empty() {
        return ConfigRead::Present(serde_json::Value::Object(serde_json::Map::new()));
    }
    match serde_json::from_str(text) {
        Ok(value) => ConfigRead::Present(value),
        Err(e) => ConfigRead::Unusable(format!(
            "the daemon configuration file {path} is not valid JSON ({e}); it is left out (dockerd refuses to start with it)"
        )),
    }
}

/// The TLS files a daemon configuration names (`tlscacert`, `tlscert`, `tlskey`).
pub(crate) fn tls_files(config: &serde_json::Value) -> Vec<String> {
    ["tlscacert", "tlscert", "tlskey"]
        .iter()
        .filter_map(|key| config.get(key).and_then(serde_json::Value::as_str))
        .filter(|path| !path.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_config_file_in_either_form() {
        assert_eq!(
            config_file_from_args(&[
                "/usr/bin/dockerd",
                "-H",
                "fd://",
                "--config-file=/etc/d.json"
            ]),
            Some("/etc/d.json".to_owned())
        );
        assert_eq!(
            config_file_from_args(&["dockerd", "--config-file", "/srv/docker.json", "--debug"]),
            Some("/srv/docker.json".to_owned())
        );
        // The last one wins.
        assert_eq!(
            config_file_from_args(&["dockerd", "--config-file=/a", "--config-file", "/b"]),
            Some("/b".to_owned())
        );
        assert_eq!(config_file_from_args(&["dockerd", "--debug"]), None);
        assert_eq!(config_file_from_args(&["dockerd", "--config-file"]), None);
        assert_eq!(
            config_file_from_args(&["dockerd", "--", "--config-file=/x"]),
            None
        );
        // A flag that only starts like it is another flag.
        assert_eq!(
            config_file_from_args(&["dockerd", "--config-files=/x"]),
            None
        );
    }

    #[test]
    fn reads_a_proc_cmdline() {
        let raw = b"/usr/sbin/dockerd\0-H\0fd://\0--config-file\0/etc/docker/other.json\0";
        let args = split_cmdline(raw);
        assert!(is_dockerd(&args));
        assert_eq!(
            config_file_from_args(&args),
            Some("/etc/docker/other.json".to_owned())
        );
        assert!(!is_dockerd(&split_cmdline(b"containerd\0--config\0x\0")));
        assert!(!is_dockerd(&split_cmdline(
            b"/usr/bin/dockerd-rootless.sh\0"
        )));
        assert!(!is_dockerd(&split_cmdline(b"")));
    }

    #[test]
    fn locates_dockerd_in_a_proc_tree() {
        let dir = std::env::temp_dir().join(format!("hullcheck-proc-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (pid, cmdline) in [
            ("1", &b"/sbin/init\0"[..]),
            ("77", &b"dockerd\0--config-file=/opt/daemon.json\0"[..]),
        ] {
            let _ = std::fs::create_dir_all(dir.join(pid));
            let _ = std::fs::write(dir.join(pid).join("cmdline"), cmdline);
        }
        let _ = std::fs::create_dir_all(dir.join("self"));
        let found = locate(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            found,
            ConfigFileLocation {
                path: "/opt/daemon.json".to_owned(),
                process_found: true
            }
        );
        assert!(!locate(Path::new("/nonexistent-proc")).process_found);
    }

    #[test]
    fn parses_or_explains() {
        assert_eq!(
            parse("/x", "{\"icc\": false}"),
            ConfigRead::Present(serde_json::json!({"icc": false}))
        );
        assert_eq!(
            parse("/x", "  \n"),
            ConfigRead::Present(serde_json::json!({}))
        );
        assert!(matches!(parse("/x", "{\"icc\": }"), ConfigRead::Unusable(m) if m.contains("/x")));
        assert_eq!(read("/nonexistent/daemon.json"), ConfigRead::Absent);
        assert_eq!(
            tls_files(&serde_json::json!({"tlscert": "/c.pem", "tlskey": "", "tlscacert": 3})),
            vec!["/c.pem".to_owned()]
        );
    }
}
