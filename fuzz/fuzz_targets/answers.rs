//! An answer file from bytes, read against the built-in bank and scored as `score --answers` does.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    skillgap::cli::fuzz::answers(data);
});
