//! The findings of audits of simulated organizations: ids, statuses, severities, the
//! ASFF attributes and limits, the SCP pre-flight's tasks. Enforcement reports are in
//! `enforcement`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::asff::AsffLimits;
use super::*;
use crate::engine::Rootctl;
use crate::error::Error;
use crate::model::{AccountId, RootCredentials};
use crate::ops::Selection;
use crate::options::Options;
use crate::sim::{ScpDeny, SimulatedOrg};

mod enforcement;

fn org() -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(6)
        .seed(24)
        .password_share(0.5)
        .access_key_share(0.5)
        .signing_certificate_share(0.3)
        .mfa_share(0.5)
        .build()
}

async fn audit(org: &SimulatedOrg, preflight: bool) -> AuditReport {
    let options = Options {
        scp_preflight: preflight,
        ..Options::default()
    };
    let rc = Rootctl::simulated(org.clone())
        .with_options(options)
        .unwrap();
    rc.audit(&Selection::all(), None).await.unwrap()
}

/// Attaches an SCP that denies the root user everything to the third member; its id.
fn deny_root(org: &SimulatedOrg) -> AccountId {
    let member = org.members()[2].account.id;
    let deny = json!({"Version": "2012-10-17", "Statement": [{"Sid": "DenyRoot",
        "Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}}]});
    org.attach_scp(&member.into(), &deny.to_string()).unwrap();
    member
}

fn ids(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| f.id.clone()).collect()
}

#[tokio::test]
async fn one_finding_per_account_and_kind_under_stable_unique_ids() {
    let org = org();
    let report = audit(&org, false).await;
    let findings = report.findings();
    assert_eq!(findings.len(), report.accounts.len() * 4);
    let unique: BTreeSet<&String> = findings.iter().map(|f| &f.id).collect();
    assert_eq!(unique.len(), findings.len(), "ids are unique");
    let member = report.accounts[0].account_id;
    let id = format!(
        "rootctl/{}/{member}/root-credentials/access_key",
        report.organization_id
    );
    assert!(unique.contains(&id), "{id}");
    // A second run states the same findings under the same ids.
    assert_eq!(ids(&audit(&org, false).await.findings()), ids(&findings));
}

#[tokio::test]
async fn a_held_kind_fails_at_its_severity_and_a_clean_kind_passes() {
    let report = audit(&org(), false).await;
    let findings = report.findings();
    for f in &findings {
        let audit = report.account(&f.account_id).unwrap();
        let FindingSubject::Credentials(kind) = f.subject else {
            panic!("no pre-flight, no task finding")
        };
        let creds = audit.credentials.as_ref().unwrap();
        if creds.holds(kind) {
            assert_eq!(f.status, FindingStatus::Failed, "{}", f.id);
            assert_eq!(f.severity, Severity::of_kind(kind));
            assert_eq!(f.credential_ids, creds.ids(kind));
            assert!(
                f.remediation.contains("rootctl plan-removal"),
                "{}",
                f.remediation
            );
        } else {
            assert_eq!(f.status, FindingStatus::Passed, "{}", f.id);
            assert_eq!(f.severity, Severity::Informational);
            assert!(f.credential_ids.is_empty());
        }
        let expected: Vec<&str> = CONTROLS
            .iter()
            .filter(|c| c.kinds.contains(&kind))
            .map(|c| c.id)
            .collect();
        let controls: Vec<&str> = f.controls.iter().map(|c| c.id).collect();
        assert_eq!(controls, expected);
    }
    let failed = |kind: CredentialKind| {
        findings
            .iter()
            .filter(|f| {
                f.subject == FindingSubject::Credentials(kind) && f.status == FindingStatus::Failed
            })
            .count()
    };
    let s = report.summary;
    assert_eq!(failed(CredentialKind::Password), s.with_password);
    assert_eq!(failed(CredentialKind::AccessKey), s.with_access_keys);
    assert_eq!(
        failed(CredentialKind::SigningCertificate),
        s.with_signing_certificates
    );
    assert_eq!(failed(CredentialKind::MfaDevice), s.with_mfa);
    assert!(s.with_access_keys > 0 && s.clean + s.with_password < s.audited * 2);
}

#[test]
fn severities_by_kind() {
    assert_eq!(
        Severity::of_kind(CredentialKind::AccessKey),
        Severity::Critical
    );
    assert_eq!(Severity::of_kind(CredentialKind::Password), Severity::High);
    assert_eq!(
        Severity::of_kind(CredentialKind::SigningCertificate),
        Severity::High
    );
    assert_eq!(Severity::of_kind(CredentialKind::MfaDevice), Severity::Low);
    assert_eq!(
        (
            Severity::Informational.ocsf_id(),
            Severity::Critical.ocsf_id()
        ),
        (1, 5)
    );
}

#[tokio::test]
async fn a_failed_audit_is_not_available_never_passed() {
    let org = org();
    let denied = org.members()[1].account.id;
    org.deny_root_sessions(&denied, ScpDeny::AssumeRoot)
        .unwrap();
    let report = audit(&org, false).await;
    let theirs: Vec<Finding> = report
        .findings()
        .into_iter()
        .filter(|f| f.account_id == denied)
        .collect();
    assert_eq!(theirs.len(), 4);
    for f in &theirs {
        assert_eq!(f.status, FindingStatus::NotAvailable, "{}", f.id);
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.details.contains_key("Error"));
    }
    let asff = report.to_asff(None).unwrap();
    let ocsf = report.to_ocsf();
    for (a, o) in asff.iter().zip(&ocsf) {
        if a["Resources"][0]["Id"] == format!("AWS::::Account:{denied}") {
            assert_eq!(a["Compliance"]["Status"], "NOT_AVAILABLE");
            assert_eq!(o["compliance"]["status_id"], 0);
            assert_eq!(o["status_id"], 1, "not resolved");
        }
    }
}

#[tokio::test]
async fn a_kind_the_summary_counts_but_the_lists_miss_is_no_pass() {
    let org = SimulatedOrg::builder()
        .members(8)
        .seed(3)
        .password_share(0.3)
        .build();
    let mut report = audit(&org, false).await;
    let clean = report
        .accounts
        .iter_mut()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(RootCredentials::is_empty)
        })
        .expect("a clean account");
    let id = clean.account_id;
    // A key created between the list call and GetAccountSummary.
    clean.account_summary = Some(crate::model::AccountSummary {
        access_keys_present: 1,
        ..Default::default()
    });
    clean.warnings = vec!["AccountAccessKeysPresent is 1, the list shows 0".to_owned()];
    let theirs: Vec<Finding> = report
        .findings()
        .into_iter()
        .filter(|f| f.account_id == id)
        .collect();
    for f in &theirs {
        let expected = if f.subject == FindingSubject::Credentials(CredentialKind::AccessKey) {
            FindingStatus::Warning
        } else {
            FindingStatus::Passed
        };
        assert_eq!(f.status, expected, "{}", f.id);
    }
    let keys = theirs
        .iter()
        .find(|f| f.status == FindingStatus::Warning)
        .unwrap();
    assert_eq!(keys.severity, Severity::Medium);
    assert!(keys.title.contains("disagree"), "{}", keys.title);
}

