//! Audit the root credentials of every member account (or a selection) and print a
//! table, or the report as JSON with `--json`.
//!
//! ```text
//! cargo run --example org_audit [-- --json] [--ou ou-...] [--tag env=prod] [--exclude 1234...]
//! cargo run --example org_audit -- --aws --region us-east-1
//! ```

mod common;

use rootctl::Selection;

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    common::ready(&target).await?;
    let mut selection = Selection::all();
    let mut json = false;
    let mut args = target.rest.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--json" => json = true,
            "--ou" => selection = selection.ou(value()?.parse()?),
            "--tag" => selection = selection.tag(value()?.parse()?),
            "--exclude" => selection = selection.exclude_account(value()?.parse()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }

    let report = target.rootctl.audit(&selection, None).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    if report.ok() {
        Ok(())
    } else {
        Err(format!("{} account(s) could not be audited", report.summary.failed).into())
    }
}
