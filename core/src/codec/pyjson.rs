//! JSON with Python's value types: parsed as `json.loads` does, serialised byte for byte as
//! `json.dumps(obj, sort_keys=True)` does.
//!
//! The TEE gateway hashes `json.dumps(canonical_request, sort_keys=True)`, so the verifier must keep
//! what Python keeps: the int/float distinction (`100` and `100.0` hash differently), ints of any
//! size, `NaN`/`Infinity` literals, and the float layout of `repr(float)`.
//!
//! Where Python accepts something lightcheck cannot represent or does not want to guess about, the
//! parser fails closed:
//!
//! - lone UTF-16 surrogates (`"\ud800"`): Python keeps them in a `str`, a Rust `String` cannot;
//! - nesting deeper than [`MAX_DEPTH`] (Python only stops at its recursion limit, about 1000);
//! - inputs larger than [`MAX_INPUT_LEN`];
//! - a leading UTF-8 byte order mark and UTF-16/UTF-32 input (`json.loads(bytes)` sniffs the
//!   encoding; lightcheck takes UTF-8 only).
//!
//! Ints with more than [`MAX_INT_DIGITS`] digits are rejected, as Python's default
//! `sys.get_int_max_str_digits()` makes `json.loads` raise `ValueError` for them.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// The largest JSON input [`parse`] accepts, in bytes (8 MiB).
pub const MAX_INPUT_LEN: usize = 8 * 1024 * 1024;

/// The deepest nesting of arrays and objects [`parse`] accepts (a top-level `[]` is depth 1).
pub const MAX_DEPTH: usize = 64;

/// The most decimal digits an int may have: CPython's default `int_max_str_digits`, beyond which
/// `json.loads` raises `ValueError`.
pub const MAX_INT_DIGITS: usize = 4300;

/// Why JSON did not parse, or a value did not convert, as Python would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is larger than [`MAX_INPUT_LEN`].
    TooLarge {
        /// The input's length in bytes.
        len: usize,
        /// [`MAX_INPUT_LEN`].
        max: usize,
    },
    /// Not JSON that `json.loads` accepts within lightcheck's limits.
    Syntax {
        /// What is wrong, and at which byte offset.
        reason: String,
    },
    /// A conversion Python would make differently or refuse (`str()` of a list, `float()` of a
    /// string lightcheck does not parse the way Python does).
    Unsupported {
        /// Which conversion, and of what.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge { len, max } => write!(f, "json: {len} bytes exceeds the limit of {max} bytes"),
            Error::Syntax { reason } => write!(f, "json: {reason}"),
            Error::Unsupported { reason } => write!(f, "request: {reason}"),
        }
    }
}

/// A JSON value with Python's types, as `json.loads` produces them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    Null,
    /// `True` / `False`.
    Bool(bool),
    /// An `int`, as its canonical decimal: optional `-`, no leading zeros, never `-0`.
    Int(String),
    /// A `float` (also `NaN`, `Infinity`, `-Infinity`).
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    Array(Vec<Value>),
    /// A `dict`; keys in code point order, which is the order of `sort_keys=True`.
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// `dict.get(key)`: the value under `key` if `self` is an object holding it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The string, if `self` is a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if `self` is a `list`.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if `self` is a `dict`.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The boolean, if `self` is a `bool`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The canonical decimal digits, if `self` is an `int`.
    pub fn as_int(&self) -> Option<&str> {
        match self {
            Value::Int(s) => Some(s),
            _ => None,
        }
    }

    /// Python truthiness (`bool(x)`): `None`, `False`, `0`, `0.0`, `-0.0`, `""`, `[]` and `{}` are
    /// false; everything else, `NaN` included, is true.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(s) => s != "0",
            Value::Float(x) => *x != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(map) => !map.is_empty(),
        }
    }

    /// Python's `type(x).__name__`: `NoneType`, `bool`, `int`, `float`, `str`, `list`, `dict`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Array(_) => "list",
            Value::Object(_) => "dict",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

