//! Small sets of short words asked about at every word of every question (the first words of
//! names' heads, of question words): each word packed into one integer, so that a look-up
//! compares integers, not strings.

/// Words of at most this many bytes are packed, their length in the last byte.
const PACKED: usize = 15;

/// A set of words, most of them short.
#[derive(Debug, Default)]
pub(crate) struct ShortWords {
    /// The packed words, sorted.
    packed: Vec<u128>,
    /// Words too long to pack.
    long: Vec<String>,
}

/// `w`'s bytes and length as one integer; `None` when it is too long.
fn pack(w: &str) -> Option<u128> {
    let bytes = w.as_bytes();
    if bytes.len() > PACKED {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[PACKED] = bytes.len() as u8;
    Some(u128::from_le_bytes(key))
}

impl ShortWords {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut set = ShortWords::default();
        for w in words {
            match pack(w) {
                Some(key) => set.packed.push(key),
                None => set.long.push(w.to_owned()),
            }
        }
        set.packed.sort_unstable();
        set.packed.dedup();
        set
    }

    pub(crate) fn contains(&self, w: &str) -> bool {
        match pack(w) {
            Some(key) => self.packed.binary_search(&key).is_ok(),
            None => self.long.iter().any(|l| l == w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ShortWords;

    #[test]
    fn short_and_long_words() {
        let set = ShortWords::new(["truong", "so", "a", "mot tu rat dai hon muoi lam"]);
        assert!(set.contains("so") && set.contains("truong") && set.contains("a"));
        assert!(set.contains("mot tu rat dai hon muoi lam"));
        assert!(!set.contains("s") && !set.contains("soo") && !set.contains("") && !set.contains("truongx"));
    }
}
