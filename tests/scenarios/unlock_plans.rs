//! A plan is re-derived when it is read and before it is applied: a hand-edited plan can
//! make rootctl write no policy but the locked one minus its locking statements, on no
//! resource but the one the plan names.

use rootctl::unlock::sha256_hex;
use rootctl::{ApplyUnlockOptions, ErrorKind, ResourceService, UnlockMode, UnlockPlan};

use super::unlock::{Fixture, apply_into, backups_in, find_buckets, fixture, planned, temp_dir};

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;

/// `plan` with the item named `name` changed by `edit`.
fn edited(
    plan: &UnlockPlan,
    name: &str,
    edit: impl FnOnce(&mut rootctl::UnlockItem),
) -> UnlockPlan {
    let mut plan = plan.clone();
    let item = plan
        .items
        .iter_mut()
        .find(|i| i.name == name)
        .expect("planned");
    edit(item);
    plan
}

/// Refused when read from JSON and when applied, naming the item, with no AWS change.
async fn refused(f: &Fixture, plan: &UnlockPlan, name: &str, why: &str) {
    let err = UnlockPlan::from_json(&plan.to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{why}: {err}");
    assert!(
        err.to_string().contains(name),
        "{why}: names the item: {err}"
    );
    f.org.clear_calls();
    let dir = temp_dir("refused-plan");
    let err = f.rc.apply_unlock(plan, backups_in(&dir)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{why}: {err}");
    assert!(f.org.calls().is_empty(), "{why}: no AWS call");
    assert!(!dir.exists(), "{why}: no backup");
}

#[tokio::test]
async fn a_surgical_policy_after_that_is_not_the_policy_minus_its_locks_is_refused() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Surgical).await;
    // A public Allow instead of what remains.
    let public = edited(&plan, "partly-a", |i| i.policy_after = Some(PUBLIC.into()));
    refused(&f, &public, "partly-a", "a public policy_after").await;
    // The locking statement kept.
    let kept = edited(&plan, "partly-a", |i| {
        i.policy_after = Some(i.policy_before.clone())
    });
    refused(&f, &kept, "partly-a", "the lock kept").await;
    // A policy where the plan deletes (nothing would remain).
    let written = edited(&plan, "locked-a", |i| i.policy_after = Some(PUBLIC.into()));
    refused(&f, &written, "locked-a", "a policy where nothing remains").await;
    // Deleting where something remains.
    let deleted = edited(&plan, "partly-a", |i| i.policy_after = None);
    refused(&f, &deleted, "partly-a", "a delete where statements remain").await;
    // Apply writes policy_after as it is: only the text rootctl derives is accepted, so
    // even the same policy re-formatted is refused (a text that merely parses the same
    // may not read the same to S3: two "Statement" keys, say).
    let reformatted = edited(&plan, "partly-a", |i| {
        let value: serde_json::Value =
            serde_json::from_str(i.policy_after.as_deref().unwrap()).unwrap();
        i.policy_after = Some(serde_json::to_string_pretty(&value).unwrap());
    });
    refused(&f, &reformatted, "partly-a", "a re-formatted policy_after").await;
    UnlockPlan::from_json(&plan.to_json()).expect("the plan as made");
}

#[tokio::test]
async fn an_item_whose_policy_does_not_lock_is_refused() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Delete).await;
    let open = edited(&plan, "locked-a", |i| {
        i.policy_before = PUBLIC.into();
        i.policy_before_sha256 = sha256_hex(PUBLIC);
    });
    refused(&f, &open, "locked-a", "an open policy_before").await;
    let unknown = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-x"}}}]}"#;
    let conditional = edited(&plan, "locked-b", |i| {
        i.policy_before = unknown.into();
        i.policy_before_sha256 = sha256_hex(unknown);
    });
    refused(&f, &conditional, "locked-b", "an unknown policy_before").await;
    // Each says what the policy was judged.
    for (plan, judged) in [(&open, "open"), (&conditional, "unknown")] {
        let err = UnlockPlan::from_json(&plan.to_json()).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("whose policy_before is {judged}, not locked")),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_queue_url_must_name_the_items_account_queue_and_region() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Surgical).await;
    let queue = plan
        .items
        .iter()
        .find(|i| i.service == ResourceService::Sqs && i.name == "locked-q")
        .unwrap()
        .clone();
    let url = queue.queue_url.clone().unwrap();
    assert_eq!(
        url,
        format!(
            "https://sqs.eu-west-1.amazonaws.com/{}/locked-q",
            queue.account_id
        )
    );
    let bad = [
        url.replace("/locked-q", "/partly-q"),
        url.replace(queue.account_id.as_str(), f.b.as_str()),
        url.replace("eu-west-1", "us-east-1"),
        format!(
            "https://us-east-1.queue.amazonaws.com/{}/locked-q",
            queue.account_id
        ),
        format!("{url}/extra"),
        format!("{url}?Action=DeleteQueue"),
        format!(
            "https://sqs.eu-west-1.amazonaws.com@evil.example/{}/locked-q",
            queue.account_id
        ),
        format!(
            "ftp://sqs.eu-west-1.amazonaws.com/{}/locked-q",
            queue.account_id
        ),
        "locked-q".to_owned(),
        // A port that is not a number: not a plain host.
        format!(
            "https://sqs.eu-west-1.amazonaws.com:x443/{}/locked-q",
            queue.account_id
        ),
    ];
    for bad_url in bad {
        let plan = edited(&plan, "locked-q", |i| i.queue_url = Some(bad_url.clone()));
        refused(&f, &plan, "locked-q", &bad_url).await;
    }
    let account = queue.account_id;
    for good in [
        format!("https://eu-west-1.queue.amazonaws.com/{account}/locked-q"),
        format!("https://sqs.eu-west-1.amazonaws.com.cn/{account}/locked-q"),
        format!("http://127.0.0.1:4566/{account}/locked-q"),
        format!("http://localhost:4566/{account}/locked-q"),
        format!("https://sqs.eu-west-1.amazonaws.com:443/{account}/locked-q"),
    ] {
        let plan = edited(&plan, "locked-q", |i| i.queue_url = Some(good.clone()));
        UnlockPlan::from_json(&plan.to_json()).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
}

