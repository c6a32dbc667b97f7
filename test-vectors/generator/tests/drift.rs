//! The committed vectors are exactly what the generator writes.

#[test]
fn committed_nitro_vectors_match_the_generator() {
    let dir = lightcheck_vectors::vectors_dir().join("nitro");
    let files = lightcheck_vectors::nitro::files();
    for (name, bytes) in &files {
        let committed = std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e} (run `cargo run -p lightcheck-vectors`)"));
        assert!(
            committed == *bytes,
            "{name} differs from the generator's output (run `cargo run -p lightcheck-vectors`)"
        );
    }
    let mut on_disk: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    on_disk.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(on_disk, expected, "files in test-vectors/nitro that the generator does not write");
}

#[test]
fn generation_is_deterministic() {
    assert!(lightcheck_vectors::nitro::files() == lightcheck_vectors::nitro::files());
}
