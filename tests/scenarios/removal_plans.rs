//! What an edited removal plan (plain JSON) or its report must not get past: a plan id
//! that is not a plain file name, a plan dated in the future, and a report called ok
//! while the verifying audit could not confirm an account's planned removals.

use rootctl::sim::SimulatedOrg;
use rootctl::{ApplyOptions, CredentialKind, Error, RemovalPlan, Rootctl, Selection};

fn org(seed: u64) -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(3)
        .seed(seed)
        .password_share(1.0)
        .access_key_share(1.0)
        .build()
}

async fn plan(rc: &Rootctl) -> RemovalPlan {
    let audit = rc.audit(&Selection::all(), None).await.expect("audit");
    rc.plan_removal(&audit, &CredentialKind::ALL).expect("plan")
}

/// Journals are named after the plan id (`enforce-<plan_id>.jsonl`): an id with a path
/// separator, `..`, a leading dot or other characters is refused on reading the plan and
/// on applying it, before any call that changes something.
#[tokio::test]
async fn a_plan_id_that_is_not_a_plain_file_name_is_refused() {
    let org = org(61);
    let rc = Rootctl::simulated(org.clone());
    let good = plan(&rc).await;
    assert!(RemovalPlan::from_json(&good.to_json()).is_ok());
    for id in [
        "../../outside",
        "a/b",
        "a\\b",
        "..",
        ".hidden",
        "",
        "plan 1",
        "plan\n1",
        "plan-é",
    ] {
        let mut edited = good.clone();
        edited.plan_id = id.to_owned();
        let err = RemovalPlan::from_json(&edited.to_json()).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
        assert!(err.to_string().contains("plain file name"), "{id:?}: {err}");
        org.clear_calls();
        let err = rc
            .apply_removal(&edited, ApplyOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
        assert_eq!(org.mutating_calls(), Vec::new(), "{id:?}");
    }
    for id in ["plan-3f2a", "my_plan.v2", "PLAN-1"] {
        let mut fine = good.clone();
        fine.plan_id = id.to_owned();
        fine.validate().expect(id);
    }
}
