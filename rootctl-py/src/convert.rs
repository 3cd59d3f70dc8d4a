//! Conversions at the Python boundary: arguments in (account ids, string lists, tag
//! filters, selections) and JSON out (`to_dict`, `to_json`, `from_json`).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyMapping, PyString};
use rootctl::{AccountId, Error, ParentId, Selection, TagFilter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::{core, raise};

/// A string argument, or a sequence of them; `None` is empty. A lone string is one item,
/// not a sequence of characters.
pub(crate) fn strings(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(vec![text.extract::<String>()?]);
    }
    let items = value.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a string or an iterable of strings, not {}",
            type_name(value)
        ))
    })?;
    items
        .map(|item| {
            let item = item?;
            item.extract::<String>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{what} must contain strings, not {}",
                    type_name(&item)
                ))
            })
        })
        .collect()
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// A task name (`audit`, `delete`, `recover`, `unlock_s3`, `unlock_sqs`).
pub(crate) fn root_task(text: &str) -> PyResult<rootctl::RootTask> {
    core(text.parse())
}

/// A policy target: an account, root or OU id.
pub(crate) fn policy_target(text: &str) -> PyResult<rootctl::PolicyTarget> {
    core(text.parse())
}

/// One account id, checked (12 digits).
pub(crate) fn account_id(text: &str) -> PyResult<AccountId> {
    core(text.parse())
}

/// Account ids from a string or sequence of strings.
pub(crate) fn account_ids(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Vec<AccountId>> {
    strings(value, what)?
        .iter()
        .map(|s| account_id(s))
        .collect()
}

fn parent_ids(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<ParentId>> {
    strings(value, what)?
        .iter()
        .map(|s| core(s.parse::<ParentId>()))
        .collect()
}

/// Tag filters from `"key=value"` / `"key"` strings, a sequence of them, or a mapping of
/// key to value (`None` for "any value").
fn tag_filters(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<TagFilter>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(mapping) = value.cast::<PyMapping>() {
        let mut filters = Vec::new();
        for item in mapping.items()?.iter() {
            let (key, wanted): (String, Option<String>) = item.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{what} as a mapping must map str keys to str or None values"
                ))
            })?;
            filters.push(core(TagFilter::new(key, wanted))?);
        }
        return Ok(filters);
    }
    strings(Some(value), what)?
        .iter()
        .map(|s| core(s.parse::<TagFilter>()))
        .collect()
}

/// The selection keyword arguments every account-wide operation takes.
pub(crate) struct SelectionArgs<'a, 'py> {
    pub(crate) accounts: Option<&'a Bound<'py, PyAny>>,
    pub(crate) ous: Option<&'a Bound<'py, PyAny>>,
    pub(crate) tags: Option<&'a Bound<'py, PyAny>>,
    pub(crate) exclude: Option<&'a Bound<'py, PyAny>>,
    pub(crate) exclude_ous: Option<&'a Bound<'py, PyAny>>,
    pub(crate) exclude_tags: Option<&'a Bound<'py, PyAny>>,
}

impl SelectionArgs<'_, '_> {
    /// The core [`Selection`] these arguments describe, every value checked.
    pub(crate) fn parse(&self) -> PyResult<Selection> {
        Ok(Selection {
            accounts: account_ids(self.accounts, "accounts")?,
            ous: parent_ids(self.ous, "ous")?,
            tags: tag_filters(self.tags, "tags")?,
            exclude_accounts: account_ids(self.exclude, "exclude")?,
            exclude_ous: parent_ids(self.exclude_ous, "exclude_ous")?,
            exclude_tags: tag_filters(self.exclude_tags, "exclude_tags")?,
        })
    }
}

