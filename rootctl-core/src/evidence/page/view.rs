//! What the page shows, counted here: the template lays these numbers out and counts
//! nothing itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::Evidence;
use crate::evidence::controls::{CONTROLS, ControlStatus};
use crate::model::{AccountId, CredentialKind, RootCredentials, RootTask};
use crate::ops::unlock::sha256_hex;
use crate::ops::{AccountAudit, AuditReport, ExceptionState, ScpReport, SkipReason};
use crate::scp::Verdict;

/// How many OUs the chart by OU draws; the others are summed in one last bar.
const OU_BARS: usize = 20;

/// An account's colour on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Status {
    /// Audited, and its root user holds no credential.
    Clean,
    /// Audited, and its root user holds at least one credential.
    Holding,
    /// Holds credentials an enforcement policy's exception lets it keep.
    Excepted,
    /// Its audit failed: nobody knows what it holds.
    Failed,
    /// Not targeted (the management account, not ACTIVE, excluded, ...).
    Skipped,
}

impl Status {
    const ALL: [Status; 5] = [
        Status::Clean,
        Status::Holding,
        Status::Excepted,
        Status::Failed,
        Status::Skipped,
    ];
}

/// Counts by status.
#[derive(Clone, Debug, Default, Serialize)]
pub(super) struct Counts {
    total: usize,
    clean: usize,
    holding: usize,
    excepted: usize,
    failed: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        self.total += 1;
        *match status {
            Status::Clean => &mut self.clean,
            Status::Holding => &mut self.holding,
            Status::Excepted => &mut self.excepted,
            Status::Failed => &mut self.failed,
            Status::Skipped => &mut self.skipped,
        } += 1;
    }

    fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.clean += other.clean;
        self.holding += other.holding;
        self.excepted += other.excepted;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// Each status's share of the total, in percent, for the stacked bars.
    fn shares(&self) -> Vec<(Status, f64)> {
        let counts = [
            self.clean,
            self.holding,
            self.excepted,
            self.failed,
            self.skipped,
        ];
        Status::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| (status, percent(n, self.total)))
            .collect()
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// One credential, as a line of its account's details.
#[derive(Debug, Serialize)]
struct Credential {
    kind: &'static str,
    id: String,
    detail: String,
}

/// One account in the tree.
#[derive(Debug, Serialize)]
struct AccountRow {
    id: AccountId,
    name: String,
    status: Status,
    credentials: Vec<Credential>,
    warnings: Vec<String>,
    /// Why the audit failed or the account was skipped.
    note: Option<String>,
}

/// One OU in the tree, with what is under it.
#[derive(Debug, Default, Serialize)]
struct OuNode {
    name: String,
    path: String,
    counts: Counts,
    children: Vec<OuNode>,
    accounts: Vec<AccountRow>,
}

impl OuNode {
    fn insert(&mut self, path: &[&str], account: AccountRow) {
        self.counts.add(account.status);
        let Some((first, rest)) = path.split_first() else {
            self.accounts.push(account);
            return;
        };
        let index = match self.children.iter().position(|c| c.name == *first) {
            Some(index) => index,
            None => {
                let path = if self.path.is_empty() {
                    (*first).to_owned()
                } else {
                    format!("{}/{first}", self.path)
                };
                self.children.push(OuNode {
                    name: (*first).to_owned(),
                    path,
                    ..OuNode::default()
                });
                self.children.len() - 1
            }
        };
        self.children[index].insert(rest, account);
    }

    fn sort(&mut self) {
        self.children.sort_by(|a, b| a.name.cmp(&b.name));
        self.accounts.sort_by_key(|a| a.id);
        self.children.iter_mut().for_each(OuNode::sort);
    }
}

/// One bar of the chart by credential kind.
#[derive(Debug, Serialize)]
struct KindBar {
    kind: &'static str,
    accounts: usize,
    credentials: usize,
    width: f64,
}

