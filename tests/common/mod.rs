//! Helpers shared by the vector runners.
#![allow(dead_code)] // each test crate uses the helpers it needs

use std::path::{Path, PathBuf};

/// The JSON files of `tests/vectors/<area>/`, sorted.
pub fn vector_files(area: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(area);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Runs the `opendata` binary of this build.
pub fn opendata(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_opendata"))
        .args(args)
        .output()
        .expect("the opendata binary runs")
}

/// Writes a file into a directory of this test process and returns its path.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opendata-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Standard output as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `opendata check DATA --infer-schema DATA.schema.json`, which must pass: the schema's
/// path and the schema.
pub fn infer_schema(data: &Path) -> (PathBuf, serde_json::Value) {
    let schema = data.with_extension("schema.json");
    let out = opendata(&[
        "check",
        data.to_str().unwrap(),
        "--infer-schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let inferred = serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
    (schema, inferred)
}
