//! Embeds the shipped knowledge base: lists every `.toml` and `.txt` file under `knowledge/`
//! into `$OUT_DIR/embedded_knowledge.rs`, which `src/knowledge/load.rs` includes to compile
//! them into the binary with `include_str!`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("toml" | "txt")) {
            out.push(path);
        }
    }
}

fn main() {
    // Read at run time, not baked in with `env!`: a build directory reused by a clone elsewhere
    // must embed that clone's knowledge base, not the one the script was first compiled for.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("knowledge");
    println!("cargo:rerun-if-changed=knowledge");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&root).expect("under knowledge/");
        let rel = rel.to_str().expect("UTF-8 path").replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_knowledge.rs");
    std::fs::write(out, code).expect("write embedded_knowledge.rs");
}
