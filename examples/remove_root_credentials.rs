//! Remove member root credentials the safe way: audit, write a plan, dry-run it, confirm,
//! apply it with a journal (so a killed run resumes), and verify with a fresh audit.
//!
//! ```text
//! cargo run --example remove_root_credentials -- --yes            # simulator
//! cargo run --example remove_root_credentials -- --aws --region us-east-1 [--kinds password,access_keys]
//! ```

mod common;

use std::path::PathBuf;

use rootctl::{ApplyOptions, CredentialKind, Selection};

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    common::ready(&target).await?;
    let rc = &target.rootctl;
    let yes = target.rest.iter().any(|a| a == "--yes");
    let kinds: Vec<CredentialKind> = match target.rest.iter().position(|a| a == "--kinds") {
        Some(i) => target
            .rest
            .get(i + 1)
            .ok_or("--kinds needs a comma-separated list")?
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()?,
        None => CredentialKind::ALL.to_vec(),
    };

    let audit = rc.audit(&Selection::all(), None).await?;
    let plan = rc.plan_removal(&audit, &kinds)?;
    let dir = std::env::temp_dir();
    let plan_path = dir.join(format!("{}.json", plan.plan_id));
    std::fs::write(&plan_path, plan.to_json())?;
    println!("{plan}\n(plan written to {})\n", plan_path.display());
    if plan.item_count() == 0 {
        println!("Nothing to remove.");
        return Ok(());
    }

    let dry_run = rc
        .apply_removal(
            &plan,
            ApplyOptions {
                dry_run: true,
                ..ApplyOptions::default()
            },
        )
        .await?;
    println!("{dry_run}\n");
    if !yes
        && !common::confirm(&format!(
            "Remove these {} credential(s)?",
            plan.item_count()
        ))?
    {
        return Err("not confirmed; nothing removed".into());
    }

    let journal: PathBuf = dir.join(format!("{}.journal.jsonl", plan.plan_id));
    let report = rc
        .apply_removal(
            &plan,
            ApplyOptions {
                journal: Some(journal.clone()),
                ..ApplyOptions::default()
            },
        )
        .await?;
    println!(
        "{report}\n(journal at {}: re-run with the same plan to resume)",
        journal.display()
    );
    if report.ok() {
        Ok(())
    } else {
        Err("some credentials were not removed; see above".into())
    }
}
