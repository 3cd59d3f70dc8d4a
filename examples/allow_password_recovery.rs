//! Let the root users of some member accounts recover a password ("Forgot password"),
//! e.g. to close an account. Needs RootCredentialsManagement and RootSessions.
//!
//! ```text
//! cargo run --example allow_password_recovery                      # two simulated members
//! cargo run --example allow_password_recovery -- --aws --region us-east-1 111122223333 ...
//! ```

mod common;

use rootctl::{AccountId, Selection};

#[tokio::main]
async fn main() -> common::Result {
    let target = common::target().await?;
    common::ready(&target).await?;
    let rc = &target.rootctl;
    let mut accounts: Vec<AccountId> = target
        .rest
        .iter()
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    if accounts.is_empty() {
        if target.simulated.is_none() {
            return Err("name the member accounts on the command line".into());
        }
        // On the simulator, pick the first two targetable members.
        let selected = rc.select_accounts(&Selection::all()).await?;
        accounts = selected
            .targets
            .iter()
            .take(2)
            .map(|t| t.account_id)
            .collect();
    }
    let report = rc.allow_password_recovery(&accounts, None).await?;
    println!("{report}");
    if report.ok() {
        Ok(())
    } else {
        Err("recovery failed for some accounts".into())
    }
}
