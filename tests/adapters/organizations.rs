use rootctl::{AccountState, ErrorKind, FeatureSet, Organizations};
use serde_json::{Value, json};

use crate::canned::Reply;
use crate::clients;

fn account(n: usize) -> Value {
    json!({
        "Id": format!("{:012}", 100_000_000_000usize + n),
        "Arn": format!("arn:aws:organizations::111111111111:account/o-abc/{n}"),
        "Email": format!("member{n}@example.com"),
        "Name": format!("member-{n}"),
        "State": if n.is_multiple_of(7) { "SUSPENDED" } else { "ACTIVE" },
        "JoinedTimestamp": 1_700_000_000.0,
    })
}

#[tokio::test]
async fn list_accounts_pages_to_the_end_through_an_empty_page() {
    let (clients, canned) = clients(|req| {
        let page: Vec<Value> = match req
            .json("NextToken")
            .and_then(|t| t.as_str().map(str::to_owned))
        {
            None => (0..20).map(account).collect(),
            Some(t) if t == "t1" => vec![],
            Some(t) if t == "t2" => (20..25).map(account).collect(),
            Some(other) => panic!("unexpected token {other}"),
        };
        let next = match req
            .json("NextToken")
            .and_then(|t| t.as_str().map(str::to_owned))
            .as_deref()
        {
            None => json!("t1"),
            Some("t1") => json!("t2"),
            _ => Value::Null,
        };
        Reply::json(200, json!({ "Accounts": page, "NextToken": next }))
    });

    let accounts = clients.organizations.list_accounts().await.unwrap();
    assert_eq!(accounts.len(), 25);
    assert_eq!(accounts[0].id.as_str(), "100000000000");
    assert_eq!(accounts[24].id.as_str(), "100000000024");
    assert_eq!(accounts[7].state, AccountState::Suspended);
    assert!(accounts[1].joined.is_some());

    let requests = canned.requests();
    assert_eq!(
        requests.len(),
        3,
        "one request per page, the empty one included"
    );
    for req in &requests {
        assert_eq!(req.operation(), "ListAccounts");
        assert_eq!(req.json("MaxResults"), Some(json!(20)));
    }
}

#[tokio::test]
async fn tree_and_tags_are_read_whole() {
    let (clients, canned) = clients(|req| match req.operation().as_str() {
        "ListRoots" => Reply::json(
            200,
            json!({"Roots": [{"Id": "r-ab12", "Arn": "arn:root", "Name": "Root"}]}),
        ),
        "ListOrganizationalUnitsForParent" => {
            assert_eq!(req.json("ParentId"), Some(json!("r-ab12")));
            Reply::json(
                200,
                json!({"OrganizationalUnits": [{"Id": "ou-ab12-cd34ef56", "Arn": "arn:ou", "Name": "Prod"}]}),
            )
        }
        "ListTagsForResource" => {
            let first = req.json("NextToken").is_none();
            Reply::json(
                200,
                if first {
                    json!({"Tags": [{"Key": "env", "Value": "prod"}], "NextToken": "more"})
                } else {
                    json!({"Tags": [{"Key": "team", "Value": "core"}]})
                },
            )
        }
        "DescribeOrganization" => Reply::json(
            200,
            json!({"Organization": {"Id": "o-abcdef1234", "Arn": "arn:org", "FeatureSet": "ALL",
                   "MasterAccountId": "111111111111"}}),
        ),
        other => panic!("unexpected {other}"),
    });

    let roots = clients.organizations.list_roots().await.unwrap();
    assert_eq!(roots[0].id.as_str(), "r-ab12");
    let ous = clients
        .organizations
        .list_organizational_units_for_parent(&roots[0].id)
        .await
        .unwrap();
    assert_eq!(ous[0].name, "Prod");
    let tags = clients
        .organizations
        .list_account_tags(&"222222222222".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
    assert_eq!(tags.get("team").map(String::as_str), Some("core"));
    let org = clients.organizations.describe_organization().await.unwrap();
    assert_eq!(org.feature_set, FeatureSet::All);
    assert_eq!(org.management_account_id.as_str(), "111111111111");
    assert_eq!(canned.requests().len(), 5);
}

#[tokio::test]
async fn organizations_error_codes_map_to_conditions() {
    let cases = [
        (
            "AWSOrganizationsNotInUseException",
            400,
            json!({}),
            ErrorKind::OrganizationNotFound,
        ),
        (
            "AccessDeniedException",
            400,
            json!({}),
            ErrorKind::AccessDenied,
        ),
        (
            "TooManyRequestsException",
            400,
            json!({}),
            ErrorKind::Throttled,
        ),
        (
            "ServiceException",
            500,
            json!({}),
            ErrorKind::ServiceFailure,
        ),
        (
            "AccountAlreadyRegisteredException",
            400,
            json!({}),
            ErrorKind::AlreadyExists,
        ),
        (
            "AccountNotRegisteredException",
            400,
            json!({}),
            ErrorKind::NotFound,
        ),
        (
            "ConstraintViolationException",
            400,
            json!({"Reason": "SERVICE_ACCESS_NOT_ENABLED"}),
            ErrorKind::TrustedAccessNotEnabled,
        ),
        (
            "ConstraintViolationException",
            400,
            json!({"Reason": "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"}),
            ErrorKind::Aws,
        ),
    ];
    for (code, status, extra, kind) in cases {
        let extra_for_reply = extra.clone();
        let (clients, _) =
            clients(move |_| Reply::json_error(status, code, extra_for_reply.clone()));
        let err = clients
            .organizations
            .register_delegated_administrator(&"222222222222".parse().unwrap(), "iam.amazonaws.com")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{code} {extra}: {err}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.request_id(), Some("req-json"));
        assert_eq!(
            err.account_id().map(|a| a.to_string()).as_deref(),
            Some("222222222222")
        );
        let context = err.context().unwrap();
        assert_eq!(context.operation, "RegisterDelegatedAdministrator");
        assert_eq!(context.http_status, Some(status));
        assert!(
            std::error::Error::source(&err).is_some(),
            "the SDK error is kept as source"
        );
    }
}

