//! Writes every conformance vector under `test-vectors/`.

use std::path::Path;

fn write(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
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
