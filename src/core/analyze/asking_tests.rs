//! Tests of `asking` (which part of a rambling message asks): test code only, compiled under
//! #[cfg(test)] (see the `mod tests` declaration in asking.rs).

use super::*;

#[test]
fn keeps_the_asking_sentence() {
    let m = "chị làm kế toán ở trường mầm non, năm nào cũng thiếu cô. em hỏi giúp chị là kế hoạch có nói ai lo chuyện biên chế không";
    assert_eq!(question_part(m).unwrap(), "em hỏi giúp chị là kế hoạch có nói ai lo chuyện biên chế không");
    let m = "con tôi học lớp 3, cho tôi hỏi kế hoạch nói gì về chuyển đổi số";
    assert_eq!(question_part(m).unwrap(), "cho tôi hỏi kế hoạch nói gì về chuyển đổi số");
}

#[test]
fn drops_thanks_and_context_after_the_question() {
    let m = "chào bạn, bạn cho mình hỏi, ai chủ trì tổng hợp dự toán cho giáo dục, mình làm kế toán nên cần biết. cám ơn bạn";
    assert_eq!(question_part(m).unwrap(), "bạn cho mình hỏi, ai chủ trì tổng hợp dự toán cho giáo dục");
    let m = "kế hoạch có nói gì về dạy lập trình không, mình thấy trẻ con cần học mấy cái đó lắm";
    assert_eq!(question_part(m).unwrap(), "kế hoạch có nói gì về dạy lập trình không");
    let m = "trường cũ lắm. kế hoạch có nói ai lo cơ sở vật chất không ạ, em cảm ơn";
    assert_eq!(question_part(m).unwrap(), "kế hoạch có nói ai lo cơ sở vật chất không ạ");
    // "còn …" is another question, not context.
    assert_eq!(question_part("Sở Nội vụ làm gì, còn Sở Tài chính"), None);
}

#[test]
fn drops_the_asker_introducing_themselves() {
    let m = "mình là phụ huynh học sinh lớp 1, trường con mình thiếu giáo viên, ai lo việc này vậy";
    assert_eq!(question_part(m).unwrap(), "trường con mình thiếu giáo viên, ai lo việc này vậy");
    // A clause that asks stays.
    assert_eq!(question_part("tôi là giáo viên thì có được tuyển không, ai tuyển"), None);
}

#[test]
fn drops_a_lead_in_before_the_asked_words() {
    let m = "sếp bảo tìm xem kế hoạch giao cho ubnd huyện những việc gì, chị đọc mãi mà rối quá em ơi";
    assert_eq!(question_part(m).unwrap(), "kế hoạch giao cho ubnd huyện những việc gì");
    // Nothing asked after it: the sentence stays whole.
    assert_eq!(question_part("ai bảo tìm xem kế hoạch 298 ban hành"), None);
}

#[test]
fn a_run_on_sentence_asks_after_its_then() {
    let m = "chao ban minh la phu huynh co con hoc lop 5 nghe noi thanh pho dang lam ke hoach giao duc moi thi ngan sach chi cho giao duc la bao nhieu phan tram vay";
    assert_eq!(question_part(m).unwrap(), "ngan sach chi cho giao duc la bao nhieu phan tram vay");
    // The topic before "thì" is the question's own.
    assert_eq!(question_part("mấy trung tâm ngoại ngữ tin học ở quận mình mở ra rất nhiều thì ai quản lý"), None);
    let m = "Tuyên truyền chính sách giáo dục nghề nghiệp thì những cơ quan nào phối hợp làm với nhau vậy?";
    assert_eq!(question_part(m), None);
}

#[test]
fn a_bare_confirmation_asks_about_the_claim_reported_before() {
    let m = "Hôm trước họp, thầy hiệu trưởng bảo kế hoạch có nhắc đến trí tuệ nhân tạo. Có đúng không ạ?";
    assert_eq!(question_part(m).unwrap(), "kế hoạch có nhắc đến trí tuệ nhân tạo. Có đúng không ạ?");
}

#[test]
fn a_run_on_sentence_asks_from_its_verb_of_asking() {
    let m =
        "em chao anh chi em la sinh vien su pham sap ra truong em muon hoi la ke hoach co noi gi ve tuyen dung khong a";
    // "muốn hỏi là" is a lead-in (ramble20): the question is the words after it.
    assert_eq!(question_part(m).unwrap(), "ke hoach co noi gi ve tuyen dung khong a");
}

