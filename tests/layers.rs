//! The layer rules of `rootctl-core` (its crate docs, "Layers") and of the bindings,
//! checked on the source:
//!
//! - a module of the core may name only modules of its own layer or below, and the two
//!   implementations of the boundary (the SDK adapters and the simulator) may not name
//!   each other;
//! - no two modules name each other, directly or round a longer cycle (within a layer is
//!   the only place one could hide, since names across layers point down);
//! - the operations are in an order ([`OPS_ORDER`]): an operation may build on the ones
//!   before it, never on one after it;
//! - the bindings (`rootctl-py/src`) name the core through its public surface only
//!   ([`BINDINGS_MAY_NAME`]), never its adapters, boundary traits or engine, and their
//!   own modules point one way (no cycle).
//!
//! It reads every path outside comments and string literals, so `use` lines (groups
//! included), full paths in code and macro bodies all count. `crate::` and `$crate::`
//! paths start at the crate root; `super::` and `self::` paths are resolved from the
//! module they are written in (inline `mod` blocks included), so `super::super::x` counts
//! as naming `x`. Names re-exported at the crate root (`crate::Error`) are traced to the
//! module that defines them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of `rootctl-core/src` and its layer, lowest first.
/// (`error` is a module of `model`: an error carries account ids, and parsing an account
/// id fails with an error, so the two cannot be modules that point one way.)
const LAYERS: &[(&str, u8)] = &[
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
    ("evidence", 6),
    ("client", 6),
    ("conformance", 7),
];

/// Pairs of the same layer that must not name each other.
const APART: &[(&str, &str)] = &[("aws", "sim"), ("sim", "aws")];

/// The modules of `ops`, lowest first: each may name only those before it. The least-privilege
/// policy generator and the plan checks serve the rest; selecting accounts comes before every
/// operation that acts on a selection; the SCP analysis and the feature steps feed the
/// audit and the prerequisite check; removal builds on the audit, and enforcement on
/// removal. `fixtures` (the mocked organization the unit tests share) names none of
/// them, and `tests` (the layer's shared unit tests) may name them all.
const OPS_ORDER: &[&str] = &[
    "fixtures",
    "least_privilege",
    "plan_checks",
    "select",
    "scps",
    "features",
    "audit",
    "prerequisites",
    "recovery",
    "removal",
    "unlock",
    "enforce",
    "tests",
];

/// What the bindings may name in the core: its crate root (every name `lib.rs`
/// re-exports) and these public modules. Under `aws` only the options that say how to
/// reach AWS: the adapters and the SDK error classification are the core's business.
const BINDINGS_MAY_NAME: &[&str] = &[
    "sim",
    "scp",
    "least_privilege",
    "unlock",
    "evidence",
    "options",
    "aws::AwsOptions",
];

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn core_src() -> PathBuf {
    workspace().join("rootctl-core/src")
}

fn bindings_src() -> PathBuf {
    workspace().join("rootctl-py/src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// The module a file is, as a path from the crate root (`["ops", "select"]` for
/// `src/ops/select/mod.rs`; empty for `lib.rs`).
fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).expect("under src");
    let mut path: Vec<String> = relative
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect();
    if path.len() == 1 && path[0] == "lib" || path.last().is_some_and(|last| last == "mod") {
        path.pop();
    }
    path
}

/// The code of a file without its comments, and with every string and character
/// literal emptied, so that neither can be mistaken for a path or a brace.
fn code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && (i == 0 || !ident(chars[i - 1]))
            && {
                let start = if c == 'b' { i + 2 } else { i + 1 };
                let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
                chars.get(start + hashes) == Some(&'"')
            }
        {
            // A raw string: r"..." or r#"..."#, ends at a quote and as many hashes.
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
            i = start + hashes + 1;
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..].iter().take_while(|&&h| h == '#').count() >= hashes
                {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{7f}'), or a lifetime, which stays.
            let close = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&q| q == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every path a file names, resolved from the crate root: `crate::`, `$crate::`,
/// `super::` and `self::` paths, with `use` groups expanded one level
/// (`crate::{a::X, b}` names `a::X` and `b`). `module` is the file's own module path.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    paths_from(code, module, "crate")
}