#[tokio::test]
async fn a_dispatch_failure_is_a_retryable_transport_error() {
    let (clients, _) = clients(|_| Reply::IoError);
    let err = clients.organizations.list_accounts().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("ListAccounts"), "{err}");
}

/// `Account.State` replaced `Account.Status` (retired 2026-09-09), but endpoints that
/// predate it, emulators among them, send only `Status`. The adapter reads both
/// generations: `State` wins, `Status` stands in when `State` is absent, and an account
/// with neither keeps an empty unknown state that selection reports instead of targeting.
#[tokio::test]
async fn account_state_is_read_from_either_generation_of_the_field() {
    let listed = |fields: Value| {
        let mut account = json!({
            "Id": "100000000001",
            "Arn": "arn:aws:organizations::111111111111:account/o-abc/100000000001",
            "Email": "member@example.com",
            "Name": "member",
        });
        for (key, value) in fields.as_object().expect("an object") {
            account[key] = value.clone();
        }
        account
    };
    let cases = [
        (
            json!({"State": "PENDING_CLOSURE"}),
            AccountState::PendingClosure,
        ),
        (json!({"Status": "ACTIVE"}), AccountState::Active),
        (json!({"Status": "SUSPENDED"}), AccountState::Suspended),
        (
            json!({"Status": "PENDING_CLOSURE"}),
            AccountState::PendingClosure,
        ),
        (
            json!({"State": "SUSPENDED", "Status": "ACTIVE"}),
            AccountState::Suspended,
        ),
        (
            json!({"State": "CLOSED", "Status": "SUSPENDED"}),
            AccountState::Closed,
        ),
        (json!({}), AccountState::Unknown(String::new())),
        (
            json!({"Status": "SOMETHING_NEW"}),
            AccountState::Unknown("SOMETHING_NEW".into()),
        ),
    ];
    for (fields, expected) in cases {
        let account = listed(fields.clone());
        let (clients, _) = clients(move |req| match req.operation().as_str() {
            "ListAccounts" | "ListAccountsForParent" => {
                Reply::json(200, json!({ "Accounts": [account.clone()] }))
            }
            "ListDelegatedAdministrators" => {
                Reply::json(200, json!({ "DelegatedAdministrators": [account.clone()] }))
            }
            other => panic!("unexpected {other}"),
        });
        let orgs = &clients.organizations;
        let accounts = orgs.list_accounts().await.unwrap();
        assert_eq!(accounts[0].state, expected, "ListAccounts with {fields}");
        let parent = "r-ab12".parse().unwrap();
        let under = orgs.list_accounts_for_parent(&parent).await.unwrap();
        assert_eq!(
            under[0].state, expected,
            "ListAccountsForParent with {fields}"
        );
        let admins = orgs
            .list_delegated_administrators("iam.amazonaws.com")
            .await
            .unwrap();
        assert_eq!(
            admins[0].state, expected,
            "ListDelegatedAdministrators with {fields}"
        );
    }
}

