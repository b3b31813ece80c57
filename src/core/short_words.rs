//! Small sets of short words asked about at every word of every question (the first words of
//! names' heads, of question words): each word packed into one integer (the phrase lists'
//! [`packed`]), so that a look-up compares integers, not strings.

use super::analyze::packed;

/// A set of words, most of them short.
#[derive(Debug, Default)]
pub(crate) struct ShortWords {
    /// The words packed as [`packed`] does, sorted.
    packed: Vec<u64>,
    /// Words too long to pack.
    long: Vec<String>,
}

impl ShortWords {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut set = ShortWords::default();
        for w in words {
            match packed(w) {
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
        match packed(w) {
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
