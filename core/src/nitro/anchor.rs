//! Trust anchors: the root certificates an attestation chain may start from.

use sha2::{Digest, Sha256};

/// A trusted root certificate, identified by the SHA-256 of its DER encoding.
///
/// `cabundle[0]` of a document must hash to one of the verifier's anchors. Comparing
/// SHA-256 fingerprints is a byte comparison of the DER up to SHA-256 collisions, and lets
/// the default anchor be pinned without embedding the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrustAnchor {
    fingerprint: [u8; 32],
}

impl TrustAnchor {
    /// The AWS Nitro Enclaves Root G1 (`CN=aws.nitro-enclaves`, valid 2019-10-28 → 2049-10-28),
    /// pinned by the SHA-256 of its DER, as AWS publishes it.
    pub const AWS_NITRO_ROOT_G1: TrustAnchor = TrustAnchor {
        fingerprint: [
            0x64, 0x1a, 0x03, 0x21, 0xa3, 0xe2, 0x44, 0xef, 0xe4, 0x56, 0x46, 0x31, 0x95, 0xd6, 0x06, 0x31, 0x7e, 0xd7,
            0xcd, 0xcc, 0x3c, 0x17, 0x56, 0xe0, 0x98, 0x93, 0xf3, 0xc6, 0x8f, 0x79, 0xbb, 0x5b,
        ],
    };

    /// An anchor for the given root certificate DER. The bytes are not parsed here: a root
    /// that is not a valid CA certificate fails verification of every document that uses it.
    pub fn from_der(certificate_der: &[u8]) -> Self {
        TrustAnchor { fingerprint: Sha256::digest(certificate_der).into() }
    }

    /// An anchor for a known DER SHA-256 fingerprint.
    pub const fn from_fingerprint(fingerprint: [u8; 32]) -> Self {
        TrustAnchor { fingerprint }
    }

    /// The SHA-256 of the anchor certificate's DER.
    pub const fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }
}
