//! How long building a `SimulatedOrg` takes, and how much memory it needs.
//!
//! ```text
//! cargo bench -p rootctl-workspace --bench sim_build
//! ```
//!
//! The target (issue 3) is a 10,000-member organization in under a second and 200 MB.
//! Time is the median of five builds after a warm-up. Memory is the growth of the
//! process's peak resident set (`VmHWM` in `/proc/self/status`) over one build; the peak
//! is reset between sizes by writing `5` to `/proc/self/clear_refs`, so each size is
//! measured on its own (where the kernel refuses the reset, later sizes report the growth
//! beyond earlier peaks, which can only understate). Linux only for the memory columns.

use std::hint::black_box;
use std::time::{Duration, Instant};

use rootctl::sim::SimulatedOrg;
use support::{mb, reset_peak, status_kb};

mod support;

const SIZES: [usize; 2] = [1_000, 10_000];
const RUNS: usize = 5;

fn build(members: usize) -> SimulatedOrg {
    SimulatedOrg::builder().members(members).seed(1).build()
}

fn main() {
    println!(
        "{:>8}  {:>12}  {:>12}  {:>14}  {:>12}",
        "members", "build (med)", "build (min)", "peak RSS delta", "peak RSS"
    );
    for members in SIZES {
        let peak_was_reset = reset_peak();
        let before = status_kb("VmHWM");
        let first = build(members);
        let after = status_kb("VmHWM");
        assert_eq!(first.members().len(), members);
        drop(first);

        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let org = black_box(build(members));
                let elapsed = start.elapsed();
                drop(org);
                elapsed
            })
            .collect();
        times.sort();

        let (delta, peak) = match (before, after) {
            (Some(before), Some(after)) => (mb(after.saturating_sub(before)), mb(after)),
            _ => ("n/a".to_owned(), "n/a".to_owned()),
        };
        let note = if peak_was_reset {
            ""
        } else {
            "  (peak not reset)"
        };
        println!(
            "{members:>8}  {:>12.2?}  {:>12.2?}  {delta:>14}  {peak:>12}{note}",
            times[RUNS / 2],
            times[0]
        );
    }
}
