use super::*;
use crate::SimulatedOrg;
use crate::model::{AccountId, RootCredentials};

async fn audited(members: usize) -> (Rootctl, AuditReport) {
    let rootctl = Rootctl::simulated(SimulatedOrg::builder().members(members).seed(24).build());
    let audit = rootctl.audit(&Selection::all(), None).await.unwrap();
    (rootctl, audit)
}

/// The number an element with `id` carries in its `data-count`.
fn count(html: &str, id: &str) -> usize {
    let needle = format!("id=\"{id}\" data-count=\"");
    let at = html.find(&needle).unwrap();
    let rest = &html[at + needle.len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

#[tokio::test]
async fn the_pages_totals_are_the_audits() {
    let (rootctl, audit) = audited(40).await;
    let evidence = rootctl.evidence(&Selection::all(), None).await.unwrap();
    let html = evidence.to_html().unwrap();
    let s = audit.summary;
    assert_eq!(count(&html, "count-clean"), s.clean);
    assert_eq!(count(&html, "count-holding"), s.audited - s.clean);
    assert_eq!(count(&html, "count-failed"), s.failed);
    assert_eq!(count(&html, "count-skipped"), s.skipped);
    assert_eq!(count(&html, "count-total"), s.targeted + s.skipped);
    assert_eq!(
        html.matches("<li class=\"acct\"").count(),
        s.targeted + s.skipped
    );
    let keys = format!(
        "data-kind=\"access_key\" data-accounts=\"{}\"",
        s.with_access_keys
    );
    assert!(html.contains(&keys), "{keys}");
}

/// A dry run of a policy whose exception lets `holder` keep every kind.
async fn keeping_everything(rootctl: &Rootctl, holder: AccountId) -> EnforcementReport {
    let policy = crate::EnforcementPolicy::from_toml(&format!(
        "[[exceptions]]\naccount = \"{holder}\"\nreason = \"break-glass\"\n\
         keep = [\"password\", \"access_keys\", \"signing_certificates\", \"mfa_devices\"]\n"
    ))
    .unwrap();
    let options = crate::EnforceOptions {
        dry_run: true,
        ..Default::default()
    };
    rootctl.enforce(&policy, options).await.unwrap()
}

#[tokio::test]
async fn an_excepted_account_is_neither_clean_nor_holding() {
    let (rootctl, audit) = audited(12).await;
    let holder = audit
        .accounts
        .iter()
        .find(|a| a.credentials.as_ref().is_some_and(|c| !c.is_empty()))
        .unwrap()
        .account_id;
    let enforcement = keeping_everything(&rootctl, holder).await;
    let plain = Evidence::new(audit.clone()).to_html().unwrap();
    let html = Evidence::new(audit)
        .with_enforcement(enforcement)
        .to_html()
        .unwrap();
    assert_eq!(count(&plain, "count-excepted"), 0);
    assert_eq!(count(&html, "count-excepted"), 1);
    assert_eq!(
        count(&html, "count-holding"),
        count(&plain, "count-holding") - 1
    );
    assert!(html.contains(&format!(
        "<tr class=\"exception\" data-account=\"{holder}\">"
    )));
    assert!(html.contains(&format!("data-id=\"{holder}\" data-status=\"excepted\"")));
}

#[tokio::test]
async fn a_report_of_another_organization_is_refused() {
    let (rootctl, audit) = audited(5).await;
    let mut scps = rootctl
        .check_scps(&Selection::all(), &[crate::RootTask::Audit])
        .await
        .unwrap();
    assert!(
        Evidence::new(audit.clone())
            .with_scps(scps.clone())
            .to_html()
            .is_ok()
    );
    scps.organization_id = "o-someoneelse".to_owned();
    let error = Evidence::new(audit).with_scps(scps).to_html().unwrap_err();
    assert!(
        error.to_string().contains("another organization"),
        "{error}"
    );
}

#[tokio::test]
async fn names_are_escaped_and_nothing_is_fetched() {
    let (_, mut audit) = audited(5).await;
    audit.accounts[0].name = "<script>alert(1)</script>".to_owned();
    let html = Evidence::new(audit).to_html().unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)"));
    for fetch in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
        assert!(!html.contains(fetch), "the page fetches: {fetch}");
    }
}