fn decode_error(at: usize, what: &str) -> Error {
    Error::Syntax { reason: format!("{what} at byte {at}") }
}

/// Parses `bytes` as Python's `json.loads` does (strict mode), within lightcheck's limits.
///
/// The input must be UTF-8 without a byte order mark. Whitespace is JSON's (space, tab, LF, CR).
/// `NaN`, `Infinity` and `-Infinity` are accepted. A number without fraction or exponent is an
/// [`Value::Int`]; any other number is a correctly rounded [`Value::Float`] (`1e400` is infinity,
/// as in Python). Duplicate object keys keep the last value. Lone surrogates, raw control
/// characters in strings, nesting deeper than [`MAX_DEPTH`] and trailing data are errors; the
/// error's reason names the byte offset.
pub fn parse(bytes: &[u8]) -> Result<Value, Error> {
    let mut parser = Parser::new(bytes)?;
    parser.skip_ws();
    let value = parser.value(0)?;
    parser.finish()?;
    Ok(value)
}

/// A JSON object whose members named in `raw_keys` are checked but not built: they are returned
/// as the input bytes of their values, to be decoded later by whatever reads them. Everything
/// [`parse`] rejects is rejected. `Ok(None)` when the document is valid JSON but not an object.
pub(crate) fn parse_object_lazily<'a>(bytes: &'a [u8], raw_keys: &[&str]) -> Result<Option<LazyObject<'a>>, Error> {
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return parse(bytes).map(|_| None);
    }
    let mut parser = Parser::new(bytes)?;
    let (mut values, mut raw) = (BTreeMap::new(), BTreeMap::new());
    parser.skip_ws();
    parser.object_members(1, |p, key| {
        if raw_keys.contains(&key.as_str()) {
            let start = p.pos;
            p.skip(1)?;
            // A duplicate key keeps the last value, in whichever map it lands.
            values.remove(&key);
            raw.insert(key, &bytes[start..p.pos]);
        } else {
            raw.remove(&key);
            values.insert(key, p.value(1)?);
        }
        Ok(())
    })?;
    parser.finish()?;
    Ok(Some(LazyObject { values, raw }))
}

