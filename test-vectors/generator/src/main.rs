//! Writes every conformance vector under `test-vectors/`.

use std::path::Path;

/// Subdirectories recorded from real networks by other tools (`scripts/devnet-record`,
/// `scripts/og-chain-test --record`), kept when a family is rewritten.
const RECORDED: &[&str] = &["network", "chain"];

fn write(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let recorded = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| RECORDED.contains(&n));
            if path.is_dir() && recorded {
                continue;
            }
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
    }
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
    }
    println!("wrote {} files to {}", files.len(), dir.display());
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = lightcheck_vectors::vectors_dir();
    write(&root.join("nitro"), &lightcheck_vectors::nitro::files())?;
    write(&root.join("cometbft"), &lightcheck_vectors::cometbft::files())?;
    // Reads test-vectors/opengradient/ (the SDK-signed responses), so that folder is not rewritten here.
    write(&root.join("settlement"), &lightcheck_vectors::settlement::files())?;
    Ok(())
}
