//! `cargo book lighthouse`: Lighthouse's four scores (performance,
//! accessibility, best practices, SEO) for every chapter page, which must
//! each be at least 90. Installs the pinned Lighthouse
//! (`[workspace.metadata.tools] lighthouse` in `Cargo.toml`) with npm into
//! `target/lighthouse/` when it is missing, then runs the browser test's
//! ignored `lighthouse_every_chapter` (tests/browser.rs), which builds the
//! book, serves it gzipped as GitHub Pages does and runs Lighthouse on each
//! page in Debian's Chromium. Needs Node.js (18 or later) and npm.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    super::ensure_tools(root, &["mdbook-quiz"])?;
    let version = super::pinned(root, "lighthouse")?;
    let prefix = book_tools::target_dir(root).join("lighthouse");
    let cli = prefix.join("node_modules/lighthouse/cli/index.js");
    let manifest = prefix.join("node_modules/lighthouse/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{version}\"")));
    if !installed {
        eprintln!(
            "cargo book: installing Lighthouse {version} into {}",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        super::status(
            Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--save-exact",
                    "--prefix",
                ])
                .arg(&prefix)
                .arg(format!("lighthouse@{version}")),
        )?;
    }
    super::status(
        Command::new("cargo")
            .args(["test", "--locked", "--test", "browser", "--"])
            .args([
                "--ignored",
                "--exact",
                "lighthouse_every_chapter",
                "--nocapture",
            ])
            .args(args)
            .env("LIGHTHOUSE", &cli)
            .current_dir(root),
    )
}
