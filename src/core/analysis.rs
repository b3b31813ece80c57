//! Analysing a question: the words as typed and as read (typos corrected, lexicon applied),
//! then what they name (agencies, documents, uncovered topics, small talk) and ask (cues), with
//! the words used by names and cues set apart from the topic.

use super::analyze::{self, Word};
use super::cues::Cue;
use super::{DOCUMENT_TITLE_COVERAGE, Engine, MAX_QUESTION_CHARS, Query, lang};
use smol_str::SmolStr;
use std::sync::LazyLock;

impl Engine {
    /// Everything found in one question, before the conversation's context is applied.
    pub(super) fn analyse(&self, question: &str) -> Query {
        // The raw text is cut first (bounded work), cleaned (a paste of invisible characters
        // hides nothing; line breaks end sentences), then cut to the question's length.
        let question = super::cut_question(question);
        let cleaned = analyze::clean_message(question);
        let cleaned = match cleaned.char_indices().nth(MAX_QUESTION_CHARS) {
            Some((end, _)) => cleaned[..end].to_owned(),
            None => cleaned,
        };
        // As meant: shorthand, keyboard-off typing, glued syllables, English, the asking sentence.
        let mut typed = self.analyzer.read(&cleaned);
        // The text's tokens (the reader's when it read the text as typed), kept for the entity guard.
        // A part picked out of a longer message has no tokens of its own yet.
        let picked = typed.tokens.is_none() && !typed.english;
        let tokens = typed.tokens.take().unwrap_or_else(|| crate::text::tokenize(&typed.text));
        let raw = self.analyzer.raw_words_from(analyze::words_from(&typed.text, &tokens));
        let mut words = self.analyzer.question_words(&raw, typed.english);
        // "so tu phap o dau": an unmarked "dau" after "o" is "đâu" (where), a function word as
        // typed with marks, not "đầu" or "dầu".
        for i in 1..words.len() {
            if [words[i - 1].folded.as_str(), words[i].folded.as_str()] == lang::WHERE && !words[i].accented {
                words[i].stop = true;
            }
        }
        let mut q = Query { question: question.to_owned(), english: typed.english, ..Query::default() };

        // Uncovered topics, on the words as typed (the lexicon may have rewritten them); the
        // phrase with the most topic words names it, the first on a tie ("lớp 1 … miễn học phí"
        // asks the fees, not grade 1's lessons; "phụ cấp bao nhiêu tiền" the allowance).
        let uncovered = self.uncovered.find_all(&raw).into_iter().filter(|f| {
            let which = asks_which(&raw[f.start..f.start + f.len]);
            (f.exact || !f.value.1 || f.len == 1 && self.reads_as_wage(&raw, f.start))
                && self.analyzer.read_as_written(&raw[f.start..f.start + f.len], &f.value.2)
                && !(yes_no(&raw) && which)
                && !(which && f.start > 0 && raw[f.start - 1].folded == lang::BENEFICIARY_WORD)
                && !in_context(&raw, f.start, f.len)
        });
        let topical = |f: &analyze::Found<'_, _>| raw[f.start..][..f.len].iter().filter(|w| w.is_topical()).count();
        let uncovered = uncovered.min_by_key(|f| (std::cmp::Reverse(topical(f)), f.start));
        q.uncovered = uncovered.as_ref().map(|f| f.value.0);
        let before = self.named_before(&cleaned, picked, &tokens);
        q.uncovered = q.uncovered.or(before.topic);
        let help = self.kb.smalltalk.iter().position(|s| s.id == HELP);
        if let Some(f) = self.smalltalk.find_all(&raw).first() {
            // "Máy tính giúp được gì cho học sinh?": "giúp được gì" with a subject of its own is
            // about that subject; only one naming the bot (below) asks for the help reply.
            let own_subject = Some(*f.value) == help && raw[..f.start].iter().any(|w| !w.stop && !w.is_number());
            q.smalltalk = (!own_subject).then_some(*f.value);
            let outside = raw.iter().enumerate().filter(|(i, _)| *i < f.start || *i >= f.start + f.len);
            q.smalltalk_rest =
                outside.filter(|(_, w)| !w.stop && !w.is_number() && self.entries.idf(w).is_some()).count();
        }
        if q.smalltalk.is_none() && asks_capability(&raw) {
            // "Trợ lý này giúp được những việc gì?": the help reply, whatever the wording.
            q.smalltalk = help;
        }
        // "ad ơi", "mày biết gì", "ai tạo ra bot này": a message made only of chat words.
        let chat = if q.smalltalk.is_none() { super::chat::read(&raw) } else { None };
        if let Some(id) = chat.and_then(super::chat::Chat::smalltalk) {
            q.smalltalk = self.kb.smalltalk.iter().position(|s| s.id == id);
            q.smalltalk_rest = 0;
            q.chat = true;
        }
        // An English message's second question loses its question words in the reading: it is
        // cut on the English text.
        q.split = super::compound::split(&raw, &typed.text, &tokens).or_else(|| {
            typed.english.then(|| super::compound::english_parts(typed.asked.as_deref().unwrap_or(&cleaned))).flatten()
        });
        // A topic naming another entity ("Hưng Yên") is what the question is about: never cut out.
        if let (None, Some(f)) = (&q.split, &uncovered) {
            if !self.kb.uncovered[f.value.0].whole {
                q.without_topic = super::compound::without_topic(&typed.text, f.start, f.len);
            }
        }
        q.unknown_document = self.unknown_document(&raw);
        q.unknown_entity = typed
            .english
            .then(|| self.english_unknown_entity(typed.asked.as_deref().unwrap_or(&cleaned)))
            .flatten()
            .or_else(|| self.unknown_entity(&typed.text, &tokens, &raw))
            .or(before.entity)
            .filter(|name| !named_in_context(&raw, name));

        let consume = |words: &mut Vec<Word>, start: usize, len: usize| {
            for w in &mut words[start..start + len] {
                w.stop = true;
            }
        };
        for f in self.cues.fillers.find_all(&words) {
            consume(&mut words, f.start, f.len);
        }
        if q.smalltalk.is_some() {
            // "chào ad, Sở Nội vụ phải làm gì": small talk beside a question is not its topic.
            for f in self.smalltalk.find_all(&words) {
                consume(&mut words, f.start, f.len);
            }
        }
        for f in self.cues.vocatives.find_all(&words) {
            if words[f.start + f.len..].iter().all(|w| w.stop) {
                consume(&mut words, f.start, f.len);
            }
        }
        let mut agency_spans = Vec::new();
        // "Ban Tuyên giáo Thành ủy có nhiệm vụ gì?": a known body named only inside the name of
        // one the source never mentions is not asked about.
        let entity = q.unknown_entity.as_deref().filter(|n| !self.names_place(n)).map(analyze::entity_words);
        // "Trường Tiểu học X ở quận Y …": a district locating an unknown school is not asked.
        let mut school = q.unknown_entity.as_deref().is_some_and(analyze::names_school);
        for f in self.agency_names.find_all(&words) {
            // "Bộ Nội vụ", "bo tai chinh", "Bộ LĐTBXH": a department's name after "Bộ" names the
            // ministry, which the source never mentions, not the city's department.
            if let Some(ministry) = self.ministry_named(&words, f.start, f.len, *f.value) {
                q.unknown_entity.get_or_insert(ministry);
                school = q.unknown_entity.as_deref().is_some_and(analyze::names_school);
                consume(&mut words, f.start, f.len);
                continue;
            }
            let inside = entity.as_ref().is_some_and(|e| {
                let name: Vec<&str> = words[f.start..f.start + f.len].iter().map(|w| w.folded.as_str()).collect();
                e.contains(&format!(" {} ", name.join(" ")))
            });
            let locates = school && f.start > 0 && lang::LOCATIVES.contains(&words[f.start - 1].folded.as_str());
            if !q.agencies.contains(f.value) && !inside && !locates {
                q.agencies.push(*f.value);
            }
            agency_spans.push((*f.value, f.start));
            consume(&mut words, f.start, f.len);
            if f.start > 0 && words[f.start - 1].is(lang::ASSIGNS) {
                consume(&mut words, f.start - 1, 1);
            }
        }
        // "Phần tổ chức thực hiện giao cho Sở Nội vụ việc gì": beside a body, the part of the
        // plan named says where its duties stand, not which of them.
        let frame = if q.agencies.is_empty() { None } else { super::compose::part_frame(self, &words) };
        if let Some((start, len)) = frame {
            consume(&mut words, start, len);
        }
        // "Sở Y tế và Sở Nội vụ làm gì": beside a known body, the unknown one's name is no topic.
        let named = entity.and(q.unknown_entity.as_deref()).filter(|_| !q.agencies.is_empty());
        if let Some((start, len)) = named.and_then(|n| analyze::name_span(&words, n)) {
            consume(&mut words, start, len);
        }
        if q.agencies.is_empty() {
            if let Some((agency, start, len)) = self.bare_department(&words) {
                q.agencies.push(agency);
                agency_spans.push((agency, start));
                consume(&mut words, start, len);
            }
        }
        if q.agencies.is_empty() && q.unknown_entity.is_none() {
            q.unknown_entity = analyze::ministry_field(&words);
        }
        // Spans that are not the topic but still say what to look for (a document's name,
        // "ban hành", "mục đích", "nguồn"): left out of the topic, kept for scoring.
        let mut kept_for_scoring = Vec::new();
        let mut plan_names = Vec::new();
        let mut document_spans = Vec::new();
        // Every name at every position: "Kết luận số 91-KL/TW" names the document twice.
        for i in 0..words.len() {
            let Some(f) = self.document_names.at(&words, i) else {
                continue;
            };
            // "Kết luận 92-KL/TW": a number the knowledge base does not know names another
            // document, whatever kind words ("kết luận", "KL/TW") a known one shares with it.
            let numbered = words[f.start..f.start + f.len].iter().any(|w| w.is_number());
            if !q.documents.contains(f.value) && (numbered || !q.unknown_document) {
                q.documents.push(*f.value);
            }
            if words[f.start..f.start + f.len].iter().any(|w| w.text.bytes().any(|b| b.is_ascii_digit())) {
                // Named by its number: an issued document, with an author.
                document_spans.push((f.start, f.len));
            }
            consume(&mut words, f.start, f.len);
            // The plan's own name says which plan, not what in it: scoring it ("123") would put
            // the opening paragraph that states the number first (facts still read it: "ban
            // hành ngày nào").
            if *f.value == self.plan {
                plan_names.push((f.start, f.len));
            } else {
                kept_for_scoring.push((f.start, f.len));
            }
        }
        // "Nghị quyết 19 … có liên quan gì đến kế hoạch 298": a document the source never names,
        // named first and not side by side with a known one ("Kế hoạch 298 và kế hoạch 123"), is
        // what the question is about.
        if let Some(u) = self.unknown_document_at(&raw) {
            let known_before = self.known_document_before(&raw, u);
            let side_by_side = raw[u..].iter().any(|w| lang::DOCUMENTS_SIDE_BY_SIDE.contains(&w.folded.as_str()));
            if !known_before && !side_by_side {
                q.documents.clear();
            }
        }
        if q.unknown_entity.is_none() {
            q.unknown_entity = self.unheld_plan_contents(&q.documents, &raw);
        }
        // A body named only as the author of a document named by its number ("Kế hoạch số
        // 298/KH-UBND của Ủy ban nhân dân thành phố quy định gì về Sở Nội vụ") says which
        // document, not whom the question is about.
        let authors = |start: usize| {
            document_spans.iter().any(|&(s, len)| {
                (s..s + len).contains(&start) || (start == s + len + 1 && words[s + len].folded == "cua")
            })
        };
        for &(agency, _) in &agency_spans {
            let mentions = agency_spans.iter().filter(|&&(a, _)| a == agency);
            if mentions.clone().all(|&(_, start)| authors(start)) {
                q.agencies.retain(|&a| a != agency);
            }
        }
        // A number the knowledge base does not know names no known document by its title either.
        let by_title = q.documents.is_empty() && !q.unknown_document;
        let kinds = if by_title { self.cues.titled_kinds.find_all(&words) } else { Vec::new() };
        // With a body named, a bare kind ("ĐH Hải Phòng có đề án gì") asks for the body's own
        // project: a title needs words of its own beside the kind.
        let kind_at = |i: usize| kinds.iter().any(|f| (f.start..f.start + f.len).contains(&i));
        let title_words = words.iter().enumerate().filter(|&(i, w)| !w.stop && !kind_at(i)).count();
        if !kinds.is_empty() && (q.agencies.is_empty() || title_words >= 2) {
            // "Đề án Đổi mới và nâng cao chất lượng giáo dục nghề nghiệp": a document named by
            // its title rather than a short name.
            let scores = self.documents.score_using(&words, &self.entries, false);
            // Of the kind named: "Thành ủy ban hành nghị quyết nào" names no plan by its title.
            let named: Vec<String> = kinds
                .iter()
                .map(|f| {
                    words[f.start..f.start + f.len].iter().map(|w| w.folded.as_str()).collect::<Vec<_>>().join(" ")
                })
                .collect();
            let of_kind = |d: usize| named.iter().any(|n| n == self.kind_of(d));
            if let Some(&best) = scores.ranked().iter().find(|&&d| of_kind(d)) {
                // With a body named, every word must be the title's ("triển khai" is no title).
                let needed = if q.agencies.is_empty() { DOCUMENT_TITLE_COVERAGE } else { 1.0 };
                if scores.coverage[best] >= needed {
                    q.documents.push(best);
                }
            }
        }
        let mut kept_for_facts = kept_for_scoring.clone();
        kept_for_facts.extend_from_slice(&plan_names);
        // Every cue of every kind in one scan: per kind, the longest match at each position,
        // left to right without overlap.
        let mut longest = vec![[0u8; Cue::ALL.len()]; words.len()];
        self.cues.all.each_everywhere(&words, |i, len, &cue| {
            let slot = &mut longest[i];
            slot[cue as usize] = slot[cue as usize].max(u8::try_from(len).unwrap_or(u8::MAX));
        });
        let spans_of = |cue: Cue| {
            let mut spans = Vec::new();
            let mut i = 0;
            while i < longest.len() {
                match usize::from(longest[i][cue as usize]) {
                    0 => i += 1,
                    len => {
                        spans.push((i, len));
                        i += len;
                    }
                }
            }
            spans
        };
        // Finds a cue; `Some(kept)` consumes its words and records their spans in `kept`.
        let cue = |cue: Cue, words: &mut Vec<Word>, take: Option<&mut Vec<(usize, usize)>>| {
            let found = spans_of(cue);
            if let Some(kept) = take {
                for &(start, len) in &found {
                    consume(words, start, len);
                    kept.push((start, len));
                }
            }
            !found.is_empty()
        };
        let mut dropped = Vec::new();
        q.who = cue(Cue::Who, &mut words, Some(&mut dropped));
        q.profile = cue(Cue::Profile, &mut words, Some(&mut dropped));
        q.pronoun = cue(Cue::Pronoun, &mut words, Some(&mut dropped));
        q.each = cue(Cue::Each, &mut words, Some(&mut dropped));
        q.topic_pronoun = cue(Cue::TopicPronoun, &mut words, Some(&mut dropped));
        q.detail = cue(Cue::Detail, &mut words, Some(&mut dropped));
        q.more = cue(Cue::More, &mut words, Some(&mut dropped));
        // Asked of a named body ("Sở … triển khai đề án nào"), the kind says which of its duties.
        let listed = if q.agencies.is_empty() { &mut dropped } else { &mut kept_for_scoring };
        q.document_list = cue(Cue::DocumentList, &mut words, Some(listed));
        q.contact = cue(Cue::Contact, &mut words, None);
        q.fact = cue(Cue::Fact, &mut words, None);
        let mut named = Vec::new();
        q.time = cue(Cue::Time, &mut words, Some(&mut named)) | cue(Cue::Deadline, &mut words, Some(&mut dropped));
        // "tu ngay nao", "tu bao gio": an unmarked "tu" in a time cue is "từ", never "tự"/"tư".
        for &(start, len) in &named {
            for w in words[start..start + len].iter_mut().filter(|w| !w.accented && w.folded == "tu") {
                w.text = lang::TIME_FROM.into();
                w.accented = true;
            }
        }
        q.quantity = cue(Cue::Quantity, &mut words, Some(&mut named))
            || raw.iter().rev().find(|w| !w.stop || w.folded == "may").is_some_and(|w| w.folded == "may");
        q.quantity_unit = quantity_unit(&raw);
        // "Hải Phòng có mấy trường đại học?": "mấy" before a counted body or person (the
        // lexicon may have merged the noun into a term the cue phrases no longer see).
        q.quantity |=
            q.quantity_unit.as_deref().is_some_and(|u| COUNTED.contains(&u)) && raw.iter().any(|w| w.folded == "may");
        q.overview = cue(Cue::Overview, &mut words, Some(&mut kept_for_scoring));
        // "Bài viết nói gì về ngân sách": the article named as where is asked of: not scored.
        let source_named = !spans_of(Cue::Source).is_empty();
        // "Bài viết có đề cập đến học phí không": the verb of naming is no topic either.
        let mention = if source_named { analyze::said_at(&words, lang::MENTIONS) } else { None };
        if let Some((start, len)) = mention {
            consume(&mut words, start, len);
        }
        let says_about = mention.is_some() || source_named && analyze::said_at(&raw, lang::SAYS_ABOUT).is_some();
        let about = if says_about { &mut dropped } else { &mut named };
        q.source = cue(Cue::Source, &mut words, Some(about));
        if chat == Some(super::chat::Chat::Source) {
            // "Dữ liệu của bạn cập nhật đến khi nào?": the answers' source, no topic of the plan.
            q.source = true;
            words.iter_mut().for_each(|w| w.stop = true);
        }
        q.issuer = cue(Cue::Issuer, &mut words, Some(&mut named));
        kept_for_scoring.extend_from_slice(&named);
        kept_for_facts.extend_from_slice(&named);
        q.follow_up = is_follow_up(&raw);
        if q.follow_up {
            // "còn", "thế còn", "vậy còn" at the start and "thì sao" are not topic words.
            for w in words.iter_mut().filter(|w| matches!(w.folded.as_str(), "con" | "the" | "vay" | "sao" | "thi")) {
                w.stop = true;
            }
        }
        let restore = |spans: &[(usize, usize)]| {
            let mut out = words.clone();
            for &(start, len) in spans {
                for w in &mut out[start..start + len] {
                    w.stop = self.analyzer.stopwords.contains_in_phrase(w);
                }
            }
            out
        };
        q.scoring = restore(&kept_for_scoring);
        q.fact_scoring = restore(&kept_for_facts);
        q.words = words;
        q
    }
}

