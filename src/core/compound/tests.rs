//! Tests of splitting compound questions: test code only, compiled under
//! #[cfg(test)] (see the `mod tests` declaration in compound.rs).

use super::*;
use crate::core::analyze::words;

fn split_of(q: &str) -> Option<Split> {
    split(&words(q), q, &text::tokenize(q))
}

fn parts_of(q: &str) -> Vec<String> {
    match split_of(q) {
        Some(Split::Parts(p)) => p,
        other => panic!("{q}: {other:?}"),
    }
}

#[test]
fn two_questions_joined_are_two_parts() {
    assert_eq!(parts_of("ai lo ngân sách và ai lo đào tạo giáo viên?"), ["ai lo ngân sách", "ai lo đào tạo giáo viên"]);
    assert_eq!(parts_of("Sở Tài chính làm gì, còn Sở Nội vụ làm gì?"), ["Sở Tài chính làm gì", "Sở Nội vụ làm gì"]);
    assert_eq!(
        parts_of("kế hoạch nói gì về trường nghề và về học phí đại học?"),
        ["kế hoạch nói gì về trường nghề", "kế hoạch nói gì về học phí đại học"]
    );
}

#[test]
fn a_follow_up_after_a_question_mark_is_a_part() {
    let q = "kế hoạch thực hiện kết luận số mấy? Còn nghị quyết 29 ban hành năm nào?";
    assert_eq!(parts_of(q), ["kế hoạch thực hiện kết luận số mấy", "nghị quyết 29 ban hành năm nào"]);
    let q = "Trường Đại học Hải Phòng có nhiệm vụ gì? Còn Sở Nội vụ?";
    assert_eq!(parts_of(q), ["Trường Đại học Hải Phòng có nhiệm vụ gì", "Còn Sở Nội vụ"]);
}

#[test]
fn a_message_of_many_questions_is_answered_whole_not_part_by_part() {
    let four = "Sở Tài chính làm gì, Sở Nội vụ làm gì, Sở Y tế làm gì, Sở Xây dựng làm gì?";
    assert_eq!(parts_of(four).len(), MAX_PARTS);
    let many = "Sở Tài chính làm gì, ".repeat(50) + "Sở Nội vụ làm gì?";
    assert_eq!(split_of(&many), None);
    let heading = crate::messages::part_heading("Sở [2] làm gì?");
    assert!(!heading.contains('[') && !heading.contains(']'), "{heading}");
}

#[test]
fn one_question_is_not_split() {
    for q in [
        "Sở Giáo dục và Đào tạo làm gì?",
        "Ai chịu trách nhiệm tuyển dụng và đào tạo giáo viên?",
        "Kế hoạch nói gì về giáo dục nghề nghiệp và đại học?",
        "giáo dục mầm non và phổ thông có gì mới",
    ] {
        assert_eq!(split_of(q), None, "{q}");
    }
}

#[test]
fn a_length_of_time_asks_both_dates() {
    let q = "từ ngày ban hành kết luận đến ngày ban hành kế hoạch là bao lâu?";
    let Some(Split::Gap([a, b])) = split_of(q) else { panic!("{q}") };
    assert_eq!(a, "ngày ban hành kết luận");
    assert_eq!(b, "ngày ban hành kế hoạch");
}

#[test]
fn an_uncovered_conjunct_is_left_out() {
    let q = "kế hoạch có nhắc đến chuyển đổi số và sách giáo khoa không ạ";
    assert_eq!(without_topic(q, 9, 3).unwrap(), "kế hoạch có nhắc đến chuyển đổi số không ạ");
    let q = "kế hoạch có nói về học phí và trường nghề không";
    assert_eq!(without_topic(q, 5, 2).unwrap(), "kế hoạch có nói về trường nghề không");
    assert_eq!(without_topic("học phí là bao nhiêu", 0, 2), None);
    // Without its topic, an opener turning to it ("thế còn …") asks nothing.
    assert_eq!(without_topic("the con hoc phi thi sao", 2, 2), None);
}

#[test]
fn two_questions_joined_by_a_comma_are_two_parts() {
    let q = "trường nghề được đầu tư gì, học sinh học nghề có được miễn học phí không";
    assert_eq!(parts_of(q), ["trường nghề được đầu tư gì", "học sinh học nghề có được miễn học phí không"]);
    // A comma after a lead-in or between listed topics joins no questions.
    assert_eq!(split_of("cho em hỏi, ai lo cơ sở vật chất"), None);
    assert_eq!(split_of("Kế hoạch có nhắc tới sách giáo khoa, phổ cập mầm non không?"), None);
}

#[test]
fn a_head_word_before_an_uncovered_conjunct_goes_with_it() {
    let q = "Kính đề nghị cho biết trách nhiệm của Sở Tài chính và mức kinh phí cụ thể.";
    assert_eq!(without_topic(q, 13, 4).unwrap(), "Kính đề nghị cho biết trách nhiệm của Sở Tài chính.");
}

#[test]
fn an_uncovered_conjunct_after_a_comma_is_left_out() {
    // The comma stands right before the topic, not one word earlier.
    let q = "kế hoạch có nói về trường nghề, học phí không";
    assert_eq!(without_topic(q, 7, 2).unwrap(), "kế hoạch có nói về trường nghề không");
    // A comma one word before the topic does not join it.
    assert_eq!(without_topic("trường nghề, có học phí không", 3, 2), None);
}

#[test]
fn an_uncovered_conjunct_before_another_is_left_out() {
    let q = "Đồng phục học sinh và quỹ đất xây trường được kế hoạch nói thế nào?";
    assert_eq!(without_topic(q, 0, 2).unwrap(), "quỹ đất xây trường được kế hoạch nói thế nào?");
    let q = "Kế hoạch có nhắc tới sách giáo khoa, phổ cập mầm non không?";
    assert_eq!(without_topic(q, 5, 3).unwrap(), "Kế hoạch có nhắc tới phổ cập mầm non không?");
    let q = "Về bảo hiểm y tế học sinh và phổ cập mầm non, kế hoạch nói gì?";
    assert_eq!(without_topic(q, 1, 4).unwrap(), "Về phổ cập mầm non, kế hoạch nói gì?");
    // "và" inside a body's name joins nothing.
    assert_eq!(without_topic("Giám đốc Sở Giáo dục và Đào tạo tên là gì?", 0, 2), None);
    assert_eq!(without_topic("giam doc so giao duc va dao tao ten gi", 0, 2), None);
}

#[test]
fn the_predicate_after_an_uncovered_conjunct_stays() {
    let q = "ngân sách và học phí do ai phụ trách?";
    assert_eq!(without_topic(q, 3, 2).unwrap(), "ngân sách do ai phụ trách?");
    let q = "tuyển dụng giáo viên và học phí mầm non là việc của ai";
    assert_eq!(without_topic(q, 5, 2).unwrap(), "tuyển dụng giáo viên là việc của ai");
}

#[test]
fn markers_point_into_the_merged_citations() {
    let c = |id: &str| super::super::Citation { id: id.into(), label: String::new(), quote: String::new() };
    let mut into = vec![c("a"), c("b")];
    assert_eq!(renumber("x [1] y [2] [z]", &[c("b"), c("c")], &mut into), "x [2] y [3] [z]");
    assert_eq!(into.len(), 3);
}
