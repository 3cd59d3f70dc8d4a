//! From an event to the account compliant again: `Rootctl::handle_event` on the simulator
//! with AWS-like latencies, for one account in organizations of 10, 1,000 and 10,000
//! members (docs/benchmarks.md#event-latency).
//!
//! ```text
//! cargo bench -p rootctl-workspace --bench event_latency
//! ```
//!
//! One member gets a root password, an access key, a signing certificate and an MFA
//! device; each fixture event of `tests/fixtures/events/` listed in [`EVENTS`] is
//! rewritten to name it and handed to `handle_event` under two policies: the default (all
//! four kinds, every member) and the deployment's `docs/deploy/policy.toml` (which
//! excludes accounts by tag, so the run reads every member's tags; its break-glass
//! exception is pointed at the organization's `security` account). Every call takes
//! [`FIXED`] plus up to [`JITTER`]. Per row: the time to the report (median and worst of
//! the runs), the AWS calls of one run, how many of them list the organization (pages of
//! its list operations and tag reads), and whether the account ended with no root
//! credential. Before each run the account gets its credentials back (not an AWS call).
//!
//! `ROOTCTL_BENCH_QUICK=1` runs 10 and 1,000 members, two runs each.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::DateTime;
use rootctl::sim::SimulatedOrg;
use rootctl::{
    AccessKey, AccountId, CredentialStatus, EnforceOptions, EnforcementPolicy, EventTrigger,
    LoginProfile, MfaDevice, RootCredentials, Rootctl, SigningCertificate, Tags,
};
use serde_json::Value;

/// The fixed part of every call's latency. The function runs in us-east-1, where the
/// Organizations, IAM and STS endpoints it calls are; a control-plane call there answers
/// in tens of milliseconds, so 50 ms plus up to 50 ms is on the slow side.
const FIXED: Duration = Duration::from_millis(50);
/// The seeded jitter added to [`FIXED`]: uniformly up to this much more.
const JITTER: Duration = Duration::from_millis(50);
/// The target: rootctl's own time for one account.
const TARGET: Duration = Duration::from_secs(60);

/// The fixture events measured, by file name in `tests/fixtures/events/`.
const EVENTS: [&str; 2] = ["move_account.json", "root_create_access_key.json"];

/// The deployment's policy, as shipped.
const SHIPPED_POLICY: &str = include_str!("../docs/deploy/policy.toml");
/// The account the shipped policy's break-glass exception names.
const SHIPPED_EXCEPTION: &str = "111122223333";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/events/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `event` naming `account` wherever it named the account it acts on.
fn naming(event: &Value, account: AccountId) -> Value {
    let trigger = EventTrigger::from_event(event)
        .expect("a valid fixture")
        .expect("an event rootctl acts on");
    let text = serde_json::to_string(event).expect("serializable");
    let rewritten = text.replace(trigger.account_id.as_str(), account.as_str());
    let event: Value = serde_json::from_str(&rewritten).expect("still JSON");
    let named = EventTrigger::from_event(&event).unwrap().unwrap();
    assert_eq!(
        named.account_id, account,
        "the rewritten event names the account"
    );
    event
}

fn credentials(account: AccountId) -> RootCredentials {
    let date = DateTime::from_timestamp(1_600_000_000, 0).expect("a valid time");
    RootCredentials {
        password: Some(LoginProfile {
            created: date,
            password_reset_required: false,
        }),
        access_keys: vec![AccessKey {
            id: "AKIDLATENCY000000001".into(),
            status: CredentialStatus::Active,
            created: Some(date),
            last_used: None,
        }],
        signing_certificates: vec![SigningCertificate {
            id: "CERTLATENCY0000000000000000000001".into(),
            status: CredentialStatus::Active,
            uploaded: Some(date),
        }],
        mfa_devices: vec![MfaDevice::new(
            format!("arn:aws:iam::{account}:mfa/root-account-mfa-device"),
            Some(date),
        )],
    }
}

/// An organization of `members` accounts, none holding root credentials, plus the
/// account the events name (tagged as the shipped policy's exclusion expects).
fn organization(members: usize) -> (SimulatedOrg, AccountId) {
    let org = SimulatedOrg::builder()
        .members(members - 1)
        .seed(25)
        .password_share(0.0)
        .access_key_share(0.0)
        .signing_certificate_share(0.0)
        .mfa_share(0.0)
        .latency(FIXED, JITTER)
        .build();
    let tags = Tags::from([("rootctl".to_owned(), "enforced".to_owned())]);
    let account = org
        .create_account("event-target", &org.organization_root(), tags)
        .expect("a new account");
    (org, account)
}

