//! The asking part of a rambling message: the sentence(s) that ask, without greetings, thanks,
//! the asker introducing themselves, personal context after the question, or the other half a
//! yes/no question offers ("… không hay dân vẫn phải gánh").

use super::lang;
use super::referent;
use crate::text::{self, Token};
use std::sync::LazyLock;

/// The question picked out of a longer message has at least this many words; a shorter one
/// ("Bao nhiêu phần trăm?") leans on the sentences around it, which are then kept.
pub const MIN_QUESTION_WORDS: usize = 6;

/// What a question mark at its end adds to a sentence's question score.
const QUESTION_MARK_SCORE: usize = 3;

/// In a message of several sentences, the sentence(s) that ask: those with the most question
/// cues, when some have cues and others not; then, inside them, the words from an asking
/// clause ("…, cho em hỏi …") on. `None` when the whole message is the question.
#[cfg(test)]
pub fn question_part(message: &str) -> Option<String> {
    question_part_of(message, &text::tokenize(message))
}

/// A message and its tokens: the words of any part of it (a sentence, a clause) are the
/// message's tokens within the part, since the tokenizer parts words at every character a part
/// is cut at (sentence and clause punctuation, spaces) and reads each word alone.
struct Tokenized<'m> {
    message: &'m str,
    tokens: &'m [Token],
}

impl<'m> Tokenized<'m> {
    /// Where `part`, a slice of the message, starts in it.
    fn offset(&self, part: &str) -> usize {
        part.as_ptr() as usize - self.message.as_ptr() as usize
    }

    /// `text::tokenize(part)` for `part` a slice of the message, the offsets the message's.
    fn tokens_of(&self, part: &str) -> &'m [Token] {
        let start = self.offset(part);
        let from = self.tokens.partition_point(|t| t.start < start);
        let to = self.tokens.partition_point(|t| t.end <= start + part.len()).max(from);
        let within = &self.tokens[from..to];
        debug_assert!(
            text::tokenize(part)
                .iter()
                .map(|t| (&t.text, t.start + start))
                .eq(within.iter().map(|t| (&t.text, t.start))),
            "the tokens of {part:?} are the message's within it"
        );
        within
    }
}

