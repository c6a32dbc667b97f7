#!/usr/bin/env python3
"""Writes the case list the C test program (ffi/tests/c/test_lightcheck.c) runs, so that C never
parses JSON.

Usage: python3 ffi/tests/cases.py --out DIR [--quick]

Writes, from the repository root's point of view (run the C program from the repo root):
  DIR/cases.tsv        every case: one per line, tab-separated, `#` comments
  DIR/statuses.inc     LC_STATUS_ENTRY(LC_X, "code") for every enumerator of `enum lc_status`
                       in include/lightcheck.h, with the code its doc comment starts with
  DIR/extracted/...    the parts of JSON documents a case passes on its own (a bundle's light
                       block and tx proof, a TEE response, a validator set page...), cut out of
                       the original files byte for byte (no re-serialisation)
With --quick it also writes DIR/cases-quick.tsv: the same Nitro, CometBFT, OpenGradient and
settlement cases, fewer zk proofs (about 1 s each under valgrind), no handle-limit sweep. Without
--quick a stale cases-quick.tsv is removed.

Expected codes come from the manifests as the Rust suites read them:
  nitro        test-vectors/nitro/manifest.json (`error_code`, policy, per-document `root`), and
               ../shared/vectors/nitro/manifest.json (valid documents at their own `verify_at_ms`
               with their non-zero PCRs pinned and debug allowed, as core/tests/nitro_real.rs;
               negatives by the class that test assigns, with the code of that class's check)
  cometbft     test-vectors/cometbft/manifest.json (both counting modes), commits and tx proofs
               cut from those light blocks and from the settlement bundles (as
               wasm/tests/common/mod.rs checks them)
  zk           test-vectors/zk/manifest.json: `expected`, and for a rejection the code of the
               check the mutation breaks (ZK_CODES below; the manifest records EZKL's verdict,
               not lightcheck's code)
  opengradient test-vectors/opengradient/responses.json: the SDK verdict mapped to lightcheck's
               code, except the cases core/tests/og_responses.rs lists in STRICTER (read from
               that file) where lightcheck is deliberately stricter
  settlement   test-vectors/settlement/manifest.json + trusted.json
  sync         test-vectors/cometbft/network/devnet.json (`expected`: what lightcheck concluded
               against the live devnet and its fork, whose evidence both networks accepted)
A few cases go beyond the manifests (crafted here from their files, marked "crafted" or named by
what they change): validator pages, a multiproof with a flag dropped, zk argument forms.

../shared/vectors (or $LIGHTCHECK_SHARED_VECTORS, as the Rust tests) is optional: when missing, a
loud warning here and an `option shared-vectors-missing` row the C program reports.

Rows (kind, name, then; `-` is absent, hex is lowercase or uppercase):
  nitro   file root|- at_ms code allow_debug(0/1) pcrs(i=hex,..)|- nonce user_data max_age_ms
          max_future_skew_ms tls_certificate signing_key_spki, then facts to read back on success:
          module_id timestamp_ms pcr_count debug valid_from_ms valid_until_ms, and on failure class
  comet   trusted untrusted now_secs now_nanos trust_num trust_den trusting_period clock_drift
          verify_all code height block_hash chain_id app_hash
  commit  signed_header pages(comma-separated files) verify_all code height
  tx      header tx_proof code height index total hash
  zk      vka proof srs|- instances|- mode(json|raw|pin|wrongpin) code num_instances
  ogresp  request response key content|- expected_tee_id|- code tee_id request_hash output_hash timestamp
  teeid   key code tee_id
  bundle  bundle trusted now pcr_hash|- verdict code failed_link|- link_states(6, comma-separated)
          height mode attested overdue
  sync    dir target trusted_height trusted_hash now_secs honest_heights(comma-separated)
          honest_fetched honest_hash attack_height, then for the evidence against the primary and
          against the witness: kind conflicting_height common_height total_voting_power ts_secs
          ts_nanos hash byzantine_addresses(comma-separated) proto_hex (the live run's verdicts of
          test-vectors/cometbft/network/devnet.json; its light blocks cut out one file per height
          as DIR/a/H.json and DIR/b/H.json)
  option  handle-limit 0|1, or shared-vectors-missing WHAT
"""

import argparse
import base64
import calendar
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("LIGHTCHECK_SHARED_VECTORS") or os.path.join(os.path.dirname(REPO), "shared", "vectors")

LINKS = ["response_signature", "attestation", "enclave_binding", "header_trust", "inclusion", "settlement_match"]


def die(msg):
    print("cases.py: " + msg, file=sys.stderr)
    sys.exit(1)


