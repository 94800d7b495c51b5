//! Rebuilds when the embedded bank changes: `include_dir!` alone does not tell cargo to watch it.
fn main() {
    println!("cargo:rerun-if-changed=questions");
    println!("cargo:rerun-if-changed=profiles");
}
