//! A minimal DER writer, enough to build X.509 certificates field by field (including the
//! deliberately wrong ones the negative vectors need).

/// A DER tag-length-value with `tag` and `content`.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER SEQUENCE of encoded parts.
pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A DER SET of encoded parts (in the given order).
pub fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes.
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|&b| b == 0).collect();
    let mut content = if trimmed.is_empty() { vec![0] } else { trimmed };
    if content[0] & 0x80 != 0 {
        content.insert(0, 0);
    }
    tlv(0x02, &content)
}

/// A DER INTEGER from a small unsigned value.
pub fn small_uint(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

/// A DER BOOLEAN.
pub fn boolean(v: bool) -> Vec<u8> {
    tlv(0x01, &[if v { 0xff } else { 0 }])
}

/// A DER OBJECT IDENTIFIER from dotted text.
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().expect("OID arc")).collect();
    let mut content = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        groups.reverse();
        content.extend(groups);
    }
    tlv(0x06, &content)
}

/// A DER OCTET STRING.
pub fn octet_string(v: &[u8]) -> Vec<u8> {
    tlv(0x04, v)
}

/// A BIT STRING with `unused` trailing bits in the last byte.
pub fn bit_string(v: &[u8], unused: u8) -> Vec<u8> {
    let mut content = vec![unused];
    content.extend_from_slice(v);
    tlv(0x03, &content)
}

/// A DER UTF8String.
pub fn utf8_string(s: &str) -> Vec<u8> {
    tlv(0x0c, s.as_bytes())
}

/// A DER PrintableString.
pub fn printable_string(s: &str) -> Vec<u8> {
    tlv(0x13, s.as_bytes())
}

/// `[n] EXPLICIT`.
pub fn explicit(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, content)
}

/// UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
pub fn time(unix_secs: i64) -> Vec<u8> {
    // "2049-10-28T14:28:05Z" → digits "20491028142805"
    let text = lightcheck::time::Timestamp::from_unix_secs(unix_secs).expect("year 1-9999").to_string();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits[..4].parse::<u32>().expect("year") < 2050 {
        tlv(0x17, format!("{}Z", &digits[2..]).as_bytes())
    } else {
        tlv(0x18, format!("{digits}Z").as_bytes())
    }
}