def loud(msg):
    bar = "!" * 78
    print("%s\n!!! %s\n%s" % (bar, msg, bar), file=sys.stderr)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def rel(path):
    """A path relative to the repository root (what the C program opens)."""
    return os.path.relpath(os.path.abspath(path), REPO)


# ---- raw JSON spans: cut a value out of a document exactly as written -------------------------

WS = " \t\r\n"


def skip_ws(s, i):
    while i < len(s) and s[i] in WS:
        i += 1
    return i


def skip_string(s, i):
    assert s[i] == '"'
    i += 1
    while s[i] != '"':
        i += 2 if s[i] == "\\" else 1
    return i + 1


def skip_value(s, i):
    """Index just past the JSON value starting at (or after whitespace from) i."""
    i = skip_ws(s, i)
    c = s[i]
    if c == '"':
        return skip_string(s, i)
    if c in "{[":
        depth = 0
        while True:
            c = s[i]
            if c == '"':
                i = skip_string(s, i)
                continue
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
    while i < len(s) and s[i] not in ",}]" + WS:
        i += 1
    return i


def children(s, i):
    """(key or index, start, end) of the members of the object / array starting at i."""
    i = skip_ws(s, i)
    closing = "}" if s[i] == "{" else "]"
    i = skip_ws(s, i + 1)
    n = 0
    while s[i] != closing:
        key = n
        if closing == "}":
            end = skip_string(s, i)
            key = json.loads(s[i:end])
            i = skip_ws(s, end)
            assert s[i] == ":"
            i = skip_ws(s, i + 1)
        end = skip_value(s, i)
        yield key, i, end
        n += 1
        i = skip_ws(s, end)
        if s[i] == ",":
            i = skip_ws(s, i + 1)


def raw(text, *path):
    """The text of the value at `path` (keys and indices) in the JSON document `text`."""
    start, end = skip_ws(text, 0), skip_value(text, 0)
    for part in path:
        for key, s, e in children(text, start):
            if key == part:
                start, end = s, e
                break
        else:
            raise KeyError(part)
    return text[start:end]


# ---- output -----------------------------------------------------------------------------------


