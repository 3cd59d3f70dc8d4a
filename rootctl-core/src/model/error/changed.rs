//! [`PolicyChange`]: what [`Error::PolicyChanged`](super::Error::PolicyChanged) carries, a
//! resource policy that is not what rootctl expected to find there.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{AccountId, ResourceService};

/// A bucket or queue policy that was changed since rootctl last wrote it, with both
/// texts. Policy texts are not secrets; they are kept whole for the person who decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyChange {
    /// The member account.
    pub account_id: AccountId,
    /// `s3` or `sqs`.
    pub service: ResourceService,
    /// The resource's region.
    pub region: String,
    /// The bucket or queue name.
    pub name: String,
    /// What rootctl expected to find (`None`: no policy).
    pub expected: Option<String>,
    /// What is there now (`None`: no policy).
    pub live: Option<String>,
}

/// A policy in a few words: none, or the start of its SHA-256 (the text is in the field).
fn describe(policy: Option<&str>) -> String {
    match policy {
        None => "no policy".to_owned(),
        Some(text) => {
            let digest = Sha256::digest(text.as_bytes());
            let start: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            format!("a policy with sha256 {start}")
        }
    }
}

impl fmt::Display for PolicyChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} in account {} ({}) has {}, not {} as expected; nothing was written",
            self.service,
            self.name,
            self.account_id,
            self.region,
            describe(self.live.as_deref()),
            describe(self.expected.as_deref())
        )
    }
}
