//! The command line: one table of flags, from which both the parser and `--help` are made.

use std::fmt::Write as _;

use hullcheck::{DocumentKind, Format, Severity, Timestamp};

/// What the command was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Evaluate inputs (files, standard input, the sample, a live engine) and write a report.
    Audit(AuditOptions),
    /// Collect from a live engine and write the collection.
    Collect(CollectCommand),
    /// List the rule catalog.
    Rules {
        /// `table` or `json`.
        json: bool,
    },
    /// Print one rule's documentation.
    Explain(String),
    /// Print the usage text.
    Help,
    /// Print the version.
    Version,
}

/// One input of an audit, with the kind the user stated for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    /// A path, or `-` for standard input.
    pub(crate) path: String,
    /// `--kind` given just before it.
    pub(crate) kind: Option<DocumentKind>,
}

/// Where a live collection comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct EngineSource {
    /// The endpoint after `--docker`, if one was given.
    pub(crate) endpoint: Option<String>,
    /// `--all`: stopped containers too.
    pub(crate) all: bool,
}

/// The options of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditOptions {
    pub(crate) inputs: Vec<Input>,
    pub(crate) sample: bool,
    pub(crate) docker: Option<EngineSource>,
    pub(crate) format: Format,
    pub(crate) output: Option<String>,
    pub(crate) policy: Option<String>,
    pub(crate) fail_on: Option<Severity>,
    pub(crate) now: Option<Timestamp>,
}

/// The options of `hullcheck collect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CollectCommand {
    pub(crate) source: EngineSource,
    pub(crate) output: Option<String>,
}

/// One flag of the command line.
struct Flag {
    /// `--format`.
    long: &'static str,
    /// A one-letter alias (`-f`), if any.
    short: Option<&'static str>,
    /// The value's placeholder, for flags that take one.
    value: Option<&'static str>,
    /// What it does, for `--help`.
    help: &'static str,
}

/// Every flag, in the order `--help` lists them.
const FLAGS: &[Flag] = &[
    Flag {
        long: "--docker",
        short: None,
        value: None,
        help: "audit the live engine (and this host, when the engine runs here); an endpoint may follow: unix:///path.sock, tcp://host:2376 (default: DOCKER_HOST, then /var/run/docker.sock)",
    },
    Flag {
        long: "--all",
        short: Some("-a"),
        value: None,
        help: "with --docker or collect: stopped containers too (default: running ones)",
    },
    Flag {
        long: "--sample",
        short: None,
        value: None,
        help: "audit the built-in sample container (a deliberately insecure docker inspect document)",
    },
    Flag {
        long: "--kind",
        short: Some("-k"),
        value: Some("KIND"),
        help: "the kind of the next input instead of detecting it from its shape (container, image, daemon_info, daemon_version, daemon_config, compose, oci_runtime, dockerfile, vulnerability_report, seccomp_profile, host_facts, ...)",
    },
    Flag {
        long: "--format",
        short: Some("-f"),
        value: Some("FORMAT"),
        help: "report format: table, json, sarif, junit, markdown, compliance (default: table)",
    },
    Flag {
        long: "--output",
        short: Some("-o"),
        value: Some("FILE"),
        help: "write the report (or the collection) to FILE instead of standard output",
    },
    Flag {
        long: "--policy",
        short: Some("-p"),
        value: Some("FILE"),
        help: "policy file, JSON or YAML (rule selection, parameters, severities, waivers, gate)",
    },
    Flag {
        long: "--fail-on",
        short: None,
        value: Some("SEVERITY"),
        help: "exit 1 when a finding at or above SEVERITY remains: info, low, medium, high, critical (default: the policy's fail_on, else high)",
    },
    Flag {
        long: "--now",
        short: None,
        value: Some("TIME"),
        help: "evaluation time for waiver expiry and time-based rules: Unix seconds or an RFC 3339 date (default: the clock)",
    },
    Flag {
        long: "--version",
        short: Some("-V"),
        value: None,
        help: "print the version and exit",
    },
    Flag {
        long: "--help",
        short: Some("-h"),
        value: None,
        help: "print this help and exit",
    },
];

