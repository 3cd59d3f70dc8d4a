//! Running checks and reporting: [`Outcome`], [`Failure`], [`Summary`], [`run`].

use std::fmt;

use super::Gap;
use super::checks::checks;
use super::harness::Harness;

/// How a check that did not fail ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every assertion held.
    Passed,
    /// A declared gap keeps the rule from being exercised on this backend. Whatever the
    /// check could still assert, it did.
    Skipped {
        /// The declared gap.
        gap: Gap,
        /// What was not exercised, in a sentence.
        reason: String,
    },
}

impl Outcome {
    /// A skip because of `gap`.
    pub fn skipped(gap: Gap, reason: impl Into<String>) -> Self {
        Outcome::Skipped {
            gap,
            reason: reason.into(),
        }
    }
}

/// Why a check failed: the broken rule, with what the backend did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    message: String,
}

impl Failure {
    /// A failure saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<crate::Error> for Failure {
    fn from(err: crate::Error) -> Self {
        Failure::new(format!("unexpected error: {err}"))
    }
}

impl From<super::HarnessError> for Failure {
    fn from(err: super::HarnessError) -> Self {
        Failure::new(format!("the harness failed: {err}"))
    }
}

/// What a run of the suite found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The backend's name.
    pub backend: String,
    /// Checks whose assertions all held.
    pub passed: Vec<&'static str>,
    /// Checks skipped by a gap, with the gap and the reason.
    pub skipped: Vec<(&'static str, Gap, String)>,
    /// Checks that failed, with why.
    pub failed: Vec<(&'static str, Failure)>,
    /// Gaps named by skips that the backend did not declare (a check bug).
    pub undeclared: Vec<(&'static str, Gap)>,
}

impl Summary {
    /// How many checks ran.
    pub fn total(&self) -> usize {
        self.passed.len() + self.skipped.len() + self.failed.len()
    }

    /// Whether nothing failed and every skip names a declared gap.
    pub fn conforms(&self) -> bool {
        self.failed.is_empty() && self.undeclared.is_empty() && self.total() > 0
    }

    /// Panics with the summary unless [`conforms`](Self::conforms): for tests.
    ///
    /// # Panics
    /// When a check failed, a skip named an undeclared gap, or nothing ran.
    #[track_caller]
    pub fn assert_conforms(&self) {
        assert!(self.conforms(), "{self}");
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "conformance of {}:", self.backend)?;
        for name in &self.passed {
            writeln!(f, "  pass  {name}")?;
        }
        for (name, gap, reason) in &self.skipped {
            writeln!(f, "  skip  {name} (gap {gap}): {reason}")?;
        }
        for (name, failure) in &self.failed {
            writeln!(f, "  FAIL  {name}: {failure}")?;
        }
        for (name, gap) in &self.undeclared {
            writeln!(
                f,
                "  FAIL  {name}: skipped by gap {gap}, which the backend does not declare"
            )?;
        }
        let mut gaps: Vec<Gap> = self.skipped.iter().map(|(_, gap, _)| *gap).collect();
        gaps.sort();
        gaps.dedup();
        let gaps: Vec<&str> = gaps.iter().map(|g| g.name()).collect();
        write!(
            f,
            "{} checks: {} passed, {} skipped by gap{}{}, {} failed",
            self.total(),
            self.passed.len(),
            self.skipped.len(),
            if gaps.is_empty() { "" } else { " (" },
            if gaps.is_empty() {
                String::new()
            } else {
                format!("{})", gaps.join(", "))
            },
            self.failed.len() + self.undeclared.len(),
        )
    }
}

/// Runs every check against `harness`, one after another (each builds its own fixture),
/// and returns what happened. Nothing panics out of it: a check's failure is recorded.
pub async fn run(harness: &dyn Harness) -> Summary {
    run_matching(harness, "").await
}

/// [`run`], restricted to the checks whose name contains `filter` (all for `""`).
pub async fn run_matching(harness: &dyn Harness, filter: &str) -> Summary {
    let backend = harness.backend();
    let mut summary = Summary {
        backend: backend.name().to_owned(),
        ..Summary::default()
    };
    for check in checks().into_iter().filter(|c| c.name.contains(filter)) {
        match (check.run)(harness).await {
            Ok(Outcome::Passed) => summary.passed.push(check.name),
            Ok(Outcome::Skipped { gap, reason }) => {
                if !backend.has(gap) {
                    summary.undeclared.push((check.name, gap));
                }
                summary.skipped.push((check.name, gap, reason));
            }
            Err(failure) => summary.failed.push((check.name, failure)),
        }
    }
    summary
}
