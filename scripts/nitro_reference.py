#!/usr/bin/env python3
"""Independent reference verifier for AWS Nitro Enclaves attestation documents.

Used by lightcheck as a differential oracle (scripts/nitro-differential) and as
a benchmark peer. It is written from docs/nitro.md (sections 1-4) and shares
no code with the Rust implementation. Crypto is OpenSSL via `cryptography`;
CBOR is decoded by a small strict decoder in this file and cross-checked
against `cbor2`.

API:
    verify(doc_bytes, root_ders, at_ms) -> (ok: bool, reason: str)
    bench(doc_bytes, root_ders, at_ms, iterations) -> mean seconds per verify
CLI:
    python3 scripts/nitro_reference.py --root ROOT.pem|.der [--root ...] --at-ms N FILE
    prints {"valid": bool, "reason": str}; exit 0 valid, 1 invalid, 2 usage error.

Rules (fail closed). Encoding choices where nitro.md leaves room are marked [choice]:
  Envelope
    * optional leading tag 18 (any head encoding of the value 18); no other tag.
    * a 4-element array [choice: definite or indefinite length].
    * protected: bstr whose content is exactly a1 01 38 22 ({1: -35}, the only
      deterministic encoding; nitro.md 3.1 says "exactly").
    * unprotected: a map with zero entries [choice: a0 or bf ff].
    * payload: bstr of 1..=16384 bytes; signature: bstr of exactly 96 bytes.
    * no bytes after the array; no indefinite-length strings anywhere.
    * [choice] non-minimal CBOR heads (e.g. 0x18 0x01 for 1) are well-formed
      CBOR and are accepted; reserved additional-info 28..30 is rejected.
  Payload
    * one map (definite or indefinite), nothing after it, no tags, no
      indefinite strings, no duplicate keys (any map), keys all text and
      from the fixed set of 9; unknown key -> invalid.
    * module_id text 1..=256 bytes (valid UTF-8); digest == "SHA384";
      timestamp uint, 0 < t < 2^64; pcrs map of 1..=32 entries, key uint
      0..=31, value bstr of exactly 48 bytes; certificate bstr 1..=1024;
      cabundle array of 1..=8 bstr each 1..=1024; public_key/user_data/nonce
      absent, null or bstr 0..=1024.
  Chain  [cabundle[0] == pinned root (bytes), cabundle[1..], certificate]
    * every cert: strict DER outer structure; outer and TBS signature
      AlgorithmIdentifier exactly ecdsa-with-SHA384 with absent parameters;
      SPKI exactly id-ecPublicKey/secp384r1 with a 97-byte uncompressed point;
      notBefore <= at_ms // 1000 <= notAfter (root included).
    * child.issuer == parent.subject (raw DER), ECDSA-P384/SHA-384 verify of
      child TBS under the parent key (root self-signature not checked: the
      root is pinned by bytes). Cert signature DER must be canonical.
    * CA certs (root + cabundle[1..]): basicConstraints present, critical,
      cA TRUE; keyUsage present with keyCertSign; pathLen p allows at most p
      CA certificates below it (leaf excluded).
    * leaf: basicConstraints absent, or cA FALSE with no pathLen; keyUsage
      present with digitalSignature (criticality not required).
    * any critical extension other than basicConstraints/keyUsage -> invalid;
      duplicate extensions -> invalid; unknown non-critical ones ignored.
  COSE
    * Sig_structure = ["Signature1", protected, h'', payload] encoded by hand
      (payload bytes as received, never re-encoded), SHA-384, ECDSA P-384
      with the leaf key; signature raw r||s converted to DER; high-S accepted.
"""

import base64
import calendar
import json
import sys
import time
import warnings

try:
    import cbor2
except Exception:  # pragma: no cover - reported by verify()
    cbor2 = None

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

