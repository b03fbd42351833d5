//! Python objects ⇄ JSON values.
//!
//! Python → JSON is iterative in spirit but recursive in code, so it carries a depth limit (the
//! core's [`MAX_NESTING`], 64 levels, the depth JSON text is refused at): a 10,000-deep list is
//! an input error, never a stack overflow. Anything that JSON cannot represent (sets, bytes, custom objects, NaN, non-str
//! keys, integers beyond 64 bits) is an input error naming the pointer of the value.

use hullcheck::InputProblem;
use hullcheck::limits::MAX_NESTING;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Why a Python object is not a JSON value, and where.
#[derive(Debug)]
pub(crate) struct NotJson {
    pub(crate) problem: InputProblem,
    pub(crate) message: String,
    /// Pointer tokens from the offending value up to the root (reversed).
    reversed_path: Vec<Token>,
}

#[derive(Debug)]
enum Token {
    Key(String),
    Index(usize),
}

impl NotJson {
    fn new(problem: InputProblem, message: String) -> Self {
        NotJson {
            problem,
            message,
            reversed_path: Vec::new(),
        }
    }

    fn at(mut self, token: Token) -> Self {
        self.reversed_path.push(token);
        self
    }

    /// The RFC 6901 pointer of the offending value.
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        for token in self.reversed_path.iter().rev() {
            match token {
                Token::Key(key) => hullcheck::pointer::push_token(&mut out, key),
                Token::Index(index) => hullcheck::pointer::push_index(&mut out, *index),
            }
        }
        out
    }

    /// The core's input error for this problem, in the document named `source`.
    pub(crate) fn to_error(&self, source: &str) -> hullcheck::Error {
        hullcheck::Error::InvalidInput {
            problem: self.problem,
            source_name: Some(source.to_owned()),
            kind: None,
            pointer: Some(self.pointer()),
            line: None,
            column: None,
            message: self.message.clone(),
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// Converts a Python object made of dict, list, tuple, str, int, float, bool and None.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    convert(obj, 0)
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
    if let Ok(dict) = obj.cast::<PyDict>() {
        enter(depth)?;
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(NotJson::new(
                    InputProblem::Type,
                    format!(
                        "a dict key of type {} is not JSON-representable (keys must be str)",
                        type_name(&key)
                    ),
                ));
            };
            let key = string(key)?;
            let value = convert(&value, depth + 1).map_err(|e| e.at(Token::Key(key.clone())))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return string(text).map(Value::String);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        enter(depth)?;
        let mut items = Vec::with_capacity(list.len());
        for (index, item) in list.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.at(Token::Index(index)))?);
        }
        return Ok(Value::Array(items));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return Ok(Value::from(n));
        }
        return Err(NotJson::new(
            InputProblem::Type,
            "an integer outside the 64-bit range is not supported".to_owned(),
        ));
    }
    if let Ok(float) = obj.cast::<PyFloat>() {
        let x = float.value();
        return Number::from_f64(x).map(Value::Number).ok_or_else(|| {
            NotJson::new(
                InputProblem::Type,
                format!("the float {x} is not JSON-representable (NaN and infinities are not)"),
            )
        });
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        enter(depth)?;
        let mut items = Vec::with_capacity(tuple.len());
        for (index, item) in tuple.iter().enumerate() {
            items.push(convert(&item, depth + 1).map_err(|e| e.at(Token::Index(index)))?);
        }
        return Ok(Value::Array(items));
    }
    Err(NotJson::new(
        InputProblem::Type,
        format!(
            "a value of type {} is not JSON-representable (expected dict, list, tuple, str, int, float, bool or None)",
            type_name(obj)
        ),
    ))
}

fn enter(depth: usize) -> Result<(), NotJson> {
    if depth >= MAX_NESTING {
        Err(NotJson::new(
            InputProblem::TooDeep,
            format!("the document nests deeper than {MAX_NESTING} levels"),
        ))
    } else {
        Ok(())
    }
}

fn string(text: &Bound<'_, PyString>) -> Result<String, NotJson> {
    text.to_cow()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| {
            NotJson::new(
                InputProblem::Type,
                "a str that is not valid Unicode (a lone surrogate) is not JSON-representable"
                    .to_owned(),
            )
        })
}

/// Converts a JSON value into plain Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Converts anything serde can serialise into plain Python objects.
pub(crate) fn serialize_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    data: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(data)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    to_py(py, &value)
}
