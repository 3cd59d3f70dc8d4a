//! Compiles the repository README's code blocks as doctests when the crate is built in
//! its repository (`cfg(readme_doctests)`); the published crate has no README above it,
//! so there the README is not included and `cargo test --doc` still builds.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(readme_doctests)");
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo::rerun-if-changed={}", readme.display());
    if readme.is_file() {
        println!("cargo::rustc-cfg=readme_doctests");
    }
}
