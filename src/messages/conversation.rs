//! Replies about the conversation itself: what the previous answer listed.

/// An ordinal past the agencies the previous answer listed ("cơ quan thứ năm" after three):
/// `asked` is the place asked (from 1), `listed` the names the answer gave.
pub fn beyond_list(asked: usize, listed: &[&str]) -> String {
    format!(
        "Câu trả lời trước chỉ nêu {} cơ quan: {}. Không có cơ quan thứ {asked} trong danh sách đó.",
        listed.len(),
        listed.join("; ")
    )
}
