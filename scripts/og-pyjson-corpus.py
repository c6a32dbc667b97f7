#!/usr/bin/env python3
"""Differential corpus for lightcheck's `opengradient::pyjson` against CPython's `json` module.

Writes test-vectors/opengradient/pyjson-corpus.json, a JSON list with one entry per line. Entry kinds:

  {"input": TEXT, "dumps": OUT}     json.dumps(json.loads(TEXT), sort_keys=True) == OUT
  {"input": TEXT, "error": true}    json.loads(TEXT) raises (lightcheck must reject it too)
  {"input": TEXT, "lightcheck_rejects": TAG}
                                    CPython accepts TEXT but lightcheck fails closed; TAG is a substring
                                    of lightcheck's error reason (lone surrogates, nesting depth, ...)
  "input_hex": HEX instead of "input": the input is these raw bytes (json.loads(bytes))
  {"float_of": TEXT, "repr": R}     repr(float(json.loads(TEXT))) == R   (pyjson::python_float)
  {"float_of": TEXT, "error": true} / {"float_of": TEXT, "lightcheck_rejects": TAG}

Deterministic (random.Random(SEED)); stdlib only; needs a CPython with int_max_str_digits (3.11+).

  python3 scripts/og-pyjson-corpus.py            # (re)write the corpus
  python3 scripts/og-pyjson-corpus.py --check    # recompute and fail on any difference
"""

import json
import math
import os
import random
import struct
import sys

SEED = 20240611
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test-vectors", "opengradient", "pyjson-corpus.json")
MAX_DEPTH = 64  # lightcheck's pyjson::MAX_DEPTH
WS = " \t\n\r"


def entry_for_text(text, reject=None):
    """An entry for JSON text, with CPython's verdict."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {"input": text, "error": True}
    if reject is not None:
        return {"input": text, "lightcheck_rejects": reject}
    return {"input": text, "dumps": json.dumps(value, sort_keys=True)}


def entry_for_bytes(data, reject=None):
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return {"input_hex": data.hex(), "error": True}
    if reject is None and has_lone_surrogate(value):
        # json.loads(bytes) decodes with errors="surrogatepass": UTF-8-encoded surrogates get through.
        reject = "invalid UTF-8"
    if reject is not None:
        return {"input_hex": data.hex(), "lightcheck_rejects": reject}
    return {"input_hex": data.hex(), "dumps": json.dumps(value, sort_keys=True)}


def entry_for_float(text):
    value = json.loads(text)
    try:
        result = repr(float(value))
    except (ValueError, TypeError, OverflowError):
        return {"float_of": text, "error": True}
    if isinstance(value, str):
        stripped = value.strip(" \t\n\x0b\x0c\r")
        if not stripped.isascii():
            return {"float_of": text, "lightcheck_rejects": "non-ASCII"}
        if "_" in stripped:
            return {"float_of": text, "lightcheck_rejects": "'_'"}
    return {"float_of": text, "repr": result}


def has_lone_surrogate(value):
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    return False


def text_entry(text):
    """entry_for_text, flagging lone surrogates (which CPython keeps in a str)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {"input": text, "error": True}
    if has_lone_surrogate(value):
        return entry_for_text(text, "lone surrogate")
    return entry_for_text(text)


# ------------------------------------------------------------------------------------------------
# Encoders producing varied (but valid) JSON text
# ------------------------------------------------------------------------------------------------

SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def u_escape(rng, unit):
    h = "%04x" % unit
    return "\\u" + "".join(c.upper() if rng.random() < 0.3 else c for c in h)


def enc_str(rng, s):
    out = ['"']
    for c in s:
        o = ord(c)
        mode = rng.random()
        if c in SHORT and mode < 0.7:
            out.append(SHORT[c])
        elif c == "/" and mode < 0.3:
            out.append("\\/")
        elif o < 0x20 or c in '"\\' or mode < 0.15:
            if o >= 0x10000:
                v = o - 0x10000
                out.append(u_escape(rng, 0xD800 | (v >> 10)) + u_escape(rng, 0xDC00 | (v & 0x3FF)))
            else:
                out.append(u_escape(rng, o))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def rand_char(rng):
    r = rng.random()
    if r < 0.45:
        return chr(rng.randint(0x20, 0x7E))
    if r < 0.55:
        return chr(rng.choice([rng.randint(0, 0x1F), 0x7F]))
    if r < 0.65:
        return chr(rng.randint(0x80, 0x7FF))
    if r < 0.8:
        o = rng.randint(0x800, 0xFFFF)
        return chr(o if not 0xD800 <= o <= 0xDFFF else 0xE000 + (o & 0xFF))
    if r < 0.85:
        return chr(rng.choice([0xE000, 0xF8FF, 0xFEFF, 0xFFFD, 0xFFFF, 0x2028, 0x2029]))
    return chr(rng.randint(0x10000, 0x10FFFF))


