//! `Rootctl`: the client every operation is a method of.
//!
//! Each operation is declared once, with [`operation!`], in [`setup`], [`accounts`],
//! [`enforce`], [`scps`] or [`unlock`]: its signature, and the expression that checks its
//! Python arguments (raising at call time) and returns a `Send + 'static` future. The
//! declaration makes `op()`, which hands that future to
//! [`block_on`](crate::runtime::block_on) (GIL released, Ctrl-C honoured), and
//! `op_async()`, which hands it to [`awaitable`](crate::runtime::awaitable). The client
//! options are declared once too, with `client_options!`.

mod accounts;
mod enforce;
pub(crate) use enforce::handle_event;

pub(crate) use accounts::credential_kinds_py as credential_kinds;
pub(crate) use scps::{judged_calls, least_privilege_policy};
mod report;
mod scps;
mod setup;
mod unlock;

use pyo3::prelude::*;
use rootctl::aws::AwsOptions;
use rootctl::{Concurrency, Options, RetryPolicy, SessionDuration};

use crate::convert::{quote, quote_opt, seconds};
use crate::errors::core;
pub(crate) use crate::runtime::Op;
use crate::runtime::{awaitable, block_on};
use crate::sim::SimulatedOrg;

/// One client operation, declared once: its Python names (sync, then async), its
/// signature, its Rust parameters and its result type, and the expression that checks the
/// arguments and returns the operation's future (`PyResult<impl Op<T>>`), with `$this`
/// bound to the client. It becomes the method `sync` (blocking on the runtime with the GIL
/// released) and the method `async` (returning a coroutine), which parse their arguments
/// the same way at call time.
///
/// `select(selection, ...)` in front of the signature adds the six selection keywords
/// (keyword-only, first) and binds the parsed core selection to `selection`.
macro_rules! operation {
    (
        $sync:ident, $async_:ident (select($sel:ident $(, $($sig:tt)*)?))
        ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = |$this:ident| $body:expr
    ) => {
        $crate::client::operation!(
            $sync, $async_ (
                *, accounts = None, ous = None, tags = None, exclude = None,
                exclude_ous = None, exclude_tags = None $(, $($sig)*)?
            ) (
                accounts: Option<&Bound<'_, PyAny>>,
                ous: Option<&Bound<'_, PyAny>>,
                tags: Option<&Bound<'_, PyAny>>,
                exclude: Option<&Bound<'_, PyAny>>,
                exclude_ous: Option<&Bound<'_, PyAny>>,
                exclude_tags: Option<&Bound<'_, PyAny>>,
                $($arg: $ty),*
            ) -> $ret = |$this| {
                let $sel = $crate::convert::SelectionArgs {
                    accounts,
                    ous,
                    tags,
                    exclude,
                    exclude_ous,
                    exclude_tags,
                }
                .parse()?;
                $body
            }
        );
    };
    (
        $sync:ident, $async_:ident ($($sig:tt)*)
        ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = |$this:ident| $body:expr
    ) => {
        #[pyo3::pymethods]
        #[allow(clippy::too_many_arguments)]
        impl $crate::client::Rootctl {
            #[pyo3(signature = ($($sig)*))]
            fn $sync(&self, py: Python<'_>, $($arg: $ty),*) -> PyResult<$ret> {
                let $this = self;
                $crate::runtime::block_on(py, $body?)
            }

            #[pyo3(signature = ($($sig)*))]
            fn $async_<'py>(
                &self,
                py: Python<'py>,
                $($arg: $ty),*
            ) -> PyResult<Bound<'py, PyAny>> {
                let $this = self;
                $crate::runtime::awaitable(py, $body?)
            }
        }
    };
}

pub(crate) use operation;

/// The client options, declared once: each keyword with its type and default. They make
/// [`ClientOptions`] and the keyword-only tail of `Rootctl.simulated`, `Rootctl.from_env`
/// and `Rootctl.from_env_async`.
macro_rules! client_options {
    ($($name:ident: $ty:ty = $default:tt),* $(,)?) => {
        /// The client-side options every constructor takes, unchecked.
        pub(crate) struct ClientOptions {
            $($name: $ty),*
        }

        impl Default for ClientOptions {
            fn default() -> Self {
                Self { $($name: $default),* }
            }
        }

        #[pymethods]
        #[allow(clippy::too_many_arguments)]
        impl Rootctl {
            #[staticmethod]
            #[pyo3(signature = (org, *, $($name = $default),*))]
            fn simulated(org: &SimulatedOrg, $($name: $ty),*) -> PyResult<Self> {
                let options = ClientOptions { $($name),* }.check()?;
                let inner =
                    core(rootctl::Rootctl::simulated(org.inner.clone()).with_options(options))?;
                Ok(Self {
                    inner,
                    simulated: Some(org.inner.organization_id()),
                })
            }

            #[staticmethod]
            #[pyo3(signature = (region = None, *, profile = None, endpoint_url = None, $($name = $default),*))]
            fn from_env(
                py: Python<'_>,
                region: Option<String>,
                profile: Option<String>,
                endpoint_url: Option<String>,
                $($name: $ty),*
            ) -> PyResult<Self> {
                let options = ClientOptions { $($name),* }.check()?;
                block_on(py, from_aws(region, profile, endpoint_url, options))
            }

            #[staticmethod]
            #[pyo3(signature = (region = None, *, profile = None, endpoint_url = None, $($name = $default),*))]
            fn from_env_async(
                py: Python<'_>,
                region: Option<String>,
                profile: Option<String>,
                endpoint_url: Option<String>,
                $($name: $ty),*
            ) -> PyResult<Bound<'_, PyAny>> {
                let options = ClientOptions { $($name),* }.check()?;
                awaitable(py, from_aws(region, profile, endpoint_url, options))
            }
        }
    };
}