#[test]
fn keeps_a_follow_up_asked_with_a_question_mark_alone() {
    let m = "Mình là sinh viên. Trường Đại học Hải Phòng có nhiệm vụ gì? Còn Sở Nội vụ?";
    assert_eq!(question_part(m).unwrap(), "Trường Đại học Hải Phòng có nhiệm vụ gì? Còn Sở Nội vụ?");
}

#[test]
fn drops_the_other_half_of_a_yes_no_question() {
    let m = "thành phố có tăng chi cho giáo dục không hay dân vẫn phải gánh?";
    assert_eq!(question_part(m).unwrap(), "thành phố có tăng chi cho giáo dục không");
    assert_eq!(question_part("kế hoạch có nói về học phí hay không?"), None);
    assert_eq!(question_part("trường đã được đầu tư chưa hay không?"), None);
    assert_eq!(question_part("Sở Giáo dục có tự tuyển không hay là Sở Nội vụ tuyển?"), None);
    assert_eq!(question_part("Sở Giáo dục có tự tuyển không hay Sở Nội vụ tuyển?"), None);
    let m = "thành phố có mở thêm trường gần khu dân cư không thì sao ạ";
    assert_eq!(question_part(m).unwrap(), "thành phố có mở thêm trường gần khu dân cư không");
}

#[test]
fn drops_the_context_spoken_after_the_question() {
    let m = "alo cho tôi hỏi cái kế hoạch 298 ấy nó ban hành ngày nào thế nhỉ tôi nghe ở loa phường mà không nhớ";
    assert_eq!(question_part(m).unwrap(), "hỏi cái kế hoạch 298 ấy nó ban hành ngày nào thế nhỉ");
    let m = "ke hoach co noi ve pho cap mam non cho tre may tuoi khong a con chau nha toi sap di hoc";
    assert_eq!(question_part(m).unwrap(), "ke hoach co noi ve pho cap mam non cho tre may tuoi khong a");
    // A clause after it that asks stays.
    let m = "kế hoạch có nói về chuyển đổi số không vậy tôi muốn biết ai lo việc đó";
    assert_eq!(question_part(m), None);
}

#[test]
fn drops_a_complaint_before_the_question() {
    let m = "Thông tin ít quá, lên mạng chẳng thấy báo đài nói gì, không biết cơ quan nào lo tuyên truyền nữa.";
    assert_eq!(question_part(m).unwrap(), "không biết cơ quan nào lo tuyên truyền nữa.");
    // The complaint is the question when nothing after it asks.
    assert_eq!(question_part("Trường thiếu giáo viên, chẳng thấy ai chịu trách nhiệm gì cả"), None);
    // A complaint without a question word names the topic.
    let m = "Khu đô thị mới mà chẳng thấy chừa đất xây trường, dân về ở thì con cái học ở đâu.";
    assert_eq!(question_part(m), None);
}

#[test]
fn a_wish_asks() {
    let m = "Kính gửi ban biên tập, con tôi học lớp 9. Tôi muốn biết lịch thi vào lớp 10 năm 2025. Xin cảm ơn.";
    assert_eq!(question_part(m).unwrap(), "Tôi muốn biết lịch thi vào lớp 10 năm 2025.");
    let m = "Trường em ở Thủy Nguyên. Nhờ ad tra giúp Sở Khoa học và Công nghệ được giao làm gì. Em cảm ơn.";
    assert_eq!(question_part(m).unwrap(), "Nhờ ad tra giúp Sở Khoa học và Công nghệ được giao làm gì.");
}

#[test]
fn reported_words_ask_nothing() {
    // "cho biết" said by someone else is no request: the sentence after it asks.
    let m = "người ta cho biết năm nay thiếu cả nghìn giáo viên. vậy ai đề xuất giao biên chế giáo viên";
    assert_eq!(question_part(m).unwrap(), "vậy ai đề xuất giao biên chế giáo viên");
    let m = "Trường tôi thiếu giáo viên. Kính mong Quý Ban cho biết cơ quan nào giao biên chế.";
    assert_eq!(question_part(m).unwrap(), "Kính mong Quý Ban cho biết cơ quan nào giao biên chế.");
    let m = "Con tôi học lớp 9. Ad cho biết kế hoạch ban hành khi nào";
    assert_eq!(question_part(m).unwrap(), "Ad cho biết kế hoạch ban hành khi nào");
}

