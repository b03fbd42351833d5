//! Core errors as JavaScript `Error`s with a stable `code` and, for input errors, the location.

use napi::bindgen_prelude::{
    Env, FromNapiValue, Function, JsObjectValue, JsValue, Object, Unknown,
};

/// Why a call failed: a hullcheck error (becomes a coded JS `Error`), a live engine that could
/// not be read (`ERR_HULLCHECK_COLLECTION`), an argument of the wrong type (a `TypeError` coded
/// `ERR_HULLCHECK_USAGE`), or a Node-API failure.
#[derive(Debug)]
pub(crate) enum Failure {
    Core(hullcheck::Error),
    Collection(String),
    WrongType(String),
    Napi(napi::Error),
}

impl From<hullcheck::Error> for Failure {
    fn from(e: hullcheck::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<napi::Error> for Failure {
    fn from(e: napi::Error) -> Self {
        Failure::Napi(e)
    }
}

/// The `code` of a core error kind, shared with the documentation and the tests. A kind a
/// newer core adds gets `ERR_HULLCHECK_<KIND>`, never another kind's code.
fn code(kind: hullcheck::ErrorKind) -> std::borrow::Cow<'static, str> {
    use hullcheck::ErrorKind;
    match kind {
        ErrorKind::InvalidInput => "ERR_HULLCHECK_INVALID_INPUT".into(),
        ErrorKind::LimitExceeded => "ERR_HULLCHECK_LIMIT".into(),
        ErrorKind::Policy => "ERR_HULLCHECK_POLICY".into(),
        ErrorKind::Usage => USAGE.into(),
        other => format!("ERR_HULLCHECK_{}", other.as_str().to_ascii_uppercase()).into(),
    }
}

impl Failure {
    pub(crate) fn usage(message: String) -> Self {
        Failure::Core(hullcheck::Error::Usage { message })
    }

    /// Sets the source name of an input error that has none.
    #[must_use]
    pub(crate) fn in_source(self, name: &str) -> Self {
        match self {
            Failure::Core(e) => Failure::Core(with_source(e, name)),
            other => other,
        }
    }

    /// The error to throw or reject with.
    pub(crate) fn into_js(self, env: Env) -> napi::Error {
        self.into_js_in_bundle(env, None)
    }

    /// The error to throw or reject with; with a `bundle` index (a batch call), its message
    /// starts with `bundles[i]: ` and its `bundle` property is the index.
    pub(crate) fn into_js_in_bundle(self, env: Env, bundle: Option<usize>) -> napi::Error {
        match self {
            Failure::Napi(e) => e,
            Failure::Core(e) => build(env, &e, bundle).unwrap_or_else(|napi_error| napi_error),
            Failure::Collection(message) => coded(env, "Error", &message, COLLECTION, "collection")
                .unwrap_or_else(|napi_error| napi_error),
            Failure::WrongType(message) => coded(env, "TypeError", &message, USAGE, "usage")
                .unwrap_or_else(|napi_error| napi_error),
        }
    }
}

/// The `code` of a collection error: the live engine or host could not be read.
pub(crate) const COLLECTION: &str = "ERR_HULLCHECK_COLLECTION";

/// The `code` of a usage error (an argument hullcheck cannot use).
pub(crate) const USAGE: &str = "ERR_HULLCHECK_USAGE";

/// A JavaScript error of the global class `class` (`Error`, `TypeError`) with a `code`.
fn coded(
    env: Env,
    class: &str,
    message: &str,
    code: &str,
    kind: &str,
) -> napi::Result<napi::Error> {
    let constructor: Function<'_, String, Unknown<'_>> =
        env.get_global()?.get_named_property(class)?;
    let error = constructor.new_instance(message.to_owned())?;
    let mut object = Object::from_unknown(error)?;
    object.set_named_property("code", code)?;
    object.set_named_property("kind", kind)?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// Sets the source name of an input error that has none.
pub(crate) fn with_source(mut e: hullcheck::Error, name: &str) -> hullcheck::Error {
    if let hullcheck::Error::InvalidInput {
        source_name: source_name @ None,
        ..
    }
    | hullcheck::Error::LimitExceeded {
        source_name: source_name @ None,
        ..
    } = &mut e
    {
        *source_name = Some(name.to_owned());
    }
    e
}

fn build(env: Env, e: &hullcheck::Error, bundle: Option<usize>) -> napi::Result<napi::Error> {
    let message = match bundle {
        Some(index) => format!("bundles[{index}]: {e}"),
        None => e.to_string(),
    };
    let mut error = env.create_error(napi::Error::from_reason(message))?;
    error.set_named_property("code", code(e.kind()).as_ref())?;
    // The error's kind, as Python's `HullcheckError.kind` names it.
    error.set_named_property("kind", e.kind().as_str())?;
    if let Some(index) = bundle {
        error.set_named_property("bundle", index as f64)?;
    }
    if let hullcheck::Error::InvalidInput {
        problem,
        source_name,
        kind,
        pointer,
        line,
        column,
        ..
    } = e
    {
        error.set_named_property("problem", problem.as_str())?;
        error.set_named_property("pointer", pointer.as_deref())?;
        error.set_named_property("source", source_name.as_deref())?;
        error.set_named_property("documentKind", kind.map(hullcheck::DocumentKind::as_str))?;
        error.set_named_property("line", line.map(|n| n as f64))?;
        error.set_named_property("column", column.map(|n| n as f64))?;
    }
    if let hullcheck::Error::Policy { pointer, .. } = e {
        error.set_named_property("pointer", pointer.as_deref())?;
    }
    if let hullcheck::Error::LimitExceeded {
        limit,
        value,
        max,
        source_name,
    } = e
    {
        error.set_named_property("problem", "limit_exceeded")?;
        error.set_named_property("limit", limit.as_str())?;
        error.set_named_property("value", *value as f64)?;
        error.set_named_property("max", *max as f64)?;
        error.set_named_property("source", source_name.as_deref())?;
    }
    Ok(napi::Error::from(error.to_unknown()))
}
