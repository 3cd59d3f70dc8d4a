//! The whole rootctl workflow on the embedded simulator, no AWS account needed:
//! check prerequisites, enable centralized root access, audit every member's root user,
//! plan the removal of their credentials, dry-run it, apply it, and verify.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use rootctl::sim::SimulatedOrg;
use rootctl::{
    ApplyOptions, CredentialKind, EnableOptions, PrerequisiteOptions, Rootctl, Selection,
};

fn heading(text: &str) {
    println!("\n=== {text} ===\n");
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A dozen accounts in a few OUs, mixed root credentials, nothing enabled yet.
    let org = SimulatedOrg::example();
    let rootctl = Rootctl::simulated(org.clone());
    println!(
        "Simulated organization {} (management account {}), {} members",
        org.organization_id(),
        org.management_account_id(),
        org.members().len()
    );

    heading("1. Prerequisites");
    let check = rootctl
        .check_prerequisites(PrerequisiteOptions::default())
        .await?;
    println!("{check}");

    heading("2. Enable centralized root access");
    let options = EnableOptions::default();
    println!("{}", rootctl.plan_enable(&options).await?);
    let enabled = rootctl.enable(&options).await?;
    println!("{enabled}");
    if !enabled.ok() {
        return Err("enabling failed; see the steps above".into());
    }

    heading("3. Prerequisites again, with a read-only probe into one member");
    let check = rootctl
        .check_prerequisites(PrerequisiteOptions {
            probe: true,
            ..PrerequisiteOptions::default()
        })
        .await?;
    println!("{check}");

    heading("4. Audit every member's root user");
    let audit = rootctl.audit(&Selection::all(), None).await?;
    println!("{audit}");

    heading("5. Plan the removal of every root credential");
    let plan = rootctl.plan_removal(&audit, &CredentialKind::ALL)?;
    println!("{plan}");

    heading("6. Dry run: what would happen, without a single change");
    let dry_run = ApplyOptions {
        dry_run: true,
        ..ApplyOptions::default()
    };
    println!("{}", rootctl.apply_removal(&plan, dry_run).await?);

    heading("7. Apply, then verify with a fresh audit");
    let report = rootctl
        .apply_removal(&plan, ApplyOptions::default())
        .await?;
    println!("{report}");
    if let Some(verification) = &report.verification {
        println!("\n{verification}");
    }
    let mutations = org.mutating_calls().len();
    println!(
        "\n{} AWS calls in all, {mutations} of them changes.",
        org.calls().len()
    );
    if report.ok() {
        Ok(())
    } else {
        Err("some credentials were not removed; see the report above".into())
    }
}
