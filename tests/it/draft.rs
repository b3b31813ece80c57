//! `hoidap kb draft`: Plan 298's source drafts into a folder that passes `kb check`; structure,
//! documents, agencies with roles and facts are found in small fixtures (one table row per
//! expectation); bad input is refused with the offset or line, and nothing is overwritten.

use crate::cli::{hoidap, stderr, stdout};
use crate::support::repo;
use hoidap::draft::{self, Reference};
use hoidap::knowledge::{Kind, Knowledge, Role, check, load};
use std::path::PathBuf;

/// Drafts `text` against the shipped knowledge base and loads the result.
fn drafted(text: &str, name: &str) -> (Knowledge, draft::Draft) {
    let files = load::embedded_files();
    let (kb, problems) = load::parse(&files);
    assert!(problems.is_empty());
    let d = draft::draft(text, name, &Reference { kb: &kb, files: &files });
    let (out, problems) = load::parse(&d.files);
    assert!(problems.is_empty(), "the draft does not pass kb check:\n{problems:#?}");
    (out, d)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/draft").join(name)).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hoidap-draft-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn plan_298_drafts_into_a_folder_that_passes_kb_check() {
    let text = std::fs::read_to_string(repo().join("knowledge/sources/tin-kh298.txt")).unwrap();
    let (kb, d) = drafted(&text, "tin-kh298.txt");
    let summary = check::Summary::of(&kb);
    assert_eq!(summary.paragraphs_covered, summary.paragraphs, "{summary:?}");
    assert!(kb.entries.len() >= 35, "{} entries", kb.entries.len());
    // The plan and the documents it cites keep the ids of knowledge/documents.toml.
    for id in ["kh-298", "kl-91", "nq-29", "kh-407", "de-an-gdnn", "de-an-dhhp", "luat-nsnn"] {
        assert!(kb.document(id).is_some(), "document {id} missing; report:\n{}", d.report);
    }
    let plan = kb.document("kh-298").unwrap();
    assert_eq!(
        (plan.date.as_str(), plan.issuer.as_deref(), plan.implements.as_deref()),
        ("30/12/2024", Some("ubnd-tp"), Some("kl-91"))
    );
    assert_eq!(kb.document("kl-91").unwrap().implements.as_deref(), Some("nq-29"));
    // The source's body is found from the text.
    let s = &kb.sources[0];
    assert_eq!(
        (s.body_start.as_str(), s.body_end.as_str(), s.author.as_str()),
        ("Ngày 30/12/2024, Ủy", "Hà Chi", "Hà Chi")
    );
    assert_eq!(s.published, "09/01/2025 09:22");
    // Every agency of the organisation part has duties.
    for id in crate::support::DUTY_HOLDERS {
        assert!(!kb.duties_of(id).is_empty(), "agency {id} has no duty; report:\n{}", d.report);
    }
    // The 20 % of the budget is a fact, and the repeated "5." is reported.
    assert!(kb.facts.iter().any(|f| f.quote.contains("tối thiểu 20% tổng chi ngân sách nhà nước")));
    assert!(d.report.doubts.iter().any(|x| x.line == Some(85)), "{}", d.report);
    // Everything drafted is marked as a draft.
    assert!(
        kb.entries.iter().all(|e| e.draft) && kb.facts.iter().all(|f| f.draft) && kb.sections.iter().all(|x| x.draft)
    );
    assert!(check::drafts(&kb).len() >= kb.entries.len());
}

