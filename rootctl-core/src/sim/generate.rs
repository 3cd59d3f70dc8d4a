//! Generates an organization from a [`SimBuilder`]: ids in AWS's formats, an OU tree,
//! accounts with states and tags, and the root credentials of each member.
//!
//! One [`Rng`] stream, consumed in a fixed order, so the seed alone fixes the result.
//! Dates are drawn from a fixed window (2017 to 2024), never from the clock, for the same
//! reason.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::builder::{CredentialMix, SimBuilder};
use super::faults::ScpDeny;
use super::rng::Rng;
use super::scps::PolicyStore;
use super::state::{AccountRecord, OrgState, ParentNode};
use crate::model::{
    AccessKey, AccessKeyLastUsed, AccountId, AccountState, CredentialStatus, IAM_SERVICE_PRINCIPAL,
    LoginProfile, MfaDevice, OrgFeature, ParentId, RootCredentials, SigningCertificate, Tags,
    Timestamp,
};

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Access key ids use base32 after their four-letter prefix.
const KEY_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS: &[u8] = b"0123456789";

/// AWS allows OUs five levels deep and 1,000 OUs per organization by default.
const MAX_OU_DEPTH: usize = 5;
const MAX_OUS: usize = 1_000;

const TOP_LEVEL_OUS: &[&str] = &[
    "Security",
    "Workloads",
    "Infrastructure",
    "Sandbox",
    "Policy-Staging",
    "Exceptions",
];
const NESTED_OUS: &[&str] = &["Prod", "NonProd", "Shared", "Test"];
const SERVICES: &[&str] = &["s3", "ec2", "iam", "sts", "cloudformation"];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-southeast-2"];

/// 2017-01-01T00:00:00Z, the start of the window every generated date falls in.
const EPOCH_SECS: i64 = 1_483_228_800;
const DAY_SECS: u64 = 86_400;

fn date(secs: i64) -> Timestamp {
    Timestamp::from_timestamp(secs, 0).unwrap_or_default()
}

/// A date up to `days` days after `after`.
fn later(rng: &mut Rng, after: Timestamp, days: u64) -> Timestamp {
    date(after.timestamp() + rng.below(days * DAY_SECS) as i64)
}