/// [`question_part`] of a message already tokenized (`tokens` are `text::tokenize(message)`).
pub fn question_part_of(message: &str, tokens: &[Token]) -> Option<String> {
    let m = &Tokenized { message, tokens };
    let whole: Vec<&str> =
        message.split_inclusive(['.', '!', '?', ';', '\n']).filter(|s| s.chars().any(char::is_alphanumeric)).collect();
    let sentences: Vec<&str> = whole.iter().map(|s| without_tail(m, s)).filter(|s| !s.trim().is_empty()).collect();
    let trimmed = sentences.len() != whole.len() || sentences.iter().zip(&whole).any(|(s, w)| s.len() != w.len());
    // Scores only choose between sentences: one sentence is kept whatever its score.
    let scores: Vec<usize> =
        if sentences.len() > 1 { sentences.iter().map(|s| question_score(m, s)).collect() } else { Vec::new() };
    let best = scores.iter().copied().max().unwrap_or(0);
    // The best-scoring sentences, and every other one asked outright (a question mark and a
    // question word): "… không? Còn về chuyển đổi số thì sao?" asks twice.
    // So is a follow-up asked with a question mark alone ("… có nhiệm vụ gì? Còn Sở Nội vụ?").
    let follows_up = |s: &str| m.tokens_of(s).first().is_some_and(|t| t.text == lang::FOLLOW_UP_WORD);
    // And a question closed by ";" with a question word of its own ("Sở KH&CN làm gì; ngân sách
    // … bao nhiêu?"): the semicolon parts the questions of one message as a mark would.
    let asked_outright = |s: &str, score: usize| {
        let end = s.trim_end();
        end.ends_with('?') && (score > QUESTION_MARK_SCORE || score > 0 && follows_up(s))
            || end.ends_with(';') && score > 0
    };
    let mut kept: Vec<usize> = if sentences.len() > 1 && best > 0 && scores.iter().any(|&s| s < best) {
        (0..sentences.len()).filter(|&i| scores[i] == best || asked_outright(sentences[i], scores[i])).collect()
    } else {
        (0..sentences.len()).collect()
    };
    let mut asked = kept
        .iter()
        .map(|&i| {
            let asked = without_complaint(m, without_introduction(m, from_asking_clause(m, sentences[i])));
            let asked = from_plan_question(m, asked);
            after_context(m, after_lead_in(m, asked))
        })
        .collect::<Vec<_>>();
    let words = |parts: &[&str]| parts.iter().map(|s| m.tokens_of(s).len()).sum::<usize>();
    if words(&asked) < MIN_QUESTION_WORDS {
        // Too short to stand alone: a claim reported just before asks to be confirmed ("thầy
        // bảo kế hoạch có nhắc đến X. Có đúng không?"); else the rest gives its topic ("Bao
        // nhiêu phần trăm?").
        let claim = kept.first().filter(|&&k| k > 0).and_then(|&k| reported(m, sentences[k - 1]).map(|r| (k - 1, r)));
        if let Some((k, claim)) = claim {
            kept.insert(0, k);
            asked.insert(0, claim);
        } else {
            kept = (0..sentences.len()).collect();
            asked = sentences.clone();
        }
    }
    let changed = trimmed
        || kept.len() != sentences.len()
        || asked.iter().zip(&kept).any(|(a, &k)| a.len() != sentences[k].len());
    if !changed {
        return None;
    }
    let asked: Vec<String> = asked
        .iter()
        .zip(&kept)
        .map(|(a, &k)| {
            pointed_at(m, &sentences, &kept, k).and_then(|e| referent::resolve(a, e)).unwrap_or_else(|| a.to_string())
        })
        .collect();
    Some(asked.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" "))
}

/// The sentence a pointing phrase in sentence `k` ("cái đó", "chuyện này") points at: the
/// nearest one before it that was dropped and says more than a greeting. `None` when the
/// sentence before it is kept too (the question then reads it anyway).
fn pointed_at<'s>(m: &Tokenized, sentences: &[&'s str], kept: &[usize], k: usize) -> Option<&'s str> {
    let greeting = |s: &str| {
        m.tokens_of(s)
            .iter()
            .all(|t| lang::CLOSING_WORDS.contains(&t.folded.as_str()) || GREETING_WORDS.contains(&t.folded.as_str()))
    };
    // A short rhetorical aside between the topic and the pointer ("Hay thì hay nhưng bao giờ
    // mới có.") asks nothing it names: the pointer reaches past it.
    let aside = |s: &str| {
        let content = m.tokens_of(s).iter().filter(|t| !lang::STOPWORDS.contains(&t.text.as_str())).count();
        question_score(m, s) > 0 && content < MIN_ASIDE_CONTENT
    };
    let earlier = (0..k).rev().find(|&i| !greeting(sentences[i]) && (kept.contains(&i) || !aside(sentences[i])))?;
    (!kept.contains(&earlier)).then_some(sentences[earlier])
}

/// Fewer words than this outside [`lang::STOPWORDS`] make an asking sentence an aside.
const MIN_ASIDE_CONTENT: usize = 4;

/// Words of a greeting sentence besides [`lang::CLOSING_WORDS`] ("Chào ad.", "Xin chào bạn"), folded.
const GREETING_WORDS: &[&str] = &["chao", "xin", "hi", "hello", "alo"];

