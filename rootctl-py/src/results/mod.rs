//! The result classes: frozen wrappers around the core's serializable reports, with typed
//! getters, a short `__repr__`, the core's readable table as `__str__` where it has one,
//! and `to_dict()` / `to_json()` (plus `from_json()` on plans and reports).
//!
//! Each wrapper holds the core value itself, so JSON in and out is the core's serde form
//! and nothing is lost between Rust and Python. Getters build Python values on access.
//!
//! A class is declared once, with [`result_class!`]: its core type, its attributes one
//! line each (`get |v| { name: Type = expr, ... }`: only what is listed is visible, so a
//! core field that must stay hidden is simply not listed), its `__repr__` fields
//! (`repr |v| { ... }`) and whatever methods it has besides.

pub(crate) mod audit;
pub(crate) mod changes;
pub(crate) mod credentials;
pub(crate) mod enforce;
pub(crate) mod prerequisites;
pub(crate) mod recovery;
pub(crate) mod removal;
pub(crate) mod report;
pub(crate) mod scps;
pub(crate) mod selection;
pub(crate) mod unlock;
pub(crate) mod unlock_plan;

/// `#[pymethods]` for a wrapper `$ty(core value)`: its read-only attributes, the methods
/// given, then `to_dict` and `to_json`, which every result class has.
///
/// The attributes come first, one line each, in `get |v| { ... }`, with `v` the core
/// value: `name: Type` is a clone of `v.name`; `name: Type = expr` is `expr`. Only what is
/// listed is visible from Python (a core field left out stays hidden). Then, optionally,
/// `repr [key, ...]`: `__repr__` as `Class(key=repr(self.key), ...)`, from the attributes
/// named; or `repr |v| { key: expr, ... }` for a summary that is not an attribute, each
/// `expr` displayed (quote strings with `quote`).
macro_rules! result_methods {
    ($ty:ident { get |$v:ident| { $($fields:tt)* } $($body:tt)* }) => {
        $crate::results::getters!($ty |$v| { $($fields)* });
        $crate::results::result_methods!($ty { $($body)* });
    };
    ($ty:ident { repr [$($key:ident),* $(,)?] $($body:tt)* }) => {
        #[pyo3::pymethods]
        impl $ty {
            fn __repr__(this: &pyo3::Bound<'_, Self>) -> pyo3::PyResult<String> {
                $crate::results::repr_of(this.as_any(), stringify!($ty), &[$(stringify!($key)),*])
            }
        }
        $crate::results::result_methods!($ty { $($body)* });
    };
    ($ty:ident { repr |$v:ident| { $($key:ident: $value:expr),* $(,)? } $($body:tt)* }) => {
        #[pyo3::pymethods]
        impl $ty {
            fn __repr__(&self) -> String {
                let $v = &self.0;
                let fields = [$(format!(concat!(stringify!($key), "={}"), $value)),*];
                format!(concat!(stringify!($ty), "({})"), fields.join(", "))
            }
        }
        $crate::results::result_methods!($ty { $($body)* });
    };
    ($ty:ident { $($body:tt)* }) => {
        #[pyo3::pymethods]
        impl $ty {
            $($body)*

            /// This object as plain Python data (dicts, lists, str, int, float, bool,
            /// None): exactly `json.loads(self.to_json())`. Timestamps are ISO 8601
            /// strings there.
            fn to_dict<'py>(
                &self,
                py: pyo3::Python<'py>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                $crate::convert::to_dict(py, &self.0)
            }

            /// This object as JSON text, indented by `indent` spaces (compact for None).
            #[pyo3(signature = (indent = 2))]
            fn to_json(&self, indent: Option<usize>) -> pyo3::PyResult<String> {
                $crate::convert::to_json(&self.0, indent)
            }
        }
    };
}

