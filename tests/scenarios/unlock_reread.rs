//! The last read before the change: a policy written after apply read it and wrote its
//! backup, but before the change, is drift and left alone (issue 22 S7). What remains is
//! the one request between that read and the change, which AWS cannot make conditional.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccountId, ApplyUnlockOptions, BucketInfo, Result, RootS3, RootSession, RootSqs, Rootctl,
    UnlockMode, UnlockOutcome,
};

use super::unlock::{LOCK, find, fixture, temp_dir};

/// The simulator's S3, with a colleague who writes a new policy on one bucket the moment
/// its backup is on disk: after apply's first read, before its change.
#[derive(Debug)]
struct Colleague {
    org: SimulatedOrg,
    account: AccountId,
    bucket: &'static str,
    policy: String,
    /// The backup whose appearance sets the colleague off.
    backup: PathBuf,
    done: AtomicBool,
}

impl Colleague {
    fn act(&self) {
        if self.backup.exists() && !self.done.swap(true, Ordering::SeqCst) {
            self.org
                .put_bucket_policy(&self.account, self.bucket, Some(&self.policy))
                .expect("the colleague's write");
        }
    }
}

#[async_trait]
impl RootS3 for Colleague {
    async fn list_buckets(&self, session: &RootSession) -> Result<Vec<BucketInfo>> {
        RootS3::list_buckets(&self.org, session).await
    }

    async fn get_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<Option<String>> {
        self.act();
        RootS3::get_bucket_policy(&self.org, session, region, bucket).await
    }

    async fn put_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
        policy: &str,
    ) -> Result<()> {
        self.act();
        RootS3::put_bucket_policy(&self.org, session, region, bucket, policy).await
    }

    async fn delete_bucket_policy(
        &self,
        session: &RootSession,
        region: &str,
        bucket: &str,
    ) -> Result<()> {
        self.act();
        RootS3::delete_bucket_policy(&self.org, session, region, bucket).await
    }
}

#[tokio::test]
async fn a_policy_written_after_the_backup_and_before_the_change_is_left_alone() {
    let f = fixture();
    let plan =
        f.rc.plan_unlock(&find(&f).await, UnlockMode::Delete)
            .unwrap();
    let dir = temp_dir("reread");
    let journal = dir.join("unlock.jsonl");
    let item = plan.items.iter().find(|i| i.name == "locked-a").unwrap();
    let newer = LOCK.replace("DenyAll", "WrittenMeanwhile");
    let colleague = Colleague {
        org: f.org.clone(),
        account: f.a,
        bucket: "locked-a",
        policy: newer.clone(),
        backup: dir.join(&plan.plan_id).join(format!(
            "{}-s3-{}-locked-a.json",
            item.account_id, item.region
        )),
        done: AtomicBool::new(false),
    };
    let rc = Rootctl::simulated(f.org.clone()).with_resource_policies(
        Arc::new(colleague),
        Arc::new(f.org.clone()) as Arc<dyn RootSqs>,
    );
    std::fs::create_dir_all(&dir).unwrap();
    let report = rc
        .apply_unlock(
            &plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.clone()),
                journal: Some(journal.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        f.org.bucket_policy(&f.a, "locked-a").as_deref(),
        Some(newer.as_str()),
        "the policy written meanwhile is not deleted: {report}"
    );
    let result = report.items.iter().find(|i| i.name == "locked-a").unwrap();
    assert_eq!(result.outcome, UnlockOutcome::Drift, "{report}");
    let detail = result.detail.as_deref().unwrap_or_default();
    assert!(detail.contains("backup"), "says the backup stays: {detail}");
    let backup = result
        .backup_path
        .as_deref()
        .expect("the backup stays on disk");
    assert_eq!(
        rootctl::PolicyBackup::read(backup.as_ref()).unwrap().policy,
        LOCK
    );
    assert!(!report.ok());
    // Every other item went through, and the journal closes the intent with the drift.
    assert_eq!(report.count(UnlockOutcome::Unlocked), plan.items.len() - 1);
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert!(
        lines
            .lines()
            .any(|l| l.contains("locked-a") && l.contains("\"drift\"")),
        "{lines}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
