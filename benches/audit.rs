//! Audit throughput on the simulator, rootctl against the strategies scripts use today.
//!
//! ```text
//! cargo bench -p rootctl-workspace --bench audit
//! ```
//!
//! 1. 1,000 accounts, 20 ms per call, AssumeRoot limited by the service to 200 calls/s:
//!    rootctl's defaults (adaptive concurrency and AssumeRoot pace, no tuning), rootctl
//!    tuned by hand (16 or 64 at a time, AssumeRoot paced at 200/s), a sequential strategy
//!    (one account at a time, what most scripts do), and an unbounded one (a task per
//!    account, no client-side pacing, three attempts per call, what the most complete
//!    existing CLI does). Then the defaults again at 50 ms per call and 100/s, and at
//!    20 ms and 200/s with 5% of all calls throttled at random. The floor is what
//!    AssumeRoot's limit allows: `accounts / rate`.
//! 2. CPU time and peak memory with zero latency, 1,000 to 10,000 accounts.
//!
//! Set `ROOTCTL_BENCH_QUICK=1` to run part 1 on 200 accounts (the sequential run alone
//! takes over two minutes at 1,000), and `ROOTCTL_BENCH_ONLY=defaults` to run only the
//! strategies whose name contains that text (and skip part 2).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rootctl::sim::SimulatedOrg;
use rootctl::{
    Concurrency, Options, ProgressEvent, ProgressFn, ProgressKind, RetryPolicy, Rootctl, Selection,
};
use support::{cpu_seconds, mb, reset_peak, status_kb};

/// The service a run meets.
#[derive(Clone, Copy)]
struct Service {
    latency: Duration,
    assume_root_rate: f64,
    throttle_rate: f64,
}

const BASE: Service = Service {
    latency: Duration::from_millis(20),
    assume_root_rate: 200.0,
    throttle_rate: 0.0,
};
const SLOW: Service = Service {
    latency: Duration::from_millis(50),
    assume_root_rate: 100.0,
    throttle_rate: 0.0,
};
const THROTTLING: Service = Service {
    throttle_rate: 0.05,
    ..BASE
};

struct Strategy {
    name: &'static str,
    service: Service,
    options: fn(accounts: usize) -> Options,
}

fn defaults(_: usize) -> Options {
    Options::default()
}

const STRATEGIES: [Strategy; 7] = [
    Strategy {
        name: "rootctl defaults",
        service: BASE,
        options: defaults,
    },
    Strategy {
        name: "rootctl, 16, paced",
        service: BASE,
        options: |_| Options {
            concurrency: Concurrency::Fixed(16),
            assume_root_rate: Some(BASE.assume_root_rate),
            ..Options::default()
        },
    },
    Strategy {
        name: "rootctl, 64, paced",
        service: BASE,
        options: |_| Options {
            concurrency: Concurrency::Fixed(64),
            assume_root_rate: Some(BASE.assume_root_rate),
            ..Options::default()
        },
    },
    Strategy {
        name: "sequential",
        service: BASE,
        options: |_| Options {
            concurrency: Concurrency::Fixed(1),
            ..Options::default()
        },
    },
    Strategy {
        name: "unbounded",
        service: BASE,
        options: |accounts| Options {
            concurrency: Concurrency::Fixed(accounts),
            // No client-side pacing: a pace too high to hold anything back.
            assume_root_rate: Some(1e9),
            retry: RetryPolicy {
                max_attempts: 3,
                ..RetryPolicy::default()
            },
            ..Options::default()
        },
    },
    Strategy {
        name: "rootctl defaults",
        service: SLOW,
        options: defaults,
    },
    Strategy {
        name: "rootctl defaults",
        service: THROTTLING,
        options: defaults,
    },
];

/// Counts retries and remembers the highest concurrency limit the events carried.
fn counting() -> (ProgressFn, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let retries = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (counter, highest) = (Arc::clone(&retries), Arc::clone(&peak));
    let progress: ProgressFn = Arc::new(move |event: &ProgressEvent| {
        if event.kind == ProgressKind::Retried {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(limit) = event.concurrency {
            highest.fetch_max(limit, Ordering::Relaxed);
        }
    });
    (progress, retries, peak)
}

/// One run: its wall time in seconds, and a table row.
async fn strategy_run(strategy: &Strategy, accounts: usize) -> Result<f64, rootctl::Error> {
    let service = strategy.service;
    let org = SimulatedOrg::builder()
        .members(accounts)
        .seed(42)
        .latency(service.latency, Duration::ZERO)
        .assume_root_rate_limit(
            service.assume_root_rate,
            (service.assume_root_rate / 10.0) as u32,
        )
        .throttle_rate(service.throttle_rate)
        .build();
    let rc = Rootctl::simulated(org.clone()).with_options((strategy.options)(accounts))?;
    let (progress, retries, peak) = counting();

    let started = Instant::now();
    let report = rc.audit(&Selection::all(), Some(progress)).await?;
    let wall = started.elapsed().as_secs_f64();

    // Root-session calls (AssumeRoot and IAM) per account.
    let root_calls = org
        .calls()
        .iter()
        .filter(|c| c.task_policy.is_some())
        .count() as f64;
    let n = report.summary.targeted as f64;
    let floor = n / service.assume_root_rate;
    let concurrency = match rc.options().concurrency {
        Concurrency::Fixed(n) => n.to_string(),
        Concurrency::Adaptive { .. } => format!(
            "adaptive, {} (end {})",
            peak.load(Ordering::Relaxed),
            rc.concurrency_limit()
        ),
    };
    println!(
        "| {:>5} ms, {:>3}/s, {:>2.0}% throttled | {:<18} | {:>22} | {:>8} | {:>5.1} | {:>8.2} | {:>9.2} | {:>5.2} | {:>7} | {:>9} | {:>6} |",
        service.latency.as_millis(),
        service.assume_root_rate,
        service.throttle_rate * 100.0,
        strategy.name,
        concurrency,
        report.summary.targeted,
        root_calls / n,
        wall,
        floor,
        wall / floor,
        retries.load(Ordering::Relaxed),
        org.stats().throttled,
        report.summary.failed,
    );
    Ok(wall)
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
        "Audit of {accounts} simulated accounts. The floor is accounts / the service's \
         AssumeRoot limit; wall time includes the organization walk. Concurrency: fixed, or \
         adaptive with the highest limit reached (and the limit at the end).\n"
    );
    println!(
        "| service                     | strategy           | concurrency            | accounts | calls/acct | wall (s) | floor (s) | ratio | retries | throttles | failed |"
    );
    println!(
        "|-----------------------------|--------------------|-----------------------:|---------:|------:|---------:|----------:|------:|--------:|----------:|-------:|"
    );
    let only = std::env::var("ROOTCTL_BENCH_ONLY").ok();
    let mut walls = Vec::new();
    for strategy in &STRATEGIES {
        if only
            .as_deref()
            .is_some_and(|only| !strategy.name.contains(only))
        {
            walls.push(None);
            continue;
        }
        walls.push(Some(strategy_run(strategy, accounts).await?));
    }
    if let (Some(defaults), Some(sequential)) = (walls[0], walls[3]) {
        println!(
            "\nrootctl defaults are {:.1}x faster than the sequential strategy.",
            sequential / defaults
        );
    }
    if only.is_some() {
        return Ok(());
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
