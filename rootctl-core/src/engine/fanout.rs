//! Work across accounts within the concurrency limit, with a per-account timeout.

use std::future::Future;
use std::sync::Arc;

use tokio::task::JoinSet;
use tracing::Instrument;

use super::Run;
use super::progress::ProgressKind;
use crate::error::{Error, Result};
use crate::model::AccountId;

/// Runs `work` once per account, within the client's concurrency limit (fixed, or adaptive:
/// each finished account lets it grow), each bounded by
/// `options.account_timeout`, and returns the results in the order of `accounts`.
///
/// One account's failure never stops the others: every account ends with its own result.
/// Dropping the returned future aborts every task still running (that is how operations
/// are cancelled); a panic in `work` is a bug and is propagated.
pub(crate) async fn for_each_account<T, F, Fut>(
    run: &Run,
    accounts: &[AccountId],
    work: F,
) -> Vec<Result<T>>
where
    T: Send + 'static,
    F: Fn(AccountId) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T>> + Send + 'static,
{
    let work = Arc::new(work);
    let mut tasks = JoinSet::new();
    for (index, &account) in accounts.iter().enumerate() {
        let permit = run.concurrency().acquire().await;
        let work = Arc::clone(&work);
        let run = run.clone();
        let span = tracing::info_span!("account", operation = run.operation(), account = %account);
        tasks.spawn(
            async move {
                let _permit = permit;
                run.progress()
                    .emit(ProgressKind::AccountStarted, Some(account), String::new);
                let timeout = run.options().account_timeout;
                let result = match tokio::time::timeout(timeout, work(account)).await {
                    Ok(result) => result,
                    Err(_) => Err(Error::Timeout {
                        operation: run.operation().into(),
                        account_id: Some(account),
                        after: timeout,
                    }),
                };
                // Before the slot frees: growth needs every slot taken.
                run.report_limit(account, run.concurrency().account_finished());
                match &result {
                    Ok(_) => run.progress().emit(
                        ProgressKind::AccountFinished,
                        Some(account),
                        String::new,
                    ),
                    Err(err) => {
                        tracing::warn!(error = %err, "account failed");
                        run.progress()
                            .emit(ProgressKind::AccountFailed, Some(account), || {
                                err.to_string()
                            });
                    }
                }
                (index, result)
            }
            .instrument(span),
        );
    }
    let mut results: Vec<Option<Result<T>>> = accounts.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((index, result)) => results[index] = Some(result),
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => unreachable!("account tasks are only aborted with this future: {err}"),
        }
    }
    results
        .into_iter()
        .map(|result| result.expect("every account task reports back"))
        .collect()
}
