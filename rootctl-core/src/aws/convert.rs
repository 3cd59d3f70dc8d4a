//! Small conversions from SDK values to model values.

use aws_smithy_types::DateTime as SmithyDateTime;

use crate::model::Timestamp;

/// A smithy timestamp as a UTC `chrono` timestamp (`None` if out of chrono's range).
pub(crate) fn timestamp(value: &SmithyDateTime) -> Option<Timestamp> {
    chrono::DateTime::from_timestamp(value.secs(), value.subsec_nanos())
}

/// Same, for optional SDK fields.
pub(crate) fn opt_timestamp(value: Option<&SmithyDateTime>) -> Option<Timestamp> {
    value.and_then(timestamp)
}
