//! Outcomes of idempotent mutations, so "it was already so" is not an error.

use serde::{Deserialize, Serialize};

/// What a delete (or MFA deactivation) found.
///
/// AWS answers `NoSuchEntity` when the item is already gone; adapters report that as
/// [`Deletion::AlreadyAbsent`] instead of an error, because for rootctl the goal (the
/// credential is not there) is reached either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deletion {
    /// The call removed the item.
    Deleted,
    /// The item did not exist (`NoSuchEntity`).
    AlreadyAbsent,
}

/// What a create found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Creation {
    /// The call created the item.
    Created,
    /// The item already existed (`EntityAlreadyExists`).
    AlreadyExists,
}