# Mutated certificates may carry a non-positive serial; cryptography warns
# (the signature check rejects them anyway). Keep stderr clean.
warnings.filterwarnings("ignore", message="Parsed a serial number which wasn't positive")

# ---------------------------------------------------------------------------
# constants

PROTECTED_ES384 = bytes.fromhex("a1013822")
MAX_PAYLOAD = 16384
SIG_LEN = 96
ALLOWED_KEYS = (
    "module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle",
    "public_key", "user_data", "nonce",
)
REQUIRED_KEYS = ("module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle")
OPTIONAL_KEYS = ("public_key", "user_data", "nonce")

# AlgorithmIdentifier { ecdsa-with-SHA384 } (parameters absent)
ALGID_ECDSA_SHA384 = bytes.fromhex("300a06082a8648ce3d040303")
# AlgorithmIdentifier { id-ecPublicKey, secp384r1 }
ALGID_EC_P384 = bytes.fromhex("301006072a8648ce3d020106052b81040022")
OID_BASIC_CONSTRAINTS = bytes.fromhex("551d13")  # 2.5.29.19 (content bytes)
OID_KEY_USAGE = bytes.fromhex("551d0f")          # 2.5.29.15

MAX_CBOR_DEPTH = 16


class Reject(Exception):
    """Verification failure with a reason."""


# ---------------------------------------------------------------------------
# strict CBOR decoder


class _Simple:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return "simple(%d)" % self.value


class _Float:
    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw

    def __repr__(self):
        return "float(%s)" % self.raw.hex()


class _Map:
    """Decoded CBOR map keeping order and the definite/indefinite flag."""

    __slots__ = ("pairs", "indefinite")

    def __init__(self, pairs, indefinite):
        self.pairs = pairs
        self.indefinite = indefinite


class _Tag:
    __slots__ = ("tag", "item")

    def __init__(self, tag, item):
        self.tag = tag
        self.item = item


_UNDEFINED = _Simple(23)


def _head(buf, pos):
    """Return (major, ai, value, new_pos); value None for indefinite."""
    if pos >= len(buf):
        raise Reject("cbor: truncated (head)")
    ib = buf[pos]
    major, ai = ib >> 5, ib & 0x1F
    pos += 1
    if ai < 24:
        return major, ai, ai, pos
    if ai in (24, 25, 26, 27):
        n = 1 << (ai - 24)
        if pos + n > len(buf):
            raise Reject("cbor: truncated (argument)")
        return major, ai, int.from_bytes(buf[pos:pos + n], "big"), pos + n
    if ai == 31:
        return major, ai, None, pos
    raise Reject("cbor: reserved additional info %d" % ai)


