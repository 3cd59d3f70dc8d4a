//! `AwsAccountManagement` over canned HTTP: `ListRegions` (restJson1, `POST /listRegions`)
//! sends the member's `AccountId`, asks only for usable regions, pages to the end, and
//! its error codes map to conditions.

use rootctl::{AccountId, AccountManagement, ErrorKind, RegionOptStatus};
use serde_json::{Value, json};

use crate::canned::Reply;
use crate::clients;

fn member() -> AccountId {
    "210987654321".parse().unwrap()
}

#[tokio::test]
async fn list_regions_names_the_member_asks_for_usable_regions_and_pages_to_the_end() {
    let (clients, canned) = clients(|req| {
        let token = req
            .json("NextToken")
            .and_then(|t| t.as_str().map(str::to_owned));
        let (regions, next) = match token.as_deref() {
            None => (
                json!([
                    {"RegionName": "us-east-1", "RegionOptStatus": "ENABLED_BY_DEFAULT"},
                    {"RegionName": "me-south-1", "RegionOptStatus": "ENABLED"}
                ]),
                json!("page-2"),
            ),
            Some("page-2") => (json!([]), json!("page-3")),
            Some("page-3") => (
                json!([{"RegionName": "eu-west-1", "RegionOptStatus": "ENABLED_BY_DEFAULT"}]),
                Value::Null,
            ),
            Some(other) => panic!("unexpected token {other}"),
        };
        Reply::json(200, json!({"Regions": regions, "NextToken": next}))
    });
    let regions = clients.account.list_regions(&member()).await.unwrap();
    let names: Vec<(&str, &RegionOptStatus)> = regions
        .iter()
        .map(|r| (r.name.as_str(), &r.status))
        .collect();
    assert_eq!(
        names,
        [
            ("us-east-1", &RegionOptStatus::EnabledByDefault),
            ("me-south-1", &RegionOptStatus::Enabled),
            ("eu-west-1", &RegionOptStatus::EnabledByDefault),
        ]
    );
    let requests = canned.requests();
    assert_eq!(
        requests.len(),
        3,
        "one request per page, the empty one included"
    );
    for req in &requests {
        assert!(req.uri.ends_with("/listRegions"), "{}", req.uri);
        assert_eq!(req.json("AccountId"), Some(json!("210987654321")));
        assert_eq!(
            req.json("RegionOptStatusContains"),
            Some(json!(["ENABLED", "ENABLED_BY_DEFAULT"]))
        );
        assert_eq!(req.json("MaxResults"), Some(json!(50)));
    }
}

#[tokio::test]
async fn list_regions_errors_map_to_conditions_with_the_account() {
    for (status, code, kind) in [
        (403, "AccessDeniedException", ErrorKind::AccessDenied),
        (429, "TooManyRequestsException", ErrorKind::Throttled),
        (500, "InternalServerException", ErrorKind::ServiceFailure),
        (400, "ValidationException", ErrorKind::Aws),
    ] {
        let (clients, _) =
            clients(move |_| Reply::json_error(status, code, json!({"message": "no"})));
        let err = clients.account.list_regions(&member()).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.code(), Some(code), "{err}");
        assert_eq!(err.account_id(), Some(member()), "{err}");
        assert_eq!(err.context().map(|c| c.service.as_str()), Some("account"));
    }
}