/// Every path into the crate named `root` (`crate` for a crate's own paths, `rootctl`
/// for the bindings' paths into the core); `super::` and `self::` count only for
/// `crate`.
fn paths_from(code: &str, module: &[String], root: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let word_at = |at: usize| -> String {
        chars[at..]
            .iter()
            .take_while(|&&c| ident(c))
            .collect::<String>()
    };
    // Skip whitespace from `at`.
    let skip = |mut at: usize| {
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        at
    };
    // The path segments starting at `at` (`a::b::C`), and where they end.
    let segments = |mut at: usize| -> (Vec<String>, usize) {
        let mut out = Vec::new();
        loop {
            at = skip(at);
            let word = word_at(at);
            if word.is_empty() {
                break;
            }
            at += word.chars().count();
            out.push(word);
            let after = skip(at);
            if chars.get(after) == Some(&':') && chars.get(after + 1) == Some(&':') {
                at = after + 2;
            } else {
                break;
            }
        }
        (out, at)
    };
    let mut found = Vec::new();
    // Inline modules open here: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            depth += 1;
            i += 1;
            continue;
        }
        if c == '}' {
            if inline.last().is_some_and(|(_, d)| *d == depth) {
                inline.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        if !ident(c) || (i > 0 && (ident(chars[i - 1]) || chars[i - 1] == ':')) {
            i += 1;
            continue;
        }
        let word = word_at(i);
        let end = i + word.chars().count();
        if word == "mod" {
            let name_at = skip(end);
            let name = word_at(name_at);
            let brace = skip(name_at + name.chars().count());
            if !name.is_empty() && chars.get(brace) == Some(&'{') {
                inline.push((name, depth + 1));
            }
            i = end;
            continue;
        }
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        let (path, path_end) = segments(i);
        let own = root == "crate";
        let (base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
            Some(first) if first == root => (Vec::new(), &path[1..]),
            Some("self") if own => (here.clone(), &path[1..]),
            Some("super") if own => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                (
                    here[..here.len().saturating_sub(ups)].to_vec(),
                    &path[ups..],
                )
            }
            _ => {
                i = end;
                continue;
            }
        };
        let group = skip(path_end);
        let ends_in_colons = {
            let before = path_end.saturating_sub(1);
            before > 0 && chars[before] == ':' && chars[before - 1] == ':'
        };
        if ends_in_colons && chars.get(group) == Some(&'{') {
            // A use group: each item's leading path.
            let mut at = group + 1;
            let mut nested = 0usize;
            let mut item_start = true;
            while at < chars.len() {
                match chars[at] {
                    '{' => nested += 1,
                    '}' if nested == 0 => break,
                    '}' => nested -= 1,
                    ',' if nested == 0 => item_start = true,
                    c if ident(c) && item_start && nested == 0 => {
                        let (item, item_end) = segments(at);
                        let mut full = base.clone();
                        full.extend(rest.iter().cloned());
                        full.extend(item.into_iter().filter(|s| s != "self"));
                        found.push(full);
                        item_start = false;
                        at = item_end;
                        continue;
                    }
                    _ => {}
                }
                at += 1;
            }
        } else if !rest.is_empty() || (path.len() > 1 && path[0] != root) {
            // `crate::x::y`, or `super::*` (which names the parent module itself).
            let mut full = base;
            full.extend(rest.iter().cloned());
            found.push(full);
        }
        i = path_end.max(end);
    }
    found
}

/// One crate's files, read and parsed once.
struct Crate {
    root: PathBuf,
    files: Vec<(PathBuf, Vec<String>, String)>,
    /// Where each public type, trait or constant is defined (its module path), by name.
    defined: BTreeMap<String, Vec<String>>,
    /// What each lower-case name re-exported at the crate root (a module, a function)
    /// points to.
    reexported: BTreeMap<String, Vec<String>>,
}

