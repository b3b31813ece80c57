//! A question that leans on an earlier sentence of the same message ("Tôi có đọc về quỹ đất cho
//! trường học. Cái đó giao cho ai?"): the pointing phrase ("cái đó", "đề án đó", "mấy trường
//! đó") replaced by the noun phrase it points at, and nothing else of that sentence borrowed.

use super::lang;
use crate::text::{self, Token};

/// Heads of a pointing phrase that stand for the whole topic of the sentence pointed at
/// ("chuyện này", "cái đó", "vấn đề đó"), folded.
/// "đoạn này", "câu này" point at a passage the asker pasted.
/// "con số đó", "số liệu này" point at a figure the asker reports ("thông tin này" is more often
/// the bot's own, asked where it comes from).
const GENERIC_HEADS: &[&str] =
    &["chuyen", "viec", "cai", "van de", "dieu", "noi dung", "vu", "doan", "cau", "con so", "so lieu"];

/// Syllables that make a head the second half of another word ("giai đoạn", "yêu cầu", "nhu
/// cầu", "nhiệm vụ", "dịch vụ"): then it points at nothing, folded.
const HEAD_COMPOUNDS: &[&str] = &["giai", "yeu", "nhu", "nhiem", "dich", "nghia", "phuc"];

/// Quotation marks around a passage an earlier sentence pastes ("Mình dán đoạn này: \"…\"").
const QUOTES: &[char] = &['"', '“', '”'];

/// Heads that name a kind of thing ("đề án đó", "mấy trường đó"): they point at the same head
/// in the earlier sentence, and the phrase it opens there, folded.
const NAMED_HEADS: &[&str] = &[
    "de an",
    "nghi quyet",
    "ket luan",
    "chuong trinh",
    "chinh sach",
    "truong",
    "co so",
    "trung tam",
    "nhom tre",
    "van ban",
    "ke hoach",
    "quyet dinh",
    "chi thi",
];

/// Heads of [`NAMED_HEADS`] that point at a document only when the earlier sentence names one
/// by its number ("Kế hoạch 150 về du lịch … Kế hoạch đó giao cho sở nào"): said alone, "kế
/// hoạch này" is the plan the bot answers about, folded.
const NUMBERED_HEADS: &[&str] = &["ke hoach", "quyet dinh", "chi thi"];

/// The asker's own side named collectively ("quản lý chúng tôi", "bọn em có được hỗ trợ
/// không"): it points at the first kind of thing ([`NAMED_HEADS`]) the earlier sentence names
/// ("… các trung tâm ngoại ngữ, tin học."), folded.
const COLLECTIVE_ASKERS: &[&str] = &["chung toi", "chung em", "chung minh", "bon toi", "bon em", "bon minh"];

/// "sở" (a city department) followed by one of [`OWN`] is the asker's department, folded.
const DEPARTMENT: &str = "so";
const OWN: &[&str] = &["toi", "em", "minh"];

/// The head of [`NAMED_HEADS`] every other kind is one of ("cơ sở": a school, a centre, a
/// group of toddlers): it points at any of them when the earlier sentence does not say it.
const FACILITY: &str = "co so";
/// The head [`pointing_phrase`] gives for a collective asker: any of [`NAMED_HEADS`].
const ANY_NAMED: &str = "";

/// Words that may open a pointing phrase before its head ("mấy trường đó", "những việc này").
const PLURALS: &[&str] = &["may", "nhung", "cac"];

/// Demonstratives closing a pointing phrase, folded; "đó" only typed with its mark (unmarked
/// "do" is "because", "by").
const DEMONSTRATIVES: &[&str] = &["nay", "ay", "kia"];
const MARKED_ONLY_DEMONSTRATIVES: &[&str] = &["do"];

/// Words that go on after "đó" typed without marks in a message without marks, where "do" after
/// a named head is "that", not "by" ("de an do ten la gi", "chuong trinh do co …"; but "de an do
/// ai chu tri", "truong do nha nuoc quan ly"), folded. At the end of the sentence it is "that" too.
const UNMARKED_THAT_FOLLOWERS: &[&str] = &["ten", "la", "thi", "co", "nam", "ra", "duoc", "gom", "the", "nhu", "vay"];

