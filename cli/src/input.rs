//! Reading documents and keys from files in whatever form users hold them.

use std::path::Path;

use base64::Engine;

/// Largest file the CLI reads; documents themselves are bounded far below this by the core.
const MAX_FILE: u64 = 4 * 1024 * 1024;

pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > MAX_FILE {
        return Err(format!("{}: {} bytes is larger than the {MAX_FILE}-byte limit", path.display(), meta.len()));
    }
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Raw binary is returned as is; text is decoded as hex, then as base64 (standard or URL-safe,
/// padded or not). Whitespace in text is ignored.
pub fn binary_or_text(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else { return bytes };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return bytes;
    }
    let hex_body = compact.strip_prefix("0x").unwrap_or(&compact);
    if let Ok(decoded) = hex::decode(hex_body) {
        return decoded;
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        if let Ok(decoded) = engine.decode(&compact) {
            return decoded;
        }
    }
    bytes
}

/// DER from a PEM (first certificate) or DER file.
pub fn der_or_pem(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let Ok(text) = std::str::from_utf8(&bytes) else { return Ok(bytes) };
    if !text.contains("-----BEGIN") {
        return Ok(bytes);
    }
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body.trim()).map_err(|e| format!("PEM body: {e}"))
}

pub fn hex_arg(name: &str, value: &str) -> Result<Vec<u8>, String> {
    hex::decode(value.strip_prefix("0x").unwrap_or(value)).map_err(|e| format!("{name}: not hex ({e})"))
}
