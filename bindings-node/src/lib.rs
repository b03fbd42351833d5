//! Node.js bindings of hullcheck, built with napi-rs.
//!
//! Every function takes JavaScript values, turns them into owned Rust data on the main thread
//! (strings, bytes, `serde_json::Value`s built with a depth limit, so no input can overflow the
//! stack), and hands that data to the core. Reports travel back as the core's JSON text and are
//! turned into plain objects by V8's own `JSON.parse`, which is faster than building them
//! property by property through Node-API and gives exactly the keys of
//! `spec/report.schema.json`.
//!
//! Errors are JavaScript `Error`s with a stable `code` (`ERR_HULLCHECK_INVALID_INPUT`,
//! `ERR_HULLCHECK_POLICY`, `ERR_HULLCHECK_USAGE`, `ERR_HULLCHECK_COLLECTION`); input errors also carry `problem`, `pointer`,
//! `source`, `kind`, `line` and `column`.

mod command;
mod convert;
mod errors;
mod labels;

use hullcheck::document::ComposeOptions;
use hullcheck::seccomp::{self, GenerateOptions};
use std::sync::Arc;

use hullcheck::{Bundle, DocumentKind, Engine, Format, Policy, Report, Timestamp};
use napi::bindgen_prelude::{
    AsyncTask, Env, FromNapiValue, JsObjectValue, JsValue, Object, Unknown,
};
use napi::{ScopedTask, ValueType};
use napi_derive::napi;

pub use crate::command::{CollectTask, collect_docker, run_cli};
use crate::convert::{Content, Document, Input, JsonValue};
use crate::errors::Failure;

/// What one evaluation needs, owned, so it can run on a libuv worker thread.
#[derive(Debug)]
struct Job {
    documents: Vec<Document>,
    policy: PolicyInput,
    now: Option<i64>,
    compose: Option<ComposeOptions>,
}

#[derive(Debug)]
enum PolicyInput {
    Default,
    Text(String),
    Value(serde_json::Value),
    /// An `Engine` object's policy, resolved once when it was made.
    Resolved(Arc<Engine>),
}

impl Job {
    /// Reads `documents` and `options` into owned data (main thread).
    fn read(documents: &Unknown<'_>, options: Option<&Unknown<'_>>) -> Result<Self, Failure> {
        let documents = convert::documents(documents)?;
        let mut job = Job {
            documents,
            policy: PolicyInput::Default,
            now: None,
            compose: None,
        };
        if let Some(options) = options {
            job.read_options(options)?;
        }
        Ok(job)
    }

