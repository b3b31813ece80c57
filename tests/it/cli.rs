//! The `hoidap` binary as users and CI run it: exit codes, the JSON contract, standard input.

use crate::support::repo;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn hoidap(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(args)
        .env_remove("HOIDAP_KNOWLEDGE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hoidap");
    // Written from another thread: a large input with a large output would otherwise fill both
    // pipes and wait forever.
    let (mut input, stdin) = (child.stdin.take().unwrap(), stdin.as_ref().to_vec());
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn kb_check_passes_on_the_shipped_knowledge_base() {
    let o = hoidap(&["kb", "check"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("coverage:        43/43 paragraphs (100%)"), "{}", stdout(&o));
}

#[test]
fn kb_check_fails_naming_the_entry_when_a_quote_changes() {
    let dir = std::env::temp_dir().join(format!("hoidap-kb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("knowledge"), &dir);
    let path = dir.join("plans/kh-298/to-chuc.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Kiểm tra, giám sát, thanh tra", "Kiểm tra, giám sát, thanh trA", 1)).unwrap();
    let o = hoidap(&["kb", "check", "--knowledge", dir.to_str().unwrap()], "");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "plans/kh-298/to-chuc.toml: entry tc2-thanh-tra-tuyen-dung: field `quotes[0]`: not found word for word"
        ),
        "{err}"
    );
}

#[test]
fn kb_check_fails_naming_the_fact_when_it_states_an_unknown_fact_with_it() {
    let dir = std::env::temp_dir().join(format!("hoidap-kb-with-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("knowledge"), &dir);
    let path = dir.join("plans/kh-298/facts.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("with = [\"trang-tin-truong-ban-bien-tap\"]"));
    std::fs::write(&path, text.replacen("with = [\"trang-tin-truong-ban-bien-tap\"]", "with = [\"no-such-fact\"]", 1))
        .unwrap();
    let o = hoidap(&["kb", "check", "--knowledge", dir.to_str().unwrap()], "");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("plans/kh-298/facts.toml: fact bai-viet-ten-nguoi: field `with`: not another fact"), "{err}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn a_missing_knowledge_folder_is_a_clear_error() {
    let o = hoidap(&["ask", "--knowledge", "/nonexistent/kb", "xin chào"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read the knowledge folder /nonexistent/kb"), "{}", stderr(&o));
}

#[test]
fn bad_usage_exits_2() {
    let o = hoidap(&["ask", "--no-such-flag"], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ask_prints_the_answer_then_numbered_citations() {
    let o = hoidap(&["ask", "Sở", "Nội", "vụ", "làm", "gì?"], "");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("Sở Nội vụ"), "{out}");
    assert!(out.contains("Nguồn trích dẫn:\n[1] Kế hoạch 298/KH-UBND"), "{out}");
}

#[test]
fn ask_json_follows_the_contract() {
    let o = hoidap(&["ask", "--json", "Ai chịu trách nhiệm tuyển dụng giáo viên?"], "");
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["question"], "Ai chịu trách nhiệm tuyển dụng giáo viên?");
    assert_eq!(v["answered"], true);
    assert_eq!(v["intent"], "responsibility");
    assert!(v["text"].as_str().unwrap().contains("Nguồn trích dẫn"));
    let c = &v["citations"][0];
    assert!(c["id"].is_string() && c["label"].is_string() && c["quote"].is_string());
    assert!(v["agencies"].as_array().unwrap().iter().all(|a| a.is_string()));
    assert!(v["suggestions"].is_array());
    assert!(v["score"].is_number());
}

#[test]
fn ask_json_reads_standard_input_one_question_per_line() {
    let o = hoidap(&["ask", "--json", "-"], "Sở Tài chính làm gì?\nhọ còn phải làm gì nữa?\nthời tiết mai thế nào\n");
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["intent"], "agency");
    // Each question on its own: "họ" (they) has nobody to refer to on the second line.
    assert!(lines[1]["agencies"].as_array().unwrap().is_empty(), "{}", lines[1]);
    assert_eq!(lines[2]["answered"], false);
    assert_eq!(lines[2]["intent"], "out_of_scope");
}

#[test]
fn chat_carries_context_between_turns() {
    let o = hoidap(&["chat", "--json"], "Sở Tài chính làm gì?\nhọ còn phải làm gì nữa?\n/thoat\nxin chào\n");
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Two turns: /thoat ends the conversation before "xin chào".
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["intent"], "agency");
    assert_eq!(lines[1]["agencies"][0], "Sở Tài chính");
}

#[test]
fn eval_reports_failures_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("hoidap-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wrong.toml");
    std::fs::write(
        &file,
        "[[case]]\nq = \"Sở Tài chính làm gì?\"\ncategory = \"agency\"\ncites = [\"tc2-bien-che\"]\n",
    )
    .unwrap();
    let o = hoidap(&["eval", file.to_str().unwrap()], "");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("FAIL [agency]"), "{out}");
    let overall = out.lines().find(|l| l.starts_with("overall ")).unwrap_or_default();
    assert!(overall.contains("0.0%") && overall.contains("0/1"), "{out}");
}

#[test]
fn kb_show_prints_an_entry_for_curators() {
    let o = hoidap(&["kb", "show", "tc2-bien-che"], "");
    assert!(o.status.success());
    assert!(stdout(&o).contains("Kế hoạch 298/KH-UBND, Tổ chức thực hiện, mục 2"), "{}", stdout(&o));
    let o = hoidap(&["kb", "show", "no-such-id"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-id"));
}

#[test]
fn ask_without_a_question_reads_standard_input() {
    let o = hoidap(&["ask"], "xin chào\n");
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("Xin chào"), "{}", stdout(&o));
    // An empty argument is an empty question, not a request to read standard input.
    let o = hoidap(&["ask", ""], "Sở Tài chính làm gì?\n");
    assert!(stdout(&o).contains("chưa nhập câu hỏi"), "{}", stdout(&o));
}

#[test]
fn explain_shows_tokens_and_candidates() {
    let o = hoidap(&["ask", "--explain", "ai chiu trach nhiem tuyen dung giao vien"], "");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("tokens: "), "{out}");
    assert!(out.contains("cues: who=true"), "{out}");
    assert!(out.contains("tc2-thanh-tra-tuyen-dung"), "{out}");
}

/// In a question naming a document by number, a marked word one letter off a phrase of the
/// source is mended only when the mend is spelt so in the source ("kế hoạc" → "kế hoạch"), not
/// when the letters alone match ("học phí" is no slip of "học phổ", though "hoc pho" is a pair).
#[test]
fn number_slips_are_mended_only_towards_the_sources_spelling() {
    let tokens = |q: &str| {
        let o = hoidap(&["ask", "--explain", q], "");
        assert!(o.status.success());
        stdout(&o).lines().find(|l| l.starts_with("tokens: ")).unwrap_or_default().to_owned()
    };
    let mended = tokens("kế hoạc 298 ban hàng ngày nào");
    assert!(mended.contains("hoạch(corrected)") && mended.contains("hành(corrected)"), "{mended}");
    let kept = tokens("học phí năm 2025 là bao nhiêu");
    assert!(kept.contains("học phí") && !kept.contains("(corrected)"), "{kept}");
}

#[test]
fn kb_agencies_lists_agencies_with_their_duties() {
    let o = hoidap(&["kb", "agencies"], "");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("so-noi-vu — Sở Nội vụ"), "{out}");
    assert!(out.contains("[tc2-bien-che]"), "{out}");
}

