//! Check the prerequisites, show the plan to enable centralized root access, apply it
//! (after confirmation on AWS), and check again with a read-only probe.
//!
//! ```text
//! cargo run --example check_and_enable                                 # simulator
//! cargo run --example check_and_enable -- --aws --region us-east-1 [--yes] [--delegated-admin ID]
//! ```

mod common;

use rootctl::{EnableOptions, PrerequisiteOptions};

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    let rc = &target.rootctl;
    let yes = target.rest.iter().any(|a| a == "--yes");
    let delegated_admin = match target.rest.iter().position(|a| a == "--delegated-admin") {
        Some(i) => Some(
            target
                .rest
                .get(i + 1)
                .ok_or("--delegated-admin needs an account id")?
                .parse()?,
        ),
        None => None,
    };

    let report = rc
        .check_prerequisites(PrerequisiteOptions::default())
        .await?;
    println!("{report}\n");

    let options = EnableOptions {
        delegated_admin,
        ..EnableOptions::default()
    };
    let plan = rc.plan_enable(&options).await?;
    println!("{plan}\n");
    if plan.is_noop() {
        println!("Nothing to do.");
    } else {
        // On AWS, changing the organization deserves a yes; the simulator needs none.
        if target.simulated.is_none() && !yes && !common::confirm("Apply these steps?")? {
            return Err("not confirmed; nothing changed".into());
        }
        let applied = rc.enable(&options).await?;
        println!("{applied}\n");
        if !applied.ok() {
            return Err("a step failed; see above".into());
        }
    }

    let report = rc
        .check_prerequisites(PrerequisiteOptions {
            probe: true,
            ..PrerequisiteOptions::default()
        })
        .await?;
    println!("{report}");
    if report.ok() {
        Ok(())
    } else {
        Err("prerequisites still fail".into())
    }
}