impl Crate {
    fn read(root: PathBuf) -> Self {
        let mut files = Vec::new();
        let mut defined = BTreeMap::new();
        for file in rust_files(&root) {
            let text = std::fs::read_to_string(&file).expect("readable");
            let module = module_path(&root, &file);
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
                        defined.entry(name).or_insert_with(|| module.clone());
                    }
                }
            }
            files.push((file, module, code(&text)));
        }
        let mut reexported = BTreeMap::new();
        if let Some((_, _, lib)) = files.iter().find(|(_, module, _)| module.is_empty()) {
            for statement in lib.split(';') {
                let Some(at) = statement.find("pub use ") else {
                    continue;
                };
                let text = format!("crate::{}", &statement[at + "pub use ".len()..]);
                for path in named_paths(&text, &[]) {
                    if let Some(last) = path.last()
                        && last.starts_with(char::is_lowercase)
                    {
                        reexported.insert(last.clone(), path.clone());
                    }
                }
            }
        }
        Self {
            root,
            files,
            defined,
            reexported,
        }
    }

    /// The module path `path` points into, with names re-exported at the crate root
    /// traced to where they are defined.
    fn target(&self, path: &[String]) -> Option<Vec<String>> {
        let first = path.first()?;
        if first.starts_with(char::is_uppercase) {
            return self.defined.get(first).cloned();
        }
        let is_module = |name: &str| {
            self.root.join(name).is_dir() || self.root.join(format!("{name}.rs")).is_file()
        };
        if is_module(first) {
            // Inside ops, a name re-exported by ops/mod.rs is traced the same way.
            if first == "ops"
                && let Some(second) = path.get(1)
                && second.starts_with(char::is_uppercase)
            {
                return self.defined.get(second).cloned();
            }
            return Some(path.to_vec());
        }
        let mut traced = self.reexported.get(first)?.clone();
        traced.extend(path[1..].iter().cloned());
        Some(traced)
    }

    /// Every (file, from-module, to-module) edge between different modules, each module
    /// cut to its first `depth` segments.
    fn edges(&self, depth: usize) -> Vec<(String, Vec<String>, Vec<String>)> {
        let mut out = Vec::new();
        for (file, module, code) in &self.files {
            let from: Vec<String> = module.iter().take(depth).cloned().collect();
            for path in named_paths(code, module) {
                let Some(to) = self.target(&path) else {
                    continue;
                };
                let to: Vec<String> = to.into_iter().take(depth).collect();
                if to != from && !to.is_empty() && !from.is_empty() {
                    let shown = file.strip_prefix(&self.root).unwrap_or(file);
                    out.push((shown.display().to_string(), from.clone(), to));
                }
            }
        }
        out
    }
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Paths up the layers, and between the two implementations of the boundary.
fn layer_violations(core: &Crate) -> Vec<String> {
    let mut found = Vec::new();
    for (_, module, _) in &core.files {
        if let Some(top) = module.first()
            && layer(top).is_none()
        {
            found.push(format!("module {top} has no layer in LAYERS"));
        }
    }
    for (file, from, to) in core.edges(1) {
        let (from, to) = (from[0].as_str(), to[0].as_str());
        let (Some(from_layer), Some(to_layer)) = (layer(from), layer(to)) else {
            continue;
        };
        if to_layer > from_layer || APART.contains(&(from, to)) {
            found.push(format!(
                "{file}: {from} (layer {from_layer}) names {to} (layer {to_layer})"
            ));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Every cycle among the modules of `edges` (as `a -> b -> a`), one per module set.
fn cycles(edges: &[(String, Vec<String>, Vec<String>)]) -> Vec<String> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, from, to) in edges {
        graph
            .entry(from.join("::"))
            .or_default()
            .insert(to.join("::"));
    }
    // A depth-first search from each module; a module met again on the current path
    // closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            // The same cycle from whichever module it was entered: start at the least.
            let least = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap_or(0);
            cycle.rotate_left(least);
            cycle.push(cycle[0].clone());
            found.insert(cycle.join(" -> "));
            return;
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, found);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut found = BTreeSet::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut found);
    }
    found.into_iter().collect()
}

/// Paths from one operation to another after it in [`OPS_ORDER`].
fn ops_order_violations(core: &Crate) -> Vec<String> {
    let rank = |name: &str| OPS_ORDER.iter().position(|n| *n == name);
    let mut found = Vec::new();
    for (file, from, to) in core.edges(2) {
        if from[0] != "ops" || to[0] != "ops" || from.len() < 2 || to.len() < 2 {
            continue;
        }
        let (from, to) = (from[1].as_str(), to[1].as_str());
        match (rank(from), rank(to)) {
            (Some(a), Some(b)) if b > a => {
                found.push(format!(
                    "{file}: ops::{from} names ops::{to}, which comes after it"
                ));
            }
            (None, _) => found.push(format!("ops::{from} has no place in OPS_ORDER")),
            (_, None) => found.push(format!("ops::{to} has no place in OPS_ORDER")),
            _ => {}
        }
    }
    found.sort();
    found.dedup();
    found
}