#[tokio::test]
async fn empty_lists_the_summary_contradicts_are_not_clean() {
    let (_, mut audit) = audited(12).await;
    let account = audit
        .accounts
        .iter_mut()
        .find(|a| a.credentials.as_ref().is_some_and(|c| c.is_empty()))
        .expect("a clean account");
    let id = account.account_id;
    let plain = Evidence::new(audit.clone()).to_html().unwrap();
    audit
        .accounts
        .iter_mut()
        .find(|a| a.account_id == id)
        .unwrap()
        .account_summary = Some(crate::model::AccountSummary {
        password_present: true,
        ..Default::default()
    });
    let evidence = Evidence::new(audit);
    let html = evidence.to_html().unwrap();
    assert!(html.contains(&format!("data-id=\"{id}\" data-status=\"failed\"")));
    assert_eq!(
        count(&html, "count-clean"),
        count(&plain, "count-clean") - 1
    );
    assert_eq!(
        count(&html, "count-failed"),
        count(&plain, "count-failed") + 1
    );
    // No control passes on it: each counts it as not decided.
    let view = serde_json::to_value(view::PageView::new(&evidence)).unwrap();
    for control in view["controls"].as_array().unwrap() {
        assert_eq!(control["unknown"], 1, "{}", control["id"]);
        assert_eq!(control["status"], "failed", "{}", control["id"]);
    }
}

#[tokio::test]
async fn an_exception_covers_only_the_kinds_it_keeps_while_in_force() {
    let (rootctl, audit) = audited(12).await;
    let holder = audit
        .accounts
        .iter()
        .find(|a| {
            a.credentials.as_ref().is_some_and(|c| {
                c.holds(crate::CredentialKind::Password)
                    && c.holds(crate::CredentialKind::AccessKey)
            })
        })
        .expect("an account with a password and a key")
        .account_id;
    let enforcement = keeping_everything(&rootctl, holder).await;
    let status = |enforcement: crate::EnforcementReport| {
        let html = Evidence::new(audit.clone())
            .with_enforcement(enforcement)
            .to_html()
            .unwrap();
        let needle = format!("data-id=\"{holder}\" data-status=\"");
        let rest = &html[html.find(&needle).unwrap() + needle.len()..];
        rest[..rest.find('"').unwrap()].to_owned()
    };
    assert_eq!(status(enforcement.clone()), "excepted");
    // Keeping the password only does not cover the access key the audit found.
    let mut narrow = enforcement.clone();
    narrow.exceptions[0].keep = vec![crate::CredentialKind::Password];
    assert_eq!(status(narrow), "holding");
    // An expired exception, or one outside the run's scope, covers nothing.
    let mut expired = enforcement.clone();
    expired.exceptions[0].expired = true;
    assert_eq!(status(expired), "holding");
    let mut out_of_scope = enforcement;
    out_of_scope.exceptions[0].in_scope = false;
    assert_eq!(status(out_of_scope), "holding");
}

/// The `data-status` of the account `id` in the tree, and of the control `control`.
fn account_status<'a>(html: &'a str, id: &str) -> &'a str {
    let needle = format!("data-id=\"{id}\" data-status=\"");
    let at = html.find(&needle).unwrap() + needle.len();
    &html[at..at + html[at..].find('"').unwrap()]
}

fn control_status<'a>(html: &'a str, control: &str) -> &'a str {
    let needle = format!("data-control=\"{control}\" data-status=\"");
    let at = html.find(&needle).unwrap() + needle.len();
    &html[at..at + html[at..].find('"').unwrap()]
}