/// The sentence without its closing clauses of thanks ("…, em cảm ơn") or of personal context
/// after the question ("ai chủ trì dự toán, mình làm kế toán nên cần biết"): a clause after a
/// comma made of closing words only, or one opening with a word of [`lang::CONTEXT_OPENERS`]
/// that asks nothing, after clauses that ask.
fn without_tail<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let sentence = without_spoken_tail(m, without_alternative(m, sentence));
    let mut end = sentence.len();
    while let Some(cut) = sentence[..end].rfind(',') {
        let tail = &sentence[cut + 1..end];
        let tokens = m.tokens_of(tail);
        let courtesy = tokens.iter().all(|t| lang::CLOSING_WORDS.contains(&t.folded.as_str()));
        let context = tokens.first().is_some_and(|t| lang::CONTEXT_OPENERS.contains(&t.text.as_str()))
            && question_score(m, tail) == 0
            && question_score(m, &sentence[..cut]) > 0;
        // "… ngân sách cho giáo dục được bao nhiêu, toàn hô khẩu hiệu": a remark after a clause
        // closed by its question word: asking nothing, not even "có … không", offering no other
        // choice, naming nothing new (a capital, "còn …") and asking the bot nothing ("bạn
        // hướng dẫn giúp tôi").
        let remark = |t: &Token| {
            let f = t.folded.as_str();
            ALTERNATIVES.contains(&f)
                || lang::ASKING_CLOSERS.contains(&f)
                || lang::chat::CHAT_BOT.contains(&f)
                || f == "giup"
        };
        let closed = m.tokens_of(&sentence[..cut]).last().is_some_and(|t| CLOSING_ASKERS.contains(&t.folded.as_str()))
            && question_score(m, tail) == 0
            && !tokens.iter().any(remark)
            && tokens.first().is_some_and(|t| t.text != lang::FOLLOW_UP_WORD)
            && !tail.chars().any(char::is_uppercase);
        // "…, tôi hỏi thật lòng thôi chứ không có ý gì": the asker excusing the question.
        let folded = format!(" {} ", tokens.iter().map(|t| t.folded.as_str()).collect::<Vec<_>>().join(" "));
        let excuse = tokens.first().is_some_and(|t| lang::CONTEXT_OPENERS.contains(&t.text.as_str()))
            && lang::DISCLAIMERS.iter().any(|d| folded.contains(&format!(" {d} ")))
            && question_score(m, &sentence[..cut]) > 0;
        if !courtesy && !context && !closed && !excuse {
            break;
        }
        end = cut;
    }
    &sentence[..end]
}

/// A run-on sentence (see [`RUN_ON_WORDS`]) without the personal context spoken after the
/// particle closing its question ("… ban hành ngày nào thế nhỉ tôi nghe ở loa phường mà không
/// nhớ" → "… ngày nào thế nhỉ"): a clause opening with a word of [`lang::CONTEXT_OPENERS`],
/// at least three words long and asking nothing, right after a closing particle, after words
/// that ask.
fn without_spoken_tail<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    if tokens.len() < RUN_ON_WORDS || sentence.contains([',', ';', ':']) {
        return sentence;
    }
    let unmarked = !tokens.iter().any(|t| t.accented);
    let closes = |t: &Token| {
        lang::SPOKEN_CLOSERS.contains(&t.text.as_str())
            || unmarked && lang::CLOSING_QUESTION_WORDS.contains(&t.folded.as_str())
    };
    let start = m.offset(sentence);
    for i in 1..tokens.len().saturating_sub(3) {
        if !closes(&tokens[i]) || !lang::CONTEXT_OPENERS.contains(&tokens[i + 1].text.as_str()) {
            continue;
        }
        let (head, rest) = (&sentence[..tokens[i].end - start], &sentence[tokens[i + 1].start - start..]);
        if question_score(m, rest) == 0 && question_score(m, head) > 0 {
            return head;
        }
    }
    sentence
}