/// Words after which an earlier sentence names what it tells of ("tôi có đọc về quỹ đất",
/// "cô giáo có nhắc đến chuyển đổi số", "tôi nghe nói có trường …", "đọc báo thấy nói …"),
/// folded, one space apart.
const MENTION_MARKERS: &[&str] = &["ve", "den", "nghe noi", "thay noi", "rang"];

/// Words before the asker's pronoun naming their side ("bên mình là công ty …", "phía tôi
/// làm …"), folded.
const SIDE_WORDS: &[&str] = &["ben", "phia"];

/// Characters joining the parts of a department's name ("Lao động - Thương binh", "GD&ĐT").
const NAME_JOINERS: &[char] = &['-', '&'];

/// An earlier sentence's topic has at least this many words: a shorter one names nothing.
const MIN_TOPIC_WORDS: usize = 2;

/// `sentence` with its pointing phrase replaced by what it points at in `earlier`; `None` when
/// it has no pointing phrase or `earlier` names no topic.
pub fn resolve(sentence: &str, earlier: &str) -> Option<String> {
    let tokens = text::tokenize(sentence);
    let mut from = 0;
    loop {
        let (start, end, head) = pointing_phrase(&tokens, from)?;
        // A clause before the pointer in its own sentence is what it points at ("… một hệ
        // thống dữ liệu chung nhỉ, kế hoạch có tính chuyện đó không").
        if sentence[..tokens[start].start].contains([',', ';', ':']) {
            return None;
        }
        // "Kế hoạch này có nói gì về trường đó": the plan asked about, when the sentence before
        // names no other; the next pointer is tried.
        match topic(earlier, head) {
            Some(topic) => {
                return Some(format!(
                    "{}{}{}",
                    &sentence[..tokens[start].start],
                    topic,
                    &sentence[tokens[end - 1].end..]
                ));
            }
            None if head.is_some_and(|h| NUMBERED_HEADS.contains(&h)) => from = end,
            None => return None,
        }
    }
}

/// The token range of the first pointing phrase from token `from` on, and its head when the
/// head names a kind of thing.
fn pointing_phrase(tokens: &[Token], from: usize) -> Option<(usize, usize, Option<&'static str>)> {
    let unmarked = !tokens.iter().any(|t| t.accented);
    for i in from..tokens.len() {
        let pair = |k: usize| tokens.get(k).map(|t| t.folded.as_str());
        let collective = COLLECTIVE_ASKERS.iter().any(|c| c.split(' ').map(Some).eq([pair(i), pair(i + 1)]));
        if collective {
            return Some((i, i + 2, Some(ANY_NAMED)));
        }
        // "sở tôi", "sở em": the asker's own department, named in the sentence before.
        if pair(i) == Some(DEPARTMENT) && pair(i + 1).is_some_and(|w| OWN.contains(&w)) {
            return Some((i, i + 2, Some(DEPARTMENT)));
        }
        for (heads, generic) in [(GENERIC_HEADS, true), (NAMED_HEADS, false)] {
            for head in heads {
                let len = head.split(' ').count();
                let Some(after) = tokens.get(i + len) else {
                    continue;
                };
                let matches = tokens[i..i + len].iter().map(|t| t.folded.as_str()).eq(head.split(' '));
                let that = MARKED_ONLY_DEMONSTRATIVES.contains(&after.folded.as_str())
                    && (after.accented
                        || unmarked
                            && !generic
                            && pair(i + len + 1).is_none_or(|w| UNMARKED_THAT_FOLLOWERS.contains(&w)));
                let demonstrative = DEMONSTRATIVES.contains(&after.folded.as_str()) || that;
                let compound = generic && i > 0 && HEAD_COMPOUNDS.contains(&tokens[i - 1].folded.as_str());
                if matches && demonstrative && !compound {
                    let start = if i > 0 && PLURALS.contains(&tokens[i - 1].folded.as_str()) { i - 1 } else { i };
                    return Some((start, i + len + 1, (!generic).then_some(*head)));
                }
            }
        }
    }
    None
}

