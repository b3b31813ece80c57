//! The words before a sentence's question that ask nothing: the asker saying who they are or
//! where they live, a complaint, context before a lead-in, "thì" or a verb of asking.

use super::{FoldedPhrases, GREETING_WORDS, MIN_QUESTION_WORDS, RUN_ON_WORDS, Tokenized, lang, question_score};
use crate::text::{self, Token};
use std::sync::LazyLock;

/// The sentence without its opening clauses in which the asker says who they are ("mình là
/// phụ huynh học sinh lớp 1, trường con mình thiếu giáo viên, ai lo việc này"): a pronoun and
/// "là" or "làm", asking nothing, before clauses that ask.
pub(super) fn without_introduction<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
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
        if !introduces
            || question_score(m, &rest[..cut]) > 0
            || question_score(m, &rest[cut + 1..]) == 0
            || points_at_own(m, &rest[..cut], &rest[cut + 1..])
        {
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
pub(super) fn without_complaint<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
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
pub(super) fn from_plan_question<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let mut cuts = sentence.match_indices(',').map(|(cut, _)| cut + 1);
    cuts.find_map(|cut| {
        let (head, tail) = sentence.split_at(cut);
        let tokens = m.tokens_of(tail);
        let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        let asks = !folded.is_empty() && lang::opens_yes_no(&folded, 0) && question_score(m, tail) > 0;
        // The topic after "về", or a question of its own inside the yes/no one ("kế hoạch có
        // nói ai lo thiết bị cho trường không": its words without the closing "không" still ask).
        let about = folded.iter().position(|&w| w == lang::ABOUT_WORD);
        let named =
            about.map_or(0, |a| tokens[a + 1..].iter().filter(|t| !lang::STOPWORDS.contains(&t.text.as_str())).count());
        let closed = tokens.len() > 1 && folded.last().is_some_and(|w| lang::ASKING_CLOSERS.contains(w));
        let inner = closed && question_score(m, &tail[..tokens[tokens.len() - 1].start - m.offset(tail)]) > 0;
        let topic = named >= lang::MIN_ABOUT_WORDS || about.is_none() && inner;
        (asks && topic && question_score(m, head) == 0).then(|| tail.trim_start())
    })
    .unwrap_or(sentence)
}

/// What a sentence reports someone said ("thầy hiệu trưởng bảo kế hoạch có nhắc đến …" → "kế
/// hoạch có nhắc đến …"): the words after its first verb of saying, when at least three.
pub(super) fn reported<'m>(m: &Tokenized<'m>, sentence: &'m str) -> Option<&'m str> {
    let tokens = m.tokens_of(sentence);
    let at = (0..tokens.len()).find(|&i| reports(tokens, i))?;
    let from = at + 1 + usize::from(tokens.get(at + 1).is_some_and(|t| t.folded == "la"));
    (tokens.len() >= from + 3).then(|| &sentence[tokens[from].start - m.offset(sentence)..])
}

/// Whether the word at `i` is a verb of saying ([`lang::REPORTING_WORDS`]), or "noi" typed
/// without marks after "nghe" ("nghe noi tre 3 4 tuoi …").
pub(super) fn reports(tokens: &[Token], i: usize) -> bool {
    lang::REPORTING_WORDS.contains(&tokens[i].text.as_str())
        || tokens[i].text == "noi" && i > 0 && tokens[i - 1].folded == "nghe"
}

/// The sentence from the words after its last lead-in ("sếp bảo tìm xem kế hoạch giao cho …" →
/// "kế hoạch giao cho …"), when they ask a question of their own; else the whole sentence.
pub(super) fn after_lead_in<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    if tokens.len() <= MIN_QUESTION_WORDS {
        return sentence;
    }
    // Most sentences hold no last word of a lead-in ("xem", "biết", "là") and stop here.
    let Some(last) = tokens.iter().rposition(|t| LEAD_IN_ENDS.contains(&t.folded.as_str())) else {
        return sentence;
    };
    let folded: Vec<&str> = tokens[..=last].iter().map(|t| t.folded.as_str()).collect();
    let lead_in = lang::LEAD_INS.iter().any(|lead| {
        let n = lead.split(' ').count();
        n <= folded.len() && text::spells(lead, &folded[folded.len() - n..]) == Some(n)
    });
    if !lead_in {
        return sentence;
    }
    asking_rest(m, sentence, tokens, last + 1)
}

/// The last word of every lead-in of [`lang::LEAD_INS`], split off once.
static LEAD_IN_ENDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| lang::LEAD_INS.iter().filter_map(|lead| lead.rsplit(' ').next()).collect());

