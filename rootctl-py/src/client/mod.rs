//! `Rootctl`: the client every operation is a method of.
//!
//! Each operation is written once, in [`setup`] or [`accounts`], as a function that checks
//! its Python arguments (raising at call time) and returns a `Send + 'static` future;
//! `op()` hands that future to [`block_on`](crate::runtime::block_on) (GIL released,
//! Ctrl-C honoured) and `op_async()` to [`awaitable`](crate::runtime::awaitable).

mod accounts;
mod enforce;
pub(crate) use enforce::handle_event;

pub(crate) use accounts::credential_kinds_py as credential_kinds;
pub(crate) use scps::{judged_calls, least_privilege_policy};
mod scps;
mod setup;
mod unlock;

use std::future::Future;

use pyo3::prelude::*;
use rootctl::aws::AwsOptions;
use rootctl::{Concurrency, Options, RetryPolicy, SessionDuration};

use crate::convert::{quote, quote_opt, seconds};
use crate::errors::core;
use crate::runtime::{awaitable, block_on};
use crate::sim::SimulatedOrg;

/// What every operation future is.
pub(crate) trait Op<T>: Future<Output = PyResult<T>> + Send + 'static {}

impl<T, F: Future<Output = PyResult<T>> + Send + 'static> Op<T> for F {}

/// The client-side options shared by both constructors, checked.
fn options(
    concurrency: Option<usize>,
    max_concurrency: usize,
    assume_root_rate: Option<f64>,
    account_timeout_s: f64,
    max_attempts: u32,
    session_duration_s: u64,
    scp_preflight: bool,
) -> PyResult<Options> {
    let options = Options {
        concurrency: match concurrency {
            Some(n) => Concurrency::Fixed(n),
            None => Concurrency::Adaptive {
                max: max_concurrency,
            },
        },
        assume_root_rate,
        retry: RetryPolicy {
            max_attempts,
            ..RetryPolicy::default()
        },
        account_timeout: seconds(account_timeout_s, "account_timeout_s")?,
        session_duration: core(SessionDuration::from_secs(session_duration_s))?,
        scp_preflight,
    };
    core(options.validate())?;
    Ok(options)
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
fn from_aws(
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

#[pymethods]
impl Rootctl {
    #[staticmethod]
    #[pyo3(signature = (org, *, concurrency = None, max_concurrency = 128, assume_root_rate = None, account_timeout_s = 300.0, max_attempts = 5, session_duration_s = 900, scp_preflight = false))]
    #[allow(clippy::too_many_arguments)]
    fn simulated(
        org: &SimulatedOrg,
        concurrency: Option<usize>,
        max_concurrency: usize,
        assume_root_rate: Option<f64>,
        account_timeout_s: f64,
        max_attempts: u32,
        session_duration_s: u64,
        scp_preflight: bool,
    ) -> PyResult<Self> {
        let options = options(
            concurrency,
            max_concurrency,
            assume_root_rate,
            account_timeout_s,
            max_attempts,
            session_duration_s,
            scp_preflight,
        )?;
        let inner = core(rootctl::Rootctl::simulated(org.inner.clone()).with_options(options))?;
        Ok(Self {
            inner,
            simulated: Some(org.inner.organization_id()),
        })
    }

    #[staticmethod]
    #[pyo3(signature = (region = None, *, profile = None, endpoint_url = None, concurrency = None, max_concurrency = 128, assume_root_rate = None, account_timeout_s = 300.0, max_attempts = 5, session_duration_s = 900, scp_preflight = false))]
    #[allow(clippy::too_many_arguments)]
    fn from_env(
        py: Python<'_>,
        region: Option<String>,
        profile: Option<String>,
        endpoint_url: Option<String>,
        concurrency: Option<usize>,
        max_concurrency: usize,
        assume_root_rate: Option<f64>,
        account_timeout_s: f64,
        max_attempts: u32,
        session_duration_s: u64,
        scp_preflight: bool,
    ) -> PyResult<Self> {
        let options = options(
            concurrency,
            max_concurrency,
            assume_root_rate,
            account_timeout_s,
            max_attempts,
            session_duration_s,
            scp_preflight,
        )?;
        block_on(py, from_aws(region, profile, endpoint_url, options))
    }

    #[staticmethod]
    #[pyo3(signature = (region = None, *, profile = None, endpoint_url = None, concurrency = None, max_concurrency = 128, assume_root_rate = None, account_timeout_s = 300.0, max_attempts = 5, session_duration_s = 900, scp_preflight = false))]
    #[allow(clippy::too_many_arguments)]
    fn from_env_async(
        py: Python<'_>,
        region: Option<String>,
        profile: Option<String>,
        endpoint_url: Option<String>,
        concurrency: Option<usize>,
        max_concurrency: usize,
        assume_root_rate: Option<f64>,
        account_timeout_s: f64,
        max_attempts: u32,
        session_duration_s: u64,
        scp_preflight: bool,
    ) -> PyResult<Bound<'_, PyAny>> {
        let options = options(
            concurrency,
            max_concurrency,
            assume_root_rate,
            account_timeout_s,
            max_attempts,
            session_duration_s,
            scp_preflight,
        )?;
        awaitable(py, from_aws(region, profile, endpoint_url, options))
    }

    #[getter]
    fn region(&self) -> Option<&str> {
        self.inner.region()
    }

    #[getter]
    fn concurrency(&self) -> Option<usize> {
        match self.inner.options().concurrency {
            Concurrency::Fixed(n) => Some(n),
            Concurrency::Adaptive { .. } => None,
        }
    }

    #[getter]
    fn max_concurrency(&self) -> usize {
        match self.inner.options().concurrency {
            Concurrency::Fixed(n) | Concurrency::Adaptive { max: n } => n,
        }
    }

    #[getter]
    fn concurrency_limit(&self) -> usize {
        self.inner.concurrency_limit()
    }

    #[getter]
    fn assume_root_pace(&self) -> Option<f64> {
        self.inner.assume_root_pace()
    }

    #[getter]
    fn assume_root_rate(&self) -> Option<f64> {
        self.inner.options().assume_root_rate
    }

    #[getter]
    fn account_timeout_s(&self) -> f64 {
        self.inner.options().account_timeout.as_secs_f64()
    }

    #[getter]
    fn max_attempts(&self) -> u32 {
        self.inner.options().retry.max_attempts
    }

    #[getter]
    fn session_duration_s(&self) -> u64 {
        self.inner.options().session_duration.as_secs()
    }

    #[getter]
    fn scp_preflight(&self) -> bool {
        self.inner.options().scp_preflight
    }

    fn __repr__(&self) -> String {
        match &self.simulated {
            Some(org) => format!(
                "Rootctl(simulated={}, concurrency={})",
                quote(org),
                self.concurrency_repr()
            ),
            None => format!(
                "Rootctl(region={}, concurrency={})",
                quote_opt(self.region()),
                self.concurrency_repr()
            ),
        }
    }
}
