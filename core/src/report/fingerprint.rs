/// A stable 64-bit FNV-1a fingerprint, as 16 hex digits, of the parts that identify a finding.
///
/// FNV-1a is fixed by its definition, so fingerprints stay the same across hullcheck versions,
/// platforms and languages; it is an identifier, not a security measure.
#[must_use]
pub fn fingerprint(parts: &[&str]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator that cannot occur in UTF-8 text keeps ("ab","c") apart from ("a","bc").
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for byte in part.as_bytes() {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn known_vector() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c.
        assert_eq!(fingerprint(&["a"]), "af63dc4c8601ec8c");
    }

    #[test]
    fn parts_are_separated() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
