//! The project test vectors the suites run, embedded (the wasm tests cannot read files).
//! Generated from the file lists of test-vectors/{nitro,cometbft,settlement}; a vector added there
//! must be added here for the manifest loops to find it.

/// Nitro documents (and extra roots) by file name.
pub const NITRO_FILES: &[(&str, &[u8])] = &[
    (
        "chain-ca-basic-constraints-not-critical.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-ca-basic-constraints-not-critical.cbor"
        )),
    ),
    (
        "chain-ca-false.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-ca-false.cbor")),
    ),
    (
        "chain-ca-no-basic-constraints.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-ca-no-basic-constraints.cbor"
        )),
    ),
    (
        "chain-ca-no-key-cert-sign.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-ca-no-key-cert-sign.cbor")),
    ),
    (
        "chain-ca-no-key-usage.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-ca-no-key-usage.cbor")),
    ),
    (
        "chain-cabundle-out-of-order.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-cabundle-out-of-order.cbor")),
    ),
    (
        "chain-cabundle-reversed.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-cabundle-reversed.cbor")),
    ),
    (
        "chain-issuer-mismatch.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-issuer-mismatch.cbor")),
    ),
    (
        "chain-leaf-is-ca.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-is-ca.cbor")),
    ),
    (
        "chain-leaf-no-digital-signature.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-leaf-no-digital-signature.cbor"
        )),
    ),
    (
        "chain-leaf-no-key-usage.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-no-key-usage.cbor")),
    ),
    (
        "chain-leaf-not-a-certificate.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-not-a-certificate.cbor")),
    ),
    (
        "chain-leaf-p256-curve.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-p256-curve.cbor")),
    ),
    (
        "chain-leaf-path-length.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-path-length.cbor")),
    ),
    (
        "chain-leaf-sha256.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-leaf-sha256.cbor")),
    ),
    (
        "chain-leaf-signed-by-wrong-key.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-leaf-signed-by-wrong-key.cbor"
        )),
    ),
    (
        "chain-leaf-unknown-critical-extension.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-leaf-unknown-critical-extension.cbor"
        )),
    ),
    (
        "chain-path-length-exceeded.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-path-length-exceeded.cbor")),
    ),
    (
        "chain-root-not-ca.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-root-not-ca.cbor")),
    ),
    (
        "chain-root-path-length-exceeded.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-root-path-length-exceeded.cbor"
        )),
    ),
    (
        "chain-unknown-critical-extension.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-unknown-critical-extension.cbor"
        )),
    ),
    (
        "chain-wrong-root.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-wrong-root.cbor")),
    ),
    (
        "chain-zonal-signed-by-wrong-key.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-zonal-signed-by-wrong-key.cbor"
        )),
    ),
    (
        "cose-alg-es256.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-alg-es256.cbor")),
    ),
    (
        "cose-bad-signature.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-bad-signature.cbor")),
    ),
    (
        "cose-detached-payload.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-detached-payload.cbor")),
    ),
    (
        "cose-protected-extra-label.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-protected-extra-label.cbor")),
    ),
    (
        "cose-signature-95-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-signature-95-bytes.cbor")),
    ),
    (
        "cose-signature-der.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-signature-der.cbor")),
    ),
    (
        "cose-signed-by-other-key.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-signed-by-other-key.cbor")),
    ),
    (
        "cose-three-elements.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-three-elements.cbor")),
    ),
    (
        "cose-trailing-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-trailing-bytes.cbor")),
    ),
    (
        "cose-unprotected-not-empty.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-unprotected-not-empty.cbor")),
    ),
    (
        "cose-wrong-tag.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/cose-wrong-tag.cbor")),
    ),
    (
        "document-too-large.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/document-too-large.cbor")),
    ),
    (
        "expired-intermediate.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/expired-intermediate.cbor")),
    ),
    (
        "not-yet-valid-intermediate.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/not-yet-valid-intermediate.cbor")),
    ),
    (
        "payload-16385-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-16385-bytes.cbor")),
    ),
    (
        "payload-cabundle-9.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-cabundle-9.cbor")),
    ),
    (
        "payload-cabundle-empty.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-cabundle-empty.cbor")),
    ),
    (
        "payload-certificate-1025.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-certificate-1025.cbor")),
    ),
    (
        "payload-certificate-empty.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-certificate-empty.cbor")),
    ),
    (
        "payload-digest-sha256.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-digest-sha256.cbor")),
    ),
    (
        "payload-duplicate-field.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-duplicate-field.cbor")),
    ),
    (
        "payload-indefinite-byte-string.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/payload-indefinite-byte-string.cbor"
        )),
    ),
    (
        "payload-integer-key.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-integer-key.cbor")),
    ),
    (
        "payload-missing-cabundle.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-missing-cabundle.cbor")),
    ),
    (
        "payload-module-id-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-module-id-bytes.cbor")),
    ),
    (
        "payload-module-id-empty.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-module-id-empty.cbor")),
    ),
    (
        "payload-nonce-1025.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-nonce-1025.cbor")),
    ),
    (
        "payload-pcr-32-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-pcr-32-bytes.cbor")),
    ),
    (
        "payload-pcr-index-32.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-pcr-index-32.cbor")),
    ),
    (
        "payload-pcrs-empty.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-pcrs-empty.cbor")),
    ),
    (
        "payload-public-key-1025.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-public-key-1025.cbor")),
    ),
    (
        "payload-tagged-value.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-tagged-value.cbor")),
    ),
    (
        "payload-timestamp-negative.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-timestamp-negative.cbor")),
    ),
    (
        "payload-timestamp-zero.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-timestamp-zero.cbor")),
    ),
    (
        "payload-trailing-bytes.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-trailing-bytes.cbor")),
    ),
    (
        "payload-unknown-field.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-unknown-field.cbor")),
    ),
    (
        "payload-user-data-1025.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/payload-user-data-1025.cbor")),
    ),
    (
        "valid-1024-byte-optionals.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-1024-byte-optionals.cbor")),
    ),
    (
        "valid-32-pcrs.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-32-pcrs.cbor")),
    ),
    (
        "valid-absent-optionals.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-absent-optionals.cbor")),
    ),
    (
        "valid-debug-mode.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-debug-mode.cbor")),
    ),
    (
        "valid-definite-map.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-definite-map.cbor")),
    ),
    (
        "valid-empty-optionals.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-empty-optionals.cbor")),
    ),
    (
        "valid-high-s.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-high-s.cbor")),
    ),
    (
        "valid-indefinite-map.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-indefinite-map.cbor")),
    ),
    (
        "valid-tagged.cbor",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/valid-tagged.cbor")),
    ),
    (
        "valid-unknown-noncritical-extension.cbor",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/valid-unknown-noncritical-extension.cbor"
        )),
    ),
    (
        "chain-root-not-ca.root.der",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/chain-root-not-ca.root.der")),
    ),
    (
        "chain-root-path-length-exceeded.root.der",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/nitro/chain-root-path-length-exceeded.root.der"
        )),
    ),
    ("root.der", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/nitro/root.der"))),
];

