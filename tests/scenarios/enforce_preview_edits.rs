//! A preview is JSON a person may save, edit and apply later: `apply_enforcement` derives
//! again what the policy allows now (its selection, its kinds, the exceptions in force)
//! and refuses a plan that removes anything else, however well the edit hides itself in
//! the rest of the report (docs/enforcement.md, "Preview, then apply what was shown").

use chrono::TimeDelta;
use rootctl::{
    AccountRemovalPlan, AccountState, CredentialKind, EnforcementReport, Error, RemovalItem,
};

use super::staged::{apply_preview, enforce, policy, previewed, staged_client};

/// The accounts of the removal plan `preview` carries.
fn planned_accounts(preview: &mut EnforcementReport) -> &mut Vec<AccountRemovalPlan> {
    &mut preview
        .plan
        .as_mut()
        .expect("the preview has a plan")
        .accounts
}

/// The break-glass password goes into the plan *and* into what the preview shows as to
/// be removed, so that both agree; the policy (and so its digest) is the real one,
/// exception included. The exception in force keeps it: refused, nothing removed.
#[tokio::test]
async fn edited_preview_removes_a_password_the_exception_keeps() {
    let (s, rc, policy, good) = previewed().await;
    let password = good
        .account(&s.break_glass)
        .unwrap()
        .before
        .as_ref()
        .unwrap()
        .iter()
        .find(|i| i.kind == CredentialKind::Password)
        .cloned()
        .expect("the break-glass account holds a password");

    let mut edited = EnforcementReport::from_json(&good.to_json()).unwrap();
    planned_accounts(&mut edited)
        .iter_mut()
        .find(|a| a.account_id == s.break_glass)
        .unwrap()
        .items
        .insert(0, password.clone());
    let entry = edited
        .accounts
        .iter_mut()
        .find(|a| a.account_id == s.break_glass)
        .unwrap();
    entry.remaining.insert(0, password);
    let edited = EnforcementReport::from_json(&edited.to_json()).unwrap();

    s.org.clear_calls();
    let result = apply_preview(&rc, &policy, &edited).await;
    let kept = s.org.root_credentials(&s.break_glass).unwrap().password;
    assert!(
        kept.is_some(),
        "the break-glass password that the policy's exception (in force) keeps was removed by \
         apply_enforcement of an edited preview; result: {:?}",
        result
            .as_ref()
            .map(|r| r.account(&s.break_glass).map(|a| a.status))
    );
    let err = result.expect_err("an edited preview that removes what an exception keeps");
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(s.break_glass.as_str()) && text.contains("password"),
        "the refusal names the account and the item: {text}"
    );
    assert_eq!(s.org.mutating_calls(), Vec::new());
}

/// An edited preview adds an account the policy excludes (the sandbox OU), with a
/// matching entry: refused, its password stays.
#[tokio::test]
async fn edited_preview_removes_credentials_of_an_excluded_account() {
    let (s, rc, policy, good) = previewed().await;
    assert!(good.account(&s.sandbox).is_none(), "the policy excludes it");
    let created = s
        .org
        .root_credentials(&s.sandbox)
        .unwrap()
        .password
        .unwrap()
        .created;
    let password = RemovalItem::password(created);

    let mut edited = EnforcementReport::from_json(&good.to_json()).unwrap();
    planned_accounts(&mut edited).push(AccountRemovalPlan {
        account_id: s.sandbox,
        name: "sandbox-1".into(),
        ou_path: "Root/Sandbox".into(),
        items: vec![password.clone()],
    });
    let mut entry = good.account(&s.invited).unwrap().clone();
    entry.account_id = s.sandbox;
    entry.name = "sandbox-1".into();
    entry.exception = None;
    entry.before = Some(vec![password.clone()]);
    entry.after = Some(vec![password.clone()]);
    entry.remaining = vec![password];
    edited.accounts.push(entry);

    s.org.clear_calls();
    let result = apply_preview(&rc, &policy, &edited).await;
    assert!(
        s.has_password(s.sandbox),
        "apply_enforcement removed the password of an account the policy excludes \
         (exclude_ous = Sandbox); result ok: {}",
        result.is_ok()
    );
    let err = result.expect_err("an edited preview that reaches an excluded account");
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(err.to_string().contains(s.sandbox.as_str()), "{err}");
    assert_eq!(s.org.mutating_calls(), Vec::new());
}

/// The derived check refuses what the selection leaves out, not what the organization
/// skips for now: an account suspended after the preview is still selected by the
/// policy, and the removal leaves every account that is not ACTIVE alone. The rest of
/// the plan is applied.
#[tokio::test]
async fn an_account_suspended_after_the_preview_is_left_alone_not_refused() {
    let (s, rc, policy, preview) = previewed().await;
    assert!(
        preview
            .plan
            .as_ref()
            .unwrap()
            .accounts
            .iter()
            .any(|a| a.account_id == s.moved)
    );
    s.org
        .set_account_state(&s.moved, AccountState::Suspended)
        .unwrap();
    s.org.clear_calls();
    apply_preview(&rc, &policy, &preview)
        .await
        .expect("applied to the accounts that are ACTIVE");
    assert_eq!(
        s.org.root_credentials(&s.moved).unwrap().access_keys.len(),
        1
    );
    assert!(s.org.root_credentials(&s.invited).unwrap().is_empty());
    for call in s.org.mutating_calls() {
        assert_ne!(call.account_id, Some(s.moved), "{call:?}");
    }
}

/// The journal of an enforcement run is `<journal dir>/enforce-<plan_id>.jsonl`: a
/// preview whose plan id was edited into a path is refused, and no file is made.
#[tokio::test]
async fn an_edited_plan_id_cannot_move_the_journal() {
    let (s, rc) = staged_client();
    let dir = super::fresh_temp_path("plan-id");
    let journals = dir.join("journals");
    std::fs::create_dir_all(journals.join("enforce-x")).unwrap();
    let mut policy = policy(&s);
    policy.journal = Some(journals.clone());
    let mut edited = enforce(&rc, &policy, true).await;
    let id = "x/../../outside".to_owned();
    edited.plan_id = Some(id.clone());
    edited.plan.as_mut().unwrap().plan_id = id;
    s.org.clear_calls();
    let err = apply_preview(&rc, &policy, &edited).await.unwrap_err();
    let outside = dir.join("outside.jsonl").exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(err.to_string().contains("plain file name"), "{err}");
    assert!(
        !outside,
        "a journal was written outside the journal directory"
    );
    assert_eq!(s.org.mutating_calls(), Vec::new());
}

/// A preview (or its plan) dated in the future passes the age check with a negative age:
/// beyond the clock skew allowed it is refused before any change.
#[tokio::test]
async fn a_preview_dated_in_the_future_is_refused() {
    let (s, rc, policy, good) = previewed().await;
    let mut later = good.clone();
    later.started_at += TimeDelta::days(7);
    let mut plan_later = good.clone();
    plan_later.plan.as_mut().unwrap().created_at += TimeDelta::days(7);
    for edited in [later, plan_later] {
        s.org.clear_calls();
        let err = apply_preview(&rc, &policy, &edited).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains("clocks may differ"), "{err}");
        assert_eq!(s.org.mutating_calls(), Vec::new());
    }
    assert!(s.has_password(s.invited));
}