/// A yes/no question without the other half it offers ("thành phố có tăng chi không hay dân
/// vẫn phải gánh" → "thành phố có tăng chi không"): the words after "không hay" say the "no"
/// again, in the asker's words. "… hay không" and "… không hay chưa" are kept, and so is an
/// other half that names another thing ("… không hay là Sở Nội vụ tuyển": "là", a capital).
fn without_alternative<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    let start = m.offset(sentence);
    let at = tokens.windows(3).enumerate().position(|(i, w)| {
        let closes = lang::CLOSING_QUESTION_WORDS[..2].contains(&w[0].folded.as_str());
        // "… có mở thêm trường không thì sao": "or what", no other question.
        let or_what = w[1].folded == "thi" && w[2].folded == "sao";
        // "… không hay là trang giả": a short other half after "hay là" says the "no" again.
        let short_other = w[2].folded == "la" && tokens.len() - i <= SHORT_OTHER_HALF;
        let other = w[1].folded == "hay"
            && !lang::CLOSING_QUESTION_WORDS.contains(&w[2].folded.as_str())
            && (w[2].folded != "la" || short_other);
        closes && (or_what || other)
    });
    match at {
        Some(i) if i > 0 && !sentence[tokens[i].end - start..].chars().any(char::is_uppercase) => {
            &sentence[..tokens[i].end - start]
        }
        _ => sentence,
    }
}

/// The last words of a clause that close its question ("… bao nhiêu", "… là gì", "… không"),
/// folded: a remark may follow.
const CLOSING_ASKERS: &[&str] = &["gi", "nao", "ai", "dau", "nhieu", "j", "khong", "chua"];

/// Words that offer a choice ("giáo viên hay phụ huynh"): a clause holding one still asks.
const ALTERNATIVES: &[&str] = &["hay", "hoac"];

/// The most words from a closing "không" to the end of a sentence for the "hay là …" after it
/// to be the other half of a yes/no question ("không hay là trang giả"), not another thing asked.
const SHORT_OTHER_HALF: usize = 5;

/// What a cue phrase of [`ASKING_PHRASES`] says of a sentence holding it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asks {
    /// A question word ([`lang::QUESTION_WORDS`]): one point each.
    Question,
    /// A wish or request ([`lang::WISH_CUES`]).
    Wish,
    /// "cho biết" ([`lang::TELL_CUE`]): a request only as such.
    Tell,
}

/// Every cue phrase that makes a sentence ask, each split into its words once.
static ASKING_PHRASES: LazyLock<Vec<(Vec<&str>, Asks)>> = LazyLock::new(|| {
    let split =
        |list: &'static [&'static str], asks: Asks| list.iter().map(move |cue| (cue.split(' ').collect(), asks));
    split(lang::QUESTION_WORDS, Asks::Question)
        .chain(split(lang::WISH_CUES, Asks::Wish))
        .chain(split(&[lang::TELL_CUE], Asks::Tell))
        .collect()
});

/// [`lang::REQUEST_WORDS`], each split into its words once.
static REQUEST_PHRASES: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| lang::REQUEST_WORDS.iter().map(|w| w.split(' ').collect()).collect());

/// Whether "cho biết" at `i` asks (see [`lang::TELL_CUE`]).
fn requests(folded: &[&str], i: usize) -> bool {
    i == 0
        || lang::chat::CHAT_BOT.contains(&folded[i - 1])
        || REQUEST_PHRASES.iter().any(|r| folded[..i].windows(r.len()).any(|w| w == r.as_slice()))
}

