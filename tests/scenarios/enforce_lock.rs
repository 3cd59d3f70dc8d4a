//! Overlapping enforce runs: with a journal directory, a run that may change something
//! holds `enforce.lock` there from before its audit to after its verification, so a
//! scheduled run and an event-driven one never work on the same organization at once.
//! A dry run takes no lock.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use rootctl::{EnforceOptions, EnforcementPolicy, Error, ProgressFn, Rootctl};

use super::staged::{Staged, enforce_options, hold_enforce_lock, policy, staged_client};

/// A fresh directory for one test's journals and lock.
fn journal_dir(test: &str) -> PathBuf {
    super::fresh_temp_path(&format!("lock-{test}"))
}

fn locked_policy(s: &Staged, dir: &Path) -> EnforcementPolicy {
    let mut policy = policy(s);
    policy.journal = Some(dir.to_owned());
    policy
}

/// The refusal names the lock file and says why.
fn assert_locked_out(err: &Error, dir: &Path) {
    let Error::Journal { path, message } = err else {
        panic!("expected a journal error, got {err:?}");
    };
    assert_eq!(Path::new(path), dir.join("enforce.lock"), "{err}");
    assert!(message.contains("another enforce run holds it"), "{err}");
}

/// A run and an event's run are both refused by the lock in `dir`.
async fn assert_runs_locked_out(s: &Staged, rc: &Rootctl, policy: &EnforcementPolicy, dir: &Path) {
    let err = rc
        .enforce(policy, EnforceOptions::default())
        .await
        .unwrap_err();
    assert_locked_out(&err, dir);
    let err = rc
        .handle_event(&move_event(s), policy, EnforceOptions::default())
        .await
        .unwrap_err();
    assert_locked_out(&err, dir);
}

fn move_event(s: &Staged) -> serde_json::Value {
    serde_json::json!({
        "version": "0", "id": "e-lock", "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.organizations", "region": "us-east-1",
        "detail": {"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
                   "requestParameters": {"accountId": s.moved.to_string()}}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_overlapping_the_first_is_refused_and_the_first_completes() {
    let (s, rc) = staged_client();
    let dir = journal_dir("overlap");
    let policy = locked_policy(&s, &dir);

    // The first run stops inside its audit (its first progress event) until told to go
    // on; the second run is made while it waits there.
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let started_tx = Mutex::new(Some(started_tx));
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let go_rx = Mutex::new(go_rx);
    let progress: ProgressFn = Arc::new(move |_| {
        // Taken out first: the guard must not be held while this worker waits.
        let first_event = started_tx.lock().unwrap().take();
        if let Some(tx) = first_event {
            tx.send(()).unwrap();
            // A bound, not a wait: the second run finishes long before (a failure to
            // release here would otherwise hang the suite).
            let _ = go_rx.lock().unwrap().recv_timeout(Duration::from_secs(30));
        }
    });
    let first = tokio::spawn({
        let (rc, policy) = (rc.clone(), policy.clone());
        async move {
            let options = EnforceOptions {
                dry_run: false,
                progress: Some(progress),
            };
            rc.enforce(&policy, options).await
        }
    });
    started_rx.await.expect("the first run reached its audit");

    let credentials_before = s.org.root_credentials(&s.invited);
    assert_runs_locked_out(&s, &rc, &policy, &dir).await;
    assert_eq!(s.org.root_credentials(&s.invited), credentials_before);
    // A check changes nothing, so it does not wait for the lock.
    let check = rc
        .enforce(&policy, enforce_options(true))
        .await
        .expect("a dry run");
    assert_eq!(check.exit_code(), 1);

    go_tx.send(()).unwrap();
    let first = first.await.unwrap().expect("the first run completes");
    assert!(first.compliant(), "{first}");
    assert!(first.summary.removed > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("enforce.lock"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the lock file is the owner's alone");
    }

    // Released when the first run ended: the next one runs (and has nothing to do).
    let again = rc
        .enforce(&policy, EnforceOptions::default())
        .await
        .expect("the lock was released");
    assert!(again.plan_id.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_run_is_refused_while_another_process_holds_the_lock() {
    let (s, rc) = staged_client();
    let dir = journal_dir("held");
    let policy = locked_policy(&s, &dir);
    let held = hold_enforce_lock(&dir);

    s.org.clear_calls();
    assert_runs_locked_out(&s, &rc, &policy, &dir).await;
    assert!(
        s.org.calls().iter().all(|c| c.operation != "AssumeRoot"),
        "refused before any root session"
    );
    assert!(
        rc.enforce(&policy, enforce_options(true)).await.is_ok(),
        "dry runs do not lock"
    );

    drop(held);
    let report = rc
        .enforce(&policy, EnforceOptions::default())
        .await
        .expect("free again");
    assert!(report.compliant(), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
