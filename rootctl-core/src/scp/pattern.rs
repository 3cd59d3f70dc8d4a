//! Resource patterns against a bucket or queue not named yet.
//!
//! Before the call, a bucket-policy or queue-policy action acts on *some* bucket or queue
//! of the account: its ARN is known in part (partition, service, the queue's account) and
//! unknown in part (the queue's region, the name). [`UnnamedResource`] is that ARN as a
//! template, literal characters with holes, and [`matches`] decides whether a `Resource`
//! pattern names every ARN the template stands for, none of them, or only some: a pattern
//! whose known parts match and whose unknown parts are all `*` surely applies, one with a
//! known part that cannot match surely does not (see docs/scps.md, "Matching").
//!
//! The pattern is matched against the whole ARN, as rootctl matches a known ARN, so a
//! trailing `*` runs over the colons, as AWS's Resource element allows.

use std::collections::HashSet;
use std::fmt;

use super::glob::Tok;
use super::matching::Tri;
use crate::model::{AccountId, Partition};

/// What a bucket or queue name may hold: letters, digits, `.`, `_` and `-` (legacy bucket
/// names may have capitals and underscores; queue names `_`, and `.fifo`). Never `:` or
/// `/`, so an object pattern (`bucket/*`) names no bucket.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// What a region name may hold.
fn region_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// What kind of resource is not named yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnnamedKind {
    /// An S3 bucket: `arn:<partition>:s3:::<name>` (no region, no account).
    Bucket,
    /// An SQS queue: `arn:<partition>:sqs:<region>:<account>:<name>`.
    Queue,
}

/// A bucket or queue of one account, not named yet: its ARN's known parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnnamedResource {
    /// A bucket or a queue.
    pub kind: UnnamedKind,
    /// The partition, the ARN's second part.
    pub partition: Partition,
    /// The queue's region, when known (a bucket ARN has none).
    pub region: Option<String>,
    /// The queue's account (a bucket ARN has none).
    pub account: Option<AccountId>,
}

/// One piece of the template: a known character, or an unknown run of at least one
/// character of a class.
#[derive(Clone, Copy)]
enum Item {
    Char(char),
    Hole(fn(char) -> bool),
}

impl UnnamedResource {
    /// Some bucket, in `partition`.
    pub fn bucket(partition: Partition) -> Self {
        Self {
            kind: UnnamedKind::Bucket,
            partition,
            region: None,
            account: None,
        }
    }

    /// Some queue of `account`, in `partition`, in `region` when known.
    pub fn queue(partition: Partition, account: AccountId, region: Option<String>) -> Self {
        Self {
            kind: UnnamedKind::Queue,
            partition,
            region,
            account: Some(account),
        }
    }

    /// The service prefix of its ARN.
    pub fn service(&self) -> &'static str {
        match self.kind {
            UnnamedKind::Bucket => "s3",
            UnnamedKind::Queue => "sqs",
        }
    }

    fn template(&self) -> Vec<Item> {
        let mut items = Vec::new();
        let text = |items: &mut Vec<Item>, s: &str| items.extend(s.chars().map(Item::Char));
        text(
            &mut items,
            &format!("arn:{}:{}:", self.partition, self.service()),
        );
        match self.kind {
            UnnamedKind::Bucket => text(&mut items, "::"),
            UnnamedKind::Queue => {
                match &self.region {
                    Some(region) => text(&mut items, region),
                    None => items.push(Item::Hole(region_char)),
                }
                text(&mut items, ":");
                if let Some(account) = &self.account {
                    text(&mut items, account.as_str());
                }
                text(&mut items, ":");
            }
        }
        items.push(Item::Hole(name_char));
        items
    }
}

impl fmt::Display for UnnamedResource {
    /// The ARN with its unknown parts named, e.g. `arn:aws:sqs:<region>:111111111111:<queue>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            UnnamedKind::Bucket => write!(f, "arn:{}:s3:::<bucket>", self.partition),
            UnnamedKind::Queue => write!(
                f,
                "arn:{}:sqs:{}:{}:<queue>",
                self.partition,
                self.region.as_deref().unwrap_or("<region>"),
                self.account.as_ref().map_or("<account>", AccountId::as_str),
            ),
        }
    }
}

/// Whether `pattern` names every ARN `resource` stands for ([`Tri::Yes`]), none
/// ([`Tri::No`]), or some ([`Tri::Maybe`]).
pub(crate) fn matches(pattern: &[Tok], resource: &UnnamedResource) -> Tri {
    let template = resource.template();
    if every(pattern, &template) {
        Tri::Yes
    } else if some(pattern, &template) {
        Tri::Maybe
    } else {
        Tri::No
    }
}

/// Whether some filling of the holes matches `pattern` (exact: a search over pairs of
/// positions, a hole entered or not yet).
fn some(pattern: &[Tok], template: &[Item]) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![(0usize, 0usize, false)];
    while let Some(state @ (p, t, in_hole)) = stack.pop() {
        if !seen.insert(state) {
            continue;
        }
        if p == pattern.len() && t == template.len() {
            return true;
        }
        // Moves that consume nothing: `*` matching the empty string; leaving a hole
        // after at least one character.
        if pattern.get(p) == Some(&Tok::Any) {
            stack.push((p + 1, t, in_hole));
        }
        if in_hole {
            stack.push((p, t + 1, false));
        }
        // Moves that consume one character on both sides.
        let (Some(&pc), Some(&item)) = (pattern.get(p), template.get(t)) else {
            continue;
        };
        let next_p = if pc == Tok::Any { p } else { p + 1 };
        let fits = |c: char| match pc {
            Tok::Any | Tok::One => true,
            Tok::Lit(l) => l == c,
        };
        match item {
            Item::Char(c) if fits(c) => {
                stack.push((next_p, t + 1, false));
            }
            Item::Hole(class)
                if match pc {
                    Tok::Any | Tok::One => true,
                    Tok::Lit(l) => class(l),
                } =>
            {
                stack.push((next_p, t, true));
            }
            _ => {}
        }
    }
    false
}

/// Whether every filling of the holes matches `pattern`: true when the pattern lines up
/// with the template so that each hole falls wholly inside a `*` (sound: a `*` matches
/// whatever fills the hole; it may miss exotic patterns, which then count as "some").
fn every(pattern: &[Tok], template: &[Item]) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![(0usize, 0usize)];
    while let Some(state @ (p, t)) = stack.pop() {
        if !seen.insert(state) {
            continue;
        }
        if p == pattern.len() && t == template.len() {
            return true;
        }
        let Some(&pc) = pattern.get(p) else {
            continue;
        };
        if pc == Tok::Any {
            stack.push((p + 1, t));
        }
        match template.get(t) {
            Some(Item::Hole(_) | Item::Char(_)) if pc == Tok::Any => stack.push((p, t + 1)),
            Some(Item::Char(c)) if pc == Tok::One || pc == Tok::Lit(*c) => {
                stack.push((p + 1, t + 1));
            }
            _ => {}
        }
    }
    false
}