def _decode(buf, pos, depth, allow_tags):
    if depth > MAX_CBOR_DEPTH:
        raise Reject("cbor: nesting too deep")
    major, ai, val, pos = _head(buf, pos)
    if major == 0:
        if val is None:
            raise Reject("cbor: indefinite uint")
        return val, pos
    if major == 1:
        if val is None:
            raise Reject("cbor: indefinite nint")
        return -1 - val, pos
    if major in (2, 3):
        if val is None:
            raise Reject("cbor: indefinite-length string")
        if val > len(buf) - pos:
            raise Reject("cbor: string runs past end of input")
        raw = bytes(buf[pos:pos + val])
        pos += val
        if major == 3:
            try:
                return raw.decode("utf-8", errors="strict"), pos
            except UnicodeDecodeError:
                raise Reject("cbor: text string is not valid UTF-8")
        return raw, pos
    if major == 4:
        items = []
        if val is None:
            while True:
                if pos >= len(buf):
                    raise Reject("cbor: truncated indefinite array")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
                item, pos = _decode(buf, pos, depth + 1, allow_tags)
                items.append(item)
        else:
            if val > len(buf) - pos:  # each item needs >= 1 byte
                raise Reject("cbor: array length exceeds input")
            for _ in range(val):
                item, pos = _decode(buf, pos, depth + 1, allow_tags)
                items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        seen = set()

        def add(k, v):
            if type(k) not in (int, str, bytes):
                raise Reject("cbor: unsupported map key type")
            ident = (type(k), k)
            if ident in seen:
                raise Reject("cbor: duplicate map key %r" % (k,))
            seen.add(ident)
            pairs.append((k, v))

        if val is None:
            while True:
                if pos >= len(buf):
                    raise Reject("cbor: truncated indefinite map")
                if buf[pos] == 0xFF:
                    pos += 1
                    break
                k, pos = _decode(buf, pos, depth + 1, allow_tags)
                if pos < len(buf) and buf[pos] == 0xFF:
                    raise Reject("cbor: break in map value position")
                v, pos = _decode(buf, pos, depth + 1, allow_tags)
                add(k, v)
            return _Map(pairs, True), pos
        if val > (len(buf) - pos) // 2:
            raise Reject("cbor: map length exceeds input")
        for _ in range(val):
            k, pos = _decode(buf, pos, depth + 1, allow_tags)
            v, pos = _decode(buf, pos, depth + 1, allow_tags)
            add(k, v)
        return _Map(pairs, False), pos
    if major == 6:
        if val is None:
            raise Reject("cbor: indefinite tag")
        if not allow_tags:
            raise Reject("cbor: tag %d not allowed" % val)
        item, pos = _decode(buf, pos, depth + 1, allow_tags)
        return _Tag(val, item), pos
    # major 7
    if ai < 20:
        return _Simple(ai), pos
    if ai == 20:
        return False, pos
    if ai == 21:
        return True, pos
    if ai == 22:
        return None, pos
    if ai == 23:
        return _UNDEFINED, pos
    if ai == 24:
        if val < 32:
            raise Reject("cbor: invalid two-byte simple value")
        return _Simple(val), pos
    if ai in (25, 26, 27):
        n = 1 << (ai - 24)
        return _Float(bytes(buf[pos - n:pos])), pos
    raise Reject("cbor: unexpected break")


def _to_plain(item):
    """Convert decoded item to plain Python values for the cbor2 cross-check."""
    if isinstance(item, _Map):
        return {k: _to_plain(v) for k, v in item.pairs}
    if isinstance(item, list):
        return [_to_plain(i) for i in item]
    return item


# ---------------------------------------------------------------------------
# minimal strict DER walker


def _tlv(buf, pos, end):
    """Return (tag, content_start, content_end) of the DER TLV at pos."""
    if pos + 2 > end:
        raise Reject("der: truncated")
    tag = buf[pos]
    if tag & 0x1F == 0x1F:
        raise Reject("der: high tag number form")
    ln = buf[pos + 1]
    p = pos + 2
    if ln < 0x80:
        length = ln
    else:
        n = ln & 0x7F
        if n == 0 or n > 4:
            raise Reject("der: bad length form")
        if p + n > end:
            raise Reject("der: truncated length")
        length = int.from_bytes(buf[p:p + n], "big")
        if buf[p] == 0 or length < 0x80:
            raise Reject("der: non-minimal length")
        p += n
    if length > end - p:
        raise Reject("der: content runs past end")
    return tag, p, p + length


def _expect(buf, pos, end, tag, what):
    t, s, e = _tlv(buf, pos, end)
    if t != tag:
        raise Reject("der: expected %s" % what)
    return s, e


def _der_uint(content, what):
    if not content:
        raise Reject("der: empty INTEGER in %s" % what)
    if len(content) > 1 and ((content[0] == 0 and content[1] < 0x80) or
                             (content[0] == 0xFF and content[1] >= 0x80)):
        raise Reject("der: non-minimal INTEGER in %s" % what)
    if content[0] & 0x80:
        raise Reject("der: negative INTEGER in %s" % what)
    return int.from_bytes(content, "big")


class _CertInfo:
    __slots__ = ("der", "tbs", "sig_der", "issuer", "subject", "spki_point",
                 "extensions", "obj", "key", "nb", "na")


