#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;

/// Far more than any input up to -max_len needs; libFuzzer's -timeout catches real hangs, this
/// catches a super-linear blow-up sooner and names the input size.
const BUDGET: Duration = Duration::from_secs(2);

fuzz_target!(|data: &[u8]| {
    let started = Instant::now();
    xiezuo_fuzz::harness::markdown_linking(data);
    let elapsed = started.elapsed();
    assert!(
        elapsed < BUDGET,
        "slow unit: {elapsed:?} for {} bytes",
        data.len()
    );
});
