#!/usr/bin/env python3
"""og-gateway: stand-in for OpenGradient's TEE gateway + batch facilitator (TEST TOOLING, never shipped).

Run through scripts/og-gateway (which installs @openzeppelin/merkle-tree for `batch`).

  respond --out DIR [--prompt TEXT] [--content TEXT] [--timestamp N] [--model M]
      DIR/request.json      OpenAI chat body {"model", "messages": [user PROMPT], "temperature": 0.0}
      DIR/response.json     gateway body with tee_signature (base64 RSA-PSS), tee_request_hash,
                            tee_output_hash (hex, no 0x), tee_timestamp (default now), tee_id
      DIR/key.pem           the signing key, SPKI PEM (TEST key test-vectors/opengradient/test-key.pem)
      DIR/attestation.cbor  the Nitro attestation binding that key (test-vectors/settlement/settled-individual.json)
      DIR/tls.der           its TLS certificate, only if the vector has one
      DIR/nitro-root.der    the test Nitro root (test-vectors/settlement/trusted.json nitro_roots[0])
      DIR/args.json         the stdout line below
      stdout: {"tee_id", "input_hash", "output_hash", "timestamp", "signature", "dir"}  (settleIndividual args)
  pending-stale --out DIR --age SECS [...]   respond with tee_timestamp = now - SECS
  batch --out DIR --count N [--timestamp N]
      DIR/<i>/ for i < N as respond (distinct prompts), DIR/tree.json (StandardMerkleTree dump),
      DIR/<i>/proof.json {"proof"}, DIR/multiproof.json {leaves, proof, proofFlags} of items 0 and 1
      stdout: {"root", "size", "dir"}

Hashes and signatures come from the OpenGradient SDK 1.1.4's own functions (tee_verify.py, loaded
as scripts/og-vectors.py does) and `cryptography`; every response is re-checked with the SDK's
verify_response. Exit 2 on usage errors, 3 if the SDK (or cbor2) is missing.
"""

import argparse
import base64
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = os.path.join(REPO, "test-vectors", "opengradient", "test-key.pem")
BUNDLE = os.path.join(REPO, "test-vectors", "settlement", "settled-individual.json")
TRUSTED = os.path.join(REPO, "test-vectors", "settlement", "trusted.json")


def die(msg, code=1):
    print("og-gateway: " + msg, file=sys.stderr)
    sys.exit(code)


def load_sdk():
    """The SDK's tee_verify module, without executing opengradient/__init__.py (as og-vectors.py)."""
    spec = importlib.util.find_spec("opengradient")
    if spec is None or not spec.submodule_search_locations:
        die("the OpenGradient SDK is not installed (pip install --no-deps opengradient==1.1.4; see scripts/setup)", 3)
    path = os.path.join(list(spec.submodule_search_locations)[0], "client", "tee_verify.py")
    mspec = importlib.util.spec_from_file_location("og_tee_verify", path)
    mod = importlib.util.module_from_spec(mspec)
    sys.modules[mspec.name] = mod  # @dataclass looks its module up in sys.modules
    try:
        mspec.loader.exec_module(mod)
        mod.keccak(b"")
    except (ImportError, OSError) as exc:
        die("cannot load the OpenGradient SDK's %s: %s" % (path, exc), 3)
    return mod


