//! Policy text as AWS reads it for matching: wildcards (`*` any run of characters, `?` one
//! character) and policy variables (`${aws:PrincipalAccount}`, `${*}`, ...), turned into
//! a [`Glob`] of tokens so that a wildcard and a literal `*` never look alike.
//!
//! AWS's rules (IAM User Guide, "IAM policy elements: Variables and tags"; see
//! docs/scps.md, "Matching"): variables may be used in `Resource` and in string and ARN
//! conditions; `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`; a variable
//! may carry a default, `${aws:PrincipalTag/team, 'none'}`, used when the key is absent.
//! A variable whose value is not known before the call makes the match undecidable.

use super::context::{KeyValue, RequestContext};

/// One token of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Tok {
    /// A character that must be there.
    Lit(char),
    /// `*`: any run of characters, the empty one included.
    Any,
    /// `?`: exactly one character.
    One,
}

/// A pattern as tokens.
pub(crate) type Glob = Vec<Tok>;

/// `text` as a pattern: `*` and `?` are wildcards when `wildcards` (the `Like` and `Arn`
/// operators, `Resource`, `Action`), literal characters otherwise (the `Equals` ones).
pub(crate) fn parse(text: &str, wildcards: bool) -> Glob {
    text.chars()
        .map(|c| match c {
            '*' if wildcards => Tok::Any,
            '?' if wildcards => Tok::One,
            c => Tok::Lit(c),
        })
        .collect()
}

/// `text` with its policy variables replaced, as a pattern. `Err` names a variable whose
/// value is not known before the call (or is a list, which AWS does not substitute).
pub(crate) fn expand(
    text: &str,
    context: &RequestContext,
    wildcards: bool,
) -> Result<Glob, String> {
    let mut glob = Glob::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        glob.extend(parse(&rest[..start], wildcards));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // No closing brace: not a variable, the text as it is.
            glob.extend(parse(&rest[start..], wildcards));
            return Ok(glob);
        };
        let inner = &after[..end];
        match inner {
            "*" => glob.push(Tok::Lit('*')),
            "?" => glob.push(Tok::Lit('?')),
            "$" => glob.push(Tok::Lit('$')),
            _ => {
                let (name, default) = split_default(inner);
                let value = match (context.get(name), default) {
                    (KeyValue::Known(values), _) if values.len() == 1 => values[0].clone(),
                    (KeyValue::Absent, Some(default)) => default.to_owned(),
                    _ => {
                        return Err(format!(
                            "the policy variable ${{{inner}}} is not known before the call"
                        ));
                    }
                };
                // A substituted value is text, never a wildcard.
                glob.extend(value.chars().map(Tok::Lit));
            }
        }
        rest = &after[end + 1..];
    }
    glob.extend(parse(rest, wildcards));
    Ok(glob)
}

/// `aws:PrincipalTag/team, 'none'` is the key and its default.
fn split_default(inner: &str) -> (&str, Option<&str>) {
    match inner.split_once(',') {
        Some((name, default)) => {
            let default = default.trim();
            let default = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(default);
            (name.trim(), Some(default))
        }
        None => (inner.trim(), None),
    }
}

/// Whether `text` matches `glob`.
pub(crate) fn matches(glob: &[Tok], text: &str, ignore_case: bool) -> bool {
    let fold = |c: char| {
        if ignore_case {
            c.to_ascii_lowercase()
        } else {
            c
        }
    };
    let t: Vec<char> = text.chars().map(fold).collect();
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and where in the text its match ends so far.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let token = glob.get(pi).copied();
        match token {
            Some(Tok::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Tok::Lit(c)) if fold(c) == t[ti] => {
                pi += 1;
                ti += 1;
            }
            Some(Tok::Any) => {
                star = Some((pi, ti));
                pi += 1;
            }
            _ => match star {
                // Give the last `*` one more character: back to it, one character on
                // (it records where its match now ends and steps past itself).
                Some((star_pi, star_ti)) => {
                    pi = star_pi;
                    ti = star_ti + 1;
                }
                None => return false,
            },
        }
    }
    glob[pi..].iter().all(|t| *t == Tok::Any)
}

/// `glob` split at its literal colons into at most `parts` parts (the last keeps its
/// colons), as an ARN is.
pub(crate) fn arn_parts(glob: &[Tok], parts: usize) -> Vec<&[Tok]> {
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    for (i, token) in glob.iter().enumerate() {
        if out.len() + 1 == parts {
            break;
        }
        if *token == Tok::Lit(':') {
            out.push(&glob[start..i]);
            start = i + 1;
        }
    }
    out.push(&glob[start..]);
    out
}

/// Whether the pattern is nothing but `*`s: it matches any text.
pub(crate) fn is_everything(glob: &[Tok]) -> bool {
    !glob.is_empty() && glob.iter().all(|t| *t == Tok::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> RequestContext {
        let mut context = RequestContext::new();
        context
            .known("aws:PrincipalAccount", "111111111111")
            .set("aws:PrincipalTag/team", KeyValue::Absent)
            .set("aws:SourceIp", KeyValue::Unknown);
        context
    }

    #[test]
    fn variables_are_substituted_as_text_and_the_special_ones_are_literal() {
        let c = context();
        let glob = expand("arn:aws:iam::${aws:PrincipalAccount}:root", &c, true).unwrap();
        assert!(matches(&glob, "arn:aws:iam::111111111111:root", false));
        assert!(!matches(&glob, "arn:aws:iam::222222222222:root", false));
        // ${*} is an asterisk, not a wildcard.
        let literal = expand("a${*}b", &c, true).unwrap();
        assert!(matches(&literal, "a*b", false));
        assert!(!matches(&literal, "axxb", false));
        assert!(matches(&expand("a*b", &c, true).unwrap(), "axxb", false));
        // A default stands in for an absent key; an unknown key is undecidable.
        let team = expand("team-${aws:PrincipalTag/team, 'none'}", &c, true).unwrap();
        assert!(matches(&team, "team-none", false));
        assert!(expand("${aws:SourceIp}", &c, true).is_err());
        assert!(expand("${aws:PrincipalTag/team}", &c, true).is_err());
        // Equals operators read wildcards as text.
        assert!(matches(&parse("a*", false), "a*", false));
        assert!(!matches(&parse("a*", false), "ab", false));
    }

    #[test]
    fn arn_parts_keep_the_colons_of_the_last_part() {
        let glob = parse("arn:aws:sqs:*:1:name:with:colons", true);
        let parts = arn_parts(&glob, 6);
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[5], parse("name:with:colons", true).as_slice());
        assert_eq!(arn_parts(&parse("arn:aws:iam::*", true), 6).len(), 5);
    }
}
