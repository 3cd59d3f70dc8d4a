//! An enforcement exception must protect an account the policy really targets: one that
//! names an account outside the organization (a typo), the management account, or an
//! account the selection leaves out is refused before any root session, in `enforce`
//! and `handle_event` alike, so the real break-glass account is never enforced by
//! mistake. An account the selection selects but that is not ACTIVE stays allowed.

use rootctl::{
    AccountId, AccountState, CredentialKind, EnforceOptions, EnforcementPolicy, Error,
    PolicyException, Selection,
};

use super::staged::{Staged, enforce_options, policy, staged_client};

/// The staged policy plus a third exception for `account`.
fn with_exception_for(s: &Staged, account: AccountId) -> EnforcementPolicy {
    let mut policy = policy(s);
    policy.exceptions.push(
        PolicyException::new(
            account,
            "break-glass (typed by hand)",
            [CredentialKind::Password],
        )
        .unwrap(),
    );
    policy
}

/// The error is InvalidInput naming `exceptions[2].account`, and no root session was
/// opened: nothing audited, nothing removed.
fn assert_refused(s: &Staged, err: &Error, words: &str) {
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("exceptions[2].account"), "{text}");
    assert!(text.contains(words), "{text}");
    let sessions: Vec<_> = s
        .org
        .calls()
        .into_iter()
        .filter(|c| c.operation == "AssumeRoot")
        .collect();
    assert!(sessions.is_empty(), "no root session: {sessions:?}");
    assert_eq!(s.org.mutating_calls(), Vec::new());
}

#[tokio::test]
async fn an_exception_for_an_account_outside_the_organization_stops_the_run() {
    let (s, rc) = staged_client();
    let typo: AccountId = "999999999999".parse().unwrap();
    let policy = with_exception_for(&s, typo);
    let before = s.org.root_credentials(&s.break_glass);
    for dry_run in [true, false] {
        s.org.clear_calls();
        let err = rc
            .enforce(&policy, enforce_options(dry_run))
            .await
            .unwrap_err();
        assert_refused(&s, &err, "not an account of organization");
        assert!(err.to_string().contains("typo"), "{err}");
        assert!(err.to_string().contains(&s.org.organization_id()), "{err}");
    }
    assert_eq!(s.org.root_credentials(&s.break_glass), before);
    assert!(s.has_password(s.invited));
}

#[tokio::test]
async fn an_exception_for_the_management_account_stops_the_run() {
    let (s, rc) = staged_client();
    let policy = with_exception_for(&s, s.org.management_account_id());
    s.org.clear_calls();
    let err = rc
        .enforce(&policy, enforce_options(false))
        .await
        .unwrap_err();
    assert_refused(&s, &err, "management account");
}

#[tokio::test]
async fn an_exception_for_an_account_the_selection_leaves_out_stops_the_run() {
    let (s, rc) = staged_client();
    // Excluded: the sandbox OU is left out by the staged policy.
    let policy = with_exception_for(&s, s.sandbox);
    s.org.clear_calls();
    let err = rc
        .enforce(&policy, enforce_options(false))
        .await
        .unwrap_err();
    assert_refused(&s, &err, "leaves out");
    assert!(err.to_string().contains("excluded by OU"), "{err}");

    // Not among the listed accounts.
    let mut policy = with_exception_for(&s, s.created);
    policy.selection = Selection::accounts([s.invited, s.break_glass, s.expired]);
    s.org.clear_calls();
    let err = rc
        .enforce(&policy, enforce_options(true))
        .await
        .unwrap_err();
    assert_refused(&s, &err, "leaves out");
    assert!(err.to_string().contains("not selected"), "{err}");
    assert!(s.has_password(s.invited));
}

#[tokio::test]
async fn an_exception_for_a_selected_account_that_is_not_active_is_allowed() {
    let (s, rc) = staged_client();
    s.org
        .set_account_state(&s.break_glass, AccountState::Suspended)
        .unwrap();
    let report = rc
        .enforce(&policy(&s), enforce_options(true))
        .await
        .unwrap();
    assert!(report.account(&s.break_glass).is_none());
    let state = report
        .exceptions
        .iter()
        .find(|e| e.account_id == s.break_glass)
        .unwrap();
    assert!(!state.in_scope && !state.expired, "{state:?}");
}

#[tokio::test]
async fn an_event_for_another_account_is_refused_when_an_exception_names_a_stranger() {
    let (s, rc) = staged_client();
    let policy = with_exception_for(&s, "999999999999".parse().unwrap());
    let event = serde_json::json!({
        "version": "0", "id": "e-typo", "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.organizations", "region": "us-east-1",
        "detail": {"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
                   "requestParameters": {"accountId": s.invited.to_string()}}
    });
    s.org.clear_calls();
    let err = rc
        .handle_event(&event, &policy, EnforceOptions::default())
        .await
        .unwrap_err();
    assert_refused(&s, &err, "not an account of organization");
    assert!(s.has_password(s.invited));
}
