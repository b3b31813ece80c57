//! The asking part of a rambling message: the sentence(s) that ask, without greetings, thanks,
//! the asker introducing themselves, personal context after the question, or the other half a
//! yes/no question offers ("… không hay dân vẫn phải gánh").

use super::lang;
use super::phrases::FoldedPhrases;
use super::referent;
use crate::text::{self, Token};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

mod head;
mod tail;

use head::{
    after_context, after_lead_in, after_plan_frame, from_asking_clause, from_plan_question, reported,
    without_complaint, without_introduction,
};
use tail::without_tail;

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
    let cues: Vec<Cues> =
        if sentences.len() > 1 { sentences.iter().map(|s| question_cues(m, s)).collect() } else { Vec::new() };
    let scores: Vec<usize> = cues.iter().map(|c| c.score).collect();
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
    // A sentence asking only by a verb of asking ("Em muốn hỏi về kế hoạch 298 ạ", "Cho mình hỏi
    // kế hoạch giao cho") and ending on a line break, no mark, announces the question the next
    // line asks ("ai lo tuyển giáo viên"): one request cut by a line break.
    let unmarked_end = |s: &str| !s.trim_end().ends_with(['.', '!', '?', ';']);
    let mut i = 0;
    while i < kept.len() {
        let k = kept[i];
        if cues.get(k).is_some_and(|c| c.wish_only)
            && unmarked_end(sentences[k])
            && scores.get(k + 1).is_some_and(|&s| s > 0)
            && kept.get(i + 1) != Some(&(k + 1))
        {
            kept.insert(i + 1, k + 1);
        }
        i += 1;
    }
    let mut asked = kept
        .iter()
        .map(|&i| {
            let asked = without_complaint(m, without_introduction(m, from_asking_clause(m, sentences[i])));
            let asked = from_plan_question(m, asked);
            after_plan_frame(m, after_context(m, after_lead_in(m, asked)))
        })
        .collect::<Vec<_>>();
    let words = |parts: &[&str]| parts.iter().map(|s| m.tokens_of(s).len()).sum::<usize>();
    let short = words(&asked) < MIN_QUESTION_WORDS;
    // Asking to confirm ("Kế hoạch có nói thế thật không?"): the claim may be told sentences
    // before ("cô giáo bảo là “…”. Em về kể bố mẹ thì bố mẹ không tin. Kế hoạch có nói thế …").
    let confirms = !short && kept.len() == 1 && confirms_claim(m, asked[0]);
    if short || confirms {
        // Too short to stand alone: a claim reported just before asks to be confirmed ("thầy
        // bảo kế hoạch có nhắc đến X. Có đúng không?"); else the rest gives its topic ("Bao
        // nhiêu phần trăm?").
        let first = kept.first().copied().unwrap_or(0);
        let before = if confirms { 0..first } else { first.saturating_sub(1)..first };
        // Told further back, a claim states something: a retort asks nothing ("mẹ thì bảo chắc gì").
        let states = |r: &str| !confirms || question_score(m, r) == 0;
        let claim = before.rev().find_map(|k| reported(m, sentences[k]).filter(|r| states(r)).map(|r| (k, r)));
        if let Some((k, claim)) = claim {
            kept.insert(0, k);
            asked.insert(0, claim);
        } else if short {
            // A sentence just before announcing the topic ("Em muốn hỏi về trường nghề. Kế hoạch
            // nói gì ạ?") gives it alone: the greetings and thanks around would blur it.
            let announced = first.checked_sub(1).filter(|&k| kept.len() == 1 && announces(m, sentences[k]));
            if let Some(k) = announced {
                kept.insert(0, k);
                asked.insert(0, sentences[k]);
            } else {
                kept = (0..sentences.len()).collect();
                asked = sentences.clone();
            }
        }
    }
    // A closing sentence that only implies its question leans on the one before it, which
    // tells what it is about ("… mà chẳng chừa đất làm trường. Cứ thế này thì con cái học ở đâu.").
    // Told as a duty nobody does ("… mà chẳng chừa đất làm trường"), it asks who is responsible.
    // The sentence before may be kept already, asking as told ("… chẳng chừa chỗ nào xây trường").
    if let Some((k, who, implied)) = implied_topic(m, &sentences, &kept) {
        let last = asked.len() - 1;
        asked[last] = if who { lang::IMPLIED_WHO } else { implied };
        if kept.len() == 1 {
            for part in lacking(m, sentences[k]).into_iter().rev() {
                kept.insert(0, k);
                asked.insert(0, part);
            }
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

/// Whether a question asks to confirm what was said before it (see [`lang::CONFIRMING`]).
fn confirms_claim(m: &Tokenized<'_>, question: &str) -> bool {
    let folded: Vec<&str> = m.tokens_of(question).iter().map(|t| t.folded.as_str()).collect();
    CONFIRMING.any(&folded)
}

/// Whether a sentence announces what the next one asks about: a word of [`lang::ANNOUNCING`],
/// then "về" with words after it, and no question mark ("Câu hỏi của tôi là về quỹ đất.").
fn announces(m: &Tokenized<'_>, sentence: &str) -> bool {
    let tokens = m.tokens_of(sentence);
    let Some(at) = tokens.iter().position(|t| lang::ANNOUNCING.contains(&t.text.as_str())) else {
        return false;
    };
    let about = tokens[at..].iter().position(|t| t.folded == "ve").map(|i| at + i);
    about.is_some_and(|i| i + 1 < tokens.len()) && !sentence.trim_end().ends_with('?')
}

/// [`lang::CONFIRMING`], by first word.
static CONFIRMING: LazyLock<FoldedPhrases> = LazyLock::new(|| FoldedPhrases::new(&[lang::CONFIRMING]));

/// [`lang::IMPLIED_QUESTIONS`], by first word.
static IMPLIED_QUESTIONS: LazyLock<FoldedPhrases> = LazyLock::new(|| FoldedPhrases::new(&[lang::IMPLIED_QUESTIONS]));

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

/// A run-on sentence without punctuation is spoken or typed in one breath ("chao ban minh la phu
/// huynh … nghe noi thanh pho dang lam ke hoach moi thi ngan sach chi cho giao duc la bao
/// nhieu"): from this many words on, a "thì" after context that asks nothing opens the question.
const RUN_ON_WORDS: usize = 14;

/// The sentence before the last kept one when that one only implies its question (see
/// [`lang::IMPLIED_QUESTIONS`]) and the sentence before (dropped, or the other one kept) says
/// more than a greeting.
/// With it, whether the question is who is responsible: the sentence before tells of a duty
/// nobody does (a word of [`lang::COMPLAINT_NEGATORS`]) and the closing one asks no "ai" itself.
/// And the closing sentence from its implied question on, with the negator before it ("Phụ
/// huynh bức xúc lắm mà chẳng biết kêu ai" → "chẳng biết kêu ai"), up to its "ai".
fn implied_topic<'m>(m: &Tokenized<'m>, sentences: &[&'m str], kept: &[usize]) -> Option<(usize, bool, &'m str)> {
    let k = match *kept {
        [k] => k,
        [before, k] if before + 1 == k => k,
        _ => return None,
    };
    let tokens = m.tokens_of(sentences[k]);
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let (at, len) = IMPLIED_QUESTIONS.find(&folded)?;
    // Telling what is lacking itself ("Tình trạng thiếu trường lớp ở khu công nghiệp như thế này
    // thì ai giải quyết"), the closing sentence names its topic: nothing is borrowed.
    if folded[..at].iter().any(|w| lang::LACKING.contains(w)) {
        return None;
    }
    let last = at + len - 1;
    // The negator before it: a complaint's ("chẳng", "chả") or a closing "không" ("không biết").
    let negator = |t: &Token| {
        lang::COMPLAINT_NEGATORS.contains(&t.text.as_str()) || lang::ASKING_CLOSERS.contains(&t.folded.as_str())
    };
    let at = if at > 0 && negator(&tokens[at - 1]) { at - 1 } else { at };
    let before = k.checked_sub(1)?;
    let told: Vec<&str> = m.tokens_of(sentences[before]).iter().map(|t| t.text.as_str()).collect();
    let content = told.iter().filter(|w| !lang::STOPWORDS.contains(w)).count();
    let undone = told.iter().any(|w| lang::COMPLAINT_NEGATORS.contains(w)) && !folded.contains(&"ai");
    // Nobody to turn to ("… biết hỏi ai") is the whole question: what follows is filler ("bây giờ").
    let offset = m.offset(sentences[k]);
    let end = if folded[last] == "ai" { tokens[last].end - offset } else { sentences[k].len() };
    let implied = &sentences[k][tokens[at].start - offset..end];
    (content >= MIN_ASIDE_CONTENT).then_some((before, undone, implied))
}

/// The clauses of a complaint that say what is lacking or in excess, each from its word of
/// [`lang::LACKING`] on ("Trường con tôi lớp nào cũng thiếu cô, có lớp 45 cháu …, trong khi
/// trường bên cạnh lại thừa giáo viên" → "thiếu cô", "thừa giáo viên"); the whole sentence
/// when no clause does or it tells of a duty nobody does.
fn lacking<'m>(m: &Tokenized<'m>, sentence: &'m str) -> Vec<&'m str> {
    // A duty nobody does ("…, chẳng chừa chỗ nào xây trường") leans on every clause: what was
    // planned is named before it.
    if m.tokens_of(sentence).iter().any(|t| lang::COMPLAINT_NEGATORS.contains(&t.text.as_str())) {
        return vec![sentence];
    }
    let parts: Vec<&str> = sentence
        .split(',')
        .filter_map(|clause| {
            let word = m.tokens_of(clause).iter().find(|t| lang::LACKING.contains(&t.folded.as_str()))?;
            Some(&clause[word.start - m.offset(clause)..])
        })
        .collect();
    if parts.is_empty() { vec![sentence] } else { parts }
}

/// Fewer words than this outside [`lang::STOPWORDS`] make an asking sentence an aside.
const MIN_ASIDE_CONTENT: usize = 4;

/// Words of a greeting sentence besides [`lang::CLOSING_WORDS`] ("Chào ad.", "Xin chào bạn"), folded.
const GREETING_WORDS: &[&str] = &["chao", "xin", "hi", "hello", "alo"];

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

/// Every cue phrase of [`ASKING_PHRASES`] is one bit of a `u64` (the question words, the wish
/// cues and [`lang::TELL_CUE`]).
const _: () = assert!(lang::QUESTION_WORDS.len() + lang::WISH_CUES.len() < 64);

/// The cue phrases of [`ASKING_PHRASES`] by their first word: their indices there.
static ASKING_BY_FIRST: LazyLock<FxHashMap<&str, Vec<usize>>> = LazyLock::new(|| {
    let mut by_first = FxHashMap::<&str, Vec<usize>>::default();
    for (c, (cue, _)) in ASKING_PHRASES.iter().enumerate() {
        by_first.entry(cue[0]).or_default().push(c);
    }
    by_first
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

/// How strongly a sentence reads as a question (see [`question_cues`]).
fn question_score(m: &Tokenized<'_>, sentence: &str) -> usize {
    question_cues(m, sentence).score
}

/// What makes a sentence ask.
struct Cues {
    /// How strongly it reads as a question.
    score: usize,
    /// Whether it asks only by a verb of asking or a wish, with no question word, question mark
    /// or closing "không" of its own ("Em muốn hỏi về kế hoạch 298 ạ").
    wish_only: bool,
}

/// How strongly a sentence reads as a question: a question mark, question words, a closing
/// "không"/"chưa", a verb of asking.
fn question_cues(m: &Tokenized<'_>, sentence: &str) -> Cues {
    let tokens = m.tokens_of(sentence);
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let mut score = 0;
    if sentence.trim_end().ends_with('?') {
        score += QUESTION_MARK_SCORE;
    }
    // A closing word typed with a capital after others is a name ("Tôi tên là Lê Thu Hà."), not "hả".
    let typed = |t: &Token| m.message[t.start..].chars().next().is_some_and(char::is_uppercase);
    let named = tokens.len() > 1 && tokens.last().is_some_and(typed);
    // So does "không"/"chưa" before one closing word ("… không nhé?", "… chưa bạn").
    let closed_after = folded.len() > 1
        && lang::ASKING_CLOSERS.contains(&folded[folded.len() - 2])
        && folded.last().is_some_and(|w| lang::CLOSING_WORDS.contains(w));
    // "ạ" typed with its mark is politeness, not "à": it closes a question only where a cue asks
    // ("… là gì vậy ạ", not "Em là giáo viên ở An Lão ạ."); nor does a closing thanks ask ("e
    // cam on a", "cảm ơn ad nhiều ạ") with its last word.
    let polite = tokens.last().is_some_and(|t| t.text == lang::POLITE_CLOSER);
    let closes = || {
        folded.last().is_some_and(|w| lang::CLOSING_QUESTION_WORDS.contains(w))
            && !folded.windows(2).any(|w| w == lang::THANKS)
    };
    let closing = !named && (closed_after || closes());
    if closing && (!polite || closed_after) {
        score += 2;
    }
    // "hỏi" of a compound ("đòi hỏi", "học hỏi", "thăm hỏi") does not ask, nor does the asker
    // excusing a question asked already ("Hỏi vậy thôi chứ chắc lâu lắm mới xây.").
    let disclaims = |i: usize| tail::DISCLAIMERS.at(&folded[i..]).is_some();
    let mut wish = tokens.iter().enumerate().any(|(i, t)| {
        lang::ASKING_WORDS.contains(&t.text.as_str())
            && !(i > 0 && lang::NOT_ASKING_BEFORE.contains(&tokens[i - 1].folded.as_str()))
            && !disclaims(i)
    });
    let negator = |j: usize| lang::COMPLAINT_NEGATORS.contains(&tokens[j].text.as_str());
    let narrative = |i: usize, len: usize| lang::narrative(|k| folded.get(k).copied(), i, len, negator);
    // "mấy" asks at the end or in a quantity ("mấy tuổi", "năm mấy"); elsewhere it is a plural
    // ("mấy cái đó", "mấy trường"), or a span up to now ("mấy năm nay").
    let quantity = |i: usize| {
        i + 1 == folded.len()
            || lang::QUANTITY_CUES.contains(&format!("may {}", folded[i + 1]).as_str()) && !narrative(i, 1)
            || (i > 0 && lang::QUANTITY_CUES.contains(&format!("{} may", folded[i - 1]).as_str()))
    };
    // The cues found asking, one bit each (by their index in `ASKING_PHRASES`): only those
    // opening with a word of the sentence are tried there.
    let mut found = 0u64;
    for i in 0..folded.len() {
        let Some(cues) = ASKING_BY_FIRST.get(folded[i]) else { continue };
        for &c in cues {
            let (cue, asks) = &ASKING_PHRASES[c];
            let asked = folded[i..].starts_with(cue)
                && match asks {
                    Asks::Wish => true,
                    Asks::Tell => requests(&folded, i),
                    Asks::Question if cue == &["may"] => quantity(i),
                    // "năm nào cũng thừa giáo viên", "chẳng ai quan tâm": every one or none, not which.
                    Asks::Question => !narrative(i, cue.len()),
                };
            if asked {
                found |= 1 << c;
            }
        }
    }
    // Question words score one each, a wish or request two once.
    for (c, (_, asks)) in ASKING_PHRASES.iter().enumerate() {
        if found & 1 << c != 0 {
            match asks {
                Asks::Question => score += 1,
                Asks::Wish | Asks::Tell => wish = true,
            }
        }
    }
    if wish {
        score += 2;
    }
    if closing && polite && !closed_after && (wish || found != 0) {
        score += 2;
    }
    // The question words are the first cues of `ASKING_PHRASES`.
    let question_words = found & ((1 << lang::QUESTION_WORDS.len()) - 1) != 0;
    let asks_itself = question_words || closed_after || closing && !polite || sentence.trim_end().ends_with('?');
    Cues { score, wish_only: wish && !asks_itself }
}

#[cfg(test)]
#[path = "asking_tests.rs"]
mod tests;
