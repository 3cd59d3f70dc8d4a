use super::*;
use crate::SimulatedOrg;

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

#[tokio::test]
async fn an_excepted_account_is_neither_clean_nor_holding() {
    let (rootctl, audit) = audited(12).await;
    let holder = audit
        .accounts
        .iter()
        .find(|a| a.credentials.as_ref().is_some_and(|c| !c.is_empty()))
        .unwrap()
        .account_id;
    let policy = crate::EnforcementPolicy::from_toml(&format!(
        "[[exceptions]]\naccount = \"{holder}\"\nreason = \"break-glass\"\n\
         keep = [\"password\", \"access_keys\", \"signing_certificates\", \"mfa_devices\"]\n"
    ))
    .unwrap();
    let options = crate::EnforceOptions {
        dry_run: true,
        ..Default::default()
    };
    let enforcement = rootctl.enforce(&policy, options).await.unwrap();
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
    let policy = crate::EnforcementPolicy::from_toml(&format!(
        "[[exceptions]]\naccount = \"{holder}\"\nreason = \"break-glass\"\n\
         keep = [\"password\", \"access_keys\", \"signing_certificates\", \"mfa_devices\"]\n"
    ))
    .unwrap();
    let options = crate::EnforceOptions {
        dry_run: true,
        ..Default::default()
    };
    let enforcement = rootctl.enforce(&policy, options).await.unwrap();
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