/// How strongly a sentence reads as a question: a question mark, question words, a closing
/// "không"/"chưa", a verb of asking.
fn question_score(m: &Tokenized<'_>, sentence: &str) -> usize {
    let tokens = m.tokens_of(sentence);
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let mut score = 0;
    if sentence.trim_end().ends_with('?') {
        score += QUESTION_MARK_SCORE;
    }
    // A closing word typed with a capital after others is a name ("Tôi tên là Lê Thu Hà."), not "hả".
    let typed = |t: &Token| m.message[t.start..].chars().next().is_some_and(char::is_uppercase);
    let named = tokens.len() > 1 && tokens.last().is_some_and(typed);
    if !named && folded.last().is_some_and(|w| lang::CLOSING_QUESTION_WORDS.contains(w)) {
        score += 2;
    }
    // One pass over the cue phrases: question words score one each, a wish or request two once.
    // "hỏi" of a compound ("đòi hỏi", "học hỏi", "thăm hỏi") does not ask.
    let mut wish = tokens.iter().enumerate().any(|(i, t)| {
        lang::ASKING_WORDS.contains(&t.text.as_str())
            && !(i > 0 && lang::NOT_ASKING_BEFORE.contains(&tokens[i - 1].folded.as_str()))
    });
    let negator = |j: usize| lang::COMPLAINT_NEGATORS.contains(&tokens[j].text.as_str());
    let narrative = |i: usize, len: usize| lang::narrative(|k| folded.get(k).copied(), i, len, negator);
    for (cue, asks) in ASKING_PHRASES.iter() {
        let at = |i: usize| folded[i..].starts_with(cue);
        match asks {
            Asks::Wish => wish = wish || (0..folded.len()).any(at),
            Asks::Tell => wish = wish || (0..folded.len()).any(|i| at(i) && requests(&folded, i)),
            Asks::Question if cue == &["may"] => {
                // "mấy" asks at the end or in a quantity ("mấy tuổi", "năm mấy"); elsewhere it is
                // a plural ("mấy cái đó", "mấy trường"), or a span up to now ("mấy năm nay").
                let asks = |i: usize| {
                    i + 1 == folded.len()
                        || lang::QUANTITY_CUES.contains(&format!("may {}", folded[i + 1]).as_str()) && !narrative(i, 1)
                        || (i > 0 && lang::QUANTITY_CUES.contains(&format!("{} may", folded[i - 1]).as_str()))
                };
                score += usize::from((0..folded.len()).any(|i| folded[i] == "may" && asks(i)));
            }
            // "năm nào cũng thừa giáo viên", "chẳng ai quan tâm": every one or none, not which.
            Asks::Question => score += usize::from((0..folded.len()).any(|i| at(i) && !narrative(i, cue.len()))),
        }
    }
    if wish {
        score += 2;
    }
    score
}

/// The sentence without its opening clauses in which the asker says who they are ("mình là
/// phụ huynh học sinh lớp 1, trường con mình thiếu giáo viên, ai lo việc này"): a pronoun and
/// "là" or "làm", asking nothing, before clauses that ask.
fn without_introduction<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let mut rest = sentence;
    while let Some(cut) = rest.find(',') {
        let head = m.tokens_of(&rest[..cut]);
        // Or where they live, a place named and nothing else ("Quê tôi ở Tiên Lãng, …", "nhà
        // mình ở Kiến An, …"; not "Mình ở gần khu công nghiệp, …", which names the topic).
        let k = usize::from(head.first().is_some_and(|t| HOME_WORDS.contains(&t.folded.as_str())));
        let capital = |t: &Token| m.message[t.start..].chars().next().is_some_and(char::is_uppercase);
        let lives = (k + 3..=k + 2 + PLACE_NAME_WORDS).contains(&head.len())
            && head[k + 1].folded == "o"
            && capital(&head[k + 2]);
        let introduces = head.len() >= k + 2
            && lang::ASKER_PRONOUNS.contains(&head[k].text.as_str())
            && (k == 0 && matches!(head[1].folded.as_str(), "la" | "lam") || lives);
        if !introduces || question_score(m, &rest[..cut]) > 0 || question_score(m, &rest[cut + 1..]) == 0 {
            break;
        }
        rest = rest[cut + 1..].trim_start();
    }
    rest
}

/// Words before the asker's pronoun saying where they live ("quê tôi ở …", "nhà mình ở …"), folded.
const HOME_WORDS: &[&str] = &["que", "nha"];