/// A top-level object read by [`parse_object_lazily`].
pub(crate) struct LazyObject<'a> {
    /// The members built as values.
    pub values: BTreeMap<String, Value>,
    /// The members kept as the input bytes of their values.
    pub raw: BTreeMap<String, &'a [u8]>,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    /// A parser over `bytes`, after the size, byte-order-mark and UTF-8 checks.
    fn new(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.len() > MAX_INPUT_LEN {
            return Err(Error::TooLarge { len: bytes.len(), max: MAX_INPUT_LEN });
        }
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Err(decode_error(0, "byte order mark (lightcheck accepts UTF-8 without BOM only)"));
        }
        let text = core::str::from_utf8(bytes).map_err(|e| decode_error(e.valid_up_to(), "invalid UTF-8"))?;
        Ok(Parser { text, bytes, pos: 0 })
    }

    /// Only whitespace may follow the document.
    fn finish(&mut self) -> Result<(), Error> {
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(decode_error(self.pos, "trailing data"));
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn rest_starts_with(&self, lit: &str) -> bool {
        self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(lit.as_bytes()))
    }

    fn slice(&self, from: usize, to: usize) -> Result<&str, Error> {
        // Both ends always sit on ASCII bytes or the end of input, hence on char boundaries.
        self.text.get(from..to).ok_or_else(|| decode_error(from, "internal: slice off a char boundary"))
    }

    /// One value. `depth` is the number of arrays and objects enclosing it.
    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        let literals: [(&str, Value); 6] = [
            ("null", Value::Null),
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("NaN", Value::Float(f64::NAN)),
            ("Infinity", Value::Float(f64::INFINITY)),
            ("-Infinity", Value::Float(f64::NEG_INFINITY)),
        ];
        match self.peek() {
            Some(b'"') => return self.string().map(Value::Str),
            Some(b'[') => return self.array(depth + 1),
            Some(b'{') => return self.object(depth + 1),
            Some(b'n' | b't' | b'f' | b'N' | b'I' | b'-') => {
                for (lit, value) in literals {
                    if self.rest_starts_with(lit) {
                        self.pos += lit.len();
                        return Ok(value);
                    }
                }
            }
            _ => {}
        }
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(decode_error(self.pos, "expected a value")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.array_items(depth, |p| {
            items.push(p.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        let mut map = BTreeMap::new();
        self.object_members(depth, |p, key| {
            // Python's dict keeps the last value of a duplicate key.
            map.insert(key, p.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Object(map))
    }

    /// Checks one value without building it (strings and numbers are still parsed in full, so
    /// everything [`Parser::value`] rejects is rejected).
    fn skip(&mut self, depth: usize) -> Result<(), Error> {
        match self.peek() {
            Some(b'[') => self.array_items(depth + 1, |p| p.skip(depth + 1)),
            Some(b'{') => self.object_members(depth + 1, |p, _| p.skip(depth + 1)),
            _ => self.value(depth).map(drop),
        }
    }

    /// Walks an array at `self.pos` (its `[`), reading each item with `item`.
    fn array_items(&mut self, depth: usize, mut item: impl FnMut(&mut Self) -> Result<(), Error>) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(decode_error(self.pos, "nesting depth exceeds lightcheck's limit of 64"));
        }
        self.pos += 1; // '['
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(decode_error(self.pos, "expected ',' or ']'")),
            }
        }
    }

    /// Walks an object at `self.pos` (its `{`), reading each member's value with
    /// `member(parser, key)`.
    fn object_members(
        &mut self,
        depth: usize,
        mut member: impl FnMut(&mut Self, String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(decode_error(self.pos, "nesting depth exceeds lightcheck's limit of 64"));
        }
        self.pos += 1; // '{'
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(decode_error(self.pos, "expected a property name in double quotes"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(decode_error(self.pos, "expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            member(self, key)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(decode_error(self.pos, "expected ',' or '}'")),
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        let mut v = 0u32;
        for &d in digits {
            v = v * 16 + char::from(d).to_digit(16)?;
        }
        Some(v)
    }

    /// A string; `self.pos` is at the opening quote.
    fn string(&mut self) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.slice(run, self.pos)?);
            match self.peek() {
                None => return Err(decode_error(start, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc = self.pos;
                    let ch = match self.bytes.get(esc + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let unit = self.hex4(esc + 2).ok_or_else(|| decode_error(esc, "invalid \\uXXXX escape"))?;
                            self.pos = esc + 6;
                            let code = match unit {
                                0xD800..=0xDBFF => {
                                    let low = if self.rest_starts_with("\\u") { self.hex4(self.pos + 2) } else { None };
                                    match low {
                                        Some(low @ 0xDC00..=0xDFFF) => {
                                            self.pos += 6;
                                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                        }
                                        _ => return Err(decode_error(esc, "lone surrogate in \\u escape")),
                                    }
                                }
                                0xDC00..=0xDFFF => return Err(decode_error(esc, "lone surrogate in \\u escape")),
                                _ => unit,
                            };
                            let ch = char::from_u32(code).ok_or_else(|| decode_error(esc, "invalid \\u escape"))?;
                            out.push(ch);
                            continue;
                        }
                        _ => return Err(decode_error(esc, "invalid escape")),
                    };
                    out.push(ch);
                    self.pos = esc + 2;
                }
                Some(_) => return Err(decode_error(self.pos, "invalid control character in string")),
            }
        }
    }

    /// A number, with the grammar of CPython's scanner: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        let digit = |i: usize| matches!(self.bytes.get(i), Some(b'0'..=b'9'));
        let mut i = start;
        if self.bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match self.bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while digit(i) {
                    i += 1;
                }
            }
            _ => return Err(decode_error(start, "expected a value")),
        }
        let mut is_float = false;
        if self.bytes.get(i) == Some(&b'.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.bytes.get(i) {
            let mut j = i + 1;
            if let Some(b'+' | b'-') = self.bytes.get(j) {
                j += 1;
            }
            let digits_start = j;
            while digit(j) {
                j += 1;
            }
            // Without exponent digits the 'e' is not part of the number (and becomes trailing data).
            if j > digits_start {
                i = j;
                is_float = true;
            }
        }
        self.pos = i;
        let text = self.slice(start, i)?;
        if is_float {
            let x = text.parse::<f64>().map_err(|_| decode_error(start, "invalid number"))?;
            return Ok(Value::Float(x));
        }
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.len() > MAX_INT_DIGITS {
            return Err(decode_error(start, "integer digits exceed Python's limit of 4300"));
        }
        if digits == "0" {
            return Ok(Value::Int("0".to_string()));
        }
        Ok(Value::Int(text.to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Serialisation
// ---------------------------------------------------------------------------------------------

/// Serialises `v` exactly as Python's `json.dumps(v, sort_keys=True)` does: separators `", "` and
/// `": "`, keys in code point order, ASCII-only output (`ensure_ascii`), ints as stored, floats as
/// `repr(float)`, and `NaN`/`Infinity`/`-Infinity` for non-finite floats.
pub fn dumps(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(digits) => out.push_str(digits),
        Value::Float(x) => {
            if x.is_nan() {
                out.push_str("NaN");
            } else if x.is_infinite() {
                out.push_str(if *x > 0.0 { "Infinity" } else { "-Infinity" });
            } else {
                push_float_repr(out, *x);
            }
        }
        Value::Str(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, key);
                out.push_str(": ");
                write_value(out, value);
            }
            out.push('}');
        }
    }
}