/// A deny-all, and a second deny-all that spares only a role (`aws:PrincipalArn`, the
/// classic lock-out once that role is deleted): locked, because of the first.
fn double_lock(member: &rootctl::AccountId) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}},{{"Sid":"OnlyDeployRole","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{{"StringNotEquals":{{"aws:PrincipalArn":"arn:aws:iam::{member}:role/deleted-deploy-role"}}}}}}]}}"#
    )
}

/// Red-team finding: in surgical mode the plan kept the conditional statement rootctl
/// judges `unknown`, apply reported `unlocked`, and `find_locked_resources` right after
/// judged the same resource `unknown`: no human was asked.
#[tokio::test]
async fn surgical_unlock_keeps_an_unknown_lock_and_reports_unlocked() {
    use rootctl::sim::SimulatedOrg;
    use rootctl::{LockStatus, Rootctl, UnlockOutcome};

    let org = SimulatedOrg::builder().members(2).seed(41).build();
    let member = org.members()[0].account.id;
    let policy = double_lock(&member);
    org.create_bucket(&member, "double-locked", "us-east-1", Some(&policy))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let found = find_buckets(&rc, member).await;
    let plan = rc.plan_unlock(&found, UnlockMode::Surgical).unwrap();
    let dir = temp_dir("surgical-unknown");
    let report = apply_into(&rc, &plan, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let outcome = report.items.first().map(|i| i.outcome);
    let after = find_buckets(&rc, member).await;
    let now = after.resources[0].locked;
    assert!(
        !(outcome == Some(UnlockOutcome::Unlocked) && now != LockStatus::Open),
        "apply said {outcome:?} (plan reason: {:?}) but the bucket is still {}: {}",
        plan.items.first().map(|i| &i.reason),
        now.as_str(),
        after.resources[0].reason
    );
    // Not planned, and the plan says why; the policy is untouched.
    assert!(plan.items.is_empty(), "{plan}");
    let left = &plan.not_planned[0];
    assert_eq!(left.name, "double-locked");
    assert_eq!(left.locked, LockStatus::Locked);
    assert!(
        left.reason.contains("would keep statement")
            && left.reason.contains("#1")
            && left.reason.contains("delete mode"),
        "{}",
        left.reason
    );
    assert_eq!(
        org.bucket_policy(&member, "double-locked").as_deref(),
        Some(policy.as_str())
    );
    // Delete mode is unaffected: the whole policy goes.
    let delete = rc.plan_unlock(&found, UnlockMode::Delete).unwrap();
    assert_eq!(delete.items.len(), 1, "{delete}");
}

/// The same item, made surgical by hand (the plan is JSON), is refused when read.
#[tokio::test]
async fn a_hand_made_surgical_item_that_keeps_a_possible_lock_is_refused() {
    use rootctl::Rootctl;
    use rootctl::sim::SimulatedOrg;
    use rootctl::unlock::without_statements;

    let org = SimulatedOrg::builder().members(2).seed(41).build();
    let member = org.members()[0].account.id;
    // The double lock with a harmless statement between its two: only the kept one that
    // may lock on its own is named.
    let mut doc: serde_json::Value = serde_json::from_str(&double_lock(&member)).unwrap();
    doc["Statement"].as_array_mut().unwrap().insert(
        1,
        serde_json::json!({"Sid": "ReadLogs", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{member}:root")},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::double-locked/*"}),
    );
    let policy = doc.to_string();
    org.create_bucket(&member, "double-locked", "us-east-1", Some(&policy))
        .unwrap();
    let rc = Rootctl::simulated(org.clone());
    let found = find_buckets(&rc, member).await;
    let mut plan = rc.plan_unlock(&found, UnlockMode::Delete).unwrap();
    plan.mode = UnlockMode::Surgical;
    plan.items[0].policy_after = without_statements(&policy, &[0]);
    assert!(plan.items[0].policy_after.is_some());
    let err = UnlockPlan::from_json(&plan.to_json()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let message = err.to_string();
    assert!(message.contains("double-locked"), "{message}");
    assert!(message.contains("may still lock"), "{message}");
    // The kept statement that may lock on its own is named by its place.
    assert!(
        message.contains("would keep statement #2, which may still lock"),
        "{message}"
    );
    org.clear_calls();
    let err = rc
        .apply_unlock(&plan, ApplyUnlockOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(org.calls().is_empty(), "no AWS call");
}

/// Dual-stack hosts (`sqs.<region>.api.aws`, `sqs-fips.<region>.api.aws`) name their
/// region too: another region, or another `api.aws` host, is refused.
#[tokio::test]
async fn a_dual_stack_queue_url_must_name_the_items_region() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Surgical).await;
    let account = plan
        .items
        .iter()
        .find(|i| i.name == "locked-q")
        .unwrap()
        .account_id;
    for bad_url in [
        format!("https://sqs.us-east-1.api.aws/{account}/locked-q"),
        format!("https://sqs-fips.us-east-1.api.aws/{account}/locked-q"),
        format!("https://evil.api.aws/{account}/locked-q"),
        format!("https://sqs.eu-west-1.evil.api.aws/{account}/locked-q"),
    ] {
        let plan = edited(&plan, "locked-q", |i| i.queue_url = Some(bad_url.clone()));
        refused(&f, &plan, "locked-q", &bad_url).await;
    }
    for good in [
        format!("https://sqs.eu-west-1.api.aws/{account}/locked-q"),
        format!("https://sqs-fips.eu-west-1.api.aws/{account}/locked-q"),
        format!("https://SQS.EU-WEST-1.API.AWS./{account}/locked-q"),
    ] {
        let plan = edited(&plan, "locked-q", |i| i.queue_url = Some(good.clone()));
        UnlockPlan::from_json(&plan.to_json()).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
}

#[tokio::test]
async fn modes_are_named_as_in_the_plan_file_and_read_back_from_their_names() {
    let f = fixture();
    for mode in [UnlockMode::Delete, UnlockMode::Surgical] {
        let plan = planned(&f, mode).await;
        let json: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
        assert_eq!(json["mode"], mode.as_str());
        assert_eq!(mode.as_str().parse::<UnlockMode>().unwrap(), mode);
        assert!(
            plan.to_string().contains(&format!("({}):", mode.as_str())),
            "{plan}"
        );
    }
    assert_eq!(UnlockMode::Surgical.as_str(), "surgical");
    let err = "Surgical".parse::<UnlockMode>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string().contains("\"delete\" or \"surgical\""),
        "{err}"
    );
}

/// A file that is not a plan is named by its first 40 characters, never in full: a
/// plan holds every policy text.
#[test]
fn a_file_that_is_not_a_plan_is_named_by_its_start_only() {
    let text = format!("not a plan, but a policy: {}", "SECRET".repeat(20));
    let err = UnlockPlan::from_json(&text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let message = err.to_string();
    assert!(
        message.contains("is not a rootctl unlock plan"),
        "{message}"
    );
    assert!(message.contains(&text[..40]), "{message}");
    assert!(!message.contains(&text[..41]), "{message}");
}

/// Plan ids and resource names become file names (the backup folder, each backup): one
/// that is empty, starts with a dot or holds a separator is refused when read.
#[tokio::test]
async fn plan_ids_and_resource_names_must_be_plain_file_names() {
    let f = fixture();
    let plan = planned(&f, UnlockMode::Surgical).await;
    for bad in ["", ".hidden", "../elsewhere", "a/b", "a\\b"] {
        let mut edited_id = plan.clone();
        edited_id.plan_id = bad.into();
        let err = UnlockPlan::from_json(&edited_id.to_json()).unwrap_err();
        assert!(
            err.to_string()
                .contains("plan id that is not a plain file name"),
            "{bad:?}: {err}"
        );
        let edited_name = edited(&plan, "locked-a", |item| item.name = bad.into());
        let err = UnlockPlan::from_json(&edited_name.to_json()).unwrap_err();
        assert!(
            err.to_string()
                .contains("that is not a bucket or queue name"),
            "{bad:?}: {err}"
        );
    }
    // Dots, dashes and underscores inside a name are plain.
    let mut dotted = plan.clone();
    dotted.plan_id = "unlock-2026_12.07".into();
    assert!(UnlockPlan::from_json(&dotted.to_json()).is_ok());
}