class Writer:
    def __init__(self, out):
        self.out = out
        self.extracted = os.path.join(out, "extracted")
        os.makedirs(self.extracted, exist_ok=True)
        self.rows = []  # (kind, fields, in_quick)

    def file(self, name, data):
        """Writes extracted/NAME and returns its repo-relative path."""
        path = os.path.join(self.extracted, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        return rel(path)

    def row(self, kind, *fields, quick=True):
        text = [str(f) for f in fields]
        for f in text:
            if "\t" in f or "\n" in f:
                die("field with a tab or newline in a %s case: %r" % (kind, f))
        self.rows.append((kind, text, quick))

    def write(self, name, quick):
        lines = ["# lightcheck C test cases, written by ffi/tests/cases.py: do not edit",
                 "# kind<TAB>name<TAB>fields...; '-' is absent; paths are relative to the repo root"]
        for kind, fields, in_quick in self.rows:
            if quick and not in_quick:
                continue
            lines.append("\t".join([kind] + fields))
        path = os.path.join(self.out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return sum(1 for _, _, q in self.rows if q or not quick)


def opt(v):
    return "-" if v is None else v


def b01(v):
    return "-" if v is None else ("1" if v else "0")


def rfc3339(text):
    """(unix seconds, nanoseconds) of an RFC 3339 UTC time with up to 9 fractional digits."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z", text)
    if not m:
        die("not an RFC 3339 UTC time: " + text)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    secs = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))
    nanos = int((m.group(7) or "0").ljust(9, "0"))
    return secs, nanos


def rfc3339_ms(text):
    """Unix milliseconds of `2024-11-25T22:58:38+00:00` (the shared Nitro manifest's form)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|\+00:00)", text)
    if not m:
        die("not an RFC 3339 UTC time: " + text)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    ms = int((m.group(7) or "0")[:3].ljust(3, "0"))
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * 1000 + ms


# ---- statuses.inc -----------------------------------------------------------------------------


def statuses(header_path):
    text = open(header_path, encoding="utf-8").read()
    m = re.search(r"enum lc_status\b[^{]*\{(.*?)\n\};", text, re.S)
    if not m:
        die("enum lc_status not found in " + header_path)
    body = m.group(1)
    entries = []
    for doc, name, value in re.findall(r"/\*\*(.*?)\*/\s*(LC_[A-Z0-9_]+)\s*=\s*(-?\d+)\s*,", body, re.S):
        code = re.match(r"\s*\*?\s*`([^`]+)`:", doc)
        if not code:
            die("%s: doc comment does not start with its code in backticks" % name)
        entries.append((name, int(value), code.group(1)))
    # Every enumerator must have been matched (one with no doc comment would be skipped above).
    names = re.findall(r"\b(LC_[A-Z0-9_]+)\s*=", body)
    if len(names) != len(entries):
        die("enum lc_status: %d enumerators, %d documented" % (len(names), len(entries)))
    if len({c for _, _, c in entries}) != len(entries) or len({v for _, v, _ in entries}) != len(entries):
        die("enum lc_status: duplicate code or value")
    return entries


def write_statuses(out, entries):
    lines = ["/* Generated by ffi/tests/cases.py from include/lightcheck.h: do not edit. */"]
    lines += ['LC_STATUS_ENTRY(%s, "%s")' % (name, code) for name, _, code in entries]
    with open(os.path.join(out, "statuses.inc"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# ---- Nitro ------------------------------------------------------------------------------------


def nitro_cases(w):
    d = os.path.join(REPO, "test-vectors", "nitro")
    m = load_json(os.path.join(d, "manifest.json"))
    n = 0
    for i, doc in enumerate(m["documents"]):
        p = doc["policy"]
        pcrs = ",".join("%s=%s" % (k, v) for k, v in sorted(p.get("pcrs", {}).items(), key=lambda kv: int(kv[0])))
        kb = p.get("key_binding") or {}
        want = "ok" if doc["expected"] == "valid" else doc["error_code"]
        if not want:
            die("nitro/%s: no error_code" % doc["file"])
        w.row("nitro", "nitro/%d/%s" % (i, doc["file"]), rel(os.path.join(d, doc["file"])),
              rel(os.path.join(d, doc.get("root") or m["root"])), doc["verify_at_ms"], want,
              b01(p.get("allow_debug", False)), pcrs or "-", opt(p.get("nonce")), opt(p.get("user_data")),
              opt(p.get("max_age_ms")), opt(p.get("max_future_skew_ms")), opt(kb.get("tls_certificate")),
              opt(kb.get("signing_key_spki")),
              # facts to read back: module_id timestamp_ms pcr_count debug valid_from valid_until class
              "-", "-", "-", "-", "-", "-", "-")
        n += 1
    return n


# The class core/tests/nitro_real.rs gives each shared negative, and the code of the check that
# class comes from for these documents (the first check each one fails).
NITRO_NEGATIVES = [
    ("selfsigned", "malformed", "nitro.cose.malformed"),
    ("corrupted", "malformed", "nitro.cose.malformed"),
    ("custom-root", "untrusted", "nitro.cert.untrusted_root"),
    ("bad-cose-signature", "forged", "nitro.cose.bad_signature"),
]


def nitro_real_cases(w):
    d = os.path.join(SHARED, "nitro")
    if not os.path.isfile(os.path.join(d, "manifest.json")):
        loud("../shared/vectors/nitro missing: real AWS Nitro documents SKIPPED")
        w.row("option", "shared-vectors-missing", "real AWS Nitro documents")
        return 0
    n = 0
    for e in load_json(os.path.join(d, "manifest.json")):
        path = rel(os.path.join(d, e["file"]))
        if e["expected"] == "valid":
            pcrs = ",".join("%s=%s" % kv for kv in sorted(e["pcrs_nonzero"].items(), key=lambda kv: int(kv[0])))
            w.row("nitro", "real/" + e["file"], path, "-", e["verify_at_ms"], "ok", "1", pcrs or "-",
                  "-", "-", "-", "-", "-", "-", e["module_id"], e["timestamp_ms"], e["pcr_count"],
                  b01(e["debug_mode_pcr0_2_zero"]), rfc3339_ms(e["chain_valid_from"]),
                  rfc3339_ms(e["chain_valid_until"]) + 999, "-")
        else:
            hit = [(cls, code) for key, cls, code in NITRO_NEGATIVES if key in e["file"]]
            if len(hit) != 1:
                die("shared nitro negative %s: not classified" % e["file"])
            cls, code = hit[0]
            # The forged document fails only for its signature at its own time (as the Rust test).
            at = e["timestamp_ms"] if cls == "forged" else 1700000000000
            w.row("nitro", "real/" + e["file"], path, "-", at, code, "1", "-", "-", "-", "-", "-", "-", "-",
                  "-", "-", "-", "-", "-", "-", cls)
        n += 1
    return n


# ---- CometBFT ---------------------------------------------------------------------------------


def comet_cases(w):
    d = os.path.join(REPO, "test-vectors", "cometbft")
    m = load_json(os.path.join(d, "manifest.json"))
    n = 0
    for case in m["cases"]:
        secs, nanos = rfc3339(case["now"])
        num, den = case["trust_level"]
        want = "ok" if case["expected"] == "SUCCESS" else case["error_code"]
        if case["expected"] != "SUCCESS" and not want:
            die("cometbft/%s: no error_code" % case["name"])
        height = block_hash = chain = app = "-"
        if want == "ok":
            u = load_json(os.path.join(d, case["untrusted"]))
            h = u["signed_header"]["header"]
            height, chain, app = h["height"], h["chain_id"], h["app_hash"]
            block_hash = u["signed_header"]["commit"]["block_id"]["hash"]
        for verify_all in (0, 1):
            w.row("comet", "cometbft/%s/%s" % (case["name"], "all" if verify_all else "stop"),
                  rel(os.path.join(d, case["trusted"])), rel(os.path.join(d, case["untrusted"])), secs, nanos,
                  num, den, case["trusting_period_secs"], case["clock_drift_secs"], verify_all, want,
                  height, block_hash, chain, app)
            n += 1
    return n


def commit_cases(w):
    """lc_cometbft_verify_commit on signed headers and validator sets cut from the light blocks."""
    d = os.path.join(REPO, "test-vectors", "cometbft")
    n = 0

    def parts(name):
        text = read_bytes(os.path.join(d, name)).decode("utf-8")
        return text, w.file("cometbft/%s.signed_header.json" % name, raw(text, "signed_header")), \
            w.file("cometbft/%s.validator_set.json" % name, raw(text, "validator_set"))

    for name in ["val1-h2.json", "val4-h2.json", "val4-h10.json", "val100-h2.json", "mixed-h8.json",
                 "rot-double-h7.json"]:
        text, sh, vs = parts(name)
        height = json.loads(raw(text, "signed_header", "header", "height"))
        for verify_all in (0, 1):
            w.row("commit", "commit/%s/%d" % (name, verify_all), sh, vs, verify_all, "ok", height)
            n += 1
        # The whole light block is accepted as the signed header too.
        w.row("commit", "commit/%s/light-block" % name, rel(os.path.join(d, name)), vs, 0, "ok", height)
        n += 1
    # The 100 validators as three RPC /validators pages, then with a page missing.
    text = read_bytes(os.path.join(d, "val100-h2.json")).decode("utf-8")
    validators = [raw(text, "validator_set", "validators", i) for i in range(100)]
    pages = []
    for k, (lo, hi) in enumerate([(0, 40), (40, 80), (80, 100)]):
        page = '{"jsonrpc":"2.0","id":-1,"result":{"block_height":"2","validators":[%s],"count":"%d","total":"100"}}' \
            % (",".join(validators[lo:hi]), hi - lo)
        pages.append(w.file("cometbft/val100-h2.page%d.json" % (k + 1), page))
    sh = w.file("cometbft/val100-h2.json.signed_header.json", raw(text, "signed_header"))
    w.row("commit", "commit/val100-h2/3-pages", sh, ",".join(pages), 0, "ok", 2)
    w.row("commit", "commit/val100-h2/page-missing", sh, ",".join(pages[:2]), 0, "cometbft.decode", "-")
    n += 2
    # As wasm/tests/common/mod.rs: a forged signature (every signature checked), another block's set.
    _, sh, vs = parts("reject-bad-signature-ed25519.json")
    w.row("commit", "commit/reject-bad-signature-ed25519/all", sh, vs, 1, "cometbft.commit.bad_signature", "-")
    _, sh4, _ = parts("val4-h2.json")
    _, _, vs1 = parts("val1-h2.json")
    w.row("commit", "commit/val4-h2-with-val1-validators", sh4, vs1, 0, "cometbft.validators.hash_mismatch", "-")
    n += 2
    # Validator sets that break a structural rule (decoded before any hash is compared).
    text4 = read_bytes(os.path.join(d, "val4-h2.json")).decode("utf-8")
    v = [raw(text4, "validator_set", "validators", i) for i in range(3)]
    # An empty set is representable (its hash is SHA256(""), see ValidatorSet::new): it fails the hash.
    for label, page, code in [("duplicate-validator", '{"validators":[%s,%s,%s]}' % (v[0], v[0], v[1]),
                               "cometbft.validators.invalid"),
                              ("no-validators", '{"validators":[]}', "cometbft.validators.hash_mismatch")]:
        w.row("commit", "commit/val4-h2/" + label, sh4, w.file("cometbft/val4-h2.%s.json" % label, page), 0, code, "-")
        n += 1
    # Real RPC responses: /commit at height 10 against the genesis validators (core/tests/cometbft_real.rs).
    rpc = os.path.join(SHARED, "cometbft", "tendermint-rs", "rpc")
    if not os.path.isdir(rpc):
        loud("../shared/vectors/cometbft missing: real RPC commits SKIPPED")
        w.row("option", "shared-vectors-missing", "real CometBFT RPC commits")
        return n
    for version, sub in [("v0_34", "kvstore_fixtures/v0_34"), ("v0_37", "kvstore_fixtures/v0_37"),
                         ("v0_38", "kvstore_fixtures/v0_38"), ("gaia", "gaia_fixtures")]:
        inc = os.path.join(rpc, sub, "incoming")
        genesis = read_bytes(os.path.join(inc, "genesis.json")).decode("utf-8")
        # gaia's genesis has no validators (they come from gentxs): its one validator is in /status.
        has = json.loads(genesis)["result"]["genesis"].get("validators") is not None
        validators = raw(genesis, "result", "genesis", "validators") if has else None
        if validators is None:
            status = read_bytes(os.path.join(inc, "status.json")).decode("utf-8")
            validators = "[%s]" % raw(status, "result", "validator_info")
        page = w.file("cometbft/rpc-%s.genesis-validators.json" % version, '{"validators":%s}' % validators)
        for verify_all in (0, 1):
            w.row("commit", "commit/rpc-%s/%d" % (version, verify_all), rel(os.path.join(inc, "commit_at_height_10.json")),
                  page, verify_all, "ok", 10)
            n += 1
    return n


def tx_cases(w, settlement_dir, manifest):
    """lc_cometbft_verify_tx with the tx proofs of the settled bundles (wasm/tests/common/mod.rs)."""
    n = 0
    for case in manifest["cases"]:
        if case["summary"] != "settled":
            continue
        text = read_bytes(os.path.join(settlement_dir, case["file"])).decode("utf-8")
        bundle = json.loads(text)
        proof = bundle["settlement"].get("tx_proof")
        if proof is None:
            continue
        base = "settlement/" + case["file"]
        h = w.file(base + ".light_block0.json", raw(text, "light_blocks", 0))
        h1 = w.file(base + ".light_block1.json", raw(text, "light_blocks", 1))
        sh = w.file(base + ".signed_header0.json", raw(text, "light_blocks", 0, "signed_header"))
        p = w.file(base + ".tx_proof.json", raw(text, "settlement", "tx_proof"))
        height = int(proof["height"])
        for header in (h, sh):
            w.row("tx", "tx/%s/%s" % (case["file"], os.path.basename(header)), header, p, "ok", height,
                  proof["index"], "-", proof["hash"])
            n += 1
        # Block H+1's header: the proof is for another height.
        w.row("tx", "tx/%s/other-height" % case["file"], h1, p, "cometbft.proof.invalid", "-", "-", "-", "-")
        n += 1
    return n


# ---- zk ---------------------------------------------------------------------------------------

# lightcheck's code for each kind of mutation of the zk manifest (EZKL records only its verdict).
# A flipped proof byte fails where it lands: a point that is no longer on the curve, a scalar above
# the modulus, or (anywhere else) the final pairing check.
ZK_CODES = {
    None: "ok",
    "instance": "zk.verification_failed",
    "srs_other_tau": "zk.verification_failed",
    "instance_noncanonical": "zk.proof.scalar_non_canonical",
    "instances_drop_last": "zk.instances.count",
    "instances_extra_zero": "zk.instances.count",
    "instances_extra_column": "zk.decode",
    "proof_truncated": "zk.proof.malformed",
    "proof_extended": "zk.proof.malformed",  # stricter_ok: EZKL ignores the trailing bytes
}
ZK_BYTE_CODES = [
    ("Invalid elliptic curve point encoding", "zk.proof.point_invalid"),
    ("Invalid scalar encoding", "zk.proof.scalar_non_canonical"),
    ("The constraint system is not satisfied", "zk.verification_failed"),
]


def zk_code(case):
    kind = (case["mutation"] or {}).get("kind")
    if kind == "proof_byte":
        for text, code in ZK_BYTE_CODES:
            if text in (case["ezkl_error"] or ""):
                return code
        return None
    code = ZK_CODES.get(kind)
    if code is not None and (code == "ok") != (case["expected"] == "valid" and not case.get("stricter_ok")):
        die("zk/%s: expected %s but the mapping says %s" % (case["name"], case["expected"], code))
    return code


def zk_cases(w):
    d = os.path.join(REPO, "test-vectors", "zk")
    m = load_json(os.path.join(d, "manifest.json"))
    cases = sorted(m["cases"], key=lambda c: c["logrows"])  # cheapest circuits first (stable)
    seen, n = set(), 0
    quick_valid = {"linear-k6-public-public", "mlp-k10-private-public"}
    for case in cases:
        code = zk_code(case)
        if code is None:
            continue
        kind = (case["mutation"] or {}).get("kind")
        if code == "ok":
            quick = case["name"] in quick_valid
        else:
            # One rejection per (mutation kind, code), from the smallest circuit.
            if (kind, code) in seen:
                continue
            seen.add((kind, code))
            quick = code != "zk.verification_failed" or kind == "instance"
        f = lambda key: rel(os.path.join(d, case[key]))
        w.row("zk", "zk/" + case["name"], f("vka"), f("proof"), f("srs"), "-", "json", code,
              case["num_instances"], quick=quick)
        n += 1
    # The other ways in (lc_zk_verify's optional arguments), on the smallest valid proof.
    base = next(c for c in cases if c["mutation"] is None)
    f = lambda key: rel(os.path.join(d, base[key]))
    doc = load_json(os.path.join(d, base["proof"]))
    proof = w.file("zk/%s.proof.bin" % base["dir"], bytes(doc["proof"]))
    # proof.json instances are little-endian field elements; lc_zk_verify takes big-endian words.
    words = b"".join(bytes.fromhex(h)[::-1] for col in doc["instances"] for h in col)
    inst = w.file("zk/%s.instances.bin" % base["dir"], words)
    k = base["num_instances"]
    w.row("zk", "zk/%s/raw-proof-and-instances" % base["name"], f("vka"), proof, f("srs"), inst, "raw", "ok", k)
    w.row("zk", "zk/%s/pinned-no-srs" % base["name"], f("vka"), f("proof"), "-", "-", "pin", "ok", k)
    w.row("zk", "zk/%s/pinned-with-srs" % base["name"], f("vka"), f("proof"), f("srs"), "-", "pin", "ok", k)
    w.row("zk", "zk/%s/wrong-pin" % base["name"], f("vka"), f("proof"), f("srs"), "-", "wrongpin",
          "zk.vka.digest_mismatch", k)
    w.row("zk", "zk/%s/no-srs-no-pin" % base["name"], f("vka"), f("proof"), "-", "-", "json",
          "call.invalid_argument", k)
    w.row("zk", "zk/%s/vka-truncated" % base["name"],
          w.file("zk/%s.vka-truncated.bin" % base["dir"], read_bytes(os.path.join(d, base["vka"]))[:-1]),
          f("proof"), f("srs"), "-", "json", "zk.vka.invalid", k)
    w.row("zk", "zk/%s/srs-garbage" % base["name"], f("vka"), f("proof"),
          w.file("zk/srs-garbage.bin", bytes(320)), "-", "json", "zk.srs.invalid", k)
    w.row("zk", "zk/%s/proof-not-json" % base["name"], f("vka"), f("vka"), f("srs"), "-", "json", "zk.decode", k)
    w.row("zk", "zk/%s/instance-above-modulus" % base["name"], f("vka"), proof, f("srs"),
          w.file("zk/instances-ff.bin", b"\xff" * 32 * k), "raw", "zk.proof.scalar_non_canonical", k)
    return n + 9


# ---- OpenGradient responses -------------------------------------------------------------------


def rust_og_expectations():
    """STRICTER and code_for() of core/tests/og_responses.rs: one source of truth with the Rust test."""
    src = open(os.path.join(REPO, "core", "tests", "og_responses.rs"), encoding="utf-8").read()
    block = re.search(r"const STRICTER: &\[\(&str, &str, &str\)\] = &\[(.*?)\n\];", src, re.S)
    fn = re.search(r"fn code_for\(check: &str\).*?\{(.*?)\n\}", src, re.S)
    if not block or not fn:
        die("core/tests/og_responses.rs: STRICTER or code_for not found")
    stricter = dict(re.findall(r'\(\s*"([^"]+)",\s*"([^"]+)",', block.group(1)))
    code_for = dict(re.findall(r'"(\w+)"\s*=>\s*"([\w.]+)"', fn.group(1)))
    if len(stricter) < 10 or len(code_for) < 5:
        die("core/tests/og_responses.rs: parsed %d STRICTER entries, %d codes" % (len(stricter), len(code_for)))
    return stricter, code_for


# SDK `error` checks (exceptions the SDK does not catch; the Rust test only requires a rejection):
# each is a field lightcheck cannot decode (bad base64, a timestamp outside 0..2^64, a null text).
OG_SDK_ERROR_CODE = "opengradient.decode"


def hex32(text):
    h = text[2:] if text[:2] in ("0x", "0X") else text
    return h.lower() if re.fullmatch(r"[0-9a-fA-F]{64}", h) else None


def og_response_cases(w):
    d = os.path.join(REPO, "test-vectors", "opengradient")
    path = os.path.join(d, "responses.json")
    text = read_bytes(path).decode("utf-8")
    doc = json.loads(text)
    stricter, code_for = rust_og_expectations()
    keys = {name: w.file("opengradient/key-%s.pem" % name, pem) for name, pem in doc["keys"].items()}
    n, used_stricter = 0, 0
    for i, case in enumerate(doc["cases"]):
        name = case["name"]
        sdk = case["sdk"]
        if name in stricter:
            if not sdk["valid"]:
                die("opengradient/%s: listed as stricter but the SDK rejects it" % name)
            want = stricter[name]
            used_stricter += 1
        elif sdk["valid"]:
            want = "ok"
        else:
            want = code_for.get(sdk["check"] or "", OG_SDK_ERROR_CODE)
        base = "opengradient/%03d-%s" % (i, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
        if isinstance(case["request_json"], str):
            request = w.file(base + ".request.json", case["request_json"].encode("utf-8", "surrogatepass"))
        else:
            request = w.file(base + ".request.json", raw(text, "cases", i, "request"))
        response = w.file(base + ".response.json", raw(text, "cases", i, "response"))
        content = "-"
        if isinstance(case["content"], str):
            content = w.file(base + ".content.txt", case["content"].encode("utf-8", "surrogatepass"))
        expected_tee = hex32(case["expected_tee_id"]) if case["expected_tee_id"] else None
        r = case["response"]
        facts = ["-"] * 4
        if want == "ok":
            facts = [hex32(r["tee_id"]), hex32(str(r.get("tee_request_hash", ""))),
                     hex32(str(r.get("tee_output_hash", ""))),
                     str(r["tee_timestamp"]) if isinstance(r.get("tee_timestamp"), int) else None]
            facts = [opt(f) for f in facts]
        w.row("ogresp", "og/" + name, request, response, keys[case["key"]], content, opt(expected_tee), want, *facts)
        n += 1
    if used_stricter != len(stricter):
        die("opengradient: %d STRICTER cases exercised, %d listed" % (used_stricter, len(stricter)))
    # tee_id of each registry key, as PEM and as DER; a private key is not a registry key.
    for name, pem in doc["keys"].items():
        der = base64.b64decode("".join(l for l in pem.splitlines() if l and not l.startswith("-----")))
        der_path = w.file("opengradient/key-%s.der" % name, der)
        for key in (keys[name], der_path):
            w.row("teeid", "teeid/%s/%s" % (name, key.rsplit(".", 1)[1]), key, "ok", hex32(doc["tee_ids"][name]))
            n += 1
    w.row("teeid", "teeid/private-key", rel(os.path.join(d, "other-key.pem")), "opengradient.key.invalid", "-")
    w.row("teeid", "teeid/not-a-key", rel(os.path.join(d, "README.md")), "opengradient.key.invalid", "-")
    return n + 2


# ---- settlement bundles -----------------------------------------------------------------------


def settlement_cases(w):
    d = os.path.join(REPO, "test-vectors", "settlement")
    m = load_json(os.path.join(d, "manifest.json"))
    trusted = rel(os.path.join(d, m["trusted"]))
    n = 0
    for case in m["cases"]:
        bundle = load_json(os.path.join(d, case["file"]))
        verdict = case["summary"]
        links = case["links"]
        failed = [l for l in LINKS if links[l] == "failed"]
        height = mode = attested = overdue = "-"
        if verdict == "settled":
            height = int(bundle["settlement"]["height"])
            mode = "batch" if "batch" in bundle["settlement"] else "individual"
        if verdict == "pending":
            attested = b01(links["attestation"] == "verified" and links["enclave_binding"] == "verified")
            overdue = b01(case["now"] - int(bundle["response"]["tee_timestamp"]) > 900)
        if verdict == "rejected" and len(failed) < 1:
            die("settlement/%s: rejected with no failed link" % case["file"])
        want = case["error_code"] if verdict in ("rejected", "unreadable") else "ok"
        if not want:
            die("settlement/%s: %s without error_code" % (case["file"], verdict))
        w.row("bundle", "settlement/" + case["file"], rel(os.path.join(d, case["file"])), trusted, case["now"],
              opt(case["policy"].get("pcr_hash")), verdict, want, failed[0] if verdict == "rejected" else "-",
              ",".join(links[l] for l in LINKS), height, mode, attested, overdue)
        n += 1
    # Beyond the manifest: the settled multiproof bundle with one proof flag dropped (OpenZeppelin's
    # leaves + proof == flags + 1 fails): rejected at settlement_match, a malformed batch proof.
    case = next(c for c in m["cases"] if c["file"] == "settled-batch-multiproof.json")
    text = read_bytes(os.path.join(d, case["file"])).decode("utf-8")
    flags = raw(text, "settlement", "batch", "multiproof", "proofFlags")
    if json.loads(flags) != [False, False, False, True]:
        die("settled-batch-multiproof.json: proofFlags changed (%s): update the crafted case" % flags)
    at = text.index(flags)
    crafted = w.file("settlement/multiproof-flag-dropped.json", text[:at] + "[false, false, false]" + text[at + len(flags):])
    links = dict(case["links"], settlement_match="failed")
    w.row("bundle", "settlement/crafted/multiproof-flag-dropped", crafted, trusted, case["now"], "-", "rejected",
          "opengradient.batch.proof_invalid", "settlement_match", ",".join(links[l] for l in LINKS), "-", "-", "-", "-")
    return n + 1, d, m


# ---- the networked light client (lc_sync) ------------------------------------------------------


def member(text, start, name):
    """(start, end) of member `name` of the object starting at `start`."""
    for key, s, e in children(text, start):
        if key == name:
            return s, e
    raise KeyError(name)


def sync_cases(w):
    """lc_sync_* over the recorded devnet: light blocks 1..T of network a and of its fork b, one
    file per height (cut out byte for byte), and the live run's verdicts."""
    path = os.path.join(REPO, "test-vectors", "cometbft", "network", "devnet.json")
    text = read_bytes(path).decode("utf-8")
    v = json.loads(text)
    t = v["target"]
    root = skip_ws(text, 0)
    for net in ("a", "b"):
        start, _ = member(text, root, net)
        n = 0
        for i, s, e in children(text, start):
            block = json.loads(text[s:e])
            if block["signed_header"]["header"]["height"] != str(i + 1):
                die("devnet.json: %s[%d] is not the block at height %d" % (net, i, i + 1))
            w.file("devnet/%s/%d.json" % (net, i + 1), text[s:e])
            n += 1
        if n != t:
            die("devnet.json: %d light blocks of %s, target %d" % (n, net, t))
    honest, attack = v["expected"]["honest"], v["expected"]["attack"]
    fields = [rel(os.path.join(w.extracted, "devnet")), t, v["trusted"]["height"], v["trusted"]["hash"], v["now"],
              ",".join(str(h) for h in honest["verified_heights"]), honest["light_blocks_fetched"], honest["hash"],
              attack["height"]]
    for side in ("against_primary", "against_witness"):
        ev = attack[side]
        secs, nanos = rfc3339(ev["timestamp"])
        fields += [ev["kind"], ev["conflicting_height"], ev["common_height"], ev["total_voting_power"], secs, nanos,
                   ev["hash"], ",".join(ev["byzantine_validators"]), ev["proto_hex"]]
    w.row("sync", "cometbft/network/devnet", *fields)
    return 1


# ---- main -------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (e.g. target/ffi)")
    ap.add_argument("--quick", action="store_true", help="also write cases-quick.tsv (for valgrind)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    entries = statuses(os.path.join(REPO, "include", "lightcheck.h"))
    write_statuses(out, entries)
    w = Writer(out)
    counts = {"nitro": nitro_cases(w), "nitro (real)": nitro_real_cases(w), "cometbft": comet_cases(w),
              "commit": commit_cases(w)}
    counts["settlement"], sdir, smanifest = settlement_cases(w)
    counts["tx"] = tx_cases(w, sdir, smanifest)
    counts["zk"] = zk_cases(w)
    counts["opengradient"] = og_response_cases(w)
    counts["sync"] = sync_cases(w)
    w.row("option", "handle-limit", "1", quick=False)
    total = w.write("cases.tsv", quick=False)
    quick_path = os.path.join(out, "cases-quick.tsv")
    msg = ""
    if args.quick:
        msg = ", %d in cases-quick.tsv" % w.write("cases-quick.tsv", quick=True)
    elif os.path.exists(quick_path):
        os.remove(quick_path)
    print("cases.py: %d statuses in statuses.inc; %d cases in %s (%s)%s" % (
        len(entries), total, rel(os.path.join(out, "cases.tsv")),
        ", ".join("%s %d" % kv for kv in counts.items()), msg))


if __name__ == "__main__":
    main()
