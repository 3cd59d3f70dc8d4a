//! How `*` and `?` match in actions, resources and the Like operators: against examples
//! and against their definition on every small case.

use super::*;

#[test]
fn wildcards_match_as_iam_does() {
    use matching::wildcard;
    assert!(wildcard("iam:*", "iam:GetUser", true));
    assert!(wildcard("IAM:get*", "iam:GetUser", true));
    assert!(wildcard("iam:Get?ser", "iam:GetUser", true));
    assert!(!wildcard("iam:Get?ser", "iam:GetUsers", true));
    assert!(wildcard("*", "", false));
    assert!(wildcard("a*b*c", "aXXbYYc", false));
    assert!(!wildcard("a*b*c", "aXXbYY", false));
    assert!(!wildcard("Arn", "arn", false));
}

/// The matcher against the definition itself, on every pattern of up to five tokens over
/// `a`, `b`, `*`, `?` and every text of up to five characters over `a`, `b`: `*` matches
/// any run of characters (the empty one too), `?` exactly one, anything else itself.
#[test]
fn wildcards_agree_with_their_definition_on_every_small_case() {
    fn by_definition(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| by_definition(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && by_definition(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && by_definition(rest, &text[1..]),
        }
    }
    fn all_strings(alphabet: &[char], max: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }
    let texts = all_strings(&['a', 'b'], 5);
    let mut matched = 0;
    for pattern in all_strings(&['a', 'b', '*', '?'], 5) {
        let p: Vec<char> = pattern.chars().collect();
        for text in &texts {
            let t: Vec<char> = text.chars().collect();
            let expected = by_definition(&p, &t);
            assert_eq!(
                matching::wildcard(&pattern, text, false),
                expected,
                "{pattern:?} against {text:?}"
            );
            matched += usize::from(expected);
        }
    }
    assert!(matched > 10_000, "the cases exercise matches: {matched}");
}