/// A member whose root user holds an MFA device and nothing the test adds, excepted for
/// its MFA device until `expires`, after a real (not dry) enforcement; with the
/// simulator to stage what happens after the run.
async fn excepted_after_enforcement(
    expires: &str,
) -> (SimulatedOrg, Rootctl, EnforcementReport, AccountId) {
    let org = SimulatedOrg::builder()
        .members(12)
        .seed(24)
        .mfa_share(0.6)
        .build();
    let rootctl = Rootctl::simulated(org.clone());
    let audit = rootctl.audit(&Selection::all(), None).await.unwrap();
    let holder = audit
        .accounts
        .iter()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(|c| !c.mfa_devices.is_empty())
        })
        .expect("a member with an MFA device")
        .account_id;
    let policy = crate::EnforcementPolicy::from_toml(&format!(
        "[[exceptions]]\naccount = \"{holder}\"\nreason = \"break-glass token\"\n\
         keep = [\"mfa_devices\"]\nexpires = \"{expires}\"\n"
    ))
    .unwrap();
    let enforcement = rootctl
        .enforce(&policy, crate::EnforceOptions::default())
        .await
        .unwrap();
    let row = enforcement
        .accounts
        .iter()
        .find(|a| a.account_id == holder)
        .unwrap();
    assert_eq!(row.status, crate::ops::EnforcementStatus::Excepted);
    (org, rootctl, enforcement, holder)
}

/// Red team: `GetAccountSummary` reports a root access key that the list did not find.
/// The page draws the account `clean` (green), CIS 2.4 / IAM.4 `passed`, and never
/// shows the warning: the template prints warnings only inside the credentials list,
/// which a clean account does not have.
#[tokio::test]
async fn redteam_a_summary_mismatch_on_a_clean_account_is_shown_and_not_clean() {
    let (_, mut audit) = audited(20).await;
    let warning =
        "GetAccountSummary reports AccountAccessKeysPresent present, the lists found them absent";
    let account = audit
        .accounts
        .iter_mut()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(RootCredentials::is_empty)
        })
        .expect("a clean account");
    let id = account.account_id.to_string();
    account
        .account_summary
        .as_mut()
        .unwrap()
        .access_keys_present = 1;
    account.warnings = vec![warning.to_owned()];
    let html = Evidence::new(audit).to_html().unwrap();
    assert!(html.contains(warning), "the warning is on the page");
    assert_ne!(account_status(&html, &id), "clean");
    assert_ne!(control_status(&html, "SecurityHub-IAM.4"), "passed");
}

/// Red team: the page marks an account `excepted` (and passes CIS 2.1.1 for it) because
/// the enforcement report says `excepted`, without comparing with the audit it draws.
/// Here the exception keeps an MFA device; a root access key appears after the
/// enforcement; the later audit finds it, and the page still says `excepted`, CIS 2.1.1
/// `passed`.
#[tokio::test]
async fn redteam_an_exception_does_not_cover_a_kind_it_does_not_keep() {
    let (org, rootctl, enforcement, holder) = excepted_after_enforcement("2099-01-31").await;
    let mut creds = org.root_credentials(&holder).unwrap();
    creds.access_keys.push(crate::model::AccessKey {
        id: "key-that-appeared-later".to_owned(),
        status: crate::model::CredentialStatus::Active,
        created: Some(org.now()),
        last_used: None,
    });
    org.set_credentials(&holder, creds).unwrap();
    let audit = rootctl.audit(&Selection::all(), None).await.unwrap();
    let html = Evidence::new(audit)
        .with_enforcement(enforcement)
        .to_html()
        .unwrap();
    assert_eq!(account_status(&html, &holder.to_string()), "holding");
    assert_eq!(control_status(&html, "CIS-7.0-2.1.1"), "failed");
}

