//! Small sets of short words asked about at every word of every question (the first words of
//! names' heads, of question words): each word packed into one integer, so that a look-up
//! compares integers, not strings.

/// Words of at most this many bytes are packed, after a byte holding their length.
const PACKED: usize = 15;

/// A set of words, most of them short.
#[derive(Debug, Default)]
pub(crate) struct ShortWords {
    /// The packed words, sorted.
    packed: Vec<u128>,
    /// Words too long to pack.
    long: Vec<String>,
}

/// `w`'s length and bytes as one integer; `None` when it is too long. Shifted in byte by byte:
/// the words are a few bytes long, and copying them costs more.
#[inline]
fn pack(w: &str) -> Option<u128> {
    let bytes = w.as_bytes();
    if bytes.len() > PACKED {
        return None;
    }
    let mut key = bytes.len() as u128;
    for (i, &b) in bytes.iter().enumerate() {
        key |= u128::from(b) << (8 * (i + 1));
    }
    Some(key)
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

    #[inline]
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
