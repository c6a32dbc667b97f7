//! The committed vectors are exactly what the generator writes.

/// Subdirectories of a family that another tool writes: `cometbft/network/` is recorded from a
/// real devnet by `scripts/devnet-record`, `settlement/chain/` from the OpenGradient-shaped chain
/// by `scripts/og-chain-test --record`; neither is generated.
const RECORDED: &[&str] = &["cometbft/network", "settlement/chain"];

/// Every file of `test-vectors/{family}` equals the generator's output, and nothing else is there
/// (but the recorded subdirectories above).
fn assert_no_drift(family: &str, files: &[(String, Vec<u8>)]) {
    let dir = lightcheck_vectors::vectors_dir().join(family);
    for (name, bytes) in files {
        let committed = std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("{family}/{name}: {e} (run `cargo run -p lightcheck-vectors`)"));
        assert!(
            committed == *bytes,
            "{family}/{name} differs from the generator's output (run `cargo run -p lightcheck-vectors`)"
        );
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !RECORDED.contains(&format!("{family}/{name}").as_str()))
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(on_disk, expected, "files in test-vectors/{family} that the generator does not write");
}

#[test]
fn committed_nitro_vectors_match_the_generator() {
    assert_no_drift("nitro", &lightcheck_vectors::nitro::files());
}

#[test]
fn committed_cometbft_vectors_match_the_generator() {
    assert_no_drift("cometbft", &lightcheck_vectors::cometbft::files());
}

#[test]
fn committed_settlement_vectors_match_the_generator() {
    assert_no_drift("settlement", &lightcheck_vectors::settlement::files());
}

#[test]
fn generation_is_deterministic() {
    assert!(lightcheck_vectors::nitro::files() == lightcheck_vectors::nitro::files());
    assert!(lightcheck_vectors::cometbft::files() == lightcheck_vectors::cometbft::files());
    assert!(lightcheck_vectors::settlement::files() == lightcheck_vectors::settlement::files());
}