/// Red team: the same with time. An enforcement ran three days ago, when the exception
/// was still in force; it expired yesterday; today's audit is drawn beside that run. The
/// page takes `excepted` from the older run: the account is drawn `excepted`, its
/// exception `in force`, CIS 2.1.1 `passed`.
#[tokio::test]
async fn redteam_an_exception_expired_before_the_audit_excepts_nothing() {
    let (_, rootctl, mut enforcement, holder) = excepted_after_enforcement("2099-01-31").await;
    // The same run, three days earlier, with an exception that expired yesterday.
    let days = |n: i64| chrono::Duration::days(n);
    let yesterday = (chrono::Utc::now() - days(1)).date_naive();
    enforcement.started_at -= days(3);
    enforcement.finished_at -= days(3);
    for e in &mut enforcement.exceptions {
        e.expires = Some(yesterday);
    }
    for a in &mut enforcement.accounts {
        if let Some(e) = a.exception.as_mut() {
            e.expires = Some(yesterday);
        }
    }
    let audit = rootctl.audit(&Selection::all(), None).await.unwrap();
    assert!(
        audit.started_at.date_naive() > yesterday,
        "the audit is after the expiry"
    );
    let html = Evidence::new(audit)
        .with_enforcement(enforcement)
        .to_html()
        .unwrap();
    assert_eq!(account_status(&html, &holder.to_string()), "holding");
    assert!(
        !html.contains(">in force<"),
        "an expired exception is not in force"
    );
    assert_eq!(control_status(&html, "CIS-7.0-2.1.1"), "failed");
}

/// Red team: the control mapping is the organization's verdict ("the organization's
/// verdict is its worst account's"), but accounts the selection left out drop out of it
/// silently: audit only the clean members and every control reads `passed`, with 0 "not
/// audited", while a member that was not selected holds a root access key.
#[tokio::test]
async fn redteam_an_account_left_out_is_not_a_pass_for_the_organization() {
    let (rootctl, full) = audited(12).await;
    let holder = full
        .accounts
        .iter()
        .find(|a| {
            a.credentials
                .as_ref()
                .is_some_and(|c| !c.access_keys.is_empty())
        })
        .expect("a member with a root access key")
        .account_id;
    let clean: Vec<AccountId> = full
        .accounts
        .iter()
        .filter(|a| {
            a.credentials
                .as_ref()
                .is_some_and(RootCredentials::is_empty)
        })
        .map(|a| a.account_id)
        .collect();
    assert!(!clean.is_empty());
    let audit = rootctl
        .audit(&Selection::accounts(clean), None)
        .await
        .unwrap();
    assert!(audit.skipped.iter().any(|s| s.account_id == holder));
    let html = Evidence::new(audit).to_html().unwrap();
    assert_ne!(
        control_status(&html, "SecurityHub-IAM.4"),
        "passed",
        "IAM.4 passes for the organization while {holder} (not selected) holds a root key"
    );
}

/// Every OU of the tree once, named, with its path from the root, and every account under
/// the OU its audit names.
#[tokio::test]
async fn the_tree_places_each_account_under_its_own_ou() {
    let (_, audit) = audited(40).await;
    let view = serde_json::to_value(view::PageView::new(&Evidence::new(audit.clone()))).unwrap();
    let mut placed = std::collections::BTreeMap::new();
    fn walk(
        node: &serde_json::Value,
        parent: &str,
        placed: &mut std::collections::BTreeMap<String, String>,
    ) {
        let mut names = std::collections::BTreeSet::new();
        for child in node["children"].as_array().unwrap() {
            let name = child["name"].as_str().unwrap();
            assert!(!name.is_empty());
            assert!(
                names.insert(name.to_owned()),
                "OU {name} twice under {parent}"
            );
            let path = if parent.is_empty() {
                name.to_owned()
            } else {
                format!("{parent}/{name}")
            };
            assert_eq!(child["path"], path.as_str());
            walk(child, &path, placed);
        }
        for account in node["accounts"].as_array().unwrap() {
            placed.insert(
                account["id"].as_str().unwrap().to_owned(),
                parent.to_owned(),
            );
        }
    }
    walk(&view["tree"], "", &mut placed);
    for account in &audit.accounts {
        assert_eq!(placed[account.account_id.as_str()], account.ou_path);
    }
    for skipped in &audit.skipped {
        assert_eq!(placed[skipped.account_id.as_str()], skipped.ou_path);
    }
}