    fn read_options(&mut self, options: &Unknown<'_>) -> Result<(), Failure> {
        match options.get_type()? {
            ValueType::Undefined | ValueType::Null => return Ok(()),
            ValueType::Object if !options.is_array()? => {}
            other => {
                return Err(Failure::usage(format!(
                    "options must be an object, got {}",
                    if other == ValueType::Object {
                        "an array"
                    } else {
                        convert::type_label(other)
                    }
                )));
            }
        }
        let object = Object::from_unknown(*options)?;
        for key in Object::keys(&object)? {
            let value: Unknown<'_> = object.get_named_property(&key)?;
            match key.as_str() {
                "policy" => self.policy = read_policy(&value)?,
                "now" => self.now = read_now(&value)?,
                "compose" => self.compose = read_compose(&value)?,
                other => {
                    return Err(Failure::usage(format!(
                        "unknown option `{other}` (expected: policy, now, compose)"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Evaluates (any thread): the report as JSON text.
    fn run(&self) -> Result<String, hullcheck::Error> {
        self.report(&*self.engine()?, &self.documents)
    }

    /// The engine of the job's policy (any thread).
    fn engine(&self) -> Result<Arc<Engine>, hullcheck::Error> {
        let policy = match &self.policy {
            PolicyInput::Default => Policy::default(),
            // JSON or YAML text, told apart like the command's --policy files.
            PolicyInput::Text(text) => Policy::parse(text)?,
            PolicyInput::Value(value) => Policy::from_value(value)?,
            PolicyInput::Resolved(engine) => return Ok(Arc::clone(engine)),
        };
        Engine::new(&policy).map(Arc::new)
    }

    /// Reads the arguments of an `Engine` object's `evaluate`: its own policy, which options
    /// may not replace.
    fn read_for(
        engine: &Arc<Engine>,
        documents: &Unknown<'_>,
        options: Option<&Unknown<'_>>,
    ) -> Result<Self, Failure> {
        let mut job = Job::read(documents, options)?;
        if !matches!(job.policy, PolicyInput::Default) {
            return Err(Failure::usage(
                "an Engine evaluates with the policy it was made with; make another Engine for another policy"
                    .to_owned(),
            ));
        }
        job.policy = PolicyInput::Resolved(Arc::clone(engine));
        Ok(job)
    }

    /// Evaluates `documents` as one bundle with `engine` (any thread): the report as JSON text.
    fn report(&self, engine: &Engine, documents: &[Document]) -> Result<String, hullcheck::Error> {
        let mut bundle = Bundle::new();
        for document in documents {
            document.add_to(&mut bundle, self.compose.as_ref())?;
        }
        let report = engine.evaluate(&bundle, self.now.map(Timestamp::from_unix_seconds));
        Ok(report.to_json())
    }
}

fn read_policy(value: &Unknown<'_>) -> Result<PolicyInput, Failure> {
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(PolicyInput::Default),
        ValueType::String => Ok(PolicyInput::Text(convert::string(value)?)),
        ValueType::Object => match convert::json_value(value) {
            Ok(JsonValue(value)) => Ok(PolicyInput::Value(value)),
            Err(Failure::Core(hullcheck::Error::InvalidInput {
                message, pointer, ..
            })) => Err(Failure::Core(match pointer {
                Some(pointer) => hullcheck::Error::policy_at(pointer, message),
                None => hullcheck::Error::policy(message),
            })),
            Err(other) => Err(other),
        },
        other => Err(Failure::usage(format!(
            "options.policy must be an object or JSON or YAML text, got {}",
            convert::type_label(other)
        ))),
    }
}

/// Reads `options.compose`: the core's `ComposeOptions` (`variables`, `project`, `files`),
/// every key optional, unknown keys refused.
fn read_compose(value: &Unknown<'_>) -> Result<Option<ComposeOptions>, Failure> {
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(None),
        ValueType::Object if !value.is_array()? => {}
        other => {
            return Err(Failure::usage(format!(
                "options.compose must be an object, got {}",
                if other == ValueType::Object {
                    "an array"
                } else {
                    convert::type_label(other)
                }
            )));
        }
    }
    let value = match convert::json_value(value) {
        Ok(JsonValue(value)) => value,
        Err(Failure::Core(e)) => {
            return Err(Failure::usage(format!(
                "options.compose is not JSON data: {e}"
            )));
        }
        Err(other) => return Err(other),
    };
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| Failure::usage(format!("invalid options.compose: {e}")))
}

fn read_now(value: &Unknown<'_>) -> Result<Option<i64>, Failure> {
    let seconds = match value.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(None),
        ValueType::Number => value.coerce_to_number()?.get_double()?,
        ValueType::Object if value.is_date()? => {
            let millis = napi::JsDate::from_unknown(*value)?.value_of()?;
            (millis / 1000.0).floor()
        }
        other => {
            return Err(Failure::usage(format!(
                "options.now must be Unix seconds (a number) or a Date, got {}",
                convert::type_label(other)
            )));
        }
    };
    // i64 holds every whole number of seconds a Date can represent (±8.64e12 s).
    if !seconds.is_finite() || seconds.abs() > 8.64e12 {
        return Err(Failure::usage(format!(
            "options.now must be a finite time, got {seconds}"
        )));
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "checked to be finite and within ±8.64e12 above"
    )]
    Ok(Some(seconds.floor() as i64))
}

/// Parses JSON text into plain JavaScript objects with V8's `JSON.parse`.
pub(crate) fn parse_json<'env>(env: &'env Env, json: String) -> napi::Result<Unknown<'env>> {
    let global = env.get_global()?;
    let json_object: Object<'_> = global.get_named_property("JSON")?;
    let parse: napi::bindgen_prelude::Function<'_, String, Unknown<'env>> =
        json_object.get_named_property("parse")?;
    parse.call(json)
}

/// The evaluation `evaluate()` runs on the libuv thread pool.
#[derive(Debug)]
pub struct EvaluateTask {
    job: Option<Job>,
    failure: Option<Failure>,
}

impl EvaluateTask {
    /// The task for the arguments read into `read`: a job to run, or a failure to reject
    /// with. An exception thrown by the caller's own getter or proxy while reading the
    /// arguments propagates unchanged (synchronously); nothing is queued.
    fn queue(read: Result<Job, Failure>) -> napi::Result<AsyncTask<Self>> {
        let task = match read {
            Ok(job) => EvaluateTask {
                job: Some(job),
                failure: None,
            },
            Err(Failure::Napi(e)) => return Err(e),
            Err(failure) => EvaluateTask {
                job: None,
                failure: Some(failure),
            },
        };
        Ok(AsyncTask::new(task))
    }
}

