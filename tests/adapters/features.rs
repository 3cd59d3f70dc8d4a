use rootctl::{ErrorKind, OrgFeature, OrgFeaturesApi};

use crate::canned::Reply;
use crate::clients;

#[tokio::test]
async fn enabled_features_are_read_and_unknown_ones_ignored() {
    let (clients, canned) = clients(|_| {
        Reply::xml(
            200,
            "<ListOrganizationsFeaturesResponse><ListOrganizationsFeaturesResult>\
             <OrganizationId>o-abcdef1234</OrganizationId><EnabledFeatures>\
             <member>RootCredentialsManagement</member><member>SomethingNew</member>\
             </EnabledFeatures></ListOrganizationsFeaturesResult></ListOrganizationsFeaturesResponse>",
        )
    });
    let features = clients.features.list_enabled_features().await.unwrap();
    assert_eq!(features, vec![OrgFeature::RootCredentialsManagement]);
    assert_eq!(
        canned.requests()[0].operation(),
        "ListOrganizationsFeatures"
    );
}

#[tokio::test]
async fn each_feature_maps_to_its_own_api() {
    let (clients, canned) = clients(|req| {
        let op = req.operation();
        Reply::xml(
            200,
            format!("<{op}Response><{op}Result></{op}Result></{op}Response>"),
        )
    });
    for feature in OrgFeature::ALL {
        clients.features.enable_feature(feature).await.unwrap();
        clients.features.disable_feature(feature).await.unwrap();
    }
    let ops: Vec<String> = canned.requests().iter().map(|r| r.operation()).collect();
    assert_eq!(
        ops,
        [
            "EnableOrganizationsRootCredentialsManagement",
            "DisableOrganizationsRootCredentialsManagement",
            "EnableOrganizationsRootSessions",
            "DisableOrganizationsRootSessions",
        ]
    );
}

#[tokio::test]
async fn feature_api_error_codes_map_to_conditions() {
    let cases = [
        (
            "ServiceAccessNotEnabledException",
            ErrorKind::TrustedAccessNotEnabled,
        ),
        (
            "AccountNotManagementOrDelegatedAdministratorException",
            ErrorKind::NotManagementAccount,
        ),
        (
            "CallerIsNotManagementAccountException",
            ErrorKind::NotManagementAccount,
        ),
        (
            "OrganizationNotFoundException",
            ErrorKind::OrganizationNotFound,
        ),
        (
            "OrganizationNotInAllFeaturesModeException",
            ErrorKind::NotAllFeatures,
        ),
    ];
    for (code, kind) in cases {
        let (clients, _) = clients(move |_| Reply::query_error(400, code, ""));
        let err = clients
            .features
            .enable_feature(OrgFeature::RootSessions)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.request_id(), Some(format!("req-{code}").as_str()));
        assert!(!err.is_retryable());
    }
}
