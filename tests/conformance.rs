//! The conformance suite (`rootctl::conformance`) against `SimulatedOrg`: every check,
//! no gap declared. The same check functions run against the real SDK adapters over HTTP
//! on the fakecloud emulator in `tests/emulator/conformance.rs`.

use rootctl::conformance::{self, SimHarness};

#[tokio::test]
async fn the_simulator_keeps_the_whole_contract() {
    let summary = conformance::run(&SimHarness::new()).await;
    println!("{summary}");
    summary.assert_conforms();
    assert!(
        summary.skipped.is_empty(),
        "the simulator declares no gap: {summary}"
    );
    assert_eq!(summary.total(), conformance::checks().len());
}

#[tokio::test]
async fn a_check_can_fail() {
    // A backend that declares a gap it does not have still passes the affected checks'
    // weaker assertions; one that breaks a rule fails. Here the simulator's fixture is
    // given a suspended member behind the check's back, so the listing check fails.
    use std::time::Duration;

    use async_trait::async_trait;
    use rootctl::conformance::{Backend, Fixture, Harness, HarnessError, Seed, Seeded};
    use rootctl::{AccountId, AccountState};

    struct Tampered(SimHarness);

    #[async_trait]
    impl Harness for Tampered {
        fn backend(&self) -> &Backend {
            self.0.backend()
        }
        async fn fixture(&self) -> Result<Fixture, HarnessError> {
            let fixture = self.0.fixture().await?;
            let member = fixture.member("legacy-2");
            self.0
                .current()
                .expect("a simulator")
                .set_account_state(&member, AccountState::Closed)?;
            Ok(fixture)
        }
        async fn seed_credentials(
            &self,
            f: &Fixture,
            a: AccountId,
            s: Seed,
        ) -> Result<Seeded, HarnessError> {
            self.0.seed_credentials(f, a, s).await
        }
        async fn set_account_state(
            &self,
            f: &Fixture,
            a: AccountId,
            s: AccountState,
        ) -> Result<(), HarnessError> {
            self.0.set_account_state(f, a, s).await
        }
        async fn elapse(&self, by: Duration) {
            self.0.elapse(by).await
        }
    }

    let summary =
        conformance::run_matching(&Tampered(SimHarness::new()), "list_accounts_reports").await;
    assert!(!summary.conforms(), "{summary}");
    assert_eq!(summary.failed.len(), 1, "{summary}");
    assert!(
        summary.failed[0].1.message().contains("state of"),
        "{summary}"
    );
}