/// CometBFT light blocks by file name.
pub const COMETBFT_FILES: &[(&str, &str)] = &[
    ("mixed-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/mixed-h1.json"))),
    ("mixed-h2.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/mixed-h2.json"))),
    ("mixed-h8.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/mixed-h8.json"))),
    (
        "reject-bad-signature-ed25519-skipping.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-bad-signature-ed25519-skipping.json"
        )),
    ),
    (
        "reject-bad-signature-ed25519.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-bad-signature-ed25519.json"
        )),
    ),
    (
        "reject-chain-id.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-chain-id.json")),
    ),
    (
        "reject-commit-signature-count.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-commit-signature-count.json"
        )),
    ),
    (
        "reject-commit-signer-index.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-commit-signer-index.json")),
    ),
    (
        "reject-decode-block-id-flag.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-decode-block-id-flag.json")),
    ),
    (
        "reject-decode-hex.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-decode-hex.json")),
    ),
    (
        "reject-double-vote.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-double-vote.json")),
    ),
    (
        "reject-header-hash-mismatch.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-header-hash-mismatch.json")),
    ),
    (
        "reject-header-version.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-header-version.json")),
    ),
    (
        "reject-insufficient-power-skipping.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-insufficient-power-skipping.json"
        )),
    ),
    (
        "reject-insufficient-power.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-insufficient-power.json")),
    ),
    (
        "reject-key-bls12-381-cometbft.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-key-bls12-381-cometbft.json"
        )),
    ),
    (
        "reject-key-bls12-381-tendermint.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-key-bls12-381-tendermint.json"
        )),
    ),
    (
        "reject-next-validators-hash-mismatch.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-next-validators-hash-mismatch.json"
        )),
    ),
    (
        "reject-next-validators-mismatch.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-next-validators-mismatch.json"
        )),
    ),
    (
        "reject-secp256k1-high-s.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-secp256k1-high-s.json")),
    ),
    (
        "reject-time-not-increasing.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-time-not-increasing.json")),
    ),
    (
        "reject-trust-one-third.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/reject-trust-one-third.json")),
    ),
    (
        "reject-validators-hash-mismatch.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/reject-validators-hash-mismatch.json"
        )),
    ),
    ("rot-all-h6.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-all-h6.json"))),
    ("rot-all-h7.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-all-h7.json"))),
    (
        "rot-double-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-double-h7.json")),
    ),
    ("rot-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-h1.json"))),
    (
        "rot-half-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-half-h7.json")),
    ),
    (
        "rot-halve-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-halve-h7.json")),
    ),
    (
        "rot-quarter-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-quarter-h7.json")),
    ),
    (
        "rot-third-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-third-h7.json")),
    ),
    (
        "rot-three-quarters-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-three-quarters-h7.json")),
    ),
    (
        "rot-two-thirds-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/rot-two-thirds-h7.json")),
    ),
    ("val1-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val1-h1.json"))),
    ("val1-h2.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val1-h2.json"))),
    ("val1-h9.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val1-h9.json"))),
    ("val100-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val100-h1.json"))),
    ("val100-h2.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val100-h2.json"))),
    ("val100-h20.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val100-h20.json"))),
    ("val150-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val150-h1.json"))),
    ("val150-h2.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val150-h2.json"))),
    ("val150-h30.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val150-h30.json"))),
    (
        "val4-h1-wrong-next-validators.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/cometbft/val4-h1-wrong-next-validators.json"
        )),
    ),
    ("val4-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val4-h1.json"))),
    ("val4-h10.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val4-h10.json"))),
    ("val4-h2.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val4-h2.json"))),
    ("val4-h3.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/val4-h3.json"))),
    ("whale-h1.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/whale-h1.json"))),
    (
        "whale-kept-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/whale-kept-h7.json")),
    ),
    (
        "whale-replaced-h7.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/cometbft/whale-replaced-h7.json")),
    ),
];

