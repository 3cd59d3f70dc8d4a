//! What every plan passes before it is applied, whatever it plans: its date (not older
//! than the caller allows, not dated in the future) and its organization (the one these
//! credentials reach, with the management account it names). `docs/safety.md`, "Plans
//! expire" and "A plan belongs to one organization".

use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::{AccountId, Organization, Timestamp};

/// How far in the future a plan's creation time (or an enforcement preview's) may lie:
/// 5 minutes, for the clocks of the machine that made it and the one applying it to
/// differ by. A later date is refused whatever `max_plan_age` says: the age of a plan
/// dated after now cannot be judged, and only an edit or a wrong clock makes one
/// (docs/safety.md, "Plans expire").
pub const CLOCK_SKEW_ALLOWANCE: Duration = Duration::from_secs(5 * 60);

/// The fields of a plan these checks read, and what to call it in an error.
pub(crate) struct PlanStamp<'a> {
    /// "removal plan", "unlock plan": the error's subject.
    pub kind: &'static str,
    pub plan_id: &'a str,
    pub organization_id: &'a str,
    pub management_account_id: AccountId,
    pub created_at: Timestamp,
}

impl PlanStamp<'_> {
    fn refused(&self, rule: String) -> Error {
        Error::invalid_input(self.kind, self.plan_id.to_owned(), rule)
    }

    /// Refuses a plan dated in the future (beyond [`CLOCK_SKEW_ALLOWANCE`]) or, with
    /// `max_age`, made longer ago than that.
    pub(crate) fn check_dates(&self, max_age: Option<Duration>, now: Timestamp) -> Result<()> {
        if let Some(rule) = dated_in_the_future("was made", self.created_at, now) {
            return Err(self.refused(format!("{rule}; make a new plan, or set the clock right")));
        }
        let Some(max_age) = max_age else {
            return Ok(());
        };
        let age = now.signed_duration_since(self.created_at);
        let limit = chrono::TimeDelta::from_std(max_age).unwrap_or(chrono::TimeDelta::MAX);
        if age > limit {
            return Err(self.refused(format!(
                "was made at {} ({:.1} hours ago), more than the {:.1} hours a plan may \
                 age; make a new plan from fresh data, or raise max_plan_age",
                self.created_at.format("%Y-%m-%d %H:%M UTC"),
                age.as_seconds_f64() / 3600.0,
                max_age.as_secs_f64() / 3600.0
            )));
        }
        Ok(())
    }

    /// Refuses a plan made for another organization, or naming another management
    /// account than the organization's now: each is checked on its own.
    pub(crate) fn check_organization(&self, org: &Organization) -> Result<()> {
        if org.id != self.organization_id {
            return Err(self.refused(format!(
                "was made for organization {}, but these credentials are for organization {}",
                self.organization_id, org.id
            )));
        }
        if org.management_account_id != self.management_account_id {
            return Err(self.refused(format!(
                "names {} as the management account, but the organization's management \
                 account is {}",
                self.management_account_id, org.management_account_id
            )));
        }
        Ok(())
    }
}

/// Why a plan or preview that says it `did` something `at` is refused as dated in the
/// future (more than [`CLOCK_SKEW_ALLOWANCE`] after `now`), if it is.
pub(crate) fn dated_in_the_future(did: &str, at: Timestamp, now: Timestamp) -> Option<String> {
    let ahead = at.signed_duration_since(now);
    let allowed =
        chrono::TimeDelta::from_std(CLOCK_SKEW_ALLOWANCE).unwrap_or(chrono::TimeDelta::MAX);
    (ahead > allowed).then(|| {
        format!(
            "{did} at {}, {} minute(s) after now ({}): more than the {} minutes clocks may \
             differ by, so its age cannot be judged",
            at.format("%Y-%m-%d %H:%M:%S UTC"),
            ahead.num_minutes(),
            now.format("%Y-%m-%d %H:%M:%S UTC"),
            CLOCK_SKEW_ALLOWANCE.as_secs() / 60
        )
    })
}
