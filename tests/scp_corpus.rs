//! The SCP corpus: public service and resource control policies (AWS's SCP and RCP
//! examples, AWS Control Tower controls, landing-zone guardrails) and statements written
//! to probe one rule each (resource patterns for buckets, queues and the root user, every
//! key of a root session's request context, partitions, the caller's own SCPs) in
//! `tests/fixtures/scps/`, each with the verdict for every task written by hand from
//! AWS's documented evaluation logic, and the reason in the case's `why`. The hand
//! verdicts are the independent basis the evaluator is held to.
//!
//! Each case is attached to a simulated organization (at the root, the account's OU or
//! the account, or the OU or account of the delegated administrator that calls) and
//! judged by `check_scps` end to end: policies listed and read through the
//! `Organizations` trait, evaluated, reported, in the case's partition. Where the hand
//! verdict for the audit is `allowed` or `blocked` (in the `aws` partition, the only one
//! the simulator models), the simulator's root session must meet the same: a consistency
//! check only, since the simulator enforces policies with the same evaluator. Every
//! mismatch of every case is reported, not just the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rootctl::scp::Verdict;
use rootctl::sim::{Caller, FULL_AWS_ACCESS, SimulatedOrg};
use rootctl::{
    AccountId, ErrorKind, ParentId, PolicyTarget, PolicyType, RootTask, Rootctl, Selection,
};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Where the policy comes from.
    source: String,
    description: String,
    /// Levels (`root`, `ou`, `account`) whose FullAWSAccess is detached (an allow-list).
    #[serde(default)]
    detach_full_aws_access: Vec<Level>,
    /// The partition the client works in (`aws`, the default, `aws-cn`, `aws-us-gov`).
    #[serde(default)]
    partition: Option<String>,
    /// Who calls: `management` (the default) or `delegated_admin` (the IAM delegated
    /// administrator, a member account under its own OU).
    #[serde(default)]
    caller: Option<String>,
    policies: Vec<Placed>,
    /// The hand-written verdict of each of the five tasks.
    expected: BTreeMap<String, String>,
    /// The level every blocking finding must name, when some task is blocked.
    #[serde(default)]
    blocked_at: Option<Level>,
    /// Why, per task (or `all`), in AWS's terms.
    why: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Placed {
    at: Level,
    /// `scp` (the default) or `rcp`.
    #[serde(default, rename = "type")]
    policy_type: Option<String>,
    /// The policy; `{{ACCOUNT}}`, `{{OU}}`, `{{ROOT}}` and `{{ORG}}` stand for the
    /// account, its OU, the root and the organization.
    document: Value,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Level {
    Root,
    Ou,
    Account,
    /// The OU of the delegated administrator's account (not the judged account's).
    CallerOu,
    /// The delegated administrator's account.
    CallerAccount,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scps")
}

fn load() -> Vec<(String, Case)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/fixtures/scps")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let case: Case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            (file, case)
        })
        .collect()
}

/// The account every case judges: a member directly under an OU, and the ids of its
/// three levels; and the delegated administrator (`security`), under another OU.
struct Place {
    org: SimulatedOrg,
    account: AccountId,
    ou: ParentId,
    root: ParentId,
    admin: AccountId,
    admin_ou: ParentId,
}

impl Place {
    fn new(caller: Option<&str>) -> Self {
        let mut builder = SimulatedOrg::builder().members(10).seed(7);
        match caller {
            None | Some("management") => {}
            Some("delegated_admin") => {
                builder = builder.delegated_admin(true).caller(Caller::DelegatedAdmin);
            }
            Some(other) => panic!("unknown caller {other}"),
        }
        let org = builder.build();
        let admin = org.delegated_admin_account_id();
        let members = org.members();
        let admin_ou = members
            .iter()
            .find(|m| m.account.id == admin)
            .map(|m| m.parent.clone())
            .expect("the delegated administrator's account");
        assert!(!admin_ou.is_root(), "the layout puts security under an OU");
        let member = members
            .into_iter()
            .find(|m| !m.parent.is_root() && m.parent != admin_ou)
            .expect("a member under an OU other than the delegated administrator's");
        Place {
            account: member.account.id,
            ou: member.parent,
            root: org.root_id(),
            admin,
            admin_ou,
            org,
        }
    }

    fn target(&self, level: Level) -> PolicyTarget {
        match level {
            Level::Root => self.root.clone().into(),
            Level::Ou => self.ou.clone().into(),
            Level::Account => self.account.into(),
            Level::CallerOu => self.admin_ou.clone().into(),
            Level::CallerAccount => self.admin.into(),
        }
    }

    fn id(&self, level: Level) -> String {
        self.target(level).as_str().to_owned()
    }
}