impl<'task> ScopedTask<'task> for EvaluateTask {
    type Output = String;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<String> {
        if self.failure.is_some() {
            // Reading the arguments failed; reject() reports it.
            return Err(napi::Error::from_reason("invalid arguments"));
        }
        match self.job.as_ref().map(Job::run) {
            Some(Ok(json)) => Ok(json),
            Some(Err(e)) => {
                self.failure = Some(Failure::Core(e));
                Err(napi::Error::from_reason("evaluation failed"))
            }
            None => Err(napi::Error::from_reason("no job")),
        }
    }

    fn resolve(&mut self, env: &'task Env, output: String) -> napi::Result<Unknown<'task>> {
        parse_json(env, output)
    }

    fn reject(&mut self, env: &'task Env, err: napi::Error) -> napi::Result<Unknown<'task>> {
        match self.failure.take() {
            Some(failure) => Err(failure.into_js(*env)),
            None => Err(err),
        }
    }
}

/// Evaluates documents on the libuv thread pool; resolves to a report (the shape of
/// `spec/report.schema.json`, snake_case keys).
///
/// `documents` is one document (a JSON string, a Buffer of UTF-8 JSON, or a parsed object or
/// array; an array of objects is one `docker inspect` array), a `{source, content, kind?}` item,
/// or an array of strings, Buffers and items (several documents).
///
/// Rejects with an `Error` whose `code` is `ERR_HULLCHECK_INVALID_INPUT` (bad document),
/// `ERR_HULLCHECK_POLICY` (bad policy) or `ERR_HULLCHECK_USAGE` (bad argument). Findings are
/// data, never errors.
#[napi(
    ts_args_type = "documents: Documents, options?: EvaluateOptions | undefined | null",
    ts_return_type = "Promise<Report>"
)]
pub fn evaluate(
    documents: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<AsyncTask<EvaluateTask>> {
    EvaluateTask::queue(Job::read(&documents, options.as_ref()))
}

/// Evaluates documents on the calling thread and returns the report; same arguments, result
/// and errors as `evaluate`, thrown instead of rejected.
#[napi(
    ts_args_type = "documents: Documents, options?: EvaluateOptions | undefined | null",
    ts_return_type = "Report"
)]
pub fn evaluate_sync<'env>(
    env: &'env Env,
    documents: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'env>> {
    let json = Job::read(&documents, options.as_ref())
        .and_then(|job| job.run().map_err(Failure::Core))
        .map_err(|f| f.into_js(*env))?;
    parse_json(env, json)
}

/// A policy resolved once, for evaluating many inputs with it: `new Engine(policy)` checks the
/// policy against the rule catalog (throwing `ERR_HULLCHECK_POLICY` at once), and its
/// `evaluate`/`evaluateSync` skip that work on every call. The same as Python's
/// `hullcheck.Engine`.
#[napi(js_name = "Engine")]
#[derive(Debug)]
pub struct JsEngine {
    inner: Arc<Engine>,
}

#[napi]
impl JsEngine {
    /// Resolves `policy` (an object, JSON or YAML text, or nothing for the default policy).
    #[napi(constructor, ts_args_type = "policy?: Policy | string | null")]
    pub fn new(env: &Env, policy: Option<Unknown<'_>>) -> napi::Result<Self> {
        let input = match &policy {
            Some(value) => read_policy(value).map_err(|f| f.into_js(*env))?,
            None => PolicyInput::Default,
        };
        let job = Job {
            documents: Vec::new(),
            policy: input,
            now: None,
            compose: None,
        };
        let inner = job.engine().map_err(|e| Failure::Core(e).into_js(*env))?;
        Ok(JsEngine { inner })
    }

    /// The codes of the rules the policy runs, in catalog order.
    #[napi(getter)]
    #[must_use]
    pub fn rules(&self) -> Vec<String> {
        self.inner
            .rules()
            .iter()
            .map(|r| r.code.to_owned())
            .collect()
    }

