//! Enforce a root-credential policy: check, apply exactly what the check showed, check
//! again. The policy comes from a TOML or JSON file (`--policy FILE`, whose exceptions
//! must name accounts of the organization) or is the default (all four kinds forbidden
//! in every member account); `--check` only checks, exiting 1 when an account holds a
//! forbidden credential.
//!
//! ```text
//! cargo run --example enforce [-- --policy my-policy.toml] [--check] [--markdown]
//! cargo run --example enforce -- --aws --region us-east-1 --check
//! ```

mod common;

use rootctl::{ApplyEnforcementOptions, EnforceOptions, EnforcementPolicy};

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    common::ready(&target).await?;
    let mut policy = EnforcementPolicy::default();
    let (mut check_only, mut markdown) = (false, false);
    let mut args = target.rest.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--policy" => {
                let path = args.next().ok_or("--policy needs a file")?;
                // Every key is checked here, before any AWS call.
                policy = EnforcementPolicy::from_file(path)?;
            }
            "--check" => check_only = true,
            "--markdown" => markdown = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }

    let check = EnforceOptions {
        dry_run: true,
        ..EnforceOptions::default()
    };
    let before = target.rootctl.enforce(&policy, check.clone()).await?;
    println!("{before}\n");
    if check_only {
        return match before.exit_code() {
            0 => Ok(()),
            code => Err(format!("check failed (exit code {code})").into()),
        };
    }

    // The check is the preview: apply its plan, not a new one.
    let report = target
        .rootctl
        .apply_enforcement(&policy, &before, ApplyEnforcementOptions::default())
        .await?;
    if markdown {
        println!("{}", report.to_markdown());
    } else {
        println!("{report}\n");
    }
    // Idempotent: right after, nothing is left to do.
    let after = target.rootctl.enforce(&policy, check).await?;
    println!("check after enforcing: exit code {}", after.exit_code());
    if report.compliant() {
        Ok(())
    } else {
        Err("some accounts are not compliant: see the report".into())
    }
}
