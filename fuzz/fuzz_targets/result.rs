//! A saved result from bytes, read by the store, then shown, exported (Markdown, HTML), reviewed,
//! laid out as a path and schedule, compared and rescored.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    skillgap::cli::fuzz::result(data);
});