#[test]
fn leaves_a_plain_question() {
    assert_eq!(question_part("Sở Nội vụ làm gì?"), None);
    // The asking sentence alone is too short to stand without the other.
    assert_eq!(question_part("Ngân sách cho giáo dục. Bao nhiêu phần trăm?"), None);
    assert_eq!(question_part("kế hoạch 298"), None);
}
#[test]
fn a_name_at_the_end_does_not_ask() {
    // "Hà" closing a sentence is a person's name, not "hả".
    let q =
        "Kính gửi Ban biên tập,\nTôi tên là Lê Thu Hà. Tôi muốn gửi thư góp ý. Xin cho biết địa chỉ liên hệ của Trang.";
    assert_eq!(question_part(q).as_deref(), Some("Xin cho biết địa chỉ liên hệ của Trang."));
}

#[test]
fn sixteenth_round_classes() {
    // A ";" parts two questions: both are kept.
    let m = "Sở KH&CN làm gì; ngân sách cho nghiên cứu khoa học bao nhiêu?";
    assert_eq!(question_part(m), None);
    // A remark after a clause closed by its question word.
    let m = "ngân sách cho giáo dục được bao nhiêu, toàn hô khẩu hiệu.";
    assert_eq!(question_part(m).unwrap(), "ngân sách cho giáo dục được bao nhiêu");
    // A short "không hay là …" says the "no" again.
    assert_eq!(
        question_part("Trang này có chính thức không hay là trang giả?").unwrap(),
        "Trang này có chính thức không"
    );
    // Where the asker lives, a place named and nothing else.
    let m = "Quê tôi ở Tiên Lãng, trong thôn có mấy nhóm trẻ tư nhân, ai quản lý";
    assert_eq!(question_part(m).unwrap(), "trong thôn có mấy nhóm trẻ tư nhân, ai quản lý");
    // A claim heard, asked to be confirmed, in one breath.
    let m = "xin chào tôi là phụ huynh con tôi rất thích lập trình nghe nói thành phố định phát triển giáo dục số có thật không";
    assert_eq!(question_part(m).unwrap(), "thành phố định phát triển giáo dục số có thật không");
}

#[test]
fn narrative_question_words_ask_nothing() {
    // "năm nào cũng" is every year, "chẳng ai" nobody: neither sentence asks more than the other.
    let m = "Trường tôi năm nào cũng thừa giáo viên, xin mãi không được điều chuyển. Đúng là chẳng ai quan tâm.";
    assert_eq!(question_part(m), None);
    // "mấy năm nay" is for some years now: the sentence that asks is the second.
    let m = "Mấy năm nay trường tôi thiếu cô. Sở nào lo việc tuyển giáo viên?";
    assert_eq!(question_part(m).unwrap(), "Sở nào lo việc tuyển giáo viên?");
}

#[test]
fn context_before_a_question_to_the_plan_about_a_topic_is_dropped() {
    let m = "trường em vẫn vào điểm bằng sổ tay, ai cũng ngán, kế hoạch 298 có nói gì về chuyển đổi số không";
    assert_eq!(question_part(m).unwrap(), "kế hoạch 298 có nói gì về chuyển đổi số không");
    // A pointer names no topic: the context says what it is.
    let m = "trường em vẫn vào điểm bằng sổ tay, kế hoạch có nói gì về việc này không";
    assert_eq!(question_part(m), None);
}

#[test]
fn an_own_place_keeps_the_introduction_naming_it() {
    let m = "em la sv nam 2 dh hai phong nghe noi truong minh co de an em muon hoi ke hoach noi truong minh den 2030 se the nao";
    assert_eq!(question_part(m), None);
    // Without an own place, the introduction goes.
    let m = "mình là giáo viên ở Kiến An, kế hoạch có nói ai tuyển giáo viên không";
    assert_eq!(question_part(m).unwrap(), "kế hoạch có nói ai tuyển giáo viên không");
}

#[test]
fn an_implied_question_leans_on_what_is_lacking() {
    let m = "Lớp cháu tôi thiếu giáo viên tiếng Anh, trong khi trường khác lại thừa. Không biết hỏi ai bây giờ.";
    assert_eq!(question_part(m).unwrap(), "thiếu giáo viên tiếng Anh thừa. Không biết hỏi ai");
    let m = "Khu đô thị xây toàn nhà cao tầng mà chẳng chừa đất làm trường. Cứ thế này thì con cái đi học ở đâu.";
    assert_eq!(
        question_part(m).unwrap(),
        format!("Khu đô thị xây toàn nhà cao tầng mà chẳng chừa đất làm trường. {}", lang::IMPLIED_WHO)
    );
}

