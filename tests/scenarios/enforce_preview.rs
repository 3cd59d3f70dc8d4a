//! Apply exactly what a dry run showed: `enforce(dry_run)` carries the removal plan it
//! would apply, and `apply_enforcement(policy, preview)` applies that plan and nothing
//! else. What changed while someone read the preview (an account that came into scope,
//! a credential added since) is left for the next run; a preview that is not a dry run,
//! was made under another policy, for another organization or too long ago, or whose
//! plan lists more than it shows, is refused before any change.

use chrono::TimeDelta;
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccessKey, ApplyEnforcementOptions, CredentialKind, CredentialStatus, EnforceOptions,
    EnforcementPolicy, EnforcementReport, EnforcementStatus, Error, LoginProfile, RemovalItem,
    RootCredentials, Rootctl, Tags,
};

use super::staged::{
    Staged, apply_preview, enforce, hold_enforce_lock, policy, previewed, staged, staged_client,
};

/// The items the preview shows as to be removed, per account.
fn shown(preview: &EnforcementReport) -> Vec<(rootctl::AccountId, Vec<RemovalItem>)> {
    preview
        .accounts
        .iter()
        .filter(|a| a.status == EnforcementStatus::NonCompliant)
        .map(|a| (a.account_id, a.remaining.clone()))
        .collect()
}

#[tokio::test]
async fn the_preview_carries_its_plan_and_applying_it_converges() {
    let (s, rc) = staged_client();
    let policy = policy(&s);
    s.org.clear_calls();
    let preview = enforce(&rc, &policy, true).await;
    assert_eq!(s.org.mutating_calls(), Vec::new());
    let plan = preview.plan.clone().expect("something would be removed");
    assert_eq!(preview.plan_id.as_deref(), Some(plan.plan_id.as_str()));
    // The plan is what the preview shows: every account it would change, item by item.
    let planned: Vec<_> = plan
        .accounts
        .iter()
        .map(|a| (a.account_id, a.items.clone()))
        .collect();
    assert_eq!(planned, shown(&preview));
    // It names credentials by id, never a secret; it reads back from the report's JSON.
    let back = EnforcementReport::from_json(&preview.to_json()).unwrap();
    assert_eq!(back.plan.as_ref(), Some(&plan));

    let report = apply_preview(&rc, &policy, &back).await.expect("applied");
    assert!(!report.dry_run);
    assert!(report.compliant(), "{report}");
    assert_eq!(report.plan_id, preview.plan_id);
    assert_eq!(
        report.account(&s.invited).unwrap().status,
        EnforcementStatus::Remediated
    );
    assert_eq!(
        report.account(&s.break_glass).unwrap().status,
        EnforcementStatus::Excepted
    );
    assert_eq!(report.accounts.len(), preview.accounts.len());
    assert_eq!(report.skipped, preview.skipped);
    assert_eq!(report.summary.removed, 5 + 1 + 1 + 2);
    assert!(s.org.root_credentials(&s.invited).unwrap().is_empty());

    // Nothing to remove: the preview has no plan, and applying it changes nothing.
    let clean = enforce(&rc, &policy, true).await;
    assert!(clean.plan.is_none() && clean.plan_id.is_none(), "{clean}");
    s.org.clear_calls();
    let report = apply_preview(&rc, &policy, &clean)
        .await
        .expect("nothing to apply");
    assert_eq!(s.org.mutating_calls(), Vec::new());
    assert!(report.plan.is_none() && report.compliant());
}

