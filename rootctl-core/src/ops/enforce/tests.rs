//! The policy's parsing rules and the event shapes, without AWS.

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::model::CredentialKind;
use crate::ops::select::Selection;

fn err_text<T: std::fmt::Debug>(result: Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn the_default_forbids_all_four_kinds_everywhere() {
    let policy = EnforcementPolicy::from_json("{}").unwrap();
    assert_eq!(policy, EnforcementPolicy::default());
    assert_eq!(policy.kinds, CredentialKind::ALL);
    assert_eq!(policy.selection, Selection::all());
    assert_eq!(
        policy.max_plan_age,
        Some(crate::ops::removal::DEFAULT_MAX_PLAN_AGE)
    );
}

#[test]
fn toml_and_json_give_the_same_policy_and_digest() {
    let toml = r#"
        kinds = ["password", "access_key", "mfa_devices"]
        ous = ["ou-ab12-cd34ef56"]
        exclude_tags = ["sandbox=true"]
        journal = "/var/lib/rootctl"
        max_plan_age_hours = 2

        [[exceptions]]
        account = "111122223333"
        reason = "break-glass"
        keep = ["password", "mfa_devices"]
        expires = 2030-01-31
    "#;
    let json = json!({
        "kinds": ["mfa_device", "password", "access_keys"],
        "ous": ["ou-ab12-cd34ef56"],
        "exclude_tags": ["sandbox=true"],
        "journal": "/var/lib/rootctl",
        "max_plan_age_hours": 2.0,
        "exceptions": [{"account": "111122223333", "reason": "break-glass",
                        "keep": ["mfa_devices", "password"], "expires": "2030-01-31"}]
    });
    let from_toml = EnforcementPolicy::from_toml(toml).unwrap();
    let from_json = EnforcementPolicy::from_value(&json).unwrap();
    assert_eq!(from_toml, from_json);
    assert_eq!(from_toml.digest(), from_json.digest());
    assert!(from_toml.digest().starts_with("sha256:"));
    assert_eq!(from_toml.digest().len(), "sha256:".len() + 64);
    assert_ne!(from_toml.digest(), EnforcementPolicy::default().digest());
    let exception = &from_toml.exceptions[0];
    assert_eq!(exception.expires, NaiveDate::from_ymd_opt(2030, 1, 31));
    assert_eq!(
        exception.keep,
        [CredentialKind::Password, CredentialKind::MfaDevice]
    );
    // The policy written back reads as itself.
    assert_eq!(
        EnforcementPolicy::from_value(&from_toml.to_value()).unwrap(),
        from_toml
    );
}

#[test]
fn unknown_keys_and_bad_values_name_the_key() {
    let cases = [
        (json!({"kind": ["password"]}), "\"kind\""),
        (json!({"kinds": ["keys"]}), "policy key kinds \"keys\""),
        (json!({"kinds": []}), "policy key kinds"),
        (json!({"kinds": "password"}), "policy key kinds"),
        (
            json!({"accounts": ["12345"]}),
            "policy key accounts \"12345\"",
        ),
        (json!({"ous": ["ou-nope"]}), "policy key ous"),
        (json!({"exclude_tags": ["=x"]}), "policy key exclude_tags"),
        (
            json!({"max_plan_age_hours": 0}),
            "policy key max_plan_age_hours",
        ),
        (
            json!({"max_plan_age_hours": "24"}),
            "policy key max_plan_age_hours",
        ),
        (json!({"journal": 3}), "policy key journal"),
        (json!({"exceptions": {}}), "policy key exceptions"),
        (
            json!({"exceptions": [{"account": "111122223333", "reason": "x", "keep": ["password"], "until": "2030-01-01"}]}),
            "\"exceptions[0].until\"",
        ),
        (
            json!({"exceptions": [{"account": "111122223333", "keep": ["password"]}]}),
            "policy key exceptions[0].reason",
        ),
        (
            json!({"exceptions": [{"account": "111122223333", "reason": "x", "keep": ["password"], "expires": "31/01/2030"}]}),
            "policy key exceptions[0].expires \"31/01/2030\"",
        ),
        (
            json!({"exceptions": [{"account": "111122223333", "reason": "x", "keep": []}]}),
            "policy key exceptions[0].keep",
        ),
        (
            json!({"exceptions": [
                {"account": "111122223333", "reason": "x", "keep": ["password"]},
                {"account": "111122223333", "reason": "y", "keep": ["password"]}]}),
            "policy key exceptions[1].account",
        ),
        (json!(["not", "a", "table"]), "policy"),
    ];
    for (value, expected) in cases {
        let text = err_text(EnforcementPolicy::from_value(&value));
        assert!(text.contains(expected), "{value}: {text}");
    }
    let text = err_text(EnforcementPolicy::from_toml(
        "kinds = [\"password\"]\nbogus = 1\n",
    ));
    assert!(text.contains("\"bogus\""), "{text}");
    let text = err_text(EnforcementPolicy::from_toml("kinds = ["));
    assert!(text.contains("is not TOML"), "{text}");
    let text = err_text(EnforcementPolicy::from_file("/nonexistent/policy.toml"));
    assert!(text.contains("cannot be read"), "{text}");
}

#[test]
fn an_exception_expires_at_the_start_of_its_date() {
    let day = |d| NaiveDate::from_ymd_opt(2030, 1, d).unwrap();
    let e = PolicyException::new(
        "111122223333".parse().unwrap(),
        "why",
        [CredentialKind::Password],
    )
    .unwrap()
    .expires(day(31));
    assert!(!e.is_expired(day(30)));
    assert!(e.is_expired(day(31)));
    assert!(
        PolicyException::new(
            "111122223333".parse().unwrap(),
            " ",
            [CredentialKind::Password]
        )
        .is_err()
    );
    assert!(PolicyException::new("111122223333".parse().unwrap(), "why", []).is_err());
}

fn event(source: &str, detail: serde_json::Value) -> serde_json::Value {
    json!({"version": "0", "id": "e-1", "detail-type": "AWS API Call via CloudTrail",
           "source": source, "region": "us-east-1", "detail": detail})
}

#[test]
fn events_that_bring_no_account_are_ignored_and_malformed_ones_refused() {
    let move_account = |extra: serde_json::Value| {
        let mut detail = json!({"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
            "requestParameters": {"accountId": "111122223333"}});
        detail
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        detail
    };
    let found =
        EventTrigger::from_event(&event("aws.organizations", move_account(json!({})))).unwrap();
    assert_eq!(found.unwrap().account_id.as_str(), "111122223333");
    // A failed call: ignored.
    let failed = move_account(json!({"errorCode": "AccessDenied"}));
    assert_eq!(
        EventTrigger::from_event(&event("aws.organizations", failed)).unwrap(),
        None
    );
    // A known name from another source, or an event rootctl does not know: errors that
    // name the event.
    let text = err_text(EventTrigger::from_event(&event(
        "aws.iam",
        move_account(json!({})),
    )));
    assert!(
        text.contains("\"MoveAccount from aws.iam (event e-1)\""),
        "{text}"
    );
    let other = json!({"eventSource": "organizations.amazonaws.com", "eventName": "TagResource"});
    let text = err_text(EventTrigger::from_event(&event("aws.organizations", other)));
    assert!(
        text.contains("TagResource from aws.organizations"),
        "{text}"
    );
    assert!(text.contains("is not an event rootctl acts on"), "{text}");
    // Not an event, or an account id that is not one: errors.
    assert!(EventTrigger::from_event(&json!({"hello": "world"})).is_err());
    let bad = json!({"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
        "requestParameters": {"accountId": "1234"}});
    assert!(EventTrigger::from_event(&event("aws.organizations", bad)).is_err());
}

#[test]
fn an_empty_selection_list_is_refused_not_read_as_every_account() {
    // `accounts = []` once read as "no key": the whole organization (issue 22, S6).
    let keys = [
        ("accounts", "leave the key out to select every account"),
        ("ous", "leave the key out to select every account"),
        ("tags", "leave the key out to select every account"),
        ("exclude_accounts", "leave the key out to exclude nothing"),
        ("exclude_ous", "leave the key out to exclude nothing"),
        ("exclude_tags", "leave the key out to exclude nothing"),
    ];
    for (key, advice) in keys {
        let text = err_text(EnforcementPolicy::from_value(&json!({ key: [] })));
        assert!(
            text.contains(&format!("policy key {key} \"[]\"")),
            "{key}: {text}"
        );
        assert!(text.contains("name at least one"), "{key}: {text}");
        assert!(text.contains(advice), "{key}: {text}");
        let text = err_text(EnforcementPolicy::from_toml(&format!("{key} = []\n")));
        assert!(text.contains(&format!("policy key {key}")), "{key}: {text}");
    }
    // Left out, or null (what `to_value` writes for a list not given): every account.
    let absent = EnforcementPolicy::from_value(&json!({"accounts": null, "exclude_ous": null}));
    assert_eq!(absent.unwrap().selection, Selection::all());
    let written = EnforcementPolicy::default().to_value();
    assert_eq!(written["accounts"], serde_json::Value::Null);
    assert_eq!(
        EnforcementPolicy::from_value(&written).unwrap(),
        EnforcementPolicy::default()
    );
}

#[test]
fn a_bad_event_is_named_by_an_abbreviation_never_in_full() {
    let long = "x".repeat(5000);
    let value_of = |err: Error| match err {
        Error::InvalidInput { value, .. } => value,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    // Not an EventBridge event at all.
    let err = EventTrigger::from_event(&json!({"payload": long})).unwrap_err();
    let text = err.to_string();
    assert!(value_of(err).chars().count() <= 61, "{text}");
    assert!(text.len() < 300, "{text}");
    // An account id that is not one.
    let detail = json!({"eventSource": "organizations.amazonaws.com", "eventName": "MoveAccount",
        "requestParameters": {"accountId": long}});
    let err = EventTrigger::from_event(&event("aws.organizations", detail)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.len() < 300,
        "the account id is abbreviated: {} chars",
        text.len()
    );
    assert!(value_of(err).chars().count() <= 61);
}

#[test]
fn each_error_names_the_key_the_value_and_the_rule() {
    let exception = |reason: &str| json!({"exceptions": [{"account": "111122223333", "reason": reason, "keep": ["password"]}]});
    let cases = [
        (
            json!({"accounts": ["12345"]}),
            "policy key accounts \"12345\": must be exactly 12 ASCII digits",
        ),
        (
            json!({"accounts": []}),
            "must name at least one account id;",
        ),
        (
            json!({"exclude_accounts": []}),
            "must name at least one account id;",
        ),
        (json!({"ous": []}), "must name at least one OU or root id;"),
        (
            json!({"exclude_ous": []}),
            "must name at least one OU or root id;",
        ),
        (
            json!({"tags": []}),
            "must name at least one tag (KEY or KEY=VALUE);",
        ),
        (
            exception("  "),
            "policy key exceptions[0].reason \"  \": must say why",
        ),
    ];
    for (value, expected) in cases {
        let text = err_text(EnforcementPolicy::from_value(&value));
        assert!(text.contains(expected), "{value}: {text}");
    }
    let kept = EnforcementPolicy::from_value(&exception("break-glass")).unwrap();
    assert_eq!(kept.exceptions[0].reason, "break-glass");
}

#[test]
fn the_plan_age_is_in_hours_up_to_a_year() {
    let age = |hours: serde_json::Value| {
        EnforcementPolicy::from_value(&json!({ "max_plan_age_hours": hours }))
            .map(|p| p.max_plan_age.unwrap().as_secs_f64())
    };
    assert_eq!(age(json!(2)).unwrap(), 7200.0);
    assert_eq!(age(json!(0.5)).unwrap(), 1800.0);
    assert_eq!(age(json!(8760)).unwrap(), 8760.0 * 3600.0, "a year");
    for bad in [json!(8760.5), json!(-1), json!(0)] {
        let text = err_text(EnforcementPolicy::from_value(
            &json!({ "max_plan_age_hours": bad }),
        ));
        assert!(text.contains("at most a year"), "{bad}: {text}");
    }
    let text = err_text(EnforcementPolicy::from_toml("max_plan_age_hours = inf\n"));
    assert!(text.contains("policy key max_plan_age_hours"), "{text}");
}

#[test]
fn a_long_value_is_cut_at_sixty_characters_and_marked() {
    let value_of =
        |text: String| match EnforcementPolicy::from_value(&json!({ "accounts": [text] })) {
            Err(Error::InvalidInput { value, .. }) => value,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
    let sixty = "x".repeat(60);
    assert_eq!(
        value_of(sixty.clone()),
        sixty,
        "sixty characters are kept whole"
    );
    assert_eq!(value_of("x".repeat(61)), format!("{sixty}…"));
    assert_eq!(value_of("é".repeat(61)), format!("{}…", "é".repeat(60)));
}

#[test]
fn a_file_is_read_by_its_extension_and_otherwise_by_its_first_character() {
    let dir = std::env::temp_dir().join(format!("rootctl-policy-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let json = r#"{"kinds": ["password"]}"#;
    let toml = "kinds = [\"password\"]\n";
    let read = |name: &str, text: &str| EnforcementPolicy::from_file(write(name, text));
    for (name, text) in [("p.json", json), ("p.toml", toml), ("p", json), ("p", toml)] {
        let policy = read(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(policy.kinds, [CredentialKind::Password], "{name}");
    }
    // The extension decides, whatever the text looks like.
    let text = err_text(read("toml-text.json", toml));
    assert!(text.contains("is not JSON"), "{text}");
    let text = err_text(read("json-text.toml", json));
    assert!(text.contains("is not TOML"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_text_is_read_as_the_policy_it_says_and_an_empty_journal_path_is_refused() {
    let policy = EnforcementPolicy::from_json(r#"{"kinds": ["mfa_devices"]}"#).unwrap();
    assert_eq!(policy.kinds, [CredentialKind::MfaDevice]);
    let text = err_text(EnforcementPolicy::from_json("kinds = 1"));
    assert!(text.contains("is not JSON"), "{text}");
    let text = err_text(EnforcementPolicy::from_value(&json!({"journal": ""})));
    assert!(
        text.contains("policy key journal \"\": must be a directory path"),
        "{text}"
    );
    let policy = EnforcementPolicy::from_value(&json!({"journal": "/var/lib/rootctl"})).unwrap();
    assert_eq!(
        policy.journal.as_deref(),
        Some(std::path::Path::new("/var/lib/rootctl"))
    );
}
