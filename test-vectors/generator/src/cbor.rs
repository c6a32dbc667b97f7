//! A minimal CBOR writer for attestation payloads and COSE envelopes, including the
//! encodings real documents use (indefinite maps, 8-byte timestamps) and broken ones.

/// A CBOR head: major type and argument, shortest form.
pub fn head(major: u8, arg: u64) -> Vec<u8> {
    let m = major << 5;
    match arg {
        0..=23 => vec![m | arg as u8],
        24..=0xff => vec![m | 24, arg as u8],
        0x100..=0xffff => [vec![m | 25], (arg as u16).to_be_bytes().to_vec()].concat(),
        0x1_0000..=0xffff_ffff => [vec![m | 26], (arg as u32).to_be_bytes().to_vec()].concat(),
        _ => [vec![m | 27], arg.to_be_bytes().to_vec()].concat(),
    }
}

/// A CBOR unsigned integer.
pub fn uint(v: u64) -> Vec<u8> {
    head(0, v)
}

/// An unsigned integer always in the 8-byte form, as NSM writes `timestamp`.
pub fn uint64(v: u64) -> Vec<u8> {
    [vec![0x1b], v.to_be_bytes().to_vec()].concat()
}

/// A CBOR byte string.
pub fn bytes(v: &[u8]) -> Vec<u8> {
    [head(2, v.len() as u64), v.to_vec()].concat()
}

/// A CBOR text string.
pub fn text(s: &str) -> Vec<u8> {
    [head(3, s.len() as u64), s.as_bytes().to_vec()].concat()
}

/// CBOR `null`.
pub const NULL: u8 = 0xf6;

/// A CBOR array of already encoded items.
pub fn array(items: &[Vec<u8>]) -> Vec<u8> {
    [head(4, items.len() as u64), items.concat()].concat()
}

/// A map from already-encoded keys and values; indefinite maps end with a break.
pub fn map(entries: &[(Vec<u8>, Vec<u8>)], indefinite: bool) -> Vec<u8> {
    let mut out = if indefinite { vec![0xbf] } else { head(5, entries.len() as u64) };
    for (k, v) in entries {
        out.extend_from_slice(k);
        out.extend_from_slice(v);
    }
    if indefinite {
        out.push(0xff);
    }
    out
}
