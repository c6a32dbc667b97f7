#!/usr/bin/env python3
"""OpenGradient SDK oracle: TEE LLM response vectors in test-vectors/opengradient/responses.json.

Usage:
  scripts/og-vectors.py            regenerate responses.json (keys are generated once, then reused)
  scripts/og-vectors.py --check    re-run the SDK's verify_response on every committed case and
                                   exit 1 if any verdict (`valid`, `check`) differs from the stored one

Exit codes: 0 ok, 1 verdict mismatch / generator self-check failure, 3 the OpenGradient SDK
(opengradient==1.1.4, installed with `pip install --no-deps`) or eth-hash cannot be imported.

The oracle is the SDK's own module `opengradient/client/tee_verify.py`, loaded straight from the
installed package with importlib (so `opengradient/__init__.py`, which imports web3/langchain, is not
executed): `build_inner_request`, `canonical_request_bytes`, `response_content_for_hash`,
`verify_response`, `tee_id_for_key`.

Generation, per case: canonical = build_inner_request(signed request)[1]; request_hash =
keccak(canonical_request_bytes(canonical)); content = response_content_for_hash(response) (or the
case's `content`); output_hash = keccak(utf8(content)); msg_hash = keccak(request_hash || output_hash
|| uint256_be(timestamp)); tee_signature = base64(RSA-PSS(SHA-256, MGF1-SHA-256, salt 32) over
msg_hash). Then the stored request/response may be mutated, and the SDK's verify_response verdict is
recorded in `sdk`: {"valid", "check", "error"} with `check` one of fields, tee_id, unexpected_tee,
request_hash, output_hash, signature, unsupported (UnsupportedRequestError), or error (any other
exception; `error` then starts with the exception type name).

Names starting `lenient-` are inputs the SDK (Python int()/base64/OpenSSL) accepts but a strict
verifier may reasonably reject; names starting `equiv-` are requests/responses that differ from what
was signed in ways the canonical form ignores (must stay valid).

Envelope keys are sorted; the `request`/`response` bodies keep their authored key order on purpose
(often unsorted, e.g. "model" before "messages", U+1F600 before U+E000) so the key-order hazard reaches
the verifier under test. PSS is randomised: each regeneration writes new signatures; verdicts stay.
"""

import argparse
import base64
import copy
import importlib.metadata
import importlib.util
import json
import os
import sys

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(SCRIPT_DIR)
OUT_DIR = os.path.join(REPO, "test-vectors", "opengradient")
OUT_FILE = os.path.join(OUT_DIR, "responses.json")
SDK_VERSION = "1.1.4"
KEY_FILES = {"test": ("test-key.pem", 2048), "other": ("other-key.pem", 2048), "test_3072": ("test-key-3072.pem", 3072)}
TS = 1770000000
EXIT_NO_SDK = 3

CHECKS = ("fields", "tee_id", "unexpected_tee", "request_hash", "output_hash", "signature", "unsupported", "error")


class SdkMissing(Exception):
    pass


def load_sdk():
    """The SDK's tee_verify module, without executing opengradient/__init__.py."""
    try:
        spec = importlib.util.find_spec("opengradient")  # locates the package, does not import it
    except (ImportError, ValueError) as exc:
        raise SdkMissing("opengradient not installed (%s)" % exc)
    if spec is None or not spec.submodule_search_locations:
        raise SdkMissing("opengradient not installed (pip install --no-deps opengradient==%s)" % SDK_VERSION)
    path = os.path.join(list(spec.submodule_search_locations)[0], "client", "tee_verify.py")
    if not os.path.isfile(path):
        raise SdkMissing("%s missing" % path)
    try:
        version = importlib.metadata.version("opengradient")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    mspec = importlib.util.spec_from_file_location("og_tee_verify", path)
    mod = importlib.util.module_from_spec(mspec)
    sys.modules[mspec.name] = mod  # @dataclass looks its module up in sys.modules
    try:
        mspec.loader.exec_module(mod)
        mod.keccak(b"")  # eth_hash.auto picks its backend lazily: fail here, not mid-run
    except ImportError as exc:
        sys.modules.pop(mspec.name, None)
        raise SdkMissing("cannot load %s: %s (pip install 'eth-hash[pycryptodome]' cryptography)" % (path, exc))
    return mod, version, path


def sdk_verdict(sdk, case, pems):
    """Run the SDK exactly as a client would on the stored case; return the `sdk` record."""
    try:
        raw = case.get("request_json")
        request = json.loads(raw) if raw is not None else copy.deepcopy(case["request"])
        _, canonical = sdk.build_inner_request(request)
        response = copy.deepcopy(case["response"])
        content = case["content"] if case["content"] is not None else sdk.response_content_for_hash(response)
        sdk.verify_response(
            canonical_request=canonical,
            response_body=response,
            response_content=content,
            signing_key_pem=pems[case["key"]],
            expected_tee_id=case["expected_tee_id"],
        )
        return {"check": None, "error": None, "valid": True}
    except sdk.UnsupportedRequestError as exc:
        return {"check": "unsupported", "error": str(exc), "valid": False}
    except sdk.VerificationError as exc:
        return {"check": classify(str(exc)), "error": str(exc), "valid": False}
    except Exception as exc:  # noqa: BLE001 - the SDK lets these escape; record them
        return {"check": "error", "error": "%s: %s" % (type(exc).__name__, exc), "valid": False}


def classify(msg):
    if msg.startswith("response is missing a") or (msg.startswith("'") and "is not an integer" in msg):
        return "fields"
    if msg.startswith("tee_id mismatch:"):
        return "unexpected_tee" if ", expected " in msg else "tee_id"
    if msg.startswith("request hash mismatch"):
        return "request_hash"
    if msg.startswith("output hash mismatch"):
        return "output_hash"
    if msg.startswith("RSA-PSS signature verification failed"):
        return "signature"
    raise RuntimeError("unclassified SDK VerificationError: %r" % msg)


# ---------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------


def load_or_make_keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    keys = {}
    for name, (fname, bits) in KEY_FILES.items():
        path = os.path.join(OUT_DIR, fname)
        if os.path.exists(path):
            with open(path, "rb") as f:
                key = serialization.load_pem_private_key(f.read(), password=None)
            if key.key_size != bits:
                raise SystemExit("%s: expected a %d-bit key, found %d" % (path, bits, key.key_size))
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
            pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            with open(path, "wb") as f:
                f.write(pem)
            print("og-vectors: generated %s (%d-bit RSA, TEST ONLY)" % (path, bits))
        keys[name] = key
    return keys


