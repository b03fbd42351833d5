//! `hullcheck [INPUT ...]`, `--sample` and `--docker`: read, evaluate, write, decide the exit
//! status.

use std::io::{IsTerminal as _, Read as _};

use hullcheck::policy::DiagnosticCode;
use hullcheck::{Bundle, DocumentKind, Engine, Error, Format, Policy, Report, Severity, Timestamp};

use crate::collect::{CollectOptions, collect_docker};
use crate::inputs::{self, Piece};
use crate::options::{AuditOptions, Input};
use crate::{Exit, Streams};

/// The built-in sample: a deliberately insecure `docker inspect` document.
const SAMPLE: &str = include_str!("sample-container.json");
/// The sample's name in reports.
const SAMPLE_SOURCE: &str = "sample/container.json";

/// The gate when neither `--fail-on` nor the policy's `fail_on` sets one: what CI users of
/// scanners expect from a security gate, failing on what needs fixing now, not on every hint.
pub(crate) const DEFAULT_GATE: Severity = Severity::High;

/// Runs an audit and returns the exit status.
pub(crate) fn audit(options: &AuditOptions, streams: &mut Streams<'_>) -> Exit {
    let engine = match load_policy(options) {
        Ok(policy) => match Engine::new(&policy) {
            Ok(engine) => engine,
            Err(error) => return streams.fail(&error.to_string()),
        },
        Err(message) => return streams.fail(&message),
    };
    let mut bundle = Bundle::new();
    let mut left_out = 0usize;
    let mut read = Vec::new();
    if options.sample {
        streams.warn("auditing the built-in sample container (a deliberately insecure docker inspect document)");
        if let Err(error) = bundle.add_json(SAMPLE_SOURCE, SAMPLE) {
            return streams.fail(&error.to_string());
        }
        read.push(ReadDocument {
            source: SAMPLE_SOURCE.to_owned(),
            text: Some(SAMPLE.to_owned()),
            line: 1,
        });
    }
    if let Some(source) = &options.docker {
        let collect = CollectOptions {
            endpoint: source.endpoint.clone(),
            all: source.all,
            progress: std::io::stderr().is_terminal(),
        };
        match collect_docker(&collect) {
            // The collection's notes become the report's diagnostics.
            Ok(collection) => {
                if let Err(error) = bundle.add_collection(&collection) {
                    left_out += 1;
                    leave_out(&mut bundle, streams, "the collection", &error.to_string());
                }
            }
            Err(error) => {
                left_out += 1;
                leave_out(&mut bundle, streams, "the engine", &error.to_string());
            }
        }
    }
    let inputs = match inputs_to_read(options, streams) {
        Ok(inputs) => inputs,
        Err(exit) => return exit,
    };
    let mut stdin_read = false;
    for input in &inputs {
        left_out += add_input(&mut bundle, input, &mut stdin_read, streams, &mut read);
    }
    let now = options.now.or_else(clock);
    let mut report = engine.evaluate(&bundle, now);
    // Findings on JSON documents name their value by pointer; give them its line and column
    // too, so SARIF viewers and editors place them on the value rather than on line 1.
    for document in &read {
        count_lines_from_input_start(&mut report, &document.source, document.line);
        if let Some(text) = &document.text {
            report.locate(&document.source, text, document.line);
        }
    }
    if options.format != Format::Table {
        for diagnostic in &report.diagnostics {
            streams.warn(&diagnostic.message);
        }
    }
    let mut text = report.render(options.format);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if let Err(message) = streams.deliver(options.output.as_deref(), &text) {
        return streams.fail(&message);
    }
    if left_out > 0 {
        streams.warn(&format!(
            "{left_out} input(s) could not be read and were left out; exit status 2"
        ));
        return Exit::Usage;
    }
    if report.passed {
        Exit::Passed
    } else {
        Exit::GateFailed
    }
}

/// The policy to evaluate with: the file's, with `--fail-on` over its gate, and the command's
/// default gate when neither states one.
fn load_policy(options: &AuditOptions) -> Result<Policy, String> {
    let (mut policy, states_gate) = match &options.policy {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the policy {path}: {e}"))?;
            let policy = Policy::parse(&text).map_err(|e| format!("the policy {path}: {e}"))?;
            (policy, states_fail_on(&text))
        }
        None => (Policy::default(), false),
    };
    policy.fail_on = match options.fail_on {
        Some(severity) => severity,
        None if states_gate => policy.fail_on,
        None => DEFAULT_GATE,
    };
    Ok(policy)
}

/// Whether a policy text (JSON or YAML, already known to parse) sets `fail_on` itself.
fn states_fail_on(text: &str) -> bool {
    let value: Option<serde_json::Value> = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).ok()
    } else {
        serde_saphyr::from_str(text).ok()
    };
    value.is_some_and(|v| v.get("fail_on").is_some())
}

