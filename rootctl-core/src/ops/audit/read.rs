//! Reading the inventory: each target's credentials in one audit-only root session,
//! cross-checked against `GetAccountSummary`.

use std::sync::Arc;

use super::{AccountAudit, Target};
use crate::boundary::RootIam;
use crate::engine::Run;
use crate::engine::fanout::for_each_account;
use crate::engine::session::AccountSession;
use crate::error::Result;
use crate::model::{AccountId, AccountSummary, CredentialKind, RootCredentials, TaskPolicy};

/// Audits `targets` concurrently; the result keeps their order.
pub(crate) async fn audit_targets(run: &Run, targets: &[Target]) -> Vec<AccountAudit> {
    let ids: Vec<AccountId> = targets.iter().map(|t| t.account_id).collect();
    let worker = run.clone();
    let results = for_each_account(run, &ids, move |account| {
        let run = worker.clone();
        async move { audit_account(&run, account).await }
    })
    .await;
    targets
        .iter()
        .zip(results)
        .map(|(target, result)| {
            let (credentials, account_summary, warnings, error) = match result {
                Ok((creds, summary)) => {
                    let warnings = cross_check(&creds, &summary);
                    (Some(creds), Some(summary), warnings, None)
                }
                Err(err) => (
                    None,
                    None,
                    Vec::new(),
                    Some(err.with_account(target.account_id)),
                ),
            };
            AccountAudit {
                account_id: target.account_id,
                name: target.name.clone(),
                ou_path: target.ou_path.clone(),
                credentials,
                account_summary,
                warnings,
                error,
                scp: None,
            }
        })
        .collect()
}

/// Reads one account's inventory in one audit session.
async fn audit_account(run: &Run, account: AccountId) -> Result<(RootCredentials, AccountSummary)> {
    let iam: Arc<dyn RootIam> = Arc::clone(run.iam());
    let iam = &iam;
    let mut session = AccountSession::new(
        run.clone(),
        account,
        TaskPolicy::IamAuditRootUserCredentials,
    );
    // Each kind's reads under the name its entry in the kinds table gives its list call.
    let list_call = |kind: CredentialKind| kind.spec().list_call;
    let summary = session
        .call("GetAccountSummary", |s| async move {
            iam.get_account_summary(&s).await
        })
        .await?;
    let password = session
        .call(list_call(CredentialKind::Password), |s| async move {
            iam.get_login_profile(&s).await
        })
        .await?;
    let mut access_keys = session
        .call(list_call(CredentialKind::AccessKey), |s| async move {
            iam.list_access_keys(&s).await
        })
        .await?;
    for key in &mut access_keys {
        let id = key.id.as_str();
        let last_used = session
            .call("GetAccessKeyLastUsed", |s| async move {
                iam.get_access_key_last_used(&s, id).await
            })
            .await?;
        key.last_used = Some(last_used);
    }
    let signing_certificates = session
        .call(
            list_call(CredentialKind::SigningCertificate),
            |s| async move { iam.list_signing_certificates(&s).await },
        )
        .await?;
    let mfa_devices = session
        .call(list_call(CredentialKind::MfaDevice), |s| async move {
            iam.list_mfa_devices(&s).await
        })
        .await?;
    Ok((
        RootCredentials {
            password,
            access_keys,
            signing_certificates,
            mfa_devices,
        },
        summary,
    ))
}

/// Compares AWS's counters with what the lists returned (docs/aws-behaviour.md#root-session-iam).
fn cross_check(creds: &RootCredentials, summary: &AccountSummary) -> Vec<String> {
    // AWS documents every one of these keys by name only ("...Present", "...Enabled"),
    // never as a count, so only presence is compared: zero against non-zero. A root user
    // with two access keys agrees with a summary that says 1.
    let listed = creds.summary();
    CredentialKind::ALL
        .map(|kind| {
            let key = kind.spec().summary_key;
            (key, present(summary, kind), present(&listed, kind))
        })
        .into_iter()
        .filter(|(_, reported, found)| reported != found)
        .map(|(key, reported, found)| {
            let presence = |there: bool| if there { "present" } else { "absent" };
            format!(
                "GetAccountSummary reports {key} {}, the lists found them {}",
                presence(reported),
                presence(found)
            )
        })
        .collect()
}

/// Whether `summary` counts credentials of `kind` (under the kind's summary key).
fn present(summary: &AccountSummary, kind: CredentialKind) -> bool {
    match kind {
        CredentialKind::Password => summary.password_present,
        CredentialKind::AccessKey => summary.access_keys_present > 0,
        CredentialKind::SigningCertificate => summary.signing_certificates_present > 0,
        CredentialKind::MfaDevice => summary.mfa_enabled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessKey, CredentialStatus};

    fn key(id: &str) -> AccessKey {
        AccessKey {
            id: id.to_owned(),
            status: CredentialStatus::Active,
            created: None,
            last_used: None,
        }
    }

    #[test]
    fn cross_check_compares_presence_not_counts() {
        let creds = RootCredentials {
            access_keys: vec![key("KEYONE"), key("KEYTWO")],
            ..RootCredentials::default()
        };
        let summary = AccountSummary {
            access_keys_present: 1,
            ..AccountSummary::default()
        };
        assert_eq!(cross_check(&creds, &summary), Vec::<String>::new());

        // Presence still disagrees when it should: keys listed, none summarized.
        let warnings = cross_check(&creds, &AccountSummary::default());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("AccountAccessKeysPresent"),
            "{warnings:?}"
        );
    }
}
