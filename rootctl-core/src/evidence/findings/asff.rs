//! Findings in the AWS Security Finding Format, for Security Hub's `BatchImportFindings`
//! (docs/findings.md#asff).

use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

use super::text::clip;
use super::{Finding, FindingSubject, Origin};
use crate::error::{Error, Result};
use crate::model::{Partition, Timestamp, check_region_name};

/// The ASFF version every finding declares (`SchemaVersion`).
pub const ASFF_SCHEMA_VERSION: &str = "2018-10-08";

/// The limits Security Hub puts on the attributes rootctl fills, which it keeps to
/// (cutting text with `…`).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AsffLimits;

impl AsffLimits {
    /// `Title`, in characters.
    pub const TITLE: usize = 256;
    /// `Description`, in characters.
    pub const DESCRIPTION: usize = 1024;
    /// `Remediation.Recommendation.Text`, in characters.
    pub const REMEDIATION_TEXT: usize = 512;
    /// Entries of `ProductFields`.
    pub const PRODUCT_FIELDS: usize = 50;
    /// A `ProductFields` key, in characters.
    pub const PRODUCT_FIELD_KEY: usize = 128;
    /// A `ProductFields` value, in characters.
    pub const PRODUCT_FIELD_VALUE: usize = 2048;
    /// Entries of `Compliance.RelatedRequirements`.
    pub const RELATED_REQUIREMENTS: usize = 32;
    /// `Id` and `GeneratorId`, in characters.
    pub const ID: usize = 512;
}

/// The region the findings go to: `given`, else the report's; an error when neither, or
/// when it is not a region name (it goes into an ARN).
pub(super) fn region<'a>(given: Option<&'a str>, recorded: Option<&'a str>) -> Result<&'a str> {
    let Some(region) = given.or(recorded) else {
        return Err(Error::invalid_input(
            "region",
            "",
            "is needed for ASFF findings (their ProductArn and resource name a region) and the \
             report records none: pass the region Security Hub imports them in",
        ));
    };
    check_region_name(region)?;
    if !SECURITY_HUB_PARTITIONS.contains(&Partition::from_region(region)) {
        return Err(Error::invalid_input(
            "region",
            region,
            "is in a partition whose findings ASFF cannot name (a resource's Partition is \
             aws, aws-cn or aws-us-gov)",
        ));
    }
    Ok(region)
}

pub(super) fn findings(findings: &[Finding], origin: &Origin<'_>) -> Vec<Value> {
    findings.iter().map(|f| finding(f, origin)).collect()
}

fn time(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn finding(f: &Finding, origin: &Origin<'_>) -> Value {
    let region = origin.region.unwrap_or_default();
    let partition = Partition::from_region(region);
    let importer = origin.caller_account.as_str();
    let product_arn =
        format!("arn:{partition}:securityhub:{region}:{importer}:product/{importer}/default");
    let types = types(f);
    let severity = json!({ "Label": f.severity.as_str(), "Original": f.severity.as_str() });
    let mut requirements: Vec<String> = f
        .controls
        .iter()
        .map(|c| format!("{}/{}", c.framework, c.requirement))
        .collect();
    requirements.truncate(AsffLimits::RELATED_REQUIREMENTS);
    let mut out = json!({
        "SchemaVersion": ASFF_SCHEMA_VERSION,
        "Id": clip(&f.id, AsffLimits::ID),
        "ProductArn": product_arn,
        "ProductName": "rootctl",
        "CompanyName": "rootctl",
        "GeneratorId": clip(&generator(f), AsffLimits::ID),
        "AwsAccountId": importer,
        "Types": types,
        "CreatedAt": time(f.created_at),
        "UpdatedAt": time(f.updated_at),
        "LastObservedAt": time(f.updated_at),
        "Severity": severity,
        "FindingProviderFields": { "Severity": severity, "Types": types },
        "Title": clip(&f.title, AsffLimits::TITLE),
        "Description": clip(&f.description, AsffLimits::DESCRIPTION),
        "Remediation": { "Recommendation": {
            "Text": clip(&f.remediation, AsffLimits::REMEDIATION_TEXT),
            "Url": f.remediation_url,
        } },
        "ProductFields": product_fields(f),
        "Resources": [{
            "Type": "AwsAccount",
            "Id": format!("AWS::::Account:{}", f.account_id),
            "Partition": partition.as_str(),
            "Region": region,
            "Details": { "Other": not_blank([
                ("AccountName", clip(&f.account_name, AsffLimits::PRODUCT_FIELD_VALUE)),
                ("OuPath", clip(&f.ou_path, AsffLimits::PRODUCT_FIELD_VALUE)),
                ("OrganizationId", f.organization_id.clone()),
            ]) },
        }],
        "Compliance": {
            "Status": f.status.as_str(),
            "RelatedRequirements": requirements,
        },
        "RecordState": "ACTIVE",
    });
    if let Some(first) = f.first_observed_at {
        out["FirstObservedAt"] = Value::String(time(first));
    }
    if requirements_empty(&out) {
        out["Compliance"]
            .as_object_mut()
            .expect("an object")
            .remove("RelatedRequirements");
    }
    out
}

/// The partitions `Resources[].Partition` accepts (Security Hub API reference,
/// `Resource.Partition`: `aws`, `aws-cn`, `aws-us-gov`).
const SECURITY_HUB_PARTITIONS: [Partition; 3] =
    [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

/// A string map without blank values: Security Hub refuses a map value that is empty or
/// only white space (`ProductFields`, `Details.Other`).
fn not_blank<K: Into<String>>(fields: impl IntoIterator<Item = (K, String)>) -> Map<String, Value> {
    fields
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.into(), Value::String(v)))
        .collect()
}