/// The inputs to read: those named, else standard input when it is not a terminal.
fn inputs_to_read(options: &AuditOptions, streams: &mut Streams<'_>) -> Result<Vec<Input>, Exit> {
    if !options.inputs.is_empty() || options.sample || options.docker.is_some() {
        return Ok(options.inputs.clone());
    }
    if std::io::stdin().is_terminal() {
        let _ = streams
            .stderr
            .write_all(crate::options::help_text().as_bytes());
        let _ = writeln!(
            streams.stderr,
            "\nhullcheck: no input: name files, pipe documents in, or use --docker or --sample"
        );
        return Err(Exit::Usage);
    }
    Ok(vec![Input {
        path: "-".to_owned(),
        kind: None,
    }])
}

/// A document read into the bundle that its findings' locations need: a JSON document's text
/// (to give pointers a line), and the line of the input it starts on (to count lines from the
/// start of the input, not of the document).
struct ReadDocument {
    source: String,
    /// The text of a JSON document.
    text: Option<String>,
    line: u32,
}

/// Reads one input into the bundle, keeping its JSON documents in `read`; returns how many of
/// its parts were left out.
fn add_input(
    bundle: &mut Bundle,
    input: &Input,
    stdin_read: &mut bool,
    streams: &mut Streams<'_>,
    read: &mut Vec<ReadDocument>,
) -> usize {
    let name = if input.path == "-" {
        "stdin"
    } else {
        input.path.as_str()
    };
    let text = match read_input(&input.path, stdin_read) {
        Ok(text) => inputs::without_record_separators(text),
        Err(message) => {
            leave_out(bundle, streams, name, &message);
            return 1;
        }
    };
    let (pieces, framing) = inputs::split(&text, input.kind);
    let mut left_out = 0;
    if pieces.is_empty() && framing.is_none() {
        let message = if input.path == "-" {
            "standard input is empty: pipe documents in, name files, or use --docker or --sample"
        } else {
            "the file is empty"
        };
        leave_out(bundle, streams, name, message);
        return 1;
    }
    let several = pieces.len() > 1 || framing.is_some();
    for (index, piece) in pieces.iter().enumerate() {
        let source = if several {
            format!("{name}#{}", index + 1)
        } else {
            name.to_owned()
        };
        match add_piece(bundle, &source, input.kind, piece) {
            Ok(_) => {
                let json = piece.text.starts_with(['{', '[']);
                if json || piece.line > 1 {
                    read.push(ReadDocument {
                        source,
                        text: json.then(|| piece.text.to_owned()),
                        line: u32::try_from(piece.line).unwrap_or(u32::MAX),
                    });
                }
            }
            Err(error) => {
                leave_out(bundle, streams, &source, &located(&error, piece));
                left_out += 1;
            }
        }
    }
    if let Some(error) = framing {
        let place = format!("{name} (line {}, column {})", error.line, error.column);
        leave_out(bundle, streams, &place, &error.message);
        left_out += 1;
    }
    left_out
}

/// Findings located by line in a document that starts on line `first_line` of its input (the
/// second document of a YAML stream, a run of `docker history` lines after other JSON) get
/// lines counted from the input's first line, as editors and SARIF viewers count them.
fn count_lines_from_input_start(report: &mut Report, source: &str, first_line: u32) {
    let offset = first_line.saturating_sub(1);
    if offset == 0 {
        return;
    }
    let findings = report
        .findings
        .iter_mut()
        .chain(report.suppressed.iter_mut().map(|s| &mut s.finding));
    for finding in findings {
        let location = &mut finding.location;
        if location.source == source
            && location.pointer.is_none()
            && let Some(line) = location.line.as_mut()
        {
            *line = line.saturating_add(offset);
        }
    }
}

fn add_piece(
    bundle: &mut Bundle,
    source: &str,
    kind: Option<DocumentKind>,
    piece: &Piece<'_>,
) -> Result<usize, Error> {
    match kind {
        Some(kind) => bundle.add_json_as(source, kind, piece.text),
        None => bundle.add_json(source, piece.text),
    }
}

/// The error's message, with its line counted from the start of the input rather than of the
/// document, for a document that does not start on the input's first line.
fn located(error: &Error, piece: &Piece<'_>) -> String {
    match error {
        Error::InvalidInput {
            line: Some(line), ..
        } if piece.line > 1 => format!("{error} (line {} of the input)", line + piece.line - 1),
        _ if piece.line > 1 => format!("{error} (the document starts on line {})", piece.line),
        _ => error.to_string(),
    }
}

fn read_input(path: &str, stdin_read: &mut bool) -> Result<String, String> {
    let bytes = if path == "-" {
        if *stdin_read {
            return Err("standard input was named twice; it can be read only once".to_owned());
        }
        *stdin_read = true;
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reports an input that could not be read, on standard error and in the report.
fn leave_out(bundle: &mut Bundle, streams: &mut Streams<'_>, name: &str, message: &str) {
    let text = format!("{name} was left out: {message}");
    streams.error(&text);
    bundle.note(DiagnosticCode::InputLeftOut, text);
}

/// The current time, which the core never reads itself.
fn clock() -> Option<Timestamp> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    i64::try_from(seconds)
        .ok()
        .map(Timestamp::from_unix_seconds)
}