/// A result class `$ty($core)`, frozen, in module `rootctl`, with `eq` (compared by value)
/// and `hash` when asked, and its methods (see [`result_methods!`]).
macro_rules! result_class {
    ($(#[$doc:meta])* $ty:ident($core:ty) $(, $opt:ident)* { $($body:tt)* }) => {
        $crate::results::result_class!(@struct [$(#[$doc])*] $ty($core) $($opt)*);
        $crate::results::result_methods!($ty { $($body)* });
    };
    (@struct [$($doc:tt)*] $ty:ident($core:ty)) => {
        $($doc)*
        #[pyo3::pyclass(frozen, module = "rootctl")]
        #[derive(Clone)]
        pub(crate) struct $ty(pub(crate) $core);
    };
    (@struct [$($doc:tt)*] $ty:ident($core:ty) eq) => {
        $($doc)*
        #[pyo3::pyclass(frozen, module = "rootctl", eq)]
        #[derive(Clone, PartialEq)]
        pub(crate) struct $ty(pub(crate) $core);
    };
    (@struct [$($doc:tt)*] $ty:ident($core:ty) eq hash) => {
        $($doc)*
        #[pyo3::pyclass(frozen, module = "rootctl", eq, hash)]
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub(crate) struct $ty(pub(crate) $core);
    };
}

/// The read-only attributes of a wrapper `$ty(core value)`, one line each (see
/// [`result_methods!`]). `name(py): Type = expr` is an attribute that needs the
/// interpreter: `expr` is a `PyResult<Type>`, and `Type` may name the lifetime `'py`.
/// `getters!(Type.field |v| { ... })` reads `self.field` instead of `self.0`.
macro_rules! getters {
    ($ty:ident |$v:ident| { $($fields:tt)* }) => {
        $crate::results::getters!($ty.0 |$v| { $($fields)* });
    };
    ($ty:ident.$field:tt |$v:ident| { $($fields:tt)* }) => {
        $crate::results::getters!(@munch $ty $field $v [] $($fields)*);
    };
    (@munch $ty:ident $field:tt $v:ident [$($done:tt)*]) => {
        #[pyo3::pymethods]
        impl $ty {
            $($done)*
        }
    };
    (
        @munch $ty:ident $field:tt $v:ident [$($done:tt)*]
        $(#[$doc:meta])* $name:ident ($py:ident): $out:ty = $value:expr $(, $($rest:tt)*)?
    ) => {
        $crate::results::getters!(@munch $ty $field $v [
            $($done)*
            $(#[$doc])*
            #[getter]
            fn $name<'py>(&self, $py: pyo3::Python<'py>) -> pyo3::PyResult<$out> {
                let $v = &self.$field;
                $value
            }
        ] $($($rest)*)?);
    };
    (
        @munch $ty:ident $field:tt $v:ident [$($done:tt)*]
        $(#[$doc:meta])* $name:ident: $out:ty $(= $value:expr)? $(, $($rest:tt)*)?
    ) => {
        $crate::results::getters!(@munch $ty $field $v [
            $($done)*
            $(#[$doc])*
            #[getter]
            fn $name(&self) -> $out {
                let $v = &self.$field;
                $crate::results::getters!(@value $v $name $($value)?)
            }
        ] $($($rest)*)?);
    };
    (@value $v:ident $name:ident) => {
        ::std::clone::Clone::clone(&$v.$name)
    };
    (@value $v:ident $name:ident $value:expr) => {
        $value
    };
}

pub(crate) use {getters, result_class, result_methods};

use pyo3::prelude::*;

use crate::convert::quote;

/// `Class(key=repr(obj.key), ...)`: the `__repr__` of `repr [key, ...]`.
pub(crate) fn repr_of(obj: &Bound<'_, PyAny>, class: &str, keys: &[&str]) -> PyResult<String> {
    let fields: PyResult<Vec<String>> = keys
        .iter()
        .map(|key| Ok(format!("{key}={}", obj.getattr(*key)?.repr()?)))
        .collect();
    Ok(format!("{class}({})", fields?.join(", ")))
}

/// Wraps each item of a core list.
pub(crate) fn wrap<T: Clone, W>(items: &[T], wrapper: impl Fn(T) -> W) -> Vec<W> {
    items.iter().cloned().map(wrapper).collect()
}

result_class!(
/// Who called AWS: the result of `sts:GetCallerIdentity`.
CallerIdentity(rootctl::CallerIdentity), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        arn: &str = &v.arn,
        user_id: &str = &v.user_id,
    }

    repr [account_id, arn]
});

result_class!(
/// Trusted access and the two organization features of centralized root access.
OrgFeatures(rootctl::OrgFeatures), eq {
    get |v| {
        trusted_access: bool,
        root_credentials_management: bool,
        root_sessions: bool,
    }

    repr [trusted_access, root_credentials_management, root_sessions]
});

result_class!(
/// An account left out of an operation, and why.
SkippedAccount(rootctl::Skipped), eq {
    get |v| {
        account_id: String = v.account_id.to_string(),
        name: &str = &v.name,
        /// The reason's stable code, e.g. `management_account` or `not_active`.
        reason: String = v.reason.code().to_owned(),
        /// The reason for a human, e.g. `not ACTIVE (SUSPENDED)`.
        detail: String = v.reason.to_string(),
    }

    repr |v| {
        account_id: quote(v.account_id.as_str()),
        name: quote(&v.name),
        reason: quote(v.reason.code()),
        detail: quote(&v.reason.to_string()),
    }
});

/// The exception object for a core error carried by a report.
pub(crate) fn error_object<'py>(
    py: Python<'py>,
    err: Option<&rootctl::Error>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    err.map(|e| crate::errors::exception(py, e)).transpose()
}