def _parse_cert(der, label):
    info = _CertInfo()
    info.der = der
    n = len(der)
    t, cs, ce = _tlv(der, 0, n)
    if t != 0x30 or ce != n:
        raise Reject("%s: not a single DER SEQUENCE" % label)
    # tbsCertificate
    t, ts, te = _tlv(der, cs, ce)
    if t != 0x30:
        raise Reject("%s: tbsCertificate not a SEQUENCE" % label)
    info.tbs = bytes(der[cs:te])
    # outer signatureAlgorithm
    t, s, e = _tlv(der, te, ce)
    if t != 0x30 or bytes(der[te:e]) != ALGID_ECDSA_SHA384:
        raise Reject("%s: outer signatureAlgorithm is not ecdsa-with-SHA384" % label)
    # signatureValue BIT STRING
    t, bs, be = _tlv(der, e, ce)
    if t != 0x03 or be != ce:
        raise Reject("%s: bad signatureValue / trailing data" % label)
    if be - bs < 2 or der[bs] != 0:
        raise Reject("%s: signatureValue BIT STRING has unused bits" % label)
    info.sig_der = bytes(der[bs + 1:be])

    # inside TBS
    p = ts
    t, s, e = _tlv(der, p, te)
    version = 0
    if t == 0xA0:
        vs, ve = _expect(der, s, e, 0x02, "version INTEGER")
        if ve != e:
            raise Reject("%s: bad version field" % label)
        version = _der_uint(der[vs:ve], "version")
        if version == 0:
            raise Reject("%s: explicit default version" % label)
        p = e
        t, s, e = _tlv(der, p, te)
    if t != 0x02:
        raise Reject("%s: missing serialNumber" % label)
    p = e
    t, s, e = _tlv(der, p, te)
    if t != 0x30 or bytes(der[p:e]) != ALGID_ECDSA_SHA384:
        raise Reject("%s: TBS signature algorithm is not ecdsa-with-SHA384" % label)
    p = e
    t, s, e = _tlv(der, p, te)
    if t != 0x30:
        raise Reject("%s: bad issuer" % label)
    info.issuer = bytes(der[p:e])
    p = e
    t, s, e = _tlv(der, p, te)
    if t != 0x30:
        raise Reject("%s: bad validity" % label)
    p = e
    t, s, e = _tlv(der, p, te)
    if t != 0x30:
        raise Reject("%s: bad subject" % label)
    info.subject = bytes(der[p:e])
    p = e
    t, s, e = _tlv(der, p, te)
    if t != 0x30:
        raise Reject("%s: bad subjectPublicKeyInfo" % label)
    spki_end = e
    t2, s2, e2 = _tlv(der, s, spki_end)
    if t2 != 0x30 or bytes(der[s:e2]) != ALGID_EC_P384:
        raise Reject("%s: public key is not EC secp384r1" % label)
    t3, s3, e3 = _tlv(der, e2, spki_end)
    if t3 != 0x03 or e3 != spki_end:
        raise Reject("%s: bad subjectPublicKey" % label)
    if e3 - s3 != 98 or der[s3] != 0 or der[s3 + 1] != 0x04:
        raise Reject("%s: public key is not a 97-byte uncompressed P-384 point" % label)
    info.spki_point = bytes(der[s3 + 1:e3])
    p = spki_end
    # optional issuerUniqueID [1], subjectUniqueID [2], extensions [3]
    exts = []
    last = 0
    while p < te:
        t, s, e = _tlv(der, p, te)
        num = {0x81: 1, 0xA1: 1, 0x82: 2, 0xA2: 2, 0xA3: 3}.get(t)
        if num is None or num <= last:
            raise Reject("%s: unexpected field in tbsCertificate" % label)
        last = num
        if num == 3:
            if version != 2:
                raise Reject("%s: extensions in a non-v3 certificate" % label)
            exts = _parse_extensions(der, s, e, label)
        p = e
    info.extensions = exts
    return info


