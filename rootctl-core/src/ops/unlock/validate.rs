//! [`UnlockPlan::validate`]: a plan is plain JSON that people review and may edit, so
//! everything it tells `apply_unlock` to do is derived again from the policy text it
//! carries before anything is done: each item must be locked, the policy written must be
//! exactly that policy without its locking statements, and the queue URL must name the
//! item's own queue (see docs/safety.md, "Unlocking bucket and queue policies").

use std::collections::BTreeSet;

use super::analyze::{
    LockStatus, analyze_owned, resource_arn, statement_count, without_statements,
};
use super::plan::{UNLOCK_PLAN_FORMAT_VERSION, UnlockItem, UnlockMode, UnlockPlan, sha256_hex};
use crate::error::{Error, Result};
use crate::model::{AccountId, ResourceService, check_region_name};

impl UnlockPlan {
    /// Checks what a hand-edited or corrupted plan could get wrong: the format version,
    /// the management account as a target, a backup whose hash does not match, names that
    /// could escape the backup directory, duplicates; and, derived again from each item's
    /// `policy_before` (judged in the partition of its region), that the item is locked,
    /// that `policy_after` is that policy without its locking statements (surgical; none
    /// in delete mode), and that a queue's URL names its account, queue and region.
    /// Every refusal is [`Error::InvalidInput`] naming the item.
    pub fn validate(&self) -> Result<()> {
        let bad = |rule: String| Error::invalid_input("unlock plan", self.plan_id.clone(), rule);
        if self.format_version != UNLOCK_PLAN_FORMAT_VERSION {
            return Err(bad(format!(
                "has format version {}; this rootctl reads version {UNLOCK_PLAN_FORMAT_VERSION}",
                self.format_version
            )));
        }
        if !plain_name(&self.plan_id) {
            return Err(bad("has a plan id that is not a plain file name".into()));
        }
        let mut seen = BTreeSet::new();
        for item in &self.items {
            if item.account_id == self.management_account_id {
                return Err(bad(format!(
                    "targets the management account {}, which centralized root access cannot touch",
                    item.account_id
                )));
            }
            check_region_name(&item.region).map_err(|_| {
                bad(format!(
                    "has {item}, whose region is not an AWS region name"
                ))
            })?;
            if !plain_name(&item.name) {
                return Err(bad(format!(
                    "names a resource {:?} that is not a bucket or queue name",
                    item.name
                )));
            }
            match (item.service, &item.queue_url) {
                (ResourceService::Sqs, Some(url)) => {
                    check_queue_url(item.account_id, &item.region, &item.name, url)
                        .map_err(|why| bad(format!("has {item} whose queue_url {url:?} {why}")))?;
                }
                (ResourceService::S3, None) => {}
                _ => {
                    return Err(bad(format!(
                        "has {item}: queues, and only queues, carry a queue URL"
                    )));
                }
            }
            if sha256_hex(&item.policy_before) != item.policy_before_sha256 {
                return Err(bad(format!(
                    "has {item} whose policy_before does not match its sha256"
                )));
            }
            if self.mode == UnlockMode::Delete && item.policy_after.is_some() {
                return Err(bad(format!(
                    "is a delete plan but has a policy_after for {item}"
                )));
            }
            derive_again(self.mode, item).map_err(|why| bad(format!("has {item} {why}")))?;
            if !seen.insert((
                item.account_id,
                item.service,
                item.region.clone(),
                item.name.clone(),
            )) {
                return Err(bad(format!("lists {item} twice")));
            }
        }
        Ok(())
    }
}

/// A name that is safe as part of a file name: no separators, no leading dot.
pub(crate) fn plain_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Judges `item.policy_before` again, as `find_locked_resources` did, and checks that the
/// plan does to it what `plan_unlock` would: unlock it only if it is locked, and in
/// surgical mode write exactly the policy without the locking statements.
fn derive_again(mode: UnlockMode, item: &UnlockItem) -> std::result::Result<(), String> {
    let arn = resource_arn(
        item.service,
        &item.region,
        item.account_id.as_str(),
        &item.name,
    );
    let analysis = analyze_owned(
        item.service,
        &arn,
        item.account_id.as_str(),
        Some(&item.policy_before),
    );
    if analysis.status != LockStatus::Locked {
        return Err(format!(
            "whose policy_before is {}, not locked ({}); only locked policies are unlocked",
            analysis.status.as_str(),
            analysis.reason
        ));
    }
    let expected = match mode {
        UnlockMode::Delete => None,
        UnlockMode::Surgical => without_statements(&item.policy_before, &analysis.locking),
    };
    if mode == UnlockMode::Surgical
        && let Some(why) = surgical_keeps_a_lock(
            item.service,
            &arn,
            item.account_id.as_str(),
            &item.policy_before,
            &analysis.locking,
            expected.as_deref(),
        )
    {
        return Err(format!("whose {why}"));
    }
    // The exact text rootctl derives, byte for byte: apply writes `policy_after` as it
    // is, and a text that only parses the same (by some reader) is not the same policy
    // to every reader (two `Statement` keys, say).
    let same = expected.as_deref() == item.policy_after.as_deref();
    if same {
        return Ok(());
    }
    Err(match expected {
        None => "whose policy_after writes a policy, but no statement remains once the \
                 locking ones are removed: the policy is deleted"
            .to_owned(),
        Some(_) => format!(
            "whose policy_after is not its policy_before without the locking statements \
             (#{}); make the plan again",
            analysis
                .locking
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", #")
        ),
    })
}

