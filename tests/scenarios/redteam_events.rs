//! Red-team findings on event-driven runs (`Rootctl::handle_event`,
//! `rootctl-core/src/ops/enforce/event.rs`), written by an outside reviewer from the code
//! and the project's docs alone, then settled by the integrator: each test states the
//! outcome docs/enforcement.md#events now documents.
//!
//! Two findings on the old recipe's rule (no `AccountJoinedOrganization`, no
//! root-credential rule at all) were fixed by the CloudFormation stack; their proof is the
//! stack's own test (`tests/scenarios/deploy.rs`, and `TestEventPattern` on fakecloud in
//! `rootctl-py/tests/test_deploy.py`), so their tests here, which read the old loose
//! files, are gone.
//!
//! AWS pages relied on:
//! - IAM User Guide, "Centralize root access for member accounts" / "Perform a privileged
//!   task on a member account": the management account (or the IAM delegated admin)
//!   can, in an `sts:AssumeRoot` session with the `IAMCreateRootUserPassword` task
//!   policy, create the member root user's login profile ("Allow password recovery"),
//!   which is logged in the member account as the root session's `CreateLoginProfile`.

use chrono::DateTime;
use rootctl::{CredentialKind, EnforceOptions, EnforcementStatus, LoginProfile};
use serde_json::json;

use super::events::fixture;
use super::staged::{policy, staged_client};

/// Finding 3, settled: a root session's `CreateLoginProfile` (the `IAMCreateRootUserPassword`
/// task, "allow password recovery") gives the member's root user a login profile the
/// policy may forbid, and rootctl ignores it, as the issue asks of every root-session
/// call: it is an administrator's deliberate act, made through the management account.
/// The login profile is a password only the root user can set, by recovery, and use by
/// signing in; that `ConsoleLogin` is the root user's own and is enforced at once
/// (docs/enforcement.md#events, "A window").
#[tokio::test]
async fn redteam_root_session_create_login_profile_is_ignored_and_the_sign_in_after_it_enforced() {
    let (s, rc) = staged_client();
    let account = s.created;
    let management = s.org.management_account_id().to_string();
    // What AWS holds after the privileged task: a login profile on the member root.
    let mut creds = s.org.root_credentials(&account).unwrap();
    assert!(creds.is_empty(), "the created account starts clean");
    creds.password = Some(LoginProfile {
        created: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        password_reset_required: false,
    });
    s.org.set_credentials(&account, creds).unwrap();
    // The call as CloudTrail logs it in the member account: the root session, with
    // `sessionContext.assumedRoot` and `inScopeOf` naming the issuer.
    let mut event = fixture("root_create_login_profile");
    let detail = &mut event["detail"];
    detail["userIdentity"]["sessionContext"]["assumedRoot"] = "true".into();
    detail["requestParameters"] = json!({});
    detail["inScopeOf"] = json!({
        "issuerAccountId": management,
        "credentialsIssuedTo": format!("arn:aws:sts::{management}:assumed-role/OrgAdmin/admin"),
    });
    let policy = policy(&s);
    assert!(
        policy.kinds.contains(&CredentialKind::Password),
        "the policy forbids root passwords"
    );
    s.org.clear_calls();
    let ignored = rc
        .handle_event(&event, &policy, EnforceOptions::default())
        .await
        .expect("not refused");
    assert!(ignored.is_none(), "a root session's call is ignored");
    assert_eq!(s.org.calls(), Vec::new());
    // The root user recovers the password and signs in: that run removes it.
    let report = rc
        .handle_event(
            &fixture("root_console_login"),
            &policy,
            EnforceOptions::default(),
        )
        .await
        .unwrap()
        .expect("the root user's sign-in is acted on");
    assert_eq!(report.accounts[0].account_id, account);
    assert_eq!(report.accounts[0].status, EnforcementStatus::Remediated);
    assert!(s.org.root_credentials(&account).unwrap().password.is_none());
}

/// Finding 5, fixed (defence in depth): the envelope's `account`, the account EventBridge
/// says the event came from (for a member-forwarded root event, the member whose bus
/// forwarded it), was never compared with the account the record names. The docs list
/// `account` among the envelope fields rootctl takes (docs/enforcement.md#events) and
/// promise that an event naming "two different accounts" is refused before any AWS call;
/// this one names two (envelope `account` 100000000002, the moved account; record
/// 100000000001, the created one) and is acted on, enforcing the account the *record*
/// names. AWS refuses `aws.`-prefixed sources in PutEvents, so through EventBridge such
/// an event needs a rule that matches without `source` (the recipe ships none for the
/// root events, so deployers write their own); handed to the function any other way
/// (a test invoke, a replay tool, a queue in between) it is enforced on the wrong
/// account's word.
#[tokio::test]
async fn redteam_envelope_account_disagreeing_with_the_record_is_refused() {
    let (s, rc) = staged_client();
    let mut event = fixture("root_create_access_key");
    assert_eq!(event["detail"]["recipientAccountId"], s.created.to_string());
    event["account"] = s.moved.to_string().into();
    s.org.clear_calls();
    let outcome = rc
        .handle_event(&event, &policy(&s), EnforceOptions::default())
        .await;
    let acted_on: Vec<String> = s
        .org
        .calls()
        .iter()
        .filter_map(|c| c.account_id.map(|a| a.to_string()))
        .collect();
    match outcome {
        Err(e) => assert!(e.to_string().contains("two accounts"), "{e}"),
        Ok(report) => panic!(
            "an event whose envelope says account {} but whose record names {} was \
             acted on (trigger {:?}); calls in accounts {acted_on:?}",
            s.moved,
            s.created,
            report.and_then(|r| r.trigger).map(|t| t.to_string())
        ),
    }
    assert!(acted_on.is_empty(), "no call for a refused event");
}

/// Finding 4, settled: the root user's password recovery (`PasswordRecoveryCompleted`,
/// an AWS Sign-In event) is not one of the events rootctl acts on; its record is not in
/// AWS's published sign-in event reference, and the sign-in that uses the password is
/// acted on (finding 3). A rule that forwards it anyway gets a refusal naming it, an
/// alarm, never a silent pass and never a change.
#[tokio::test]
async fn redteam_root_password_recovery_is_refused_by_name_changing_nothing() {
    let (s, rc) = staged_client();
    let mut event = fixture("root_console_login");
    let detail = &mut event["detail"];
    detail["eventName"] = "PasswordRecoveryCompleted".into();
    detail["responseElements"] = json!({"PasswordRecoveryCompleted": "Success"});
    detail["additionalEventData"] = json!({});
    s.org.clear_calls();
    let err = rc
        .handle_event(&event, &policy(&s), EnforceOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("PasswordRecoveryCompleted from aws.signin"),
        "{err}"
    );
    assert_eq!(s.org.calls(), Vec::new());
}