/// One bar of the chart by OU: its counts and each status's share.
#[derive(Debug, Serialize)]
struct OuBar {
    path: String,
    /// The path, shortened from the left to fit beside its bar.
    label: String,
    counts: Counts,
    segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
struct Segment {
    status: Status,
    start: f64,
    width: f64,
}

/// One control of the mapping, for the organization.
#[derive(Debug, Serialize)]
struct ControlRow {
    id: &'static str,
    framework: &'static str,
    requirement: &'static str,
    title: &'static str,
    status: &'static str,
    passed: usize,
    failed: usize,
    not_applicable: usize,
    unknown: usize,
}

#[derive(Debug, Serialize)]
struct ExceptionRow {
    account_id: AccountId,
    keep: Vec<String>,
    reason: String,
    expires: Option<String>,
    expired: bool,
    in_scope: bool,
}

#[derive(Debug, Serialize)]
struct ScpBlock {
    account_id: AccountId,
    name: String,
    task: String,
    verdict: &'static str,
    policy: String,
    reason: String,
    fix: Option<String>,
}

#[derive(Debug, Serialize)]
struct UnlockRow {
    account_id: AccountId,
    resource: String,
    outcome: String,
    backup: Option<String>,
    detail: Option<String>,
}

/// The run's metadata, so the page is evidence on its own.
#[derive(Debug, Serialize)]
struct Meta {
    organization_id: String,
    management_account_id: AccountId,
    caller_arn: String,
    caller_account: AccountId,
    region: Option<String>,
    started_at: String,
    finished_at: String,
    rootctl_version: &'static str,
    audit_sha256: String,
    /// Whether `audit_sha256` is the digest of the file the audit was read from.
    audit_file: bool,
    policy_digest: Option<String>,
    enforcement: Option<String>,
    unlock: Option<String>,
    scps: Option<String>,
    features: Option<String>,
}

/// Everything the template draws.
#[derive(Debug, Serialize)]
pub(super) struct PageView {
    meta: Meta,
    counts: Counts,
    kinds: Vec<KindBar>,
    ous: Vec<OuBar>,
    controls: Vec<ControlRow>,
    /// Members the selection left out, counted as not audited by every control.
    left_out: usize,
    tree: OuNode,
    exceptions: Vec<ExceptionRow>,
    scp_blocks: Vec<ScpBlock>,
    unlock: Vec<UnlockRow>,
}

impl PageView {
    pub(super) fn new(evidence: &Evidence) -> Self {
        let audit = &evidence.audit;
        let excepted = excepted_accounts(evidence);
        let mut tree = OuNode::default();
        let mut by_ou: BTreeMap<String, Counts> = BTreeMap::new();
        for account in &audit.accounts {
            let row = audited_row(account, excepted.contains(&account.account_id));
            let path = placed(&account.ou_path);
            by_ou.entry(path.to_owned()).or_default().add(row.status);
            tree.insert(&segments(path), row);
        }
        for skipped in &audit.skipped {
            let row = AccountRow {
                id: skipped.account_id,
                name: skipped.name.clone(),
                status: Status::Skipped,
                credentials: Vec::new(),
                warnings: Vec::new(),
                note: Some(skipped.reason.to_string()),
            };
            let path = placed(&skipped.ou_path);
            by_ou
                .entry(path.to_owned())
                .or_default()
                .add(Status::Skipped);
            tree.insert(&segments(path), row);
        }
        tree.sort();
        let features_on = evidence
            .features
            .map(|f| f.trusted_access && f.root_credentials_management && f.root_sessions);
        let left_out = left_out(audit);
        PageView {
            meta: meta(evidence),
            counts: tree.counts.clone(),
            kinds: kind_bars(&audit.accounts),
            ous: ou_bars(by_ou),
            controls: control_rows(&audit.accounts, left_out, &excepted, features_on),
            left_out,
            tree,
            exceptions: exception_rows(evidence),
            scp_blocks: scp_blocks(&audit.accounts, evidence.scps.as_ref()),
            unlock: unlock_rows(evidence),
        }
    }
}

/// The path an account is drawn under: its OU path, or a group of its own for a report
/// that did not record one.
fn placed(ou_path: &str) -> &str {
    if ou_path.is_empty() {
        "(OU not recorded)"
    } else {
        ou_path
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The accounts an exception in force lets keep everything the audit found: an exception
/// of the enforcement run, not expired, in its scope, whose `keep` covers every kind the
/// account holds. An account holding one kind more is holding credentials, whatever the
/// run said when it ran.
fn excepted_accounts(evidence: &Evidence) -> HashSet<AccountId> {
    let Some(enforcement) = &evidence.enforcement else {
        return HashSet::new();
    };
    evidence
        .audit
        .accounts
        .iter()
        .filter(|audit| {
            let Some(creds) = &audit.credentials else {
                return false;
            };
            enforcement.exceptions.iter().any(|e| {
                e.account_id == audit.account_id
                    && in_force(e, &evidence.audit)
                    && CredentialKind::ALL
                        .into_iter()
                        .all(|kind| !creds.holds(kind) || e.keep.contains(&kind))
            })
        })
        .map(|audit| audit.account_id)
        .collect()
}

/// The audited inventory, when it decides the controls: `None` for an account not
/// audited, and for one whose `GetAccountSummary` counts a credential kind the lists did
/// not return (created or removed between the reads), which no control may pass on.
fn decided(audit: &AccountAudit) -> Option<&RootCredentials> {
    let creds = audit.credentials.as_ref()?;
    let unseen = CredentialKind::ALL
        .into_iter()
        .any(|kind| !creds.holds(kind) && audit.account_summary.is_some_and(|s| s.shows(kind)));
    if unseen { None } else { Some(creds) }
}

/// Whether an exception was in force when the audit ran: not expired by the enforcement
/// run, in its scope, and not expired by the audit's day either (an exception ends on its
/// `expires` day, as enforcement reads it).
fn in_force(exception: &ExceptionState, audit: &AuditReport) -> bool {
    let day = audit.started_at.date_naive();
    !exception.expired && exception.in_scope && exception.expires.is_none_or(|d| day < d)
}

fn audited_row(audit: &AccountAudit, excepted: bool) -> AccountRow {
    let status = match (&audit.credentials, decided(audit)) {
        (None, _) => Status::Failed,
        // Empty lists the summary contradicts: not decided, so never clean.
        (Some(creds), None) if creds.is_empty() => Status::Failed,
        (Some(creds), _) if creds.is_empty() => Status::Clean,
        (Some(_), _) if excepted => Status::Excepted,
        (Some(_), _) => Status::Holding,
    };
    AccountRow {
        id: audit.account_id,
        name: audit.name.clone(),
        status,
        credentials: audit
            .credentials
            .as_ref()
            .map(credentials)
            .unwrap_or_default(),
        warnings: audit.warnings.clone(),
        note: audit.error.as_ref().map(ToString::to_string),
    }
}

fn credentials(creds: &RootCredentials) -> Vec<Credential> {
    let date = |t: Option<crate::model::Timestamp>| {
        t.map_or_else(
            || "date unknown".to_owned(),
            |t| t.format("%Y-%m-%d").to_string(),
        )
    };
    let mut lines = Vec::new();
    if let Some(password) = &creds.password {
        lines.push(Credential {
            kind: CredentialKind::Password.as_str(),
            id: "password".to_owned(),
            detail: format!("set {}", date(Some(password.created))),
        });
    }
    for key in &creds.access_keys {
        let used = key.last_used.as_ref().and_then(|u| u.date);
        lines.push(Credential {
            kind: CredentialKind::AccessKey.as_str(),
            id: key.id.clone(),
            detail: format!(
                "{}, created {}, last used {}",
                key.status,
                date(key.created),
                used.map_or_else(|| "never".to_owned(), |t| date(Some(t)))
            ),
        });
    }
    for cert in &creds.signing_certificates {
        lines.push(Credential {
            kind: CredentialKind::SigningCertificate.as_str(),
            id: cert.id.clone(),
            detail: format!("{}, uploaded {}", cert.status, date(cert.uploaded)),
        });
    }
    for device in &creds.mfa_devices {
        lines.push(Credential {
            kind: CredentialKind::MfaDevice.as_str(),
            id: device.serial.clone(),
            detail: format!("{:?}, enabled {}", device.kind, date(device.enabled)).to_lowercase(),
        });
    }
    lines
}

fn kind_bars(accounts: &[AccountAudit]) -> Vec<KindBar> {
    let audited: Vec<&RootCredentials> = accounts
        .iter()
        .filter_map(|a| a.credentials.as_ref())
        .collect();
    let bars: Vec<(CredentialKind, usize, usize)> = CredentialKind::ALL
        .into_iter()
        .map(|kind| {
            let holding = audited.iter().filter(|c| c.holds(kind)).count();
            let total = audited.iter().map(|c| c.ids(kind).len()).sum();
            (kind, holding, total)
        })
        .collect();
    let most = bars.iter().map(|b| b.1).max().unwrap_or(0);
    bars.into_iter()
        .map(|(kind, accounts, credentials)| KindBar {
            kind: kind.as_str(),
            accounts,
            credentials,
            width: percent(accounts, most),
        })
        .collect()
}

fn ou_bars(by_ou: BTreeMap<String, Counts>) -> Vec<OuBar> {
    let mut ous: Vec<(String, Counts)> = by_ou.into_iter().collect();
    // The OUs with the most accounts holding credentials first, then by path.
    ous.sort_by(|a, b| {
        let risk = |c: &Counts| c.holding + c.failed;
        risk(&b.1).cmp(&risk(&a.1)).then(a.0.cmp(&b.0))
    });
    let mut bars: Vec<(String, Counts)> = ous.drain(..ous.len().min(OU_BARS)).collect();
    if !ous.is_empty() {
        let mut rest = Counts::default();
        ous.iter().for_each(|(_, c)| rest.merge(c));
        bars.push((format!("{} other OUs", ous.len()), rest));
    }
    bars.into_iter()
        .map(|(path, counts)| {
            let mut start = 0.0;
            let segments = counts
                .shares()
                .into_iter()
                .map(|(status, width)| {
                    let segment = Segment {
                        status,
                        start,
                        width,
                    };
                    start += width;
                    segment
                })
                .collect();
            OuBar {
                label: short_label(&path),
                path,
                counts,
                segments,
            }
        })
        .collect()
}

fn short_label(path: &str) -> String {
    const MAX: usize = 30;
    let chars: Vec<char> = path.chars().collect();
    if chars.len() <= MAX {
        return path.to_owned();
    }
    let tail: String = chars[chars.len() - (MAX - 1)..].iter().collect();
    format!("…{tail}")
}

/// Members the selection left out (not selected, excluded): nobody looked at their root
/// users, so the organization's verdicts count them as not audited. The management
/// account and members that are not ACTIVE are outside centralized root access.
fn left_out(audit: &AuditReport) -> usize {
    audit
        .skipped
        .iter()
        .filter(|s| {
            !matches!(
                s.reason,
                SkipReason::ManagementAccount | SkipReason::NotActive { .. }
            )
        })
        .count()
}

fn control_rows(
    accounts: &[AccountAudit],
    left_out: usize,
    excepted: &HashSet<AccountId>,
    features_on: Option<bool>,
) -> Vec<ControlRow> {
    CONTROLS
        .iter()
        .map(|control| {
            let verdicts: Vec<ControlStatus> = accounts
                .iter()
                .map(|a| control.evaluate(decided(a), excepted.contains(&a.account_id)))
                .chain(std::iter::repeat_n(ControlStatus::Unknown, left_out))
                .collect();
            let count = |s: ControlStatus| verdicts.iter().filter(|v| **v == s).count();
            ControlRow {
                id: control.id,
                framework: control.framework,
                requirement: control.requirement,
                title: control.title,
                status: control
                    .overall(verdicts.iter().copied(), features_on)
                    .as_str(),
                passed: count(ControlStatus::Passed),
                failed: count(ControlStatus::Failed),
                not_applicable: count(ControlStatus::NotApplicable),
                unknown: count(ControlStatus::Unknown),
            }
        })
        .collect()
}

fn exception_rows(evidence: &Evidence) -> Vec<ExceptionRow> {
    let Some(enforcement) = &evidence.enforcement else {
        return Vec::new();
    };
    enforcement
        .exceptions
        .iter()
        .map(|e| ExceptionRow {
            account_id: e.account_id,
            keep: e.keep.iter().map(|k| k.as_str().to_owned()).collect(),
            reason: e.reason.clone(),
            expires: e.expires.map(|d| d.to_string()),
            expired: e.expired
                || e.expires
                    .is_some_and(|d| evidence.audit.started_at.date_naive() >= d),
            in_scope: e.in_scope,
        })
        .collect()
}

/// Every task an SCP blocks or may block: from the pre-flight report when there is one,
/// else from the verdicts the audit carries.
fn scp_blocks(accounts: &[AccountAudit], scps: Option<&ScpReport>) -> Vec<ScpBlock> {
    let names: HashMap<AccountId, &str> = accounts
        .iter()
        .map(|a| (a.account_id, a.name.as_str()))
        .collect();
    let judged: Vec<&crate::ops::AccountScps> = match scps {
        Some(report) => report.accounts.iter().collect(),
        None => accounts.iter().filter_map(|a| a.scp.as_ref()).collect(),
    };
    let mut blocks = Vec::new();
    for account in judged {
        for (task, verdict) in &account.verdicts {
            if *verdict == Verdict::Allowed {
                continue;
            }
            let findings = account
                .findings
                .iter()
                .filter(|f| f.tasks.contains(task) && f.verdict == *verdict);
            let mut any = false;
            for finding in findings {
                any = true;
                blocks.push(ScpBlock {
                    account_id: account.account_id,
                    name: names
                        .get(&account.account_id)
                        .map_or_else(|| account.name.clone(), |n| (*n).to_owned()),
                    task: task_name(*task),
                    verdict: verdict.as_str(),
                    policy: finding
                        .policy_name
                        .clone()
                        .or_else(|| finding.policy_id.clone())
                        .unwrap_or_else(|| finding.target_id.clone()),
                    reason: finding.reason.clone(),
                    fix: finding
                        .fix
                        .as_ref()
                        .map(|f| serde_json::to_string_pretty(f).unwrap_or_else(|_| f.to_string())),
                });
            }
            if !any {
                blocks.push(ScpBlock {
                    account_id: account.account_id,
                    name: account.name.clone(),
                    task: task_name(*task),
                    verdict: verdict.as_str(),
                    policy: String::new(),
                    reason: String::new(),
                    fix: None,
                });
            }
        }
    }
    blocks
}

fn task_name(task: RootTask) -> String {
    task.to_string()
}

fn unlock_rows(evidence: &Evidence) -> Vec<UnlockRow> {
    let Some(unlock) = &evidence.unlock else {
        return Vec::new();
    };
    unlock
        .items
        .iter()
        .map(|item| UnlockRow {
            account_id: item.account_id,
            resource: format!("{} {} ({})", item.service, item.name, item.region),
            outcome: item.outcome.as_str().replace('_', " "),
            backup: item.backup_path.clone(),
            detail: item
                .detail
                .clone()
                .or_else(|| item.error.as_ref().map(ToString::to_string)),
        })
        .collect()
}

fn meta(evidence: &Evidence) -> Meta {
    let audit = &evidence.audit;
    let audit_json = serde_json::to_string(audit).unwrap_or_default();
    let stamp = |t: &crate::model::Timestamp| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    Meta {
        organization_id: audit.organization_id.clone(),
        management_account_id: audit.management_account_id,
        caller_arn: audit.caller.arn.clone(),
        caller_account: audit.caller.account_id,
        region: audit.region.clone(),
        started_at: stamp(&audit.started_at),
        finished_at: stamp(&audit.finished_at),
        rootctl_version: env!("CARGO_PKG_VERSION"),
        audit_sha256: evidence
            .audit_sha256
            .clone()
            .unwrap_or_else(|| sha256_hex(&audit_json)),
        audit_file: evidence.audit_sha256.is_some(),
        policy_digest: evidence
            .enforcement
            .as_ref()
            .map(|e| e.policy_digest.clone()),
        enforcement: evidence.enforcement.as_ref().map(|e| {
            let s = &e.summary;
            format!(
                "{}{} accounts: {} compliant, {} remediated, {} excepted, {} non-compliant, \
                 {} failed; {} credentials removed; {} to {}",
                if e.dry_run { "dry run, " } else { "" },
                s.accounts,
                s.compliant,
                s.remediated,
                s.excepted,
                s.non_compliant,
                s.failed,
                s.removed,
                stamp(&e.started_at),
                stamp(&e.finished_at)
            )
        }),
        unlock: evidence.unlock.as_ref().map(|u| {
            format!(
                "plan {}{}, {} to {}",
                u.plan_id,
                if u.dry_run { " (dry run)" } else { "" },
                stamp(&u.started_at),
                stamp(&u.finished_at)
            )
        }),
        scps: evidence.scps.as_ref().map(|s| {
            let tasks: Vec<String> = s.tasks.iter().map(ToString::to_string).collect();
            format!(
                "{} policies read, tasks {}",
                s.policies_read,
                tasks.join(", ")
            )
        }),
        features: evidence.features.map(|f| {
            let on = |b: bool| if b { "on" } else { "OFF" };
            format!(
                "trusted access {}, root credentials management {}, root sessions {}",
                on(f.trusted_access),
                on(f.root_credentials_management),
                on(f.root_sessions)
            )
        }),
    }
}
