//! Reading the knowledge base: from the copy embedded in the binary or from a folder, then
//! parsing every TOML file table by table so each problem names its file, item and field.

use super::check::{self, Problem};
use super::{Knowledge, model::*};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_knowledge.rs"));
}

/// Why a knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the knowledge folder {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the knowledge base in {origin} has {} problem(s):\n{}", problems.len(), list(problems))]
    Invalid { origin: String, problems: Vec<Problem> },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// The files of a knowledge base: path relative to its folder (with `/`) → contents.
pub type Files = BTreeMap<String, String>;

/// The knowledge base compiled into the binary.
pub fn embedded_files() -> Files {
    embedded::FILES.iter().map(|&(p, c)| (p.to_owned(), c.to_owned())).collect()
}

/// Reads every `.toml` and `.txt` file under `dir`.
pub fn read_dir(dir: &Path) -> Result<Files, LoadError> {
    fn walk(root: &Path, dir: &Path, files: &mut Files) -> std::io::Result<()> {
        for item in std::fs::read_dir(dir)? {
            let path = item?.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("toml" | "txt")) {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                files.insert(rel, text);
            }
        }
        Ok(())
    }
    let mut files = Files::new();
    walk(dir, dir, &mut files).map_err(|source| LoadError::Io { path: dir.to_owned(), source })?;
    Ok(files)
}

/// Loads the embedded knowledge base, or the folder `dir` when given; any problem is an error.
pub fn load(dir: Option<&Path>) -> Result<Knowledge, LoadError> {
    let (files, origin) = match dir {
        Some(dir) => (read_dir(dir)?, dir.display().to_string()),
        None => (embedded_files(), "the embedded knowledge base".to_owned()),
    };
    let (kb, problems) = parse(&files);
    if problems.is_empty() { Ok(kb) } else { Err(LoadError::Invalid { origin, problems }) }
}

/// Parses and validates `files`: the knowledge base (as far as it could be read) and every problem.
pub fn parse(files: &Files) -> (Knowledge, Vec<Problem>) {
    let mut kb = Knowledge::default();
    let mut problems = Vec::new();
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".toml")) {
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let msg = e.message().to_owned();
                let line = e.span().map(|s| text[..s.start].lines().count().max(1));
                let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
                problems.push(Problem::new(path, None, None, format!("not valid TOML{at}: {msg}")));
                continue;
            }
        };
        for (key, value) in table {
            let p = &mut problems;
            match key.as_str() {
                "source" => kb.sources.extend(items::<Source>(path, &key, value, p, |x, o| x.origin = o)),
                "document" => kb.documents.extend(items::<Document>(path, &key, value, p, |x, o| x.origin = o)),
                "section" => kb.sections.extend(items::<Section>(path, &key, value, p, |x, o| x.origin = o)),
                "entry" => kb.entries.extend(items::<Entry>(path, &key, value, p, |x, o| x.origin = o)),
                "fact" => kb.facts.extend(items::<Fact>(path, &key, value, p, |x, o| x.origin = o)),
                "agency" => kb.agencies.extend(items::<Agency>(path, &key, value, p, |x, o| x.origin = o)),
                "term" => kb.terms.extend(items::<Term>(path, &key, value, p, |x, o| x.origin = o)),
                "uncovered" => kb.uncovered.extend(items::<UncoveredTopic>(path, &key, value, p, |x, o| x.origin = o)),
                "smalltalk" => kb.smalltalk.extend(items::<SmallTalk>(path, &key, value, p, |x, o| x.origin = o)),
                "shorthand" => kb.shorthand.extend(items::<Shorthand>(path, &key, value, p, |x, o| x.origin = o)),
                "english" => kb.english.extend(items::<EnglishTerm>(path, &key, value, p, |x, o| x.origin = o)),
                other => problems.push(Problem::new(
                    path,
                    None,
                    Some(other),
                    "unknown table; expected one of source, document, section, entry, fact, agency, term, uncovered, smalltalk, shorthand, english".to_owned(),
                )),
            }
        }
    }
    for source in &mut kb.sources {
        let dir = source.origin.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
        match files.get(&format!("{dir}{}", source.file)) {
            Some(text) => source.text = text.clone(),
            None => problems.push(Problem::new(
                &source.origin,
                Some(format!("source {}", source.id)),
                Some("file"),
                format!("no file {dir}{} in the knowledge folder", source.file),
            )),
        }
    }
    kb.reindex();
    problems.extend(check::check(&kb));
    (kb, problems)
}

/// The field an error is about: the path serde reached ("agencies[0].role"), completed with the
/// field a "missing field `x`" message names.
fn field_path(path: &str, message: &str) -> String {
    let named = message.strip_prefix("missing field `").and_then(|m| m.split('`').next());
    match (path, named) {
        (".", Some(field)) => field.to_owned(),
        (_, Some(field)) => format!("{path}.{field}"),
        (".", None) => message.split('`').nth(1).unwrap_or("?").to_owned(),
        (_, None) => path.to_owned(),
    }
}

/// Deserializes the array `key` of one file item by item.
fn items<T: DeserializeOwned>(
    path: &str,
    key: &str,
    value: toml::Value,
    problems: &mut Vec<Problem>,
    set_origin: impl Fn(&mut T, String),
) -> Vec<T> {
    let toml::Value::Array(array) = value else {
        problems.push(Problem::new(path, None, Some(key), format!("must be written as [[{key}]] tables")));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(array.len());
    for (i, value) in array.into_iter().enumerate() {
        let name = match value.get("id").and_then(|v| v.as_str()) {
            Some(id) => format!("{key} {id}"),
            None => format!("{key} #{}", i + 1),
        };
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(mut item) => {
                set_origin(&mut item, path.to_owned());
                out.push(item);
            }
            Err(e) => {
                let msg = e.inner().message().trim().to_owned();
                problems.push(Problem::new(path, Some(name), Some(&field_path(&e.path().to_string(), &msg)), msg));
            }
        }
    }
    out
}