/// Settlement bundles (and the trusted state) by file name.
pub const SETTLEMENT_FILES: &[(&str, &str)] = &[
    (
        "pending-attested.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/pending-attested.json")),
    ),
    (
        "pending-overdue.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/pending-overdue.json")),
    ),
    (
        "pending-signed-only.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/pending-signed-only.json")),
    ),
    (
        "rejected-attestation-forged.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/rejected-attestation-forged.json"
        )),
    ),
    (
        "rejected-batch-wrong-proof.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/rejected-batch-wrong-proof.json"
        )),
    ),
    (
        "rejected-binding-other-key.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/rejected-binding-other-key.json"
        )),
    ),
    (
        "rejected-event-mismatch.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-event-mismatch.json")),
    ),
    (
        "rejected-header-forged.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-header-forged.json")),
    ),
    (
        "rejected-missing-light-block.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/rejected-missing-light-block.json"
        )),
    ),
    (
        "rejected-other-contract.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-other-contract.json")),
    ),
    (
        "rejected-calldata-mismatch.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/rejected-calldata-mismatch.json"
        )),
    ),
    (
        "rejected-pcr-hash.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-pcr-hash.json")),
    ),
    (
        "rejected-request-tampered.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-request-tampered.json")),
    ),
    (
        "rejected-result-forged.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-result-forged.json")),
    ),
    (
        "rejected-signature.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-signature.json")),
    ),
    (
        "rejected-trust-expired.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-trust-expired.json")),
    ),
    (
        "rejected-tx-failed.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-tx-failed.json")),
    ),
    (
        "rejected-tx-other-index.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-tx-other-index.json")),
    ),
    (
        "rejected-vm-reverted.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/rejected-vm-reverted.json")),
    ),
    (
        "settled-batch-multiproof.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/settled-batch-multiproof.json")),
    ),
    (
        "settled-batch-proof.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/settled-batch-proof.json")),
    ),
    (
        "settled-batch-tree.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/settled-batch-tree.json")),
    ),
    (
        "settled-individual-block-results.json",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../test-vectors/settlement/settled-individual-block-results.json"
        )),
    ),
    (
        "settled-individual.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/settled-individual.json")),
    ),
    ("trusted.json", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/trusted.json"))),
    (
        "unreadable-version-2.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/settlement/unreadable-version-2.json")),
    ),
];