/// Nouns "mấy" counts when it asks how many (folded): "mấy trường", "mấy sinh viên", "mấy nội
/// dung", "mấy nhiệm vụ", "mấy điểm" (not "giai": "mấy giai đoạn" asks years).
const COUNTED: &[&str] = &["truong", "co", "sinh", "hoc", "giao", "don", "lop", "nguoi", "noi", "nhiem", "diem"];

impl Engine {
    /// A department named by its bare short name opening a duties question ("GD&ĐT phải làm
    /// gì", "KH&CN có nhiệm vụ gì"): a "Sở …" name said without "Sở", as (agency, start, len).
    /// Only there, the ask at most two words after the name ("có", "phải"): elsewhere the same
    /// words are a topic ("giáo dục và đào tạo", "tài chính", "thông tin trên trang này do …").
    fn bare_department(&self, words: &[Word]) -> Option<(usize, usize, usize)> {
        let start = words.iter().position(|w| !w.stop)?;
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        let asks = |i: usize| lang::BARE_NAME_ASKS.iter().any(|a| crate::text::spells(a, &folded[i..]).is_some());
        if !(start + 1..words.len()).any(asks) {
            return None;
        }
        let mut probe = DEPARTMENT_WORD.clone();
        probe.extend(words[start..].iter().take(BARE_NAME_WORDS + 1).cloned());
        let f = self.agency_names.at(&probe, 0)?;
        let len = f.len - 1;
        ((1..=BARE_NAME_WORDS).contains(&len) && (start + len..words.len().min(start + len + 3)).any(asks))
            .then_some((*f.value, start, len))
    }
}