/// `value` as JSON text: indented by `indent` spaces, or compact for `None`.
pub(crate) fn to_json<T: Serialize>(value: &T, indent: Option<usize>) -> PyResult<String> {
    let text = match indent {
        None => serde_json::to_string(value),
        Some(width) => {
            let indent = " ".repeat(width);
            let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
            let mut out = Vec::new();
            let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
            value
                .serialize(&mut serializer)
                .map(|()| String::from_utf8(out).unwrap_or_default())
        }
    };
    text.map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("cannot serialize: {e}")))
}

/// `value` as plain Python data (dict, list, str, int, float, bool, None): what
/// `json.loads(value.to_json())` gives, built straight from the Rust value.
pub(crate) fn to_dict<'py, T: Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("cannot convert: {e}")))
}

/// Text or UTF-8 bytes, for `from_json`.
pub(crate) fn text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return String::from_utf8(bytes.as_bytes().to_vec()).map_err(|e| {
            raise(Error::invalid_input(
                "JSON",
                "<bytes>",
                format!("is not UTF-8: {e}"),
            ))
        });
    }
    value.extract::<String>().map_err(|_| {
        PyTypeError::new_err(format!("expected str or bytes, not {}", type_name(value)))
    })
}

/// Reads a report written by `to_json`; a malformed one is an `InvalidInputError`.
pub(crate) fn from_json<T: DeserializeOwned>(
    value: &Bound<'_, PyAny>,
    what: &'static str,
) -> PyResult<T> {
    let text = text(value)?;
    serde_json::from_str(&text).map_err(|e| {
        let shown: String = text.chars().take(40).collect();
        raise(Error::invalid_input(
            what,
            shown,
            format!("is not a rootctl {what} in JSON: {e}"),
        ))
    })
}

/// A duration in seconds from Python, checked to be finite and positive.
pub(crate) fn seconds(value: f64, what: &'static str) -> PyResult<std::time::Duration> {
    if value.is_finite() && value > 0.0 {
        Ok(std::time::Duration::from_secs_f64(value))
    } else {
        Err(raise(Error::invalid_input(
            what,
            value.to_string(),
            "must be a positive number of seconds",
        )))
    }
}

/// A quoted Python string literal, for `__repr__`.
pub(crate) fn quote(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('\'', "\\'");
    format!("'{escaped}'")
}

/// `Some(text)` quoted or `None`, for `__repr__`.
pub(crate) fn quote_opt(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), quote)
}

/// The Python-side name of a bool, for `__repr__`.
pub(crate) fn py_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// At most 60 characters of `text` (and `…` when cut): how an error names a value that can
/// be anything a caller passes (an event, a dict), so the message stays readable and
/// does not copy the whole input into logs.
pub(crate) fn abbreviated(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// A mapping of plain values (text, numbers, booleans, None, lists, nested mappings) as
/// JSON, or why it is not one. It goes through Python's own JSON encoder, then
/// serde_json: a self-referencing mapping is a `ValueError` and a deeply nested one a
/// `RecursionError` there, and serde_json refuses more than 128 levels, where a converter
/// walking the objects natively would overflow the stack and take the interpreter down.
pub(crate) fn plain_json(value: &Bound<'_, PyAny>) -> Result<serde_json::Value, String> {
    let py = value.py();
    let mapping = if value.is_instance_of::<pyo3::types::PyDict>() {
        value.clone()
    } else if value.cast::<pyo3::types::PyMapping>().is_ok() {
        py.get_type::<pyo3::types::PyDict>()
            .call1((value,))
            .map_err(|e| e.to_string())?
            .into_any()
    } else {
        let kind = value.get_type().name().map_err(|e| e.to_string())?;
        return Err(format!("a {kind} is not a mapping"));
    };
    let text: String = py
        .import("json")
        .and_then(|json| json.call_method1("dumps", (mapping,)))
        .and_then(|text| text.extract())
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The abbreviated `repr()` of a Python value (see [`abbreviated`]).
pub(crate) fn abbreviated_repr(value: &Bound<'_, PyAny>) -> String {
    value
        .repr()
        .map(|r| abbreviated(&r.to_string_lossy()))
        .unwrap_or_default()
}