#[tokio::test]
async fn a_fixed_account_flips_to_passed_under_the_same_id() {
    let org = org();
    let before = audit(&org, false).await;
    let held = before
        .findings()
        .into_iter()
        .find(|f| f.status == FindingStatus::Failed)
        .expect("someone holds something");
    org.set_credentials(&held.account_id, RootCredentials::default())
        .unwrap();
    let after = audit(&org, false).await.findings();
    let now = after.iter().find(|f| f.id == held.id).unwrap();
    assert_eq!(now.status, FindingStatus::Passed);
    assert_eq!(now.severity, Severity::Informational);
}

const REQUIRED: [&str; 13] = [
    "AwsAccountId",
    "CreatedAt",
    "Description",
    "GeneratorId",
    "Id",
    "ProductArn",
    "Resources",
    "SchemaVersion",
    "Severity",
    "Title",
    "Types",
    "UpdatedAt",
    "Compliance",
];

fn non_empty(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

#[tokio::test]
async fn every_asff_finding_carries_what_batch_import_findings_requires() {
    let report = audit(&org(), false).await;
    assert_eq!(report.region.as_deref(), Some("us-east-1"), "recorded");
    let caller = report.caller.account_id.to_string();
    for f in report.to_asff(None).unwrap() {
        for key in REQUIRED {
            assert!(non_empty(&f[key]), "{key} in {f}");
        }
        assert_eq!(f["SchemaVersion"], "2018-10-08");
        assert_eq!(
            f["ProductArn"],
            format!("arn:aws:securityhub:us-east-1:{caller}:product/{caller}/default")
        );
        assert_eq!(f["AwsAccountId"], caller.as_str());
        assert!(non_empty(&f["Severity"]["Label"]));
        assert_eq!(f["FindingProviderFields"]["Severity"], f["Severity"]);
        let resource = &f["Resources"][0];
        assert_eq!(resource["Type"], "AwsAccount");
        assert!(
            resource["Id"]
                .as_str()
                .unwrap()
                .starts_with("AWS::::Account:")
        );
        assert_eq!(
            (&resource["Partition"], &resource["Region"]),
            (&json!("aws"), &json!("us-east-1"))
        );
        assert!(non_empty(&f["Remediation"]["Recommendation"]["Text"]));
        for value in f["ProductFields"].as_object().unwrap().values() {
            assert!(value.is_string());
        }
        assert!(f["CreatedAt"].as_str().unwrap().ends_with('Z'));
    }
}

#[tokio::test]
async fn asff_needs_a_region_and_names_its_partition() {
    let mut report = audit(&org(), false).await;
    report.region = None;
    let err = report.to_asff(None).unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err}");
    assert!(err.to_string().contains("region"), "{err}");
    let bad = report.to_asff(Some("us-east-1:123")).unwrap_err();
    assert!(matches!(bad, Error::InvalidInput { .. }), "{bad}");
    let china = report.to_asff(Some("cn-north-1")).unwrap();
    assert!(
        china[0]["ProductArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws-cn:securityhub:cn-north-1:")
    );
    assert_eq!(china[0]["Resources"][0]["Partition"], "aws-cn");
    // The argument wins over the report's region.
    report.region = Some("eu-west-1".into());
    let given = report.to_asff(Some("us-gov-west-1")).unwrap();
    assert_eq!(given[0]["Resources"][0]["Region"], "us-gov-west-1");
}

