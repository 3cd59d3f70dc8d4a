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

    fn __repr__(&self) -> String {
        let creds = &self.0;
        format!(
            "RootCredentials(password={}, access_keys={}, signing_certificates={}, mfa_devices={})",
            py_bool(creds.password.is_some()),
            creds.access_keys.len(),
            creds.signing_certificates.len(),
            creds.mfa_devices.len()
        )
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

    fn __repr__(&self) -> String {
        format!(
            "LoginProfile(created={}, password_reset_required={})",
            quote(&self.0.created.to_rfc3339()),
            py_bool(self.0.password_reset_required)
        )
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

    fn __repr__(&self) -> String {
        format!(
            "AccessKey(id={}, status={})",
            quote(&self.0.id),
            quote(self.0.status.as_str())
        )
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

    fn __repr__(&self) -> String {
        format!(
            "SigningCertificate(id={}, status={})",
            quote(&self.0.id),
            quote(self.0.status.as_str())
        )
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

    fn __repr__(&self) -> String {
        format!(
            "MfaDevice(serial={}, kind={})",
            quote(&self.0.serial),
            quote(self.0.kind.as_str())
        )
    }
});
