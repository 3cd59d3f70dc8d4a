//! Event-driven runs: each fixture event (`tests/fixtures/events/`, in the shapes
//! CloudTrail delivers through EventBridge, docs/enforcement.md#events) names its one
//! account and enforces exactly that account, once: a second delivery changes nothing.
//! The near misses (`tests/fixtures/events/near-miss/`) and broken events never run.

use std::path::{Path, PathBuf};

use rootctl::{
    AccessKey, AccountId, CredentialStatus, EVENT_NAMES, EnforceOptions, EnforcementStatus,
    ErrorKind, EventTrigger, LoginProfile, MfaDevice, RootCredentials, Rootctl, SigningCertificate,
};
use serde_json::Value;

use super::staged::{Staged, policy, staged, staged_client};

fn fixtures_in(dir: &Path) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = std::fs::read_dir(dir)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable fixture");
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).expect("valid JSON"))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events")
}

/// Every event a rule must match and rootctl must act on, by file name.
fn fixtures() -> Vec<(String, Value)> {
    fixtures_in(&fixtures_dir())
}

/// Events no rule may match and rootctl never acts on.
fn near_misses() -> Vec<(String, Value)> {
    fixtures_in(&fixtures_dir().join("near-miss"))
}

/// The fixture `name` (its file stem) of `tests/fixtures/events/`.
pub(super) fn fixture(name: &str) -> Value {
    fixtures()
        .into_iter()
        .find(|(file, _)| file == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
        .1
}

fn event_name(event: &Value) -> &str {
    event["detail"]["eventName"].as_str().expect("an eventName")
}

/// The staged account each fixture names (the fixtures use the staged fixed ids).
fn expected_account(s: &Staged, file: &str) -> AccountId {
    match file {
        "accept_handshake" | "account_joined_organization_invited" => s.invited,
        "move_account" => s.moved,
        _ => s.created,
    }
}

#[test]
fn the_fixtures_cover_every_event_name_and_each_names_its_account() {
    let s = staged();
    assert_eq!(
        [s.invited, s.created, s.moved].map(|id| id.to_string()),
        ["100000000000", "100000000001", "100000000002"],
        "the fixtures name the staged accounts by these ids"
    );
    let mut names: Vec<&str> = Vec::new();
    let all = fixtures();
    for (file, event) in &all {
        let trigger = EventTrigger::from_event(event)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .unwrap_or_else(|| panic!("{file} is ignored"));
        assert_eq!(trigger.event_name, event_name(event), "{file}");
        assert_eq!(trigger.account_id, expected_account(&s, file), "{file}");
        assert_eq!(trigger.event_id.as_deref(), event["id"].as_str(), "{file}");
        assert_eq!(
            trigger.event_time.as_deref(),
            event["detail"]["eventTime"].as_str()
        );
        names.push(event_name(event));
    }
    names.sort_unstable();
    names.dedup();
    let mut wanted = EVENT_NAMES.to_vec();
    wanted.sort_unstable();
    assert_eq!(names, wanted, "one fixture at least per event name");
    // Both ways an account joins.
    let methods: Vec<&str> = all
        .iter()
        .filter(|(_, e)| event_name(e) == "AccountJoinedOrganization")
        .map(|(_, e)| {
            e["detail"]["serviceEventDetails"]["joinedMethod"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(methods, ["Created", "Invited"]);
}

#[test]
fn near_misses_are_ignored_or_refused_never_acted_on() {
    let misses = near_misses();
    assert!(misses.len() >= 5, "{misses:?}");
    for (file, event) in misses {
        let outcome = EventTrigger::from_event(&event);
        match file.as_str() {
            // Another service's event is not one rootctl knows: a typed error naming it.
            "root_s3_create_bucket" => {
                let err = outcome.unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidInput);
                assert!(
                    err.to_string().contains("CreateBucket from aws.s3"),
                    "{err}"
                );
            }
            _ => assert_eq!(outcome.unwrap(), None, "{file}"),
        }
    }
}

/// The root-credential fixture `file` with `edit` applied to its `detail`.
fn edited(file: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut event = fixture(file);
    edit(&mut event["detail"]);
    event
}

fn ignored(event: &Value) -> bool {
    EventTrigger::from_event(event).unwrap().is_none()
}

fn refusal(event: &Value) -> String {
    let err = EventTrigger::from_event(event).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    err.to_string()
}

#[test]
fn the_root_users_own_successful_call_is_the_only_one_acted_on() {
    let key = "root_create_access_key";
    assert!(!ignored(&fixture(key)));
    // A failed call gained nothing.
    assert!(ignored(
        &edited(key, |d| d["errorCode"] = "AccessDenied".into())
    ));
    assert!(!ignored(&edited(key, |d| d["errorCode"] = Value::Null)));
    // A root session, however the flag is spelled.
    for flag in [Value::from("true"), Value::from("TRUE"), Value::from(true)] {
        let session = edited(key, |d| {
            d["userIdentity"]["sessionContext"]["assumedRoot"] = flag.clone()
        });
        assert!(ignored(&session), "{flag}");
    }
    for flag in [Value::from("false"), Value::from(false), Value::Null] {
        let not_session = edited(key, |d| {
            d["userIdentity"]["sessionContext"]["assumedRoot"] = flag.clone()
        });
        assert!(!ignored(&not_session), "{flag}");
    }
    let odd = edited(key, |d| {
        d["userIdentity"]["sessionContext"]["assumedRoot"] = "maybe".into()
    });
    assert!(refusal(&odd).contains("assumedRoot"));
    // Anyone but the root user.
    for caller in ["IAMUser", "AssumedRole", "FederatedUser", "AWSService"] {
        assert!(ignored(
            &edited(key, |d| d["userIdentity"]["type"] = caller.into())
        ));
    }
    assert!(
        refusal(&edited(key, |d| d["userIdentity"]
            .as_object_mut()
            .unwrap()
            .remove("type")
            .map(drop)
            .unwrap_or_default()))
        .contains("userIdentity.type")
    );
    // A sign-in that failed, or says nothing of its result.
    let login = "root_console_login";
    assert!(!ignored(&fixture(login)));
    assert!(ignored(&edited(
        login,
        |d| d["responseElements"]["ConsoleLogin"] = "Failure".into()
    )));
    assert!(ignored(
        &edited(login, |d| d["responseElements"] = Value::Null)
    ));
}

#[test]
fn a_root_event_must_name_one_well_formed_account() {
    let key = "root_create_access_key";
    let other = |d: &mut Value, path: &str| match path {
        "recipientAccountId" => d["recipientAccountId"] = "100000000002".into(),
        "userIdentity.accountId" => d["userIdentity"]["accountId"] = "100000000002".into(),
        _ => d["userIdentity"]["arn"] = "arn:aws:iam::100000000002:root".into(),
    };
    for path in [
        "recipientAccountId",
        "userIdentity.accountId",
        "userIdentity.arn",
    ] {
        let message = refusal(&edited(key, |d| other(d, path)));
        assert!(message.contains("names two accounts"), "{path}: {message}");
        assert!(message.contains("100000000002"), "{message}");
        assert!(
            message.contains("CreateAccessKey from aws.iam"),
            "{message}"
        );
    }
    // The envelope's account: where the event came from, kept when forwarded.
    let mut relayed = fixture(key);
    relayed["account"] = "100000000002".into();
    let message = refusal(&relayed);
    assert!(message.contains("and account 100000000002"), "{message}");
    // The ARN of anything but a root user is not the root user's.
    let message = refusal(&edited(key, |d| {
        d["userIdentity"]["arn"] = "arn:aws:iam::100000000001:user/root".into()
    }));
    assert!(message.contains("not a root user's ARN"), "{message}");
    // Partitions other than aws are read too.
    let china = edited(key, |d| {
        d["userIdentity"]["arn"] = "arn:aws-cn:iam::100000000001:root".into()
    });
    assert!(!ignored(&china));
    let message = refusal(&edited(key, |d| d["recipientAccountId"] = "12345".into()));
    assert!(message.contains("not a 12-digit account id"), "{message}");
    // A number where CloudTrail writes text is malformed, not skipped.
    let message = refusal(&edited(key, |d| {
        d["recipientAccountId"] = 100000000002_u64.into()
    }));
    assert!(
        message.contains("recipientAccountId 100000000002"),
        "{message}"
    );
    let mut nameless = edited(key, |d| {
        let identity = d["userIdentity"].as_object_mut().unwrap();
        identity.remove("accountId");
        identity.remove("arn");
        d.as_object_mut().unwrap().remove("recipientAccountId");
    });
    // The envelope's account alone names it.
    assert!(!ignored(&nameless));
    nameless.as_object_mut().unwrap().remove("account");
    let message = refusal(&nameless);
    assert!(message.contains("names no account id"), "{message}");
}

/// Puts an account id somewhere in an event's `detail`.
type Place = Box<dyn Fn(&mut Value)>;

#[test]
fn account_joined_organization_is_read_wherever_it_names_the_account() {
    let file = "account_joined_organization_invited";
    let without = |d: &mut Value| {
        d["serviceEventDetails"]
            .as_object_mut()
            .unwrap()
            .remove("accountId");
    };
    let account = |event: &Value| {
        EventTrigger::from_event(event)
            .unwrap()
            .unwrap()
            .account_id
            .to_string()
    };
    let cases: [(&str, Place); 4] = [
        (
            "account.accountId",
            Box::new(|d| {
                d["serviceEventDetails"]["account"] =
                    serde_json::json!({"accountId": "100000000004"})
            }),
        ),
        (
            "account.id",
            Box::new(|d| {
                d["serviceEventDetails"]["account"] = serde_json::json!({"id": "100000000004"})
            }),
        ),
        (
            "requestParameters",
            Box::new(|d| d["requestParameters"] = serde_json::json!({"accountId": "100000000004"})),
        ),
        (
            "resources",
            Box::new(|d| {
                d["resources"] = serde_json::json!([{
                    "accountId": "111111111111",
                    "type": "AWS::Organizations::Account",
                    "ARN": "arn:aws:organizations::111111111111:account/o-exampleorgid/100000000004"
                }])
            }),
        ),
    ];
    for (name, place) in &cases {
        let event = edited(file, |d| {
            without(d);
            place(d);
        });
        assert_eq!(account(&event), "100000000004", "{name}");
    }
    // The envelope's resources too.
    let mut event = edited(file, without);
    event["resources"] = serde_json::json!([
        "arn:aws:organizations::111111111111:account/o-exampleorgid/100000000004"
    ]);
    assert_eq!(account(&event), "100000000004");
    // Only an Organizations account ARN names the account: another service's ARN of the
    // same shape is not read.
    for other in [
        "arn:aws:sso:::account/ssoins-example/100000000004",
        "arn:aws:iam::111111111111:account/o-exampleorgid/100000000004",
        "urn:aws:organizations::111111111111:account/o-exampleorgid/100000000004",
    ] {
        let mut event = fixture(file);
        event["resources"] = serde_json::json!([other]);
        assert_eq!(account(&event), "100000000000", "{other}");
    }
    // Two places that disagree, or none at all, are refused; the management account
    // (recipientAccountId, userIdentity) is never taken for the member.
    let message = refusal(&edited(file, |d| {
        d["requestParameters"] = serde_json::json!({"accountId": "100000000004"})
    }));
    assert!(message.contains("names two accounts"), "{message}");
    assert!(message.contains("AccountJoinedOrganization"), "{message}");
    let message = refusal(&edited(file, without));
    assert!(message.contains("names no account id"), "{message}");
    // A record that names only the management account (where the event is logged) is
    // refused, not taken for "the management account, skipped".
    let message = refusal(&edited(file, |d| {
        d["serviceEventDetails"]["accountId"] = "111111111111".into()
    }));
    assert!(message.contains("but the management account"), "{message}");
    // An account id that is not text is malformed, never skipped.
    let message = refusal(&edited(file, |d| {
        d["serviceEventDetails"]["accountId"] = 100000000000_u64.into()
    }));
    assert!(
        message.contains("serviceEventDetails.accountId 100000000000"),
        "{message}"
    );
    // An invitation accepted names the caller; where it is logged stands in only when
    // the caller is not named.
    let logged_elsewhere = edited("accept_handshake", |d| {
        d["recipientAccountId"] = "111111111111".into()
    });
    assert_eq!(account(&logged_elsewhere), "100000000000");
    let no_caller = edited("accept_handshake", |d| {
        d["userIdentity"]
            .as_object_mut()
            .unwrap()
            .remove("accountId");
    });
    assert_eq!(account(&no_caller), "100000000000");
    // Only AccountJoinedOrganization is read liberally: a MoveAccount names its account
    // in its request, nowhere else.
    let message = refusal(&edited("move_account", |d| {
        d["requestParameters"] = Value::Null;
        d["resources"] = serde_json::json!([{
            "ARN": "arn:aws:organizations::111111111111:account/o-exampleorgid/100000000004"
        }]);
    }));
    assert!(message.contains("names no account id"), "{message}");
    // The other membership events keep their rules.
    assert!(ignored(&edited("create_account_result", |d| {
        d["serviceEventDetails"]["createAccountStatus"]["state"] = "FAILED".into()
    })));
    assert!(ignored(&edited("accept_handshake", |d| {
        d["responseElements"]["handshake"]["action"] = "ENABLE_ALL_FEATURES".into()
    })));
    assert!(ignored(&edited("move_account", |d| d["errorCode"] =
        "ConcurrentModificationException".into())));
}

#[test]
fn unknown_and_malformed_events_are_refused_by_name() {
    let mut tag = fixture("move_account");
    tag["detail"]["eventName"] = "TagResource".into();
    let message = refusal(&tag);
    assert!(
        message.contains("TagResource from aws.organizations"),
        "{message}"
    );
    assert!(
        message.contains("c81d3f5a-7e9b-4b2d-a6c4-8e0f2a4c6e81"),
        "{message}"
    );
    // A scheduled event names its detail-type.
    let scheduled = serde_json::json!({
        "id": "sched-1", "source": "aws.events", "detail-type": "Scheduled Event", "detail": {}
    });
    assert!(refusal(&scheduled).contains("Scheduled Event from aws.events"));
    // A known name from the wrong service.
    let mut wrong = fixture("root_create_access_key");
    wrong["source"] = "aws.organizations".into();
    assert!(refusal(&wrong).contains("is logged by aws.iam"));
    let mut wrong = fixture("root_console_login");
    wrong["detail"]["eventSource"] = "iam.amazonaws.com".into();
    assert!(refusal(&wrong).contains("is logged by aws.signin"));
    // Not an event at all.
    assert!(refusal(&serde_json::json!({"not": "an event"})).contains("no \"detail\""));
    assert!(refusal(&serde_json::json!({"detail": []})).contains("no \"detail\""));
}

/// The credential the event says the root user gained, given to `account` in the
/// simulator, as AWS would hold it after the call.
fn gain(s: &Staged, account: AccountId, event_name: &str) {
    let created = chrono::DateTime::from_timestamp(1_790_000_000, 0);
    let mut creds = s.org.root_credentials(&account).unwrap();
    match event_name {
        "CreateLoginProfile" | "UpdateLoginProfile" | "ConsoleLogin" => {
            creds.password = Some(LoginProfile {
                created: created.unwrap(),
                password_reset_required: false,
            });
        }
        "CreateAccessKey" => creds.access_keys.push(AccessKey {
            id: "AKIDGAINED0000000001".into(),
            status: CredentialStatus::Active,
            created,
            last_used: None,
        }),
        "UploadSigningCertificate" => creds.signing_certificates.push(SigningCertificate {
            id: "CERTGAINED00000000000000000000001".into(),
            status: CredentialStatus::Active,
            uploaded: created,
        }),
        "EnableMFADevice" | "CreateVirtualMFADevice" => creds.mfa_devices.push(MfaDevice::new(
            format!("arn:aws:iam::{account}:mfa/root-account-mfa-device"),
            created,
        )),
        _ => {}
    }
    s.org.set_credentials(&account, creds).unwrap();
}

#[tokio::test]
async fn each_fixture_event_enforces_exactly_its_one_account_once() {
    for (file, event) in fixtures() {
        let s = staged();
        let rc = Rootctl::simulated(s.org.clone());
        let account = expected_account(&s, &file);
        // A root user's call gave the account a credential; a membership event names an
        // account as it joined (the created one holds nothing, the others hold some).
        gain(&s, account, event_name(&event));
        let held = !s.org.root_credentials(&account).unwrap().is_empty();
        assert_eq!(
            held,
            account != s.created || file.starts_with("root_"),
            "{file}"
        );
        let before: Vec<(AccountId, RootCredentials)> = s
            .org
            .members()
            .iter()
            .map(|m| (m.account.id, s.org.root_credentials(&m.account.id).unwrap()))
            .collect();
        s.org.clear_calls();
        let report = rc
            .handle_event(&event, &policy(&s), EnforceOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .unwrap_or_else(|| panic!("{file}: ignored"));
        let trigger = report.trigger.clone().unwrap();
        assert_eq!(trigger.event_name, event_name(&event), "{file}");
        assert_eq!(trigger.account_id, account, "{file}");
        assert_eq!(report.accounts.len(), 1, "{file}: {report}");
        assert_eq!(report.accounts[0].account_id, account, "{file}");
        let expected = if held {
            EnforcementStatus::Remediated
        } else {
            EnforcementStatus::Compliant
        };
        assert_eq!(report.accounts[0].status, expected, "{file}: {report}");
        assert!(report.skipped.is_empty(), "{file}");
        // Every call of the run that acted on an account acted on this one, and every
        // change was to it.
        for call in s.org.calls() {
            if let (Some(acted_on), Some(_)) = (call.account_id, call.task_policy) {
                assert_eq!(acted_on, account, "{file}: {call:?}");
            }
        }
        assert_eq!(s.org.mutating_calls().is_empty(), !held, "{file}");
        for (member, creds) in before {
            let now = s.org.root_credentials(&member).unwrap();
            if member == account {
                assert!(now.is_empty(), "{file}: {now:?}");
            } else {
                assert_eq!(now, creds, "{file}: {member} changed");
            }
        }
        // The same event delivered again (EventBridge delivers at least once): the
        // account is compliant and nothing is changed.
        s.org.clear_calls();
        let again = rc
            .handle_event(&event, &policy(&s), EnforceOptions::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            again.accounts[0].status,
            EnforcementStatus::Compliant,
            "{file}"
        );
        assert_eq!(
            s.org.mutating_calls(),
            Vec::new(),
            "{file}: a second change"
        );
    }
}

#[tokio::test]
async fn ignored_and_refused_events_make_no_call() {
    let (s, rc) = staged_client();
    s.org.clear_calls();
    for (file, event) in near_misses() {
        let outcome = rc
            .handle_event(&event, &policy(&s), EnforceOptions::default())
            .await;
        assert!(matches!(outcome, Ok(None) | Err(_)), "{file}");
    }
    let mut unknown = fixture("move_account");
    unknown["detail"]["eventName"] = "TagResource".into();
    let err = rc
        .handle_event(&unknown, &policy(&s), EnforceOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("TagResource"), "{err}");
    assert_eq!(
        s.org.calls(),
        Vec::new(),
        "no AWS call for an event not acted on"
    );
}

/// A root user's event made to name `account` in every place that names it.
fn name_root_account(event: &mut Value, account: &str) {
    let detail = &mut event["detail"];
    detail["userIdentity"]["accountId"] = account.into();
    detail["userIdentity"]["principalId"] = account.into();
    detail["userIdentity"]["arn"] = format!("arn:aws:iam::{account}:root").into();
    detail["recipientAccountId"] = account.into();
    event["account"] = account.into();
}

/// A run on `event` whose one account the staged policy does not target: its report,
/// once checked that it audits nothing, reports the account skipped and changes nothing.
async fn skipped_run(s: &Staged, rc: &Rootctl, event: &Value) -> rootctl::EnforcementReport {
    s.org.clear_calls();
    let report = rc
        .handle_event(event, &policy(s), EnforceOptions::default())
        .await
        .unwrap()
        .expect("the event is acted on");
    assert!(report.accounts.is_empty(), "{report}");
    assert_eq!(report.skipped.len(), 1, "{report}");
    assert_eq!(s.org.mutating_calls(), Vec::new());
    report
}

#[tokio::test]
async fn an_event_for_an_account_the_policy_does_not_select_changes_nothing() {
    let (s, rc) = staged_client();
    for file in ["move_account", "root_create_login_profile"] {
        let mut event = fixture(file);
        let sandbox = s.sandbox.to_string();
        if file == "move_account" {
            event["detail"]["requestParameters"]["accountId"] = sandbox.into();
        } else {
            name_root_account(&mut event, &sandbox);
        }
        let report = skipped_run(&s, &rc, &event).await;
        assert_eq!(report.skipped[0].account_id, s.sandbox, "{file}");
        assert_eq!(report.skipped[0].reason.code(), "excluded_ou");
        assert!(report.compliant());
        assert!(s.has_password(s.sandbox));
    }
    // An account that is not in the organization is an error.
    let mut stranger = fixture("root_create_access_key");
    name_root_account(&mut stranger, "999999999999");
    let err = rc
        .handle_event(&stranger, &policy(&s), EnforceOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("999999999999"), "{err}");
}

#[tokio::test]
async fn the_management_accounts_own_root_is_reported_skipped_not_touched() {
    let (s, rc) = staged_client();
    let management = s.org.management_account_id().to_string();
    let mut event = fixture("root_create_access_key");
    name_root_account(&mut event, &management);
    let report = skipped_run(&s, &rc, &event).await;
    assert_eq!(report.skipped[0].account_id, s.org.management_account_id());
}