fn policies(org: &SimulatedOrg) -> Vec<(&'static str, EnforcementPolicy)> {
    let security = org
        .members()
        .into_iter()
        .find(|m| m.account.name == "security")
        .expect("the builder's security account")
        .account
        .id;
    let shipped = SHIPPED_POLICY.replace(SHIPPED_EXCEPTION, security.as_str());
    vec![
        ("default", EnforcementPolicy::default()),
        (
            "policy.toml",
            EnforcementPolicy::from_toml(&shipped).expect("the shipped policy parses"),
        ),
    ]
}

struct Row {
    event: String,
    policy: &'static str,
    members: usize,
    times: Vec<Duration>,
    calls: usize,
    listing: usize,
    by_operation: BTreeMap<&'static str, usize>,
    compliant: bool,
}

/// Whether a call reads the organization's membership rather than the one account.
fn lists_the_organization(call: &rootctl::sim::CallRecord) -> bool {
    call.page.is_some() || call.operation == "ListTagsForResource"
}

async fn measure(members: usize, runs: usize) -> Vec<Row> {
    let (org, account) = organization(members);
    let rc = Rootctl::simulated(org.clone());
    let mut rows = Vec::new();
    for event_file in EVENTS {
        let event = naming(&fixture(event_file), account);
        for (policy_name, policy) in policies(&org) {
            let mut row = Row {
                event: event_file.trim_end_matches(".json").to_owned(),
                policy: policy_name,
                members,
                times: Vec::new(),
                calls: 0,
                listing: 0,
                by_operation: BTreeMap::new(),
                compliant: true,
            };
            for _ in 0..runs {
                org.set_credentials(&account, credentials(account))
                    .expect("the account exists");
                org.clear_calls();
                let start = Instant::now();
                let report = rc
                    .handle_event(&event, &policy, EnforceOptions::default())
                    .await
                    .expect("the run succeeds")
                    .expect("the event names the account");
                row.times.push(start.elapsed());
                let calls = org.calls();
                row.calls = calls.len();
                row.listing = calls.iter().filter(|c| lists_the_organization(c)).count();
                row.by_operation = BTreeMap::new();
                for call in &calls {
                    *row.by_operation.entry(call.operation).or_default() += 1;
                }
                assert_eq!(report.accounts.len(), 1, "{report}");
                row.compliant &= report.compliant()
                    && org.root_credentials(&account).is_some_and(|c| c.is_empty());
            }
            row.times.sort();
            rows.push(row);
        }
    }
    rows
}

fn seconds(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

#[tokio::main]
async fn main() {
    let quick = std::env::var_os("ROOTCTL_BENCH_QUICK").is_some();
    let sizes: &[(usize, usize)] = if quick {
        &[(10, 2), (1_000, 2)]
    } else {
        &[(10, 5), (1_000, 5), (10_000, 3)]
    };
    println!(
        "every call: {} ms + up to {} ms; target: under {} s of rootctl's time\n",
        FIXED.as_millis(),
        JITTER.as_millis(),
        TARGET.as_secs()
    );
    println!(
        "| event | policy | members | runs | median (s) | worst (s) | AWS calls | listing the org | compliant after |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---|");
    let mut all = Vec::new();
    for &(members, runs) in sizes {
        for row in measure(members, runs).await {
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                row.event,
                row.policy,
                row.members,
                row.times.len(),
                seconds(row.times[row.times.len() / 2]),
                seconds(*row.times.last().expect("at least one run")),
                row.calls,
                row.listing,
                if row.compliant { "yes" } else { "NO" },
            );
            all.push(row);
        }
    }
    println!("\ncalls of one run, by operation:");
    for row in &all {
        let ops: Vec<String> = row
            .by_operation
            .iter()
            .map(|(op, n)| format!("{op} {n}"))
            .collect();
        println!(
            "  {} / {} / {}: {}",
            row.event,
            row.policy,
            row.members,
            ops.join(", ")
        );
    }
    let missed: Vec<String> = all
        .iter()
        .filter(|r| *r.times.last().expect("a run") >= TARGET)
        .map(|r| format!("{} / {} / {} members", r.event, r.policy, r.members))
        .collect();
    if missed.is_empty() {
        println!("\nevery worst run is under {} s", TARGET.as_secs());
    } else {
        println!(
            "\nover {} s in the worst run: {}",
            TARGET.as_secs(),
            missed.join("; ")
        );
    }
    assert!(
        all.iter().all(|r| r.compliant),
        "an account did not end compliant"
    );
}
