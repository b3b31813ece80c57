//! Writing a draft as a knowledge folder: TOML in the layout of `knowledge/` (source, documents,
//! agencies, the plan's sections, entries and facts, the page's entries), every drafted item
//! with `draft = true`, plus copies of the reference's lexicon and small talk.

use super::Reference;
use super::items::{DEntry, Drafted};
use crate::knowledge::Role;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML array, one item a line.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let mut out = String::from("[\n");
    for i in items {
        let _ = writeln!(out, "  {},", q(i));
    }
    out.push(']');
    out
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::ChuTri => "chu-tri",
        Role::ThucHien => "thuc-hien",
        Role::PhoiHop => "phoi-hop",
        Role::ThamMuu => "tham-muu",
        Role::KiemTra => "kiem-tra",
        Role::HuongDan => "huong-dan",
        Role::BaoCao => "bao-cao",
        Role::QuyetDinh => "quyet-dinh",
        Role::PheDuyet => "phe-duyet",
        Role::BanHanh => "ban-hanh",
    }
}

const HEADER: &str = "# Drafted by `hoidap kb draft` from the source text. Every item below is marked\n\
# `draft = true`: read it against the source, correct it, then delete the `draft` line\n\
# (`hoidap kb check --drafts` lists what is left to read).\n";

fn entry(out: &mut String, e: &DEntry, source: &str, section: Option<&str>) {
    let _ = writeln!(out, "\n# source line {}", e.line);
    out.push_str("[[entry]]\n");
    let _ = writeln!(out, "id = {}", q(&e.id));
    out.push_str("draft = true\n");
    let _ = writeln!(out, "document = {}", q(&e.document));
    let _ = writeln!(out, "source = {}", q(source));
    if let Some(s) = section {
        let _ = writeln!(out, "section = {}", q(s));
    }
    let _ = writeln!(out, "label = {}", q(&e.label));
    let _ = writeln!(out, "quotes = {}", list(&e.quotes));
    let _ = writeln!(out, "summary = {}", q(&e.summary));
    let _ = writeln!(out, "keywords = {}", list(&e.keywords));
    for (agency, role, duty) in &e.agencies {
        out.push_str("\n[[entry.agencies]]\n");
        let _ = writeln!(out, "agency = {}", q(agency));
        let _ = writeln!(out, "role = {}", q(role_name(*role)));
        if !duty.is_empty() {
            let _ = writeln!(out, "duty = {}", q(duty));
        }
    }
}