#[tokio::test]
async fn an_account_that_came_into_scope_after_the_preview_is_not_touched() {
    let (s, rc, policy, preview) = previewed().await;

    // While the preview is read: an account holding a password joins the workloads OU,
    // and a previewed account gets a new access key.
    let workloads = s
        .org
        .members()
        .into_iter()
        .find(|m| m.account.id == s.invited)
        .unwrap()
        .parent;
    let joined = s
        .org
        .create_account("joined-while-waiting", &workloads, Tags::new())
        .unwrap();
    s.org
        .set_credentials(
            &joined,
            RootCredentials {
                password: Some(LoginProfile {
                    created: chrono::Utc::now(),
                    password_reset_required: false,
                }),
                ..RootCredentials::default()
            },
        )
        .unwrap();
    let mut moved = s.org.root_credentials(&s.moved).unwrap();
    moved.access_keys.push(AccessKey {
        id: "AKIDADDEDLATER000001".into(),
        status: CredentialStatus::Active,
        created: None,
        last_used: None,
    });
    s.org.set_credentials(&s.moved, moved).unwrap();

    let report = apply_preview(&rc, &policy, &preview)
        .await
        .expect("applied");
    // The newcomer was never shown: untouched, and not in the report.
    assert!(s.has_password(joined));
    assert!(report.account(&joined).is_none());
    for call in s.org.mutating_calls() {
        assert_ne!(call.account_id, Some(joined), "{call:?}");
    }
    // The key added later was not shown either: left in place, reported as drift.
    let keys = s.org.root_credentials(&s.moved).unwrap().access_keys;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].id, "AKIDADDEDLATER000001");
    let entry = report.account(&s.moved).unwrap();
    assert_eq!(entry.status, EnforcementStatus::NonCompliant, "{report}");
    assert!(
        entry.reasons.iter().any(|r| r.contains("drift")),
        "{:?}",
        entry.reasons
    );

    // The next run sees both.
    let next = enforce(&rc, &policy, true).await;
    assert_eq!(
        next.account(&joined).unwrap().status,
        EnforcementStatus::NonCompliant
    );
}

/// Applying `preview` under `policy` is InvalidInput containing `words`, and changes nothing.
async fn assert_refused(
    s: &Staged,
    rc: &Rootctl,
    policy: &EnforcementPolicy,
    preview: &EnforcementReport,
    words: &str,
) {
    s.org.clear_calls();
    let err = apply_preview(rc, policy, preview).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(err.to_string().contains(words), "{words}: {err}");
    assert_eq!(s.org.mutating_calls(), Vec::new());
    assert!(s.has_password(s.invited));
}

#[tokio::test]
async fn a_preview_that_does_not_fit_is_refused_before_any_change() {
    let (s, rc, policy, good) = previewed().await;

    // Made under another policy.
    let mut other = policy.clone();
    other.kinds = vec![CredentialKind::AccessKey];
    assert_refused(&s, &rc, &other, &good, "another policy").await;

    // Too old for the policy's max_plan_age.
    let mut old = good.clone();
    old.started_at -= TimeDelta::hours(25);
    assert_refused(&s, &rc, &policy, &old, "hours").await;

    // A plan that lists something the preview does not show.
    let mut tampered = good.clone();
    let plan = tampered.plan.as_mut().unwrap();
    let glass = plan
        .accounts
        .iter_mut()
        .find(|a| a.account_id == s.break_glass)
        .unwrap();
    glass.items.insert(
        0,
        good.account(&s.break_glass)
            .unwrap()
            .before
            .as_ref()
            .unwrap()[0]
            .clone(),
    );
    assert_refused(&s, &rc, &policy, &tampered, "does not show").await;

    // Not a dry run: the report of a run that removed things.
    let other_org = staged();
    let other_rc = Rootctl::simulated(other_org.org.clone());
    let done = other_rc
        .enforce(
            &super::staged::policy(&other_org),
            EnforceOptions::default(),
        )
        .await
        .unwrap();
    assert_refused(&s, &rc, &policy, &done, "not a dry run").await;

    // For another organization (a default policy, whose exceptions fit both).
    let elsewhere = SimulatedOrg::builder().members(4).seed(99).build();
    let elsewhere_rc = Rootctl::simulated(elsewhere.clone());
    let default = EnforcementPolicy::default();
    let foreign = enforce(&elsewhere_rc, &default, true).await;
    assert_ne!(foreign.organization_id, s.org.organization_id());
    assert_refused(&s, &rc, &default, &foreign, "organization").await;

    // And the good one still applies.
    assert!(
        apply_preview(&rc, &policy, &good)
            .await
            .unwrap()
            .compliant()
    );
}

