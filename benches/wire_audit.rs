//! The Rust side of the wire benchmark (`benches/wire.py` runs it): audits an
//! organization served over HTTP (the fakecloud emulator, through `scripts/emulator`)
//! round after round, and prints one JSON line with each round's accounts, wall time and
//! client CPU time (every thread's, to the nanosecond), plus the CPU its idle runtime
//! burns in a second.
//!
//! ```text
//! scripts/emulator cargo bench -p rootctl-workspace --bench wire_audit -- --rounds 5 [--concurrency N]
//! ```
//!
//! The endpoint comes from `ROOTCTL_EMULATOR_ENDPOINT` (or `--endpoint-url`), credentials
//! from the environment as the AWS SDKs read them.

mod support;

use std::time::{Duration, Instant};

use rootctl::aws::AwsOptions;
use rootctl::{Concurrency, Options, Rootctl, Selection};
use serde_json::json;
use support::threads_cpu_seconds;

fn args() -> Result<(String, usize, Concurrency), String> {
    let mut endpoint = std::env::var("ROOTCTL_EMULATOR_ENDPOINT").ok();
    let mut rounds = 5;
    let mut concurrency = Concurrency::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--endpoint-url" => endpoint = Some(value()?),
            "--rounds" => rounds = value()?.parse().map_err(|e| format!("--rounds: {e}"))?,
            "--concurrency" => {
                let n = value()?;
                if n != "adaptive" {
                    let n = n.parse().map_err(|e| format!("--concurrency: {e}"))?;
                    concurrency = Concurrency::Fixed(n);
                }
            }
            // `cargo bench` passes this to every bench binary.
            "--bench" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let endpoint = endpoint.ok_or("set ROOTCTL_EMULATOR_ENDPOINT or pass --endpoint-url")?;
    Ok((endpoint, rounds, concurrency))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (endpoint, rounds, concurrency) = args()?;
    let rc = Rootctl::from_aws(AwsOptions::new("us-east-1").endpoint_url(endpoint))
        .await?
        .with_options(Options {
            concurrency,
            ..Options::default()
        })?;
    let mut results = Vec::new();
    let mut warmup_accounts = 0;
    // Round 0 warms the connection pool and is not reported.
    for round in 0..=rounds {
        let cpu = threads_cpu_seconds();
        let started = Instant::now();
        let report = rc.audit(&Selection::all(), None).await?;
        let wall = started.elapsed().as_secs_f64();
        let cpu = threads_cpu_seconds()
            .zip(cpu)
            .map(|(after, before)| after - before);
        if report.summary.failed > 0 {
            return Err(format!("{} account(s) failed:\n{report}", report.summary.failed).into());
        }
        if round == 0 {
            warmup_accounts = report.summary.targeted;
        } else {
            results.push(json!({
                "accounts": report.summary.targeted,
                "wall_s": wall,
                "cpu_s": cpu,
            }));
        }
    }
    let idle = threads_cpu_seconds();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = threads_cpu_seconds()
        .zip(idle)
        .map(|(after, before)| after - before);
    println!(
        "{}",
        json!({
            "client": "rootctl (Rust)",
            "concurrency": match concurrency {
                Concurrency::Fixed(n) => n.to_string(),
                Concurrency::Adaptive { .. } => "adaptive".to_owned(),
            },
            "warmup_accounts": warmup_accounts,
            "rounds": results,
            "idle_cpu_s_per_s": idle,
        })
    );
    Ok(())
}
