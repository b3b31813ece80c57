//! `ask --explain`: why each candidate matched a question (tokens, names, cues, scores).

use super::{Engine, analyze};

impl Engine {
    pub(super) fn explain(&self, question: &str) -> String {
        use std::fmt::Write as _;
        let q = self.analyse(question);
        let mut out = String::new();
        let words: Vec<String> = q
            .words
            .iter()
            .map(|w| {
                let mut s = w.text.to_string();
                if w.origin == analyze::Origin::Corrected {
                    s.push_str("(corrected)");
                }
                if w.origin == analyze::Origin::Filled {
                    s.push_str("(filled)");
                }
                if w.origin == analyze::Origin::Lexicon {
                    s.push_str("(lexicon)");
                }
                if w.stop {
                    s = format!("[{s}]");
                }
                s
            })
            .collect();
        let _ = writeln!(out, "tokens: {}", words.join(" "));
        let _ = writeln!(out, "route (no context): {}", self.route(question, &super::Context::default()));
        let names =
            |ids: &[usize], f: &dyn Fn(usize) -> String| ids.iter().map(|&i| f(i)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "agencies: {}", names(&q.agencies, &|i| self.kb.agencies[i].id.clone()));
        let _ = writeln!(out, "documents: {}", names(&q.documents, &|i| self.kb.documents[i].id.clone()));
        let _ = writeln!(
            out,
            "cues: who={} profile={} fact={} overview={} contact={} source={} follow_up={} pronoun={} more={} detail={}",
            q.who, q.profile, q.fact, q.overview, q.contact, q.source, q.follow_up, q.pronoun, q.more, q.detail
        );
        if let Some(u) = q.uncovered {
            let _ = writeln!(out, "uncovered topic: {}", self.kb.uncovered[u].topic);
        }
        let scores = self.entries.score(&q.scoring, true);
        let _ = writeln!(out, "topic mass: {:.2}", scores.mass);
        for i in scores.ranked().iter().copied().take(6) {
            let _ = writeln!(
                out,
                "  {:<28} score {:>6.2}  coverage {:.2}  matched: {}",
                self.kb.entries[i].id,
                scores.score[i],
                scores.coverage[i],
                scores.matched[i].join(", ")
            );
        }
        let facts = self.facts.score_using(&self.fact_words(&q), &self.entries, true);
        for i in facts.ranked().iter().copied().take(3) {
            let _ = writeln!(
                out,
                "  fact {:<23} score {:>6.2}  coverage {:.2}",
                self.kb.facts[i].id, facts.score[i], facts.coverage[i]
            );
        }
        out
    }
}
