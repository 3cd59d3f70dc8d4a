//! Audit throughput on the simulator, rootctl against the strategies scripts use today.
//!
//! ```text
//! cargo bench -p rootctl-core --bench audit
//! ```
//!
//! 1. 1,000 accounts, 20 ms per call, AssumeRoot limited by the service to 200 calls/s:
//!    rootctl's defaults (16 accounts at a time, AssumeRoot paced at 200/s), rootctl
//!    with 64 at a time, a sequential strategy (one account at a time, what most scripts
//!    do), and an unbounded one (a task per account, no client-side pacing, three
//!    attempts per call, what the most complete existing CLI does). Ideal is
//!    `max(N / rate, calls per account x latency x N / concurrency)`.
//! 2. CPU time and peak memory with zero latency, 1,000 to 10,000 accounts.
//!
//! Set `ROOTCTL_BENCH_QUICK=1` to run part 1 on 200 accounts (the sequential run alone
//! takes over two minutes at 1,000).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rootctl::sim::SimulatedOrg;
use rootctl::{Options, ProgressEvent, ProgressFn, ProgressKind, RetryPolicy, Rootctl, Selection};
use support::{cpu_seconds, mb, reset_peak, status_kb};

const LATENCY: Duration = Duration::from_millis(20);
const SERVICE_RATE: f64 = 200.0;

struct Strategy {
    name: &'static str,
    options: fn(accounts: usize) -> Options,
}

const STRATEGIES: [Strategy; 4] = [
    Strategy {
        name: "rootctl defaults",
        options: |_| Options {
            assume_root_rate: Some(SERVICE_RATE),
            ..Options::default()
        },
    },
    Strategy {
        name: "rootctl, 64 at a time",
        options: |_| Options {
            concurrency: 64,
            assume_root_rate: Some(SERVICE_RATE),
            ..Options::default()
        },
    },
    Strategy {
        name: "sequential",
        options: |_| Options {
            concurrency: 1,
            ..Options::default()
        },
    },
    Strategy {
        name: "unbounded",
        options: |accounts| Options {
            concurrency: accounts,
            retry: RetryPolicy {
                max_attempts: 3,
                ..RetryPolicy::default()
            },
            ..Options::default()
        },
    },
];

fn counting_retries() -> (ProgressFn, Arc<AtomicUsize>) {
    let retries = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&retries);
    let progress: ProgressFn = Arc::new(move |event: &ProgressEvent| {
        if event.kind == ProgressKind::Retried {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    (progress, retries)
}

async fn strategy_run(strategy: &Strategy, accounts: usize) -> Result<(), rootctl::Error> {
    let org = SimulatedOrg::builder()
        .members(accounts)
        .seed(42)
        .latency(LATENCY, Duration::ZERO)
        .assume_root_rate_limit(SERVICE_RATE, (SERVICE_RATE / 10.0) as u32)
        .build();
    let options = (strategy.options)(accounts);
    let concurrency = options.concurrency;
    let rc = Rootctl::simulated(org.clone()).with_options(options)?;
    let (progress, retries) = counting_retries();

    let started = Instant::now();
    let report = rc.audit(&Selection::all(), Some(progress)).await?;
    let wall = started.elapsed().as_secs_f64();

    // Root-session calls (AssumeRoot and IAM); the organization walk is not in the ideal.
    let root_calls = org
        .calls()
        .iter()
        .filter(|c| c.task_policy.is_some())
        .count() as f64;
    let n = report.summary.targeted as f64;
    let per_account = root_calls / n;
    let ideal =
        (n / SERVICE_RATE).max(per_account * LATENCY.as_secs_f64() * n / concurrency as f64);
    println!(
        "| {:<22} | {:>11} | {:>8} | {:>9.1} | {:>8.2} | {:>9.2} | {:>5.2} | {:>7} | {:>9} | {:>6} |",
        strategy.name,
        concurrency,
        report.summary.targeted,
        per_account,
        wall,
        ideal,
        wall / ideal,
        retries.load(Ordering::Relaxed),
        org.stats().throttled,
        report.summary.failed,
    );
    Ok(())
}

async fn cpu_run(accounts: usize) -> Result<(), rootctl::Error> {
    reset_peak();
    let before_kb = status_kb("VmHWM");
    let org = SimulatedOrg::builder().members(accounts).seed(42).build();
    let rc = Rootctl::simulated(org);
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let report = rc.audit(&Selection::all(), None).await?;
    let wall = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let peak = status_kb("VmHWM")
        .zip(before_kb)
        .map(|(after, before)| after.saturating_sub(before));
    let n = report.summary.targeted as f64;
    println!(
        "| {:>8} | {:>8.3} | {:>12} | {:>14} | {:>15} | {:>6} |",
        report.summary.targeted,
        wall.as_secs_f64(),
        cpu.map_or("n/a".into(), |c| format!("{c:.2}")),
        cpu.map_or("n/a".into(), |c| format!("{:.1}", c / n * 1e6)),
        peak.map_or("n/a".into(), mb),
        report.summary.failed,
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), rootctl::Error> {
    let accounts = if std::env::var_os("ROOTCTL_BENCH_QUICK").is_some() {
        200
    } else {
        1_000
    };
    println!(
        "Audit of {accounts} simulated accounts, {} ms per call, AssumeRoot limited by the \
         service to {SERVICE_RATE}/s. Wall time includes the organization walk.\n",
        LATENCY.as_millis()
    );
    println!(
        "| strategy               | concurrency | accounts | calls/acct | wall (s) | ideal (s) | ratio | retries | throttles | failed |"
    );
    println!(
        "|------------------------|------------:|---------:|----------:|---------:|----------:|------:|--------:|----------:|-------:|"
    );
    for strategy in &STRATEGIES {
        strategy_run(strategy, accounts).await?;
    }

    println!(
        "\nCPU and memory with zero latency and no limits (process user+system time; peak RSS growth, simulator included):\n"
    );
    println!(
        "| accounts | wall (s) | CPU time (s) | CPU/account (us) | peak RSS growth | failed |"
    );
    println!("|---------:|---------:|-------------:|---------------:|----------------:|-------:|");
    for accounts in [1_000, 5_000, 10_000] {
        cpu_run(accounts).await?;
    }
    Ok(())
}
