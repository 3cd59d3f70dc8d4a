//! The exception tree: `RootctlError` and one subclass per [`ErrorKind`], built when the
//! module is imported, and the one function that turns a [`rootctl::Error`] into one of
//! them.
//!
//! The classes are made with `type(name, bases, namespace)` rather than
//! `create_exception!` because `InvalidInputError` has two bases (`RootctlError` and the
//! builtin `ValueError`, which invalid input means in Python), and because every class
//! carries the same documented attributes with `None` defaults.

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use rootctl::{Error, ErrorKind};

/// One exception class: the kind it stands for, its Python name and its docstring.
/// The Python class name of each kind: the kind's name with `Error` (the timeout one is
/// `AccountTimeoutError`, since Python has a builtin `TimeoutError`). The kinds come from
/// the core's one list, [`ErrorKind::ALL`]; their docstrings from [`ErrorKind::summary`].
fn class_name(kind: ErrorKind) -> String {
    match kind {
        ErrorKind::Timeout => "AccountTimeoutError".to_owned(),
        other => format!("{other:?}Error"),
    }
}

const BASE_DOC: &str = "Base class of every error rootctl raises.\n\n\
Attributes (None where unknown): kind, code, message, account_id, request_id, operation, \
service, http_status, retryable.";

/// The attributes every instance carries, with their class-level defaults.
const ATTRIBUTES: &[&str] = &[
    "code",
    "message",
    "account_id",
    "request_id",
    "operation",
    "service",
    "http_status",
];

/// What `PolicyChangedError` carries besides: the live and the expected policy texts.
const POLICY_CHANGE_ATTRIBUTES: &[&str] = &["live_policy", "expected_policy"];

/// The classes, made once per process at import.
struct Classes {
    base: Py<PyType>,
    by_kind: Vec<(ErrorKind, Py<PyType>)>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

/// `kind`'s snake_case name, as reports serialize it (e.g. `access_denied`).
fn kind_name(kind: ErrorKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}

fn make_class<'py>(
    py: Python<'py>,
    name: &str,
    bases: Vec<Bound<'py, PyType>>,
    doc: &str,
    kind: Option<ErrorKind>,
) -> PyResult<Bound<'py, PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "rootctl")?;
    namespace.set_item("__doc__", doc)?;
    match kind {
        Some(kind) => {
            namespace.set_item("kind", kind_name(kind))?;
            namespace.set_item("retryable", kind.is_retryable())?;
            if kind == ErrorKind::PolicyChanged {
                for attribute in POLICY_CHANGE_ATTRIBUTES {
                    namespace.set_item(*attribute, py.None())?;
                }
            }
        }
        None => {
            for attribute in ATTRIBUTES {
                namespace.set_item(*attribute, py.None())?;
            }
            namespace.set_item("kind", py.None())?;
            namespace.set_item("retryable", false)?;
        }
    }
    let bases = PyTuple::new(py, bases)?;
    Ok(py
        .get_type::<PyType>()
        .call1((name, bases, namespace))?
        .cast_into::<PyType>()?)
}

fn build(py: Python<'_>) -> PyResult<Classes> {
    let base = make_class(
        py,
        "RootctlError",
        vec![py.get_type::<PyException>()],
        BASE_DOC,
        None,
    )?;
    let mut by_kind = Vec::with_capacity(ErrorKind::ALL.len());
    for &kind in ErrorKind::ALL {
        let mut bases = vec![base.clone()];
        if kind == ErrorKind::InvalidInput {
            bases.push(py.get_type::<PyValueError>());
        }
        let doc = if kind == ErrorKind::InvalidInput {
            format!("{} Also a ValueError.", kind.summary())
        } else {
            kind.summary().to_owned()
        };
        let class = make_class(py, &class_name(kind), bases, &doc, Some(kind))?;
        by_kind.push((kind, class.unbind()));
    }
    Ok(Classes {
        base: base.unbind(),
        by_kind,
    })
}

/// Creates the classes (once) and adds them to the module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let classes = CLASSES.get_or_try_init(py, || build(py))?;
    module.add("RootctlError", classes.base.bind(py))?;
    for (kind, class) in &classes.by_kind {
        module.add(class_name(*kind), class.bind(py))?;
    }
    Ok(())
}

/// The exception for `err`: an instance of the class of its kind, its message the
/// error's text, its attributes the error's context. The one place a Rust error becomes
/// a Python exception.
pub(crate) fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    match exception(py, err) {
        Ok(value) => PyErr::from_value(value.into_any()),
        Err(failure) => failure,
    }
}

/// [`to_pyerr`] as the exception object itself, for reports that carry errors.
pub(crate) fn exception<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let classes = CLASSES
        .get(py)
        .ok_or_else(|| PyException::new_err("rootctl's exception classes are not registered"))?;
    let kind = err.kind();
    let class = classes
        .by_kind
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&classes.base, |(_, class)| class)
        .bind(py);
    let value = class.call1((err.to_string(),))?;
    let context = err.context();
    value.setattr("kind", kind_name(kind))?;
    value.setattr("retryable", err.is_retryable())?;
    value.setattr("code", err.code())?;
    value.setattr("request_id", err.request_id())?;
    value.setattr("account_id", err.account_id().map(|a| a.to_string()))?;
    value.setattr("message", context.and_then(|c| c.message.as_deref()))?;
    value.setattr("service", context.map(|c| c.service.as_str()))?;
    value.setattr("http_status", context.and_then(|c| c.http_status))?;
    let operation = match err {
        Error::Timeout { operation, .. } => Some(operation.to_string()),
        _ => context.map(|c| c.operation.to_string()),
    };
    value.setattr("operation", operation)?;
    if let Error::PolicyChanged { change } = err {
        value.setattr("service", change.service.as_str())?;
        value.setattr("live_policy", change.live.as_deref())?;
        value.setattr("expected_policy", change.expected.as_deref())?;
    }
    Ok(value)
}

/// A [`rootctl::Error`] on its way to Python. `?` converts it with [`to_pyerr`].
pub(crate) struct CoreError(pub(crate) Error);

impl From<Error> for CoreError {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl From<CoreError> for PyErr {
    fn from(err: CoreError) -> Self {
        Python::attach(|py| to_pyerr(py, &err.0))
    }
}

/// Converts a core result, for use with `?` in binding code.
pub(crate) fn core<T>(result: rootctl::Result<T>) -> PyResult<T> {
    result.map_err(|err| PyErr::from(CoreError(err)))
}

/// The exception for an error built in the bindings (argument checks).
pub(crate) fn raise(err: Error) -> PyErr {
    PyErr::from(CoreError(err))
}
