//! [`SessionDuration`]: how long an AssumeRoot session lives.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The lifetime requested for an AssumeRoot session: 1 to 900 seconds, default 900.
///
/// The SDK validates nothing here (docs/aws-behaviour.md#assume-root), so rootctl does, before any call.
///
/// ```
/// use rootctl::SessionDuration;
///
/// assert_eq!(SessionDuration::default().as_secs(), 900);
/// assert_eq!(SessionDuration::from_secs(60)?.as_secs(), 60);
/// assert!(SessionDuration::from_secs(0).is_err());
/// assert!(SessionDuration::from_secs(901).is_err());
/// # Ok::<(), rootctl::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionDuration(u16);

impl SessionDuration {
    /// The shortest session AssumeRoot grants through rootctl: one second.
    pub const MIN_SECS: u64 = 1;
    /// The longest session AssumeRoot grants: 900 seconds (15 minutes).
    pub const MAX_SECS: u64 = 900;
    /// The longest session, also the default.
    pub const MAX: SessionDuration = SessionDuration(900);

    /// A duration of `secs` seconds, if within `1..=900`.
    pub fn from_secs(secs: u64) -> Result<Self, Error> {
        if (Self::MIN_SECS..=Self::MAX_SECS).contains(&secs) {
            Ok(Self(secs as u16))
        } else {
            Err(Error::invalid_input(
                "session duration",
                format!("{secs}s"),
                "must be between 1 and 900 seconds (AssumeRoot sessions last at most 15 minutes)",
            ))
        }
    }

    /// The duration in whole seconds.
    pub const fn as_secs(self) -> u64 {
        self.0 as u64
    }

    /// The duration as a [`std::time::Duration`].
    pub const fn as_duration(self) -> Duration {
        Duration::from_secs(self.0 as u64)
    }
}

impl Default for SessionDuration {
    fn default() -> Self {
        Self::MAX
    }
}

impl TryFrom<Duration> for SessionDuration {
    type Error = Error;

    fn try_from(value: Duration) -> Result<Self, Self::Error> {
        if value.subsec_nanos() != 0 {
            return Err(Error::invalid_input(
                "session duration",
                format!("{value:?}"),
                "must be a whole number of seconds between 1 and 900",
            ));
        }
        Self::from_secs(value.as_secs())
    }
}

impl fmt::Debug for SessionDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0)
    }
}

impl fmt::Display for SessionDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0)
    }
}

impl Serialize for SessionDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.as_secs())
    }
}

impl<'de> Deserialize<'de> for SessionDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_secs(u64::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_errors_name_value_and_rule() {
        assert_eq!(SessionDuration::from_secs(1).unwrap().as_secs(), 1);
        assert_eq!(
            SessionDuration::from_secs(900).unwrap(),
            SessionDuration::MAX
        );
        for bad in [0, 901, 3600] {
            let err = SessionDuration::from_secs(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput { .. }));
            let text = err.to_string();
            assert!(text.contains(&format!("{bad}s")), "{text}");
            assert!(text.contains("between 1 and 900 seconds"), "{text}");
        }
    }

    #[test]
    fn from_std_duration_rejects_fractions() {
        assert!(SessionDuration::try_from(Duration::from_millis(1500)).is_err());
        assert_eq!(
            SessionDuration::try_from(Duration::from_secs(300))
                .unwrap()
                .as_secs(),
            300
        );
    }

    #[test]
    fn serde_validates() {
        assert_eq!(
            serde_json::to_string(&SessionDuration::default()).unwrap(),
            "900"
        );
        assert!(serde_json::from_str::<SessionDuration>("0").is_err());
        assert_eq!(
            serde_json::from_str::<SessionDuration>("42")
                .unwrap()
                .as_secs(),
            42
        );
    }
}