/// The text `--help` prints.
pub(crate) fn help_text() -> String {
    let mut out = String::from(
        "hullcheck: audit Docker hosts, containers and images against the CIS Docker Benchmark and NIST SP 800-190\n\
         \n\
         usage:\n  \
         hullcheck [OPTIONS] [INPUT ...]     audit files, '-' (standard input) or a piped standard input\n  \
         hullcheck --docker [ENDPOINT]       audit a live engine and its host\n  \
         hullcheck --sample                  audit the built-in sample container\n  \
         hullcheck collect --docker [ENDPOINT] [--all] [--output FILE]\n                                      save what --docker reads, to evaluate later\n  \
         hullcheck rules [--format json]     list the rules\n  \
         hullcheck explain CODE|NAME         one rule's documentation\n\
         \n\
         An input holds any number of documents: a JSON value or array (docker inspect), concatenated\n\
         JSON or NDJSON, RFC 7464 JSON text sequences, multi-document YAML (compose), a Dockerfile, or a\n\
         saved collection. All inputs are evaluated together as one host.\n\
         \n\
         options:\n",
    );
    for flag in FLAGS {
        let mut left = String::from("  ");
        if let Some(short) = flag.short {
            let _ = write!(left, "{short}, ");
        }
        left.push_str(flag.long);
        if let Some(value) = flag.value {
            let _ = write!(left, " {value}");
        }
        let _ = writeln!(out, "{left:<26} {}", flag.help);
    }
    out.push_str(
        "\nexit status: 0 the gate passed, 1 the gate failed, 2 usage error or an input that could not be read\n\
         (the other inputs are still evaluated and reported).\n\
         \n\
         examples:\n  \
         docker inspect $(docker ps -q) | hullcheck\n  \
         hullcheck --docker --fail-on medium --format sarif --output hullcheck.sarif\n  \
         hullcheck --kind daemon_config /etc/docker/daemon.json info.json containers.json\n",
    );
    out
}

fn flag(name: &str) -> Option<&'static Flag> {
    FLAGS
        .iter()
        .find(|f| f.long == name || f.short == Some(name))
}

/// Whether an argument after `--docker` is its endpoint rather than an input file.
fn is_endpoint(arg: &str) -> bool {
    arg.contains("://")
        || std::path::Path::new(arg)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("sock"))
}

/// Parses the arguments (without the program name).
pub(crate) fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("rules") => return parse_rules(&args[1..]),
        Some("explain") => {
            return match &args[1..] {
                [code] if !code.starts_with('-') => Ok(Command::Explain(code.clone())),
                [flag] if flag == "--help" || flag == "-h" => Ok(Command::Help),
                _ => {
                    Err("explain takes one rule code or name: hullcheck explain CFG001".to_owned())
                }
            };
        }
        Some("collect") => return parse_collect(&args[1..]),
        _ => {}
    }
    let mut options = AuditOptions {
        inputs: Vec::new(),
        sample: false,
        docker: None,
        format: Format::Table,
        output: None,
        policy: None,
        fail_on: None,
        now: None,
    };
    let mut pending_kind: Option<DocumentKind> = None;
    let mut all = false;
    let mut args = args.iter().peekable();
    let mut only_inputs = false;
    while let Some(arg) = args.next() {
        if only_inputs || arg == "-" || !arg.starts_with('-') {
            options.inputs.push(Input {
                path: arg.clone(),
                kind: pending_kind.take(),
            });
            continue;
        }
        if arg == "--" {
            only_inputs = true;
            continue;
        }
        let (name, inline) = split_inline(arg);
        let known = flag(name).ok_or_else(|| format!("unknown option {name}"))?;
        if inline.is_some() && known.value.is_none() && known.long != "--docker" {
            return Err(format!("{} takes no value", known.long));
        }
        let mut value = || -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => args.next().cloned().ok_or_else(|| {
                    format!(
                        "{} needs a value ({})",
                        known.long,
                        known.value.unwrap_or("VALUE")
                    )
                }),
            }
        };
        match known.long {
            "--help" => return Ok(Command::Help),
            "--version" => return Ok(Command::Version),
            "--sample" => options.sample = true,
            "--all" => all = true,
            "--docker" => {
                let endpoint = match &inline {
                    Some(v) => Some(v.clone()),
                    None => args.next_if(|a| is_endpoint(a)).cloned(),
                };
                options.docker = Some(EngineSource {
                    endpoint,
                    all: false,
                });
            }
            "--kind" => pending_kind = Some(parse_kind(&value()?)?),
            "--format" => options.format = value()?.parse().map_err(|e| format!("{e}"))?,
            "--output" => options.output = Some(value()?),
            "--policy" => options.policy = Some(value()?),
            "--fail-on" => {
                options.fail_on = Some(value()?.parse().map_err(|e| format!("{e}"))?);
            }
            "--now" => options.now = Some(parse_now(&value()?)?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if let Some(kind) = pending_kind {
        return Err(format!("--kind {kind} is not followed by an input"));
    }
    match &mut options.docker {
        Some(source) => source.all = all,
        None if all => return Err("--all goes with --docker".to_owned()),
        None => {}
    }
    if options.sample && (!options.inputs.is_empty() || options.docker.is_some()) {
        return Err("--sample audits the sample alone; leave out the other inputs".to_owned());
    }
    Ok(Command::Audit(options))
}

fn parse_rules(args: &[String]) -> Result<Command, String> {
    let mut json = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = split_inline(arg);
        match name {
            "--format" | "-f" => {
                let value = inline
                    .or_else(|| args.next().cloned())
                    .ok_or("--format needs a value (table or json)")?;
                json = match value.as_str() {
                    "json" => true,
                    "table" => false,
                    other => return Err(format!("rules are listed as table or json, not {other}")),
                };
            }
            "--help" | "-h" => return Ok(Command::Help),
            other => return Err(format!("unknown argument to rules: {other}")),
        }
    }
    Ok(Command::Rules { json })
}

