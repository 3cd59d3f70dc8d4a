//! What an edited removal plan (plain JSON) or its report must not get past: a plan id
//! that is not a plain file name, a plan dated in the future, and a report called ok
//! while the verifying audit could not confirm an account's planned removals.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccountId, ApplyOptions, CLOCK_SKEW_ALLOWANCE, CallerIdentity, CredentialKind,
    DEFAULT_MAX_PLAN_AGE, Error, ErrorContext, ErrorKind, OrgFeaturesApi, Organizations,
    RemovalPlan, RootIam, RootSession, Rootctl, Selection, Service, SessionDuration, StsApi,
    TaskPolicy,
};

fn org(seed: u64) -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(3)
        .seed(seed)
        .password_share(1.0)
        .access_key_share(1.0)
        .build()
}

async fn plan(rc: &Rootctl) -> RemovalPlan {
    let audit = rc.audit(&Selection::all(), None).await.expect("audit");
    rc.plan_removal(&audit, &CredentialKind::ALL).expect("plan")
}

/// Journals are named after the plan id (`enforce-<plan_id>.jsonl`): an id with a path
/// separator, `..`, a leading dot or other characters is refused on reading the plan and
/// on applying it, before any call that changes something.
#[tokio::test]
async fn a_plan_id_that_is_not_a_plain_file_name_is_refused() {
    let org = org(61);
    let rc = Rootctl::simulated(org.clone());
    let good = plan(&rc).await;
    assert!(RemovalPlan::from_json(&good.to_json()).is_ok());
    for id in [
        "../../outside",
        "a/b",
        "a\\b",
        "..",
        ".hidden",
        "",
        "plan 1",
        "plan\n1",
        "plan-é",
    ] {
        let mut edited = good.clone();
        edited.plan_id = id.to_owned();
        let err = RemovalPlan::from_json(&edited.to_json()).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
        assert!(err.to_string().contains("plain file name"), "{id:?}: {err}");
        org.clear_calls();
        let err = rc
            .apply_removal(&edited, ApplyOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
        assert_eq!(org.mutating_calls(), Vec::new(), "{id:?}");
    }
    for id in ["plan-3f2a", "my_plan.v2", "PLAN-1"] {
        let mut fine = good.clone();
        fine.plan_id = id.to_owned();
        fine.validate().expect(id);
    }
}

/// The simulator's STS, except that an audit-only `AssumeRoot` into one account is
/// denied: the delete session of a removal works there, the verifying audit cannot.
#[derive(Debug)]
struct AuditDenied {
    org: SimulatedOrg,
    account: AccountId,
}

#[async_trait]
impl StsApi for AuditDenied {
    async fn caller_identity(&self) -> rootctl::Result<CallerIdentity> {
        self.org.caller_identity().await
    }
    async fn assume_root(
        &self,
        account_id: &AccountId,
        task_policy: TaskPolicy,
        duration: SessionDuration,
    ) -> rootctl::Result<RootSession> {
        if *account_id == self.account && task_policy == TaskPolicy::IamAuditRootUserCredentials {
            return Err(Error::from_kind(
                ErrorKind::AccessDenied,
                ErrorContext::new(Service::Sts, "AssumeRoot")
                    .account(*account_id)
                    .code("AccessDenied")
                    .message("explicit deny in a service control policy"),
                None,
            ));
        }
        self.org
            .assume_root(account_id, task_policy, duration)
            .await
    }
}

/// Every planned item is removed, but the verifying audit cannot read one account: the
/// report must not say ok, since nothing confirms that account's items are gone (and
/// `remaining()`, which speaks only for accounts it could read, is empty). Display says
/// which account and why.
#[tokio::test]
async fn a_verification_that_could_not_read_an_account_is_not_ok() {
    let org = org(62);
    let planned = plan(&Rootctl::simulated(org.clone())).await;
    let unread = planned.accounts[0].account_id;
    let shared = Arc::new(org.clone());
    let sessions = Arc::new(AuditDenied {
        org: org.clone(),
        account: unread,
    });
    let rc = Rootctl::new(
        Arc::clone(&shared) as Arc<dyn Organizations>,
        Arc::clone(&shared) as Arc<dyn OrgFeaturesApi>,
        sessions as Arc<dyn StsApi>,
        shared as Arc<dyn RootIam>,
    );
    let report = rc
        .apply_removal(&planned, ApplyOptions::default())
        .await
        .expect("applied");
    assert_eq!(report.summary.removed, planned.item_count(), "{report}");
    assert!(org.root_credentials(&unread).unwrap().is_empty());
    assert!(report.remaining().is_empty(), "{report}");
    assert_eq!(report.unverified(), vec![unread]);
    assert!(!report.ok(), "unverified, yet ok:\n{report}");
    let text = report.to_string();
    assert!(
        text.contains("Not verified") && text.contains(unread.as_str()),
        "{text}"
    );

    // Verified in full, the same removal is ok.
    let org = self::org(62);
    let rc = Rootctl::simulated(org.clone());
    let report = rc
        .apply_removal(&plan(&rc).await, ApplyOptions::default())
        .await
        .unwrap();
    assert!(report.unverified().is_empty() && report.ok(), "{report}");
}

/// A plan dated in the future has a negative age, which passes any `max_plan_age`: beyond
/// the clock skew allowed it is refused, whatever `max_plan_age` says (`None` included),
/// before any change. A clock a little ahead, within the allowance, is accepted.
#[tokio::test]
async fn a_plan_dated_in_the_future_is_refused() {
    let org = org(63);
    let rc = Rootctl::simulated(org.clone());
    let planned = plan(&rc).await;
    for max_plan_age in [Some(DEFAULT_MAX_PLAN_AGE), None] {
        let mut edited = planned.clone();
        edited.created_at = Utc::now() + TimeDelta::days(30);
        org.clear_calls();
        let options = ApplyOptions {
            max_plan_age,
            ..ApplyOptions::default()
        };
        let err = rc.apply_removal(&edited, options).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains("clocks may differ"), "{err}");
        assert_eq!(org.mutating_calls(), Vec::new());
    }
    let mut ahead = planned.clone();
    let within = CLOCK_SKEW_ALLOWANCE - std::time::Duration::from_secs(60);
    ahead.created_at = Utc::now() + TimeDelta::from_std(within).unwrap();
    let report = rc
        .apply_removal(&ahead, ApplyOptions::default())
        .await
        .expect("a clock a little ahead");
    assert!(report.ok(), "{report}");
}

/// A file that is not a plan is named by its first 40 characters and an ellipsis; a
/// short one whole, without.
#[test]
fn a_file_that_is_not_a_removal_plan_is_named_by_its_start() {
    let long = format!("not a plan: {}", "x".repeat(60));
    let message = RemovalPlan::from_json(&long).unwrap_err().to_string();
    assert!(message.contains("is not a rootctl plan"), "{message}");
    assert!(message.contains(&format!("{}…", &long[..40])), "{message}");
    assert!(!message.contains(&long[..41]), "{message}");
    let short = "not a plan";
    let message = RemovalPlan::from_json(short).unwrap_err().to_string();
    assert!(message.contains("\"not a plan\""), "whole: {message}");
    assert!(!message.contains('…'), "{message}");
    // Exactly 40 characters: whole, without the ellipsis.
    let forty = "y".repeat(40);
    let message = RemovalPlan::from_json(&forty).unwrap_err().to_string();
    assert!(message.contains(&format!("\"{forty}\"")), "{message}");
}
