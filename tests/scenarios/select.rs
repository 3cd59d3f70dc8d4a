//! select_accounts against the simulator: OUs, tags, exclusions, and the errors.

use rootctl::sim::SimulatedOrg;
use rootctl::{AccountState, ErrorKind, Rootctl, Selection, SkipReason};

fn org() -> SimulatedOrg {
    SimulatedOrg::builder()
        .members(40)
        .seed(11)
        .suspended(2)
        .closed(1)
        .build()
}

#[tokio::test]
async fn every_account_is_a_target_or_skipped_with_its_reason() {
    let org = org();
    let rc = Rootctl::simulated(org.clone());
    let selected = rc.select_accounts(&Selection::all()).await.unwrap();
    let members = org.members();
    assert_eq!(
        selected.targets.len() + selected.skipped.len(),
        members.len() + 1
    );
    let management = org.management_account_id();
    assert!(selected.targets.iter().all(|t| t.account_id != management));
    assert!(
        selected
            .targets
            .iter()
            .all(|t| t.state == AccountState::Active)
    );
    let reasons: Vec<&SkipReason> = selected.skipped.iter().map(|s| &s.reason).collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| ***r == SkipReason::ManagementAccount)
            .count(),
        1
    );
    assert_eq!(
        reasons
            .iter()
            .filter(|r| matches!(r, SkipReason::NotActive { .. }))
            .count(),
        3
    );
    // The OU path comes from the tree walk and matches the simulator's truth.
    for target in &selected.targets {
        let member = members
            .iter()
            .find(|m| m.account.id == target.account_id)
            .unwrap();
        assert!(
            target.ou_path.ends_with(&member.ou_path),
            "{} vs {}",
            target.ou_path,
            member.ou_path
        );
    }
}

#[tokio::test]
async fn ous_are_recursive_and_exclusions_win() {
    let org = org();
    let rc = Rootctl::simulated(org.clone());
    let members = org.members();
    // An OU with a sub-OU: some member's parent path has two levels.
    let deep = members
        .iter()
        .find(|m| m.ou_path.contains('/'))
        .expect("nested OUs");
    let top_name = deep.ou_path.split('/').next().unwrap().to_owned();
    let under_top: Vec<_> = members
        .iter()
        .filter(|m| m.ou_path == top_name || m.ou_path.starts_with(&format!("{top_name}/")))
        .collect();
    // Find the top OU's id through the Organizations trait, as a user would.
    use rootctl::Organizations;
    let root = org.list_roots().await.unwrap().remove(0);
    let top = org
        .list_organizational_units_for_parent(&root.id)
        .await
        .unwrap()
        .into_iter()
        .find(|ou| ou.name == top_name)
        .unwrap();
    let selected = rc
        .select_accounts(&Selection::all().ou(top.id.clone()))
        .await
        .unwrap();
    let expected: Vec<_> = under_top
        .iter()
        .filter(|m| m.account.state == AccountState::Active)
        .map(|m| m.account.id)
        .collect();
    let mut got: Vec<_> = selected.targets.iter().map(|t| t.account_id).collect();
    got.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(got, expected_sorted, "recursive OU selection");

    let excluded = expected[0];
    let selected = rc
        .select_accounts(&Selection::all().ou(top.id).exclude_account(excluded))
        .await
        .unwrap();
    assert!(selected.targets.iter().all(|t| t.account_id != excluded));
    let skip = selected
        .skipped
        .iter()
        .find(|s| s.account_id == excluded)
        .unwrap();
    assert_eq!(skip.reason, SkipReason::ExcludedAccount);
}

#[tokio::test]
async fn tags_filter_and_exclude() {
    let org = org();
    let rc = Rootctl::simulated(org.clone());
    let selected = rc
        .select_accounts(
            &Selection::all()
                .tag("env=prod".parse().unwrap())
                .exclude_tag("team=data".parse().unwrap()),
        )
        .await
        .unwrap();
    assert!(!selected.targets.is_empty());
    for target in &selected.targets {
        let tags = target
            .tags
            .as_ref()
            .expect("tags read when filtering on them");
        assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
        assert_ne!(tags.get("team").map(String::as_str), Some("data"));
    }
    let truth = org.members();
    for skipped in &selected.skipped {
        let Some(member) = truth.iter().find(|m| m.account.id == skipped.account_id) else {
            continue; // the management account
        };
        match &skipped.reason {
            SkipReason::TagMismatch { .. } => {
                assert_ne!(member.tags.get("env").map(String::as_str), Some("prod"))
            }
            SkipReason::ExcludedTag { .. } => {
                assert_eq!(member.tags.get("team").map(String::as_str), Some("data"))
            }
            SkipReason::NotActive { .. } => assert_ne!(member.account.state, AccountState::Active),
            other => panic!("unexpected reason {other:?}"),
        }
    }
}

#[tokio::test]
async fn bad_selections_are_typed_errors_before_any_root_session() {
    let org = org();
    let rc = Rootctl::simulated(org.clone());
    let unknown_ou = Selection::all().ou("ou-zzzz-zzzzzzzz".parse().unwrap());
    let err = rc.select_accounts(&unknown_ou).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("ou-zzzz-zzzzzzzz"), "{err}");

    let stranger = Selection::accounts(["999999999999".parse().unwrap()]);
    let err = rc.select_accounts(&stranger).await.unwrap_err();
    assert!(err.to_string().contains("999999999999"), "{err}");

    let management = Selection::accounts([org.management_account_id()]);
    let err = rc.select_accounts(&management).await.unwrap_err();
    assert!(err.to_string().contains("management account"), "{err}");

    let nothing = Selection::all().tag("env=nowhere".parse().unwrap());
    let err = rc.select_accounts(&nothing).await.unwrap_err();
    assert!(
        err.to_string().contains("matches no ACTIVE member account"),
        "{err}"
    );

    // An exclusion by a tag key no account carries is a typo, not "exclude nothing".
    let typo = Selection::all().exclude_tag("enviroment=prod".parse().unwrap());
    let err = rc.select_accounts(&typo).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("enviroment"), "{err}");
    assert!(
        err.to_string().contains("env"),
        "the keys that exist are named: {err}"
    );
    let real = Selection::all().exclude_tag("env=prod".parse().unwrap());
    assert!(rc.select_accounts(&real).await.is_ok());

    let audit_err = rc.audit(&nothing, None).await.unwrap_err();
    assert_eq!(audit_err.kind(), ErrorKind::InvalidInput);
    assert!(
        org.calls()
            .iter()
            .all(|c| c.operation != "AssumeRoot" && !c.mutating),
        "no root session and no mutation on bad input"
    );
}
