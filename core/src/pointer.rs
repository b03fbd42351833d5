//! RFC 6901 JSON pointers: how a finding names the value it is about.

use std::fmt::Write as _;

/// Appends one reference token to `pointer`, escaping `~` and `/` as RFC 6901 requires.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for ch in token.chars() {
        match ch {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

/// Appends an array index to `pointer`.
pub fn push_index(pointer: &mut String, index: usize) {
    // Writing to a String cannot fail.
    let _ = write!(pointer, "/{index}");
}

/// Builds a pointer from already-unescaped tokens.
#[must_use]
pub fn from_tokens<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for token in tokens {
        push_token(&mut out, token);
    }
    out
}

/// Splits a pointer into its unescaped reference tokens. The empty pointer has no tokens.
#[must_use]
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|raw| raw.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slash_and_tilde() {
        let mut p = String::new();
        push_token(&mut p, "NetworkSettings");
        push_token(&mut p, "Ports");
        push_token(&mut p, "80/tcp");
        push_token(&mut p, "a~b");
        push_index(&mut p, 0);
        assert_eq!(p, "/NetworkSettings/Ports/80~1tcp/a~0b/0");
        assert_eq!(
            tokens(&p),
            ["NetworkSettings", "Ports", "80/tcp", "a~b", "0"]
        );
    }

    #[test]
    fn empty_pointer_is_whole_document() {
        assert!(tokens("").is_empty());
        assert_eq!(from_tokens([]), "");
    }
}
