//! Glob patterns, one dialect for every pattern a policy writes (waiver scopes, trusted
//! registries, approved base images): `*` matches any run of characters (`/` included), `?`
//! one character; everything else matches itself, case-sensitively.

/// Whether `text` matches `pattern`.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matcher with single-star backtracking: linear in practice, never exponential.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || t.get(ti) == Some(&c) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn literal_star_and_question_mark() {
        assert!(matches("web", "web"));
        assert!(!matches("web", "web-1"));
        assert!(matches("web-*", "web-1"));
        assert!(matches("web-*", "web-"));
        assert!(!matches("web-*", "api-1"));
        assert!(matches("*/nginx:*", "docker.io/library/nginx:1.27"));
        assert!(matches("nginx:1.2?", "nginx:1.27"));
        assert!(!matches("nginx:1.2?", "nginx:1.2"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "aXXbYYbZc"));
        assert!(!matches("a*b*c", "aXXbYY"));
        assert!(!matches("Web", "web"));
    }

    #[test]
    fn image_reference_patterns() {
        assert!(matches("docker.io/library/*", "docker.io/library/node:20"));
        assert!(matches(
            "docker.io/library/node:*-slim",
            "docker.io/library/node:20-slim"
        ));
        assert!(!matches(
            "docker.io/library/node:*-slim",
            "docker.io/library/node:20"
        ));
        assert!(matches("*.example.com", "registry.example.com"));
        assert!(matches("registry?.example.com", "registry2.example.com"));
    }

    #[test]
    fn many_stars_stay_fast() {
        let text = "a".repeat(2000);
        assert!(!matches(&format!("{}b", "*a".repeat(50)), &text));
    }
}
