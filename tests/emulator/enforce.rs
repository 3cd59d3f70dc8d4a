//! `enforce` and `handle_event` over the wire: the check (a dry run) finds the stand-in
//! user's keys and certificate (gap 2 in `main.rs`), the enforcing run removes them
//! through the real IAM adapter, and the next check and run find nothing to do.
//! Passwords and MFA cannot be represented on the emulator (gap 2), so none is seeded.

use rootctl::{EnforceOptions, EnforcementPolicy, EnforcementStatus, Selection};

use crate::support::{Emulator, NewAccount, Seed};

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn enforce_checks_removes_and_then_finds_nothing_to_do() {
    let emu = Emulator::start("enforce_checks_removes_and_then_finds_nothing_to_do").await;
    let org = emu.create_organization().await;
    let ids = emu
        .create_accounts(
            &org,
            &[
                NewAccount::new("invited-keys"),
                NewAccount::new("created-clean"),
                NewAccount::new("moved-keys"),
            ],
        )
        .await;
    let [invited, clean, moved] = ids[..] else {
        unreachable!("three accounts")
    };
    let rootctl = emu.enabled_rootctl().await;
    let seeded = emu
        .seed_root_credentials(
            invited,
            Seed {
                access_keys: 2,
                certificates: 1,
                ..Seed::default()
            },
        )
        .await;
    emu.seed_root_credentials(clean, Seed::default()).await;
    emu.seed_root_credentials(
        moved,
        Seed {
            access_keys: 1,
            ..Seed::default()
        },
    )
    .await;
    // The moved account is left to the event below.
    let policy = EnforcementPolicy {
        selection: Selection::all().exclude_account(moved),
        ..EnforcementPolicy::default()
    };
    let check = EnforceOptions {
        dry_run: true,
        ..EnforceOptions::default()
    };

    let before = rootctl
        .enforce(&policy, check.clone())
        .await
        .expect("check");
    println!("{before}");
    assert_eq!(before.exit_code(), 1);
    let entry = before.account(&invited).expect("targeted");
    assert_eq!(entry.status, EnforcementStatus::NonCompliant);
    assert_eq!(entry.remaining.len(), 3);
    let mut ids: Vec<_> = entry
        .remaining
        .iter()
        .filter_map(|i| i.id.clone())
        .collect();
    ids.sort();
    let mut expected = [seeded.access_keys.clone(), seeded.certificates.clone()].concat();
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(
        before.account(&clean).expect("targeted").status,
        EnforcementStatus::Compliant
    );

    let run = rootctl
        .enforce(&policy, EnforceOptions::default())
        .await
        .expect("enforce");
    println!("{run}");
    assert!(run.compliant(), "{run}");
    assert_eq!(
        run.account(&invited).expect("targeted").status,
        EnforcementStatus::Remediated
    );
    assert_eq!(run.summary.removed, 3);
    assert_eq!(
        run.account(&invited).expect("targeted").after.as_deref(),
        Some(&[][..])
    );

    let again = rootctl
        .enforce(&policy, EnforceOptions::default())
        .await
        .expect("again");
    assert!(again.plan_id.is_none(), "nothing left to apply");
    assert_eq!(again.summary.removed, 0);
    assert_eq!(
        rootctl
            .enforce(&policy, check)
            .await
            .expect("check")
            .exit_code(),
        0
    );

    // A MoveAccount event for the excluded account: out of scope, untouched. The same
    // event under a policy that selects it enforces that account alone.
    let event = serde_json::json!({
        "version": "0", "id": "emulator-move", "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.organizations", "region": "us-east-1",
        "detail": {"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
                   "requestParameters": {"accountId": moved.to_string()}}
    });
    let skipped = rootctl
        .handle_event(&event, &policy, EnforceOptions::default())
        .await
        .expect("event")
        .expect("acted on");
    assert!(skipped.accounts.is_empty() && skipped.skipped.len() == 1);
    let report = rootctl
        .handle_event(
            &event,
            &EnforcementPolicy::default(),
            EnforceOptions::default(),
        )
        .await
        .expect("event")
        .expect("acted on");
    assert_eq!(report.accounts.len(), 1);
    assert_eq!(report.accounts[0].account_id, moved);
    assert_eq!(
        report.accounts[0].status,
        EnforcementStatus::Remediated,
        "{report}"
    );
}
