//! A saved session from bytes, resumed against the built-in bank by a scripted person who
//! answers a few questions and pauses (or finishes it).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    skillgap::cli::fuzz::session(data);
});
