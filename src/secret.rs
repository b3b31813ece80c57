//! Comparing a secret a request carries (a webhook token, a signature) with the expected one in
//! constant time, shared by the HTTP server and the Zalo channels.

use subtle::ConstantTimeEq;

/// Compares secrets in time independent of where they differ (`subtle`'s `ct_eq`, which only
/// tells a difference of length early: a length is no secret); an empty secret matches nothing,
/// so a channel configured without one authenticates no request.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    !expected.is_empty() && bool::from(given.ct_eq(expected))
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
        assert!(!same_secret(b"", b""), "an empty secret authenticates nothing");
    }
}