/// [`lang::DEPARTMENT_WORD`] as words, once.
static DEPARTMENT_WORD: LazyLock<Vec<Word>> = LazyLock::new(|| analyze::words(lang::DEPARTMENT_WORD));

/// The most words a department's short name has ("GD&ĐT", "Tài chính"); a longer name said
/// without "Sở" is the field it names ("giáo dục và đào tạo").
const BARE_NAME_WORDS: usize = 3;

/// The word a quantity question counts: the word right after "bao nhiêu" or "mấy" ("bao nhiêu
/// trường mầm non" → "truong"). None when a function word or nothing follows ("kết luận số
/// mấy của …", "tối thiểu bao nhiêu?"): then what is counted stands before the cue.
fn quantity_unit(raw: &[Word]) -> Option<SmolStr> {
    let after = raw.iter().enumerate().find_map(|(i, w)| match w.folded.as_str() {
        "nhieu" if i > 0 && raw[i - 1].folded == "bao" => Some(i + 1),
        "may" => Some(i + 1),
        _ => None,
    })?;
    raw.get(after).filter(|w| !w.stop).map(|w| w.folded.clone())
}

/// The small-talk reply that says what the bot can do.
const HELP: &str = "help";
/// At most this many words between "được" and "gì" in "giúp được những việc gì".
const CAPABILITY_GAP: usize = 2;

