//! The scenario suite: rootctl's operations end to end against `SimulatedOrg`.

mod audit;
mod enable;
mod prerequisites;
mod recovery;
mod removal;
mod removal_safety;
mod select;
mod unlock;
mod unlock_rules;
