//! The words after a sentence's question that ask nothing: thanks, personal context, a remark,
//! the other half a yes/no question offers.

use super::{FoldedPhrases, RUN_ON_WORDS, Tokenized, lang, question_score};
use crate::text::Token;
use std::sync::LazyLock;

/// The sentence without its closing clauses of thanks ("…, em cảm ơn") or of personal context
/// after the question ("ai chủ trì dự toán, mình làm kế toán nên cần biết"): a clause after a
/// comma made of closing words only, or one opening with a word of [`lang::CONTEXT_OPENERS`]
/// that asks nothing, after clauses that ask.
pub(super) fn without_tail<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
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
        let excuse = tokens.first().is_some_and(|t| lang::CONTEXT_OPENERS.contains(&t.text.as_str()))
            && disclaims(tokens)
            && question_score(m, &sentence[..cut]) > 0;
        if !courtesy && !context && !closed && !excuse {
            break;
        }
        end = cut;
    }
    &sentence[..end]
}

/// Whether a clause's words hold a disclaimer of [`lang::DISCLAIMERS`] ("hỏi thật lòng").
fn disclaims(tokens: &[Token]) -> bool {
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    DISCLAIMERS.any(&folded)
}

/// [`lang::DISCLAIMERS`], by first word.
pub(super) static DISCLAIMERS: LazyLock<FoldedPhrases> = LazyLock::new(|| FoldedPhrases::new(&[lang::DISCLAIMERS]));

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