/// Builds the whole organization state.
pub(crate) fn organization(b: &SimBuilder) -> OrgState {
    let mut rng = Rng::new(b.seed);
    let id = format!("o-{}", rng.string(10, LOWER_ALNUM));
    let parents = ou_tree(&mut rng, b.ou_depth, b.ou_fan_out);

    let mut taken = BTreeSet::new();
    let mut fresh_id = |rng: &mut Rng| loop {
        let candidate = rng.string(12, DIGITS);
        let id: AccountId = candidate.parse().expect("12 digits are an account id");
        if taken.insert(id) {
            return id;
        }
    };
    let management = fresh_id(&mut rng);
    let outsider = fresh_id(&mut rng);
    let members: Vec<AccountId> = (0..b.members).map(|_| fresh_id(&mut rng)).collect();

    let mut accounts = BTreeMap::new();
    accounts.insert(
        management,
        AccountRecord {
            name: "management".to_owned(),
            state: AccountState::Active,
            parent: 0,
            joined: date(EPOCH_SECS),
            tags: Tags::new(),
            credentials: RootCredentials::default(),
            assume_root_denied: false,
        },
    );
    for (index, account) in members.iter().enumerate() {
        let (name, parent) = if index == 0 {
            // The security account lives in the first OU, `Security`, when there is one.
            ("security".to_owned(), usize::from(parents.len() > 1))
        } else {
            let parent = rng.below(parents.len() as u64) as usize;
            (format!("workload-{index:04}"), parent)
        };
        let joined = later(&mut rng, date(EPOCH_SECS), 6 * 365);
        let tags = b
            .tags
            .iter()
            .map(|(key, values)| (key.clone(), rng.pick(values).clone()))
            .collect();
        let credentials = root_credentials(&mut rng, &b.credentials, account, joined);
        let record = AccountRecord {
            name,
            state: AccountState::Active,
            parent,
            joined,
            tags,
            credentials,
            assume_root_denied: false,
        };
        accounts.insert(*account, record);
    }

    // The first two members stay ACTIVE and unrestricted: they are where the
    // delegated-admin and member callers live.
    let mut others: Vec<AccountId> = members.iter().skip(2).copied().collect();
    let unusable = rng.choose_front(&mut others, b.suspended + b.pending_closure + b.closed);
    let states = std::iter::repeat_n(AccountState::Suspended, b.suspended)
        .chain(std::iter::repeat_n(
            AccountState::PendingClosure,
            b.pending_closure,
        ))
        .chain(std::iter::repeat_n(AccountState::Closed, b.closed));
    for (account, state) in unusable.iter().zip(states) {
        if let Some(record) = accounts.get_mut(account) {
            record.state = state;
        }
    }
    let mut active: Vec<AccountId> = others
        .into_iter()
        .filter(|a| {
            accounts
                .get(a)
                .is_some_and(|r| r.state == AccountState::Active)
        })
        .collect();
    let denied: Vec<AccountId> = rng.choose_front(&mut active, b.denied_members).to_vec();

    let mut state = OrgState {
        id,
        feature_set: b.feature_set.clone(),
        management,
        security: members[0],
        workload: members[1],
        outsider,
        caller: b.caller,
        parents,
        accounts,
        trusted_access: BTreeSet::new(),
        delegated_admins: BTreeMap::new(),
        features: BTreeSet::new(),
        policies: PolicyStore::default(),
    };
    for account in &denied {
        match b.scp_deny {
            ScpDeny::AssumeRoot => {
                if let Some(record) = state.accounts.get_mut(account) {
                    record.assume_root_denied = true;
                }
            }
            ScpDeny::EveryCall => state.deny_every_root_call(account, true),
        }
    }
    if b.features.trusted_access {
        state
            .trusted_access
            .insert(IAM_SERVICE_PRINCIPAL.to_owned());
    }
    for feature in OrgFeature::ALL {
        if b.features.has(feature) {
            state.features.insert(feature);
        }
    }
    if b.delegated_admin {
        state
            .delegated_admins
            .entry(IAM_SERVICE_PRINCIPAL.to_owned())
            .or_default()
            .insert(state.security);
    }
    state
}

/// The root (`parents[0]`) and its OUs, breadth first.
fn ou_tree(rng: &mut Rng, depth: usize, fan_out: usize) -> Vec<ParentNode> {
    let root_suffix = rng.string(4, LOWER_ALNUM);
    let mut nodes = vec![ParentNode {
        id: format!("r-{root_suffix}").parse().expect("root id pattern"),
        name: "Root".to_owned(),
        parent: None,
    }];
    let mut seen = HashSet::new();
    let mut level = 0..1;
    for depth_now in 1..=depth.min(MAX_OU_DEPTH) {
        let names = if depth_now == 1 {
            TOP_LEVEL_OUS
        } else {
            NESTED_OUS
        };
        let start = nodes.len();
        for parent in level.clone() {
            for child in 0..fan_out {
                if nodes.len() > MAX_OUS {
                    return nodes;
                }
                let id: ParentId = loop {
                    let candidate = format!("ou-{root_suffix}-{}", rng.string(8, LOWER_ALNUM));
                    if seen.insert(candidate.clone()) {
                        break candidate.parse().expect("OU id pattern");
                    }
                };
                let name = names
                    .get(child)
                    .map_or_else(|| format!("Unit-{}", child + 1), |n| (*n).to_owned());
                nodes.push(ParentNode {
                    id,
                    name,
                    parent: Some(parent),
                });
            }
        }
        level = start..nodes.len();
    }
    nodes
}