/// `ListPoliciesForTarget` sends the filter AWS documents and pages to the end; it reads
/// liberally: a summary of another type (an emulator that ignores the filter) is not
/// the type asked for, and a summary without `Type` is. `DescribePolicy` answers the
/// document as sent, and an unknown policy is NotFound.
#[tokio::test]
async fn policies_are_listed_by_type_and_described() {
    use rootctl::{PolicyTarget, PolicyType};

    let summary = |id: &str, kind: Option<&str>| {
        let mut p = json!({"Id": id, "Arn": format!("arn:aws:organizations::aws:policy/{id}"),
            "Name": id, "AwsManaged": id == "p-FullAWSAccess"});
        if let Some(kind) = kind {
            p["Type"] = json!(kind);
        }
        p
    };
    let (clients, canned) = clients(move |req| match req.operation().as_str() {
        "ListPoliciesForTarget" => match req.json("NextToken") {
            None => Reply::json(
                200,
                json!({"Policies": [summary("p-FullAWSAccess", Some("SERVICE_CONTROL_POLICY")),
                    summary("p-rcp", Some("RESOURCE_CONTROL_POLICY"))], "NextToken": "t1"}),
            ),
            Some(_) => Reply::json(
                200,
                json!({"Policies": [summary("p-tags", Some("TAG_POLICY")),
                    summary("p-untyped", None)]}),
            ),
        },
        "DescribePolicy" if req.json("PolicyId") == Some(json!("p-gone")) => {
            Reply::json_error(400, "PolicyNotFoundException", json!({}))
        }
        "DescribePolicy" => Reply::json(
            200,
            json!({"Policy": {"PolicySummary": summary("p-untyped", Some("SERVICE_CONTROL_POLICY")),
                "Content": "{\"Statement\": []}"}}),
        ),
        other => panic!("unexpected {other}"),
    });
    let target: PolicyTarget = "ou-ab12-cd34ef56".parse().unwrap();
    let listed = clients
        .organizations
        .list_policies_for_target(&target, PolicyType::ServiceControlPolicy)
        .await
        .unwrap();
    let ids: Vec<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p-FullAWSAccess", "p-untyped"]);
    assert!(listed[0].aws_managed && !listed[1].aws_managed);
    assert!(
        listed
            .iter()
            .all(|p| p.policy_type == PolicyType::ServiceControlPolicy)
    );
    let first = &canned.requests()[0];
    assert_eq!(first.json("Filter"), Some(json!("SERVICE_CONTROL_POLICY")));
    assert_eq!(first.json("TargetId"), Some(json!("ou-ab12-cd34ef56")));
    assert_eq!(first.json("MaxResults"), Some(json!(20)));

    let policy = clients
        .organizations
        .describe_policy("p-untyped")
        .await
        .unwrap();
    assert_eq!(policy.content, "{\"Statement\": []}");
    assert_eq!(policy.summary.policy_type, PolicyType::ServiceControlPolicy);
    let err = clients
        .organizations
        .describe_policy("p-gone")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn a_policy_type_in_transition_counts_as_in_force() {
    let (clients, _) = clients(|_| {
        Reply::json(
            200,
            json!({"Roots": [{
                "Id": "r-ab12",
                "Arn": "arn:aws:organizations::111111111111:root/o-abc/r-ab12",
                "Name": "Root",
                "PolicyTypes": [
                    {"Type": "SERVICE_CONTROL_POLICY", "Status": "PENDING_DISABLE"},
                    {"Type": "RESOURCE_CONTROL_POLICY", "Status": "PENDING_ENABLE"},
                    {"Type": "TAG_POLICY", "Status": "ENABLED"}
                ]
            }]}),
        )
    });
    let roots = clients.organizations.list_roots().await.unwrap();
    assert_eq!(
        roots[0].enabled_policy_types,
        [
            rootctl::PolicyType::ServiceControlPolicy,
            rootctl::PolicyType::ResourceControlPolicy
        ]
    );
}