#[tokio::test]
async fn asff_keeps_to_security_hubs_limits() {
    let mut report = audit(&org(), false).await;
    for a in &mut report.accounts {
        a.name = "n".repeat(3000);
        a.ou_path = "Root/".repeat(1000);
        a.warnings = vec!["w".repeat(5000)];
    }
    for f in report.to_asff(None).unwrap() {
        let chars = |v: &Value| v.as_str().unwrap().chars().count();
        assert!(chars(&f["Title"]) <= AsffLimits::TITLE);
        assert!(chars(&f["Description"]) <= AsffLimits::DESCRIPTION);
        assert!(chars(&f["Remediation"]["Recommendation"]["Text"]) <= AsffLimits::REMEDIATION_TEXT);
        let fields = f["ProductFields"].as_object().unwrap();
        assert!(fields.len() <= AsffLimits::PRODUCT_FIELDS);
        for (k, v) in fields {
            assert!(k.chars().count() <= AsffLimits::PRODUCT_FIELD_KEY);
            assert!(chars(v) <= AsffLimits::PRODUCT_FIELD_VALUE, "{k}");
        }
        let related = f["Compliance"]["RelatedRequirements"].as_array().unwrap();
        assert!(related.len() <= AsffLimits::RELATED_REQUIREMENTS);
        assert!(f["Title"].as_str().unwrap().ends_with('…'));
    }
}

#[tokio::test]
async fn a_blocked_preflight_task_fails_with_the_fix() {
    let org = org();
    let member = deny_root(&org);
    let report = audit(&org, true).await;
    let findings = report.findings();
    assert_eq!(
        findings.len(),
        report.accounts.len() * 6,
        "four kinds, two tasks"
    );
    let task = |account: AccountId, task: RootTask| {
        findings
            .iter()
            .find(|f| f.account_id == account && f.subject == FindingSubject::ScpTask(task))
            .unwrap()
    };
    let blocked = task(member, RootTask::Delete);
    assert_eq!(blocked.status, FindingStatus::Failed);
    assert_eq!(blocked.severity, Severity::Medium);
    assert!(
        blocked.id.ends_with(&format!("{member}/scp/delete")),
        "{}",
        blocked.id
    );
    assert!(
        blocked.remediation.contains("aws:AssumedRoot"),
        "{}",
        blocked.remediation
    );
    assert!(blocked.details["ScpFix"].contains("aws:AssumedRoot"));
    let other = report
        .accounts
        .iter()
        .find(|a| a.account_id != member)
        .unwrap();
    assert_eq!(
        task(other.account_id, RootTask::Audit).status,
        FindingStatus::Passed
    );
    let asff = report.to_asff(None).unwrap();
    let row = asff
        .iter()
        .find(|f| f["Id"] == blocked.id.as_str())
        .unwrap();
    assert_eq!(row["Compliance"]["Status"], "FAILED");
    assert_eq!(row["GeneratorId"], "rootctl/scp-preflight/delete");
}

