//! Write the evidence page (one self-contained HTML file) for the organization: an audit,
//! the organization's features, and an SCP pre-flight of the audit and delete tasks.
//!
//! ```text
//! cargo run --example evidence_page -- -o report.html
//! cargo run --example evidence_page -- --aws --region us-east-1 -o report.html
//! ```

mod common;

use rootctl::{RootTask, Selection};

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    common::ready(&target).await?;
    let mut output = None;
    let mut args = target.rest.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" | "--output" => output = Some(args.next().ok_or("-o needs a file")?.clone()),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let output = output.ok_or("give the page's file with -o FILE.html")?;

    let rootctl = &target.rootctl;
    let selection = Selection::all();
    let evidence = rootctl.evidence(&selection, None).await?;
    let scps = rootctl
        .check_scps(&selection, &[RootTask::Audit, RootTask::Delete])
        .await?;
    let html = evidence.with_scps(scps).to_html()?;
    std::fs::write(&output, &html)?;
    println!("wrote {output} ({} bytes)", html.len());
    Ok(())
}