/// The most words of a place's name after "ở" ("Tiên Lãng", "quận Lê Chân").
const PLACE_NAME_WORDS: usize = 3;

/// The sentence without the complaint it opens with ("thông tin ít quá, lên mạng chẳng thấy
/// báo đài nói gì, không biết cơ quan nào lo tuyên truyền" → "không biết cơ quan nào lo tuyên
/// truyền"): the clauses up to the last one where a word of [`lang::COMPLAINT_NEGATORS`] turns
/// a question word into "nobody"/"nothing", when the clauses after it ask. A complaint without a
/// question word stays: it may name the topic ("… mà chẳng thấy chừa đất xây trường, … thì con
/// cái học ở đâu").
fn without_complaint<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let mut rest = sentence;
    let mut from = sentence;
    while let Some(cut) = rest.find(',') {
        let clause = &rest[..cut];
        if m.tokens_of(clause).iter().any(|t| lang::COMPLAINT_NEGATORS.contains(&t.text.as_str()))
            && question_score(m, clause) > 0
        {
            from = rest[cut + 1..].trim_start();
        }
        rest = &rest[cut + 1..];
    }
    if from.len() < sentence.len() && question_score(m, from) > 0 { from } else { sentence }
}

/// The sentence from a clause asking the plan or the city about a topic it names ("…, mn ai
/// cũng ngán, kh298 có nói j về chuyển đổi số … ko" → "kế hoạch 298 có nói gì về chuyển đổi
/// số …"), when the clauses before ask nothing: they are the asker's context.
fn from_plan_question<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let mut cuts = sentence.match_indices(',').map(|(cut, _)| cut + 1);
    cuts.find_map(|cut| {
        let (head, tail) = sentence.split_at(cut);
        let tokens = m.tokens_of(tail);
        let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        let about = folded.iter().position(|&w| w == lang::ABOUT_WORD)?;
        let named = tokens[about + 1..].iter().filter(|t| !lang::STOPWORDS.contains(&t.text.as_str())).count();
        let asks = !folded.is_empty() && lang::opens_yes_no(&folded, 0) && question_score(m, tail) > 0;
        (asks && named >= lang::MIN_ABOUT_WORDS && question_score(m, head) == 0).then(|| tail.trim_start())
    })
    .unwrap_or(sentence)
}

/// What a sentence reports someone said ("thầy hiệu trưởng bảo kế hoạch có nhắc đến …" → "kế
/// hoạch có nhắc đến …"): the words after its first verb of saying, when at least three.
fn reported<'m>(m: &Tokenized<'m>, sentence: &'m str) -> Option<&'m str> {
    let tokens = m.tokens_of(sentence);
    let at = tokens.iter().position(|t| lang::REPORTING_WORDS.contains(&t.text.as_str()))?;
    let from = at + 1 + usize::from(tokens.get(at + 1).is_some_and(|t| t.folded == "la"));
    (tokens.len() >= from + 3).then(|| &sentence[tokens[from].start - m.offset(sentence)..])
}

/// The sentence from the words after its last lead-in ("sếp bảo tìm xem kế hoạch giao cho …" →
/// "kế hoạch giao cho …"), when they ask a question of their own; else the whole sentence.
fn after_lead_in<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    if tokens.len() <= MIN_QUESTION_WORDS {
        return sentence;
    }
    // Every lead-in ends on "xem" or "biết": most sentences stop here.
    let Some(last) = tokens.iter().rposition(|t| t.folded == "xem" || t.folded == "biet") else {
        return sentence;
    };
    let folded: Vec<&str> = tokens[..=last].iter().map(|t| t.folded.as_str()).collect();
    let lead_in = lang::LEAD_INS.iter().any(|lead| {
        let n = lead.split(' ').count();
        n <= folded.len() && text::spells(lead, &folded[folded.len() - n..]) == Some(n)
    });
    if !lead_in || tokens.len() - last - 1 < MIN_QUESTION_WORDS {
        return sentence;
    }
    let rest = &sentence[tokens[last + 1].start - m.offset(sentence)..];
    if question_score(m, rest) > 0 { rest } else { sentence }
}