/// The noun phrase `earlier` tells of: the phrase opened by `head` when it is there, else the
/// words after its last mention marker, else the whole sentence; up to the end of its clause.
fn topic(earlier: &str, head: Option<&str>) -> Option<String> {
    // A passage pasted in quotes is what "đoạn này" points at, whole.
    if head.is_none() {
        let quoted = earlier.split(QUOTES).nth(1).filter(|_| earlier.matches(QUOTES).count() >= 2);
        if let Some(q) = quoted.filter(|q| text::tokenize(q).len() >= MIN_TOPIC_WORDS) {
            return Some(q.trim().to_owned());
        }
    }
    let tokens = text::tokenize(earlier);
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let at = |phrase: &str| {
        let words: Vec<&str> = phrase.split(' ').collect();
        folded.windows(words.len()).rposition(|w| w == words.as_slice()).map(|i| (i, words.len()))
    };
    // The kind's mention that names one ("trường Tiểu học Lê Lợi ở Kiến An, nghe nói trường sắp
    // được xây"): a capital or a number after the head; a later bare mention points back itself.
    // A document only by its number ("Kế hoạch 150", "quyết định số 12").
    let numbered = head.is_some_and(|h| NUMBERED_HEADS.contains(&h));
    let named_at = |phrase: &str| {
        let words: Vec<&str> = phrase.split(' ').collect();
        let names = |k: usize| {
            let k = k + usize::from(folded.get(k) == Some(&"so"));
            let name = |c: char| c.is_ascii_digit() || !numbered && c.is_uppercase();
            tokens.get(k).is_some_and(|t| earlier[t.start..].starts_with(name))
        };
        let mentions = || (0..folded.len()).rev().filter(|&i| folded[i..].starts_with(&words));
        mentions().find(|&i| names(i + words.len())).or_else(|| mentions().next().filter(|_| !numbered))
    };
    // The asker's side or a facility is no document.
    let any_named =
        || NAMED_HEADS.iter().filter(|h| !NUMBERED_HEADS.contains(h)).filter_map(|h| at(h)).map(|(i, _)| i).min();
    let from = match head {
        Some(ANY_NAMED) => any_named()?,
        // "mấy cơ sở đó" after "… nhóm trẻ, lớp mẫu giáo độc lập": a facility of any kind named.
        Some(FACILITY) => at(FACILITY).map(|(i, _)| i).or_else(any_named)?,
        Some(head) => named_at(head)?,
        None => MENTION_MARKERS
            .iter()
            .filter_map(|m| at(m))
            .map(|(i, len)| i + len)
            .max()
            .unwrap_or_else(|| after_introduction(earlier, &tokens, &folded)),
    };
    let first = tokens.get(from)?;
    let rest = &earlier[first.start..];
    // "sở tôi" stands for the department's name, not what the asker says after it ("Tôi là cán
    // bộ Sở Nội vụ mới chuyển công tác": the transfer is no part of the department).
    if head == Some(DEPARTMENT) {
        if let Some(name) = department_name(earlier, &tokens, from) {
            return Some(name.to_owned());
        }
    }
    if numbered {
        // The document's name, up to the end of its number ("Kế hoạch 150/KH-UBND"), no more.
        let digit = rest.find(|c: char| c.is_ascii_digit())?;
        let end = rest[digit..].find(char::is_whitespace).map_or(rest.len(), |e| digit + e);
        return Some(rest[..end].trim_end_matches([',', '.', ';', ':', '!', '?']).to_owned());
    }
    let clause = rest.split([',', ';', '.', '!', '?', '\n']).next().unwrap_or(rest).trim_end();
    (text::tokenize(clause).len() >= MIN_TOPIC_WORDS).then(|| clause.to_owned())
}