#[test]
fn a_closing_word_after_khong_still_closes() {
    let m = "Nghe nói sắp gộp trường, ai cũng lo không biết thế nào, thầy cô có mất việc không. Kế hoạch có nói đến trường nhiều cấp học không nhé?";
    assert_eq!(question_part(m).unwrap(), "Kế hoạch có nói đến trường nhiều cấp học không nhé?");
}

#[test]
fn a_question_of_its_own_inside_the_plans_yes_no_one() {
    let m = "trường mình thiếu máy tính phòng tin học, kế hoạch có nói ai lo thiết bị cho trường không";
    assert_eq!(question_part(m).unwrap(), "kế hoạch có nói ai lo thiết bị cho trường không");
}

/// Round 26's classes: a disclaimer's "hỏi" asks nothing, a purpose clause ("để …") is context,
/// a closing sentence telling what is lacking names its own topic; round 28's: lines end
/// sentences, "câu hỏi" asks nothing, a line asking only by "hỏi" goes on in the next.
#[test]
fn asides_purposes_named_lacks_and_lines() {
    let cases = [
        (
            "Ad ơi. Quận em mới có khu đô thị mới. Ai phải dành đất xây trường khi quy hoạch vậy. Hỏi vậy thôi chứ chắc lâu lắm mới xây.",
            "Ai phải dành đất xây trường khi quy hoạch vậy.",
        ),
        (
            "Em muốn hỏi là cơ quan nào phân bổ biên chế giáo viên ạ, để em biết mà liên hệ. Em cảm ơn.",
            "cơ quan nào phân bổ biên chế giáo viên ạ",
        ),
        (
            "Lớp con tôi tới 50 cháu, trường lớp thiếu trầm trọng. Tình trạng thiếu trường lớp ở khu công nghiệp như thế này thì ai giải quyết",
            "Tình trạng thiếu trường lớp ở khu công nghiệp như thế này thì ai giải quyết",
        ),
        // Each line ends a sentence (`analyze::clean_message` keeps the breaks).
        (
            "Ad ơi\ncon em học trường công ở An Dương\nkế hoạch có nói đảm bảo đủ trường lớp không ạ",
            "kế hoạch có nói đảm bảo đủ trường lớp không ạ",
        ),
        // "câu hỏi" announces the questions after it.
        (
            "Em có 2 câu hỏi:\nKế hoạch do cơ quan nào ban hành\nBan hành ngày nào\nEm cảm ơn",
            "Kế hoạch do cơ quan nào ban hành Ban hành ngày nào",
        ),
        // A line asking only by "hỏi" goes on in the next one.
        (
            "Cho mình hỏi kế hoạch giao cho\nai việc dành quỹ đất xây trường\nmình cảm ơn",
            "Cho mình hỏi kế hoạch giao cho ai việc dành quỹ đất xây trường",
        ),
    ];
    for (message, asked) in cases {
        assert_eq!(question_part(message).as_deref(), Some(asked), "{message}");
    }
}

/// A short question after a sentence announcing its topic, and a claim heard then checked back
/// ("có nói vậy không", "có trong kế hoạch không", "nghe noi" without marks): message, question.
const ANNOUNCED_AND_HEARD: &[(&str, &str)] = &[
    (
        "Chào ad, em xin lỗi làm phiền. Em muốn hỏi về trường nghề. Kế hoạch nói gì ạ? Em cảm ơn.",
        "Em muốn hỏi về trường nghề. Kế hoạch nói gì ạ?",
    ),
    (
        "Khu nhà tôi chẳng có trường. Câu hỏi của tôi là về quỹ đất. Ai chịu trách nhiệm?",
        "Câu hỏi của tôi là về quỹ đất. Ai chịu trách nhiệm?",
    ),
    (
        "con minh hoc mam non, nghe noi tre 3 4 tuoi se duoc pho cap. ke hoach co noi vay khong a",
        "tre 3 4 tuoi se duoc pho cap. ke hoach co noi vay khong a",
    ),
    (
        "nghe nói lương giáo viên sẽ tăng 30%. thông tin đó có trong kế hoạch không",
        "lương giáo viên sẽ tăng 30%. thông tin đó có trong kế hoạch không",
    ),
];

#[test]
fn a_topic_announced_or_a_claim_heard_goes_with_the_question() {
    for (message, asked) in ANNOUNCED_AND_HEARD {
        assert_eq!(question_part(message).as_deref(), Some(*asked), "{message}");
    }
}