/// Runs one case; the mismatches, one line each.
async fn run(file: &str, case: &Case) -> Vec<String> {
    let place = Place::new(case.caller.as_deref());
    let org = &place.org;
    let mut problems = Vec::new();
    for placed in &case.policies {
        let document = placed
            .document
            .to_string()
            .replace("{{ACCOUNT}}", place.account.as_str())
            .replace("{{OU}}", place.ou.as_str())
            .replace("{{ROOT}}", place.root.as_str())
            .replace("{{ORG}}", &org.organization_id());
        let policy_type = match placed.policy_type.as_deref() {
            None | Some("scp") => PolicyType::ServiceControlPolicy,
            Some("rcp") => PolicyType::ResourceControlPolicy,
            Some(other) => panic!("{file}: unknown policy type {other}"),
        };
        org.attach_policy(&place.target(placed.at), policy_type, &document)
            .unwrap_or_else(|e| panic!("{file}: attaching at {:?}: {e}", placed.at));
    }
    for level in &case.detach_full_aws_access {
        org.detach_policy(&place.target(*level), FULL_AWS_ACCESS)
            .unwrap_or_else(|e| panic!("{file}: detaching FullAWSAccess at {level:?}: {e}"));
    }

    let partition = case.partition.as_deref().unwrap_or("aws");
    let region = match partition {
        "aws" => "us-east-1",
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        other => panic!("{file}: unknown partition {other}"),
    };
    let rc = Rootctl::simulated(org.clone()).with_region(region);
    assert_eq!(rc.partition().as_str(), partition);
    let report = rc
        .check_scps(&Selection::accounts([place.account]), &RootTask::ALL)
        .await
        .unwrap_or_else(|e| panic!("{file}: check_scps: {e}"));
    let account = report
        .account(&place.account)
        .expect("the account is judged");
    for task in RootTask::ALL {
        let expected = case.expected[task.as_str()].as_str();
        let got = account.verdict(task).map(Verdict::as_str);
        if got != Some(expected) {
            let why = case.why.get(task.as_str()).or_else(|| case.why.get("all"));
            let findings: Vec<&str> = account
                .findings_for(task)
                .map(|f| f.reason.as_str())
                .collect();
            problems.push(format!(
                "{file} {}: expected {expected}, got {got:?} (hand reasoning: {}; findings: {findings:?})",
                task.as_str(),
                why.map_or("-", String::as_str),
            ));
        }
    }
    if let Some(level) = case.blocked_at {
        let want = place.id(level);
        for finding in account
            .findings
            .iter()
            .filter(|f| f.verdict == Verdict::Blocked)
        {
            if finding.target_id != want {
                problems.push(format!(
                    "{file}: a blocking finding names {} instead of the {level:?} ({want}): {}",
                    finding.target_id, finding.reason
                ));
            }
        }
        if !account
            .findings
            .iter()
            .any(|f| f.verdict == Verdict::Blocked)
        {
            problems.push(format!("{file}: blocked_at is set but nothing is blocked"));
        }
    }

    // What the simulator's root session meets agrees with a decided audit verdict (a
    // consistency check: the simulator judges with the same evaluator, in `aws` only).
    if partition != "aws" {
        return problems;
    }
    let audit = rc
        .audit(&Selection::accounts([place.account]), None)
        .await
        .unwrap_or_else(|e| panic!("{file}: audit: {e}"));
    let error = audit.accounts[0].error.as_ref().map(|e| e.kind());
    match (case.expected["audit"].as_str(), error) {
        ("allowed", None) | ("blocked", Some(ErrorKind::AccessDenied)) | ("unknown", _) => {}
        (expected, error) => problems.push(format!(
            "{file}: audit predicted {expected} by hand, but the simulated session met {error:?}"
        )),
    }
    problems
}

#[tokio::test]
async fn every_corpus_case_gives_its_hand_written_verdicts() {
    let cases = load();
    assert!(cases.len() >= 70, "the corpus has {} cases", cases.len());
    let mut problems = Vec::new();
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, case) in &cases {
        assert!(!case.source.trim().is_empty(), "{file}: no source");
        assert!(
            !case.description.trim().is_empty(),
            "{file}: no description"
        );
        assert!(
            !case.name.is_empty() && file.contains(&case.name),
            "{file}: name"
        );
        let tasks: Vec<&str> = case.expected.keys().map(String::as_str).collect();
        let mut all: Vec<&str> = RootTask::ALL.iter().map(|t| t.as_str()).collect();
        all.sort_unstable();
        assert_eq!(tasks, all, "{file}: a verdict for each of the five tasks");
        for (task, verdict) in &case.expected {
            assert!(
                matches!(verdict.as_str(), "allowed" | "blocked" | "unknown"),
                "{file} {task}: {verdict}"
            );
            assert!(
                case.why.contains_key(task) || case.why.contains_key("all"),
                "{file} {task}: no hand reasoning"
            );
            *tally.entry(verdict.as_str()).or_default() += 1;
        }
        problems.extend(run(file, case).await);
    }
    // The corpus exercises all three verdicts.
    assert!(tally.len() == 3, "{tally:?}");
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!("{} cases, verdicts {tally:?}", cases.len());
}
