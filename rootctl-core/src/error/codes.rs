//! The table of AWS error codes rootctl understands, and the condition each one means.
//!
//! It sits with the error type, below both implementations of the boundary: the SDK
//! adapters classify real answers with it, and the simulator names the condition of the
//! codes it answers with, so the two cannot disagree.

use super::ErrorKind;

/// Maps an AWS error code to the condition it means, for codes rootctl knows.
///
/// Query-protocol services (IAM, STS) answer codes without the `Exception` suffix;
/// JSON-protocol ones (Organizations, the IAM feature APIs) with it. Both spellings are
/// listed where AWS uses both.
pub fn kind_for_code(code: &str) -> Option<ErrorKind> {
    use ErrorKind::*;
    Some(match code {
        "AccessDenied" | "AccessDeniedException" | "AccessDeniedForDependencyException" => {
            AccessDenied
        }
        "Throttling"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => Throttled,
        "ExpiredToken" | "ExpiredTokenException" => SessionExpired,
        "NoSuchEntity"
        | "NoSuchEntityException"
        | "AccountNotFoundException"
        | "ParentNotFoundException"
        | "TargetNotFoundException"
        | "OrganizationalUnitNotFoundException"
        | "RootNotFoundException"
        | "AccountNotRegisteredException" => NotFound,
        "EntityAlreadyExists"
        | "EntityAlreadyExistsException"
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
        | "ServiceUnavailableException" => ServiceFailure,
        "ServiceAccessNotEnabledException" => TrustedAccessNotEnabled,
        "CallerIsNotManagementAccountException"
        | "AccountNotManagementOrDelegatedAdministratorException" => NotManagementAccount,
        "OrganizationNotFoundException" | "AWSOrganizationsNotInUseException" => {
            OrganizationNotFound
        }
        "OrganizationNotInAllFeaturesModeException" => NotAllFeatures,
        "RegionDisabledException" => RegionDisabled,
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
        ];
        for (code, kind) in expected {
            assert_eq!(kind_for_code(code), Some(kind), "{code}");
        }
        assert_eq!(kind_for_code("SomethingNew"), None);
    }
}