/// [`lang::BOT_WORDS`] and [`lang::CAPABILITY_VERBS`], each split into its words once.
static BOT_PHRASES: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| split_phrases(lang::BOT_WORDS));
static CAPABILITY_PHRASES: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| split_phrases(lang::CAPABILITY_VERBS));

fn split_phrases(list: &'static [&'static str]) -> Vec<Vec<&'static str>> {
    list.iter().map(|p| p.split(' ').collect()).collect()
}

/// Asks what the bot can do: a word naming the bot, then a capability verb, "được", and "gì"
/// a word or two later ("bot này làm được gì", "trợ lý giúp được những việc gì").
fn asks_capability(raw: &[Word]) -> bool {
    let f: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    // Without "được" and "gì" nothing below matches (most questions): the bot words are not
    // looked for at every word.
    if !f.contains(&"duoc") || !f.contains(&"gi") {
        return false;
    }
    // Word by word, without building the phrase: this runs at every word for every bot word.
    let phrase_at = |i: usize, p: &[&str]| p.iter().enumerate().all(|(k, w)| f.get(i + k) == Some(w));
    // A word naming the bot stands alone: followed by a function word, a capability verb or
    // nothing, never by a word it forms a noun with ("máy tính", "ban chỉ đạo"); "may" typed
    // with marks is the bot only as "máy" or "mày" (not "mấy").
    let names_bot = |i: usize, p: &[&str]| {
        let n = p.len();
        let alone = || raw.get(i + n).is_none_or(|w| w.stop || CAPABILITY_PHRASES.iter().any(|v| phrase_at(i + n, v)));
        let marks_fit = p != ["may"] || !raw[i].accented || lang::CHAT_MARKED.contains(&raw[i].text.as_str());
        phrase_at(i, p) && marks_fit && alone()
    };
    let bot = (0..f.len()).find(|&i| BOT_PHRASES.iter().any(|p| names_bot(i, p)));
    let Some(bot) = bot else {
        return false;
    };
    (bot..f.len()).any(|i| {
        CAPABILITY_PHRASES.iter().any(|v| {
            let n = v.len();
            phrase_at(i, v)
                && f.get(i + n) == Some(&"duoc")
                && (i + n + 1..=i + n + 1 + CAPABILITY_GAP).any(|k| f.get(k) == Some(&"gi"))
        })
    })
}

