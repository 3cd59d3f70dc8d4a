//! audit against the simulator, including faults: every account is accounted for.

use std::time::Duration;

use rootctl::sim::{ScpDeny, SimulatedOrg};
use rootctl::{Concurrency, ErrorKind, Options, RetryPolicy, Rootctl, Selection};

#[tokio::test]
async fn audit_matches_ground_truth() {
    let org = SimulatedOrg::builder()
        .members(30)
        .seed(5)
        .suspended(1)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(report.summary.targeted, 29);
    for audit in &report.accounts {
        let truth = org.root_credentials(&audit.account_id).unwrap();
        let mut found = audit.credentials.clone().unwrap();
        // The inventory adds last-use data the ground truth also holds.
        assert_eq!(found.password, truth.password, "{}", audit.account_id);
        assert_eq!(found.mfa_devices, truth.mfa_devices);
        assert_eq!(found.signing_certificates, truth.signing_certificates);
        for key in &mut found.access_keys {
            assert!(key.last_used.is_some(), "audits read last use");
        }
        assert_eq!(found.access_keys, truth.access_keys);
        assert!(audit.warnings.is_empty(), "{:?}", audit.warnings);
    }
    // One audit session per account, and nothing mutated.
    let calls = org.calls();
    let assumes = calls.iter().filter(|c| c.operation == "AssumeRoot").count();
    assert_eq!(assumes, 29);
    assert!(calls.iter().all(|c| !c.mutating));
    let summary = report.summary;
    assert_eq!(summary.audited + summary.failed, summary.targeted);
    assert!(summary.with_password > 0 && summary.access_keys > 0);
}

#[tokio::test]
async fn progress_reports_each_account_start_and_end() {
    use std::sync::{Arc, Mutex};
    let org = SimulatedOrg::builder().members(8).seed(1).build();
    let rc = Rootctl::simulated(org);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let report = rc
        .audit(
            &Selection::all(),
            Some(Arc::new(move |e: &rootctl::ProgressEvent| {
                sink.lock().unwrap().push(e.clone())
            })),
        )
        .await
        .unwrap();
    let events = events.lock().unwrap();
    let started = events
        .iter()
        .filter(|e| e.kind == rootctl::ProgressKind::AccountStarted)
        .count();
    let finished = events
        .iter()
        .filter(|e| e.kind == rootctl::ProgressKind::AccountFinished)
        .count();
    assert_eq!(started, report.summary.targeted);
    assert_eq!(finished, report.summary.targeted);
}

#[tokio::test]
async fn audit_under_faults_accounts_for_every_account() {
    let org = SimulatedOrg::builder()
        .members(200)
        .seed(99)
        .transient_failure_rate(0.10)
        .assume_root_rate_limit(400.0, 10)
        .iam_rate_limit(50.0, 2)
        .denied_members(3)
        .scp_deny(ScpDeny::AssumeRoot)
        .build();
    let options = Options {
        concurrency: Concurrency::Fixed(32),
        // Pace AssumeRoot under the service's limit, as one would against AWS.
        assume_root_rate: Some(300.0),
        // Enough attempts that 10% faults plus throttling cannot plausibly exhaust them
        // (full jitter makes a retry land before the bucket refills now and then).
        retry: RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(200),
        },
        ..Options::default()
    };
    let rc = Rootctl::simulated(org.clone())
        .with_options(options)
        .unwrap();
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    let summary = report.summary;
    assert_eq!(
        summary.targeted + summary.skipped,
        201,
        "every account appears once"
    );
    assert_eq!(summary.audited + summary.failed, summary.targeted);
    assert_eq!(
        summary.failed, 3,
        "only the SCP-denied accounts fail: {report}"
    );
    for failed in report.accounts.iter().filter(|a| !a.ok()) {
        let err = failed.error.as_ref().unwrap();
        assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
        assert_eq!(err.account_id(), Some(failed.account_id));
    }
    let stats = org.stats();
    assert!(stats.failed > 0, "faults were injected: {stats:?}");
    assert!(stats.throttled > 0, "throttling happened: {stats:?}");
}

