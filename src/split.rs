//! Splitting long replies for channels with a length limit (Telegram 4096, Zalo 2000): at
//! paragraph boundaries first, then sentences, then words; a piece is cut inside a word only
//! when a single word is longer than the limit. Lengths are measured by a function the
//! channel gives (Telegram counts UTF-16 code units).

/// Characters after which a sentence may end.
const SENTENCE_ENDS: [char; 4] = ['.', '!', '?', ';'];

/// Splits `text` into pieces each of `measure(piece) <= limit`, preferring paragraph, then
/// sentence, then word boundaries. Pieces are trimmed; none is empty. `limit` must be > 0.
pub fn split(text: &str, limit: usize, measure: &dyn Fn(&str) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        push_unit(&mut out, &mut current, paragraph, "\n\n", limit, measure, Level::Paragraph);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    Paragraph,
    Line,
    Sentence,
    Word,
}

/// Adds `unit` to `current` (joined by `sep`), flushing `current` into `out` when full; a unit
/// too long by itself is split at the next finer level.
fn push_unit(
    out: &mut Vec<String>,
    current: &mut String,
    unit: &str,
    sep: &str,
    limit: usize,
    measure: &dyn Fn(&str) -> usize,
    level: Level,
) {
    let joined = if current.is_empty() { unit.to_owned() } else { format!("{current}{sep}{unit}") };
    if measure(&joined) <= limit {
        *current = joined;
        return;
    }
    if !current.is_empty() {
        out.push(std::mem::take(current));
        if measure(unit) <= limit {
            *current = unit.to_owned();
            return;
        }
    }
    // The unit alone is too long: split it finer.
    match level {
        Level::Paragraph => {
            for line in unit.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                push_unit(out, current, line, "\n", limit, measure, Level::Line);
            }
        }
        Level::Line => {
            for s in sentences(unit) {
                push_unit(out, current, s, " ", limit, measure, Level::Sentence);
            }
        }
        Level::Sentence => {
            for w in unit.split_whitespace() {
                push_unit(out, current, w, " ", limit, measure, Level::Word);
            }
        }
        Level::Word => {
            // One word longer than the limit: cut it by characters, each cut found by a binary
            // search over the character boundaries (a measure per character was quadratic).
            let mut rest = unit;
            while measure(rest) > limit {
                let ends: Vec<usize> = rest.char_indices().map(|(i, _)| i).skip(1).chain([rest.len()]).collect();
                // At least one character per piece, whatever the limit.
                let fitting = ends.partition_point(|&end| measure(&rest[..end]) <= limit).max(1);
                let cut = ends[fitting - 1];
                out.push(rest[..cut].to_owned());
                rest = &rest[cut..];
            }
            *current = rest.to_owned();
        }
    }
}

/// The sentences of a line (each with its end mark).
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if SENTENCE_ENDS.contains(&c) && bytes.get(i + 1).is_none_or(|b| *b == b' ') {
            out.push(line[start..=i].trim());
            start = i + 1;
        }
    }
    if start < line.len() {
        out.push(line[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Length in UTF-16 code units, as Telegram counts.
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Length in characters.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split("Một. Hai.\n\nBa.", 100, &char_len), ["Một. Hai.\n\nBa."]);
        assert!(split("  \n\n ", 10, &char_len).is_empty());
    }

    #[test]
    fn splits_at_paragraphs_then_sentences_then_words() {
        let text = "Câu một dài. Câu hai dài.\n\nĐoạn hai.";
        assert_eq!(split(text, 26, &char_len), ["Câu một dài. Câu hai dài.", "Đoạn hai."]);
        assert_eq!(split(text, 15, &char_len), ["Câu một dài.", "Câu hai dài.", "Đoạn hai."]);
        assert_eq!(split("một hai ba bốn", 7, &char_len), ["một hai", "ba bốn"]);
    }

    #[test]
    fn lines_of_a_list_stay_lines() {
        let text = "Danh sách:\n• một hai ba\n• bốn năm sáu";
        assert_eq!(split(text, 25, &char_len), ["Danh sách:\n• một hai ba", "• bốn năm sáu"]);
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut() {
        let pieces = split("aaaaaaaaaa", 4, &char_len);
        assert_eq!(pieces, ["aaaa", "aaaa", "aa"]);
    }

    #[test]
    fn utf16_counts_emoji_twice() {
        assert_eq!(utf16_len("😀a"), 3);
        assert_eq!(char_len("😀a"), 2);
    }
}
