//! `SimulatedOrg`'s buckets and queues: create them with a policy, read the policy as
//! stored, and change it behind rootctl's back (ground truth for unlock tests).

use pyo3::prelude::*;

use super::SimulatedOrg;
use crate::convert::account_id as parse_id;
use crate::errors::core;

#[pymethods]
impl SimulatedOrg {
    #[pyo3(signature = (account_id, name, region = "us-east-1", policy = None))]
    fn create_bucket(
        &self,
        account_id: &str,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> PyResult<()> {
        let id = parse_id(account_id)?;
        core(self.inner.create_bucket(&id, name, region, policy))
    }

    fn bucket_policy(&self, account_id: &str, name: &str) -> PyResult<Option<String>> {
        Ok(self.inner.bucket_policy(&parse_id(account_id)?, name))
    }

    fn put_bucket_policy(
        &self,
        account_id: &str,
        name: &str,
        policy: Option<&str>,
    ) -> PyResult<()> {
        let id = parse_id(account_id)?;
        core(self.inner.put_bucket_policy(&id, name, policy))
    }

    #[pyo3(signature = (account_id, name, region = "us-east-1", policy = None))]
    fn create_queue(
        &self,
        account_id: &str,
        name: &str,
        region: &str,
        policy: Option<&str>,
    ) -> PyResult<String> {
        let id = parse_id(account_id)?;
        core(self.inner.create_queue(&id, name, region, policy))
    }

    fn enable_trusted_access(&self, service_principal: &str) {
        self.inner.enable_trusted_access(service_principal);
    }

    fn enable_region(&self, account_id: &str, region: &str) -> PyResult<()> {
        core(self.inner.enable_region(&parse_id(account_id)?, region))
    }

    fn enabled_regions(&self, account_id: &str) -> PyResult<Vec<String>> {
        core(self.inner.enabled_regions(&parse_id(account_id)?))
    }

    fn queue_policy(&self, account_id: &str, queue_url: &str) -> PyResult<Option<String>> {
        Ok(self.inner.queue_policy(&parse_id(account_id)?, queue_url))
    }

    fn put_queue_policy(
        &self,
        account_id: &str,
        queue_url: &str,
        policy: Option<&str>,
    ) -> PyResult<()> {
        let id = parse_id(account_id)?;
        core(self.inner.put_queue_policy(&id, queue_url, policy))
    }
}