def spki_pem(key):
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def pss_sign(key, msg_hash):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return key.sign(msg_hash, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())


# ---------------------------------------------------------------------------
# request / response building blocks
# ---------------------------------------------------------------------------

MODEL = "openai/gpt-5"


def req(*messages, **fields):
    """An OpenAI body in the usual authored order: model first, then messages, then the rest."""
    body = {"model": fields.pop("model", MODEL), "messages": list(messages)}
    body.update(fields)
    return body


def user(content, **extra):
    return dict({"role": "user", "content": content}, **extra)


def system(content):
    return {"role": "system", "content": content}


def resp(content="Hello!", finish_reason="stop", tool_calls=None, extra_choices=(), model=MODEL):
    message = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    choices = [{"index": 0, "message": message, "finish_reason": finish_reason}]
    for i, c in enumerate(extra_choices, 1):
        choices.append({"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": "stop"})
    return {
        "id": "chatcmpl-og-test",
        "object": "chat.completion",
        "created": TS,
        "model": model,
        "choices": choices,
        "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12},
    }


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name, e.g. \"Zürich\""},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
                "days": {"type": "integer", "minimum": 1, "maximum": 14, "default": 3},
            },
            "required": ["city"],
            "additionalProperties": False,
        },
    },
}

NESTED_TOOL = {
    "type": "function",
    "function": {
        "name": "book_trip",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {
                "travellers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "age": {"type": ["integer", "null"]},
                            "passport": {
                                "type": "object",
                                "properties": {
                                    "country": {"type": "string", "enum": ["CH", "DE", "JP", "日本"]},
                                    "expires": {"type": "string", "format": "date"},
                                    "stamps": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                                },
                                "required": ["country"],
                            },
                        },
                        "required": ["name", "passport"],
                    },
                },
                "class": {"anyOf": [{"const": "economy"}, {"const": "business"}, {"type": "null"}]},
                "budget": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01},
                "options": {"type": "object", "additionalProperties": {"type": "boolean"}, "properties": {}},
                "tags": {"type": "array", "items": {}, "default": []},
            },
            "required": ["travellers"],
        },
    },
}

# Keys authored in UTF-16 order (U+1F600 before U+E000) and otherwise unsorted: Python sorts by
# code point, so U+E000 < U+1F600 in the hashed bytes.
KEY_ORDER_TOOL = {
    "type": "function",
    "function": {
        "name": "key_order",
        "parameters": {
            "type": "object",
            "properties": {
                "\U0001F600": {"type": "string", "description": "astral key"},
                "\ue000": {"type": "string", "description": "private-use key"},
                "\uffff": {"type": "string"},
                "é": {"type": "string"},
                "z": {"type": "string"},
                "Z": {"type": "string"},
                "_": {"type": "string"},
                "a b": {"type": "string"},
                "a": {"type": "string"},
                "": {"type": "string", "description": "empty key"},
                "10": {"type": "string"},
                "9": {"type": "string"},
            },
        },
    },
}

BIG_INT_TOOL = {
    "type": "function",
    "function": {
        "name": "big_ints",
        "parameters": {
            "type": "object",
            "properties": {
                "wei": {"type": "integer", "default": 10**30},
                "neg": {"type": "integer", "default": -(10**30)},
                "u64_plus_1": {"type": "integer", "default": 2**64},
                "i64_min_minus_1": {"type": "integer", "default": -(2**63) - 1},
                "two53_plus_1": {"type": "integer", "default": 2**53 + 1},
                "zero": {"type": "integer", "default": 0},
            },
        },
    },
}

FLOAT_TOOL = {
    "type": "function",
    "function": {
        "name": "floats",
        "parameters": {
            "type": "object",
            "properties": {
                "sum": {"type": "number", "default": 0.1 + 0.2},
                "e16": {"type": "number", "default": 1e16},
                "below_e16": {"type": "number", "default": 1e15},
                "tiny": {"type": "number", "default": 1.5e-07},
                "e_minus_4": {"type": "number", "default": 0.0001},
                "e_minus_5": {"type": "number", "default": 0.00001},
                "neg_zero": {"type": "number", "default": -0.0},
                "hundred": {"type": "number", "default": 100.0},
                "big17": {"type": "number", "default": 123456789012345678.0},
                "e22": {"type": "number", "default": 1e22},
                "denormal": {"type": "number", "default": 5e-324},
                "max": {"type": "number", "default": 1.7976931348623157e308},
                "neg": {"type": "number", "default": -2.5e-8},
                "list": {"type": "array", "default": [0.5, 1.0, -1.0, 3.0e100, 1.1]},
            },
        },
    },
}

RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "answer",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "answer": {"type": "string"},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1.0},
                "sources": {"type": "array", "items": {"type": "string", "format": "uri"}},
            },
            "required": ["answer", "confidence"],
            "additionalProperties": False,
        },
    },
}

TOOL_CALLS = [
    {
        "id": "call_abc123",
        "type": "function",
        "function": {"name": "get_weather", "arguments": "{\"city\": \"Zürich\", \"unit\": \"celsius\", \"days\": 3}"},
    },
    {
        "id": "call_def456",
        "type": "function",
        "function": {
            "name": "book_trip",
            "arguments": json.dumps({"travellers": [{"name": "山田 😀", "passport": {"country": "JP", "stamps": [["a\"b", "c\\d"]]}}],
                                     "budget": 1234.5, "options": {"window": True}}, ensure_ascii=False),
        },
    },
]

ESCAPES = "q\"uote b\\ack s/lash </script> nl\n cr\r tab\t bs\b ff\f c01\x01 c1f\x1f del\x7f c80\x80 " \
          "nbsp\xa0 ls\u2028 ps\u2029 bom\ufeff fffe\ufffe ffff\uffff"

