//! The `hullcheck` command (`hullcheck_cli::run_process`) for the package's `bin`, and the
//! live-engine collector (`hullcheck_cli::collect`) on the libuv thread pool.

use hullcheck_cli::collect::CollectOptions;
use napi::bindgen_prelude::{
    AsyncTask, Env, FromNapiValue, JsObjectValue, JsValue, Object, Unknown,
};
use napi::{ScopedTask, ValueType};
use napi_derive::napi;

use crate::convert;
use crate::errors::Failure;

/// Reads the command's arguments: an array of strings (the program name left out).
fn arguments(args: &Unknown<'_>) -> Result<Vec<String>, Failure> {
    let got = args.get_type()?;
    if got != ValueType::Object || !args.is_array()? {
        return Err(Failure::WrongType(format!(
            "args must be an array of strings, got {}",
            convert::type_label(got)
        )));
    }
    let array = Object::from_unknown(*args)?;
    let len = array.get_array_length()?;
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    for index in 0..len {
        let item: Unknown<'_> = array.get_element(index)?;
        match item.get_type()? {
            ValueType::String => out.push(convert::string(&item)?),
            other => {
                return Err(Failure::WrongType(format!(
                    "args[{index}] must be a string, got {}",
                    convert::type_label(other)
                )));
            }
        }
    }
    Ok(out)
}

/// Runs the `hullcheck` command (the same one as the Rust binary and the Python wheel's) with
/// `args` (without the program name: `process.argv.slice(2)`) on the calling thread and returns
/// its exit status: 0 the gate passed, 1 it failed, 2 a usage error or an input that could not
/// be read. The command reads the process's standard input and writes to its standard output
/// and error (file descriptors 0, 1 and 2) itself, bypassing `process.stdout`; the package's
/// `bin/hullcheck.js` is `process.exitCode = runCli(process.argv.slice(2))`.
///
/// Throws a `TypeError` (`code` `ERR_HULLCHECK_USAGE`) when `args` is not an array of strings.
#[napi(ts_args_type = "args: string[]")]
pub fn run_cli(env: &Env, args: Unknown<'_>) -> napi::Result<u32> {
    let args = arguments(&args).map_err(|f| f.into_js(*env))?;
    Ok(u32::from(hullcheck_cli::run_process(&args).code()))
}

/// Reads the options of `collectDocker`: `host` (the endpoint) and `all`, both optional.
fn collect_options(options: Option<&Unknown<'_>>) -> Result<CollectOptions, Failure> {
    let mut out = CollectOptions::default();
    let Some(options) = options else {
        return Ok(out);
    };
    match options.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(out),
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
        let got = value.get_type()?;
        match (key.as_str(), got) {
            (_, ValueType::Undefined) => {}
            ("host", ValueType::Null) => out.endpoint = None,
            ("host", ValueType::String) => out.endpoint = Some(convert::string(&value)?),
            ("all", ValueType::Boolean) => out.all = value.coerce_to_bool()?,
            ("host", _) => {
                return Err(Failure::usage(format!(
                    "options.host must be a string (unix:///var/run/docker.sock, tcp://host:2376), got {}",
                    convert::type_label(got)
                )));
            }
            ("all", _) => {
                return Err(Failure::usage(format!(
                    "options.all must be a boolean, got {}",
                    convert::type_label(got)
                )));
            }
            (other, _) => {
                return Err(Failure::usage(format!(
                    "unknown option `{other}` (expected: host, all)"
                )));
            }
        }
    }
    Ok(out)
}

/// The collection `collectDocker()` runs on the libuv thread pool.
#[derive(Debug)]
pub struct CollectTask {
    options: Option<CollectOptions>,
    failure: Option<Failure>,
}

impl<'task> ScopedTask<'task> for CollectTask {
    type Output = String;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<String> {
        let Some(options) = self.options.as_ref() else {
            // Reading the options failed; reject() reports it.
            return Err(napi::Error::from_reason("invalid arguments"));
        };
        match hullcheck_cli::collect::collect_docker(options) {
            // The collection's own field order (hullcheck_collection first) survives JSON.parse.
            Ok(collection) => serde_json::to_string(&collection)
                .map_err(|e| napi::Error::from_reason(e.to_string())),
            Err(error) => {
                self.failure = Some(Failure::Collection(error.message));
                Err(napi::Error::from_reason("collection failed"))
            }
        }
    }

    fn resolve(&mut self, env: &'task Env, output: String) -> napi::Result<Unknown<'task>> {
        crate::parse_json(env, output)
    }

    fn reject(&mut self, env: &'task Env, err: napi::Error) -> napi::Result<Unknown<'task>> {
        match self.failure.take() {
            Some(failure) => Err(failure.into_js(*env)),
            None => Err(err),
        }
    }
}

/// Collects every document hullcheck reads from a live Docker (or Podman) engine and, when the
/// engine runs on this host, from the host, on the libuv thread pool; resolves to a saved
/// collection (a plain object whose first key is `hullcheck_collection`) that `evaluate` reads
/// like any document, and `JSON.stringify` saves for later.
///
/// `options.host` is the endpoint (`unix:///var/run/docker.sock`, `tcp://host:2376`; default
/// `DOCKER_HOST`, then the default socket); `options.all` includes stopped containers.
///
/// Rejects with an `Error` whose `code` is `ERR_HULLCHECK_COLLECTION` when the engine cannot be
/// read (the message names the endpoint and the usual fix), or `ERR_HULLCHECK_USAGE` for bad
/// options.
#[napi(
    ts_args_type = "options?: CollectDockerOptions | undefined | null",
    ts_return_type = "Promise<Collection>"
)]
pub fn collect_docker(options: Option<Unknown<'_>>) -> napi::Result<AsyncTask<CollectTask>> {
    let task = match collect_options(options.as_ref()) {
        Ok(options) => CollectTask {
            options: Some(options),
            failure: None,
        },
        // An exception thrown by the caller's own getter or proxy propagates unchanged.
        Err(Failure::Napi(e)) => return Err(e),
        Err(failure) => CollectTask {
            options: None,
            failure: Some(failure),
        },
    };
    Ok(AsyncTask::new(task))
}
