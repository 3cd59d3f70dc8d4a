//! A tour of `SimulatedOrg::example()` through the boundary traits only: the same calls
//! rootctl makes against a real organization, answered by the simulator.
//!
//! ```text
//! cargo run -p rootctl-workspace --example sim_tour
//! ```
//!
//! It walks the organization, turns centralized root access on as the management account
//! (trusted access for IAM, then RootCredentialsManagement), and audits the root user of
//! every ACTIVE member with the read-only audit task policy.

use std::error::Error;

use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccountState, IAM_SERVICE_PRINCIPAL, OrgFeature, OrgFeaturesApi, Organizations, ParentId,
    RootIam, SessionDuration, StsApi, TaskPolicy,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let org = SimulatedOrg::example();

    let organization = org.describe_organization().await?;
    println!(
        "Organization {} (feature set {:?}), management account {}",
        organization.id, organization.feature_set, organization.management_account_id
    );
    print_tree(&org).await?;

    // A fresh organization answers that the feature APIs need trusted access first.
    if let Err(err) = org.list_enabled_features().await {
        println!("\nBefore setup: {err}");
    }
    if !org
        .list_service_access()
        .await?
        .iter()
        .any(|p| p == IAM_SERVICE_PRINCIPAL)
    {
        org.enable_service_access(IAM_SERVICE_PRINCIPAL).await?;
    }
    org.enable_feature(OrgFeature::RootCredentialsManagement)
        .await?;
    println!(
        "Enabled features: {:?}\n",
        org.list_enabled_features().await?
    );

    println!(
        "{:<14} {:<16} {:<9} {:>4} {:>5}  MFA",
        "account", "name", "password", "keys", "certs"
    );
    for account in org.list_accounts().await? {
        if account.id == organization.management_account_id {
            let (id, name) = (account.id.as_str(), &account.name);
            println!("{id:<14} {name:<16} skipped: management account");
            continue;
        }
        if account.state != AccountState::Active {
            let (id, name) = (account.id.as_str(), &account.name);
            println!("{id:<14} {name:<16} skipped: {}", account.state);
            continue;
        }
        let session = org
            .assume_root(
                &account.id,
                TaskPolicy::IamAuditRootUserCredentials,
                SessionDuration::default(),
            )
            .await?;
        let password = org.get_login_profile(&session).await?.is_some();
        let keys = org.list_access_keys(&session).await?.len();
        let certificates = org.list_signing_certificates(&session).await?.len();
        let mfa: Vec<String> = org
            .list_mfa_devices(&session)
            .await?
            .iter()
            .map(|device| device.kind.to_string())
            .collect();
        println!(
            "{:<14} {:<16} {:<9} {:>4} {:>5}  {}",
            account.id.as_str(),
            account.name,
            if password { "yes" } else { "no" },
            keys,
            certificates,
            if mfa.is_empty() {
                "-".to_owned()
            } else {
                mfa.join(", ")
            }
        );
    }

    let stats = org.stats();
    println!(
        "\n{} calls to the simulated AWS ({} mutating, {} denied, {} throttled).",
        stats.calls,
        org.mutating_calls().len(),
        stats.denied,
        stats.throttled
    );
    Ok(())
}

/// Prints the OU tree depth first, each parent with the accounts directly under it.
async fn print_tree(org: &SimulatedOrg) -> Result<(), Box<dyn Error>> {
    let roots = org.list_roots().await?;
    let mut stack: Vec<(ParentId, String, usize)> = roots
        .into_iter()
        .map(|root| (root.id, root.name, 0))
        .collect();
    while let Some((parent, name, depth)) = stack.pop() {
        let indent = "  ".repeat(depth);
        println!("{indent}{name} ({parent})");
        for account in org.list_accounts_for_parent(&parent).await? {
            println!(
                "{indent}  - {} {} [{}]",
                account.id, account.name, account.state
            );
        }
        let units = org.list_organizational_units_for_parent(&parent).await?;
        // Pushed in reverse so the first OU is printed first.
        for unit in units.into_iter().rev() {
            stack.push((unit.id, unit.name, depth + 1));
        }
    }
    Ok(())
}
