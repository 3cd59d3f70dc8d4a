//! Property tests of the removal state machine (plan, journal, apply, crash, resume) on
//! the simulator: random organizations, random plans (kinds and item order), runs cut
//! short at random points (the future dropped mid-await), and credentials re-created
//! between runs. Whatever happens:
//!
//! 1. no credential outside the plan is ever removed (a password created again, with
//!    another date, is never deleted; nor is a key the plan does not list);
//! 2. no MFA device is deactivated while its account has a password;
//! 3. every planned item ends each completed run with exactly one outcome;
//! 4. the runs converge: after a last complete run, another one changes nothing.
//!
//! The number of cases is bounded (`PROPTEST_CASES`, default 24) to stay well under a
//! minute in the test command.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use proptest::prelude::*;
use rootctl::sim::{CallRecord, SimulatedOrg};
use rootctl::{
    AccessKey, AccountId, ApplyOptions, CredentialKind, CredentialStatus, LoginProfile, MfaDevice,
    RemovalPlan, Rootctl, Selection,
};

/// Something done behind rootctl's back between two runs.
#[derive(Clone, Debug)]
enum Meddle {
    /// A new password (a new creation date) in the `n`th planned account.
    NewPassword(usize),
    /// The `n`th planned account's first MFA device enabled again.
    MfaBack(usize),
    /// A new access key in the `n`th planned account.
    NewKey(usize),
}

#[derive(Clone, Debug)]
struct Case {
    seed: u64,
    kinds: Vec<CredentialKind>,
    reverse_items: bool,
    /// Each earlier run is cut after this many milliseconds of simulated time.
    crashes: Vec<u64>,
    meddling: Vec<Meddle>,
}

fn case() -> impl Strategy<Value = Case> {
    let kinds = proptest::sample::subsequence(CredentialKind::ALL.to_vec(), 1..=4);
    let meddle = prop_oneof![
        (0usize..4).prop_map(Meddle::NewPassword),
        (0usize..4).prop_map(Meddle::MfaBack),
        (0usize..4).prop_map(Meddle::NewKey),
    ];
    (
        any::<u64>(),
        kinds,
        any::<bool>(),
        proptest::collection::vec(1u64..60, 0..3),
        proptest::collection::vec(meddle, 0..3),
    )
        .prop_map(|(seed, kinds, reverse_items, crashes, meddling)| Case {
            seed,
            kinds,
            reverse_items,
            crashes,
            meddling,
        })
}

/// Where each account's password stood, replayed from the log: whether it had one
/// before a given call.
#[derive(Default)]
struct Truth {
    /// Per account: (log position, password present from there on).
    password: BTreeMap<AccountId, Vec<(u64, bool)>>,
    /// Per account: log positions after which a password was created again (drift).
    recreated_password_at: BTreeMap<AccountId, Vec<u64>>,
}

impl Truth {
    fn set_password(&mut self, account: AccountId, at: u64, present: bool) {
        self.password
            .entry(account)
            .or_default()
            .push((at, present));
    }

    /// Whether `account` had a password when the call at `seq` was answered.
    fn had_password(&self, account: AccountId, seq: u64, log: &[CallRecord]) -> bool {
        let mut present = false;
        let mut marks = self.password.get(&account).cloned().unwrap_or_default();
        marks.sort_by_key(|(at, _)| *at);
        // Start from the last mark at or before the call, then replay the deletes.
        let mut from = 0;
        for (at, p) in &marks {
            if *at <= seq {
                present = *p;
                from = *at;
            }
        }
        for call in log.iter().filter(|c| c.seq >= from && c.seq < seq) {
            if call.account_id == Some(account)
                && call.operation == "DeleteLoginProfile"
                && call.is_ok()
            {
                present = false;
            }
        }
        present
    }
}

fn next_seq(org: &SimulatedOrg) -> u64 {
    org.calls().last().map_or(0, |c| c.seq + 1)
}

async fn plan_for(rc: &Rootctl, case: &Case) -> RemovalPlan {
    let audit = rc.audit(&Selection::all(), None).await.expect("audit");
    let mut plan = rc.plan_removal(&audit, &case.kinds).expect("plan");
    if case.reverse_items {
        for account in &mut plan.accounts {
            account.items.reverse();
        }
    }
    RemovalPlan::from_json(&plan.to_json()).expect("a hand-reordered plan is still valid")
}

