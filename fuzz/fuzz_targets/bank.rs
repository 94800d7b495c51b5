//! A bank from bytes: a questions file and a profiles file split at the first 0xFF byte, loaded,
//! validated, listed and scored as `validate`, `roles`, `skills` and `score` do.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    skillgap::cli::fuzz::bank(data);
});