/// The sentence from the words after a frame naming the plan by its number ("kính đề nghị cho
/// biết theo Kế hoạch số 298/KH-UBND thì việc … thuộc trách nhiệm của cơ quan nào" → "việc …"),
/// when they ask a question of their own: the number only names the plan every answer is
/// from, and would read as the plan itself asked about (its issuer, its date).
pub(super) fn after_plan_frame<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    let Some(by) = tokens.iter().position(|t| t.folded == lang::FRAME_WORD) else {
        return sentence;
    };
    let unmarked = !tokens.iter().any(|t| t.accented);
    let Some(at) = tokens[by..].iter().position(|t| is_then(t, unmarked)).map(|i| by + i) else {
        return sentence;
    };
    let frame: Vec<&str> = tokens[by + 1..at].iter().map(|t| t.folded.as_str()).collect();
    let names_plan = lang::FRAME_PLAN_KINDS.iter().any(|kind| text::spells(kind, &frame).is_some())
        && frame.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && frame.len() <= lang::MAX_FRAME_WORDS;
    if !names_plan {
        return sentence;
    }
    asking_rest(m, sentence, tokens, at + 1)
}

/// The sentence from its token `from` on, when those words are enough to stand alone and ask
/// a question of their own; else the whole sentence.
fn asking_rest<'m>(m: &Tokenized<'m>, sentence: &'m str, tokens: &[Token], from: usize) -> &'m str {
    if tokens.len() - from < MIN_QUESTION_WORDS {
        return sentence;
    }
    let rest = &sentence[tokens[from].start - m.offset(sentence)..];
    if question_score(m, rest) > 0 { rest } else { sentence }
}

/// "thì" as typed, or "thi" in a message typed without marks (`unmarked`).
fn is_then(t: &Token, unmarked: bool) -> bool {
    t.text == lang::THEN_WORD || t.text == "thi" && unmarked
}

/// A run-on sentence from the words after its last "thì" before the question (see
/// [`RUN_ON_WORDS`]): the words before it ask nothing, those after ask and stand alone.
pub(super) fn after_context<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let tokens = m.tokens_of(sentence);
    if tokens.len() < RUN_ON_WORDS || sentence.trim_end_matches(['?', '.', '!', ' ']).contains([',', ';', ':']) {
        return sentence;
    }
    // "thì" as typed, or "thi" in a message typed without marks; or a verb of asking ("… em
    // muon hoi la …"), kept with the question.
    let unmarked = !tokens.iter().any(|t| t.accented);
    let then = |t: &Token| is_then(t, unmarked);
    let asking = tokens.iter().position(|t| lang::ASKING_WORDS.contains(&t.text.as_str()));
    // Or the plan or the city opening the closing yes/no question ("… kế hoạch có … không").
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let subject = (folded.last() == Some(&"khong"))
        .then(|| (0..folded.len()).rev().find(|&i| lang::opens_yes_no(&folded, i)))
        .flatten();
    // Or a claim heard and asked to be confirmed ("… nghe nói thành phố định … có thật không").
    let heard = (folded.last().is_some_and(|w| lang::ASKING_CLOSERS.contains(w)))
        .then(|| (0..tokens.len()).rfind(|&i| reports(tokens, i)))
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
    if points_at_own(m, head, rest) {
        return sentence;
    }
    if question_score(m, head) == 0 && question_score(m, rest) > 0 { rest } else { sentence }
}

/// The sentence from the clause holding a verb of asking ("chị làm kế toán, em hỏi giúp chị là
/// …" → "em hỏi giúp chị là …"); the whole sentence when there is none or it is the first clause.
pub(super) fn from_asking_clause<'m>(m: &Tokenized<'m>, sentence: &'m str) -> &'m str {
    let Some(ask) = m.tokens_of(sentence).iter().find(|t| lang::ASKING_WORDS.contains(&t.text.as_str())) else {
        return sentence;
    };
    match sentence[..ask.start - m.offset(sentence)].rfind([',', ':']) {
        Some(cut) => &sentence[cut + 1..],
        None => sentence,
    }
}

/// Whether `rest` points at the asker's own place ("trường mình", "lớp em": see
/// [`lang::OWN_PLACES`]) that `introduction` names ("em là sv đh Hải Phòng", "tôi dạy ở …"):
/// the introduction then says what the question is about and stays.
fn points_at_own(m: &Tokenized<'_>, introduction: &str, rest: &str) -> bool {
    let own = m.tokens_of(rest).windows(2).any(|w| {
        lang::OWN_PLACES.contains(&w[0].folded.as_str()) && lang::ASKER_PRONOUNS.contains(&w[1].text.as_str())
    });
    own && {
        let folded: Vec<&str> = m.tokens_of(introduction).iter().map(|t| t.folded.as_str()).collect();
        PLACE_WORDS.any(&folded)
    }
}

/// [`lang::OWN_PLACES`] and [`lang::PLACE_NAMERS`], by first word.
static PLACE_WORDS: LazyLock<FoldedPhrases> =
    LazyLock::new(|| FoldedPhrases::new(&[lang::OWN_PLACES, lang::PLACE_NAMERS]));
