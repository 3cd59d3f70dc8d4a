use super::*;

const ARN: &str = "arn:aws:s3:::logs";

fn s3(policy: &str) -> Analysis {
    analyze(ResourceService::S3, ARN, Some(policy))
}

const LOCK: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}"#;

const TLS: &str = r#"{"Sid":"TlsOnly","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#;

#[test]
fn an_unconditional_deny_of_everything_to_everyone_locks() {
    let found = s3(LOCK);
    assert_eq!(found.status, LockStatus::Locked);
    assert_eq!(found.locking, [0]);
    assert!(
        found.reason.contains("\"DenyAll\" (#0)"),
        "{}",
        found.reason
    );
    // A statement without a Sid, or with an empty one, is named by its place alone.
    for unnamed in [
        LOCK.replace(r#""Sid":"DenyAll","#, ""),
        LOCK.replace("DenyAll", ""),
    ] {
        let found = s3(&unnamed);
        assert_eq!(found.status, LockStatus::Locked);
        assert!(found.reason.contains("statement #0"), "{}", found.reason);
        assert!(!found.reason.contains("\"\""), "{}", found.reason);
    }
}

#[test]
fn every_way_of_naming_everyone_and_the_policy_actions_locks() {
    for (principal, action) in [
        (r#""*""#, r#""*""#),
        (r#"{"AWS":"*"}"#, r#""s3:*""#),
        (
            r#"{"AWS":["*"]}"#,
            r#"["s3:GetObject","s3:PutBucketPolicy"]"#,
        ),
        (r#""*""#, r#""s3:*Policy""#),
        (r#""*""#, r#""S3:DeleteBucket*""#),
    ] {
        let policy = format!(
            r#"{{"Statement":{{"Effect":"Deny","Principal":{principal},"Action":{action},"Resource":"arn:aws:s3:::logs"}}}}"#
        );
        assert_eq!(s3(&policy).status, LockStatus::Locked, "{policy}");
    }
    // NotAction that leaves a policy action denied locks too.
    let not_action = r#"{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"}]}"#;
    assert_eq!(s3(not_action).status, LockStatus::Locked);
}

#[test]
fn statements_that_spare_someone_or_something_do_not_lock() {
    for policy in [
        // Allow, not deny.
        r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs"}]}"#,
        // One principal, not everyone.
        r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/x"},"Action":"s3:*","Resource":"arn:aws:s3:::logs"}]}"#,
        // Objects only: the bucket's policy actions are not denied.
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs/*"}]}"#,
        // Not a policy action.
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#,
        // NotAction that excludes every policy action.
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:*Policy","Resource":"*"}]}"#,
    ] {
        let found = s3(policy);
        assert_eq!(found.status, LockStatus::Open, "{policy}: {}", found.reason);
    }
    let tls = format!(r#"{{"Statement":[{TLS}]}}"#);
    assert_eq!(s3(&tls).status, LockStatus::Open);
    assert_eq!(
        analyze(ResourceService::S3, ARN, None).status,
        LockStatus::Open
    );
}

#[test]
fn conditions_rootctl_cannot_evaluate_are_unknown() {
    let conditional = r#"{"Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#;
    let found = s3(conditional);
    assert_eq!(found.status, LockStatus::Unknown);
    assert!(found.reason.contains("OrgOnly") && found.reason.contains("aws:PrincipalOrgID"));
    let not_principal = r#"{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(s3(not_principal).status, LockStatus::Unknown);
    assert_eq!(s3("not json").status, LockStatus::Unknown);
    // A lock beside an unknown statement is a lock.
    let both = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
    let found = s3(both);
    assert_eq!((found.status, found.locking), (LockStatus::Locked, vec![1]));
}

#[test]
fn sqs_policies_are_judged_on_the_queue_arn_and_sqs_actions() {
    let arn = resource_arn(ResourceService::Sqs, "eu-west-1", "111122223333", "jobs");
    assert_eq!(arn, "arn:aws:sqs:eu-west-1:111122223333:jobs");
    let lock = format!(
        r#"{{"Statement":[{{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"{arn}"}}]}}"#
    );
    assert_eq!(
        analyze(ResourceService::Sqs, &arn, Some(&lock)).status,
        LockStatus::Locked
    );
    // An S3 lock in a queue policy does not lock the queue.
    let s3_only =
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(
        analyze(ResourceService::Sqs, &arn, Some(s3_only)).status,
        LockStatus::Open
    );
    let send_only = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#;
    assert_eq!(
        analyze(ResourceService::Sqs, &arn, Some(send_only)).status,
        LockStatus::Open
    );
}

#[test]
fn surgery_keeps_every_other_statement_and_deletes_when_nothing_remains() {
    let partly = format!(
        r#"{{"Version":"2012-10-17","Id":"p1","Statement":[{TLS},{{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}}]}}"#
    );
    let found = s3(&partly);
    assert_eq!(found.locking, [1]);
    let after = without_statements(&partly, &found.locking).unwrap();
    let doc: Value = serde_json::from_str(&after).unwrap();
    let tls: Value = serde_json::from_str(TLS).unwrap();
    assert_eq!(doc["Statement"], Value::Array(vec![tls]));
    assert_eq!(
        (doc["Version"].as_str(), doc["Id"].as_str()),
        (Some("2012-10-17"), Some("p1"))
    );
    assert_eq!(s3(&after).status, LockStatus::Open);
    assert_eq!(without_statements(LOCK, &[0]), None);
}

#[test]
fn wildcards_match_as_iam_does() {
    assert!(wildcard("s3:*", "s3:GetBucketPolicy", true));
    assert!(wildcard("s3:Get?ucketPolicy", "s3:GetBucketPolicy", true));
    assert!(!wildcard("s3:Get", "s3:GetBucketPolicy", true));
    assert!(wildcard("arn:aws:s3:::log*", "arn:aws:s3:::logs", false));
    assert!(!wildcard("arn:aws:s3:::LOGS", "arn:aws:s3:::logs", false));
    assert!(wildcard("*", "", false));
}

#[test]
fn arns_name_the_partition_of_the_resources_region() {
    let cases = [
        ("cn-north-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("eu-west-1", "aws"),
    ];
    for (region, partition) in cases {
        let bucket = resource_arn(ResourceService::S3, region, "111122223333", "logs");
        assert_eq!(bucket, format!("arn:{partition}:s3:::logs"));
        let queue = resource_arn(ResourceService::Sqs, region, "111122223333", "jobs");
        assert_eq!(
            queue,
            format!("arn:{partition}:sqs:{region}:111122223333:jobs")
        );
        let lock = LOCK.replace("arn:aws:", &format!("arn:{partition}:"));
        assert_eq!(
            analyze(ResourceService::S3, &bucket, Some(&lock)).status,
            LockStatus::Locked,
            "{region}"
        );
    }
}

#[test]
fn a_deny_to_the_owning_account_locks_and_one_to_others_does_not() {
    let owner = "111111111111";
    let deny = |principal: &str| {
        format!(
            r#"{{"Statement":[{{"Effect":"Deny","Principal":{{"AWS":{principal}}},"Action":"s3:*","Resource":"*"}}]}}"#
        )
    };
    let judged = |principal: &str| {
        analyze_owned(ResourceService::S3, ARN, owner, Some(&deny(principal))).status
    };
    assert_eq!(judged(r#""111111111111""#), LockStatus::Locked);
    assert_eq!(
        judged(r#""arn:aws:iam::111111111111:root""#),
        LockStatus::Locked
    );
    assert_eq!(
        judged(r#""arn:aws-cn:iam::111111111111:root""#),
        LockStatus::Locked
    );
    assert_eq!(
        judged(r#"["arn:aws:iam::222222222222:root", "111111111111"]"#),
        LockStatus::Locked
    );
    assert_eq!(
        judged(r#""arn:aws:iam::222222222222:root""#),
        LockStatus::Open
    );
    assert_eq!(
        judged(r#""arn:aws:iam::111111111111:role/Admin""#),
        LockStatus::Open
    );
    assert_eq!(
        judged(r#""arn:aws:iam::111111111111:rootx""#),
        LockStatus::Open
    );
    // Without the owner (a bucket ARN names none), only `*` locks.
    assert_eq!(
        analyze(ResourceService::S3, ARN, Some(&deny(r#""111111111111""#))).status,
        LockStatus::Open
    );
    // A queue ARN names its owner.
    let queue = "arn:aws:sqs:us-east-1:111111111111:jobs";
    let sqs = r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"111111111111"},"Action":"sqs:*","Resource":"*"}]}"#;
    assert_eq!(
        analyze(ResourceService::Sqs, queue, Some(sqs)).status,
        LockStatus::Locked
    );
}

fn deny(fields: &str) -> String {
    format!(r#"{{"Statement":[{{"Effect":"Deny","Action":"s3:*",{fields}}}]}}"#)
}

#[test]
fn only_the_string_star_names_everyone() {
    let everyone = deny(r#""Principal":"*","Resource":"*""#);
    assert_eq!(s3(&everyone).status, LockStatus::Locked);
    // Any other string is not a principal AWS accepts, and names no one here.
    let other = deny(r#""Principal":"someone","Resource":"*""#);
    assert_eq!(s3(&other).status, LockStatus::Open);
}

#[test]
fn a_tls_condition_spares_only_when_it_is_the_only_condition() {
    let with = |condition: &str| {
        s3(&deny(&format!(
            r#""Principal":"*","Resource":"*","Condition":{condition}"#
        )))
        .status
    };
    assert_eq!(
        with(r#"{"Bool":{"aws:SecureTransport":"false"}}"#),
        LockStatus::Open
    );
    // Another key beside it in `Bool`, or the key saying "true": not the TLS-only deny.
    assert_ne!(
        with(r#"{"Bool":{"aws:SecureTransport":"false","aws:ViaAWSService":"false"}}"#),
        LockStatus::Open
    );
    assert_ne!(
        with(r#"{"Bool":{"aws:SecureTransport":"true"}}"#),
        LockStatus::Open
    );
    assert_ne!(
        with(r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#),
        LockStatus::Open
    );
}

#[test]
fn not_resource_locks_the_resources_it_does_not_exclude() {
    let sparing_logs = deny(r#""Principal":"*","NotResource":"arn:aws:s3:::logs*""#);
    assert_eq!(s3(&sparing_logs).status, LockStatus::Open);
    let sparing_others = deny(r#""Principal":"*","NotResource":"arn:aws:s3:::other*""#);
    assert_eq!(s3(&sparing_others).status, LockStatus::Locked);
}

#[test]
fn an_empty_condition_block_conditions_nothing() {
    let empty = deny(r#""Principal":"*","Resource":"*","Condition":{}"#);
    assert_eq!(s3(&empty).status, LockStatus::Locked);
}
