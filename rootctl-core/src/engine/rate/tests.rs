//! The pace under a paused clock: a fixed rate after its burst, callers sharing it, and
//! the adaptive rate learnt from throttling, probed upwards and cut on a flood.

use super::*;

#[tokio::test(start_paused = true)]
async fn paces_to_the_rate_after_the_burst() {
    let limiter = RateLimiter::fixed(10.0);
    let start = Instant::now();
    for _ in 0..21 {
        limiter.acquire().await;
    }
    // One token of burst, then 20 more at 10/s.
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(1_990), "{elapsed:?}");
    assert!(elapsed <= Duration::from_millis(2_010), "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_the_pace_and_a_cancelled_one_costs_at_most_its_turn() {
    let limiter = std::sync::Arc::new(RateLimiter::fixed(10.0));
    let start = Instant::now();
    // Twenty callers at once: one burst token, then 10/s between them, whoever wins.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let limiter = std::sync::Arc::clone(&limiter);
            tokio::spawn(async move {
                limiter.acquire().await;
                Instant::now()
            })
        })
        .collect();
    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.expect("a caller"));
    }
    done.sort();
    let last = done.last().copied().expect("callers") - start;
    assert!(last >= Duration::from_millis(1_890), "{last:?}");
    assert!(last <= Duration::from_millis(1_910), "{last:?}");
    for pair in done.windows(2) {
        assert!(pair[1] - pair[0] <= Duration::from_millis(101), "{pair:?}");
    }

    // A caller cancelled while it waits has reserved its token, and the pace holds:
    // the next caller is not admitted early, and does not wait twice as long.
    let waiting = {
        let limiter = std::sync::Arc::clone(&limiter);
        tokio::spawn(async move { limiter.acquire().await })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    waiting.abort();
    let before = Instant::now();
    limiter.acquire().await;
    let waited = Instant::now() - before;
    assert!(waited <= Duration::from_millis(200), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn adaptive_is_unpaced_until_aws_throttles_then_takes_the_accepted_rate() {
    let limiter = RateLimiter::adaptive();
    let start = Instant::now();
    for _ in 0..1_000 {
        limiter.acquire().await;
    }
    assert_eq!(start.elapsed(), Duration::ZERO, "unpaced");

    // A few throttles, under 15% of the answers: no pace.
    for i in 0..100 {
        assert_eq!(limiter.observe(i % 20 == 0), None);
    }
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(false), None);
    // A burst: most of few answers throttled, but fewer than ten. Retries absorb it.
    for i in 0..16 {
        limiter.observe(i < 6);
    }
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(false), None);
    assert_eq!(limiter.rate(), None);

    // A quarter second with 31 accepted and 20 throttled: AWS accepts 124/s, the
    // new pace.
    for i in 0..50 {
        assert_eq!(limiter.observe(i < 20), None);
    }
    tokio::time::sleep(WINDOW).await;
    let change = limiter.observe(false).expect("paced");
    assert!((change.rate - 124.0).abs() < 1e-9, "{change:?}");
    assert!((change.throttled_share - 20.0 / 51.0).abs() < 1e-9);

    // The window after a cut answers calls paced before it: not judged (unless it
    // floods, over 30% throttled).
    for i in 0..50 {
        limiter.observe(i < 10);
    }
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(true), None);

    // Throttled again: cut to what AWS accepted then, 100/s.
    for i in 0..50 {
        limiter.observe(i < 25);
    }
    tokio::time::sleep(WINDOW).await;
    let change = limiter.observe(true).expect("cut");
    assert!((change.rate - 100.0).abs() < 1e-9, "{change:?}");

    // Now paced at 100/s: a burst of 10, then the pace.
    let start = Instant::now();
    for _ in 0..110 {
        limiter.acquire().await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let expected = 1.0;
    assert!((elapsed - expected).abs() < 0.005, "{elapsed} s");
}

#[tokio::test(start_paused = true)]
async fn adaptive_probes_up_only_while_the_pace_holds_the_run_back() {
    let limiter = RateLimiter::adaptive();
    for i in 0..40 {
        limiter.observe(i % 2 == 0);
    }
    tokio::time::sleep(WINDOW).await;
    let paced = limiter.observe(false).expect("paced").rate;
    // (The window after the cut is not judged.)
    limiter.observe(false);
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(false), None);

    // Nobody waited: the pace stays.
    for _ in 0..20 {
        limiter.observe(false);
    }
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(false), None);

    // Callers waited and little was throttled: probe, 5% of the cut's pace a window.
    for n in 1..=4 {
        // Fewer than a window's worth of time: the window is judged after the sleep.
        for i in 0..15 {
            limiter.acquire().await;
            limiter.observe(i == 0);
        }
        tokio::time::sleep(WINDOW).await;
        let probed = limiter.observe(false).expect("probed").rate;
        let expected = paced * (1.0 + 0.05 * f64::from(n));
        assert!((probed - expected).abs() < 1e-9, "{probed} vs {expected}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_flood_of_throttling_is_cut_before_the_window_ends() {
    let limiter = RateLimiter::adaptive();
    tokio::time::sleep(MIN_FLOOD_WINDOW).await;
    // 19 throttled of 40: not yet twice the minimum.
    for i in 0..40 {
        assert_eq!(limiter.observe(i % 2 == 0 && i < 38), None);
    }
    // The 20th throttled answer, 50 ms in: cut to 21 accepted in 50 ms.
    let change = limiter.observe(true).expect("cut");
    assert!((change.rate - 21.0 / 0.05).abs() < 1e-6, "{change:?}");
}

#[tokio::test(start_paused = true)]
async fn a_flood_right_after_a_cut_cuts_again_and_a_cut_never_raises_the_pace() {
    let limiter = RateLimiter::adaptive();
    tokio::time::sleep(MIN_FLOOD_WINDOW).await;
    for i in 0..40 {
        limiter.observe(i % 2 == 0 && i < 38);
    }
    let first = limiter.observe(true).expect("cut").rate;
    // Still flooding in the window after the cut: cut again, to 10 in 50 ms.
    tokio::time::sleep(MIN_FLOOD_WINDOW).await;
    for i in 0..29 {
        limiter.observe(i >= 10);
    }
    let second = limiter.observe(true).expect("cut again").rate;
    assert!((second - 200.0).abs() < 1e-6, "{first} -> {second}");
    // Throttled above 15% with more accepted than the pace: no raise.
    tokio::time::sleep(WINDOW).await;
    for i in 0..100 {
        limiter.observe(i < 16);
    }
    tokio::time::sleep(WINDOW).await;
    limiter.observe(true);
    assert_eq!(limiter.rate(), Some(second));
}

#[tokio::test(start_paused = true)]
async fn a_fixed_pace_never_moves() {
    let limiter = RateLimiter::fixed(10.0);
    for _ in 0..100 {
        assert_eq!(limiter.observe(true), None);
    }
    tokio::time::sleep(WINDOW).await;
    assert_eq!(limiter.observe(true), None);
    assert_eq!(limiter.rate(), Some(10.0));
}