class Gateway:
    def __init__(self):
        self.sdk = load_sdk()  # first: it also needs `cryptography`
        from cryptography.hazmat.primitives import serialization
        try:
            import cbor2
        except ImportError:
            die("cbor2 is not installed (scripts/setup installs it)", 3)
        with open(KEY, "rb") as f:
            self.key = serialization.load_pem_private_key(f.read(), password=None)
        pub = self.key.public_key()
        self.pem = pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.tee_id = self.sdk.tee_id_for_key(self.pem)

        with open(BUNDLE, encoding="utf-8") as f:
            att = json.load(f)["attestation"]
        self.attestation = base64.b64decode(att["document"])
        self.tls = base64.b64decode(att["tls_certificate"]) if att.get("tls_certificate") else None
        with open(TRUSTED, encoding="utf-8") as f:
            self.root = base64.b64decode(json.load(f)["nitro_roots"][0])

        # The attestation must bind this key: user_data = 12 20 ‖ SHA-256(TLS cert) ‖ 12 20 ‖ SHA-256(SPKI DER).
        cose = cbor2.loads(self.attestation)
        cose = cose.value if isinstance(cose, cbor2.CBORTag) else cose
        user_data = cbor2.loads(cose[2]).get("user_data") or b""
        if len(user_data) != 68 or user_data[34:36] != b"\x12\x20" or user_data[36:68] != hashlib.sha256(spki).digest():
            die("%s: the attestation's user_data does not commit to SHA-256 of %s" % (BUNDLE, KEY))
        if self.tls is not None and user_data[2:34] != hashlib.sha256(self.tls).digest():
            die("%s: the attestation's user_data does not commit to its tls_certificate" % BUNDLE)

    def respond(self, out, prompt, content, timestamp, model):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        sdk = self.sdk
        request = {"model": model, "messages": [{"role": "user", "content": prompt}], "temperature": 0.0}
        response = {
            "id": "chatcmpl-og-gateway-%d" % timestamp,
            "object": "chat.completion",
            "created": timestamp,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(prompt.split()), "completion_tokens": len(content.split()),
                      "total_tokens": len(prompt.split()) + len(content.split())},
        }
        _, canonical = sdk.build_inner_request(json.loads(json.dumps(request)))
        rh = sdk.keccak(sdk.canonical_request_bytes(canonical))
        oh = sdk.keccak(sdk.response_content_for_hash(response).encode("utf-8"))
        msg = sdk.keccak(rh + oh + timestamp.to_bytes(32, "big"))
        sig = self.key.sign(msg, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        response.update(tee_signature=base64.b64encode(sig).decode(), tee_request_hash=rh.hex(),
                        tee_output_hash=oh.hex(), tee_timestamp=timestamp, tee_id=self.tee_id)
        sdk.verify_response(canonical_request=canonical, response_body=json.loads(json.dumps(response)),
                            response_content=content, signing_key_pem=self.pem, expected_tee_id=self.tee_id)

        result = {"tee_id": self.tee_id, "input_hash": "0x" + rh.hex(), "output_hash": "0x" + oh.hex(),
                  "timestamp": timestamp, "signature": response["tee_signature"], "dir": out}
        os.makedirs(out, exist_ok=True)
        files = {"request.json": request, "response.json": response, "args.json": result}
        for name, obj in files.items():
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                json.dump(obj, f, indent=1, ensure_ascii=False)
                f.write("\n")
        raw = {"key.pem": self.pem.encode(), "attestation.cbor": self.attestation, "nitro-root.der": self.root}
        if self.tls is not None:
            raw["tls.der"] = self.tls
        for name, data in raw.items():
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
        return result


def main():
    ap = argparse.ArgumentParser(prog="scripts/og-gateway", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("respond", "pending-stale"):
        p = sub.add_parser(name)
        p.add_argument("--out", required=True)
        p.add_argument("--prompt", default="Hi")
        p.add_argument("--content", default="Hello! \U0001F600")
        p.add_argument("--model", default="openai/gpt-5")
        if name == "respond":
            p.add_argument("--timestamp", type=int)
        else:
            p.add_argument("--age", type=int, required=True)
    p = sub.add_parser("batch")
    p.add_argument("--out", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timestamp", type=int)
    args = ap.parse_args()

    now = int(time.time())
    if args.cmd == "batch" and args.count < 1:
        ap.error("--count must be at least 1")
    gw = Gateway()
    out = os.path.abspath(args.out)
    if args.cmd != "batch":
        ts = now - args.age if args.cmd == "pending-stale" else (now if args.timestamp is None else args.timestamp)
        result = gw.respond(out, args.prompt, args.content, ts, args.model)
    else:
        if not os.environ.get("OZ_MERKLE_TREE_DIR"):
            die("OZ_MERKLE_TREE_DIR is not set (run scripts/og-gateway, not og-gateway.py)", 2)
        ts = now if args.timestamp is None else args.timestamp
        values = []
        for i in range(args.count):
            r = gw.respond(os.path.join(out, str(i)), "Prompt %d" % i, "Answer %d" % i, ts, "openai/gpt-5")
            sig = "0x" + base64.b64decode(r["signature"]).hex()
            values.append([r["tee_id"], r["input_hash"], r["output_hash"], sig, str(r["timestamp"])])
        node = subprocess.run(["node", os.path.join(REPO, "scripts", "og-gateway.mjs"), out],
                              input=json.dumps(values), capture_output=True, text=True)
        if node.returncode != 0:
            die("og-gateway.mjs failed: " + node.stderr.strip())
        result = {"root": json.loads(node.stdout)["root"], "size": args.count, "dir": out}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
