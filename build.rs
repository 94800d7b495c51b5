//! Rebuilds when anything embedded changes: `include_dir!` alone does not tell cargo to watch it.
fn main() {
    for dir in ["questions", "profiles", "tests/fixtures/personas"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
