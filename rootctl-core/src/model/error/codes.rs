//! The table of AWS error codes rootctl understands, and the condition each one means.
//!
//! It sits with the error type, below both implementations of the boundary: the SDK
//! adapters classify real answers with it, and the simulator names the condition of the
//! codes it answers with, so the two cannot disagree.

use super::ErrorKind;

/// Maps an AWS error code to the condition it means, for codes rootctl knows.
///
/// Query-protocol services (IAM, STS) answer codes without the `Exception` suffix;
/// JSON-protocol ones (Organizations, the IAM feature APIs) with it. The SDK models and
/// the API reference disagree on which spelling the feature APIs use, so every code is
/// accepted in both spellings where the bare form is plausible.
pub fn kind_for_code(code: &str) -> Option<ErrorKind> {
    use ErrorKind::*;
    Some(match code {
        "AccessDenied" | "AccessDeniedException" | "AccessDeniedForDependencyException" => {
            AccessDenied
        }
        // S3 answers `SlowDown` (HTTP 503); SQS `RequestThrottled` (query protocol, or
        // `ThrottlingException` in JSON); both may answer the generic ones.
        "Throttling"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "SlowDown"
        | "RequestThrottled"
        | "RequestThrottledException"
        | "AWS.SimpleQueueService.RequestThrottled"
        | "OverLimit" => Throttled,
        // Expired, revoked or wrong signing credentials. The cure is the same for all:
        // new credentials (rootctl re-assumes a root session; the caller must refresh
        // their own, which the error's hint says).
        "ExpiredToken"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "InvalidClientTokenIdException"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch"
        | "SignatureDoesNotMatchException"
        | "InvalidAccessKeyId"
        | "InvalidSignatureException"
        | "InvalidToken"
        | "TokenRefreshRequired" => SessionExpired,
        "NoSuchEntity"
        | "NoSuchEntityException"
        | "AccountNotFoundException"
        | "ParentNotFoundException"
        | "TargetNotFoundException"
        | "OrganizationalUnitNotFoundException"
        | "RootNotFoundException"
        | "PolicyNotFoundException"
        | "AccountNotRegistered"
        | "AccountNotRegisteredException"
        | "NoSuchBucket"
        | "NoSuchBucketPolicy"
        | "QueueDoesNotExist"
        | "AWS.SimpleQueueService.NonExistentQueue" => NotFound,
        "EntityAlreadyExists"
        | "EntityAlreadyExistsException"
        | "AccountAlreadyRegistered"
        | "AccountAlreadyRegisteredException" => AlreadyExists,
        "ConcurrentModification"
        | "ConcurrentModificationException"
        | "EntityTemporarilyUnmodifiable"
        | "EntityTemporarilyUnmodifiableException" => Conflict,
        "ServiceFailure"
        | "ServiceFailureException"
        | "ServiceException"
        | "InternalFailure"
        | "InternalError"
        | "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "InternalServerException" => ServiceFailure,
        "ServiceAccessNotEnabled" | "ServiceAccessNotEnabledException" => TrustedAccessNotEnabled,
        "CallerIsNotManagementAccount"
        | "CallerIsNotManagementAccountException"
        | "AccountNotManagementOrDelegatedAdministrator"
        | "AccountNotManagementOrDelegatedAdministratorException" => NotManagementAccount,
        "OrganizationNotFound"
        | "OrganizationNotFoundException"
        | "AWSOrganizationsNotInUse"
        | "AWSOrganizationsNotInUseException" => OrganizationNotFound,
        "OrganizationNotInAllFeaturesMode" | "OrganizationNotInAllFeaturesModeException" => {
            NotAllFeatures
        }
        "RegionDisabled" | "RegionDisabledException" => RegionDisabled,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_in_aws_notes_has_a_condition() {
        let expected = [
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
                "AWSOrganizationsNotInUseException",
                ErrorKind::OrganizationNotFound,
            ),
            (
                "OrganizationNotInAllFeaturesModeException",
                ErrorKind::NotAllFeatures,
            ),
            (
                "AccountAlreadyRegisteredException",
                ErrorKind::AlreadyExists,
            ),
            ("ExpiredTokenException", ErrorKind::SessionExpired),
            ("ExpiredToken", ErrorKind::SessionExpired),
            ("RegionDisabledException", ErrorKind::RegionDisabled),
            ("Throttling", ErrorKind::Throttled),
            ("TooManyRequestsException", ErrorKind::Throttled),
            ("NoSuchEntity", ErrorKind::NotFound),
            ("EntityAlreadyExists", ErrorKind::AlreadyExists),
            ("ServiceFailure", ErrorKind::ServiceFailure),
            ("EntityTemporarilyUnmodifiable", ErrorKind::Conflict),
            ("ConcurrentModification", ErrorKind::Conflict),
            ("AccessDenied", ErrorKind::AccessDenied),
            ("AccessDeniedException", ErrorKind::AccessDenied),
            // AWS Account Management (ListRegions).
            ("InternalServerException", ErrorKind::ServiceFailure),
        ];
        for (code, kind) in expected {
            assert_eq!(kind_for_code(code), Some(kind), "{code}");
        }
        // The SDK and the API reference disagree on the suffix: both spellings count.
        let both_spellings = [
            (
                "ServiceAccessNotEnabled",
                ErrorKind::TrustedAccessNotEnabled,
            ),
            (
                "AccountNotManagementOrDelegatedAdministrator",
                ErrorKind::NotManagementAccount,
            ),
            ("OrganizationNotFound", ErrorKind::OrganizationNotFound),
            (
                "OrganizationNotInAllFeaturesMode",
                ErrorKind::NotAllFeatures,
            ),
            (
                "CallerIsNotManagementAccount",
                ErrorKind::NotManagementAccount,
            ),
            ("AWSOrganizationsNotInUse", ErrorKind::OrganizationNotFound),
            ("RegionDisabled", ErrorKind::RegionDisabled),
            ("AccountAlreadyRegistered", ErrorKind::AlreadyExists),
            ("AccountNotRegistered", ErrorKind::NotFound),
            ("ExpiredToken", ErrorKind::SessionExpired),
            ("AccessDenied", ErrorKind::AccessDenied),
            ("NoSuchEntity", ErrorKind::NotFound),
            ("EntityAlreadyExists", ErrorKind::AlreadyExists),
            ("ConcurrentModification", ErrorKind::Conflict),
            ("EntityTemporarilyUnmodifiable", ErrorKind::Conflict),
            ("ServiceFailure", ErrorKind::ServiceFailure),
        ];
        for (bare, kind) in both_spellings {
            let suffixed = format!("{bare}Exception");
            assert_eq!(kind_for_code(bare), Some(kind), "{bare}");
            assert_eq!(kind_for_code(&suffixed), Some(kind), "{suffixed}");
        }
        for code in [
            "InvalidClientTokenId",
            "SignatureDoesNotMatch",
            "UnrecognizedClientException",
            "InvalidAccessKeyId",
        ] {
            assert_eq!(
                kind_for_code(code),
                Some(ErrorKind::SessionExpired),
                "{code}"
            );
        }
        // S3 and SQS, in root sessions.
        for code in [
            "SlowDown",
            "RequestThrottled",
            "ThrottlingException",
            "AWS.SimpleQueueService.RequestThrottled",
        ] {
            assert_eq!(kind_for_code(code), Some(ErrorKind::Throttled), "{code}");
        }
        for code in [
            "NoSuchBucket",
            "NoSuchBucketPolicy",
            "QueueDoesNotExist",
            "AWS.SimpleQueueService.NonExistentQueue",
        ] {
            assert_eq!(kind_for_code(code), Some(ErrorKind::NotFound), "{code}");
        }
        assert_eq!(
            kind_for_code("InternalError"),
            Some(ErrorKind::ServiceFailure)
        );
        assert_eq!(kind_for_code("SomethingNew"), None);
    }
}