    /// Evaluates documents on the libuv thread pool with this engine's policy; the arguments
    /// of the module's `evaluate`, without `options.policy`.
    #[napi(
        ts_args_type = "documents: Documents, options?: Omit<EvaluateOptions, 'policy'> | undefined | null",
        ts_return_type = "Promise<Report>"
    )]
    pub fn evaluate(
        &self,
        documents: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<AsyncTask<EvaluateTask>> {
        EvaluateTask::queue(Job::read_for(&self.inner, &documents, options.as_ref()))
    }

    /// Evaluates documents on the calling thread with this engine's policy.
    #[napi(
        ts_args_type = "documents: Documents, options?: Omit<EvaluateOptions, 'policy'> | undefined | null",
        ts_return_type = "Report"
    )]
    pub fn evaluate_sync<'env>(
        &self,
        env: &'env Env,
        documents: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Unknown<'env>> {
        let json = Job::read_for(&self.inner, &documents, options.as_ref())
            .and_then(|job| job.run().map_err(Failure::Core))
            .map_err(|f| f.into_js(*env))?;
        parse_json(env, json)
    }
}

/// A failure of a batch, and the index of the bundle it comes from (None: the options).
type BatchFailure = Box<(Option<usize>, Failure)>;

/// What `evaluateBatch()` runs on one libuv worker: the shared options in `job` (its own
/// `documents` stay empty) and the documents of every bundle.
#[derive(Debug)]
struct Batch {
    job: Job,
    bundles: Vec<Vec<Document>>,
}

impl Batch {
    /// Reads `bundles` (an array of what `evaluate` accepts) and `options` (main thread). A
    /// failure names the index of the bundle it comes from.
    fn read(bundles: &Unknown<'_>, options: Option<&Unknown<'_>>) -> Result<Self, BatchFailure> {
        let mut job = Job {
            documents: Vec::new(),
            policy: PolicyInput::Default,
            now: None,
            compose: None,
        };
        if let Some(options) = options {
            job.read_options(options).map_err(|f| Box::new((None, f)))?;
        }
        let is_array = bundles.get_type().map_err(|e| Box::new((None, e.into())))?
            == ValueType::Object
            && bundles.is_array().map_err(|e| Box::new((None, e.into())))?;
        if !is_array {
            let got = bundles.get_type().map_err(|e| Box::new((None, e.into())))?;
            return Err(Box::new((
                None,
                Failure::usage(format!(
                    "bundles must be an array of bundles (each one what evaluate() takes), got {}",
                    convert::type_label(got)
                )),
            )));
        }
        let array = Object::from_unknown(*bundles).map_err(|e| Box::new((None, e.into())))?;
        let len = array
            .get_array_length()
            .map_err(|e| Box::new((None, e.into())))?;
        let mut out = Vec::new();
        for index in 0..len {
            let at = usize::try_from(index).unwrap_or(usize::MAX);
            let element: Unknown<'_> = array
                .get_element(index)
                .map_err(|e| Box::new((Some(at), e.into())))?;
            out.push(convert::documents(&element).map_err(|f| Box::new((Some(at), f)))?);
        }
        Ok(Batch { job, bundles: out })
    }

    /// Evaluates every bundle in order with one engine (any thread): a JSON array of the
    /// reports, or the first failure and the index of its bundle.
    fn run(&self) -> Result<String, Box<(Option<usize>, hullcheck::Error)>> {
        let engine = self.job.engine().map_err(|e| Box::new((None, e)))?;
        let mut out = String::from("[");
        for (index, documents) in self.bundles.iter().enumerate() {
            let json = self
                .job
                .report(&engine, documents)
                .map_err(|e| Box::new((Some(index), e)))?;
            if index > 0 {
                out.push(',');
            }
            out.push_str(&json);
        }
        out.push(']');
        Ok(out)
    }
}

/// The evaluation `evaluateBatch()` runs on the libuv thread pool.
#[derive(Debug)]
pub struct BatchTask {
    batch: Option<Batch>,
    failure: Option<BatchFailure>,
}

impl<'task> ScopedTask<'task> for BatchTask {
    type Output = String;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<String> {
        if self.failure.is_some() {
            return Err(napi::Error::from_reason("invalid arguments"));
        }
        match self.batch.as_ref().map(Batch::run) {
            Some(Ok(json)) => Ok(json),
            Some(Err(failed)) => {
                let (index, e) = *failed;
                self.failure = Some(Box::new((index, Failure::Core(e))));
                Err(napi::Error::from_reason("evaluation failed"))
            }
            None => Err(napi::Error::from_reason("no batch")),
        }
    }

