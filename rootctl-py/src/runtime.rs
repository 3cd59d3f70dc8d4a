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
use std::sync::{Condvar, Mutex, PoisonError};
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
        let helpers = helpers(py)?;
        let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
        let result = event_loop.call_method0("create_future")?;
        let deliver = helpers.getattr("deliver")?.unbind();
        let (event_loop_ref, result_ref) = (event_loop.unbind(), result.clone().unbind());
        let in_flight = InFlight::start();
        let task = runtime().spawn(async move {
            let outcome = future.await;
            Python::attach(|py| {
                let (ok, value) = match outcome {
                    Ok(value) => (true, value),
                    Err(err) => (false, err.into_value(py).into_any()),
                };
                // The loop thread sets the result (unless the future was cancelled); a
                // loop already closed has nobody left to tell.
                let _ = event_loop_ref.call_method1(
                    py,
                    "call_soon_threadsafe",
                    (deliver, result_ref, ok, value),
                );
            });
            // Only now, with every Python object of this task dropped under the GIL.
            drop(in_flight);
        });
        result.call_method1(
            "add_done_callback",
            (CancelOnDone {
                abort: task.abort_handle(),
            },),
        )?;
        result.call_method0("__await__")
    }
}

/// Cancels an operation when its `asyncio.Future` is cancelled.
#[pyclass(frozen, module = "rootctl")]
struct CancelOnDone {
    abort: tokio::task::AbortHandle,
}

#[pymethods]
impl CancelOnDone {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.abort.abort();
        }
        Ok(())
    }
}

/// Async operations whose task may still touch Python objects: the interpreter must not
/// finalize under them (a task setting its result on a worker thread while Python shuts
/// down crashed the process). [`wait_for_operations`] runs at exit.
static IN_FLIGHT: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

/// One async operation in flight, until dropped (when its task ends or is aborted).
struct InFlight;

impl InFlight {
    fn start() -> Self {
        *IN_FLIGHT.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        Self
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let (count, changed) = &IN_FLIGHT;
        *count.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        changed.notify_all();
    }
}

/// Registered with `atexit`: waits (detached, so the tasks can attach to finish) until
/// every async operation's task has let go of Python, for at most [`EXIT_GRACE`].
#[pyfunction]
pub(crate) fn wait_for_operations(py: Python<'_>) {
    py.detach(|| {
        let (count, changed) = &IN_FLIGHT;
        let count = count.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = changed.wait_timeout_while(count, EXIT_GRACE, |n| *n > 0);
    });
}

/// How long the interpreter waits at exit for async operations still delivering.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// The Python side of [`awaitable`]: the coroutine, and the result setter that runs on
/// the event loop's thread.
static HELPERS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

const HELPERS_SOURCE: &CStr = c"async def operation(pending):
    return await pending


def deliver(future, ok, value):
    if future.done():  # cancelled while the operation ran
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
";

fn helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    HELPERS
        .get_or_try_init(py, || {
            PyModule::from_code(
                py,
                HELPERS_SOURCE,
                c"rootctl/_coroutine.py",
                c"rootctl._coroutine",
            )
            .map(Bound::unbind)
        })
        .map(|module| module.bind(py))
}

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
    helpers(py)?.getattr("operation")?.call1((pending,))
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

/// What every operation future is.
pub(crate) trait Op<T>: Future<Output = PyResult<T>> + Send + 'static {}

impl<T, F: Future<Output = PyResult<T>> + Send + 'static> Op<T> for F {}
