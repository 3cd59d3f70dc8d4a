//! `named_enum!`: the shape the generated model enums share (a fieldless `Copy` enum
//! whose variants serialize under the names given), declared once for the tables that
//! generate [`CredentialKind`](super::CredentialKind), [`TaskPolicy`](super::TaskPolicy)
//! and [`RootTask`](super::RootTask).

/// Declares `pub enum $name` with the attributes given (its docs) and the common derives;
/// each variant keeps its docs and is (de)serialized as its string.
macro_rules! named_enum {
    (
        $(#[$attr:meta])*
        $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $wire)]
                $variant,
            )*
        }
    };
}

pub(super) use named_enum;