/// The root credentials of one member, each kind present with its share's probability.
fn root_credentials(
    rng: &mut Rng,
    mix: &CredentialMix,
    account: &AccountId,
    joined: Timestamp,
) -> RootCredentials {
    let mut credentials = RootCredentials::default();
    if rng.chance(mix.password) {
        credentials.password = Some(LoginProfile {
            created: later(rng, joined, 365),
            password_reset_required: false,
        });
    }
    if rng.chance(mix.access_keys) {
        for _ in 0..=rng.below(2) {
            let created = later(rng, joined, 2 * 365);
            let last_used = if rng.chance(0.4) {
                AccessKeyLastUsed::default()
            } else {
                AccessKeyLastUsed {
                    date: Some(later(rng, created, 365)),
                    service: Some((*rng.pick(SERVICES)).to_owned()),
                    region: Some((*rng.pick(REGIONS)).to_owned()),
                }
            };
            credentials.access_keys.push(AccessKey {
                id: format!("AKIA{}", rng.string(16, KEY_ALPHABET)),
                status: if rng.chance(0.85) {
                    CredentialStatus::Active
                } else {
                    CredentialStatus::Inactive
                },
                created: Some(created),
                last_used: Some(last_used),
            });
        }
    }
    if rng.chance(mix.signing_certificates) {
        let count = if rng.chance(0.2) { 2 } else { 1 };
        for _ in 0..count {
            credentials.signing_certificates.push(SigningCertificate {
                id: rng.string(32, UPPER_ALNUM),
                status: CredentialStatus::Active,
                uploaded: Some(later(rng, joined, 2 * 365)),
            });
        }
    }
    if rng.chance(mix.mfa) {
        for n in 1..=1 + rng.below(2) {
            let serial = match rng.below(4) {
                0 => format!("GAHT{}", rng.string(8, DIGITS)),
                1 => format!(
                    "arn:aws:iam::{account}:u2f/root/passkey-{}",
                    rng.string(12, LOWER_ALNUM)
                ),
                _ if n == 1 => format!("arn:aws:iam::{account}:mfa/root-account-mfa-device"),
                _ => format!("arn:aws:iam::{account}:mfa/root-account-mfa-device-{n}"),
            };
            let enabled = later(rng, joined, 365);
            credentials
                .mfa_devices
                .push(MfaDevice::new(serial, Some(enabled)));
        }
    }
    credentials
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MfaKind;

    #[test]
    fn ids_follow_aws_formats() {
        let state = organization(&SimBuilder::default().members(50).ou_layout(3, 2));
        assert!(state.id.starts_with("o-") && state.id.len() == 12);
        assert!(state.parents[0].id.is_root());
        // 2 + 4 + 8 OUs, every id parsed as a ParentId already; names nest.
        assert_eq!(state.parents.len(), 1 + 14);
        assert_eq!(state.ou_path(1), "Security");
        assert_eq!(
            state.ou_path(state.parents.len() - 1),
            "Workloads/NonProd/NonProd"
        );
        assert_eq!(state.accounts.len(), 51);
    }

    #[test]
    fn ou_tree_is_capped_at_the_aws_quota_and_depth() {
        let nodes = ou_tree(&mut Rng::new(1), 9, 40);
        assert_eq!(nodes.len(), MAX_OUS + 1);
        let shallow = ou_tree(&mut Rng::new(1), 0, 40);
        assert_eq!(shallow.len(), 1);
    }

    #[test]
    fn shares_of_zero_and_one_are_exact() {
        let all = SimBuilder::default()
            .members(30)
            .password_share(1.0)
            .access_key_share(1.0)
            .signing_certificate_share(1.0)
            .mfa_share(1.0);
        let state = organization(&all);
        for member in state.members() {
            let creds = &state.accounts[&member.account.id].credentials;
            assert!(creds.password.is_some());
            assert!((1..=2).contains(&creds.access_keys.len()));
            assert!(!creds.signing_certificates.is_empty());
            assert!(creds.mfa_devices.iter().all(|d| d.kind != MfaKind::Unknown));
            assert!(creds.access_keys.iter().all(|k| k.id.len() == 20));
        }
        let none = all
            .password_share(0.0)
            .access_key_share(0.0)
            .signing_certificate_share(0.0)
            .mfa_share(0.0);
        let state = organization(&none);
        assert!(state.accounts.values().all(|r| r.credentials.is_empty()));
    }
}
