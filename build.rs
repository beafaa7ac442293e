//! Finds the translations in `locales/*.ftl` so that adding a language is
//! adding one file: each becomes an entry of `LOCALES` (code, text).

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the locales folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    let mut out = String::from("/// Every language's translations: (code, Fluent text).\npub const LOCALES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let code = f.file_stem().and_then(|s| s.to_str()).expect("a file name");
        let _ = writeln!(out, "    ({code:?}, include_str!({:?})),", f.display().to_string());
    }
    out.push_str("];\n");
    let target = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(target, out).expect("locales.rs written");
}