/// Red team: `GetAccountSummary` says the root user has an access key, the list found
/// none (a key created between the two reads, or a list AWS cut short). The audit keeps
/// the disagreement as a warning, but the access-key finding is `PASSED` (with the
/// warning in a product field nobody filters on), so Security Hub closes the control on
/// evidence that contradicts itself. A kind whose summary and list disagree should not
/// pass (`WARNING` or `NOT_AVAILABLE`).
#[tokio::test]
async fn redteam_a_kind_the_summary_reports_but_the_list_missed_is_no_pass() {
    let mut report = audit(&org(), false).await;
    let account = report
        .accounts
        .iter_mut()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(|c| c.access_keys.is_empty())
        })
        .expect("an account without access keys");
    let id = account.account_id;
    account
        .account_summary
        .as_mut()
        .expect("a summary")
        .access_keys_present = 1;
    // What ops::audit::read::cross_check writes for this disagreement.
    account.warnings = vec![
        "GetAccountSummary reports AccountAccessKeysPresent present, the lists found them absent"
            .to_owned(),
    ];
    let findings = report.findings();
    let keys = findings
        .iter()
        .find(|f| {
            f.account_id == id
                && f.subject == FindingSubject::Credentials(CredentialKind::AccessKey)
        })
        .unwrap();
    assert_ne!(
        keys.status,
        FindingStatus::Passed,
        "{}: {}",
        keys.title,
        keys.details.get("AuditWarnings").map_or("", String::as_str)
    );
}

/// Red team: an enforcement whose policy does not forbid access keys (or an exception
/// that keeps one) writes the held root access key as `PASSED`, under the very id the
/// audit's `FAILED`/`CRITICAL` finding has, with IAM.4, CIS 2.4 and the Config rule in
/// `RelatedRequirements`. Importing it closes the audit's finding in Security Hub
/// although, by the control table (`controls.rs`), every one of those controls fails for
/// this account. A held credential must never be a pass.
#[tokio::test]
async fn redteam_an_enforcement_never_passes_a_held_access_key() {
    let org = org();
    let rc = Rootctl::simulated(org.clone());
    let before = rc.audit(&Selection::all(), None).await.unwrap();
    let holder = before
        .accounts
        .iter()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(|c| !c.access_keys.is_empty())
        })
        .expect("an account with a root access key");
    let id = format!(
        "rootctl/{}/{}/root-credentials/access_key",
        before.organization_id, holder.account_id
    );
    let audit_finding = before.findings().into_iter().find(|f| f.id == id).unwrap();
    assert_eq!(audit_finding.status, FindingStatus::Failed);
    // A policy that forbids passwords only: the key stays.
    let policy = crate::EnforcementPolicy::from_toml("kinds = [\"password\"]\n").unwrap();
    let report = rc
        .enforce(&policy, crate::EnforceOptions::default())
        .await
        .unwrap();
    let enforced = report.findings().into_iter().find(|f| f.id == id).unwrap();
    assert_eq!(
        enforced.credential_ids, audit_finding.credential_ids,
        "still held"
    );
    let iam4 = crate::evidence::controls::Control::by_id("SecurityHub-IAM.4").unwrap();
    assert!(enforced.controls.contains(&iam4));
    assert_ne!(
        enforced.status,
        FindingStatus::Passed,
        "{} (same id as the audit's FAILED finding)",
        enforced.title
    );
}

/// Red team: an isolated-partition region is accepted, and `Resources[].Partition`
/// becomes `aws-iso`, a value the ASFF `Partition` enum (`aws`, `aws-cn`, `aws-us-gov`)
/// does not have: BatchImportFindings rejects every finding of the batch.
#[tokio::test]
async fn redteam_asff_partition_is_one_security_hub_accepts() {
    let report = audit(&org(), false).await;
    for region in ["us-iso-east-1", "us-isob-east-1"] {
        let Ok(findings) = report.to_asff(Some(region)) else {
            continue; // refusing the region is a fine answer
        };
        let partition = findings[0]["Resources"][0]["Partition"].as_str().unwrap();
        assert!(
            ["aws", "aws-cn", "aws-us-gov"].contains(&partition),
            "{region}: Partition {partition}"
        );
    }
}

/// Red team: every string of `ProductFields` and `Resources[].Details.Other` is an ASFF
/// `NonEmptyString` (pattern `.*\S.*`, botocore's securityhub model, shape `FieldMap`),
/// but an account whose OU path is empty (a saved audit read back with
/// `AuditReport.from_json`, which checks nothing) writes `"rootctl/OuPath": ""` and
/// `"OuPath": ""`, which BatchImportFindings rejects.
#[tokio::test]
async fn redteam_asff_field_maps_hold_no_blank_value() {
    let mut report = audit(&org(), false).await;
    report.accounts[0].ou_path = String::new();
    report.accounts[1].name = " ".to_owned();
    for f in report.to_asff(None).unwrap() {
        let maps = [&f["ProductFields"], &f["Resources"][0]["Details"]["Other"]];
        for map in maps {
            for (k, v) in map.as_object().unwrap() {
                let v = v.as_str().unwrap();
                assert!(!v.trim().is_empty(), "{}: {k} = {v:?}", f["Id"]);
            }
        }
    }
}

