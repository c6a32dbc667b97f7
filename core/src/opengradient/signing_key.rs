//! A TEE's response-signing key: RSA, identified on chain by `tee_id = keccak256(SPKI DER)`.

use alloc::vec::Vec;

use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::PublicKey as RsaPublicKey;
use sha2::Sha256;

use crate::codec::hash::keccak256;
use crate::opengradient::Error;

/// Smallest modulus accepted, in bits (OpenGradient's precompile `MinRSAKeySize`).
pub const MIN_BITS: usize = 2048;
/// Largest modulus accepted, in bits (`MaxRSAKeySize`).
pub const MAX_BITS: usize = 8192;
/// Largest encoded key accepted (PEM or DER), in bytes.
pub const MAX_KEY_LEN: usize = 16 * 1024;

/// An RSA public key a TEE signs responses with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    key: RsaPublicKey,
    spki_der: Vec<u8>,
    tee_id: [u8; 32],
}

impl SigningKey {
    /// Decodes a DER `SubjectPublicKeyInfo` holding an `rsaEncryption` key of
    /// [`MIN_BITS`]..=[`MAX_BITS`] bits.
    ///
    /// The key is re-encoded canonically (parameters `NULL`, minimal integers) before its
    /// [`tee_id`](Self::tee_id) is taken, as the gateway and the SDK do, so a key given in
    /// another valid DER form still gets the identity the registry knows.
    pub fn from_spki_der(der: &[u8]) -> Result<SigningKey, Error> {
        if der.len() > MAX_KEY_LEN {
            return Err(Error::InputTooLarge { what: "signing key", len: der.len(), max: MAX_KEY_LEN });
        }
        let key = RsaPublicKey::from_public_key_der(der)
            .map_err(|_| Error::KeyInvalid { reason: "not a DER SubjectPublicKeyInfo with an RSA key" })?;
        let bits = key.n().bit_width_vartime() as usize;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(Error::KeyInvalid { reason: "RSA modulus outside 2048..=8192 bits" });
        }
        let spki_der =
            key.to_public_key_der().map_err(|_| Error::KeyInvalid { reason: "cannot re-encode the key" })?.into_vec();
        let tee_id = keccak256(&[&spki_der]);
        Ok(SigningKey { key, spki_der, tee_id })
    }

    /// Decodes a PEM `PUBLIC KEY` block (as the SDK's `signing_key_pem`), or DER if `bytes`
    /// do not start with `-----BEGIN`.
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<SigningKey, Error> {
        if bytes.len() > MAX_KEY_LEN {
            return Err(Error::InputTooLarge { what: "signing key", len: bytes.len(), max: MAX_KEY_LEN });
        }
        let text = trim_ascii(bytes);
        if !text.starts_with(b"-----BEGIN") {
            return SigningKey::from_spki_der(bytes);
        }
        let text = core::str::from_utf8(text).map_err(|_| Error::KeyInvalid { reason: "PEM is not UTF-8" })?;
        let der = pem_body(text, "PUBLIC KEY")?;
        SigningKey::from_spki_der(&der)
    }

    /// `keccak256` of the canonical SubjectPublicKeyInfo DER: the TEE's on-chain identity.
    pub fn tee_id(&self) -> [u8; 32] {
        self.tee_id
    }

    /// The canonical SubjectPublicKeyInfo DER (what the registry stores and nitriding hashes).
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bit_width_vartime() as usize
    }

    /// Verifies an RSASSA-PSS signature (SHA-256, MGF1-SHA-256, salt length exactly 32) over
    /// `message` (which PSS hashes again with SHA-256, as the gateway's signer does).
    pub fn verify_pss(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        if signature.len() != self.key.size() {
            return Err(Error::SignatureInvalid);
        }
        self.key.pss_verify::<Sha256>(message, signature).map_err(|_| Error::SignatureInvalid)
    }
}

fn trim_ascii(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if !first.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    while let [rest @ .., last] = b {
        if !last.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    b
}

/// The base64 body of exactly one PEM block with `label` (RFC 7468, strict: no headers).
fn pem_body(text: &str, label: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine as _;
    let bad = |reason| Error::KeyInvalid { reason };
    let mut lines = text.lines().map(str::trim_end);
    let begin = lines.next().ok_or(bad("empty PEM"))?;
    if begin.strip_prefix("-----BEGIN ").and_then(|s| s.strip_suffix("-----")) != Some(label) {
        return Err(bad("PEM label is not PUBLIC KEY"));
    }
    let mut b64 = alloc::string::String::new();
    for line in lines.by_ref() {
        if let Some(end) = line.strip_prefix("-----END ").and_then(|s| s.strip_suffix("-----")) {
            if end != label {
                return Err(bad("PEM end label differs from the begin label"));
            }
            if lines.any(|l| !l.trim().is_empty()) {
                return Err(bad("text after the PEM block"));
            }
            return base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .map_err(|_| bad("PEM body is not base64"));
        }
        b64.push_str(line.trim());
    }
    Err(bad("PEM has no END line"))
}