CONVERSATION = [
    {"role": "developer", "content": "Developer instructions."},
    {"role": "system", "content": "You are a travel agent."},
    {"role": "user", "content": "Weather in Zürich, then book a trip.", "name": "alice"},
    {"role": "assistant", "content": None, "tool_calls": TOOL_CALLS},
    {"role": "tool", "tool_call_id": "call_abc123", "content": "{\"temp\": 21.5}"},
    {"role": "tool", "tool_call_id": "call_def456", "content": "booked"},
    {"role": "function", "name": "legacy_fn", "content": "legacy result"},
    {"role": "assistant", "content": "Done: 21.5 °C, trip booked."},
    {"role": "assistant", "content": "No tool calls here.", "tool_calls": []},
    {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "f"}, "index": 0, "extra": 1}]},
    {"role": "user", "content": "Thanks"},
]

MULTIMODAL = [
    {"type": "text", "text": "Describe these:"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "detail": "high"}},
    {"type": "file", "file": {"filename": "report.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQ="}},
    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}, "filename": "clip.wav"},
    {"type": "text", "text": None},
    {"type": "text"},
    "a bare string part",
    {"type": "text", "text": "é 😀"},
]


# ---------------------------------------------------------------------------
# case construction
# ---------------------------------------------------------------------------


class Gen:
    def __init__(self, sdk, keys):
        self.sdk = sdk
        self.keys = keys
        self.pems = {name: spki_pem(k) for name, k in keys.items()}
        self.ids = {name: sdk.tee_id_for_key(p) for name, p in self.pems.items()}
        self.cases = []
        self.surprises = []

    def keccak(self, b):
        return self.sdk.keccak(b)

    def sign_parts(self, signed_request, response, ts, content, sign_key):
        try:
            _, canonical = self.sdk.build_inner_request(copy.deepcopy(signed_request))
        except self.sdk.UnsupportedRequestError:
            _, canonical = self.sdk.build_inner_request(req(user("Hi")))  # the gateway would refuse; sign anything
        if content is None:
            try:
                content = self.sdk.response_content_for_hash(response)
            except Exception:  # noqa: BLE001 - the SDK crashes on some bodies; sign the empty output
                content = ""
        rh = self.keccak(self.sdk.canonical_request_bytes(canonical))
        oh = self.keccak(content.encode("utf-8"))
        msg = self.keccak(rh + oh + ts.to_bytes(32, "big"))
        return rh, oh, msg, pss_sign(self.keys[sign_key], msg)

    def add(self, name, request, response, *, expect, signed_request=None, signed_response=None, ts=TS,
            key="test", sign_key=None, tee_id_key=None, expected_tee_id=None, content=None, signed_content=None,
            mutate=None, sig_bytes=None, request_json=None):
        """expect: True/False, or a check name for the expected failure (compared with the SDK's verdict).

        request_json: the request as raw JSON text (stored as `request_json`, with `request` null);
        `request` is then ignored and Python's json.loads of the text is what gets signed."""
        assert all(c["name"] != name for c in self.cases), name
        if request_json is not None:
            request = json.loads(request_json)
        sign_key = sign_key or key
        signed_request = request if signed_request is None else signed_request
        signed_response = response if signed_response is None else signed_response
        rh, oh, msg, sig = self.sign_parts(signed_request, signed_response, ts,
                                           content if signed_content is None else signed_content, sign_key)
        if sig_bytes is not None:
            sig = sig_bytes(sig, msg)
        body = copy.deepcopy(response)
        body["tee_signature"] = base64.b64encode(sig).decode()
        body["tee_request_hash"] = rh.hex()
        body["tee_output_hash"] = oh.hex()
        body["tee_timestamp"] = ts
        body["tee_id"] = self.ids[tee_id_key or key]
        if mutate is not None:
            mutate(body)
        case = {
            "content": content,
            "expected_tee_id": expected_tee_id,
            "key": key,
            "name": name,
            "request": copy.deepcopy(request) if request_json is None else None,
            "request_json": request_json,
            "response": body,
        }
        case["sdk"] = sdk_verdict(self.sdk, case, self.pems)
        want_valid = expect is True
        got = case["sdk"]
        if got["valid"] != want_valid or (isinstance(expect, str) and got["check"] != expect):
            self.surprises.append("%s: expected %s, SDK says %s" % (name, expect, got))
        self.cases.append(case)
        return case


def sig_flip(byte_index, mask):
    def f(sig, _msg):
        b = bytearray(sig)
        b[byte_index] ^= mask
        return bytes(b)
    return f


def set_field(field, value):
    def f(body):
        body[field] = value
    return f


def del_field(field):
    def f(body):
        del body[field]
    return f


def edit(path, fn):
    """Mutate body at a key path (list of keys/indices) with fn(old) -> new."""
    def f(body):
        node = body
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = fn(node[path[-1]])
    return f


def flip_hex(h):
    """Change one hex digit (the 10th) to another lowercase digit."""
    c = h[10]
    return h[:10] + ("0" if c != "0" else "1") + h[11:]


