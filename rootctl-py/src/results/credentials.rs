//! The root user's credential inventory, as an audit (or the simulator) reports it.

use rootctl::Timestamp;

use super::{result_class, wrap};
use crate::convert::{py_bool, quote};

result_class!(
/// Everything the root user of one account can sign in or call AWS with.
RootCredentials(rootctl::RootCredentials), eq {
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

result_class!(
/// The root user's console password. Only its existence and dates are knowable.
LoginProfile(rootctl::LoginProfile), eq {
    get |v| {
        created: Timestamp,
        password_reset_required: bool,
    }

    repr |v| {
        created: quote(&v.created.to_rfc3339()),
        password_reset_required: py_bool(v.password_reset_required),
    }
});

result_class!(
/// A root access key (its id only: AWS never lists the secret).
AccessKey(rootctl::AccessKey), eq {
    get |v| {
        id: &str = &v.id,
        status: &str = v.status.as_str(),
        created: Option<Timestamp>,
        last_used: Option<AccessKeyLastUsed> = v.last_used.clone().map(AccessKeyLastUsed),
    }

    repr [id, status]
});

result_class!(
/// When and where an access key was last used.
AccessKeyLastUsed(rootctl::AccessKeyLastUsed), eq {
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

result_class!(
/// A root X.509 signing certificate.
SigningCertificate(rootctl::SigningCertificate), eq {
    get |v| {
        id: &str = &v.id,
        status: &str = v.status.as_str(),
        uploaded: Option<Timestamp>,
    }

    repr [id, status]
});

result_class!(
/// A root MFA device.
MfaDevice(rootctl::MfaDevice), eq {
    get |v| {
        serial: &str = &v.serial,
        kind: &'static str = v.kind.as_str(),
        enabled: Option<Timestamp>,
    }

    repr [serial, kind]
});