def _parse_extensions(der, s, e, label):
    ls, le = _expect(der, s, e, 0x30, "Extensions SEQUENCE")
    if le != e:
        raise Reject("%s: trailing data after Extensions" % label)
    if ls == le:
        raise Reject("%s: empty Extensions" % label)
    out = []
    seen = set()
    p = ls
    while p < le:
        xs, xe = _expect(der, p, le, 0x30, "Extension")
        os_, oe = _expect(der, xs, xe, 0x06, "extnID")
        oid = bytes(der[os_:oe])
        q = oe
        critical = False
        t, bs, be = _tlv(der, q, xe)
        if t == 0x01:
            if be - bs != 1 or der[bs] != 0xFF:
                raise Reject("%s: non-DER critical flag" % label)
            critical = True
            q = be
            t, bs, be = _tlv(der, q, xe)
        if t != 0x04 or be != xe:
            raise Reject("%s: bad extnValue" % label)
        if oid in seen:
            raise Reject("%s: duplicate extension" % label)
        seen.add(oid)
        out.append((oid, critical, bytes(der[bs:be])))
        p = xe
    return out


def _basic_constraints(value, label):
    """Return (ca: bool, path_len: int|None) from the extnValue content."""
    s, e = _expect(value, 0, len(value), 0x30, "BasicConstraints")
    if e != len(value):
        raise Reject("%s: trailing data in basicConstraints" % label)
    ca, plen = False, None
    p = s
    if p < e:
        t, bs, be = _tlv(value, p, e)
        if t == 0x01:
            if be - bs != 1 or value[bs] != 0xFF:
                raise Reject("%s: non-DER cA boolean" % label)
            ca = True
            p = be
    if p < e:
        t, bs, be = _tlv(value, p, e)
        if t != 0x02:
            raise Reject("%s: bad pathLenConstraint" % label)
        plen = _der_uint(value[bs:be], "pathLenConstraint")
        p = be
    if p != e:
        raise Reject("%s: trailing data in basicConstraints" % label)
    return ca, plen


def _key_usage(value, label):
    """Return the set of keyUsage bit numbers."""
    t, s, e = _tlv(value, 0, len(value))
    if t != 0x03 or e != len(value):
        raise Reject("%s: bad keyUsage" % label)
    if e - s < 1:
        raise Reject("%s: empty keyUsage BIT STRING" % label)
    unused = value[s]
    data = value[s + 1:e]
    if unused > 7 or (not data and unused != 0):
        raise Reject("%s: bad keyUsage unused bits" % label)
    if data:
        if data[-1] & ((1 << unused) - 1):
            raise Reject("%s: keyUsage padding bits not zero" % label)
    bits = set()
    for i, byte in enumerate(data):
        for b in range(8):
            if byte & (0x80 >> b):
                bits.add(i * 8 + b)
    return bits


KU_DIGITAL_SIGNATURE = 0
KU_KEY_CERT_SIGN = 5


def _load_cert(der, label):
    info = _parse_cert(der, label)
    try:
        obj = x509.load_der_x509_certificate(der)
    except Exception as exc:
        raise Reject("%s: cryptography cannot parse certificate: %s" % (label, exc))
    if obj.tbs_certificate_bytes != info.tbs:
        raise Reject("%s: internal: TBS mismatch with cryptography" % label)
    if obj.signature_algorithm_oid.dotted_string != "1.2.840.10045.4.3.3":
        raise Reject("%s: signature algorithm is not ecdsa-with-SHA384" % label)
    try:
        pk = obj.public_key()
    except Exception as exc:
        raise Reject("%s: invalid public key: %s" % (label, exc))
    if not isinstance(pk, ec.EllipticCurvePublicKey) or pk.curve.name != "secp384r1":
        raise Reject("%s: public key is not EC secp384r1" % label)
    info.obj = obj
    info.key = pk
    info.nb = calendar.timegm(obj.not_valid_before_utc.utctimetuple())
    info.na = calendar.timegm(obj.not_valid_after_utc.utctimetuple())
    return info


