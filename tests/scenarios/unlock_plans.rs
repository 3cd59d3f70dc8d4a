//! A plan is re-derived when it is read and before it is applied: a hand-edited plan can
//! make rootctl write no policy but the locked one minus its locking statements, on no
//! resource but the one the plan names.

use rootctl::unlock::sha256_hex;
use rootctl::{ApplyUnlockOptions, ErrorKind, ResourceService, UnlockMode, UnlockPlan};

use super::unlock::{Fixture, find, fixture, temp_dir};

const PUBLIC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;

async fn surgical(f: &Fixture) -> UnlockPlan {
    f.rc.plan_unlock(&find(f).await, UnlockMode::Surgical)
        .unwrap()
}

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
    let err =
        f.rc.apply_unlock(
            plan,
            ApplyUnlockOptions {
                backup_dir: Some(dir.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{why}: {err}");
    assert!(f.org.calls().is_empty(), "{why}: no AWS call");
    assert!(!dir.exists(), "{why}: no backup");
}

#[tokio::test]
async fn a_surgical_policy_after_that_is_not_the_policy_minus_its_locks_is_refused() {
    let f = fixture();
    let plan = surgical(&f).await;
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
    let plan =
        f.rc.plan_unlock(&find(&f).await, UnlockMode::Delete)
            .unwrap();
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
}

#[tokio::test]
async fn a_queue_url_must_name_the_items_account_queue_and_region() {
    let f = fixture();
    let plan = surgical(&f).await;
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
    ] {
        let plan = edited(&plan, "locked-q", |i| i.queue_url = Some(good.clone()));
        UnlockPlan::from_json(&plan.to_json()).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
}