fn parse_collect(args: &[String]) -> Result<Command, String> {
    let mut command = CollectCommand {
        source: EngineSource::default(),
        output: None,
    };
    let mut docker = false;
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = split_inline(arg);
        match name {
            "--docker" => {
                docker = true;
                command.source.endpoint = match inline {
                    Some(v) => Some(v),
                    None => args.next_if(|a| is_endpoint(a)).cloned(),
                };
            }
            "--all" | "-a" => command.source.all = true,
            "--output" | "-o" => {
                command.output = Some(
                    inline
                        .or_else(|| args.next().cloned())
                        .ok_or("--output needs a value (FILE)")?,
                );
            }
            "--help" | "-h" => return Ok(Command::Help),
            other => return Err(format!("unknown argument to collect: {other}")),
        }
    }
    if !docker {
        return Err("collect needs a source: hullcheck collect --docker [ENDPOINT]".to_owned());
    }
    Ok(Command::Collect(command))
}

fn split_inline(arg: &str) -> (&str, Option<String>) {
    match arg.split_once('=') {
        Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
        _ => (arg, None),
    }
}

fn parse_kind(name: &str) -> Result<DocumentKind, String> {
    let normalised = name.trim().replace('-', "_").to_ascii_lowercase();
    DocumentKind::from_name(&normalised).ok_or_else(|| {
        let known: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown kind {name} (expected one of: {})",
            known.join(", ")
        )
    })
}

fn parse_now(raw: &str) -> Result<Timestamp, String> {
    match raw.trim().parse::<i64>() {
        Ok(seconds) => Ok(Timestamp::from_unix_seconds(seconds)),
        Err(_) => raw.parse().map_err(|e| format!("--now: {e}")),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_flag_is_in_the_help_and_parses() {
        let help = help_text();
        for flag in FLAGS {
            assert!(
                help.contains(flag.long),
                "{} missing from --help",
                flag.long
            );
            let mut list = vec![flag.long];
            if flag.value.is_some() {
                list.push(match flag.long {
                    "--kind" => "container",
                    "--format" => "json",
                    "--fail-on" => "high",
                    "--now" => "0",
                    _ => "x",
                });
                list.push("input.json");
            }
            if flag.long == "--all" {
                list.push("--docker");
            }
            assert!(parse(&args(&list)).is_ok(), "{} does not parse", flag.long);
        }
    }

    #[test]
    fn kind_applies_to_the_next_input_only() {
        let Ok(Command::Audit(options)) =
            parse(&args(&["--kind", "daemon-config", "a.json", "b.json"]))
        else {
            panic!("not an audit");
        };
        assert_eq!(options.inputs[0].kind, Some(DocumentKind::DaemonConfig));
        assert_eq!(options.inputs[1].kind, None);
    }

    #[test]
    fn docker_takes_an_endpoint_only_when_it_looks_like_one() {
        let Ok(Command::Audit(options)) = parse(&args(&["--docker", "tcp://h:2376", "extra.json"]))
        else {
            panic!("not an audit");
        };
        assert_eq!(
            options.docker.and_then(|d| d.endpoint).as_deref(),
            Some("tcp://h:2376")
        );
        assert_eq!(options.inputs.len(), 1);
        let Ok(Command::Audit(options)) = parse(&args(&["--docker", "extra.json"])) else {
            panic!("not an audit");
        };
        assert_eq!(options.docker.and_then(|d| d.endpoint), None);
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for bad in [
            &["--format"][..],
            &["--bogus"],
            &["--kind", "nonsense", "a"],
            &["--kind", "container"],
            &["--all"],
            &["--sample", "a.json"],
            &["--help=yes"],
            &["explain"],
            &["collect"],
            &["rules", "--format", "xml"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?} parsed");
        }
    }
}
