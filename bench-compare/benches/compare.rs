//! hoidap against a tantivy BM25 index over the same curated entries, on the same questions
//! (tests/eval): accuracy and latency side by side. The baseline gets every advantage it can
//! use: the entries' quotes, summaries, keywords and sample questions as one text field, a
//! tokenizer that folds Vietnamese diacritics, and the abstention threshold that suits it best.
//!
//! Judged by the project's one strict judge (`hoidap::eval`): hoidap by the whole judge (abstains
//! exactly when it should, an accepted intent, the FIRST citation accepted, the expected agencies
//! and strings, every quote verbatim), and both side by side by the part a bare retriever can be
//! held to (`eval::retrieval_problems`: abstention and the first citation).

use criterion::Criterion;
use hoidap::core::{Context, Engine};
use hoidap::eval::{self, EvalFile, Expect};
use hoidap::knowledge::{Knowledge, load};
use std::hint::black_box;
use std::path::PathBuf;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexReader, TantivyDocument};

/// Memory for tantivy's index writer: the smallest it accepts is plenty for 41 entries.
const WRITER_MEMORY: usize = 15_000_000;

struct Bm25 {
    reader: IndexReader,
    parser: QueryParser,
    id: Field,
}

impl Bm25 {
    fn new(kb: &Knowledge) -> Bm25 {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | STORED);
        let indexing = TextFieldIndexing::default().set_tokenizer("vi_folded");
        let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(
            "vi_folded",
            TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build(),
        );
        let mut writer = index.writer(WRITER_MEMORY).expect("writer");
        for e in &kb.entries {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, &e.id);
            let body = [e.quotes.join(" "), e.summary.clone(), e.keywords.join(" "), e.questions.join(" ")].join(" ");
            doc.add_text(text, &body);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        // Disjunction (the default): a question matches an entry on any of its words.
        let parser = QueryParser::for_index(&index, vec![text]);
        Bm25 { reader, parser, id }
    }

    /// The best entry and its BM25 score.
    fn top(&self, question: &str) -> Option<(String, f32)> {
        let cleaned: String = question.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let (query, _) = self.parser.parse_query_lenient(&cleaned);
        let searcher = self.reader.searcher();
        let hits = searcher.search(&query, &TopDocs::with_limit(1)).ok()?;
        let (score, address) = *hits.first()?;
        let doc: TantivyDocument = searcher.doc(address).ok()?;
        let id = doc.get_first(self.id)?.as_str()?.to_owned();
        Some((id, score))
    }
}

fn cases() -> Vec<Expect> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/eval");
    let files: Vec<(String, EvalFile)> = hoidap::cli::read_eval_files(&[dir]).expect("evaluation set");
    // Single questions only: the baseline has no conversation context.
    files.into_iter().flat_map(|(_, f)| f.case).collect()
}

/// The retrieval part of the strict judge: abstains when it should, and cites an expected entry first.
fn correct(expect: &Expect, answered: bool, top: Option<&str>) -> bool {
    eval::retrieval_problems(expect, answered, top).is_empty()
}

fn main() {
    let kb = load::load(None).expect("knowledge base");
    let bm25 = Bm25::new(&kb);
    let engine = Engine::new(load::load(None).expect("knowledge base"));
    let cases = cases();
    let ctx = Context::default();

    let judge = eval::Judge::new(engine.knowledge());
    let answers: Vec<_> = cases.iter().map(|c| engine.answer(&c.q, &ctx)).collect();
    let hoidap_ok = cases
        .iter()
        .zip(&answers)
        .filter(|(c, a)| correct(c, a.answered, a.citations.first().map(|x| x.id.as_str())))
        .count();
    let hoidap_strict =
        cases.iter().zip(&answers).filter(|(c, a)| judge.problems(engine.knowledge(), c, a).is_empty()).count();
    // The abstention threshold that suits BM25 best on this very set.
    let tops: Vec<Option<(String, f32)>> = cases.iter().map(|c| bm25.top(&c.q)).collect();
    let mut best = (0usize, 0.0f32);
    for step in 0..200 {
        let threshold = step as f32 * 0.1;
        let ok = cases
            .iter()
            .zip(&tops)
            .filter(|(c, t)| {
                let answered = t.as_ref().is_some_and(|(_, s)| *s >= threshold);
                correct(c, answered, t.as_ref().map(|(id, _)| id.as_str()))
            })
            .count();
        if ok > best.0 {
            best = (ok, threshold);
        }
    }
    let n = cases.len() as f64;
    println!(
        "hoidap under the whole strict judge: {:.1}% ({hoidap_strict} of {})",
        100.0 * hoidap_strict as f64 / n,
        cases.len()
    );
    println!(
        "accuracy on {} questions: hoidap {:.1}% ({hoidap_ok}), tantivy BM25 {:.1}% ({}, best threshold {:.1})",
        cases.len(),
        100.0 * hoidap_ok as f64 / n,
        100.0 * best.0 as f64 / n,
        best.0,
        best.1
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(format!("{} questions", cases.len()));
    group.bench_function("hoidap", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(engine.answer(black_box(&case.q), &ctx));
            }
        })
    });
    group.bench_function("tantivy BM25 top-1", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(bm25.top(black_box(&case.q)));
            }
        })
    });
    group.finish();
    c.final_summary();
}
