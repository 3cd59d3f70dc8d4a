//! Python bindings for rootctl.
//!
//! This crate is a placeholder: the PyO3 module (`rootctl._rootctl`) lands with the Python
//! package. It already depends on `rootctl-core` so the workspace layout is final.

pub use rootctl;
