//! Progress callbacks: a Python callable receiving [`ProgressEvent`]s from the Rust
//! worker threads, and what happens when it raises.

use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use rootctl::ProgressFn;
use serde::Serialize;

use crate::convert::{quote, quote_opt};

/// One progress event: what happened, in which account, and a human-readable detail.
#[pyclass(frozen, get_all, module = "rootctl", eq)]
#[derive(Clone, PartialEq, Serialize)]
pub(crate) struct ProgressEvent {
    /// `account_started`, `account_finished`, `account_failed`, `retried`,
    /// `session_renewed`, `item_removed`, `item_failed` or `limit_changed`.
    kind: &'static str,
    /// The account the event is about, if any.
    account_id: Option<String>,
    /// What happened, for a human (empty for started and finished events).
    detail: String,
    /// How many accounts could be in flight when the event was made (the adaptive limit
    /// in force, or the fixed one); `None` outside the work on accounts.
    concurrency: Option<usize>,
}

#[pymethods]
impl ProgressEvent {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_dict(py, self)
    }

    #[pyo3(signature = (indent = 2))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        crate::convert::to_json(self, indent)
    }

    fn __repr__(&self) -> String {
        format!(
            "ProgressEvent(kind={}, account_id={}, detail={}, concurrency={})",
            quote(self.kind),
            quote_opt(self.account_id.as_deref()),
            quote(&self.detail),
            self.concurrency
                .map_or_else(|| "None".to_owned(), |n| n.to_string())
        )
    }
}

impl From<&rootctl::ProgressEvent> for ProgressEvent {
    fn from(event: &rootctl::ProgressEvent) -> Self {
        Self {
            kind: event.kind.as_str(),
            account_id: event.account_id.map(|a| a.to_string()),
            detail: event.detail.clone(),
            concurrency: event.concurrency,
        }
    }
}

/// The `progress` argument of every operation that reports progress: a callable taking
/// one [`ProgressEvent`], or `None`. Checked (and turned into a [`Callback`]) by
/// [`Callback::around`].
pub(crate) type Progress<'py> = Option<Bound<'py, PyAny>>;

/// A Python progress callable as the core's [`ProgressFn`], plus the first exception it
/// raised.
///
/// The core calls it on its worker threads; each call attaches to the interpreter. When
/// the callable raises, the exception is kept, the callable is not called again, the
/// operation runs to its end, and then [`Callback::finish`] raises the exception: a
/// broken callback is reported, never swallowed, and never leaves an operation half done.
pub(crate) struct Callback {
    callable: Py<PyAny>,
    operation: &'static str,
    error: Mutex<Option<PyErr>>,
}

impl Callback {
    /// A callback for `operation`, or `None` when the caller passed none. Anything that
    /// is not callable is refused here, before the operation starts.
    pub(crate) fn new(
        callable: Progress<'_>,
        operation: &'static str,
    ) -> PyResult<Option<Arc<Self>>> {
        let Some(callable) = callable.filter(|c| !c.is_none()) else {
            return Ok(None);
        };
        if !callable.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "progress must be callable (taking one ProgressEvent), not {}",
                callable.get_type().name()?
            )));
        }
        Ok(Some(Arc::new(Self {
            callable: callable.unbind(),
            operation,
            error: Mutex::new(None),
        })))
    }

    /// The future `work` makes with the core-side callback of `progress` (checked here,
    /// before anything runs), followed by [`Callback::finish`]: how every operation with a
    /// `progress` argument runs.
    pub(crate) fn around<T, W, F>(
        progress: Progress<'_>,
        operation: &'static str,
        work: W,
    ) -> PyResult<impl crate::runtime::Op<T>>
    where
        W: FnOnce(Option<ProgressFn>) -> F,
        F: std::future::Future<Output = PyResult<T>> + Send + 'static,
        T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>> + Send + 'static,
    {
        let callback = Self::new(progress, operation)?;
        let work = work(callback.as_ref().map(Self::progress_fn));
        Ok(async move {
            let result = work.await;
            Self::finish(callback.as_ref(), result)
        })
    }

    /// The core-side callback.
    pub(crate) fn progress_fn(self: &Arc<Self>) -> ProgressFn {
        let this = Arc::clone(self);
        Arc::new(move |event: &rootctl::ProgressEvent| this.deliver(event))
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<PyErr>> {
        self.error.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn deliver(&self, event: &rootctl::ProgressEvent) {
        if self.slot().is_some() {
            return;
        }
        let event = ProgressEvent::from(event);
        // During interpreter shutdown there is nobody left to tell.
        Python::try_attach(|py| {
            // Again, attached: another worker's call may have raised while this one waited.
            if self.slot().is_some() {
                return;
            }
            if let Err(err) = self.callable.call1(py, (event,)) {
                let mut slot = self.slot();
                if slot.is_none() {
                    *slot = Some(err);
                }
            }
        });
    }

    /// The operation's result, unless the callable raised: then its exception, with a note
    /// saying where it came from, and the operation's result as its `result` attribute
    /// (an apply's report is never lost: credentials may have been removed), or, if the
    /// operation failed too, that failure as the exception's context.
    pub(crate) fn finish<T>(callback: Option<&Arc<Self>>, result: PyResult<T>) -> PyResult<T>
    where
        T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>,
    {
        let Some(callback) = callback else {
            return result;
        };
        let Some(raised) = callback.slot().take() else {
            return result;
        };
        Python::attach(|py| {
            let note = format!(
                "raised by the progress callback of rootctl's {}; the operation ran to its end{}",
                callback.operation,
                if result.is_ok() {
                    ""
                } else {
                    " and failed too (see the context)"
                }
            );
            let value = raised.value(py);
            if value.hasattr("add_note").unwrap_or(false) {
                let _ = value.call_method1("add_note", (note,));
            }
            match result {
                Ok(done) => {
                    // Best effort: an exception type that refuses attributes still
                    // carries the note.
                    if let Ok(done) = Bound::new(py, done) {
                        let _ = value.setattr("result", done);
                    }
                }
                Err(failure) => raised.set_context(py, Some(failure)),
            }
        });
        Err(raised)
    }
}
