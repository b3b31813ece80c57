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
    /// One bit per [`slot`] of a packed word in the set: most words asked about are in no set,
    /// and a clear bit says so without searching.
    slots: [u64; SLOT_WORDS],
}

/// How many 64-bit words [`ShortWords::slots`] holds (512 bits: a set of a few dozen words
/// leaves most of them clear).
const SLOT_WORDS: usize = 8;

/// A packed word's bit in [`ShortWords::slots`]: as (word, bit).
#[inline]
fn slot(key: u64) -> (usize, u64) {
    let hash = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize;
    (hash / 64 % SLOT_WORDS, 1 << (hash % 64))
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
        for &key in &set.packed {
            let (word, bit) = slot(key);
            set.slots[word] |= bit;
        }
        set
    }

    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        match packed(w) {
            Some(key) => {
                let (word, bit) = slot(key);
                self.slots[word] & bit != 0 && self.packed.binary_search(&key).is_ok()
            }
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

    #[test]
    fn a_set_finds_each_of_its_words_and_rejects_others() {
        // Enough words that some share a slot: the slots only ever say "not in the set".
        let words: Vec<String> = (0..600).map(|i| format!("w{i}")).collect();
        let set = ShortWords::new(words.iter().filter(|w| w.len() % 2 == 0).map(String::as_str));
        for w in &words {
            assert_eq!(set.contains(w), w.len() % 2 == 0, "{w}");
        }
    }
}