/// The first word of the clause after the one in which the asker says who they are ("bên
/// mình là công ty Hàn Quốc trong KCN, muốn ký hợp tác đào tạo với trường nghề": a pointer
/// means the cooperation, not the company); 0 when the sentence opens otherwise or has one clause.
fn after_introduction(earlier: &str, tokens: &[Token], folded: &[&str]) -> usize {
    let k = usize::from(folded.first().is_some_and(|w| SIDE_WORDS.contains(w)));
    let introduces = tokens.get(k).is_some_and(|t| lang::ASKER_PRONOUNS.contains(&t.text.as_str()))
        && folded.get(k + 1).is_some_and(|w| matches!(*w, "la" | "lam"));
    let cut = earlier.find(',').filter(|_| introduces);
    cut.and_then(|cut| tokens.iter().position(|t| t.start > cut)).unwrap_or(0)
}

/// A department's name from its "Sở" (token `from`) as written with capitals: each part a
/// capitalised word and at most one more syllable ("Nội vụ", "Tài chính"), parts joined by "và"
/// or a joiner ("Lao động - Thương binh và Xã hội"); `None` when no capital follows "Sở".
fn department_name<'e>(earlier: &'e str, tokens: &[Token], from: usize) -> Option<&'e str> {
    let capital = |i: usize| tokens.get(i).is_some_and(|t| earlier[t.start..].starts_with(char::is_uppercase));
    let between = |a: usize, b: usize| &earlier[tokens[a].end..tokens[b].start];
    let spaced = |i: usize| tokens.get(i).is_some() && between(i - 1, i).trim().is_empty();
    let joined = |i: usize| between(i - 1, i).trim().chars().all(|c| NAME_JOINERS.contains(&c));
    let (mut end, mut i) = (from, from + 1);
    while capital(i) && joined(i) {
        end = i;
        i += 1;
        if spaced(i) && !capital(i) && tokens[i].folded != "va" {
            end = i;
            i += 1;
        }
        if spaced(i) && tokens[i].folded == "va" && capital(i + 1) {
            i += 1;
        }
    }
    (end > from).then(|| &earlier[tokens[from].start..tokens[end].end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_generic_pointer_by_the_topic_mentioned() {
        let got = resolve("Cái đó kế hoạch giao cho ai?", "Tôi có đọc về quỹ đất cho trường học.");
        assert_eq!(got.unwrap(), "quỹ đất cho trường học kế hoạch giao cho ai?");
        let got = resolve("Kế hoạch có nhắc chuyện này không?", "Tôi nghe nói có trường đại học nước ngoài sắp mở.");
        assert_eq!(got.unwrap(), "Kế hoạch có nhắc có trường đại học nước ngoài sắp mở không?");
        // The clause introducing the asker is not what "việc này" points at.
        let e = "bên mình là công ty Hàn Quốc trong KCN, muốn ký hợp tác đào tạo với trường nghề.";
        let got = resolve("Kế hoạch có nói gì về việc này không", e);
        assert_eq!(got.unwrap(), "Kế hoạch có nói gì về muốn ký hợp tác đào tạo với trường nghề không");
    }

    #[test]
    fn a_passage_pointer_points_at_the_quoted_passage() {
        let got = resolve("Đoạn này là nhiệm vụ của sở nào?", "Mình dán đoạn này: \"dành quỹ đất xây trường\".");
        assert_eq!(got.unwrap(), "dành quỹ đất xây trường là nhiệm vụ của sở nào?");
    }

    #[test]
    fn the_second_half_of_a_word_points_at_nothing() {
        assert_eq!(resolve("Giai đoạn này có chính sách gì cho trường nghề không?", "Tôi là giáo viên mầm non."), None);
        assert_eq!(resolve("Nhiệm vụ này do ai làm?", "Kế hoạch giao nhiều việc."), None);
    }

    #[test]
    fn a_named_head_points_at_its_phrase() {
        let got = resolve("Mấy trường đó ai quản lý vậy", "Quận mình có mấy trường mầm non tư thục mới mở.");
        assert_eq!(got.unwrap(), "trường mầm non tư thục mới mở ai quản lý vậy");
        // The head is not in the earlier sentence: nothing to point at.
        assert_eq!(resolve("Đề án đó ai làm?", "Tôi đọc về quỹ đất."), None);
        let got = resolve("Ai quản lý mấy cơ sở đó?", "Kế hoạch bắt quản lý chặt mấy nhóm trẻ, lớp mẫu giáo.");
        assert_eq!(got.unwrap(), "Ai quản lý nhóm trẻ?");
    }

    #[test]
    fn a_named_head_points_at_the_mention_that_names_one() {
        let e = "Con tôi học lớp 5 trường Tiểu học Lê Lợi ở Kiến An, nghe nói trường sắp được xây thêm.";
        let got = resolve("Kế hoạch 298 có nói gì về trường này không ạ?", e);
        assert_eq!(got.unwrap(), "Kế hoạch 298 có nói gì về trường Tiểu học Lê Lợi ở Kiến An không ạ?");
        // "kế hoạch này" is the plan asked about unless a document with a number was named.
        let e = "Hôm qua em đọc Kế hoạch 150 về phát triển du lịch, thấy cũng hay.";
        let got = resolve("Kế hoạch đó giao nhiệm vụ cho sở nào?", e);
        assert_eq!(got.unwrap(), "Kế hoạch 150 giao nhiệm vụ cho sở nào?");
        assert_eq!(resolve("Kế hoạch này giao cho ai?", "Tôi đọc về kế hoạch đổi mới giáo dục."), None);
        let got = resolve("Kế hoạch này có nói gì về trường đó không?", "Con tôi học trường Tiểu học Lê Lợi.");
        assert_eq!(got.unwrap(), "Kế hoạch này có nói gì về trường Tiểu học Lê Lợi không?");
    }

    #[test]
    fn a_collective_asker_points_at_the_kind_of_thing_named() {
        let got =
            resolve("Cơ quan nào quản lý chúng tôi?", "Nghe nói sắp siết quản lý các trung tâm ngoại ngữ, tin học.");
        assert_eq!(got.unwrap(), "Cơ quan nào quản lý trung tâm ngoại ngữ?");
        assert_eq!(resolve("Chúng tôi được hỗ trợ gì?", "Tôi buồn lắm."), None);
    }

    #[test]
    fn the_askers_department_is_the_one_named_before() {
        let got = resolve("Kế hoạch yêu cầu sở tôi làm gì?", "Tôi làm ở Sở Thông tin và Truyền thông, mới về.");
        assert_eq!(got.unwrap(), "Kế hoạch yêu cầu Sở Thông tin và Truyền thông làm gì?");
        // The name only, not what the asker says after it.
        let got = resolve("Nhiệm vụ của sở tôi là gì", "Tôi là cán bộ Sở Nội vụ mới chuyển công tác.");
        assert_eq!(got.unwrap(), "Nhiệm vụ của Sở Nội vụ là gì");
        let got = resolve("sở em làm gì", "Em làm ở Sở Lao động - Thương binh và Xã hội được hai năm.");
        assert_eq!(got.unwrap(), "Sở Lao động - Thương binh và Xã hội làm gì");
    }

    #[test]
    fn leaves_a_sentence_without_a_pointer() {
        assert_eq!(resolve("Việc tuyên truyền kế hoạch này do sở nào làm?", "Cảm ơn trang đã đăng bài."), None);
        // Unmarked "do" is "by", not "that"; after a named head, before what goes on after "that".
        assert_eq!(resolve("viec do ai lam", "toi doc ve quy dat"), None);
        assert_eq!(resolve("de an do ai chu tri", "thanh pho co de an ve nghe"), None);
        let got = resolve("de an do ten la gi", "thanh pho co de an doi moi giao duc nghe nghiep den 2030");
        assert_eq!(got.unwrap(), "de an doi moi giao duc nghe nghiep den 2030 ten la gi");
        // The pointer's own sentence names its topic first.
        let m = "Sao không làm một hệ thống dữ liệu chung nhỉ, kế hoạch có tính chuyện đó không";
        assert_eq!(resolve(m, "Giờ cháu tôi học bằng ipad."), None);
        // A topic of one word names nothing.
        assert_eq!(resolve("Chuyện này ai lo?", "Buồn."), None);
    }
}