#[tokio::test]
async fn sessions_that_expire_mid_account_are_assumed_again() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let org = SimulatedOrg::builder()
        .members(8)
        .seed(3)
        .latency(Duration::from_millis(2), Duration::ZERO)
        .build();
    // When the first account finishes, every session still in use expires: the others
    // are mid-audit and must assume again and carry on.
    let clock = org.clone();
    let advanced = Arc::new(AtomicBool::new(false));
    let progress: rootctl::ProgressFn = Arc::new(move |event: &rootctl::ProgressEvent| {
        if event.kind == rootctl::ProgressKind::AccountFinished
            && !advanced.swap(true, Ordering::SeqCst)
        {
            clock.advance_clock(Duration::from_secs(3600));
        }
    });
    let report = Rootctl::simulated(org.clone())
        .audit(&Selection::all(), Some(progress))
        .await
        .unwrap();
    assert!(report.ok(), "{report}");
    let calls = org.calls();
    let assumes = calls.iter().filter(|c| c.operation == "AssumeRoot").count();
    assert!(
        calls.iter().any(|c| c.outcome == "ExpiredToken"),
        "sessions expired"
    );
    assert!(
        assumes > report.summary.targeted,
        "and were assumed again: {assumes}"
    );
}

#[tokio::test]
async fn one_accounts_credentials_are_its_audit_alone() {
    let org = SimulatedOrg::builder()
        .members(6)
        .seed(8)
        .suspended(1)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let holder = org
        .members()
        .into_iter()
        .map(|m| m.account.id)
        .find(|id| !org.root_credentials(id).unwrap().is_empty())
        .expect("the seed gives some member credentials");

    let audit = rc.account_credentials(holder).await.unwrap();
    assert_eq!(audit.account_id, holder);
    assert!(audit.warnings.is_empty(), "{:?}", audit.warnings);
    let found = audit.credentials.unwrap();
    let truth = org.root_credentials(&holder).unwrap();
    assert_eq!(found.password, truth.password);
    assert_eq!(found.mfa_devices, truth.mfa_devices);
    assert_eq!(found.signing_certificates, truth.signing_certificates);
    let ids = |keys: &[rootctl::AccessKey]| keys.iter().map(|k| k.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&found.access_keys), ids(&truth.access_keys));
    let assumed: Vec<_> = org
        .calls()
        .into_iter()
        .filter(|c| c.operation == "AssumeRoot")
        .map(|c| c.account_id)
        .collect();
    assert_eq!(
        assumed,
        [Some(holder)],
        "one audit session, into that account only"
    );
}

#[tokio::test]
async fn one_accounts_credentials_refuse_a_non_target_before_any_session() {
    let org = SimulatedOrg::builder()
        .members(4)
        .seed(3)
        .suspended(1)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let suspended = org
        .members()
        .into_iter()
        .find(|m| m.account.state != rootctl::AccountState::Active)
        .unwrap()
        .account
        .id;
    let outsider: rootctl::AccountId = "999999999999".parse().unwrap();
    for id in [org.management_account_id(), suspended, outsider] {
        let err = rc.account_credentials(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id}: {err}");
    }
    // The refusal says why the named account is no target.
    let err = rc.account_credentials(suspended).await.unwrap_err();
    let why = format!("{suspended}: not ACTIVE (SUSPENDED)");
    assert!(err.to_string().contains(&why), "{err}");
    assert!(org.calls().iter().all(|c| c.operation != "AssumeRoot"));
}

#[tokio::test]
async fn one_accounts_failed_audit_is_its_error() {
    let org = SimulatedOrg::builder().members(3).seed(4).build();
    let rc = Rootctl::simulated(org.clone());
    let member = org.members()[1].account.id;
    org.deny_root_sessions(&member, ScpDeny::AssumeRoot)
        .unwrap();
    let err = rc.account_credentials(member).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
    assert_eq!(err.account_id(), Some(member));
}