/// What a pre-flight task finding tells a reader, for each verdict: the title's verb, the
/// remediation, and the blocking policy named by its name and id, or its id alone.
#[tokio::test]
async fn a_task_findings_text_follows_its_verdict_and_names_the_policy() {
    let org = org();
    let member = deny_root(&org);
    let mut report = audit(&org, true).await;
    let of = |report: &AuditReport, account: AccountId, status: FindingStatus| {
        report
            .findings()
            .into_iter()
            .find(|f| {
                f.account_id == account
                    && matches!(f.subject, FindingSubject::ScpTask(_))
                    && f.status == status
            })
            .unwrap()
    };
    let other = org.members()[0].account.id;
    let passed = of(&report, other, FindingStatus::Passed);
    assert!(
        passed.title.starts_with("Service control policies allow"),
        "{}",
        passed.title
    );
    assert_eq!(passed.remediation, "Nothing to do.");
    let blocked = of(&report, member, FindingStatus::Failed);
    assert!(
        blocked.title.starts_with("Service control policies block"),
        "{}",
        blocked.title
    );
    assert!(
        blocked.description.contains(" blocks "),
        "{}",
        blocked.description
    );
    let scps = report
        .accounts
        .iter_mut()
        .find(|a| a.account_id == member)
        .unwrap()
        .scp
        .as_mut()
        .unwrap();
    let finding = &scps.findings[0];
    let (name, id) = (finding.policy_name.clone(), finding.policy_id.clone());
    let id = id.expect("the simulator names the policy's id");
    match name {
        Some(name) => assert!(
            blocked
                .remediation
                .contains(&format!("policy {name} ({id})")),
            "{}",
            blocked.remediation
        ),
        None => assert!(blocked.remediation.contains(&format!("policy {id}"))),
    }
    // Without a name, the id alone; without either, the statement's kind.
    for f in &mut scps.findings {
        f.policy_name = None;
    }
    let unnamed = of(&report, member, FindingStatus::Failed);
    assert!(
        unnamed
            .remediation
            .contains(&format!("Change policy {id} attached")),
        "{}",
        unnamed.remediation
    );
    // A verdict that may block is a warning, and says so.
    let scps = report
        .accounts
        .iter_mut()
        .find(|a| a.account_id == member)
        .unwrap()
        .scp
        .as_mut()
        .unwrap();
    for verdict in scps.verdicts.values_mut() {
        *verdict = crate::scp::Verdict::Unknown;
    }
    for f in &mut scps.findings {
        f.verdict = crate::scp::Verdict::Unknown;
    }
    let may = of(&report, member, FindingStatus::Warning);
    assert!(
        may.title.starts_with("Service control policies may block"),
        "{}",
        may.title
    );
    assert!(
        may.description.contains(" may block "),
        "{}",
        may.description
    );
}

/// A credential finding carries the audit's warnings, and the oldest date of the
/// credentials it names (ASFF `FirstObservedAt`).
#[tokio::test]
async fn a_credential_finding_carries_the_audits_warnings_and_its_oldest_date() {
    let mut report = audit(&org(), false).await;
    let holder = report
        .accounts
        .iter_mut()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(|c| c.access_keys.iter().any(|k| k.created.is_some()))
        })
        .expect("an account with a dated access key");
    let id = holder.account_id;
    let oldest = holder
        .credentials
        .as_ref()
        .unwrap()
        .access_keys
        .iter()
        .filter_map(|k| k.created)
        .min();
    holder.warnings = vec!["a summary that disagrees".to_owned()];
    let findings = report.findings();
    let key = findings
        .iter()
        .find(|f| {
            f.account_id == id
                && f.subject == FindingSubject::Credentials(CredentialKind::AccessKey)
        })
        .unwrap();
    assert_eq!(key.first_observed_at, oldest);
    assert!(oldest.is_some());
    assert_eq!(key.details["AuditWarnings"], "a summary that disagrees");
    let quiet = findings
        .iter()
        .find(|f| f.account_id != id && matches!(f.subject, FindingSubject::Credentials(_)))
        .unwrap();
    assert!(
        !quiet.details.contains_key("AuditWarnings"),
        "{:?}",
        quiet.details
    );
}