def _check_extensions(info, label, is_ca):
    """Return path_len (CA) after checking the extension profile."""
    bc = ku = None
    for oid, critical, value in info.extensions:
        if oid == OID_BASIC_CONSTRAINTS:
            bc = (critical, _basic_constraints(value, label))
        elif oid == OID_KEY_USAGE:
            ku = (critical, _key_usage(value, label))
        elif critical:
            raise Reject("%s: unknown critical extension" % label)
    if is_ca:
        if bc is None:
            raise Reject("%s: CA certificate without basicConstraints" % label)
        if not bc[0]:
            raise Reject("%s: basicConstraints not critical" % label)
        if not bc[1][0]:
            raise Reject("%s: issuer certificate is not a CA" % label)
        if ku is None:
            raise Reject("%s: CA certificate without keyUsage" % label)
        if KU_KEY_CERT_SIGN not in ku[1]:
            raise Reject("%s: CA keyUsage lacks keyCertSign" % label)
        return bc[1][1]
    if bc is not None:
        if bc[1][0]:
            raise Reject("%s: leaf certificate is a CA" % label)
        if bc[1][1] is not None:
            raise Reject("%s: leaf certificate has pathLenConstraint" % label)
    if ku is None:
        raise Reject("%s: leaf certificate without keyUsage" % label)
    if KU_DIGITAL_SIGNATURE not in ku[1]:
        raise Reject("%s: leaf keyUsage lacks digitalSignature" % label)
    return None


def _verify_cert_sig(child, parent, label):
    try:
        r, s = decode_dss_signature(child.sig_der)
    except Exception:
        raise Reject("%s: malformed certificate signature" % label)
    if encode_dss_signature(r, s) != child.sig_der:
        raise Reject("%s: non-canonical certificate signature DER" % label)
    try:
        parent.key.verify(child.sig_der, child.tbs, ec.ECDSA(hashes.SHA384()))
    except InvalidSignature:
        raise Reject("%s: certificate signature does not verify" % label)


# ---------------------------------------------------------------------------
# document


def _bstr_head(n):
    if n < 24:
        return bytes([0x40 | n])
    if n < 0x100:
        return bytes([0x58, n])
    if n < 0x10000:
        return bytes([0x59]) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes([0x5A]) + n.to_bytes(4, "big")
    return bytes([0x5B]) + n.to_bytes(8, "big")


def sig_structure(protected, payload):
    """CBOR ["Signature1", protected, h'', payload] built by hand."""
    return (b"\x84" + b"\x6aSignature1" + _bstr_head(len(protected)) + protected
            + b"\x40" + _bstr_head(len(payload)) + payload)


def _parse_envelope(doc):
    item, pos = _decode(doc, 0, 0, True)
    if pos != len(doc):
        raise Reject("envelope: trailing bytes after COSE_Sign1")
    if isinstance(item, _Tag):
        if item.tag != 18:
            raise Reject("envelope: unexpected tag %d" % item.tag)
        item = item.item
        if isinstance(item, _Tag):
            raise Reject("envelope: nested tag")
    if not isinstance(item, list) or len(item) != 4:
        raise Reject("envelope: not a 4-element array")
    protected, unprotected, payload, signature = item
    if type(protected) is not bytes:
        raise Reject("envelope: protected header is not a bstr")
    if protected != PROTECTED_ES384:
        raise Reject("envelope: protected header is not exactly {1: -35}")
    if not isinstance(unprotected, _Map) or unprotected.pairs:
        raise Reject("envelope: unprotected header is not an empty map")
    if type(payload) is not bytes:
        raise Reject("envelope: payload is not a bstr")
    if not 1 <= len(payload) <= MAX_PAYLOAD:
        raise Reject("envelope: payload length %d out of 1..=16384" % len(payload))
    if type(signature) is not bytes:
        raise Reject("envelope: signature is not a bstr")
    if len(signature) != SIG_LEN:
        raise Reject("envelope: signature length %d != 96" % len(signature))
    return protected, payload, signature