/// One row: a fixture, then what must be drafted from it.
enum Expect {
    Section { id: &'static str, parent: Option<&'static str>, number: &'static str },
    Document { id: &'static str, number: &'static str, date: &'static str, issuer: Option<&'static str> },
    Implements(&'static str, &'static str),
    Role { agency: &'static str, role: Role, quote_starts: &'static str },
    Fact { quote_has: &'static str },
    NewAgency { id: &'static str, name: &'static str },
}

#[test]
fn structure_documents_agencies_and_facts_of_a_small_plan() {
    let table = [
        Expect::Section { id: "kh77-i", parent: None, number: "I." },
        Expect::Section { id: "kh77-i-1", parent: Some("kh77-i"), number: "1." },
        Expect::Section { id: "kh77-i-2-a", parent: Some("kh77-i-2"), number: "a)" },
        Expect::Section { id: "kh77-ii-3", parent: Some("kh77-ii"), number: "3." },
        Expect::Document { id: "kh-77", number: "77/KH-UBND", date: "15/3/2025", issuer: Some("ubnd-tp") },
        Expect::Document { id: "nq-29", number: "29-NQ/TW", date: "04/11/2013", issuer: Some("bch-tw") },
        Expect::Document { id: "ct-05", number: "05/CT-TTg", date: "", issuer: None },
        Expect::Document { id: "kl-91", number: "91-KL/TW", date: "", issuer: None },
        Expect::Implements("kh-77", "nq-29"),
        Expect::Role { agency: "ubnd-tp", role: Role::BanHanh, quote_starts: "Ngày 15/3/2025" },
        Expect::Role { agency: "so-gddt", role: Role::ChuTri, quote_starts: "Chủ trì, phối hợp" },
        Expect::Role { agency: "so-tai-chinh", role: Role::PhoiHop, quote_starts: "Chủ trì, phối hợp" },
        Expect::Role { agency: "ubnd-tp", role: Role::QuyetDinh, quote_starts: "Chủ trì, phối hợp" },
        Expect::Role { agency: "so-xay-dung", role: Role::HuongDan, quote_starts: "Hướng dẫn" },
        Expect::Role { agency: "so-gddt", role: Role::PhoiHop, quote_starts: "Phối hợp với Sở Giáo dục" },
        Expect::NewAgency { id: "so-xay-dung", name: "Sở Xây dựng" },
        Expect::Fact { quote_has: "95%" },
        Expect::Fact { quote_has: "5 tuổi" },
        Expect::Fact { quote_has: "năm 2030" },
        Expect::Fact { quote_has: "12 trường học" },
        Expect::Fact { quote_has: "Nghị quyết số 29-NQ/TW ngày 04/11/2013" },
    ];
    let (kb, d) = drafted(&fixture("ke-hoach-77.txt"), "ke-hoach-77.txt");
    let report = d.report.to_string();
    for row in table {
        match row {
            Expect::Section { id, parent, number } => {
                let s = kb.section(id).unwrap_or_else(|| panic!("section {id} missing:\n{report}"));
                assert_eq!((s.parent.as_deref(), s.number.as_str()), (parent, number), "section {id}");
            }
            Expect::Document { id, number, date, issuer } => {
                let x = kb.document(id).unwrap_or_else(|| panic!("document {id} missing:\n{report}"));
                assert_eq!(
                    (x.number.as_str(), x.date.as_str(), x.issuer.as_deref()),
                    (number, date, issuer),
                    "document {id}"
                );
            }
            Expect::Implements(a, b) => assert_eq!(kb.document(a).unwrap().implements.as_deref(), Some(b)),
            Expect::Role { agency, role, quote_starts } => {
                let found =
                    kb.duties_of(agency).iter().any(|(e, r)| r.role == role && e.quotes[0].starts_with(quote_starts));
                assert!(
                    found,
                    "{agency} {role:?} in «{quote_starts}…»: {:?}",
                    kb.duties_of(agency).iter().map(|(e, r)| (&e.id, r.role)).collect::<Vec<_>>()
                );
            }
            Expect::Fact { quote_has } => {
                assert!(
                    kb.facts.iter().any(|f| f.quote.contains(quote_has)),
                    "no fact quoting {quote_has}: {:#?}",
                    kb.facts.iter().map(|f| &f.quote).collect::<Vec<_>>()
                );
            }
            Expect::NewAgency { id, name } => {
                let a = kb.agency(id).unwrap_or_else(|| panic!("agency {id} missing:\n{report}"));
                assert!(a.draft && a.name == name, "{a:?}");
            }
        }
    }
    assert!(d.report.structured);
    assert!(kb.contains(Kind::Entry, "kh77-ii-2-d1"));
}

#[test]
fn a_text_without_structure_drafts_one_entry_per_paragraph_and_says_so() {
    let (kb, d) = drafted(&fixture("khong-cau-truc.txt"), "khong-cau-truc.txt");
    assert_eq!(kb.entries.len(), 3);
    assert!(!d.report.structured);
    assert!(d.report.to_string().contains("one entry per paragraph"), "{}", d.report);
}

#[test]
fn a_source_that_is_not_utf8_is_refused_with_its_byte_offset() {
    let mut bytes = "Dòng một\nDòng hai ".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe tail");
    let err = draft::decode(&bytes).unwrap_err().to_string();
    assert!(err.contains(&format!("offset {offset}")) && err.contains("line 2"), "{err}");

    let dir = temp("latin1");
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("latin1.txt");
    std::fs::write(&source, &bytes).unwrap();
    let out = dir.join("out");
    let o = hoidap(&["kb", "draft", source.to_str().unwrap(), "--out", out.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("offset {offset} (line 2)")), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written for a refused source");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_cli_writes_only_under_out_and_never_over_a_folder_without_force() {
    let dir = temp("cli");
    let out = dir.join("draft");
    std::fs::create_dir_all(&dir).unwrap();
    let source = repo().join("tests/fixtures/draft/ke-hoach-77.txt");
    let run = |extra: &[&str]| {
        let mut args = vec!["kb", "draft", source.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        hoidap(&args, "")
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("passes `kb check`"), "{}", stdout(&o));
    // Only the folder was created next to nothing else.
    let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["draft"]);

    // The written folder loads, and `kb check --drafts` lists what is left to read.
    let o = hoidap(&["--knowledge", out.to_str().unwrap(), "kb", "check", "--drafts"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("entry kh77-ii-1-d1"), "{}", stdout(&o));

    // A second run without --force is refused and changes nothing.
    let marker = out.join("plans/kh-77/entries.toml");
    std::fs::write(&marker, "# edited by a curator\n").unwrap();
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "# edited by a curator\n");
    let o = run(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&marker).unwrap().contains("[[entry]]"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_loader_accepts_the_draft_marker_and_kb_check_lists_it() {
    let files = load::read_dir(&repo().join("tests/data/kb/minimal")).unwrap();
    let mut files = files;
    let entries = files.get_mut("entries.toml").unwrap();
    *entries = entries.replacen("[[entry]]\n", "[[entry]]\ndraft = true\n", 1);
    let (kb, problems) = load::parse(&files);
    assert!(problems.is_empty(), "{problems:#?}");
    let drafts = check::drafts(&kb);
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].to_string(), format!("entries.toml: entry {}", kb.entries[0].id));
}