/// What the bindings name in the core outside [`BINDINGS_MAY_NAME`].
fn bindings_violations(bindings: &Crate, core: &Crate) -> Vec<String> {
    let mut found = Vec::new();
    for (file, _, code) in &bindings.files {
        let shown = file.strip_prefix(&bindings.root).unwrap_or(file).display();
        for path in paths_from(code, &[], "rootctl") {
            let Some(first) = path.first() else { continue };
            // A name the core re-exports at its root: a type, or a function such as
            // `check_region_name` (not a module: those are checked by name below).
            let is_module =
                core.root.join(first).is_dir() || core.root.join(format!("{first}.rs")).is_file();
            if first.starts_with(char::is_uppercase)
                || (core.reexported.contains_key(first) && !is_module && path.len() == 1)
            {
                continue;
            }
            let joined = path.join("::");
            if !BINDINGS_MAY_NAME
                .iter()
                .any(|allowed| joined == *allowed || joined.starts_with(&format!("{allowed}::")))
            {
                found.push(format!("{shown}: the bindings name rootctl::{joined}"));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn report(what: &str, found: &[String]) {
    println!("{what}: {} found", found.len());
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[test]
fn imports_only_point_down() {
    let core = Crate::read(core_src());
    println!(
        "layer check: {} files of rootctl-core/src",
        core.files.len()
    );
    report("lower layers name higher ones", &layer_violations(&core));
}

#[test]
fn no_two_core_modules_name_each_other() {
    let core = Crate::read(core_src());
    report("cycles among the core's modules", &cycles(&core.edges(1)));
}

#[test]
fn operations_build_only_on_earlier_ones() {
    let core = Crate::read(core_src());
    report(
        "operations naming later ones (OPS_ORDER)",
        &ops_order_violations(&core),
    );
}

#[test]
fn bindings_name_only_the_public_surface_and_point_one_way() {
    let bindings = Crate::read(bindings_src());
    let core = Crate::read(core_src());
    report(
        "bindings naming the core's internals",
        &bindings_violations(&bindings, &core),
    );
    report(
        "cycles among the bindings' modules",
        &cycles(&bindings.edges(1)),
    );
}

#[test]
fn the_scanner_sees_what_it_must() {
    let here = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let paths = |text: &str, module: &[&str]| {
        named_paths(&code(text), &here(module))
            .into_iter()
            .map(|p| p.join("::"))
            .collect::<Vec<_>>()
    };
    // A path up the layers in code is found; one in a comment or a string is not.
    let sample = "use crate::client::Rootctl;\n// crate::ops in a comment\n\
                  let x = crate::ops::y; let s = \"crate::sim\"; let r = r#\"crate::aws\"#;";
    assert_eq!(paths(sample, &[]), ["client::Rootctl", "ops::y"]);
    assert_eq!(
        paths("$crate::conformance::Failure", &[]),
        ["conformance::Failure"]
    );
    // Groups, `super::` (to any depth) and `self::`, from the file's module.
    assert_eq!(
        paths("use crate::{error::Error, model::{AccountId, Tags}};", &[]),
        ["error::Error", "model"]
    );
    assert_eq!(
        paths(
            "use super::super::audit::AuditReport;",
            &["ops", "removal", "plan"]
        ),
        ["ops::audit::AuditReport"]
    );
    assert_eq!(
        paths(
            "use super::{plan::X, report};",
            &["ops", "removal", "apply"]
        ),
        ["ops::removal::plan::X", "ops::removal::report"]
    );
    assert_eq!(paths("use self::inner::Y;", &["sim"]), ["sim::inner::Y"]);
    // Inside an inline module, `super` is the file's module; after it, the parent.
    let inline = "mod tests { use super::Thing; fn f() { let _ = '{'; } }\nuse super::other;";
    assert_eq!(
        paths(inline, &["ops", "select"]),
        ["ops::select::Thing", "ops::other"]
    );
    // The cycle finder sees a cycle of two and of three, once each.
    let edge = |a: &str, b: &str| (String::new(), here(&[a]), here(&[b]));
    assert_eq!(
        cycles(&[edge("error", "model"), edge("model", "error")]),
        ["error -> model -> error"]
    );
    assert_eq!(
        cycles(&[
            edge("a", "b"),
            edge("b", "c"),
            edge("c", "a"),
            edge("c", "d")
        ]),
        ["a -> b -> c -> a"]
    );
    assert!(cycles(&[edge("a", "b"), edge("b", "c"), edge("a", "c")]).is_empty());
}
