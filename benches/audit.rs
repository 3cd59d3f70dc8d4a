//! Audit throughput on the simulator: how close rootctl comes to the ideal wall time when
//! every call costs 20 ms and AssumeRoot is limited to 200 calls per second, and how much
//! CPU one account costs when calls are free.
//!
//! Run with `cargo bench -p rootctl-core --bench audit`. Figures go to stdout as a table.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rootctl::sim::SimulatedOrg;
use rootctl::{Options, Rootctl, Selection};

const ACCOUNTS: usize = 1_000;
const LATENCY: Duration = Duration::from_millis(20);
const ASSUME_ROOT_RATE: f64 = 200.0;

/// Process CPU time (user + system) from /proc, in seconds; `None` off Linux.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesized command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

async fn latency_run(concurrency: usize) -> Result<(), rootctl::Error> {
    let org = SimulatedOrg::builder()
        .members(ACCOUNTS)
        .seed(42)
        .latency(LATENCY, Duration::ZERO)
        .assume_root_rate_limit(ASSUME_ROOT_RATE, (ASSUME_ROOT_RATE / 10.0) as u32)
        .build();
    let rc = Rootctl::simulated(org.clone()).with_options(Options {
        concurrency,
        assume_root_rate: Some(ASSUME_ROOT_RATE),
        ..Options::default()
    })?;
    let selection_started = Instant::now();
    let selected = rc.select_accounts(&Selection::all()).await?;
    let selection = selection_started.elapsed();
    org.clear_calls();

    let retried = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&retried);
    let progress: rootctl::ProgressFn = Arc::new(move |event: &rootctl::ProgressEvent| {
        if event.kind == rootctl::ProgressKind::Retried {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    let started = Instant::now();
    let report = rc.audit(&Selection::all(), Some(progress)).await?;
    let wall = started.elapsed();

    let calls = org.calls();
    let root_calls = calls.iter().filter(|c| c.task_policy.is_some()).count() as f64;
    let per_account = root_calls / selected.targets.len() as f64;
    let n = selected.targets.len() as f64;
    let ideal =
        (n / ASSUME_ROOT_RATE).max(per_account * LATENCY.as_secs_f64() * n / concurrency as f64);
    let audit_only = wall.saturating_sub(selection).as_secs_f64();
    let stats = org.stats();
    let retries = retried.load(Ordering::Relaxed);
    println!(
        "| {concurrency:>11} | {:>8} | {:>9.1} | {:>9.2} | {:>9.2} | {:>9.2} | {:>6.2} | {:>7} | {:>9} | {:>6} |",
        selected.targets.len(),
        per_account,
        selection.as_secs_f64(),
        audit_only,
        ideal,
        audit_only / ideal,
        retries,
        stats.throttled,
        report.summary.failed,
    );
    Ok(())
}

async fn cpu_run(accounts: usize) -> Result<(), rootctl::Error> {
    let org = SimulatedOrg::builder().members(accounts).seed(42).build();
    let rc = Rootctl::simulated(org);
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let report = rc.audit(&Selection::all(), None).await?;
    let wall = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let n = report.summary.targeted as f64;
    println!(
        "| {:>8} | {:>8.3} | {:>12} | {:>18} | {:>6} |",
        report.summary.targeted,
        wall.as_secs_f64(),
        cpu.map_or("n/a".into(), |c| format!("{c:.3}")),
        cpu.map_or("n/a".into(), |c| format!("{:.1}", c / n * 1e6)),
        report.summary.failed,
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), rootctl::Error> {
    println!(
        "Audit of {ACCOUNTS} simulated accounts, {} ms per call, AssumeRoot limited to {ASSUME_ROOT_RATE}/s \
         (service and client). Ideal = max(N / rate, calls per account x latency x N / concurrency); \
         the audit column excludes the organization walk, shown apart.\n",
        LATENCY.as_millis()
    );
    println!(
        "| concurrency | accounts | calls/acct | walk (s) | audit (s) | ideal (s) | ratio | retries | throttles | failed |"
    );
    println!(
        "|------------:|---------:|----------:|---------:|----------:|----------:|------:|--------:|----------:|-------:|"
    );
    for concurrency in [16, 64] {
        latency_run(concurrency).await?;
    }
    println!("\nCPU per account with zero latency and no limits (process user+system time):\n");
    println!("| accounts | wall (s) | CPU time (s) | CPU per account (us) | failed |");
    println!("|---------:|---------:|-------------:|---------------------:|-------:|");
    for accounts in [1_000, 10_000] {
        cpu_run(accounts).await?;
    }
    Ok(())
}
