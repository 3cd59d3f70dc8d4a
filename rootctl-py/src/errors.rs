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
struct Spec {
    kind: ErrorKind,
    name: &'static str,
    doc: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        kind: ErrorKind::InvalidInput,
        name: "InvalidInputError",
        doc: "A value given to rootctl breaks a rule; nothing was sent to AWS. Also a ValueError.",
    },
    Spec {
        kind: ErrorKind::Config,
        name: "ConfigError",
        doc: "The environment cannot support the request (no region, the global STS endpoint, ...).",
    },
    Spec {
        kind: ErrorKind::NotManagementAccount,
        name: "NotManagementAccountError",
        doc: "The caller is not the management account (or, where AWS allows it, the IAM delegated administrator).",
    },
    Spec {
        kind: ErrorKind::OrganizationNotFound,
        name: "OrganizationNotFoundError",
        doc: "The caller's account is not in an AWS organization.",
    },
    Spec {
        kind: ErrorKind::NotAllFeatures,
        name: "NotAllFeaturesError",
        doc: "The organization is not in ALL features mode.",
    },
    Spec {
        kind: ErrorKind::TrustedAccessNotEnabled,
        name: "TrustedAccessNotEnabledError",
        doc: "Trusted access for iam.amazonaws.com is not enabled in AWS Organizations.",
    },
    Spec {
        kind: ErrorKind::FeatureNotEnabled,
        name: "FeatureNotEnabledError",
        doc: "An organization feature the operation needs (RootCredentialsManagement or RootSessions) is off.",
    },
    Spec {
        kind: ErrorKind::AccessDenied,
        name: "AccessDeniedError",
        doc: "AWS denied the call (caller policy, task policy scope, or a member account's SCP).",
    },
    Spec {
        kind: ErrorKind::Throttled,
        name: "ThrottledError",
        doc: "AWS throttled the call, through every retry. Retryable.",
    },
    Spec {
        kind: ErrorKind::SessionExpired,
        name: "SessionExpiredError",
        doc: "The root session (or the caller's own session) expired.",
    },
    Spec {
        kind: ErrorKind::NotFound,
        name: "NotFoundError",
        doc: "The thing named does not exist.",
    },
    Spec {
        kind: ErrorKind::AlreadyExists,
        name: "AlreadyExistsError",
        doc: "The thing to create exists already.",
    },
    Spec {
        kind: ErrorKind::Conflict,
        name: "ConflictError",
        doc: "A transient conflicting change (ConcurrentModification, ...). Retryable.",
    },
    Spec {
        kind: ErrorKind::ServiceFailure,
        name: "ServiceFailureError",
        doc: "AWS failed internally (HTTP 5xx). Retryable.",
    },
    Spec {
        kind: ErrorKind::Transport,
        name: "TransportError",
        doc: "The request got no usable response (connection failure, timeout). Retryable.",
    },
    Spec {
        kind: ErrorKind::RegionDisabled,
        name: "RegionDisabledError",
        doc: "STS is not activated in the configured region.",
    },
    Spec {
        kind: ErrorKind::Aws,
        name: "AwsError",
        doc: "Any other AWS error; .code and the message say which.",
    },
    Spec {
        kind: ErrorKind::Timeout,
        name: "AccountTimeoutError",
        doc: "The work on one account did not finish within the per-account timeout.",
    },
    Spec {
        kind: ErrorKind::Journal,
        name: "JournalError",
        doc: "The removal journal could not be read or written; nothing further was removed.",
    },
];

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
    let mut by_kind = Vec::with_capacity(SPECS.len());
    for spec in SPECS {
        let mut bases = vec![base.clone()];
        if spec.kind == ErrorKind::InvalidInput {
            bases.push(py.get_type::<PyValueError>());
        }
        let class = make_class(py, spec.name, bases, spec.doc, Some(spec.kind))?;
        by_kind.push((spec.kind, class.unbind()));
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
    for (spec, (_, class)) in SPECS.iter().zip(&classes.by_kind) {
        module.add(spec.name, class.bind(py))?;
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
