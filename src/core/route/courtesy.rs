//! Whether small talk stands beside a question: a message that ends asking, or thanks with what
//! the asker will do.

use crate::core::{Query, lang};

/// Whether a message ends asking: a question mark, or a last word that asks or closes a yes/no
/// question ("… có thật không", "… là gì"), small words after it aside ("… không ad").
pub(super) fn closes_asking(q: &Query) -> bool {
    let words: Vec<&str> = q.words.iter().map(|w| w.folded.as_str()).collect();
    let mut end = words.len();
    while end > 1 && lang::CLOSING_WORDS.contains(&words[end - 1]) && !lang::ASKING_CLOSERS.contains(&words[end - 1]) {
        end -= 1;
    }
    q.question.contains('?')
        || words[..end].last().is_some_and(|w| lang::ASKING_CLOSERS.contains(w) || lang::QUESTION_WORDS.contains(w))
}

/// Whether the asker says what they will do ("khi nào rảnh mình sẽ đọc kỹ lại"): a pronoun of
/// theirs then "sẽ", not followed by a verb of wanting ("tôi sẽ cần thông tin về biên chế",
/// [`lang::WANTING`]), with nothing asked after it and no question mark.
pub(super) fn promises(q: &Query) -> bool {
    let words: Vec<&str> = q.words.iter().map(|w| w.folded.as_str()).collect();
    !q.question.contains('?')
        && words
            .windows(2)
            .position(|w| lang::ASKER_PRONOUNS.contains(&w[0]) && w[1] == lang::PROMISE_WORD)
            .is_some_and(|at| {
                !words[at + 2..].iter().any(|w| lang::QUESTION_WORDS.contains(w))
                    && !words.get(at + 2).is_some_and(|w| lang::WANTING.contains(w))
                    && !closes_asking(q)
            })
}
