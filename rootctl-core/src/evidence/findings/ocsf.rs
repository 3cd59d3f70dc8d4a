//! Findings as OCSF 1.5.0 Compliance Findings (class 2003), for a SIEM or Amazon
//! Security Lake (docs/findings.md#ocsf).

use serde_json::{Map, Value, json};

use super::asff::{generator, types};
use super::{Finding, FindingStatus, FindingSubject, Origin};
use crate::model::Partition;

/// The OCSF version every finding declares (`metadata.version`).
pub const OCSF_VERSION: &str = "1.5.0";

/// The Findings category.
const CATEGORY_UID: u32 = 2;
/// The Compliance Finding class.
const CLASS_UID: u32 = 2003;
/// Activity `Create`: each report states the finding afresh.
const ACTIVITY_ID: u32 = 1;

pub(super) fn findings(findings: &[Finding], origin: &Origin<'_>) -> Vec<Value> {
    findings.iter().map(|f| finding(f, origin)).collect()
}

fn finding(f: &Finding, origin: &Origin<'_>) -> Value {
    let updated = f.updated_at.timestamp_millis();
    let created = f.created_at.timestamp_millis();
    // The finding's own workflow state: a pass is resolved, anything else is new.
    let (status_id, status) = match f.status {
        FindingStatus::Passed => (4, "Resolved"),
        _ => (1, "New"),
    };
    let mut standards: Vec<&str> = f.controls.iter().map(|c| c.framework).collect();
    standards.dedup();
    let requirements: Vec<String> = f
        .controls
        .iter()
        .map(|c| format!("{}/{}", c.framework, c.requirement))
        .collect();
    let checks: Vec<Value> = f
        .controls
        .iter()
        .map(|c| json!({ "uid": c.id, "name": c.title, "standards": [c.framework] }))
        .collect();
    let mut compliance = json!({
        "control": generator(f),
        "status_id": f.status.ocsf_id(),
    });
    if !f.controls.is_empty() {
        compliance["standards"] = json!(standards);
        compliance["requirements"] = json!(requirements);
        compliance["checks"] = json!(checks);
    }
    let mut info = json!({
        "uid": f.id,
        "title": f.title,
        "desc": f.description,
        "created_time": created,
        "modified_time": updated,
        "last_seen_time": updated,
        "types": types(f),
        "data_sources": [format!("rootctl {}", f.source.as_str())],
    });
    if let Some(first) = f.first_observed_at {
        info["first_seen_time"] = json!(first.timestamp_millis());
    }
    json!({
        "activity_id": ACTIVITY_ID,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_ID,
        "type_name": "Compliance Finding: Create",
        "severity_id": f.severity.ocsf_id(),
        "severity": f.severity.caption(),
        "status_id": status_id,
        "status": status,
        "status_code": f.status.as_str(),
        "time": updated,
        "start_time": created,
        "end_time": updated,
        "message": f.title,
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": "rootctl",
                "vendor_name": "rootctl",
                "version": env!("CARGO_PKG_VERSION"),
            },
        },
        "finding_info": info,
        "compliance": compliance,
        "remediation": { "desc": f.remediation, "references": [f.remediation_url] },
        "resources": [resource(f, origin)],
        "unmapped": unmapped(f, origin),
    })
}

/// The account, as OCSF's resource: its id, name, partition and region, its OU path as
/// its group, and the organization and the credential ids as data.
fn resource(f: &Finding, origin: &Origin<'_>) -> Value {
    let mut data = Map::new();
    data.insert("organization_id".into(), json!(f.organization_id));
    data.insert("ou_path".into(), json!(f.ou_path));
    if !f.credential_ids.is_empty() {
        data.insert("credential_ids".into(), json!(f.credential_ids));
    }
    let mut resource = json!({
        "type": "AwsAccount",
        "uid": f.account_id.as_str(),
        "name": f.account_name,
        "group": { "type": "Organizational Unit", "name": f.ou_path },
        "data": data,
    });
    if let Some(region) = origin.region {
        resource["region"] = json!(region);
        resource["cloud_partition"] = json!(Partition::from_region(region).as_str());
    }
    resource
}

/// What OCSF's Compliance Finding has no attribute for: the cloud (a profile the
/// published model leaves out), the subject, the compliance status's name, the details.
fn unmapped(f: &Finding, origin: &Origin<'_>) -> Value {
    let mut rootctl = Map::new();
    rootctl.insert("source".into(), json!(f.source.as_str()));
    rootctl.insert("compliance_status".into(), json!(f.status.as_str()));
    rootctl.insert("compliance_status_name".into(), json!(f.status.caption()));
    match f.subject {
        FindingSubject::Credentials(kind) => rootctl.insert("kind".into(), json!(kind)),
        FindingSubject::ScpTask(task) => rootctl.insert("task".into(), json!(task)),
    };
    for (key, value) in &f.details {
        rootctl.insert(snake(key), json!(value));
    }
    let mut cloud = json!({
        "provider": "AWS",
        "account_uid": f.account_id.as_str(),
        "org_uid": f.organization_id,
        "caller_account_uid": origin.caller_account.as_str(),
    });
    if let Some(region) = origin.region {
        cloud["region"] = json!(region);
    }
    json!({ "rootctl": rootctl, "cloud": cloud })
}

/// `PascalCase` to `snake_case`, e.g. `ExceptionReason` to `exception_reason`.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