def _opt_bytes(v, name):
    if v is None:
        return None
    if type(v) is not bytes:
        raise Reject("payload: %s is not bytes or null" % name)
    if len(v) > 1024:
        raise Reject("payload: %s longer than 1024 bytes" % name)
    return v


def _parse_payload(payload):
    item, pos = _decode(payload, 0, 0, False)
    if pos != len(payload):
        raise Reject("payload: trailing bytes after map")
    if not isinstance(item, _Map):
        raise Reject("payload: not a map")
    fields = {}
    for k, v in item.pairs:
        if type(k) is not str:
            raise Reject("payload: non-text key")
        if k not in ALLOWED_KEYS:
            raise Reject("payload: unknown key %r" % k)
        fields[k] = v  # duplicates already rejected by the decoder
    for k in REQUIRED_KEYS:
        if k not in fields:
            raise Reject("payload: missing %s" % k)

    mid = fields["module_id"]
    if type(mid) is not str or not mid:
        raise Reject("payload: module_id not non-empty text")
    if len(mid.encode("utf-8")) > 256:
        raise Reject("payload: module_id longer than 256 bytes")
    if type(fields["digest"]) is not str or fields["digest"] != "SHA384":
        raise Reject("payload: digest is not \"SHA384\"")
    ts = fields["timestamp"]
    if type(ts) is not int or not 0 < ts < (1 << 64):
        raise Reject("payload: timestamp not a uint > 0")
    pcrs = fields["pcrs"]
    if not isinstance(pcrs, _Map):
        raise Reject("payload: pcrs is not a map")
    if not 1 <= len(pcrs.pairs) <= 32:
        raise Reject("payload: pcrs has %d entries (1..=32)" % len(pcrs.pairs))
    for k, v in pcrs.pairs:
        if type(k) is not int or not 0 <= k <= 31:
            raise Reject("payload: bad PCR index")
        if type(v) is not bytes or len(v) != 48:
            raise Reject("payload: PCR%d is not 48 bytes" % k)
    cert = fields["certificate"]
    if type(cert) is not bytes or not 1 <= len(cert) <= 1024:
        raise Reject("payload: certificate not bytes 1..=1024")
    cab = fields["cabundle"]
    if not isinstance(cab, list) or not 1 <= len(cab) <= 8:
        raise Reject("payload: cabundle not an array of 1..=8")
    for c in cab:
        if type(c) is not bytes or not 1 <= len(c) <= 1024:
            raise Reject("payload: cabundle item not bytes 1..=1024")
    for k in OPTIONAL_KEYS:
        _opt_bytes(fields.get(k), k)
    # cross-check with cbor2 (an independent decoder)
    if cbor2 is None:
        raise Reject("internal: cbor2 not installed")
    try:
        other = cbor2.loads(payload)
    except Exception as exc:
        raise Reject("payload: cbor2 rejects payload: %s" % exc)
    if other != _to_plain(item):
        raise Reject("internal: cbor2 cross-check mismatch")
    return fields


