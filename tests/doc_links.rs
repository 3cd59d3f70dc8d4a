//! Every citation of a project document's section (`docs/aws-behaviour.md#task-policies`)
//! names an anchor that document has, so a comment's reference cannot dangle after a
//! section is renamed or removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files that may cite a document: sources, stubs, scripts and the documents.
fn citing_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                citing_files(&path, found);
            }
        } else if ["rs", "py", "pyi", "md", "toml"]
            .iter()
            .any(|ext| name.ends_with(&format!(".{ext}")))
        {
            found.push(path);
        }
    }
}

/// The anchors a Markdown document defines: `<a id="x">` tags and its headings (as
/// GitHub derives them: lower case, spaces to dashes, punctuation dropped).
fn anchors(document: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in document.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("<a id=\"") {
            let tail = &rest[at + 7..];
            let end = tail.find('"').expect("a closed id attribute");
            found.insert(tail[..end].to_owned());
            rest = &tail[end..];
        }
        if let Some(heading) = line.strip_prefix('#') {
            let slug: String = heading
                .trim_start_matches('#')
                .trim()
                .to_lowercase()
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                    _ => None,
                })
                .collect();
            found.insert(slug);
        }
    }
    found
}

/// `(document, anchor)` for each `docs/<name>.md#<anchor>` in `text`.
fn citations(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("docs/") {
        let tail = &rest[at..];
        let path_end = tail
            .find(|c: char| !(c.is_alphanumeric() || "/-_.".contains(c)))
            .unwrap_or(tail.len());
        let (path, after) = tail.split_at(path_end);
        if let (Some(document), Some(anchor)) = (path.strip_suffix(".md"), after.strip_prefix('#'))
        {
            let end = anchor
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(anchor.len());
            found.push((format!("{document}.md"), anchor[..end].to_owned()));
        }
        rest = &tail[path_end.max(1)..];
    }
    found
}

#[test]
fn every_cited_section_exists() {
    let root = workspace();
    let mut files = Vec::new();
    citing_files(&root, &mut files);
    let mut dangling = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (document, anchor) in citations(&text) {
            let target = std::fs::read_to_string(root.join(&document)).unwrap_or_default();
            checked += 1;
            if !anchors(&target).contains(&anchor) {
                let file = file.strip_prefix(&root).unwrap().display();
                dangling.push(format!("{file}: {document}#{anchor}"));
            }
        }
    }
    assert!(checked >= 40, "the citations were found ({checked})");
    assert!(
        dangling.is_empty(),
        "citations of missing sections:\n{}",
        dangling.join("\n")
    );
}

#[test]
fn the_scanner_reads_anchors_and_citations() {
    let document = "<a id=\"task-policies\"></a>\n\n## The five task policies (`root-task`)\n";
    let found = anchors(document);
    assert!(found.contains("task-policies"), "{found:?}");
    assert!(
        found.contains("the-five-task-policies-root-task"),
        "{found:?}"
    );
    let text = "see docs/aws-behaviour.md#assume-root, and (docs/safety.md#secrets).";
    assert_eq!(
        citations(text),
        [
            ("docs/aws-behaviour.md".to_owned(), "assume-root".to_owned()),
            ("docs/safety.md".to_owned(), "secrets".to_owned()),
        ]
    );
}