#[test]
fn the_knowledge_folder_can_come_from_the_environment() {
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(["kb", "check"])
        .env("HOIDAP_KNOWLEDGE", "/nonexistent/from-env")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/from-env"), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(["kb", "check"])
        .env("HOIDAP_KNOWLEDGE", repo().join("knowledge"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs hoidap with its standard output closed from the start, like `hoidap … | head -0`.
fn with_reader_gone(args: &[&str], data: &std::path::Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(args)
        .env_remove("HOIDAP_KNOWLEDGE")
        .env("HOIDAP_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hoidap");
    drop(child.stdout.take());
    // hoidap may stop reading once it cannot write: a failed write here is expected.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_goes_away_is_a_quiet_success() {
    let data = std::env::temp_dir().join(format!("hoidap-pipe-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    // Answers written line by line, and JSON records written by serde.
    let o = with_reader_gone(&["ask", "--json", "-"], &data, &"Sở Tài chính làm gì?\n".repeat(2_000));
    assert_eq!((stderr(&o).as_str(), o.status.code()), ("", Some(0)));
    let turns: String = (0..2_000)
        .map(|i| {
            let turn = serde_json::json!({"kind": "turn", "answer_id": format!("a{i:x}"), "at": 1_735_516_800 + i,
                "channel": "cli", "user": "u", "question": "Sở Tài chính làm gì?", "normalised": "so tai chinh lam gi",
                "intent": "agency", "answered": true, "low_confidence": false, "cited": ["tc3-du-toan"]});
            format!("{turn}\n")
        })
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_hoidap"))
        .args(["import", "--retention-days", "100000"])
        .env("HOIDAP_DATA_DIR", &data)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(turns.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = with_reader_gone(&["export", "--retention-days", "100000"], &data, "");
    assert_eq!((stderr(&o).as_str(), o.status.code()), ("", Some(0)));
    let _ = std::fs::remove_dir_all(&data);
}
