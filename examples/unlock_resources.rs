//! Unlock S3 bucket and SQS queue policies that deny everyone, the safe way: find them in
//! every member account, write a plan that keeps each policy's text, dry-run it, apply it
//! with backups, and show how a backup puts a policy back.
//!
//! ```text
//! cargo run --example unlock_resources -- --yes                       # simulator
//! cargo run --example unlock_resources -- --aws --region us-east-1 [--surgical] \
//!     [--queue-region eu-west-1 ...]
//! ```
//!
//! On the simulator the example first stages a locked bucket, a partly locked bucket (a
//! lock beside a TLS-only statement), an open bucket and a locked queue.

mod common;

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ApplyUnlockOptions, EnableOptions, FindOptions, LockStatus, RestoreOptions, Selection,
    UnlockMode, UnlockOutcome,
};

const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
const PARTLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Sid":"LockOut","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}]}"#;

/// Buckets and a queue to unlock, in the simulator's first two members.
fn stage(org: &SimulatedOrg) -> rootctl::Result<()> {
    let members = org.members();
    let (a, b) = (members[0].account.id, members[1].account.id);
    org.create_bucket(&a, "example-locked", "us-east-1", Some(LOCK))?;
    org.create_bucket(&a, "example-partly", "eu-west-1", Some(PARTLY))?;
    org.create_bucket(&b, "example-open", "us-east-1", None)?;
    org.create_queue(&b, "example-jobs", "eu-west-1", Some(LOCK))?;
    Ok(())
}

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    let rc = &target.rootctl;
    if let Some(org) = &target.simulated {
        // The unlock task policies need RootSessions ("privileged root actions").
        let enable = EnableOptions {
            root_sessions: true,
            ..EnableOptions::default()
        };
        rc.enable(&enable).await?;
        stage(org)?;
    }
    let flag = |name: &str| target.rest.iter().any(|a| a == name);
    let mut regions: Vec<String> = target
        .rest
        .windows(2)
        .filter(|w| w[0] == "--queue-region")
        .map(|w| w[1].clone())
        .collect();
    if regions.is_empty() {
        // A root session cannot list regions: name every region your queues live in.
        regions = vec!["us-east-1".into(), "eu-west-1".into()];
    }

    let options = FindOptions {
        regions: Some(regions),
        ..FindOptions::default()
    };
    let found = rc
        .find_locked_resources(&Selection::all(), options.clone())
        .await?;
    println!("{found}\n");
    let mode = if flag("--surgical") || target.simulated.is_some() {
        UnlockMode::Surgical
    } else {
        UnlockMode::Delete
    };
    let plan = rc.plan_unlock(&found, mode)?;
    let dir = std::env::temp_dir().join("rootctl-unlock-example");
    std::fs::create_dir_all(&dir)?;
    let plan_path = dir.join(format!("{}.json", plan.plan_id));
    std::fs::write(&plan_path, plan.to_json())?;
    println!("{plan}\n(plan written to {})\n", plan_path.display());
    if plan.items.is_empty() {
        println!("Nothing is locked.");
        return Ok(());
    }

    let backups = dir.join("backups");
    let dry = ApplyUnlockOptions {
        dry_run: true,
        backup_dir: Some(backups.clone()),
        ..ApplyUnlockOptions::default()
    };
    println!("{}\n", rc.apply_unlock(&plan, dry).await?);
    if !flag("--yes") && !common::confirm(&format!("Unlock {} policies?", plan.items.len()))? {
        println!("Nothing changed.");
        return Ok(());
    }
    let apply = ApplyUnlockOptions {
        backup_dir: Some(backups),
        journal: Some(dir.join(format!("{}.jsonl", plan.plan_id))),
        ..ApplyUnlockOptions::default()
    };
    let report = rc.apply_unlock(&plan, apply).await?;
    println!("{report}\n");
    for item in report
        .items
        .iter()
        .filter(|i| i.outcome == UnlockOutcome::Unlocked)
    {
        println!(
            "  backup of {} {}: {}",
            item.service,
            item.name,
            item.backup_path.as_deref().unwrap_or("-")
        );
    }
    let again = rc.find_locked_resources(&Selection::all(), options).await?;
    let still = again.with_status(LockStatus::Locked).count();
    println!("\nLocked after the apply: {still}");

    // On the simulator, show a restore: the first backup puts its policy back exactly.
    if target.simulated.is_some()
        && let Some(path) = report.items.iter().find_map(|i| i.backup_path.as_deref())
    {
        let restored = rc
            .restore_unlock(std::path::Path::new(path), RestoreOptions::default())
            .await?;
        println!("Restore demo: {restored}");
    }
    if report.ok() {
        Ok(())
    } else {
        Err("some policies were not unlocked (see above)".into())
    }
}