    fn resolve(&mut self, env: &'task Env, output: String) -> napi::Result<Unknown<'task>> {
        parse_json(env, output)
    }

    fn reject(&mut self, env: &'task Env, err: napi::Error) -> napi::Result<Unknown<'task>> {
        match self.failure.take() {
            Some(failed) => {
                let (index, failure) = *failed;
                Err(failure.into_js_in_bundle(*env, index))
            }
            None => Err(err),
        }
    }
}

/// Evaluates several bundles, in order, on one libuv worker thread with one engine, and
/// resolves to their reports. Each bundle is what `evaluate` takes. `evaluateMany` spreads a
/// batch over several workers with this.
///
/// The first bad bundle rejects the call: its error has `bundle` (the bundle's index) and a
/// message starting with `bundles[i]: `.
#[napi(
    ts_args_type = "bundles: Documents[], options?: EvaluateOptions | undefined | null",
    ts_return_type = "Promise<Report[]>"
)]
pub fn evaluate_batch(
    bundles: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<AsyncTask<BatchTask>> {
    let task = match Batch::read(&bundles, options.as_ref()) {
        Ok(batch) => BatchTask {
            batch: Some(batch),
            failure: None,
        },
        // An exception thrown by the caller's own getter or proxy propagates unchanged.
        Err(failed) => match *failed {
            (_, Failure::Napi(e)) => return Err(e),
            failure => BatchTask {
                batch: None,
                failure: Some(Box::new(failure)),
            },
        },
    };
    Ok(AsyncTask::new(task))
}

/// The rule catalog, in the shape of `spec/rules.json`, ordered by code.
#[napi(ts_return_type = "RuleEntry[]")]
pub fn rules(env: &Env) -> napi::Result<Unknown<'_>> {
    let json = serde_json::to_string(&hullcheck::spec::rule_entries())
        .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    parse_json(env, json)
}

/// Detects the kind of one document (a JSON string, a Buffer, or a parsed object or array)
/// from its shape, such as `container`; throws `ERR_HULLCHECK_INVALID_INPUT` when it matches
/// no kind.
#[napi(
    ts_args_type = "document: Document",
    ts_return_type = "DocumentKindName"
)]
pub fn detect_kind(env: &Env, document: Unknown<'_>) -> napi::Result<String> {
    detect(&document)
        .map(|kind| kind.as_str().to_owned())
        .map_err(|f| f.into_js(*env))
}

fn detect(document: &Unknown<'_>) -> Result<DocumentKind, Failure> {
    match convert::single(document)? {
        Input::Content(Content::Text(text)) => Ok(hullcheck::detect_kind(&text)?),
        Input::Content(Content::Bytes(bytes)) => {
            Ok(hullcheck::detect_kind(convert::utf8(&bytes, "input")?)?)
        }
        Input::Content(Content::Value(value)) => {
            Ok(hullcheck::document::detect_value_kind(&value)?)
        }
        Input::Item(_) => Err(Failure::usage(
            "detectKind takes one document, not a {source, content} item".to_owned(),
        )),
    }
}

/// Renders a report (as returned by `evaluate`, or its JSON text) in a format of the core by
/// name: `json`, `table`, `sarif`, `junit`, `markdown` or `compliance` (`formats()` lists
/// them); formats added to the core work here without a binding change.
/// Throws `ERR_HULLCHECK_USAGE` for an unknown format or a value that is not a report.
#[napi(ts_args_type = "report: Report | string, format: FormatName")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "napi-derive hands arguments over by value"
)]
pub fn render(env: &Env, report: Unknown<'_>, format: String) -> napi::Result<String> {
    render_report(&report, &format).map_err(|f| f.into_js(*env))
}

fn render_report(report: &Unknown<'_>, format: &str) -> Result<String, Failure> {
    let format: Format = format.parse()?;
    let not_a_report =
        |e: serde_json::Error| Failure::usage(format!("the value is not a hullcheck report: {e}"));
    let report: Report = match report.get_type()? {
        ValueType::String => {
            serde_json::from_str(&convert::string(report)?).map_err(not_a_report)?
        }
        ValueType::Object => match convert::json_value(report) {
            Ok(JsonValue(value)) => serde_json::from_value(value).map_err(not_a_report)?,
            Err(Failure::Core(e)) => {
                return Err(Failure::usage(format!(
                    "the value is not a hullcheck report: {e}"
                )));
            }
            Err(other) => return Err(other),
        },
        other => {
            return Err(Failure::usage(format!(
                "report must be a report object or its JSON text, got {}",
                convert::type_label(other)
            )));
        }
    };
    Ok(report.render(format))
}