def build_cases(g):
    d = copy.deepcopy

    # --- sanity: the test values of docs/opengradient.md §3.3 --------------------------------------
    doc1 = req(user("Hi"))
    _, can = g.sdk.build_inner_request(doc1)
    rh = g.keccak(g.sdk.canonical_request_bytes(can))
    oh = g.keccak("Hello! 😀".encode())
    assert rh.hex() == "34bd312a5866b31311d20458b36d421cf05a7ae0b4f9c001c73b75ee3383fdc6", rh.hex()
    assert oh.hex() == "bfe9895ce297ed874c32e1739cd454a42f54e1a8a5be5fe939e938ed8b572cf8", oh.hex()
    assert g.keccak(rh + oh + TS.to_bytes(32, "big")).hex() == \
        "b500bc9487314cfbdd8eebab7c3fa5093c69d62ab1c9c836f711d13d29e6d26f"
    doc2 = req(system("Be concise."), user("Café 😀"), temperature=0.7, max_tokens=100)
    _, can = g.sdk.build_inner_request(doc2)
    assert g.keccak(g.sdk.canonical_request_bytes(can)).hex() == \
        "ce232084a4a51d258d9ac19125ceaec97b93b4cc880d968f0dada44552389ed4"

    # --- valid: canonicalisation hazards -------------------------------------------------------------
    g.add("ascii-doc-vector", doc1, resp("Hello! 😀"), expect=True)
    g.add("non-ascii-doc-vector", doc2, resp("Bonjour, café crème. 你好，世界。"), expect=True)
    g.add("non-ascii-cjk-greek-combining", req(user("日本語のテキスト 中文 한국어 Ελληνικά e\u0301 ß ø"), temperature=1),
          resp("回答：はい。"), expect=True)
    g.add("emoji-astral", req(system("😀 system"), user("😀👍🏽🇺🇳 𝄞 \U0010FFFF 👨‍👩‍👧"), temperature=0.7),
          resp("🎉 done 😀"), expect=True)
    g.add("escapes-control-del", req(system(ESCAPES), user(ESCAPES + " end"), stop="\n\n"), resp(ESCAPES), expect=True)
    g.add("key-order-private-use-vs-astral", req(user("keys"), tools=[KEY_ORDER_TOOL]), resp("ok"), expect=True)
    g.add("temperature-int-0", req(user("t"), temperature=0), resp("t0"), expect=True)
    g.add("temperature-int-1", req(user("t"), temperature=1), resp("t1"), expect=True)
    g.add("temperature-0.7", req(user("t"), temperature=0.7), resp("t0.7"), expect=True)
    g.add("temperature-1e-05", req(user("t"), temperature=1e-05), resp("t1e-05"), expect=True)
    g.add("temperature-int-2", req(user("t"), temperature=2), resp("t2"), expect=True)
    g.add("temperature-null", req(user("t"), temperature=None), resp("tnull"), expect=True)
    g.add("temperature-0.30000000000000004", req(user("t"), temperature=0.1 + 0.2), resp("t"), expect=True)
    g.add("max-tokens-absent-temperature-absent", req(user("m")), resp("m"), expect=True)
    g.add("max-tokens-null", req(user("m"), max_tokens=None), resp("m"), expect=True)
    g.add("max-tokens-0-included", req(user("m"), max_tokens=0), resp("m"), expect=True)
    g.add("max-tokens-float-100.0", req(user("m"), max_tokens=100.0), resp("m"), expect=True)
    g.add("max-tokens-big-int", req(user("m"), max_tokens=2**64 + 1), resp("m"), expect=True)
    g.add("tool-schema-big-ints", req(user("big"), tools=[BIG_INT_TOOL]), resp("big"), expect=True)
    g.add("tool-schema-floats", req(user("floats"), tools=[FLOAT_TOOL], temperature=0.5), resp("floats"), expect=True)
    g.add("tools-nested-schemas", req(system("Use tools."), user("Book it"), tools=[WEATHER_TOOL, NESTED_TOOL],
                                      tool_choice="auto"), resp("booked"), expect=True)
    g.add("response-format-json-schema", req(user("Answer as JSON"), response_format=RESPONSE_FORMAT),
          resp("{\"answer\": \"42\", \"confidence\": 0.9}"), expect=True)
    g.add("response-format-json-object", req(user("JSON"), response_format={"type": "json_object"}),
          resp("{}"), expect=True)
    g.add("stop-string", req(user("s"), stop="END"), resp("s"), expect=True)
    g.add("stop-list", req(user("s"), stop=["END", "###", "\n"]), resp("s"), expect=True)
    g.add("stop-empty-string-dropped", req(user("s"), stop=""), resp("s"), expect=True)
    g.add("stop-empty-list-dropped", req(user("s"), stop=[]), resp("s"), expect=True)
    g.add("falsy-tools-format-dropped", req(user("f"), tools=[], response_format={}, web_search=False, stop=None),
          resp("f"), expect=True)
    g.add("web-search-true", req(user("news"), web_search=True), resp("news"), expect=True)
    g.add("web-search-false", req(user("news"), web_search=False), resp("news"), expect=True)
    g.add("extra-ignored-fields", req(user("x"), n=2, top_p=0.9, tool_choice={"type": "function", "function": {"name": "f"}},
                                      stream=True, seed=7, user="u-1", logprobs=True, presence_penalty=0.5,
                                      metadata={"k": "v"}), resp("x"), expect=True)
    g.add("roles-conversation", req(*d(CONVERSATION), tools=[WEATHER_TOOL, NESTED_TOOL], temperature=0.2,
                                    max_tokens=512), resp("You're welcome."), expect=True)
    g.add("system-content-list-hashed-as-is",
          req({"role": "system", "content": [{"type": "text", "text": "sys"}, {"type": "image_url",
                                              "image_url": {"url": "data:image/png;base64,AAAA"}}]}, user("u")),
          resp("u"), expect=True)
    g.add("user-content-parts", req(user(d(MULTIMODAL)), max_tokens=300), resp("A chart and a PDF."), expect=True)
    g.add("assistant-message-content-missing", req(user("u"), {"role": "assistant"}, user("again")), resp("a"),
          expect=True)
    g.add("tool-message-missing-tool-call-id", req(user("u"), {"role": "tool", "content": "r"}), resp("r"),
          expect=True)
    g.add("model-non-ascii", req(user("u"), model="org/modèle-😀"), resp("ok", model="org/modèle-😀"), expect=True)

    # responses
    g.add("response-tool-calls", req(user("Weather?"), tools=[WEATHER_TOOL, NESTED_TOOL]),
          resp(None, "tool_calls", d(TOOL_CALLS)), expect=True)
    g.add("response-tool-calls-with-content", req(user("Weather?"), tools=[WEATHER_TOOL]),
          resp("Let me check.", "tool_calls", d(TOOL_CALLS[:1])), expect=True)
    g.add("response-content-text-parts", req(user("parts")),
          resp([{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo 😀"}, {"type": "refusal"}]),
          expect=True)
    g.add("response-empty-content", req(user("empty")), resp(""), expect=True)
    g.add("response-null-content", req(user("null")), resp(None), expect=True)
    g.add("response-multiple-choices", req(user("n=3"), n=3), resp("first", extra_choices=["second", "third"]),
          expect=True)
    g.add("response-finish-reason-length", req(user("long"), max_tokens=1), resp("Lo", "length"), expect=True)
    g.add("response-tool-calls-not-list-uses-content", req(user("t")), resp("text", "tool_calls", {"not": "a list"}),
          expect=True)
    stream = resp("")
    stream["choices"] = []
    stream["object"] = "chat.completion.chunk"
    g.add("stream-final-frame-content-override", req(user("stream"), stream=True), stream,
          content="Accumulated stream text 😀", expect=True)

    # timestamps, keys, tee_id / hash spellings
    g.add("timestamp-decimal-string", req(user("ts")), resp("ts"), expect=True,
          mutate=set_field("tee_timestamp", str(TS)))
    g.add("timestamp-zero", req(user("ts0")), resp("ts0"), ts=0, expect=True)
    g.add("timestamp-2pow64-int", req(user("ts")), resp("ts"), ts=2**64, expect=True)
    g.add("key-3072", req(user("big key")), resp("big key"), key="test_3072", expect=True)
    g.add("tee-id-mixed-case", req(user("id")), resp("id"), expect=True,
          mutate=edit(["tee_id"], lambda v: "0x" + "".join(c.upper() if i % 2 else c for i, c in enumerate(v[2:]))))
    g.add("tee-id-no-0x", req(user("id")), resp("id"), expect=True, mutate=edit(["tee_id"], lambda v: v[2:]))
    g.add("hashes-0x-prefixed", req(user("0x")), resp("0x"), expect=True,
          mutate=lambda b: b.update(tee_request_hash="0x" + b["tee_request_hash"],
                                    tee_output_hash="0x" + b["tee_output_hash"]))
    g.add("expected-tee-id-matching-uppercase", req(user("e")), resp("e"), expect=True,
          expected_tee_id="0x" + g.ids["test"][2:].upper())
    g.add("expected-tee-id-empty-ignored", req(user("e")), resp("e"), expect=True, expected_tee_id="")

    # --- raw request text: spellings json.loads normalises (a verifier must re-serialise, not copy) --
    g.add("raw-number-spellings", None, resp("n"), expect=True, request_json=(
        '{\r\n\t"model" : "openai/gpt-5",\n  "messages":[{"role":"user","content":"n"}],'
        '"temperature":0.70, "max_tokens":1E2,\n "tools":[{"type":"function","function":{"name":"n","parameters":'
        '{"type":"object","properties":{"a":{"default":1.0e2},"b":{"default":-0},"c":{"default":0.1e1},'
        '"d":{"default":1e-400},"e":{"default":1.00000000000000000001},"f":{"default":123456789012345678901234567890.0},'
        '"g":{"default":5E-324},"h":{"default":-0.0},"i":{"default":1.5E+3},"j":{"default":100},'
        '"k":{"default":-1e-7},"l":{"default":0.000100}}}}}]}\n'))
    g.add("raw-string-escapes", None, resp("s"), expect=True, request_json=(
        '{"model":"openai\\/gpt-5","messages":[{"role":"\\u0075ser","content":'
        '"caf\\u00E9 \\/ \\uD83D\\uDE00 \\u0041 \\"q\\" \\b\\f\\u007f\\u0000 \\u2028 raw: é 😀"}]}'))
    g.add("lenient-raw-duplicate-keys-last-wins", None, resp("d"), expect=True, request_json=(
        '{"model":"other/model","model":"openai/gpt-5","messages":[{"role":"critic","role":"user",'
        '"content":"first","content":"second"}],"temperature":2,"temperature":0.5}'))
    g.add("lenient-raw-lone-surrogate", None, resp("l"), expect=True, request_json=(
        '{"model":"openai/gpt-5","messages":[{"role":"user","content":"lone \\ud800 high, lone \\udc00 low"}]}'))
    g.add("lenient-raw-float-overflow-hashed-as-Infinity", None, resp("i"), expect=True, request_json=(
        '{"model":"openai/gpt-5","messages":[{"role":"user","content":"inf"}],"tools":[{"type":"function",'
        '"function":{"name":"f","parameters":{"type":"object","properties":{"x":{"default":1e400},'
        '"y":{"default":-1e400}}}}}]}'))
    g.add("raw-temperature-text-differs-from-signed", None, resp("t"), expect="request_hash",
          signed_request=req(user("t"), temperature=0.7), request_json=(
              '{"model":"openai/gpt-5","messages":[{"role":"user","content":"t"}],"temperature":0.7000000000000001}'))
    g.add("raw-max-tokens-1E2-is-float", None, resp("t"), expect="request_hash",
          signed_request=req(user("t"), max_tokens=100), request_json=(
              '{"model":"openai/gpt-5","messages":[{"role":"user","content":"t"}],"max_tokens":1E2}'))

    # --- valid: equivalences (stored differs from signed; the canonical form ignores the change) -----
    base = req(system("Be brief."), user("Weather in Zürich?"), temperature=0.7, max_tokens=100,
               tools=[WEATHER_TOOL, KEY_ORDER_TOOL], stop=["END"], response_format=RESPONSE_FORMAT, web_search=True)

    def reorder(obj):
        if isinstance(obj, dict):
            return {k: reorder(obj[k]) for k in reversed(list(obj))}
        if isinstance(obj, list):
            return [reorder(x) for x in obj]
        return obj

    g.add("equiv-reordered-keys", reorder(base), resp("sunny"), signed_request=base, expect=True)
    g.add("equiv-developer-signed-system-sent", req(system("S"), user("u")), resp("u"),
          signed_request=req({"role": "developer", "content": "S"}, user("u")), expect=True)
    g.add("equiv-temperature-1-vs-1.0", req(user("t"), temperature=1), resp("t"),
          signed_request=req(user("t"), temperature=1.0), expect=True)
    g.add("equiv-temperature-absent-vs-0", req(user("t")), resp("t"),
          signed_request=req(user("t"), temperature=0), expect=True)
    g.add("equiv-ignored-fields-changed", req(user("x"), top_p=0.5, n=1, stream=False, tool_choice="none"), resp("x"),
          signed_request=req(user("x"), top_p=0.9, n=4, stream=True, tool_choice="auto"), expect=True)
    mm2 = d(MULTIMODAL)
    mm2[1]["image_url"]["url"] = "data:image/png;base64,DIFFERENTBYTES=="
    mm2[2]["file"]["file_data"] = "data:application/pdf;base64,Q0hBTkdFRA=="
    g.add("equiv-attachment-bytes-changed", req(user(mm2)), resp("same"), signed_request=req(user(d(MULTIMODAL))),
          expect=True)
    g.add("equiv-max-tokens-null-vs-absent", req(user("m"), max_tokens=None), resp("m"),
          signed_request=req(user("m")), expect=True)
    g.add("equiv-stop-empty-vs-absent", req(user("s"), stop=""), resp("s"), signed_request=req(user("s")), expect=True)
    g.add("equiv-user-name-field-dropped", req(user("u", name="bob")), resp("u"), signed_request=req(user("u")),
          expect=True)
    g.add("equiv-second-choice-changed", req(user("n")), resp("first", extra_choices=["CHANGED"]),
          signed_response=resp("first", extra_choices=["second"]), expect=True)
    g.add("equiv-tool-calls-response-content-changed", req(user("w")), resp("CHANGED", "tool_calls", d(TOOL_CALLS)),
          signed_response=resp("original", "tool_calls", d(TOOL_CALLS)), expect=True)

    # --- lenient: Python accepts, a strict verifier may reject --------------------------------------
    for nm, spelled in [("space", " %d" % TS), ("underscores", "1_770_000_000"), ("plus", "+%d" % TS),
                        ("newline", "%d\n" % TS), ("arabic-indic-digits", str(TS).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
                        ("fullwidth-digits", str(TS).translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
                        ("leading-zeros", "000%d" % TS)]:
        g.add("lenient-timestamp-string-" + nm, req(user("ts")), resp("ts"), expect=True,
              mutate=set_field("tee_timestamp", spelled))
    g.add("lenient-timestamp-max-uint256-string", req(user("ts")), resp("ts"), ts=2**256 - 1, expect=True,
          mutate=set_field("tee_timestamp", str(2**256 - 1)))
    b64 = lambda s: base64.b64encode(s).decode()  # noqa: E731
    g.add("lenient-signature-base64-line-breaks", req(user("b64")), resp("b64"), expect=True,
          mutate=edit(["tee_signature"], lambda s: "\n".join(s[i:i + 64] for i in range(0, len(s), 64)) + "\n"))
    g.add("lenient-signature-base64-junk-chars", req(user("b64")), resp("b64"), expect=True,
          mutate=edit(["tee_signature"], lambda s: "!" + s[:50] + "*$" + s[50:]))
    g.add("lenient-signature-base64-extra-padding", req(user("b64")), resp("b64"), expect=True,
          mutate=edit(["tee_signature"], lambda s: s + "===="))
    g.add("lenient-signature-base64-interior-padding", req(user("b64")), resp("b64"), expect=True,
          mutate=lambda b: b.update(tee_signature=(lambda raw: b64(raw[:129]) + "=" + b64(raw[129:]))(
              base64.b64decode(b["tee_signature"]))))

    def leading_zero(sig, msg):
        for _ in range(5000):
            if sig[0] == 0:
                return sig[1:]
            sig = pss_sign(g.keys["test"], msg)
        raise RuntimeError("no signature with a leading zero byte in 5000 tries")
    g.add("lenient-signature-leading-zero-stripped", req(user("short sig")), resp("short sig"), expect=True,
          sig_bytes=leading_zero)
    g.add("lenient-temperature-string", req(user("t"), temperature="0.7"), resp("t"), expect=True)
    g.add("lenient-temperature-bool", req(user("t"), temperature=True), resp("t"), expect=True)
    g.add("lenient-web-search-truthy-string", req(user("w"), web_search="yes"), resp("w"), expect=True)
    g.add("lenient-user-content-null-hashed-as-None", req(user(None)), resp("n"), expect=True)
    g.add("lenient-user-content-number", req(user(42)), resp("n"), expect=True)

    # --- invalid: signature mutations ---------------------------------------------------------------
    for nm, (idx, mask) in {"byte0-bit7": (0, 0x80), "byte0-bit0": (0, 0x01), "byte128-bit3": (128, 0x08),
                            "last-byte-bit0": (255, 0x01), "byte200-all": (200, 0xFF)}.items():
        g.add("sig-flip-" + nm, req(user("flip")), resp("flip"), expect="signature", sig_bytes=sig_flip(idx, mask))
    g.add("sig-flip-3072-last-byte", req(user("flip")), resp("flip"), key="test_3072", expect="signature",
          sig_bytes=sig_flip(383, 0x01))
    g.add("sig-truncated", req(user("len")), resp("len"), expect="signature", sig_bytes=lambda s, m: s[:-1])
    g.add("sig-extended", req(user("len")), resp("len"), expect="signature", sig_bytes=lambda s, m: s + b"\0")
    g.add("sig-zero-prefixed", req(user("len")), resp("len"), expect="signature", sig_bytes=lambda s, m: b"\0" + s)
    g.add("sig-empty", req(user("len")), resp("len"), expect="signature", sig_bytes=lambda s, m: b"")

    def plus_modulus(sig, msg):
        n = g.keys["test"].public_key().public_numbers().n
        for _ in range(5000):
            v = int.from_bytes(sig, "big") + n
            if v < 1 << 2048:
                return v.to_bytes(256, "big")
            sig = pss_sign(g.keys["test"], msg)
        raise RuntimeError("no signature s with s + n < 2^2048")
    g.add("sig-plus-modulus", req(user("s+n")), resp("s+n"), expect="signature", sig_bytes=plus_modulus)
    g.add("sig-other-key", req(user("k")), resp("k"), sign_key="other", expect="signature")
    g.add("sig-3072-key-verified-with-2048", req(user("k")), resp("k"), sign_key="test_3072", expect="signature")
    g.add("sig-base64-bad-padding", req(user("b64")), resp("b64"), expect="error",
          mutate=edit(["tee_signature"], lambda s: s.rstrip("=")[:-1]))

    # tee_id
    g.add("tee-id-of-other-key", req(user("id")), resp("id"), tee_id_key="other", expect="tee_id")
    g.add("tee-id-signed-and-claimed-by-other-key", req(user("id")), resp("id"), sign_key="other", tee_id_key="other",
          expect="tee_id")
    g.add("tee-id-uppercase-0X-prefix", req(user("id")), resp("id"), expect="tee_id",
          mutate=edit(["tee_id"], lambda v: "0X" + v[2:]))
    g.add("tee-id-one-digit-changed", req(user("id")), resp("id"), expect="tee_id", mutate=edit(["tee_id"], flip_hex))
    g.add("expected-tee-id-other", req(user("e")), resp("e"), expected_tee_id=g.ids["other"], expect="unexpected_tee")

    # request mutated after signing (one hazard field at a time)
    def mutated(name, signed, sent, expect="request_hash"):
        g.add("request-mutated-" + name, sent, resp("r"), signed_request=signed, expect=expect)

    mutated("model", base, dict(base, model="openai/gpt-6"))
    b2 = d(base); b2["messages"][1]["content"] = "Weather in Zurich?"
    mutated("user-text", base, b2)
    b2 = d(base); b2["messages"][0]["content"] = "Be brief!"
    mutated("system-text", base, b2)
    b2 = d(base); b2["messages"][0]["role"] = "user"
    mutated("role-system-to-user", base, b2)
    mutated("temperature-0.70000001", base, dict(base, temperature=0.70000001))
    mutated("max-tokens-int-to-float", base, dict(base, max_tokens=100.0))
    mutated("max-tokens-removed", base, {k: v for k, v in base.items() if k != "max_tokens"})
    mutated("stop-one-char", base, dict(base, stop=["ENd"]))
    mutated("stop-list-to-string", base, dict(base, stop="END"))
    mutated("web-search-false", base, dict(base, web_search=False))
    b2 = d(base); b2["response_format"]["json_schema"]["name"] = "answeR"
    mutated("response-format-name", base, b2)
    b2 = d(base); b2["tools"][0]["function"]["parameters"]["properties"]["days"]["default"] = 4
    mutated("tool-default-int", base, b2)
    b2 = d(base); b2["tools"][0]["function"]["parameters"]["properties"]["days"]["default"] = 3.0
    mutated("tool-default-int-to-float", base, b2)
    b2 = d(base); props = b2["tools"][1]["function"]["parameters"]["properties"]
    props["\ue001"] = props.pop("\ue000")
    mutated("tool-key-ue000-to-ue001", base, b2)
    b2 = d(base); b2["tools"].reverse()
    mutated("tools-reordered", base, b2)
    big = req(user("big"), tools=[BIG_INT_TOOL, FLOAT_TOOL])
    b2 = d(big); b2["tools"][0]["function"]["parameters"]["properties"]["wei"]["default"] += 1
    mutated("tool-big-int-plus-1", big, b2)
    b2 = d(big); b2["tools"][1]["function"]["parameters"]["properties"]["e16"]["default"] = 1e16 + 2
    mutated("tool-float-1e16-next", big, b2)
    b2 = d(big); b2["tools"][1]["function"]["parameters"]["properties"]["neg_zero"]["default"] = 0.0
    mutated("tool-float-neg-zero-to-zero", big, b2)
    emo = req(user("smile 😀"))
    mutated("emoji-changed", emo, req(user("smile 😁")))
    esc = req(user("tab\there"))
    mutated("tab-to-space", esc, req(user("tab here")))
    conv = req(*d(CONVERSATION))
    b2 = d(conv); b2["messages"][3]["tool_calls"][0]["function"]["arguments"] = \
        b2["messages"][3]["tool_calls"][0]["function"]["arguments"].replace("3", "4")
    mutated("assistant-tool-call-arguments", conv, b2)
    b2 = d(conv); b2["messages"][4]["content"] = "{\"temp\": 21.6}"
    mutated("tool-message-content", conv, b2)
    b2 = d(conv); b2["messages"][4]["tool_call_id"] = "call_abc124"
    mutated("tool-call-id", conv, b2)
    b2 = d(conv); b2["messages"][6]["name"] = "legacy_fm"
    mutated("function-name", conv, b2)
    mm = req(user(d(MULTIMODAL)))
    b2 = d(mm); b2["messages"][0]["content"][2]["file"]["filename"] = "report.pdF"
    mutated("file-filename", mm, b2)
    b2 = d(mm); b2["messages"][0]["content"][1]["type"] = "image_url2"
    mutated("part-type", mm, b2)
    mutated("message-added", base, dict(base, messages=base["messages"] + [user("more")]))

    # output mutated after signing
    g.add("output-content-one-char", req(user("o")), resp("Hello!"), signed_response=resp("Hello?"),
          expect="output_hash")
    g.add("output-content-parts-changed", req(user("o")), resp([{"type": "text", "text": "Hel"}, {"type": "text", "text": "lO"}]),
          signed_response=resp([{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}]), expect="output_hash")
    tc2 = d(TOOL_CALLS); tc2[0]["function"]["arguments"] = tc2[0]["function"]["arguments"].replace("3", "5")
    g.add("output-tool-call-arguments-changed", req(user("w")), resp(None, "tool_calls", tc2),
          signed_response=resp(None, "tool_calls", d(TOOL_CALLS)), expect="output_hash")
    tc2 = d(TOOL_CALLS); tc2.reverse()
    g.add("output-tool-calls-reordered", req(user("w")), resp(None, "tool_calls", tc2),
          signed_response=resp(None, "tool_calls", d(TOOL_CALLS)), expect="output_hash")
    g.add("output-finish-reason-tool-calls-to-stop", req(user("w")), resp("", "stop", d(TOOL_CALLS)),
          signed_response=resp("", "tool_calls", d(TOOL_CALLS)), expect="output_hash")
    g.add("output-choices-swapped", req(user("n")), resp("second", extra_choices=["first"]),
          signed_response=resp("first", extra_choices=["second"]), expect="output_hash")
    g.add("output-stream-content-override-wrong", req(user("stream")), stream, content="Accumulated stream text 😁",
          signed_content="Accumulated stream text 😀", expect="output_hash")

    # timestamps
    g.add("timestamp-plus-1", req(user("ts")), resp("ts"), expect="signature",
          mutate=edit(["tee_timestamp"], lambda t: t + 1))
    g.add("timestamp-minus-1", req(user("ts")), resp("ts"), expect="signature",
          mutate=edit(["tee_timestamp"], lambda t: t - 1))
    g.add("timestamp-string-plus-1", req(user("ts")), resp("ts"), expect="signature",
          mutate=set_field("tee_timestamp", str(TS + 1)))
    g.add("timestamp-float", req(user("ts")), resp("ts"), expect="fields", mutate=set_field("tee_timestamp", float(TS)))
    g.add("timestamp-bool", req(user("ts")), resp("ts"), ts=1, expect="fields", mutate=set_field("tee_timestamp", True))
    g.add("timestamp-exponent-string", req(user("ts")), resp("ts"), expect="fields",
          mutate=set_field("tee_timestamp", "1.77e9"))
    g.add("timestamp-hex-string", req(user("ts")), resp("ts"), expect="fields",
          mutate=set_field("tee_timestamp", hex(TS)))
    g.add("timestamp-negative-string", req(user("ts")), resp("ts"), expect="error", mutate=set_field("tee_timestamp", "-1"))
    g.add("timestamp-2pow256-string", req(user("ts")), resp("ts"), expect="error",
          mutate=set_field("tee_timestamp", str(2**256)))

    # hash fields tampered / re-spelled
    g.add("request-hash-field-one-digit", req(user("h")), resp("h"), expect="request_hash",
          mutate=edit(["tee_request_hash"], flip_hex))
    g.add("output-hash-field-one-digit", req(user("h")), resp("h"), expect="output_hash",
          mutate=edit(["tee_output_hash"], flip_hex))
    g.add("request-hash-field-uppercase", req(user("h")), resp("h"), expect="request_hash",
          mutate=edit(["tee_request_hash"], str.upper))
    g.add("output-hash-field-uppercase", req(user("h")), resp("h"), expect="output_hash",
          mutate=edit(["tee_output_hash"], str.upper))
    g.add("request-hash-field-0X-prefix", req(user("h")), resp("h"), expect="request_hash",
          mutate=edit(["tee_request_hash"], lambda h: "0X" + h))
    g.add("request-hash-field-trailing-space", req(user("h")), resp("h"), expect="request_hash",
          mutate=edit(["tee_request_hash"], lambda h: h + " "))
    g.add("hash-fields-swapped", req(user("h")), resp("h"), expect="request_hash",
          mutate=lambda b: b.update(tee_request_hash=b["tee_output_hash"], tee_output_hash=b["tee_request_hash"]))

    # missing / mistyped fields
    for f in ("tee_signature", "tee_request_hash", "tee_output_hash", "tee_timestamp", "tee_id"):
        g.add("missing-" + f.replace("_", "-"), req(user("m")), resp("m"), expect="fields", mutate=del_field(f))
    g.add("null-tee-signature", req(user("m")), resp("m"), expect="fields", mutate=set_field("tee_signature", None))
    g.add("bytes-array-tee-request-hash", req(user("m")), resp("m"), expect="fields",
          mutate=edit(["tee_request_hash"], lambda h: list(bytes.fromhex(h))))

    # requests the SDK cannot express
    g.add("unsupported-unknown-role", req(user("u"), {"role": "critic", "content": "x"}), resp("u"),
          expect="unsupported")
    g.add("unsupported-missing-role", req({"content": "no role"}), resp("u"), expect="unsupported")
    g.add("unsupported-missing-model", {"messages": [user("u")]}, resp("u"), expect="unsupported")
    g.add("unsupported-empty-messages", req(), resp("u"), expect="unsupported")
    g.add("unsupported-tools-not-list", req(user("u"), tools={"type": "function"}), resp("u"), expect="unsupported")
    g.add("unsupported-message-not-object", req("just a string"), resp("u"), expect="unsupported")

    # SDK crashes
    g.add("error-response-text-part-null", req(user("p")), resp([{"type": "text", "text": "a"}, {"type": "text", "text": None}]),
          expect="error")


def write(doc):
    os.makedirs(OUT_DIR, exist_ok=True)
    tmp = OUT_FILE + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    os.replace(tmp, OUT_FILE)


def summary(cases):
    valid = sum(1 for c in cases if c["sdk"]["valid"])
    per = {}
    for c in cases:
        if not c["sdk"]["valid"]:
            per[c["sdk"]["check"]] = per.get(c["sdk"]["check"], 0) + 1
    return "%d cases: %d valid, %d invalid (%s)" % (
        len(cases), valid, len(cases) - valid, ", ".join("%s %d" % kv for kv in sorted(per.items())))


def generate(sdk, version):
    keys = load_or_make_keys()
    g = Gen(sdk, keys)
    build_cases(g)
    if g.surprises:
        for s in g.surprises:
            print("SURPRISE " + s, file=sys.stderr)
        return 1
    doc = {
        "cases": g.cases,
        "keys": g.pems,
        "note": "TEST ONLY keys (test-key*.pem, other-key.pem in this folder); generated by scripts/og-vectors.py; "
                "do not edit by hand",
        "sdk": "opengradient %s" % version,
        "tee_ids": g.ids,
        "version": 1,
    }
    write(doc)
    print("og-vectors: wrote %s: %s" % (os.path.relpath(OUT_FILE, REPO), summary(g.cases)))
    return 0


def check(sdk, version, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("sdk") != "opengradient %s" % version:
        print("og-vectors: NOTE: vectors recorded with %s, checking with opengradient %s" % (doc.get("sdk"), version))
    pems = doc["keys"]
    bad = 0
    for name, pem in pems.items():
        if doc.get("tee_ids", {}).get(name, sdk.tee_id_for_key(pem)) != sdk.tee_id_for_key(pem):
            print("MISMATCH key %s: tee_id %s recorded, SDK computes %s" % (name, doc["tee_ids"][name],
                                                                           sdk.tee_id_for_key(pem)))
            bad += 1
    for case in doc["cases"]:
        got = sdk_verdict(sdk, case, pems)
        want = case["sdk"]
        if (got["valid"], got["check"]) != (want["valid"], want["check"]):
            bad += 1
            print("MISMATCH %s: recorded valid=%s check=%s, SDK now valid=%s check=%s (%s)" % (
                case["name"], want["valid"], want["check"], got["valid"], got["check"], got["error"]))
    if bad:
        print("og-vectors: %d of %d cases DISAGREE with the OpenGradient SDK" % (bad, len(doc["cases"])))
        return 1
    print("og-vectors: %d cases agree with the OpenGradient SDK (%s)" % (len(doc["cases"]), summary(doc["cases"])))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="re-check the committed verdicts, do not regenerate")
    ap.add_argument("--file", default=OUT_FILE, help="responses.json to check (default: the committed one)")
    args = ap.parse_args()
    try:
        sdk, version, path = load_sdk()
    except SdkMissing as exc:
        print("og-vectors: OpenGradient SDK unavailable: %s" % exc, file=sys.stderr)
        return EXIT_NO_SDK
    return check(sdk, version, args.file) if args.check else generate(sdk, version)


if __name__ == "__main__":
    sys.exit(main())
