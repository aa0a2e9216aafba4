//! The fuzz targets' bodies, shared with `tests/fuzz_regressions.rs` (which includes
//! `harness.rs` by path) so that CI replays the corpus through exactly the same code.

pub mod harness;
