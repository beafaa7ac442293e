//! Embeds the built site (`target/site`, or `CONVENE_SITE`) in the binary:
//! every file with its precompressed `.br` and `.gz` twins, and one hash of
//! all of them that names the wasm, script and style sheet. `cargo leptos
//! build --precompress` builds the site before this runs; without a built
//! site the table is empty and the server reads `--site-root` from disk.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            let name = p.to_string_lossy();
            if !(name.ends_with(".br") || name.ends_with(".gz") || name.ends_with(".d.ts")) {
                out.push(p);
            }
        }
    }
}

fn main() {
    println!("cargo:rerun-if-env-changed=CONVENE_SITE");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let site = std::env::var("CONVENE_SITE").map(PathBuf::from).unwrap_or_else(|_| manifest.join("../target/site"));
    println!("cargo:rerun-if-changed={}", site.display());
    let mut list = Vec::new();
    // Only a whole build counts: the wasm and its script both there.
    if site.join("pkg/convene.wasm").is_file() && site.join("pkg/convene.js").is_file() {
        files(&site, &mut list);
    }
    list.sort();
    let mut hash = Sha256::new();
    let mut table = String::from("&[\n");
    for path in &list {
        let rel = path.strip_prefix(&site).unwrap().to_string_lossy().replace('\\', "/");
        hash.update(rel.as_bytes());
        hash.update(std::fs::read(path).unwrap());
        let twin = |ext: &str| {
            let p = PathBuf::from(format!("{}.{ext}", path.display()));
            if p.is_file() {
                format!("Some(include_bytes!({:?}))", p.canonicalize().unwrap())
            } else {
                "None".to_string()
            }
        };
        let _ = writeln!(
            table,
            "    Embedded {{ path: {:?}, bytes: include_bytes!({:?}), br: {}, gz: {} }},",
            format!("/{rel}"),
            path.canonicalize().unwrap(),
            twin("br"),
            twin("gz")
        );
    }
    table.push(']');
    let digest = hash.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let hex = if list.is_empty() { String::new() } else { hex };
    let code = format!("pub static FILES: &[Embedded] = {table};\npub const HASH: &str = {hex:?};\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("site.rs");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(out, code).unwrap();
    }
}
