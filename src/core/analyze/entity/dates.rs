//! The entity guard's reading of a document named by its date ("Kế hoạch … ban hành ngày
//! 15/3/2025"): the date typed after its kind, and whether a known document bears it.

use super::Word;
use crate::core::lang::DATE_SPAN_BOUNDS;

/// At most this many words between a document's kind and the date it is named by ("Kế hoạch của
/// UBND thành phố ban hành ngày 15/3/2025").
const DATE_REACH: usize = 8;

/// The date (day, month, year if typed) after "ngày" within [`DATE_REACH`] words of `raw`'s
/// start ("ngày 15/3/2025", "ngày 15 tháng 3"); none when a number comes first (a document's
/// number) or no day and month follow, or when the date bounds a span ("áp dụng từ ngày
/// 01/01/2025": when it applies, not when it was issued).
pub(super) fn date_after(raw: &[Word]) -> Option<(u32, u32, Option<u32>)> {
    let at = raw.iter().take(DATE_REACH).position(|w| w.folded == "ngay" || w.is_number())?;
    let number = |k: usize| raw.get(k).filter(|w| w.is_number()).and_then(|w| w.text.parse::<u32>().ok());
    let skip = |k: usize, word: &str| if raw.get(k).is_some_and(|w| w.folded == word) { k + 1 } else { k };
    if raw[at].folded != "ngay" || at > 0 && DATE_SPAN_BOUNDS.contains(&raw[at - 1].folded.as_str()) {
        return None;
    }
    let day = number(at + 1)?;
    let m = skip(at + 2, "thang");
    let month = number(m)?;
    let y = skip(m + 1, "nam");
    ((1..=31).contains(&day) && (1..=12).contains(&month)).then(|| (day, month, number(y)))
}

/// Whether a document's printed date ("30/12/2024") is `date` (a year left out matches any; one
/// typed in two digits, "30/12/24", is its last two).
pub(super) fn same_date(printed: &str, (day, month, year): (u32, u32, Option<u32>)) -> bool {
    let parts: Vec<u32> = printed.split('/').filter_map(|p| p.parse().ok()).collect();
    parts.len() == 3
        && parts[0] == day
        && parts[1] == month
        && year.is_none_or(|y| y == parts[2] || y < 100 && y == parts[2] % 100)
}