def rand_str(rng, n=None):
    n = rng.randint(0, 8) if n is None else n
    return "".join(rand_char(rng) for _ in range(n))


def ws(rng):
    if rng.random() < 0.7:
        return ""
    return "".join(rng.choice(WS) for _ in range(rng.randint(1, 3)))


def rand_number_text(rng):
    r = rng.random()
    if r < 0.3:
        return str(rng.randint(-(10**rng.randint(0, 30)), 10**rng.randint(0, 30)))
    if r < 0.6:
        return json.dumps(struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0])
    if r < 0.8:
        return rng.choice(["0", "-0", "0.0", "-0.0", "1E2", "1e-2", "2.5E+3", "NaN", "Infinity", "-Infinity", "1e400"])
    return "%.*e" % (rng.randint(0, 20), rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-30, 30))


def rand_value_text(rng, depth):
    """Random JSON text of nesting depth at most `depth`."""
    r = rng.random()
    if depth > 0 and r < 0.25:
        items = [rand_value_text(rng, depth - 1) for _ in range(rng.randint(0, 4))]
        return "[" + ws(rng) + ("," + ws(rng)).join(i + ws(rng) for i in items) + "]"
    if depth > 0 and r < 0.5:
        keys = [rand_str(rng, rng.randint(0, 4)) for _ in range(rng.randint(0, 5))]
        if keys and rng.random() < 0.3:
            keys.append(rng.choice(keys))  # duplicate key
        members = [ws(rng) + enc_str(rng, k) + ws(rng) + ":" + ws(rng) + rand_value_text(rng, depth - 1) + ws(rng) for k in keys]
        return "{" + ",".join(members) + ws(rng) + "}"
    if r < 0.7:
        return enc_str(rng, rand_str(rng))
    if r < 0.9:
        return rand_number_text(rng)
    return rng.choice(["null", "true", "false"])


# ------------------------------------------------------------------------------------------------
# The corpus
# ------------------------------------------------------------------------------------------------


def float_texts(rng, x):
    """A few textual spellings of the double x (each parses back to x, or to a neighbour)."""
    if math.isnan(x):
        return ["NaN"]
    if math.isinf(x):
        return ["Infinity" if x > 0 else "-Infinity"]
    texts = [json.dumps(x)]
    r = rng.random()
    if r < 0.25:
        texts.append("%.17e" % x)
    elif r < 0.4:
        texts.append("%.*e" % (rng.randint(0, 25), x))
    elif r < 0.5:
        texts.append(("%.17g" % x).replace("inf", "1e999"))
    return texts


