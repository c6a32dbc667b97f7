//! Writes every conformance vector under `test-vectors/`.

fn main() -> std::io::Result<()> {
    let dir = lightcheck_vectors::vectors_dir().join("nitro");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let files = lightcheck_vectors::nitro::files();
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes)?;
    }
    println!("wrote {} files to {}", files.len(), dir.display());
    Ok(())
}
