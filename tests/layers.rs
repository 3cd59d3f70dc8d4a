//! The layer rule of `rootctl-core` (its crate docs, "Layers"), checked on the source:
//! a module may name only modules of its own layer or below, and the two implementations
//! of the boundary (the SDK adapters and the simulator) may not name each other.
//!
//! It reads every `crate::` path outside comments, so `use` lines, full paths in code and
//! macro bodies all count; names re-exported at the crate root (`crate::Error`) are
//! traced to the module that defines them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("error", 1),
    ("model", 1),
    ("options", 1),
    ("rng", 1),
    ("bucket", 1),
    ("strict_json", 1),
    ("scp", 1),
    ("boundary", 2),
    ("aws", 3),
    ("sim", 3),
    ("engine", 4),
    ("ops", 5),
    ("client", 6),
    ("conformance", 7),
];

/// Pairs of the same layer that must not name each other.
const APART: &[(&str, &str)] = &[("aws", "sim"), ("sim", "aws")];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rootctl-core/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`ops` for `src/ops/select/mod.rs`).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).expect("under src");
    let first = relative.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal (a URL) is rare in this crate; the adapters'
            // URLs live in doc comments, which start the line.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every identifier that follows `crate::` in `code`.
fn crate_paths(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `$crate::` in macros names this crate's root: treat it the same.
            *at == 0 || !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .filter(|ident: &String| !ident.is_empty())
        .collect()
}

/// Where each public type, trait or constant is defined, by name.
fn definitions(files: &[PathBuf]) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("readable");
        for line in text.lines() {
            let line = line.trim_start();
            for keyword in [
                "pub struct ",
                "pub enum ",
                "pub trait ",
                "pub type ",
                "pub const ",
            ] {
                if let Some(rest) = line.strip_prefix(keyword) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    found.entry(name).or_insert_with(|| module_of(file));
                }
            }
        }
    }
    found
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn violations() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let defined = definitions(&files);
    let mut found = Vec::new();
    for file in &files {
        let from = module_of(file);
        if from == "lib" {
            continue;
        }
        let Some(from_layer) = layer(&from) else {
            found.push(format!(
                "{}: module {from} has no layer in LAYERS",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for ident in crate_paths(&code(&text)) {
            let to = if ident.starts_with(char::is_uppercase) {
                match defined.get(&ident) {
                    Some(module) => module.clone(),
                    None => continue,
                }
            } else {
                ident.clone()
            };
            let Some(to_layer) = layer(&to) else { continue };
            if to_layer > from_layer || APART.contains(&(from.as_str(), to.as_str())) {
                found.push(format!(
                    "{}: {from} (layer {from_layer}) names crate::{ident} in {to} (layer {to_layer})",
                    file.strip_prefix(src()).unwrap_or(file).display()
                ));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn imports_only_point_down() {
    let found = violations();
    println!(
        "layer check: {} files of rootctl-core/src, {} violations",
        {
            let mut files = Vec::new();
            rust_files(&src(), &mut files);
            files.len()
        },
        found.len()
    );
    assert!(
        found.is_empty(),
        "lower layers name higher ones:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_violation() {
    // The scanner itself: a path up the layers, in code and not in a comment, is found.
    let sample = "use crate::client::Rootctl;\n// crate::ops in a comment\nlet x = crate::ops::y;";
    assert_eq!(crate_paths(&code(sample)), ["client", "ops"]);
    assert_eq!(crate_paths("$crate::conformance::Failure"), ["conformance"]);
}