/// An exception that keeps exactly the kinds an account holds (not all four) excepts it.
#[tokio::test]
async fn an_exception_keeping_just_what_is_held_excepts_the_account() {
    let (rootctl, audit) = audited(12).await;
    let holder = audit
        .accounts
        .iter()
        .find(|a| {
            a.credentials.as_ref().is_some_and(|c| {
                !c.is_empty() && crate::CredentialKind::ALL.iter().any(|k| !c.holds(*k))
            })
        })
        .expect("an account holding some kinds, not all");
    let creds = holder.credentials.as_ref().unwrap();
    let kept: Vec<String> = crate::CredentialKind::ALL
        .into_iter()
        .filter(|k| creds.holds(*k))
        .map(|k| format!("\"{}\"", k.plural()))
        .collect();
    let policy = crate::EnforcementPolicy::from_toml(&format!(
        "[[exceptions]]\naccount = \"{}\"\nreason = \"break-glass\"\nkeep = [{}]\n\
         expires = 2099-12-31\n",
        holder.account_id,
        kept.join(", ")
    ))
    .unwrap();
    let options = crate::EnforceOptions {
        dry_run: true,
        ..Default::default()
    };
    let enforcement = rootctl.enforce(&policy, options).await.unwrap();
    let html = Evidence::new(audit.clone())
        .with_enforcement(enforcement.clone())
        .to_html()
        .unwrap();
    assert_eq!(
        account_status(&html, holder.account_id.as_str()),
        "excepted"
    );
    // An exception ends on its expiry day, as enforcement reads it: one expiring on the
    // audit's day no longer covers the account.
    let mut ending = enforcement;
    ending.exceptions[0].expires = Some(audit.started_at.date_naive());
    let html = Evidence::new(audit.clone())
        .with_enforcement(ending)
        .to_html()
        .unwrap();
    assert_eq!(account_status(&html, holder.account_id.as_str()), "holding");
}

/// An account that holds credentials stays "holding" when the summary also counts a kind
/// the lists missed (no control passes on it), and its credentials are listed.
#[tokio::test]
async fn a_holder_with_a_summary_mismatch_stays_holding_and_lists_its_credentials() {
    let (_, mut audit) = audited(12).await;
    let holder = audit
        .accounts
        .iter_mut()
        .find(|a| {
            a.credentials.as_ref().is_some_and(|c| {
                c.holds(crate::CredentialKind::AccessKey)
                    && !c.holds(crate::CredentialKind::SigningCertificate)
            })
        })
        .expect("an account with a key and no certificate");
    let id = holder.account_id;
    let key = holder.credentials.as_ref().unwrap().access_keys[0]
        .id
        .clone();
    holder.account_summary = Some(crate::model::AccountSummary {
        signing_certificates_present: 1,
        ..holder.credentials.as_ref().unwrap().summary()
    });
    let evidence = Evidence::new(audit);
    let html = evidence.to_html().unwrap();
    assert_eq!(account_status(&html, id.as_str()), "holding");
    assert!(
        html.contains(&format!(
            "<li class=\"cred\" data-kind=\"access_key\">access_key <span class=\"id\">{key}</span>"
        )),
        "the key is listed"
    );
    let view = serde_json::to_value(view::PageView::new(&evidence)).unwrap();
    for control in view["controls"].as_array().unwrap() {
        assert_eq!(control["unknown"], 1, "{}", control["id"]);
    }
}