fn push_u_escape(out: &mut String, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[((unit >> shift) & 0xF) as usize]));
    }
}

/// A string as `json.dumps` with `ensure_ascii=True` writes it.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let code = u32::from(c);
                if code >= 0x10000 {
                    let v = code - 0x10000;
                    push_u_escape(out, 0xD800 | (v >> 10));
                    push_u_escape(out, 0xDC00 | (v & 0x3FF));
                } else {
                    push_u_escape(out, code);
                }
            }
        }
    }
    out.push('"');
}

/// Python's `repr(x)` for a finite float.
fn push_float_repr(out: &mut String, x: f64) {
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str("0.0");
        return;
    }
    // `{:e}` gives the shortest digits that round-trip (closest to x among those), as `d.ddde±N`.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let n = digits.len() as i32;
    // Python's decpt: x = 0.d1d2... × 10^decpt.
    let decpt = exp + 1;
    if decpt > -4 && decpt <= 16 {
        if decpt <= 0 {
            out.push_str("0.");
            for _ in 0..-decpt {
                out.push('0');
            }
            out.push_str(&digits);
        } else if decpt >= n {
            out.push_str(&digits);
            for _ in 0..decpt - n {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            let (int_part, frac) = digits.split_at(decpt as usize);
            out.push_str(int_part);
            out.push('.');
            out.push_str(frac);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(&format!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs()));
    }
}

/// Python's `repr(x)` for a float (`nan`, `inf`, `-inf` for non-finite values).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let mut out = String::new();
    push_float_repr(&mut out, x);
    out
}

// ---------------------------------------------------------------------------------------------
// Python conversions
// ---------------------------------------------------------------------------------------------

fn unsupported(reason: String) -> Error {
    Error::Unsupported { reason }
}

/// Python's `str(x)` for a scalar: `None`, `True`/`False`, the int's digits, `repr(float)`
/// (`nan`, `inf`, `-inf`), or the string itself.
///
/// For a list or dict Python gives its `repr`, which is not JSON (`{'a': 1}`); lightcheck does not
/// reproduce it and returns [`Error::Unsupported`].
pub fn python_str(v: &Value) -> Result<String, Error> {
    Ok(match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Int(digits) => digits.clone(),
        Value::Float(x) => float_repr(*x),
        Value::Str(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => {
            return Err(unsupported(format!("str() of a {} (Python's repr) is not supported", v.type_name())))
        }
    })
}

