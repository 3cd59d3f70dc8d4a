//! The one tokio runtime of the process, and the two ways an operation runs on it: to
//! completion on the calling thread with the GIL released ([`block_on`]), or as a Python
//! coroutine ([`awaitable`]).
//!
//! Every operation is written once, as a `Send + 'static` future that yields a
//! `PyResult`; the `op()` and `op_async()` methods differ only in which of these two they
//! hand it to.

use std::ffi::CStr;
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::panic::PanicException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::{IntoPyObject, IntoPyObjectExt};
use tokio::runtime::Runtime;

/// How often a blocked sync call looks for a pending signal (Ctrl-C). Short enough to
/// feel immediate, long enough to cost nothing.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The process-wide runtime, shared with `pyo3-async-runtimes` so sync and async calls
/// use the same worker threads (and never an SDK client across two runtimes).
pub(crate) fn runtime() -> &'static Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// Runs `future` on the runtime and waits for it with the GIL released, so other Python
/// threads run meanwhile.
///
/// While waiting it checks for signals every [`SIGNAL_POLL`]: if a signal handler raises
/// (Ctrl-C raises `KeyboardInterrupt`), the operation is cancelled (its task is aborted,
/// which drops every account task it started) and, once the future is gone, so that
/// nothing it started still runs, the exception is raised.
///
/// The future runs on a worker thread rather than through `Runtime::block_on` on the
/// caller's, so this works from any thread, a runtime worker included.
pub(crate) fn block_on<F, T>(py: Python<'_>, future: F) -> PyResult<T>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: Send + 'static,
{
    let runtime = runtime();
    let work = runtime.spawn(future);
    let abort = work.abort_handle();
    let (sender, receiver) = mpsc::sync_channel(1);
    // A second task reports how the first ended, panics included; it ends only after the
    // first one's future has been dropped.
    runtime.spawn(async move {
        let outcome = match work.await {
            Ok(result) => result,
            Err(err) if err.is_panic() => Err(panic_error(err.into_panic())),
            Err(_) => Err(PyRuntimeError::new_err(
                "the rootctl operation was cancelled",
            )),
        };
        // The receiver is gone only if the waiting thread is, and then nobody cares.
        let _ = sender.send(outcome);
    });
    py.detach(move || {
        loop {
            match receiver.recv_timeout(SIGNAL_POLL) {
                Ok(outcome) => return outcome,
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(interrupt) = Python::attach(|py| py.check_signals()) {
                        abort.abort();
                        // Wait (detached: a worker may need the GIL to finish a progress
                        // callback) until the aborted future has been dropped.
                        let _ = receiver.recv();
                        return Err(interrupt);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "the rootctl runtime stopped before the operation finished",
                    ));
                }
            }
        }
    })
}

/// An operation's future, waiting to be awaited: the object a coroutine of
/// [`awaitable`] awaits. Nothing runs until then.
#[pyclass(frozen, module = "rootctl")]
pub(crate) struct PendingOperation {
    future: Mutex<Option<BoxedOperation>>,
}

type BoxedOperation = Pin<Box<dyn Future<Output = PyResult<Py<PyAny>>> + Send>>;

#[pymethods]
impl PendingOperation {
    /// Starts the operation on the runtime, as an `asyncio.Future` of the running loop
    /// (cancelling it cancels the operation), and awaits that.
    fn __await__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let future = self
            .future
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this rootctl operation was awaited already"))?;
        pyo3_async_runtimes::tokio::future_into_py(py, future)?.call_method0("__await__")
    }
}

/// The coroutine function that turns a [`PendingOperation`] into a real coroutine, so
/// `asyncio.run(rc.audit_async())` and `asyncio.create_task(...)` work as with any
/// `async def`.
static COROUTINE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

const COROUTINE_SOURCE: &CStr = c"async def operation(pending):\n    return await pending\n";

/// Wraps `future` in a coroutine. The future starts when the coroutine is first awaited
/// (inside the event loop), exactly like calling an `async def`; a coroutine never
/// awaited never runs it.
pub(crate) fn awaitable<'py, F, T>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let boxed: BoxedOperation = Box::pin(async move {
        let value = future.await?;
        Python::attach(|py| value.into_py_any(py))
    });
    let pending = Bound::new(
        py,
        PendingOperation {
            future: Mutex::new(Some(boxed)),
        },
    )?;
    let coroutine = COROUTINE.get_or_try_init(py, || {
        let module = PyModule::from_code(
            py,
            COROUTINE_SOURCE,
            c"rootctl/_coroutine.py",
            c"rootctl._coroutine",
        )?;
        module.getattr("operation").map(Bound::unbind)
    })?;
    coroutine.bind(py).call1((pending,))
}

/// A panic inside the operation, as Python's `PanicException` with its message.
fn panic_error(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a rootctl operation panicked".to_owned());
    PanicException::new_err(message)
}