def build():
    rng = random.Random(SEED)
    entries = []

    # Literals, containers, whitespace, structure errors.
    for text in [
        "null", "true", "false", "NaN", "Infinity", "-Infinity", "[]", "{}", " [ ] ", "\t{\n}\r", "[[]]", "[{}]",
        '{"a": []}', '{"a": {}}', '[1, [2, [3, []]], {"": {}}]', "", " ", "[", "]", "{", "}", "[1,]", "[,1]",
        "[1 2]", '{"a":1,}', '{"a" 1}', '{"a":}', "{1:2}", "{'a':1}", '{"a"}', "[]]", "{}}", "1 2", "nan", "inf",
        "-NaN", "+Infinity", "infinity", "True", "False", "None", "nul", "tru", "fals", "NULL", "[null,true,false]",
        "\x0b1", "1\x0c", "\xa01", "\u20281", "1\x00", '"abc', '"\\x"', '"\\u12"', '"\\u12g4"', '"\\U0041"',
        '"\\', '"\\u', '["\\"]', "/* c */1", "[1]//",
    ]:
        entries.append(text_entry(text))

    # Numbers: ints, -0, exponents, grammar errors.
    for text in [
        "0", "-0", "1", "-1", "00", "01", "-01", "1.", ".5", "-.5", "+1", "-", "--1", "1e", "1e+", "1E", "1.e5",
        "0.0", "-0.0", "0e0", "-0e0", "0E-0", "1E2", "1e2", "1E+2", "1e-2", "1E-2", "1.5E3", "100", "100.0",
        "1.0", "1e0", "9007199254740993", "9007199254740993.0", "18446744073709551616", "-9223372036854775809",
        "123456789012345678901234567890", "-123456789012345678901234567890", "1e400", "-1e400", "1e-400",
        "1e99999999999999999999999", "1e-99999999999999999999999", "0.1", "0.2", "0.30000000000000004",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "0." + "0" * 400 + "1", "1" + "0" * 400 + ".0", "3." + "1415926535" * 60, "0x10", "1_0", "٣",
        "[-0, -0.0, 0, 0.0]", '{"n": -0}',
    ]:
        entries.append(text_entry(text))
    big = "9" * 4300
    entries.append(text_entry(big))
    entries.append(text_entry("[" + big + "9]"))
    entries.append(text_entry("-1" + "0" * 4299))
    for k in (16, 17, 18, 19, 20, 21, 22, 40, 100, 308, 309, 310):
        entries.append(text_entry("1" + "0" * k))
        entries.append(text_entry("1" + "0" * k + ".0"))

    # Floats at every repr boundary.
    specials = [
        0.0, -0.0, 1.0, -1.0, 0.5, 0.7, 100.0, 1e-4, -1e-4, 1e-5, 9.999999999999999e-5, 0.00010000000000000002,
        1.5e-7, 1e15, 1e16, -1e16, 9999999999999998.0, 9999999999999999.0, 1.0000000000000002e16, 1.2345678901234568e16,
        1e17, 1e21, 1e22, 1e23, 1e100, 1e-100, 5e-324, -5e-324, 1e-323, 2.2250738585072014e-308,
        2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308, 0.1 + 0.2, 1 / 3, 2 / 3, math.pi,
        math.e, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, 2.0**-1074, 2.0**-1022, 123456.789, 0.001, 0.01,
        1234567890123456.7, 123456789012345.67, 0.000123, 0.0000123, float("nan"), float("inf"), float("-inf"),
    ]
    for e in range(-330, 310, 7):
        specials.append(10.0**e if e > -324 else 0.0)
        specials.append(float("1e%d" % e))
        specials.append(float("9.5e%d" % e))
    for x in specials:
        for text in float_texts(rng, x):
            entries.append(text_entry(text))

    # Random doubles from random bit patterns.
    for _ in range(2000):
        x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        for text in float_texts(rng, x):
            entries.append(text_entry(text))

    # Random decimal strings (exercises correct rounding of long inputs).
    for _ in range(250):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
        text = digits[0] + ("." + digits[1:] if len(digits) > 1 else ".0") + "e" + str(rng.randint(-340, 320))
        entries.append(text_entry(("-" if rng.random() < 0.3 else "") + text))

    # Strings: every control character raw and escaped, DEL, quotes, backslash, slash.
    for o in list(range(0x20)) + [0x7F]:
        entries.append(text_entry('"a' + chr(o) + 'b"'))
        entries.append(text_entry('"\\u%04x"' % o))
        entries.append(text_entry('"\\u%04X"' % o))
        entries.append(text_entry('{"k\\u%04x": 1}' % o))
    for text in [
        '"\\""', '"\\\\"', '"\\/"', '"/"', '"a/b\\/c"', '"\\b\\f\\n\\r\\t"', "\"'\"", '"\\u0022\\u005c\\u002f"',
        '""', '" "', '"~"', '"\\u007e\\u007f\\u0080"',
    ]:
        entries.append(text_entry(text))

    # BMP and astral characters, raw and escaped; surrogate pairs; lone surrogates.
    for c in ["é", "ÿ", "Ā", "߿", "ࠀ", "€", "中", "\ue000", "\uf8ff", "\ufeff", "\ufffd", "\uffff", "\u2028",
              "\U00010000", "😀", "\U0001f9d1\u200d\U0001f680", "\U0010ffff"]:
        entries.append(text_entry(json.dumps(c, ensure_ascii=False)))
        entries.append(text_entry(json.dumps(c)))
        entries.append(text_entry(json.dumps(c).upper().replace("\\U", "\\u")))
    for text in [
        '"\\ud83d\\ude00"', '"\\uD83D\\uDE00"', '"\\udbff\\udfff"', '"\\ud800\\udc00"', '"\\ud800"', '"\\udc00"',
        '"\\udfff"', '"a\\ud83d"', '"\\ud83db"', '"\\ud800\\u0041"', '"\\ud800\\ud800"', '"\\ude00\\ud83d"',
        '{"\\ud800": 1}', '["ok", "\\udc00x"]', '"\\ud800\\uzzzz"', '"\\ud800\\u"',
    ]:
        entries.append(text_entry(text))

    # Key order: code points, not UTF-16 units.
    for text in [
        '{"\\ud83d\\ude00": 1, "\\ue000": 2}', '{"\ue000": 2, "😀": 1, "\uffff": 3, "z": 4, "": 5, "Z": 6}',
        '{"b": 1, "a": 2, "aa": 3, "A": 4, "_": 5, "a\\u0000": 6, "\\u0000": 7}',
        '{"é": 1, "e": 2, "f": 3, "\\u00e9\\u0301": 4}',
    ]:
        entries.append(text_entry(text))

    # Duplicate keys: the last value wins, at the first key's place (irrelevant once sorted).
    for text in [
        '{"a": 1, "a": 2}', '{"a": 1, "b": 2, "a": 3}', '{"a": {"x": 1}, "a": {"y": 2}}', '{"a": [], "a": {}}',
        '{"a": 1, "\\u0061": 2}', '{"\\ud83d\\ude00": 1, "😀": 2}', '[{"k": 1, "k": null}]',
    ]:
        entries.append(text_entry(text))

    # Nesting depth: lightcheck stops at MAX_DEPTH, CPython at its recursion limit.
    for depth, shape in [(MAX_DEPTH, "array"), (MAX_DEPTH, "object"), (MAX_DEPTH + 1, "array"),
                         (MAX_DEPTH + 1, "object"), (200, "array"), (5000, "array")]:
        if shape == "array":
            text = "[" * depth + "]" * depth
        else:
            text = '{"a":' * (depth - 1) + "{}" + "}" * (depth - 1)
        reject = "nesting depth" if depth > MAX_DEPTH else None
        try:
            json.loads(text)
            entries.append(entry_for_text(text, reject))
        except RecursionError:
            entries.append({"input": text, "error": True})
    entries.append(entry_for_text("[" * MAX_DEPTH + "]" * (MAX_DEPTH - 1)))

    # Raw byte inputs: BOM, UTF-16, invalid UTF-8.
    for data, reject in [
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b"\xef\xbb\xbf", "byte order mark"),
        ("[1]".encode("utf-16-le"), "expected a value"),
        ("[1]".encode("utf-16"), "invalid UTF-8"),
        (b'"\xff"', None), (b'"\xc3"', None), (b'"\xed\xa0\x80"', None), (b'"\xed\xa0\xbd\xed\xb8\x80"', None), (b'"\xc0\xaf"', None),
        (b'"\xf4\x90\x80\x80"', None), (b"\x80", None), (b'["\xc3\xa9"]', None),
    ]:
        entries.append(entry_for_bytes(data, reject))

    # Tools-like schemas, as chat requests carry them.
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Get the weather — in °C or °F 🌦",
                "strict": True,
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {"type": "string", "description": "City, e.g. \"Zürich\" / Genève"},
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                        "days": {"type": "integer", "minimum": 1, "maximum": 16, "default": 1},
                        "threshold": {"type": "number", "minimum": -0.5, "multipleOf": 0.1, "default": 1e-05},
                        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 0},
                        "extra": {"type": "object", "properties": {}, "additionalProperties": False},
                        "nullable": {"type": ["string", "null"], "default": None},
                    },
                    "required": ["location", "unit"],
                },
            },
        },
        {"type": "function", "function": {"name": "noop", "parameters": {}}},
    ]
    body = {
        "model": "openai/gpt-5", "temperature": 0.7, "max_tokens": 100, "tools": tools, "stop": ["\n\n", "END"],
        "response_format": {"type": "json_schema", "json_schema": {"name": "r", "schema": {"type": "object"}}},
        "messages": [
            {"role": "system", "content": "Be concise.\tTabs\r\nand CRLF."},
            {"role": "user", "content": [{"type": "text", "text": "Café 😀"},
                                         {"type": "file", "file": {"filename": "a.pdf", "file_data": "JVBERi0="}}]},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather",
                                                                  "arguments": "{\"location\": \"Zürich\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp\": 21.5}"},
        ],
    }
    for indent, ensure_ascii in [(None, True), (None, False), (2, False), (0, True)]:
        entries.append(text_entry(json.dumps(body, indent=indent, ensure_ascii=ensure_ascii)))
        entries.append(text_entry(json.dumps(tools, indent=indent, ensure_ascii=ensure_ascii, separators=(",", ":"))))

    # Random documents.
    for _ in range(220):
        entries.append(text_entry(ws(rng) + rand_value_text(rng, rng.randint(0, 5)) + ws(rng)))

    # python_float: float() of ints, floats, bools and strings.
    for text in [
        "0", "-0", "1", "-7", "9007199254740993", "9007199254740995", "123456789012345678901234567890",
        str(2**1024 - 2**970 - 1), str(2**1024 - 2**970), str(-(2**1024 - 2**970)), str(2**1024), "1" + "0" * 308,
        "1" + "0" * 309, "true", "false", "0.7", "-0.0", "1e400", "NaN", "null", "[]", "{}", "[1]", '""', '" "',
        '"0"', '"-0"', '"1.5"', '" 1.5 "', '"\\t\\n\\u000b\\f\\r2\\r"', '"\\u001c1"', '"1\\u001f"', '"1."', '".5"',
        '"+.5"', '"."', '"-.e1"', '"1e"', '"1e+"', '"e5"', '"+-1"', '"1.5E+3"', '"0001"', '"1e0001"',
        '"1e99999999999999999999"', '"-1e-99999999999999999999"', '"inf"', '"+inf"', '"-inf"', '"INF"',
        '"infinity"', '"iNfInItY"', '"-Infinity"', '"infinit"', '"in f"', '"nan"', '"-nan"', '"+NaN"', '"nan(1)"',
        '"0x10"', '"1_0"', '"1__0"', '"_1"', '"1_"', '"1_000.5"', '"1e1_0"', '"\\u0661"', '"\\u0661.5"',
        '"\\u00a01"', '"1\\u2003"', '"\\u30001"', '"\\uff11"', '"1\\u00e9"', '"1 2"', '"1e5.5"', '"0.1e-1"',
        '"2.2250738585072011e-308"', '"4.9406564584124654e-324"', '"2.4703282292062328e-324"',
        '"1.7976931348623159e308"', '"' + "1" * 500 + '"', '"0.' + "0" * 500 + '1"',
    ]:
        entries.append(entry_for_float(text))
    for _ in range(150):
        parts = []
        for _ in range(rng.randint(1, 6)):
            parts.append(rng.choice(["", " ", "\t", "+", "-", "0", "1", "9", "12", ".", "5", "e", "E", "e-", "e+",
                                     "inf", "Infinity", "nan", "_", "00", "3"]))
        entries.append(entry_for_float(json.dumps("".join(parts))))

    return entries