/// A run-on sentence without punctuation is spoken or typed in one breath ("chao ban minh la phu
/// huynh … nghe noi thanh pho dang lam ke hoach moi thi ngan sach chi cho giao duc la bao
/// nhieu"): from this many words on, a "thì" after context that asks nothing opens the question.
const RUN_ON_WORDS: usize = 14;

/// A run-on sentence from the words after its last "thì" before the question (see
/// [`RUN_ON_WORDS`]): the words before it ask nothing, those after ask and stand alone.
fn after_context<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    if tokens.len() < RUN_ON_WORDS || sentence.trim_end_matches(['?', '.', '!', ' ']).contains([',', ';', ':']) {
        return sentence;
    }
    // "thì" as typed, or "thi" in a message typed without marks; or a verb of asking ("… em
    // muon hoi la …"), kept with the question.
    let unmarked = !tokens.iter().any(|t| t.accented);
    let then = |t: &Token| t.text == lang::THEN_WORD || t.text == "thi" && unmarked;
    let asking = tokens.iter().position(|t| lang::ASKING_WORDS.contains(&t.text.as_str()));
    // Or the plan or the city opening the closing yes/no question ("… kế hoạch có … không").
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let subject = (folded.last() == Some(&"khong"))
        .then(|| (0..folded.len()).rev().find(|&i| lang::opens_yes_no(&folded, i)))
        .flatten();
    // Or a claim heard and asked to be confirmed ("… nghe nói thành phố định … có thật không").
    let heard = (folded.last().is_some_and(|w| lang::ASKING_CLOSERS.contains(w)))
        .then(|| tokens.iter().rposition(|t| lang::REPORTING_WORDS.contains(&t.text.as_str())))
        .flatten();
    let Some((at, from)) = tokens
        .iter()
        .rposition(then)
        .map(|at| (at, at + 1))
        .or(asking.map(|at| (at, at)))
        .or(subject.map(|at| (at, at)))
        .or(heard.map(|at| (at, at + 1)))
    else {
        return sentence;
    };
    // The words before it are context only when they open with a greeting or the asker saying
    // who they are: "X thì Y?" otherwise names its topic first ("chuyện thừa thiếu giáo viên
    // cục bộ như vậy thì kế hoạch giải quyết thế nào").
    let introduces = tokens[..2].iter().any(|t| GREETING_WORDS.contains(&t.folded.as_str()))
        || lang::ASKER_PRONOUNS.contains(&tokens[0].text.as_str()) && matches!(tokens[1].folded.as_str(), "la" | "lam");
    if !introduces || at == 0 || tokens.len() - from < MIN_QUESTION_WORDS {
        return sentence;
    }
    let offset = m.offset(sentence);
    let (head, rest) = (&sentence[..tokens[at].start - offset], &sentence[tokens[from].start - offset..]);
    if question_score(m, head) == 0 && question_score(m, rest) > 0 { rest } else { sentence }
}

/// The sentence from the clause holding a verb of asking ("chị làm kế toán, em hỏi giúp chị là
/// …" → "em hỏi giúp chị là …"); the whole sentence when there is none or it is the first clause.
fn from_asking_clause<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let Some(ask) = m.tokens_of(sentence).iter().find(|t| lang::ASKING_WORDS.contains(&t.text.as_str())) else {
        return sentence;
    };
    match sentence[..ask.start - m.offset(sentence)].rfind([',', ':']) {
        Some(cut) => &sentence[cut + 1..],
        None => sentence,
    }
}

#[cfg(test)]
#[path = "asking_tests.rs"]
mod tests;
