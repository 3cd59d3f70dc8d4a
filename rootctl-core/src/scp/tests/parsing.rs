//! What `PolicyDocument::parse` reads and what it refuses.

use super::*;

#[test]
fn documents_parse_liberally_and_refuse_what_is_not_a_policy() {
    let single = PolicyDocument::parse(
        r#"{"Statement": {"Effect": "Deny", "Action": "iam:*",
            "Condition": {"Bool": {"aws:SecureTransport": false}}}}"#,
    )
    .unwrap();
    assert_eq!(single.statements.len(), 1);
    assert_eq!(single.statements[0].resources, Resources::Any);
    assert_eq!(single.statements[0].conditions[0].values, vec!["false"]);
    for bad in [
        "not json",
        r#"{"Version": "2012-10-17"}"#,
        r#"{"Statement": [{"Effect": "Maybe", "Action": "*"}]}"#,
        r#"{"Statement": [{"Effect": "Deny"}]}"#,
        r#"{"Statement": [{"Effect": "Deny", "Action": "*", "NotAction": "s3:*"}]}"#,
    ] {
        let err = PolicyDocument::parse(bad).unwrap_err();
        assert!(
            matches!(err, crate::Error::InvalidInput { .. }),
            "{bad}: {err}"
        );
    }
}

/// A policy with a key twice (two `Condition` blocks of one operator) has no documented
/// reading: it is not parsed, so `check_scps` reports it unreadable (unknown), never
/// judged by the reading `serde_json` happens to keep.
#[test]
fn a_policy_with_a_key_twice_is_unreadable() {
    let text = r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
        "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                      "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/nobody"}}}]}"#;
    let err = PolicyDocument::parse(text).unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
}
