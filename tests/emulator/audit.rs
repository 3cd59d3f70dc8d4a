//! `audit` across member accounts: one audit-only AssumeRoot per account, then the
//! credential lists through the real IAM adapter. The emulator answers those lists from
//! the account's stand-in IAM user (gap 2 in `main.rs`), which setup seeds.

use rootctl::{
    CredentialStatus, Deletion, ErrorKind, MfaKind, RootIam, Selection, SessionDuration,
    SkipReason, StsApi, TaskPolicy,
};

use crate::support::{Emulator, NewAccount, Seed};

#[tokio::test]
#[ignore = "needs the fakecloud emulator: run through scripts/emulator with --include-ignored"]
async fn audit_inventories_every_member_and_isolates_failures() {
    let emu = Emulator::start("audit_inventories_every_member_and_isolates_failures").await;
    let org = emu.create_organization().await;
    let workloads = emu.create_ou(&org.root, "Workloads").await;
    let ids = emu
        .create_accounts(
            &org,
            &[
                NewAccount::new("keys-cert-mfa").under(&workloads),
                NewAccount::new("two-keys").under(&workloads),
                NewAccount::new("clean").under(&workloads),
                NewAccount::new("no-stand-in").under(&workloads),
                NewAccount::new("excluded"),
            ],
        )
        .await;
    let [full, two_keys, clean, no_stand_in, excluded] = ids[..] else {
        unreachable!("five accounts")
    };
    let rootctl = emu.enabled_rootctl().await;

    let full_seed = emu
        .seed_root_credentials(
            full,
            Seed {
                access_keys: 1,
                certificates: 1,
                mfa: true,
                ..Seed::default()
            },
        )
        .await;
    let two_seed = emu
        .seed_root_credentials(
            two_keys,
            Seed {
                access_keys: 2,
                inactive_keys: 1,
                ..Seed::default()
            },
        )
        .await;
    emu.seed_root_credentials(clean, Seed::default()).await;

    let report = rootctl
        .audit(&Selection::all().exclude_account(excluded), None)
        .await
        .expect("audit");
    println!("{report}");

    assert_eq!(report.organization_id, org.id);
    assert_eq!(report.summary.targeted, 4);
    assert_eq!(report.summary.audited, 3);
    assert_eq!(report.summary.failed, 1);
    assert_eq!(report.summary.skipped, 2);
    assert_eq!(report.summary.clean, 1);
    assert_eq!(report.summary.with_password, 0);
    assert_eq!(report.summary.access_keys, 3);
    assert_eq!(report.summary.with_access_keys, 2);
    assert_eq!(report.summary.signing_certificates, 1);
    assert_eq!(report.summary.mfa_devices, 1);
    assert!(!report.ok());
    let reasons: Vec<_> = report
        .skipped
        .iter()
        .map(|s| (s.account_id, &s.reason))
        .collect();
    assert!(reasons.contains(&(org.management, &SkipReason::ManagementAccount)));
    assert!(reasons.contains(&(excluded, &SkipReason::ExcludedAccount)));

    let audit = report.account(&full).expect("audited");
    assert!(audit.ok(), "{:?}", audit.error);
    assert_eq!(audit.ou_path, "Root/Workloads");
    let creds = audit.credentials.as_ref().expect("an inventory");
    // Gap 2: GetLoginProfile without UserName is always NoSuchEntity: "no password".
    assert!(creds.password.is_none());
    assert_eq!(creds.access_keys.len(), 1);
    let key = &creds.access_keys[0];
    assert_eq!(key.id, full_seed.access_keys[0]);
    assert_eq!(key.status, CredentialStatus::Active);
    assert!(key.created.is_some());
    let last_used = key.last_used.as_ref().expect("last use read");
    assert_eq!(last_used.date, None, "never used");
    assert_eq!(last_used.service, None, "N/A means none");
    assert_eq!(creds.signing_certificates.len(), 1);
    assert_eq!(creds.signing_certificates[0].id, full_seed.certificates[0]);
    assert_eq!(
        creds.signing_certificates[0].status,
        CredentialStatus::Active
    );
    assert_eq!(creds.mfa_devices.len(), 1);
    assert_eq!(
        Some(&creds.mfa_devices[0].serial),
        full_seed.mfa_serial.as_ref()
    );
    assert_eq!(creds.mfa_devices[0].kind, MfaKind::Virtual);
    // Gap 4: GetAccountSummary's root counters are always 0, so the cross-check flags
    // every credential the lists found.
    let summary = audit.account_summary.expect("a summary");
    assert_eq!(summary.access_keys_present, 0);
    assert!(!audit.warnings.is_empty());
    assert!(
        audit
            .warnings
            .iter()
            .all(|w| w.starts_with("GetAccountSummary reports")),
        "{:?}",
        audit.warnings
    );

    // One account's audit over HTTP: the same inventory and the same cross-check
    // warnings as the organization's audit; the management account and a failed audit
    // are errors.
    let one = rootctl
        .account_credentials(full)
        .await
        .expect("one account");
    let full_audit = report.account(&full).expect("audited");
    assert_eq!(
        one.credentials.as_ref().map(|c| c.access_keys.len()),
        Some(1)
    );
    assert_eq!(one.warnings, full_audit.warnings);
    let err = rootctl
        .account_credentials(org.management)
        .await
        .expect_err("the management account");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let failed = report.account(&no_stand_in).and_then(|a| a.error.as_ref());
    let err = rootctl
        .account_credentials(no_stand_in)
        .await
        .expect_err("its audit fails");
    assert_eq!(Some(err.kind()), failed.map(|e| e.kind()), "{err}");

    let audit = report.account(&two_keys).expect("audited");
    let creds = audit.credentials.as_ref().expect("an inventory");
    let mut statuses: Vec<(String, CredentialStatus)> = creds
        .access_keys
        .iter()
        .map(|k| (k.id.clone(), k.status.clone()))
        .collect();
    statuses.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        (two_seed.access_keys[0].clone(), CredentialStatus::Inactive),
        (two_seed.access_keys[1].clone(), CredentialStatus::Active),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(statuses, expected);
    assert!(creds.signing_certificates.is_empty());
    assert!(creds.mfa_devices.is_empty());

    let audit = report.account(&clean).expect("audited");
    let creds = audit.credentials.as_ref().expect("an inventory");
    assert!(creds.is_empty(), "{creds:?}");
    assert!(audit.warnings.is_empty(), "{:?}", audit.warnings);

    // Gap 2: with no IAM user to stand in, the emulator answers ListAccessKeys with
    // NoSuchEntity. The account fails alone; the others were audited.
    let audit = report.account(&no_stand_in).expect("targeted");
    let err = audit.error.as_ref().expect("failed");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.account_id(), Some(no_stand_in));
    assert_eq!(
        err.context().map(|c| c.operation.as_ref()),
        Some("ListAccessKeys")
    );
    assert!(audit.credentials.is_none());

    // What the emulator cannot show: removal. In an audit-only session (gap 5: the task
    // policy is not enforced) deactivating the MFA device answers NoSuchEntity, which
    // rootctl rightly reads as "already absent", yet the device stays (gap 2).
    let clients = emu.clients().await;
    let session = clients
        .sts
        .assume_root(
            &full,
            TaskPolicy::IamAuditRootUserCredentials,
            SessionDuration::from_secs(300).expect("a duration"),
        )
        .await
        .expect("a session");
    let serial = full_seed.mfa_serial.as_deref().expect("a serial");
    let deactivated = clients
        .iam
        .deactivate_mfa_device(&session, serial)
        .await
        .expect("deactivate");
    assert_eq!(deactivated, Deletion::AlreadyAbsent);
    let devices = clients.iam.list_mfa_devices(&session).await.expect("list");
    assert_eq!(devices.len(), 1, "still there: {devices:?}");
}
