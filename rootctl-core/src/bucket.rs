//! The token-bucket arithmetic shared by the engine's AssumeRoot pacer and the
//! simulator's rate limits, so the two cannot drift apart.

/// The balance of a bucket holding `tokens`, after `elapsed_secs` of refilling at `rate`
/// tokens per second, capped at `burst`.
pub(crate) fn refill(tokens: f64, elapsed_secs: f64, rate: f64, burst: f64) -> f64 {
    (tokens + elapsed_secs * rate).min(burst)
}

#[cfg(test)]
mod tests {
    use super::refill;

    #[test]
    fn refills_at_the_rate_up_to_the_burst() {
        assert_eq!(refill(0.0, 0.5, 2.0, 5.0), 1.0);
        assert_eq!(refill(-1.0, 1.0, 2.0, 5.0), 1.0);
        assert_eq!(refill(4.5, 10.0, 2.0, 5.0), 5.0);
    }
}