client_options!(
    concurrency: Option<usize> = None,
    max_concurrency: usize = 128,
    assume_root_rate: Option<f64> = None,
    account_timeout_s: f64 = 300.0,
    max_attempts: u32 = 5,
    session_duration_s: u64 = 900,
    scp_preflight: bool = false,
);

impl ClientOptions {
    /// The core options, checked.
    pub(crate) fn check(self) -> PyResult<Options> {
        let options = Options {
            concurrency: match self.concurrency {
                Some(n) => Concurrency::Fixed(n),
                None => Concurrency::Adaptive {
                    max: self.max_concurrency,
                },
            },
            assume_root_rate: self.assume_root_rate,
            retry: RetryPolicy {
                max_attempts: self.max_attempts,
                ..RetryPolicy::default()
            },
            account_timeout: seconds(self.account_timeout_s, "account_timeout_s")?,
            session_duration: core(SessionDuration::from_secs(self.session_duration_s))?,
            scp_preflight: self.scp_preflight,
        };
        core(options.validate())?;
        Ok(options)
    }
}

/// The rootctl client: AWS (or the simulator) plus the client-side options.
#[pyclass(frozen, module = "rootctl")]
pub(crate) struct Rootctl {
    inner: rootctl::Rootctl,
    /// The simulated organization's id, for `__repr__`.
    simulated: Option<String>,
}

impl Rootctl {
    /// `16` for a fixed concurrency, `adaptive(max=128)` otherwise.
    fn concurrency_repr(&self) -> String {
        match self.inner.options().concurrency {
            Concurrency::Fixed(n) => n.to_string(),
            Concurrency::Adaptive { max } => format!("'adaptive(max={max})'"),
        }
    }
}

/// `from_env`'s work: load the AWS configuration and build the client.
pub(crate) fn from_aws(
    region: Option<String>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    options: Options,
) -> impl Op<Rootctl> {
    let mut aws = match region {
        Some(region) => AwsOptions::new(region),
        None => AwsOptions::from_environment(),
    };
    if let Some(profile) = profile {
        aws = aws.profile(profile);
    }
    if let Some(url) = endpoint_url {
        aws = aws.endpoint_url(url);
    }
    async move {
        let client = core(rootctl::Rootctl::from_aws(aws).await)?;
        let inner = core(client.with_options(options))?;
        Ok(Rootctl {
            inner,
            simulated: None,
        })
    }
}

crate::results::getters!(Rootctl.inner |v| {
    region: Option<&str> = v.region(),
    concurrency: Option<usize> = match v.options().concurrency {
        Concurrency::Fixed(n) => Some(n),
        Concurrency::Adaptive { .. } => None,
    },
    max_concurrency: usize = match v.options().concurrency {
        Concurrency::Fixed(n) | Concurrency::Adaptive { max: n } => n,
    },
    concurrency_limit: usize = v.concurrency_limit(),
    assume_root_pace: Option<f64> = v.assume_root_pace(),
    assume_root_rate: Option<f64> = v.options().assume_root_rate,
    account_timeout_s: f64 = v.options().account_timeout.as_secs_f64(),
    max_attempts: u32 = v.options().retry.max_attempts,
    session_duration_s: u64 = v.options().session_duration.as_secs(),
    scp_preflight: bool = v.options().scp_preflight,
});

#[pymethods]
impl Rootctl {
    fn __repr__(&self) -> String {
        match &self.simulated {
            Some(org) => format!(
                "Rootctl(simulated={}, concurrency={})",
                quote(org),
                self.concurrency_repr()
            ),
            None => format!(
                "Rootctl(region={}, concurrency={})",
                quote_opt(self.inner.region()),
                self.concurrency_repr()
            ),
        }
    }
}