def _verify_chain(cabundle, leaf_der, root_ders, at_s):
    if not any(cabundle[0] == r for r in root_ders):
        raise Reject("chain: cabundle[0] is not a pinned root")
    ders = list(cabundle) + [leaf_der]
    labels = ["root"] + ["cabundle[%d]" % i for i in range(1, len(cabundle))] + ["leaf"]
    certs = [_load_cert(d, l) for d, l in zip(ders, labels)]
    n_ca = len(cabundle)
    for i, (c, label) in enumerate(zip(certs, labels)):
        is_ca = i < n_ca
        plen = _check_extensions(c, label, is_ca)
        if is_ca and plen is not None:
            below = n_ca - 1 - i  # CA certificates below this one, leaf excluded
            if below > plen:
                raise Reject("%s: pathLenConstraint %d exceeded (%d CAs below)" % (label, plen, below))
        if not c.nb <= at_s <= c.na:
            if at_s < c.nb:
                raise Reject("%s: not yet valid" % label)
            raise Reject("%s: expired" % label)
        if i > 0:
            parent = certs[i - 1]
            if c.issuer != parent.subject:
                raise Reject("%s: issuer does not match parent subject" % label)
            _verify_cert_sig(c, parent, label)
    return certs[-1]


def _verify(doc, root_ders, at_ms):
    doc = bytes(doc)
    protected, payload, signature = _parse_envelope(doc)
    fields = _parse_payload(payload)
    leaf = _verify_chain(fields["cabundle"], fields["certificate"], root_ders, at_ms // 1000)
    r = int.from_bytes(signature[:48], "big")
    s = int.from_bytes(signature[48:], "big")
    try:
        der_sig = encode_dss_signature(r, s)
    except Exception:
        raise Reject("cose: bad signature integers")
    try:
        leaf.key.verify(der_sig, sig_structure(protected, payload),
                                     ec.ECDSA(hashes.SHA384()))
    except InvalidSignature:
        raise Reject("cose: signature does not verify")
    return fields


def verify(doc_bytes, root_ders, at_ms):
    """Return (ok, reason). Never raises."""
    try:
        roots = [bytes(r) for r in root_ders]
        if not roots:
            return False, "no trusted roots given"
        at_ms = int(at_ms)
        _verify(doc_bytes, roots, at_ms)
        return True, "ok"
    except Reject as exc:
        return False, str(exc)
    except RecursionError:
        return False, "cbor: nesting too deep"
    except Exception as exc:  # fail closed on anything unexpected
        return False, "internal error: %s: %s" % (type(exc).__name__, exc)


def bench(doc_bytes, root_ders, at_ms, iterations):
    """Mean seconds per full verification (raises if the document is invalid)."""
    ok, reason = verify(doc_bytes, root_ders, at_ms)
    if not ok:
        raise ValueError("document does not verify: " + reason)
    iterations = max(1, int(iterations))
    t0 = time.perf_counter()
    for _ in range(iterations):
        verify(doc_bytes, root_ders, at_ms)
    return (time.perf_counter() - t0) / iterations


# ---------------------------------------------------------------------------
# CLI


def load_root_file(path):
    """Return a list of DER certificates from a PEM (one or more) or DER file."""
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN CERTIFICATE-----" not in data:
        return [data]
    out = []
    text = data.decode("ascii", errors="strict")
    parts = text.split("-----BEGIN CERTIFICATE-----")[1:]
    for part in parts:
        if "-----END CERTIFICATE-----" not in part:
            raise ValueError("%s: unterminated PEM block" % path)
        body = part.split("-----END CERTIFICATE-----")[0]
        out.append(base64.b64decode("".join(body.split()), validate=True))
    return out


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(description="Reference AWS Nitro attestation verifier")
    ap.add_argument("--root", action="append", required=True, help="trusted root (PEM or DER)")
    ap.add_argument("--at-ms", type=int, required=True, help="verification time, UNIX ms")
    ap.add_argument("file")
    try:
        args = ap.parse_args(argv)
    except SystemExit:
        return 2
    try:
        roots = []
        for r in args.root:
            roots.extend(load_root_file(r))
        with open(args.file, "rb") as f:
            doc = f.read()
    except Exception as exc:
        print(json.dumps({"valid": False, "reason": "usage: %s" % exc}))
        return 2
    ok, reason = verify(doc, roots, args.at_ms)
    print(json.dumps({"valid": ok, "reason": reason}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
