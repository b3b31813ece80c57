//! Replies about what the plan does not hold as asked: a part or an item past the last one, an
//! office it never names.

/// A part asked by a place past the last ("phần 3" of a plan in two parts): `asked` from 1.
pub fn part_beyond(asked: usize, count: usize) -> String {
    format!("Theo bài viết, kế hoạch chỉ có {count} phần, không có phần {asked}. Các phần của kế hoạch:")
}

/// An item asked by a place past the last of its part ("mục 9" of a part with 8): `asked` from 1.
pub fn item_beyond(title: &str, asked: usize, count: usize) -> String {
    format!("Phần “{title}” của kế hoạch chỉ có {count} mục, không có mục {asked}. Các mục của phần này:")
}

/// A district's office asked about ("phòng giáo dục quận"), answered with the duties the plan gives
/// the district committees.
pub fn office_in_general(agency: &str) -> String {
    format!("Kế hoạch không nêu riêng phòng giáo dục quận, huyện; dưới đây là các nhiệm vụ kế hoạch giao cho {agency}.")
}