/// The names of the formats `render` accepts.
#[napi(ts_return_type = "FormatName[]")]
#[must_use]
pub fn formats() -> Vec<String> {
    Format::ALL.iter().map(|f| f.as_str().to_owned()).collect()
}

/// The version of the hullcheck core the addon was built with.
#[napi]
#[must_use]
pub fn version() -> String {
    hullcheck_version().to_owned()
}

fn hullcheck_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Builds an allowlist seccomp profile from the syscalls in `trace`: a plain list (names
/// separated by white space or commas), `strace` / `strace -f` / `strace -c` output, or Falco
/// and Tracee JSON lines. Returns `{observed, docker, oci, diff}`: what the trace held, the
/// profile in Docker's JSON form and as an OCI `linux.seccomp` object, and how it differs from
/// Docker's default profile. `options` takes `architectures`, `default_action`,
/// `default_errno_ret` and `runtime_essentials`, all optional.
///
/// Throws `ERR_HULLCHECK_USAGE` for a trace that is not a string or bad options.
#[napi(
    ts_args_type = "trace: string, options?: GenerateSeccompOptions | undefined | null",
    ts_return_type = "GeneratedSeccomp"
)]
pub fn generate_seccomp<'env>(
    env: &'env Env,
    trace: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'env>> {
    let json = seccomp_json(&trace, options.as_ref()).map_err(|f| f.into_js(*env))?;
    parse_json(env, json)
}

/// Generates the image labels a label schema asks for from build facts: `facts` maps fact
/// names (`created`, `revision`, `source`, `version`, `licenses`, `url`, `documentation`,
/// `title`, `description`, `vendor`, `authors`, `base_name`, `base_digest`) to strings;
/// `options.schema` is the schema (an object in the shape of `spec/label-schema.schema.json`,
/// or that schema as JSON or YAML text; the built-in OCI schema when absent). Returns
/// `{labels, label_lines, args, problems}`.
///
/// Throws `ERR_HULLCHECK_USAGE` for facts or options of the wrong shape, and
/// `ERR_HULLCHECK_POLICY` for a schema that does not read.
#[napi(
    ts_args_type = "facts: LabelFacts, options?: GenerateLabelsOptions | undefined | null",
    ts_return_type = "GeneratedLabels"
)]
pub fn generate_labels<'env>(
    env: &'env Env,
    facts: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Unknown<'env>> {
    let json = labels::generate_json(&facts, options.as_ref()).map_err(|f| f.into_js(*env))?;
    parse_json(env, json)
}

fn seccomp_json(trace: &Unknown<'_>, options: Option<&Unknown<'_>>) -> Result<String, Failure> {
    let trace = match trace.get_type()? {
        ValueType::String => convert::string(trace)?,
        other => {
            return Err(Failure::usage(format!(
                "trace must be a string, got {}",
                convert::type_label(other)
            )));
        }
    };
    let options = match options {
        Some(options) => seccomp_options(options)?,
        None => GenerateOptions::default(),
    };
    let generated = seccomp::generate_from_trace(&trace, &options);
    serde_json::to_string(&generated)
        .map_err(|e| Failure::Napi(napi::Error::from_reason(e.to_string())))
}

/// Reads the options of `generateSeccomp`: the fields of `GenerateOptions`, all optional.
/// Unknown keys are refused rather than ignored, so a typo cannot pass silently.
fn seccomp_options(options: &Unknown<'_>) -> Result<GenerateOptions, Failure> {
    match options.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(GenerateOptions::default()),
        ValueType::Object if !options.is_array()? => {}
        other => {
            return Err(Failure::usage(format!(
                "options must be an object, got {}",
                if other == ValueType::Object {
                    "an array"
                } else {
                    convert::type_label(other)
                }
            )));
        }
    }
    let value = match convert::json_value(options) {
        Ok(JsonValue(value)) => value,
        Err(Failure::Core(e)) => {
            return Err(Failure::usage(format!("options are not JSON data: {e}")));
        }
        Err(other) => return Err(other),
    };
    let known: Vec<String> = match serde_json::to_value(GenerateOptions::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    if let serde_json::Value::Object(map) = &value
        && let Some(unknown) = map.keys().find(|k| !known.contains(k))
    {
        return Err(Failure::usage(format!(
            "unknown option `{unknown}` (expected: {})",
            known.join(", ")
        )));
    }
    serde_json::from_value(value)
        .map_err(|e| Failure::usage(format!("invalid seccomp options: {e}")))
}