/// Why a surgical unlock of `policy` (of the resource at `arn`) would not leave it open:
/// what remains once the `locking` statements are removed (`remaining`; `None` when
/// nothing does and the policy is deleted) is not judged open, so a statement it keeps
/// may still lock (a deny-all with a condition rootctl cannot evaluate, say). `None`
/// when what remains is open. Surgery is only for locks rootctl fully understands; an
/// unlock that reports `unlocked` over a statement that may still lock would be a false
/// all-clear (see docs/safety.md, "Only what locks is planned").
pub(crate) fn surgical_keeps_a_lock(
    service: ResourceService,
    arn: &str,
    owner: &str,
    policy: &str,
    locking: &[usize],
    remaining: Option<&str>,
) -> Option<String> {
    let remaining = remaining?;
    if analyze_owned(service, arn, owner, Some(remaining)).status == LockStatus::Open {
        return None;
    }
    // Name the kept statements that may lock by their index in the whole policy: each
    // one judged alone.
    let count = statement_count(policy);
    let suspects: Vec<String> = (0..count)
        .filter(|k| !locking.contains(k))
        .filter(|k| {
            let others: Vec<usize> = (0..count).filter(|i| i != k).collect();
            let alone = without_statements(policy, &others);
            analyze_owned(service, arn, owner, alone.as_deref()).status != LockStatus::Open
        })
        .map(|k| format!("#{k}"))
        .collect();
    let kept = match suspects.as_slice() {
        [] => "statements that together".to_owned(),
        [one] => format!("statement {one}, which"),
        many => format!("statements {}, which", many.join(", ")),
    };
    Some(format!(
        "surgical unlock would keep {kept} may still lock (rootctl cannot judge what would \
         remain open); use delete mode or edit the policy"
    ))
}

/// Checks that `url` is the URL of queue `name` of `account` in `region`: its path is
/// exactly `/<account>/<name>`, and an AWS SQS host (`sqs.<region>.amazonaws.com`,
/// `sqs-fips.<region>...`, the legacy `<region>.queue.amazonaws.com`, each under
/// `.amazonaws.com.cn` too, and the dual-stack `sqs.<region>.api.aws` and
/// `sqs-fips.<region>.api.aws`) names `region`; any other host under those AWS domains
/// is refused. Other hosts (an emulator's `http://127.0.0.1:4566`) are accepted as they
/// are: only the path identifies the queue there (see docs/safety.md).
pub(crate) fn check_queue_url(
    account: AccountId,
    region: &str,
    name: &str,
    url: &str,
) -> std::result::Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("is not an http(s) URL")?;
    let (authority, path) = rest.split_once('/').ok_or("has no path")?;
    if authority.is_empty() || authority.contains('@') {
        return Err("does not name a plain host".into());
    }
    if path.contains(['?', '#']) {
        return Err("has a query or a fragment".into());
    }
    let expected = format!("{account}/{name}");
    if path != expected {
        return Err(format!(
            "does not name queue {name} of account {account} (its path must be /{expected})"
        ));
    }
    let host = match authority.strip_prefix('[') {
        // An IPv6 literal: never an AWS host.
        Some(_) => return Ok(()),
        None => match authority.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            Some(_) => return Err("does not name a plain host".into()),
            None => authority,
        },
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    // The dual-stack endpoints (`sqs.<region>.api.aws`, `sqs-fips.<region>.api.aws`)
    // name their region as the IPv4 ones do; `api.aws` has no legacy queue host.
    let named = if let Some(prefix) = host.strip_suffix(".api.aws") {
        prefix
            .strip_prefix("sqs.")
            .or_else(|| prefix.strip_prefix("sqs-fips."))
    } else if let Some(prefix) = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
    {
        prefix
            .strip_prefix("sqs.")
            .or_else(|| prefix.strip_prefix("sqs-fips."))
            .or_else(|| prefix.strip_suffix(".queue"))
    } else {
        return Ok(());
    };
    match named {
        Some(named) if named == region => Ok(()),
        Some(named) => Err(format!(
            "is in region {named}, not the item's region {region}"
        )),
        None => Err(format!(
            "names AWS host {host}, which is not an SQS endpoint"
        )),
    }
}
