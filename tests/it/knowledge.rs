//! The shipped knowledge base passes every check with full coverage; each broken fixture in
//! tests/data/kb/broken is rejected with a message naming its file, item and field.

use crate::support::repo;
use hoidap::knowledge::{Summary, load};

#[test]
fn shipped_knowledge_base_is_valid_with_full_coverage() {
    let files = load::read_dir(&repo().join("knowledge")).unwrap();
    let (kb, problems) = load::parse(&files);
    assert!(problems.is_empty(), "{problems:#?}");
    let summary = Summary::of(&kb);
    assert_eq!(summary.paragraphs_covered, summary.paragraphs);
    assert!(summary.paragraphs > 40, "{summary:?}");
    assert!(summary.entries >= 40, "{summary:?}");
    let in_sources = hoidap::knowledge::check::uncovered_in_sources(&kb);
    assert!(in_sources.is_empty(), "{in_sources:#?}");
}

/// An `[[uncovered]]` word the source itself has is reported, naming the topic and the source.
#[test]
fn an_uncovered_word_the_source_has_is_reported() {
    let mut files = load::read_dir(&repo().join("tests/data/kb/minimal")).unwrap();
    let topic = "[[uncovered]]\ntopic = \"xây dựng trường học\"\nwords = [\"xây dựng trường\", \"trường mới\"]\n";
    files.insert("unstated.toml".to_owned(), topic.to_owned());
    let (kb, problems) = load::parse(&files);
    assert!(problems.is_empty(), "{problems:#?}");
    let shown: Vec<String> =
        hoidap::knowledge::check::uncovered_in_sources(&kb).iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["unstated.toml: uncovered xây dựng trường học: field `words`: `xây dựng trường` is in source `mini`: \
          questions on what it says there would be declined; write a longer phrase"]
    );
}

#[test]
fn embedded_knowledge_base_is_the_shipped_folder() {
    let on_disk = load::read_dir(&repo().join("knowledge")).unwrap();
    assert_eq!(load::embedded_files(), on_disk, "rebuild: the embedded copy differs from knowledge/");
}

#[test]
fn every_agency_with_a_duty_in_the_text_has_a_linked_entry() {
    let kb = load::load(None).unwrap();
    // The bodies the plan's "TỔ CHỨC THỰC HIỆN" gives duties to.
    for id in crate::support::DUTY_HOLDERS {
        assert!(kb.agency(id).is_some(), "agency {id} missing");
        assert!(!kb.duties_of(id).is_empty(), "agency {id} has no entry");
    }
    for e in &kb.entries {
        for r in &e.agencies {
            assert!(kb.agency(&r.agency).is_some(), "{}: unknown agency {}", e.id, r.agency);
        }
    }
}

/// SHA-256 of the seed article (`shared/seed/000_c54d467a9c0ecaac.txt` of the project), kept here so
/// that a fresh clone checks its copy without reading anything outside the repository. `.ci/run`
/// also compares the copy with the seed itself byte for byte where the seed sits beside the clone.
const SEED_SHA256: &str = "c27a8c8f3ecde91ec151d926bf32ada50905e4a01234df18e20cd720cc252679";

#[test]
fn the_source_is_the_seed_unchanged() {
    use sha2::{Digest, Sha256};
    let shipped = std::fs::read(repo().join("knowledge/sources/tin-kh298.txt")).unwrap();
    assert_eq!(hex::encode(Sha256::digest(&shipped)), SEED_SHA256, "knowledge/sources/tin-kh298.txt is not the seed");
}

#[test]
fn changing_one_character_of_a_quote_is_reported_with_the_entry() {
    let mut files = load::read_dir(&repo().join("knowledge")).unwrap();
    let path = "plans/kh-298/to-chuc.toml";
    let text = files[path].clone();
    let changed = text.replacen("số lượng thừa, thiếu giáo viên", "số lượng thừa, thiếu giáo viến", 1);
    assert_ne!(text, changed, "the phrase to change is in {path}");
    files.insert(path.to_owned(), changed);
    let (_, problems) = load::parse(&files);
    assert!(
        problems.iter().any(|p| p.file == path
            && p.item.as_deref() == Some("entry tc2-bien-che")
            && p.message.contains("not found word for word")),
        "{problems:#?}"
    );
}

/// Each file in tests/data/kb/broken replaces (or adds) the file named on its `# file:` line in
/// the minimal knowledge base; its `# expect:` line must appear among the problems.
#[test]
fn broken_fixtures_are_rejected_naming_file_item_and_field() {
    let minimal = load::read_dir(&repo().join("tests/data/kb/minimal")).unwrap();
    let (_, problems) = load::parse(&minimal);
    assert!(problems.is_empty(), "the minimal knowledge base is valid: {problems:#?}");
    let dir = repo().join("tests/data/kb/broken");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10);
    for fixture in fixtures {
        let text = std::fs::read_to_string(&fixture).unwrap();
        let header = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
                .unwrap_or_else(|| panic!("{}: no `# {key}:` line", fixture.display()))
                .to_owned()
        };
        let (file, expect) = (header("file"), header("expect"));
        let mut files = minimal.clone();
        files.insert(file, text.clone());
        let (_, problems) = load::parse(&files);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown.iter().any(|p| p.starts_with(&expect) || p.contains(&expect)),
            "{}: expected a problem like\n  {expect}\ngot\n  {}",
            fixture.display(),
            shown.join("\n  ")
        );
    }
}

/// A paraphrase may write a figure or an agency differently from its quote ("20 %" for "20%",
/// "UBND" for "Ủy ban nhân dân" through the lexicon); only what the quotes do not state is
/// reported.
#[test]
fn paraphrases_are_compared_through_the_lexicon() {
    let mut files = load::read_dir(&repo().join("tests/data/kb/minimal")).unwrap();
    let source = "Ngày 01/01/2025, Cơ quan A ban hành Kế hoạch thử số 1/KH.\n\n\
                  Cơ quan A chủ trì việc xây dựng trường học; Cơ quan B phối hợp.\n\n\
                  Ủy ban nhân dân xã dành 20% ngân sách cho trường học.\n\nNgười viết\n";
    files.insert("mini.txt".to_owned(), source.to_owned());
    files.insert(
        "agencies.toml".to_owned(),
        format!("{}\n[[agency]]\nid = \"ubnd-xa\"\nname = \"Ủy ban nhân dân xã\"\n", files["agencies.toml"]),
    );
    files.insert("lexicon.toml".to_owned(), "[[term]]\nwords = [\"ủy ban nhân dân\", \"UBND\"]\n".to_owned());
    let entry = |summary: &str| {
        format!(
            "[[entry]]\nid = \"e3\"\ndocument = \"kh-1\"\nsource = \"mini\"\nlabel = \"Kế hoạch thử, mục 2\"\n\
             quotes = [\"Ủy ban nhân dân xã dành 20% ngân sách cho trường học.\"]\nsummary = \"{summary}\"\n"
        )
    };
    files.insert("more-entries.toml".to_owned(), entry("UBND xã dành 20 % ngân sách cho trường học."));
    let (_, problems) = load::parse(&files);
    assert!(problems.is_empty(), "{problems:#?}");

    files.insert("more-entries.toml".to_owned(), entry("UBND xã dành 25 % ngân sách; Cơ quan B giám sát."));
    let (_, problems) = load::parse(&files);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "more-entries.toml: entry e3: field `summary`: states «25 %», which its quotes do not",
            "more-entries.toml: entry e3: field `summary`: names Cơ quan B, which its quotes do not",
        ],
    );
}
