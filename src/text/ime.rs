//! Words typed with the Vietnamese keyboard switched off: Telex ("truwowngf" → "trường") and VNI
//! ("gia1o" → "giáo") decoded one word at a time through the `vi` input-method crate. Whether a
//! decoded word is meant is the caller's decision (a real word such as "hoa" stays as typed).

/// The Telex reading of an ASCII `word` ("nhieemj" → "nhiệm"), when it differs from the word.
pub fn telex(word: &str) -> Option<String> {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    decode(&vi::TELEX, word)
}

/// The VNI reading of an ASCII `word` of letters with tone digits ("du5c" → "dục"), when it
/// differs from the word. A word must start with a letter and carry a digit.
pub fn vni(word: &str) -> Option<String> {
    let starts_with_letter = word.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    let digits = word.bytes().any(|b| b.is_ascii_digit());
    if !starts_with_letter || !digits || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    decode(&vi::VNI, word)
}

fn decode(method: &vi::Definition, word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let mut out = String::with_capacity(lower.len() + 4);
    vi::transform_buffer(method, lower.chars(), &mut out);
    let out = super::canonical_word(&super::nfc(&out));
    // A decoded word has only letters left: "2024" or "a1b2c3" are not VNI.
    (out != lower && out.chars().all(char::is_alphabetic)).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_telex() {
        assert_eq!(telex("truwowngf").as_deref(), Some("trường"));
        assert_eq!(telex("hocj").as_deref(), Some("học"));
        assert_eq!(telex("nhieemj").as_deref(), Some("nhiệm"));
        assert_eq!(telex("xaay").as_deref(), Some("xây"));
        assert_eq!(telex("ddaof").as_deref(), Some("đào"));
        assert_eq!(telex("hoa"), None);
        assert_eq!(telex("gia1o"), None);
    }

    #[test]
    fn decodes_vni() {
        assert_eq!(vni("gia1o").as_deref(), Some("giáo"));
        assert_eq!(vni("du5c").as_deref(), Some("dục"));
        assert_eq!(vni("nhie6u").as_deref(), Some("nhiêu"));
        assert_eq!(vni("la2").as_deref(), Some("là"));
        assert_eq!(vni("2024"), None);
        assert_eq!(vni("hoa"), None);
    }
}
