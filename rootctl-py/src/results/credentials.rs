//! The root user's credential inventory, as an audit (or the simulator) reports it.

use pyo3::prelude::*;
use rootctl::Timestamp;

use super::{result_methods, wrap};
use crate::convert::{py_bool, quote};

/// Everything the root user of one account can sign in or call AWS with.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct RootCredentials(pub(crate) rootctl::RootCredentials);

result_methods!(RootCredentials {
    get |v| {
        password: Option<LoginProfile> = v.password.clone().map(LoginProfile),
        access_keys: Vec<AccessKey> = wrap(&v.access_keys, AccessKey),
        signing_certificates: Vec<SigningCertificate> = wrap(&v.signing_certificates, SigningCertificate),
        mfa_devices: Vec<MfaDevice> = wrap(&v.mfa_devices, MfaDevice),
        is_empty: bool = v.is_empty(),
    }

    repr |v| {
        password: py_bool(v.password.is_some()),
        access_keys: v.access_keys.len(),
        signing_certificates: v.signing_certificates.len(),
        mfa_devices: v.mfa_devices.len(),
    }
});

/// The root user's console password. Only its existence and dates are knowable.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct LoginProfile(pub(crate) rootctl::LoginProfile);

result_methods!(LoginProfile {
    get |v| {
        created: Timestamp,
        password_reset_required: bool,
    }

    repr |v| {
        created: quote(&v.created.to_rfc3339()),
        password_reset_required: py_bool(v.password_reset_required),
    }
});

/// A root access key (its id only: AWS never lists the secret).
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct AccessKey(pub(crate) rootctl::AccessKey);

result_methods!(AccessKey {
    get |v| {
        id: &str = &v.id,
        status: &str = v.status.as_str(),
        created: Option<Timestamp>,
        last_used: Option<AccessKeyLastUsed> = v.last_used.clone().map(AccessKeyLastUsed),
    }

    repr |v| {
        id: quote(&v.id),
        status: quote(v.status.as_str()),
    }
});

/// When and where an access key was last used.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct AccessKeyLastUsed(pub(crate) rootctl::AccessKeyLastUsed);

result_methods!(AccessKeyLastUsed {
    get |v| {
        date: Option<Timestamp>,
        service: Option<&str> = v.service.as_deref(),
        region: Option<&str> = v.region.as_deref(),
    }

    fn __repr__(&self) -> String {
        match self.0.date {
            Some(date) => format!(
                "AccessKeyLastUsed(date={}, service={}, region={})",
                quote(&date.to_rfc3339()),
                crate::convert::quote_opt(self.0.service.as_deref()),
                crate::convert::quote_opt(self.0.region.as_deref())
            ),
            None => "AccessKeyLastUsed(date=None)".to_owned(),
        }
    }
});

/// A root X.509 signing certificate.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct SigningCertificate(pub(crate) rootctl::SigningCertificate);

result_methods!(SigningCertificate {
    get |v| {
        id: &str = &v.id,
        status: &str = v.status.as_str(),
        uploaded: Option<Timestamp>,
    }

    repr |v| {
        id: quote(&v.id),
        status: quote(v.status.as_str()),
    }
});

/// A root MFA device.
#[pyclass(frozen, module = "rootctl", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct MfaDevice(pub(crate) rootctl::MfaDevice);

result_methods!(MfaDevice {
    get |v| {
        serial: &str = &v.serial,
        kind: &'static str = v.kind.as_str(),
        enabled: Option<Timestamp>,
    }

    repr |v| {
        serial: quote(&v.serial),
        kind: quote(v.kind.as_str()),
    }
});