/// Python's `float(x)`.
///
/// - an int converts correctly rounded; one too large for a float is an error (Python raises
///   `OverflowError`);
/// - a float is itself; `True`/`False` give `1.0`/`0.0`;
/// - a string is parsed after trimming ASCII whitespace (space, `\t`, `\n`, `\v`, `\f`, `\r`):
///   decimal and scientific notation with an optional sign, `inf`, `infinity` and `nan` in any case.
///
/// Fails closed (returns an error although Python may accept the string) on strings with `_`
/// (Python accepts digit grouping such as `1_0`) and on strings with non-ASCII characters after
/// trimming (Python accepts Unicode digits and Unicode whitespace). `None`, lists and dicts are
/// errors, as in Python. Every error is [`Error::Unsupported`].
pub fn python_float(v: &Value) -> Result<f64, Error> {
    match v {
        Value::Float(x) => Ok(*x),
        Value::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Value::Int(digits) => {
            let x = digits.parse::<f64>().map_err(|_| unsupported(format!("float() of int {digits} failed")))?;
            if x.is_infinite() {
                return Err(unsupported("float() of an int too large to convert to float".to_string()));
            }
            Ok(x)
        }
        Value::Str(s) => {
            let t = s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r'));
            if !t.is_ascii() {
                return Err(unsupported(format!(
                    "float() of a string with non-ASCII characters is not supported: {s:?}"
                )));
            }
            if t.contains('_') {
                return Err(unsupported(format!("float() of a string with '_' is not supported: {s:?}")));
            }
            t.parse::<f64>().map_err(|_| unsupported(format!("could not convert string to float: {s:?}")))
        }
        Value::Null | Value::Array(_) | Value::Object(_) => {
            Err(unsupported(format!("float() argument must be a string or a real number, not {}", v.type_name())))
        }
    }
}

