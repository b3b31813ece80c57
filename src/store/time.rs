//! Calendar arithmetic for Unix seconds: the day a time falls on, and parsing `--since` dates.
//! (Proleptic Gregorian, UTC; Howard Hinnant's days-from-civil algorithm.)

/// Seconds in a day.
pub const DAY: u64 = 24 * 60 * 60;

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// "YYYY-MM-DD" of a Unix time (UTC).
pub fn day(at: u64) -> String {
    let (y, m, d) = civil_from_days((at / DAY) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix time of the start of a "YYYY-MM-DD" day (UTC).
pub fn parse_day(s: &str) -> Option<u64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let days_in_month = [
        31,
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month[m as usize - 1] {
        return None;
    }
    Some(days_from_civil(y, m, d) as u64 * DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(1_735_516_800), "2024-12-30");
        assert_eq!(parse_day("2024-12-30"), Some(1_735_516_800));
        assert_eq!(parse_day("2024-02-29").map(day).as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn bad_dates_are_refused() {
        for s in ["", "2024", "2024-13-01", "2023-02-29", "30/12/2024", "1969-12-31", "2024-12-00"] {
            assert_eq!(parse_day(s), None, "{s}");
        }
    }

    #[test]
    fn round_trip_over_many_days() {
        for n in (0..30_000u64).step_by(7) {
            assert_eq!(parse_day(&day(n * DAY)), Some(n * DAY));
        }
    }
}