def render(entries):
    return "[\n" + ",\n".join(json.dumps(e, sort_keys=True) for e in entries) + "\n]\n"


def main():
    if not hasattr(sys, "get_int_max_str_digits") or sys.get_int_max_str_digits() != 4300:
        sys.exit("needs CPython with the default int_max_str_digits = 4300 (3.11+)")
    sys.setrecursionlimit(1000)
    text = render(build())
    if sys.argv[1:] == ["--check"]:
        with open(OUT, encoding="ascii") as f:
            old = f.read()
        if old != text:
            old_lines, new_lines = old.splitlines(), text.splitlines()
            for i, (a, b) in enumerate(zip(old_lines, new_lines)):
                if a != b:
                    sys.exit(f"{OUT}: line {i + 1} differs\n  file:     {a[:300]}\n  computed: {b[:300]}")
            sys.exit(f"{OUT}: {len(old_lines)} lines in the file, {len(new_lines)} computed")
        print(f"{OUT}: up to date ({len(text.splitlines()) - 2} entries)")
        return
    if sys.argv[1:]:
        sys.exit(__doc__)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="ascii") as f:
        f.write(text)
    print(f"wrote {OUT}: {len(text.splitlines()) - 2} entries, {len(text)} bytes")


if __name__ == "__main__":
    main()
