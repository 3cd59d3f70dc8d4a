//! Resource patterns against buckets and queues not named yet (issue 22, F2).

use serde_json::json;

use super::{ACCOUNT, verdict};
use crate::model::Partition;
use crate::scp::{Verdict, root_task_request};

/// F2: a bucket or queue not known yet is matched part by part: a pattern whose known
/// parts match and whose unknown parts (and name) are all `*` surely names it; one with a
/// known part that cannot match surely does not; the rest may.
#[test]
fn unnamed_buckets_and_queues_are_matched_part_by_part() {
    let account: crate::AccountId = ACCOUNT.parse().unwrap();
    let queue = root_task_request("sqs:SetQueueAttributes", &account, Partition::Aws);
    let bucket = root_task_request("s3:PutBucketPolicy", &account, Partition::Aws);
    let cn_bucket = root_task_request("s3:PutBucketPolicy", &account, Partition::AwsCn);
    let deny = |element: &str, pattern: &str| json!([{"Effect": "Deny", "Action": ["s3:*", "sqs:*"], element: pattern}]);
    let cases = [
        // AWS's own SQSUnlockQueuePolicy names every queue so.
        ("Resource", "arn:aws:sqs:*:*:*", &queue, Verdict::Blocked),
        (
            "Resource",
            "arn:aws:sqs:*:111111111111:*",
            &queue,
            Verdict::Blocked,
        ),
        (
            "Resource",
            "arn:aws:sqs:*:222222222222:*",
            &queue,
            Verdict::Allowed,
        ),
        // The queue's region is not known before the call.
        (
            "Resource",
            "arn:aws:sqs:eu-west-1:111111111111:*",
            &queue,
            Verdict::Unknown,
        ),
        (
            "Resource",
            "arn:aws:sqs:*:111111111111:orders-*",
            &queue,
            Verdict::Unknown,
        ),
        // A trailing `*` runs over the colons.
        ("Resource", "arn:aws:sqs:*", &queue, Verdict::Blocked),
        ("Resource", "arn:aws-cn:sqs:*:*:*", &queue, Verdict::Allowed),
        ("Resource", "arn:aws:s3:::*", &queue, Verdict::Allowed),
        ("Resource", "arn:aws:s3:::*", &bucket, Verdict::Blocked),
        ("Resource", "arn:*:s3:::*", &bucket, Verdict::Blocked),
        ("Resource", "arn:aws:s3:::logs-*", &bucket, Verdict::Unknown),
        // Object ARNs name no bucket: a bucket name has no `/`.
        ("Resource", "arn:aws:s3:::logs/*", &bucket, Verdict::Allowed),
        ("Resource", "arn:aws:s3:::*/*", &bucket, Verdict::Allowed),
        // A pattern that stops before the name names no bucket.
        ("Resource", "arn:aws:s3:::", &bucket, Verdict::Allowed),
        ("Resource", "arn:aws:sqs:*:*:", &queue, Verdict::Allowed),
        ("Resource", "arn:aws:sqs:*:*:*", &bucket, Verdict::Allowed),
        // Partitions: a bucket in China is arn:aws-cn:s3:::name.
        ("Resource", "arn:aws:s3:::*", &cn_bucket, Verdict::Allowed),
        (
            "Resource",
            "arn:aws-cn:s3:::*",
            &cn_bucket,
            Verdict::Blocked,
        ),
        // NotResource: everything but the patterns.
        (
            "NotResource",
            "arn:aws:sqs:*:222222222222:*",
            &queue,
            Verdict::Blocked,
        ),
        ("NotResource", "arn:aws:sqs:*:*:*", &queue, Verdict::Allowed),
        (
            "NotResource",
            "arn:aws:s3:::logs-*",
            &bucket,
            Verdict::Unknown,
        ),
        (
            "NotResource",
            "arn:aws:s3:::logs/*",
            &bucket,
            Verdict::Blocked,
        ),
    ];
    let mut wrong = Vec::new();
    for (element, pattern, request, expected) in cases {
        let got = verdict(deny(element, pattern), request);
        if got != expected {
            wrong.push(format!(
                "{element} {pattern} on {}: expected {expected}, got {got}",
                request.action
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A Deny that may name a bucket or queue says which resource it could not name.
#[test]
fn an_undecided_resource_is_named_with_its_unknown_parts() {
    let account: crate::AccountId = ACCOUNT.parse().unwrap();
    let cases = [
        (
            "s3:PutBucketPolicy",
            "arn:aws:s3:::logs-*",
            "arn:aws:s3:::<bucket>",
        ),
        (
            "sqs:SetQueueAttributes",
            "arn:aws:sqs:*:*:orders-*",
            "arn:aws:sqs:<region>:111111111111:<queue>",
        ),
    ];
    for (action, pattern, shown) in cases {
        let request = root_task_request(action, &account, Partition::Aws);
        let deny = json!([{"Effect": "Deny", "Action": action, "Resource": pattern}]);
        let evaluation = super::verdict_with(&super::doc(deny), &request, Some("us-east-1"));
        assert_eq!(evaluation.verdict, Verdict::Unknown);
        assert_eq!(
            evaluation.causes[0].reason,
            format!(
                "statement 1 of p-extra may deny {action}: its Resource may or may not name \
                 the resource ({shown}, not named before the call)"
            )
        );
    }
}
