//! The adaptive engine on a simulated service: it learns AssumeRoot's limit, shrugs off
//! random throttling, and a fixed concurrency stays fixed. These assert behaviour (what
//! was learnt, that nothing failed); how fast it is lives in `benches/audit.rs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rootctl::sim::SimulatedOrg;
use rootctl::{Concurrency, Options, ProgressEvent, ProgressFn, ProgressKind, Rootctl, Selection};

fn recording() -> (ProgressFn, Arc<Mutex<Vec<ProgressEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let progress: ProgressFn = Arc::new(move |event: &ProgressEvent| {
        sink.lock().unwrap().push(event.clone());
    });
    (progress, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pace_learns_assume_roots_limit_and_no_account_fails() {
    let org = SimulatedOrg::builder()
        .members(300)
        .seed(8)
        .latency(Duration::from_millis(5), Duration::ZERO)
        .assume_root_rate_limit(100.0, 10)
        .build();
    let rc = Rootctl::simulated(org.clone());
    assert_eq!(rc.assume_root_pace(), None, "unpaced until AWS throttles");
    let (progress, events) = recording();
    let report = rc.audit(&Selection::all(), Some(progress)).await.unwrap();

    assert_eq!(report.summary.failed, 0, "{report}");
    assert!(org.stats().throttled > 0, "the limit had to be found");
    let pace = rc.assume_root_pace().expect("paced after throttling");
    assert!(
        (40.0..=200.0).contains(&pace),
        "learnt {pace}/s for a 100/s limit"
    );
    let events = events.lock().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == ProgressKind::LimitChanged
                && e.detail.starts_with("assume_root_rate "))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_throttling_fails_no_account_and_does_not_collapse_the_limit() {
    let org = SimulatedOrg::builder()
        .members(300)
        .seed(9)
        .latency(Duration::from_millis(2), Duration::ZERO)
        .throttle_rate(0.05)
        .build();
    let rc = Rootctl::simulated(org.clone());
    let report = rc.audit(&Selection::all(), None).await.unwrap();
    assert_eq!(report.summary.failed, 0, "{report}");
    assert!(org.stats().throttled > 50, "{:?}", org.stats());
    assert!(
        rc.concurrency_limit() >= 16,
        "5% of calls throttled at random is not congestion: {}",
        rc.concurrency_limit()
    );
}

#[tokio::test]
async fn a_fixed_concurrency_never_moves() {
    let org = SimulatedOrg::builder().members(40).seed(10).build();
    let rc = Rootctl::simulated(org)
        .with_options(Options {
            concurrency: Concurrency::Fixed(4),
            ..Options::default()
        })
        .unwrap();
    let (progress, events) = recording();
    rc.audit(&Selection::all(), Some(progress)).await.unwrap();
    let events = events.lock().unwrap();
    assert!(events.iter().all(|e| e.kind != ProgressKind::LimitChanged));
    let started: Vec<_> = events
        .iter()
        .filter(|e| e.kind == ProgressKind::AccountStarted)
        .map(|e| e.concurrency)
        .collect();
    assert_eq!(started.len(), 40);
    assert!(started.iter().all(|c| *c == Some(4)), "{started:?}");
    assert_eq!(rc.concurrency_limit(), 4);
}
