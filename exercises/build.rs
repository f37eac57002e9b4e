//! Makes every graded answer a program of the binary `exercises`: for
//! exercise `src/bin/chNN-MM-name.rs`, its solution and each wrong answer
//! take the place of its `starter` region, under the same grader. Writes
//! `variants.rs` (the programs, as modules, and the table `src/main.rs`
//! runs them by) and `graded.rs` (one test per exercise, for
//! `tests/graders.rs`) to `OUT_DIR`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const BEGIN: &str = "// ANCHOR: starter\n";
const END: &str = "// ANCHOR_END: starter\n";

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for folder in ["src/bin", "solutions", "wrong"] {
        println!("cargo:rerun-if-changed={folder}");
    }
    println!("cargo:rerun-if-changed=Cargo.toml");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let (mut modules, mut table, mut tests) = (String::new(), String::new(), String::new());
    for exercise in rust_files(&dir.join("src/bin")) {
        let name = stem(&exercise);
        let declared =
            format!("[[bin]]\nname = \"{name}\"\npath = \"src/bin/{name}.rs\"\ntest = false\n");
        assert!(
            manifest.contains(&declared),
            "exercises/Cargo.toml does not list src/bin/{name}.rs; add:\n\n{declared}"
        );
        println!("cargo:rerun-if-changed={}", exercise.display());
        let program = std::fs::read_to_string(&exercise).unwrap();
        let (Some(begin), Some(end)) = (program.find(BEGIN), program.find(END)) else {
            panic!("{}: no `{}` region", exercise.display(), BEGIN.trim());
        };
        let mut answers = vec![(
            "solution".to_owned(),
            dir.join(format!("solutions/{name}.rs")),
        )];
        for wrong in rust_files(&dir.join("wrong")) {
            if let Some(mistake) = stem(&wrong).strip_prefix(&format!("{name}--")) {
                answers.push((mistake.to_owned(), wrong.clone()));
            }
        }
        for (variant, file) in answers {
            let Ok(answer) = std::fs::read_to_string(&file) else {
                continue;
            };
            println!("cargo:rerun-if-changed={}", file.display());
            let whole = format!("{}{BEGIN}{answer}{}", &program[..begin], &program[end..]);
            assert!(
                whole.contains("\nfn main() {"),
                "{}: the grader's `fn main() {{` must start a line",
                exercise.display()
            );
            let whole = whole.replacen("\nfn main() {", "\npub fn main() {", 1);
            let module = format!("v{}", table.lines().count());
            let path = out.join(format!("{name}--{variant}.rs"));
            std::fs::write(&path, whole).unwrap();
            writeln!(
                modules,
                "#[path = {:?}]\n#[allow(warnings, clippy::all, clippy::pedantic)]\nmod {module};",
                path.display().to_string()
            )
            .unwrap();
            writeln!(table, "    ({name:?}, {variant:?}, {module}::main),").unwrap();
        }
        writeln!(
            tests,
            "#[test]\nfn {}() {{\n    grade({name:?}, env!(\"CARGO_BIN_EXE_{name}\"));\n}}\n",
            name.replace('-', "_")
        )
        .unwrap();
    }
    let variants = format!(
        "{modules}\n/// Every graded answer: exercise, answer (`solution` or the wrong\n/// answer's mistake), and its program's `main`.\npub const VARIANTS: &[(&str, &str, fn())] = &[\n{table}];\n"
    );
    std::fs::write(out.join("variants.rs"), variants).unwrap();
    std::fs::write(out.join("graded.rs"), tests).unwrap();
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    files.sort();
    files
}

fn stem(file: &Path) -> String {
    file.file_stem().unwrap().to_string_lossy().into_owned()
}