#[tokio::test]
async fn apply_enforcement_takes_the_run_lock() {
    let (s, rc) = staged_client();
    let dir = super::fresh_temp_path("preview-lock");
    let mut policy = policy(&s);
    policy.journal = Some(dir.clone());
    let preview = enforce(&rc, &policy, true).await;
    assert!(preview.journal.is_none(), "a dry run writes no journal");
    let held = hold_enforce_lock(&dir);
    s.org.clear_calls();
    let err = apply_preview(&rc, &policy, &preview).await.unwrap_err();
    assert!(matches!(err, Error::Journal { .. }), "{err:?}");
    assert_eq!(s.org.mutating_calls(), Vec::new());
    drop(held);
    let report = apply_preview(&rc, &policy, &preview).await.unwrap();
    let journal = report.journal.clone().expect("the apply journals");
    assert!(journal.starts_with(&dir));
    let lines = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(lines.lines().count(), 2 * report.summary.removed);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every identity a preview carries must be this organization's and its plan's own: one
/// field edited on its own is enough to refuse it, before any change.
#[tokio::test]
async fn one_edited_identity_is_enough_to_refuse_a_preview() {
    let (s, rc) = staged_client();
    let mut policy = policy(&s);
    policy.kinds = vec![CredentialKind::AccessKey];
    let good = enforce(&rc, &policy, true).await;
    assert!(good.plan.is_some(), "{good}");
    let other_account: rootctl::AccountId = "999999999999".parse().unwrap();
    type Edit = Box<dyn Fn(&mut EnforcementReport)>;
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "the organization, in the preview and its plan",
            Box::new(|p| {
                p.organization_id = "o-zzzzzzzzzz".to_owned();
                p.plan.as_mut().unwrap().organization_id = "o-zzzzzzzzzz".to_owned();
            }),
            "was made for organization o-zzzzzzzzzz",
        ),
        (
            "the management account, in the preview and its plan",
            Box::new(move |p| {
                p.management_account_id = other_account;
                p.plan.as_mut().unwrap().management_account_id = other_account;
            }),
            "(management account 999999999999), but these credentials",
        ),
        (
            "the preview's plan id",
            Box::new(|p| p.plan_id = Some("plan-edited".to_owned())),
            "which is not the plan of this preview",
        ),
        (
            "the plan's organization",
            Box::new(|p| p.plan.as_mut().unwrap().organization_id = "o-zzzzzzzzzz".to_owned()),
            "which is not the plan of this preview",
        ),
        (
            "the plan's management account",
            Box::new(move |p| p.plan.as_mut().unwrap().management_account_id = other_account),
            "which is not the plan of this preview",
        ),
        (
            "the plan's kinds (more than the policy forbids)",
            Box::new(|p| p.plan.as_mut().unwrap().kinds = CredentialKind::ALL.to_vec()),
            "which is not the plan of this preview",
        ),
    ];
    for (what, edit, expected) in edits {
        let mut edited = good.clone();
        edit(&mut edited);
        s.org.clear_calls();
        let err = apply_preview(&rc, &policy, &edited).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{what}: {err:?}");
        assert!(err.to_string().contains(expected), "{what}: {err}");
        assert_eq!(s.org.mutating_calls(), Vec::new(), "{what}");
    }
    assert!(
        apply_preview(&rc, &policy, &good)
            .await
            .unwrap()
            .compliant()
    );
}

#[test]
fn options_show_whether_a_progress_callback_is_set_never_the_callback() {
    let progress: rootctl::ProgressFn = std::sync::Arc::new(|_| {});
    let enforce = EnforceOptions {
        dry_run: true,
        progress: Some(progress.clone()),
    };
    assert_eq!(
        format!("{enforce:?}"),
        "EnforceOptions { dry_run: true, progress: true }"
    );
    assert_eq!(
        format!("{:?}", EnforceOptions::default()),
        "EnforceOptions { dry_run: false, progress: false }"
    );
    let apply = ApplyEnforcementOptions {
        progress: Some(progress),
    };
    assert_eq!(
        format!("{apply:?}"),
        "ApplyEnforcementOptions { progress: true }"
    );
}
