//! Chat about the bot itself, read from a short message made only of chat words: what it can
//! do, what it is, who made it, whether its answers hold, where they come from, and a bare
//! opening with nothing asked yet ("ad ơi", "cho em hỏi chút").

use super::analyze::Word;
use super::lang::{self, chat as words};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// What a message about the bot asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chat {
    /// What it can do, how to ask: the help reply.
    Help,
    /// What it is: the about reply.
    About,
    /// Who made it: the source does not say.
    Maker,
    /// Whether its answers hold.
    Reliable,
    /// Whether it is an official channel, and whose: the source does not say.
    Official,
    /// Where its answers come from: the article (the source route).
    Source,
    /// A bare opening: nothing asked yet.
    Opening,
}

impl Chat {
    /// The small-talk reply that answers it (none for [`Chat::Source`]: the source route does).
    pub(super) fn smalltalk(self) -> Option<&'static str> {
        match self {
            Chat::Help => Some("help"),
            Chat::About => Some("about"),
            Chat::Maker => Some("maker"),
            Chat::Reliable => Some("reliable"),
            Chat::Official => Some("official"),
            Chat::Opening => Some("opening"),
            Chat::Source => None,
        }
    }
}

/// Longer messages carry a question of their own.
const MAX_WORDS: usize = 20;

/// One syllable of the message.
struct Syllable<'a> {
    text: &'a str,
    folded: &'a str,
    accented: bool,
    stop: bool,
}

/// A word list: phrases, folded, one space apart.
type List = &'static [&'static str];

struct Lists {
    /// Every syllable of every list, folded: a word with one outside them is no chat word.
    vocabulary: FxHashSet<&'static str>,
    /// The folded forms of [`lang::CHAT_MARKED`].
    marked: FxHashSet<String>,
    bot: List,
    ask: List,
    can: List,
    serve: List,
    which: List,
    question: List,
    maker: List,
    reliable: List,
    official: List,
    owners: List,
    identity: List,
    source: List,
    answers: List,
    call: List,
    frame: List,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut l = Lists {
        vocabulary: FxHashSet::default(),
        marked: lang::CHAT_MARKED.iter().map(|w| crate::text::fold_marks(w)).collect(),
        bot: words::CHAT_BOT,
        ask: words::CHAT_ASK,
        can: words::CHAT_CAN,
        serve: words::CHAT_SERVE,
        which: words::CHAT_WHICH,
        question: words::CHAT_QUESTION,
        maker: words::CHAT_MAKER,
        reliable: words::CHAT_RELIABLE,
        official: words::CHAT_OFFICIAL,
        owners: words::CHAT_OWNERS,
        identity: words::CHAT_IDENTITY,
        source: words::CHAT_SOURCE,
        answers: words::CHAT_ANSWERS,
        call: words::CHAT_CALL,
        frame: words::CHAT_FRAME,
    };
    let all = [&l.bot, &l.ask, &l.can, &l.serve, &l.which, &l.question, &l.maker, &l.reliable, &l.official, &l.owners];
    let vocabulary = all
        .into_iter()
        .chain([&l.identity, &l.source, &l.answers, &l.call, &l.frame])
        .flat_map(|list| list.iter().flat_map(|p| p.split(' ')))
        .collect();
    l.vocabulary = vocabulary;
    l
});

/// Where the phrases of `list` stand in `s`: (start, length) in syllables.
fn spans(list: &List, s: &[Syllable]) -> Vec<(usize, usize)> {
    let marked = &LISTS.marked;
    // A marked chat word matches only as marked ("hỏi", not "hội").
    let fits = |syl: &Syllable| !syl.accented || !marked.contains(syl.folded) || lang::CHAT_MARKED.contains(&syl.text);
    let folded: Vec<&str> = s.iter().map(|x| x.folded).collect();
    (0..s.len())
        .flat_map(|i| {
            let (folded, s) = (&folded, s);
            list.iter()
                .filter_map(move |p| crate::text::spells(p, &folded[i..]))
                .filter(move |&n| s[i..i + n].iter().all(fits))
                .map(move |n| (i, n))
        })
        .collect()
}

/// What a message about the bot asks, when every word of it is a chat word; `None` when any
/// word may be a topic (the words as typed: "bn" is read "bao nhiêu", "j" "gì").
pub(super) fn read(raw: &[Word]) -> Option<Chat> {
    if raw.is_empty() || raw.len() > MAX_WORDS {
        return None;
    }
    let l = &*LISTS;
    // One look per word, leaving at the first word no chat holds (most questions).
    if !raw.iter().all(|w| w.stop || w.folded.split(' ').all(|x| l.vocabulary.contains(x))) {
        return None;
    }
    let mut s = Vec::new();
    for w in raw {
        for (text, folded) in w.text.split(' ').zip(w.folded.split(' ')) {
            s.push(Syllable { text, folded, accented: w.accented, stop: w.stop });
        }
    }
    let all =
        [&l.bot, &l.ask, &l.can, &l.which, &l.maker, &l.reliable, &l.official, &l.identity, &l.source, &l.answers];
    let mut covered: Vec<bool> = s.iter().map(|x| x.stop).collect();
    for list in all.into_iter().chain([&l.call, &l.frame]) {
        for (start, len) in spans(list, &s) {
            covered[start..start + len].iter_mut().for_each(|c| *c = true);
        }
    }
    let has = |list: &List| !spans(list, &s).is_empty();
    let official = has(&l.official);
    let owners = spans(&l.owners, &s);
    for &(start, len) in &owners {
        if official || start > 0 && words::OWNER_BEFORE.contains(&s[start - 1].folded) {
            covered[start..start + len].iter_mut().for_each(|c| *c = true);
        }
    }
    if covered.contains(&false) {
        return None;
    }
    let bot = has(&l.bot);
    let about_answers = bot || has(&l.answers);
    let asks = has(&l.ask);
    let who = s.iter().any(|x| x.folded == "ai");
    // "mấy" asks ("có mấy nội dung"), but not in "hỏi mấy câu" (a few questions).
    let question = has(&l.question)
        || s.iter().enumerate().any(|(i, x)| {
            words::CHAT_QUESTION_MARKED.contains(&x.text.to_lowercase().as_str())
                && !s.get(i + 1).is_some_and(|n| words::CHAT_FEW.contains(&n.folded))
        });
    Some(if bot && who && has(&l.maker) {
        Chat::Maker
    } else if bot && (official || !owners.is_empty()) {
        Chat::Official
    } else if about_answers && has(&l.reliable) {
        Chat::Reliable
    } else if about_answers && has(&l.source) {
        Chat::Source
    } else if bot && has(&l.identity) {
        Chat::About
    } else if (bot || asks || has(&l.serve)) && has(&l.which) || bot && has(&l.can) {
        Chat::Help
    } else if (bot || asks || has(&l.call)) && !question && !has(&l.reliable) {
        // "có đúng không" with no word for the bot or its answers is no bare opening.
        Chat::Opening
    } else {
        return None;
    })
}