/// Converts to a `serde_json::Value`, for handing sub-documents to decoders built on serde.
///
/// Ints must fit `i64` or `u64`, floats must be finite; anything else is [`Error::Syntax`].
/// Object keys keep their order only as far as `serde_json::Map` does (it sorts them).
pub fn to_serde_json(v: &Value) -> Result<serde_json::Value, Error> {
    Ok(match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(digits) => {
            let n = if let Ok(i) = digits.parse::<i64>() {
                serde_json::Number::from(i)
            } else if let Ok(u) = digits.parse::<u64>() {
                serde_json::Number::from(u)
            } else {
                return Err(Error::Syntax { reason: format!("integer {digits} does not fit in 64 bits") });
            };
            serde_json::Value::Number(n)
        }
        Value::Float(x) => match serde_json::Number::from_f64(*x) {
            Some(n) => serde_json::Value::Number(n),
            None => {
                return Err(Error::Syntax { reason: format!("non-finite number {} has no JSON form", float_repr(*x)) })
            }
        },
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde_json).collect::<Result<_, _>>()?),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                out.insert(key.clone(), to_serde_json(value)?);
            }
            serde_json::Value::Object(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn p(s: &str) -> Value {
        parse(s.as_bytes()).unwrap()
    }

    fn rt(s: &str) -> String {
        dumps(&p(s))
    }

    fn reason(s: &[u8]) -> String {
        match parse(s) {
            Err(Error::Syntax { reason }) => reason,
            other => panic!("expected OgDecode for {:?}, got {other:?}", core::str::from_utf8(s)),
        }
    }

    #[test]
    fn float_repr_layout() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-1.0, "-1.0"),
            (0.7, "0.7"),
            (100.0, "100.0"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e16, "1e+16"),
            (1.2345678901234568e16, "1.2345678901234568e+16"),
            (1e22, "1e+22"),
            (1e100, "1e+100"),
            (1e-4, "0.0001"),
            (1.5e-4, "0.00015"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (0.1 + 0.2, "0.30000000000000004"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-2.5e-300, "-2.5e-300"),
            (123.456, "123.456"),
            (0.001, "0.001"),
        ];
        for &(x, want) in cases {
            assert_eq!(float_repr(x), want, "{x:e}");
            assert_eq!(dumps(&Value::Float(x)), want);
        }
        assert_eq!(float_repr(f64::NAN), "nan");
        assert_eq!(float_repr(f64::INFINITY), "inf");
        assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(dumps(&Value::Float(f64::NAN)), "NaN");
        assert_eq!(dumps(&Value::Float(f64::INFINITY)), "Infinity");
        assert_eq!(dumps(&Value::Float(f64::NEG_INFINITY)), "-Infinity");
    }

    #[test]
    fn string_escapes() {
        assert_eq!(dumps(&Value::Str("a\"b\\c/d".into())), r#""a\"b\\c/d""#);
        assert_eq!(dumps(&Value::Str("\n\r\t\u{8}\u{c}".into())), r#""\n\r\t\b\f""#);
        assert_eq!(dumps(&Value::Str("\u{0}\u{1f}\u{7f}".into())), r#""\u0000\u001f\u007f""#);
        assert_eq!(dumps(&Value::Str("Café 😀".into())), r#""Caf\u00e9 \ud83d\ude00""#);
        assert_eq!(dumps(&Value::Str("\u{ffff}\u{10000}\u{10ffff}".into())), r#""\uffff\ud800\udc00\udbff\udfff""#);
        assert_eq!(dumps(&Value::Str(" ~".into())), r#"" ~""#);
    }

    #[test]
    fn containers_and_separators() {
        assert_eq!(rt("[]"), "[]");
        assert_eq!(rt("{}"), "{}");
        assert_eq!(rt(" [ 1 , [ ] , { } ] "), "[1, [], {}]");
        assert_eq!(rt(r#"{"b":1,"a":{"d":null,"c":true}}"#), r#"{"a": {"c": true, "d": null}, "b": 1}"#);
        // Code point order: U+E000 before U+1F600 (UTF-16 order would put it after).
        assert_eq!(rt(r#"{"\ud83d\ude00":1,"\ue000":2,"z":3}"#), r#"{"z": 3, "\ue000": 2, "\ud83d\ude00": 1}"#);
    }

    #[test]
    fn duplicate_keys_last_wins() {
        assert_eq!(rt(r#"{"a":1,"b":2,"a":3}"#), r#"{"a": 3, "b": 2}"#);
        assert_eq!(rt(r#"{"a":{"x":1},"a":[]}"#), r#"{"a": []}"#);
    }

    #[test]
    fn lazy_members_are_checked_not_built_and_the_last_duplicate_wins() {
        fn lazy(s: &str) -> Result<Option<LazyObject<'_>>, Error> {
            parse_object_lazily(s.as_bytes(), &["raw"])
        }
        let doc = lazy(r#" {"a": 1, "raw": [1, {"x": "y"}] , "b": "c"} "#).unwrap().unwrap();
        assert_eq!(doc.raw["raw"], br#"[1, {"x": "y"}]"#);
        assert_eq!((doc.values.len(), doc.values.get("raw")), (2, None));
        // A key written twice keeps its last value, whichever kind the first was.
        let doc = lazy(r#"{"raw": 1, "raw": [2]}"#).unwrap().unwrap();
        assert_eq!(doc.raw["raw"], b"[2]");
        // Valid JSON that is not an object; a lazy member that is not JSON; nesting too deep in it.
        assert!(lazy("[1]").unwrap().is_none());
        assert!(lazy(r#"{"raw": [1, "\ud800"]}"#).is_err());
        assert!(lazy(r#"{"raw": [1,]}"#).is_err());
        let deep = format!(r#"{{"raw": {}{}}}"#, "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(lazy(&deep).is_err());
        let fits = format!(r#"{{"raw": {}{}}}"#, "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(lazy(&fits).is_ok());
        assert!(lazy(r#"{"raw": 1} x"#).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(p("-0"), Value::Int("0".into()));
        assert_eq!(p("0"), Value::Int("0".into()));
        assert_eq!(p("-12"), Value::Int("-12".into()));
        assert_eq!(rt("1000000000000000000000000000000"), "1000000000000000000000000000000");
        assert_eq!(rt("-0.0"), "-0.0");
        assert_eq!(rt("1E2"), "100.0");
        assert_eq!(rt("1e-2"), "0.01");
        assert_eq!(rt("1E+2"), "100.0");
        assert_eq!(rt("100.0"), "100.0");
        assert_eq!(rt("1e400"), "Infinity");
        assert_eq!(rt("-1e400"), "-Infinity");
        assert_eq!(rt("1e-400"), "0.0");
        assert_eq!(rt("1e99999999999999999999999"), "Infinity");
        assert_eq!(rt("[NaN, Infinity, -Infinity]"), "[NaN, Infinity, -Infinity]");
        let max = "9".repeat(MAX_INT_DIGITS);
        assert_eq!(rt(&max), max);
        assert_eq!(rt(&format!("-{max}")), format!("-{max}"));
        assert!(reason(format!("{max}9").as_bytes()).contains("4300"));
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "",
            " ",
            "[",
            "]",
            "[1,]",
            "[1 2]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "{'a':1}",
            "01",
            "1.",
            ".5",
            "+1",
            "-",
            "--1",
            "1e",
            "1e+",
            "nan",
            "inf",
            "-NaN",
            "True",
            "None",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "1 2",
            "[]]",
            "\"a\nb\"",
            "\"\t\"",
            "\"\u{1f}\"",
            "{\"a\"}",
            "[,1]",
        ] {
            let r = reason(bad.as_bytes());
            assert!(r.contains("at byte"), "{bad:?}: {r}");
        }
        assert!(reason(b"[1,]").contains("at byte 3"));
        assert!(reason(b"[\"\xff\"]").contains("invalid UTF-8 at byte 2"));
        assert!(reason(b"\xef\xbb\xbf{}").contains("byte order mark"));
        assert!(reason(b"{}\x00").contains("trailing data at byte 2"));
        for lone in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, r#""\ud800\ud800""#, r#""a\ud83d""#] {
            assert!(reason(lone.as_bytes()).contains("lone surrogate"), "{lone}");
        }
        // 0x7f and escaped controls are fine.
        assert_eq!(rt("\"\u{7f}\\u0000\""), r#""\u007f\u0000""#);
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(rt(&ok), ok);
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(reason(deep.as_bytes()).contains("nesting depth"));
        let objs = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
        assert!(reason(objs.as_bytes()).contains("nesting depth"));
        // Huge unclosed nesting fails fast without recursion trouble.
        let huge = "[".repeat(1_000_000);
        assert!(reason(huge.as_bytes()).contains("nesting depth"));
    }

    #[test]
    fn input_limit() {
        let big = vec![b' '; MAX_INPUT_LEN + 1];
        assert_eq!(parse(&big), Err(Error::TooLarge { len: MAX_INPUT_LEN + 1, max: MAX_INPUT_LEN }));
    }

    #[test]
    fn accessors_and_truthiness() {
        let v = p(r#"{"s":"x","a":[1],"o":{},"b":true,"i":5}"#);
        assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(v.get("a").and_then(Value::as_array).map(<[Value]>::len), Some(1));
        assert!(v.get("o").and_then(Value::as_object).is_some());
        assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
        assert_eq!(v.get("i").and_then(Value::as_int), Some("5"));
        assert!(v.get("missing").is_none());
        assert!(Value::Null.get("x").is_none());
        for falsy in ["null", "false", "0", "-0", "0.0", "-0.0", "\"\"", "[]", "{}"] {
            assert!(!p(falsy).is_truthy(), "{falsy}");
        }
        for truthy in ["NaN", "true", "1", "-1", "0.1", "\"0\"", "[0]", "{\"\":0}", "Infinity"] {
            assert!(p(truthy).is_truthy(), "{truthy}");
        }
        let names: Vec<&str> =
            ["null", "true", "1", "1.0", "\"\"", "[]", "{}"].iter().map(|s| p(s).type_name()).collect();
        assert_eq!(names, ["NoneType", "bool", "int", "float", "str", "list", "dict"]);
    }

    #[test]
    fn python_str_of_scalars() {
        let cases = [
            ("null", "None"),
            ("true", "True"),
            ("false", "False"),
            ("-17", "-17"),
            ("1.0", "1.0"),
            ("1e16", "1e+16"),
            ("NaN", "nan"),
            ("Infinity", "inf"),
            ("-Infinity", "-inf"),
            ("\"h\u{e9}\"", "h\u{e9}"),
        ];
        for (json, want) in cases {
            assert_eq!(python_str(&p(json)).unwrap(), want, "{json}");
        }
        for bad in ["[]", "{}", "[1]"] {
            assert!(matches!(python_str(&p(bad)), Err(Error::Unsupported { .. })));
        }
    }

    #[test]
    fn python_float_conversions() {
        let f = |json: &str| python_float(&p(json));
        assert_eq!(f("1").unwrap(), 1.0);
        assert_eq!(f("-0").unwrap().to_bits(), 0.0f64.to_bits());
        assert_eq!(f("true").unwrap(), 1.0);
        assert_eq!(f("false").unwrap(), 0.0);
        assert_eq!(f("0.7").unwrap(), 0.7);
        assert!(f("NaN").unwrap().is_nan());
        // Correct rounding of ints, and Python's OverflowError boundary (2^1024 - 2^970 rounds up).
        assert_eq!(f("9007199254740993").unwrap(), 9007199254740992.0);
        let below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
        assert_eq!(f(below).unwrap(), f64::MAX);
        let halfway = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
        assert!(f(halfway).is_err());
        let ok = [
            ("\" 1.5 \"", 1.5),
            ("\"\\u000b1\\f\"", 1.0),
            ("\"1.\"", 1.0),
            ("\".5\"", 0.5),
            ("\"+.5\"", 0.5),
            ("\"1.5E+3\"", 1500.0),
            ("\"0001\"", 1.0),
            ("\"1e0001\"", 10.0),
            ("\"  -1e3\\t\\n\"", -1000.0),
            ("\"+inf\"", f64::INFINITY),
            ("\"iNfInItY\"", f64::INFINITY),
            ("\"-Infinity\"", f64::NEG_INFINITY),
            ("\"1e99999999999999999999999\"", f64::INFINITY),
        ];
        for (json, want) in ok {
            assert_eq!(f(json).unwrap(), want, "{json}");
        }
        assert!(f("\"-nan\"").unwrap().is_nan());
        assert!(f("\"+nan\"").unwrap().is_nan());
        for bad in [
            "\"\"",
            "\".\"",
            "\"-.e1\"",
            "\"1e+\"",
            "\"infinit\"",
            "\"1e\"",
            "\"e5\"",
            "\"+-1\"",
            "\"nan(1)\"",
            "\"0x10\"",
            "\"in f\"",
            "\"1\\u001c\"",
            "\"1_0\"",
            "\"\\u0661\"",
            "\"1\\u2003\"",
            "null",
            "[]",
            "{}",
        ] {
            assert!(matches!(f(bad), Err(Error::Unsupported { .. })), "{bad}");
        }
    }

    #[test]
    fn serde_json_conversion() {
        let v = p(r#"{"a":[1,-2,18446744073709551615,1.5,"s",null,true]}"#);
        let s = to_serde_json(&v).unwrap();
        assert_eq!(s["a"][0], serde_json::json!(1));
        assert_eq!(s["a"][1], serde_json::json!(-2));
        assert_eq!(s["a"][2], serde_json::json!(18446744073709551615u64));
        assert_eq!(s["a"][3], serde_json::json!(1.5));
        assert_eq!(s["a"][4], serde_json::json!("s"));
        assert!(s["a"][5].is_null());
        assert_eq!(s["a"][6], serde_json::json!(true));
        for bad in ["18446744073709551616", "-9223372036854775809", "NaN", "Infinity", "[-Infinity]"] {
            assert!(matches!(to_serde_json(&p(bad)), Err(Error::Syntax { .. })), "{bad}");
        }
    }
}
