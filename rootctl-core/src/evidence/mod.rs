//! Evidence in the forms other people and tools read: which published controls the root
//! credentials decide ([`controls`]), findings for Security Hub and SIEMs (ASFF and
//! OCSF), and a self-contained HTML page for an auditor.
//!
//! Everything here reads reports rootctl already produced (an [`AuditReport`], an
//! [`EnforcementReport`], ...); nothing calls AWS.
//!
//! [`AuditReport`]: crate::AuditReport
//! [`EnforcementReport`]: crate::EnforcementReport

pub mod controls;
pub mod findings;
pub mod page;

pub use page::Evidence;
