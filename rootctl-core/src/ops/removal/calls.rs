//! The one place a [`CredentialKind`] meets its IAM calls: where the kind's credentials
//! are in an audit's inventory, and which [`RootIam`] methods list and remove them, each
//! made under the operation name of the kind's entry in the kinds table
//! ([`CredentialKindSpec`](crate::CredentialKindSpec)). A new kind adds one arm to each
//! `match` here, and nothing else in the removal.

use std::sync::Arc;

use super::plan::RemovalItem;
use crate::boundary::RootIam;
use crate::engine::session::AccountSession;
use crate::error::Result;
use crate::model::{CredentialKind, Deletion, RootCredentials};

/// Removal items of `kind` for the credentials with `ids`.
fn items(kind: CredentialKind, ids: impl IntoIterator<Item = String>) -> Vec<RemovalItem> {
    ids.into_iter()
        .map(|id| RemovalItem::with_id(kind, id))
        .collect()
}

/// The credentials of `kind` in `creds` (an audit's inventory), as removal items.
pub(super) fn audited(creds: &RootCredentials, kind: CredentialKind) -> Vec<RemovalItem> {
    match kind {
        CredentialKind::Password => creds
            .password
            .iter()
            .map(|p| RemovalItem::password(p.created))
            .collect(),
        CredentialKind::AccessKey => items(kind, creds.access_keys.iter().map(|k| k.id.clone())),
        CredentialKind::SigningCertificate => items(
            kind,
            creds.signing_certificates.iter().map(|c| c.id.clone()),
        ),
        CredentialKind::MfaDevice => {
            items(kind, creds.mfa_devices.iter().map(|d| d.serial.clone()))
        }
    }
}

/// The credentials of `kind` as they are now, read with the kind's list call.
pub(super) async fn list(
    session: &mut AccountSession,
    iam: &Arc<dyn RootIam>,
    kind: CredentialKind,
) -> Result<Vec<RemovalItem>> {
    let operation = kind.spec().list_call;
    Ok(match kind {
        CredentialKind::Password => session
            .call(
                operation,
                |s| async move { iam.get_login_profile(&s).await },
            )
            .await?
            .map(|p| RemovalItem::password(p.created))
            .into_iter()
            .collect(),
        CredentialKind::AccessKey => {
            let keys = session
                .call(operation, |s| async move { iam.list_access_keys(&s).await })
                .await?;
            items(kind, keys.into_iter().map(|k| k.id))
        }
        CredentialKind::SigningCertificate => {
            let certificates = session
                .call(operation, |s| async move {
                    iam.list_signing_certificates(&s).await
                })
                .await?;
            items(kind, certificates.into_iter().map(|c| c.id))
        }
        CredentialKind::MfaDevice => {
            let devices = session
                .call(operation, |s| async move { iam.list_mfa_devices(&s).await })
                .await?;
            items(kind, devices.into_iter().map(|d| d.serial))
        }
    })
}

/// Removes the credential of `kind` with `id` (empty for the password) with the kind's
/// remove call.
pub(super) async fn remove(
    session: &mut AccountSession,
    iam: &Arc<dyn RootIam>,
    kind: CredentialKind,
    id: &str,
) -> Result<Deletion> {
    let operation = kind.spec().remove_call;
    match kind {
        CredentialKind::Password => {
            session
                .call(
                    operation,
                    |s| async move { iam.delete_login_profile(&s).await },
                )
                .await
        }
        CredentialKind::AccessKey => {
            session
                .call(
                    operation,
                    |s| async move { iam.delete_access_key(&s, id).await },
                )
                .await
        }
        CredentialKind::SigningCertificate => {
            session
                .call(operation, |s| async move {
                    iam.delete_signing_certificate(&s, id).await
                })
                .await
        }
        CredentialKind::MfaDevice => {
            session
                .call(operation, |s| async move {
                    iam.deactivate_mfa_device(&s, id).await
                })
                .await
        }
    }
}
