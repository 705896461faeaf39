//! Naming conventions of declarations and "did you mean" suggestions for unknown names.

/// `camelCase`: starts with a lowercase letter (after at most one leading `_`), no further
/// underscores.
pub fn is_camel_case(name: &str) -> bool {
    let rest = name.strip_prefix('_').unwrap_or(name);
    if rest.is_empty() {
        return !name.is_empty();
    }
    rest.starts_with(|c: char| c.is_ascii_lowercase()) && rest.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `PascalCase`: starts with an uppercase letter, letters and digits only.
pub fn is_pascal_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `name` within a third of its length (at least one edit), ties
/// broken by the order given.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = edit_distance(name, c, limit);
        let better = match best {
            Some((bd, _)) => d < bd,
            None => true,
        };
        if d <= limit && better {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        assert!(is_camel_case("fooBar"));
        assert!(is_camel_case("_hidden"));
        assert!(is_camel_case("x1"));
        assert!(!is_camel_case("Foo_bar"));
        assert!(!is_camel_case("foo_bar"));
        assert!(!is_camel_case("FooBar"));
        assert!(is_pascal_case("Point3"));
        assert!(!is_pascal_case("point"));
        assert!(!is_pascal_case("My_Type"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("cout", ["count", "total"]), Some("count"));
        assert_eq!(closest("lenght", ["length", "len"]), Some("length"));
        assert_eq!(closest("zzz", ["count"]), None);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
    }
}
