//! The audit as a readable table, one row per account: what `Display` prints.

use std::fmt;

use super::AuditReport;
use crate::scp::Verdict;

impl fmt::Display for AuditReport {
    /// A readable table: one row per account, then the skipped accounts and the counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12}  {:<24}  {:<8}  {:>4}  {:>5}  {:<22}  status",
            "account", "name", "password", "keys", "certs", "mfa"
        )?;
        for audit in &self.accounts {
            let name: String = audit.name.chars().take(24).collect();
            match &audit.credentials {
                Some(creds) => {
                    let mfa: Vec<&str> =
                        creds.mfa_devices.iter().map(|d| d.kind.as_str()).collect();
                    let status = audit.status();
                    let status = if audit.warnings.is_empty() {
                        status.to_owned()
                    } else {
                        format!("{status} (summary mismatch)")
                    };
                    writeln!(
                        f,
                        "{:<12}  {:<24}  {:<8}  {:>4}  {:>5}  {:<22}  {status}",
                        audit.account_id,
                        name,
                        if creds.password.is_some() {
                            "yes"
                        } else {
                            "no"
                        },
                        creds.access_keys.len(),
                        creds.signing_certificates.len(),
                        if mfa.is_empty() {
                            "-".to_owned()
                        } else {
                            mfa.join(",")
                        },
                    )?;
                }
                None => writeln!(
                    f,
                    "{:<12}  {:<24}  {:<8}  {:>4}  {:>5}  {:<22}  FAILED: {}",
                    audit.account_id,
                    name,
                    "?",
                    "?",
                    "?",
                    "?",
                    audit
                        .error
                        .as_ref()
                        .map(|e| e.to_string())
                        .unwrap_or_default()
                )?,
            }
        }
        for skipped in &self.skipped {
            writeln!(
                f,
                "{:<12}  {:<24}  skipped: {}",
                skipped.account_id, skipped.name, skipped.reason
            )?;
        }
        for audit in &self.accounts {
            let Some(scp) = &audit.scp else { continue };
            for finding in scp
                .findings
                .iter()
                .filter(|f| f.verdict == Verdict::Blocked)
            {
                let tasks: Vec<&str> = finding.tasks.iter().map(|t| t.as_str()).collect();
                writeln!(
                    f,
                    "{:<12}  SCP pre-flight: {} blocked: {}",
                    audit.account_id,
                    tasks.join(", "),
                    finding.reason
                )?;
            }
        }
        let s = &self.summary;
        write!(
            f,
            "{} targeted: {} audited ({} clean), {} failed; {} skipped. \
             Root passwords: {}, access keys: {} in {} accounts, signing certificates: {}, MFA devices: {}",
            s.targeted,
            s.audited,
            s.clean,
            s.failed,
            s.skipped,
            s.with_password,
            s.access_keys,
            s.with_access_keys,
            s.signing_certificates,
            s.mfa_devices
        )
    }
}
