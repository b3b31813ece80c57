//! Facts in a paragraph: percentages, dates, ages, years and counts, each with the words
//! around it as its verbatim quote.

use super::lang;
use super::text::{bounded, date_at};

/// What a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Percent,
    Date,
    Age,
    Year,
    Count,
}

impl FactKind {
    /// The question words that ask for this kind of fact.
    pub fn cues(self) -> &'static [&'static str] {
        match self {
            FactKind::Percent => lang::PERCENT_CUES,
            FactKind::Date => lang::DATE_CUES,
            FactKind::Age => lang::AGE_CUES,
            FactKind::Year => lang::YEAR_CUES,
            FactKind::Count => lang::COUNT_CUES,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            FactKind::Percent => "percentage",
            FactKind::Date => "date",
            FactKind::Age => "age",
            FactKind::Year => "year",
            FactKind::Count => "count",
        }
    }
}

/// A number found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFact {
    pub kind: FactKind,
    /// The number as printed ("20%", "12/8/2024", "3, 4 tuổi", "năm 2030").
    pub value: String,
    /// Byte range of the value in the paragraph.
    pub start: usize,
    pub end: usize,
}

/// Every number of `text` outside the byte ranges in `skip` (document numbers), classified.
pub fn find(text: &str, skip: &[(usize, usize)]) -> Vec<FoundFact> {
    let b = text.as_bytes();
    let mut out: Vec<FoundFact> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_number =
            b[i].is_ascii_digit() && (i == 0 || !text[..i].chars().next_back().is_some_and(char::is_alphanumeric));
        if !starts_number || skip.iter().any(|&(s, e)| i >= s && i < e) {
            i += 1;
            continue;
        }
        if let Some(n) = date_at(&text[i..]) {
            out.push(FoundFact { kind: FactKind::Date, value: text[i..i + n].to_owned(), start: i, end: i + n });
            i += n;
            continue;
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit() || **c == b',' || **c == b'.').count();
        let mut n = digits;
        while n > 0 && !b[i + n - 1].is_ascii_digit() {
            n -= 1;
        }
        // A number that goes on with a letter or a slash ("298/KH", "2a") is a code, not a fact.
        if text[i + n..].starts_with('/') || text[i + n..].chars().next().is_some_and(char::is_alphabetic) {
            i += n.max(1);
            continue;
        }
        let after = &text[i + n..];
        let year_before = {
            let before = text[..i].trim_end();
            before.ends_with(lang::YEAR_WORD)
                && bounded(before, before.len() - lang::YEAR_WORD.len(), lang::YEAR_WORD.len())
        };
        let percent = lang::PERCENT_WORDS.iter().find_map(|w| {
            let t = after.trim_start();
            (t.starts_with(w) && (w.starts_with('%') || bounded(t, 0, w.len())))
                .then(|| after.len() - t.len() + w.len())
        });
        // "3, 4 tuổi", "từ 3 đến 5 tuổi": a list of numbers before "tuổi".
        let age_end = {
            let mut j = i + n;
            loop {
                let rest = &text[j..];
                let sep = lang::RANGE_JOINERS.iter().find(|s| rest.starts_with(**s));
                match sep {
                    Some(s) if text[j + s.len()..].starts_with(|c: char| c.is_ascii_digit()) => {
                        j += s.len();
                        j += text[j..].bytes().take_while(u8::is_ascii_digit).count();
                    }
                    _ => break,
                }
            }
            let rest = &text[j..];
            let word = format!(" {}", lang::AGE_WORD);
            (rest.starts_with(&word) && bounded(rest, 1, lang::AGE_WORD.len())).then_some(j + word.len())
        };
        let (kind, start, end) = if let Some(p) = percent {
            (FactKind::Percent, i, i + n + p)
        } else if let Some(e) = age_end {
            (FactKind::Age, i, e)
        } else if year_before && n == 4 {
            let start = text[..i].trim_end().len() - lang::YEAR_WORD.len();
            (FactKind::Year, start, i + n)
        } else if n == 4 && (text[..i].ends_with('-') || after.starts_with('-') || after.starts_with('–')) {
            (FactKind::Year, i, i + n)
        } else if after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_lowercase()) && n < 4 {
            (FactKind::Count, i, i + n)
        } else if n == 4 && text[i..i + n].starts_with(['1', '2']) {
            (FactKind::Year, i, i + n)
        } else {
            i += n.max(1);
            continue;
        };
        out.push(FoundFact { kind, value: text[start..end].to_owned(), start, end });
        i = end.max(i + 1);
    }
    out
}

/// The verbatim words around a fact: its comma-separated phrase inside its clause, with the
/// phrase before when that one is short.
pub fn quote_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    const MIN_WORDS: usize = 5;
    let stops = |c: char| c == ';' || c == ',' || c == ':';
    let mut a = text[..start].rfind(stops).map(|p| p + 1).unwrap_or(0);
    // A sentence end before the fact also bounds it.
    if let Some(p) = text[..start].rfind(". ") {
        a = a.max(p + 2);
    }
    let mut z = text[end..].find(stops).map(|p| end + p).unwrap_or(text.len());
    if let Some(p) = text[end..].find(". ") {
        z = z.min(end + p);
    }
    if text[a..z].split_whitespace().count() < MIN_WORDS && a > 0 {
        let before = &text[..a - 1];
        a = before.rfind(stops).map(|p| p + 1).unwrap_or(0);
    }
    if text[a..z].split_whitespace().count() < MIN_WORDS && z < text.len() {
        z = text[z + 1..].find(stops).map(|p| z + 1 + p).unwrap_or(text.len());
    }
    let q = &text[a..z];
    let lead = q.len() - q.trim_start().len();
    let trimmed = q.trim().trim_end_matches('.');
    (a + lead, a + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let t = "chi tối thiểu 20% tổng chi; trẻ em 3, 4 tuổi; đến năm 2030, ngày 12/8/2024; 15 trường";
        let kinds: Vec<(FactKind, &str)> = find(t, &[]).iter().map(|f| (f.kind, &t[f.start..f.end])).collect();
        assert_eq!(
            kinds,
            [
                (FactKind::Percent, "20%"),
                (FactKind::Age, "3, 4 tuổi"),
                (FactKind::Year, "năm 2030"),
                (FactKind::Date, "12/8/2024"),
                (FactKind::Count, "15")
            ]
        );
    }
}