/// "Có … không?": a yes/no question.
fn yes_no(raw: &[Word]) -> bool {
    let content: Vec<&Word> = raw.iter().filter(|w| !w.is_number()).collect();
    content.first().is_some_and(|w| w.folded == "co") && content.last().is_some_and(|w| w.folded == "khong")
}

/// Whether words at `start..start + len` lie in the asker's own context, before a yes/no
/// question: after one of the asker's pronouns and before the plan or the city opening "… có …
/// không" ("bên mình muốn tài trợ học bổng …, kế hoạch có khuyến khích … không"), which ends the
/// message or is followed up ("…, tp có hỗ trợ … không, nếu có thì sở nào lo"). An uncovered
/// topic there is not what is asked.
fn in_context(raw: &[Word], start: usize, len: usize) -> bool {
    let f: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    if !f[..start].iter().any(|w| lang::ASKER_PRONOUNS.contains(w)) {
        return false;
    }
    let end = start + len;
    (end..f.len()).any(|i| lang::opens_yes_no(&f, i) && f[i..].contains(&"khong"))
}

/// Whether every mention of an unknown name lies in the asker's own context ([`in_context`]):
/// "công ty tôi muốn trao học bổng …, thành phố có khuyến khích … không" asks about the city.
fn named_in_context(raw: &[Word], name: &str) -> bool {
    let name: Vec<_> = crate::text::tokenize(name).into_iter().map(|t| t.folded).collect();
    let mut at = (0..raw.len())
        .filter(|&i| raw.len() - i >= name.len() && name.iter().zip(&raw[i..]).all(|(n, w)| n.as_str() == w.folded))
        .peekable();
    at.peek().is_some() && at.all(|i| in_context(raw, i, name.len()))
}

/// A phrase ending in "nào" (which): asks to name things, unless the question only asks
/// whether there are any ("Có trường nước ngoài nào … không?").
fn asks_which(phrase: &[Word]) -> bool {
    phrase.last().is_some_and(|w| w.folded == "nao")
}

/// "còn …", "thế còn …", "vậy còn …" at the start, or "… thì sao" anywhere.
fn is_follow_up(raw: &[Word]) -> bool {
    let f: Vec<&str> = raw.iter().map(|w| w.folded.as_str()).collect();
    let starts_con = |i: usize| {
        raw.get(i).is_some_and(|w| lang::turns(&w.text, &w.folded, w.accented, raw.get(i + 1).map(|n| n.text.as_str())))
    };
    let start = starts_con(0) || (matches!(f.first(), Some(&"the") | Some(&"vay")) && starts_con(1));
    let thi_sao =
        f.windows(2).any(|p| p == ["thi", "sao"]) || f.windows(2).any(|p| p == ["the", "nao"]) && f.len() <= 4;
    start || thi_sao
}