fn requirements_empty(out: &Value) -> bool {
    out["Compliance"]["RelatedRequirements"]
        .as_array()
        .is_some_and(Vec::is_empty)
}

/// `rootctl/root-credentials/<kind>` or `rootctl/scp-preflight/<task>`: one generator per
/// check, as Security Hub groups findings by it.
pub(super) fn generator(f: &Finding) -> String {
    match f.subject {
        FindingSubject::Credentials(kind) => format!("rootctl/root-credentials/{kind}"),
        FindingSubject::ScpTask(task) => format!("rootctl/scp-preflight/{task}"),
    }
}

/// The ASFF types: a best practice, and an industry standard when a CIS control bears on
/// the subject.
pub(super) fn types(f: &Finding) -> Vec<&'static str> {
    let mut types = vec!["Software and Configuration Checks/AWS Security Best Practices"];
    if f.controls.iter().any(|c| c.id.starts_with("CIS-")) {
        types.push(
            "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark",
        );
    }
    types
}

/// String to string, each key `rootctl/<Name>`, at most [`AsffLimits::PRODUCT_FIELDS`].
fn product_fields(f: &Finding) -> Map<String, Value> {
    let mut fields: Vec<(String, String)> = vec![
        ("Source".into(), f.source.as_str().into()),
        ("OrganizationId".into(), f.organization_id.clone()),
        ("AccountId".into(), f.account_id.to_string()),
        ("AccountName".into(), f.account_name.clone()),
        ("OuPath".into(), f.ou_path.clone()),
        ("Version".into(), env!("CARGO_PKG_VERSION").into()),
    ];
    match f.subject {
        FindingSubject::Credentials(kind) => fields.push(("Kind".into(), kind.to_string())),
        FindingSubject::ScpTask(task) => fields.push(("Task".into(), task.to_string())),
    }
    if !f.credential_ids.is_empty() {
        fields.push(("CredentialIds".into(), f.credential_ids.join(", ")));
    }
    if !f.controls.is_empty() {
        let ids: Vec<&str> = f.controls.iter().map(|c| c.id).collect();
        fields.push(("Controls".into(), ids.join(", ")));
    }
    fields.extend(f.details.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    // Blank values are left out before the cap, as Security Hub refuses them.
    fields
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .take(AsffLimits::PRODUCT_FIELDS)
        .map(|(k, v)| {
            let key = clip(&format!("rootctl/{k}"), AsffLimits::PRODUCT_FIELD_KEY);
            (
                key,
                Value::String(clip(&v, AsffLimits::PRODUCT_FIELD_VALUE)),
            )
        })
        .collect()
}