/// The files of the draft folder.
pub(super) fn files(d: &Drafted, reference: &Reference) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let s = &d.source;
    files.insert(format!("sources/{}", s.file), d.text.clone());
    let mut t = String::from(HEADER);
    t.push_str("# The body runs from `body_start` to `body_end`: confirm both, and the title,\n# publisher, time and author found on the page.\n[[source]]\n");
    let _ = writeln!(t, "id = {}", q(&s.id));
    t.push_str("draft = true\n");
    let _ = writeln!(t, "file = {}", q(&s.file));
    let _ = writeln!(t, "title = {}", q(&s.title));
    let _ = writeln!(t, "publisher = {}", q(&s.publisher));
    let _ = writeln!(t, "published = {}", q(&s.published));
    let _ = writeln!(t, "author = {}", q(&s.author));
    let _ = writeln!(t, "body_start = {}", q(&s.body_start));
    let _ = writeln!(t, "body_end = {}", q(&s.body_end));
    files.insert(format!("sources/{}.toml", s.id), t);

    let mut t = String::from(HEADER);
    t.push_str("# Documents: the text itself and every document it cites. Ids already used in the\n# knowledge base are kept, so these can replace or join the published ones.\n");
    for doc in &d.documents {
        let _ = writeln!(
            t,
            "\n# source line {}{}",
            doc.line,
            if doc.reused { " (id from the knowledge base)" } else { "" }
        );
        t.push_str("[[document]]\n");
        let _ = writeln!(t, "id = {}", q(&doc.id));
        t.push_str("draft = true\n");
        let _ = writeln!(t, "kind = {}", q(&doc.kind));
        if !doc.number.is_empty() {
            let _ = writeln!(t, "number = {}", q(&doc.number));
        }
        if !doc.date.is_empty() {
            let _ = writeln!(t, "date = {}", q(&doc.date));
        }
        if let Some(i) = &doc.issuer {
            let _ = writeln!(t, "issuer = {}", q(i));
        }
        let _ = writeln!(t, "title = {}", q(&doc.title));
        if !doc.aliases.is_empty() {
            let _ = writeln!(t, "aliases = {}", list(&doc.aliases));
        }
        if let Some(i) = &doc.implements {
            let _ = writeln!(t, "implements = {}", q(i));
        }
        let _ = writeln!(t, "summary = {}", q(&doc.summary));
        let _ = writeln!(t, "source = {}", q(&s.id));
        let _ = writeln!(t, "label = {}", q(&doc.label));
        let _ = writeln!(t, "quotes = {}", list(&doc.quotes));
    }
    files.insert("documents.toml".to_owned(), t);

    let mut t = String::from(
        "# Agencies the text names. Those already in the knowledge base are copied with their id,\n\
         # name and aliases (not drafts); new ones are drafts: check the name, add aliases.\n",
    );
    for a in &d.agencies {
        t.push_str("\n[[agency]]\n");
        let _ = writeln!(t, "id = {}", q(&a.id));
        if a.new {
            t.push_str("draft = true\n");
        }
        let _ = writeln!(t, "name = {}", q(&a.name));
        if !a.aliases.is_empty() {
            let _ = writeln!(t, "aliases = {}", list(&a.aliases));
        }
    }
    files.insert("agencies.toml".to_owned(), t);

    let plan = &d.plan;
    let mut t = String::from(HEADER);
    t.push_str("# Headings of the text: parts, numbered items, lettered points.\n");
    for sec in &d.sections {
        let _ = writeln!(t, "\n# source line {}", sec.line);
        t.push_str("[[section]]\n");
        let _ = writeln!(t, "id = {}", q(&sec.id));
        t.push_str("draft = true\n");
        let _ = writeln!(t, "document = {}", q(plan));
        if let Some(p) = &sec.parent {
            let _ = writeln!(t, "parent = {}", q(p));
        }
        if !sec.number.is_empty() {
            let _ = writeln!(t, "number = {}", q(&sec.number));
        }
        let _ = writeln!(t, "title = {}", q(&sec.title));
        let _ = writeln!(t, "label = {}", q(&sec.label));
    }
    files.insert(format!("plans/{plan}/sections.toml"), t);

    let mut t = String::from(HEADER);
    t.push_str(
        "# One entry per paragraph or bullet; a heading line is quoted by the first entry under it.\n\
         # Summaries are the first sentence, keywords the paragraph's distinctive words, roles come\n\
         # from the verbs around each agency: all to be read and improved (add `questions`).\n",
    );
    for e in &d.entries {
        entry(&mut t, e, &s.id, e.section.map(|i| d.sections[i].id.as_str()));
    }
    files.insert(format!("plans/{plan}/entries.toml"), t);

    let mut t = String::from(HEADER);
    t.push_str("# Numbers and dates of the text, each with the words that state it.\n");
    for f in &d.facts {
        let _ = writeln!(t, "\n# source line {} ({})", f.line, f.kind);
        t.push_str("[[fact]]\n");
        let _ = writeln!(t, "id = {}", q(&f.id));
        t.push_str("draft = true\n");
        let _ = writeln!(t, "cites = {}", q(&f.cites));
        let _ = writeln!(t, "statement = {}", q(&f.statement));
        let _ = writeln!(t, "quote = {}", q(&f.quote));
        let _ = writeln!(t, "keywords = {}", list(&f.keywords));
    }
    files.insert(format!("plans/{plan}/facts.toml"), t);

    if !d.page_entries.is_empty() {
        let mut t = String::from(HEADER);
        t.push_str("# The page around the article: the portal's header, the byline, the footer.\n");
        for e in &d.page_entries {
            entry(&mut t, e, &s.id, None);
        }
        files.insert("page.toml".to_owned(), t);
    }

    // The lexicon and the small talk are not about one plan: copied as they are.
    for (path, text) in reference.files {
        if !path.ends_with(".toml") {
            continue;
        }
        let Ok(table) = toml::from_str::<toml::Table>(text) else { continue };
        let shared =
            !table.is_empty() && table.keys().all(|k| matches!(k.as_str(), "term" | "uncovered" | "smalltalk"));
        if shared && !files.contains_key(path) {
            files.insert(path.clone(), text.clone());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(q("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
        let parsed: toml::Table = toml::from_str(&format!("x = {}", q("“x\" \\ \u{1}"))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some("“x\" \\ \u{1}"));
    }
}