fn meddle(org: &SimulatedOrg, plan: &RemovalPlan, what: &Meddle, truth: &mut Truth, n: u64) {
    if plan.accounts.is_empty() {
        return;
    }
    let pick = |i: &usize| plan.accounts[i % plan.accounts.len()].account_id;
    match what {
        Meddle::NewPassword(i) => {
            let account = pick(i);
            let mut creds = org.root_credentials(&account).expect("a member");
            creds.password = Some(LoginProfile {
                created: org.now() + chrono::TimeDelta::seconds(n as i64 + 1),
                password_reset_required: false,
            });
            org.set_credentials(&account, creds).expect("set");
            let at = next_seq(org);
            truth.set_password(account, at, true);
            truth
                .recreated_password_at
                .entry(account)
                .or_default()
                .push(at);
        }
        Meddle::MfaBack(i) => {
            let account = pick(i);
            let mut creds = org.root_credentials(&account).expect("a member");
            let serial = format!("arn:aws:iam::{account}:mfa/root-account-mfa-device");
            if creds.mfa_devices.iter().all(|d| d.serial != serial) {
                creds
                    .mfa_devices
                    .push(MfaDevice::new(serial, Some(org.now())));
            }
            org.set_credentials(&account, creds).expect("set");
        }
        Meddle::NewKey(i) => {
            let account = pick(i);
            let mut creds = org.root_credentials(&account).expect("a member");
            creds.access_keys.push(AccessKey {
                id: format!("AKIAPROPNEWKEY{n:06}"),
                status: CredentialStatus::Active,
                created: Some(org.now()),
                last_used: None,
            });
            org.set_credentials(&account, creds).expect("set");
        }
    }
}

async fn run_case(case: Case) -> Result<(), TestCaseError> {
    let org = SimulatedOrg::builder()
        .members(4)
        .seed(case.seed)
        .password_share(0.7)
        .access_key_share(0.7)
        .signing_certificate_share(0.4)
        .mfa_share(0.7)
        .latency(Duration::from_millis(1), Duration::from_millis(2))
        .build();
    let rc = Rootctl::simulated(org.clone());
    let plan = plan_for(&rc, &case).await;
    let planned: BTreeSet<(AccountId, String)> = plan
        .accounts
        .iter()
        .flat_map(|a| {
            a.items
                .iter()
                .map(move |i| (a.account_id, i.id.clone().unwrap_or_default()))
        })
        .collect();
    let planned_password: BTreeSet<AccountId> = plan
        .accounts
        .iter()
        .filter(|a| a.items.iter().any(|i| i.kind == CredentialKind::Password))
        .map(|a| a.account_id)
        .collect();
    let mut truth = Truth::default();
    let start = next_seq(&org);
    for member in org.members() {
        let creds = org.root_credentials(&member.account.id).expect("a member");
        truth.set_password(member.account.id, start, creds.password.is_some());
    }
    let journal = std::env::temp_dir().join(format!(
        "rootctl-props-{}-{}.jsonl",
        std::process::id(),
        case.seed
    ));
    let _ = std::fs::remove_file(&journal);
    let options = || ApplyOptions {
        journal: Some(journal.clone()),
        verify: false,
        ..ApplyOptions::default()
    };

    // Runs cut short, with meddling in between.
    for (n, cut) in case.crashes.iter().enumerate() {
        let _ = tokio::time::timeout(
            Duration::from_millis(*cut),
            rc.apply_removal(&plan, options()),
        )
        .await;
        if let Some(what) = case.meddling.get(n) {
            meddle(&org, &plan, what, &mut truth, n as u64);
        }
    }
    for (n, what) in case.meddling.iter().enumerate().skip(case.crashes.len()) {
        meddle(&org, &plan, what, &mut truth, n as u64 + 10);
    }

    // A complete run: every planned item exactly once.
    let report = rc
        .apply_removal(&plan, options())
        .await
        .expect("complete run");
    for (account, removal) in plan.accounts.iter().zip(&report.accounts) {
        prop_assert_eq!(account.account_id, removal.account_id);
        prop_assert_eq!(account.items.len(), removal.items.len());
        let reported: BTreeSet<_> = removal.items.iter().map(|r| r.item.clone()).collect();
        let listed: BTreeSet<_> = account.items.iter().cloned().collect();
        prop_assert_eq!(reported, listed, "one outcome per planned item");
    }

    // Converged: one more run changes nothing.
    let before = org.mutating_calls().len();
    rc.apply_removal(&plan, options()).await.expect("last run");
    let after: Vec<CallRecord> = org.mutating_calls()[before..].to_vec();
    prop_assert!(
        after.iter().all(|c| !c.is_ok()),
        "a run after a complete one removed something: {after:?}"
    );

    // The log, checked call by call.
    let log = org.calls();
    for call in log.iter().filter(|c| c.mutating && c.is_ok()) {
        let account = call.account_id.expect("mutations name their account");
        match call.operation {
            "DeleteLoginProfile" => {
                prop_assert!(planned_password.contains(&account), "unplanned password");
                let recreated = truth
                    .recreated_password_at
                    .get(&account)
                    .is_some_and(|at| at.iter().any(|at| *at <= call.seq));
                prop_assert!(!recreated, "a password created after the audit was deleted");
            }
            "DeactivateMFADevice" => {
                let target = call.target.clone().unwrap_or_default();
                prop_assert!(planned.contains(&(account, target)), "unplanned MFA device");
                prop_assert!(
                    !truth.had_password(account, call.seq, &log),
                    "MFA deactivated while the account had a password: {call:?}"
                );
            }
            _ => {
                let target = call.target.clone().unwrap_or_default();
                prop_assert!(
                    planned.contains(&(account, target.clone())),
                    "unplanned {} {target}",
                    call.operation
                );
            }
        }
    }
    let _ = std::fs::remove_file(&journal);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn removal_is_safe_under_crashes_and_meddling(case in case()) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime");
        runtime.block_on(run_case(case))?;
    }
}
