//! The canonical request the TEE gateway hashes (SDK `build_inner_request`,
//! `canonical_user_content`, `_canonical_message`).
//!
//! The gateway commits to a fixed subset of an OpenAI chat-completions body, shaped per message
//! role; `request_hash = keccak256(json.dumps(canonical, sort_keys=True))`. Where the SDK would
//! raise (an `UnsupportedRequestError`, or an `AttributeError`/`TypeError`/`ValueError` on
//! malformed input) this module returns [`Error::RequestUnsupported`] naming the field.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::pyjson::{dumps, python_float, python_str, Value};
use crate::codec::hash::keccak256;
use crate::opengradient::Error;

fn unsupported(reason: String) -> Error {
    Error::RequestUnsupported { reason }
}

/// Prefixes the reason of an error from a Python conversion with the field it concerns.
fn in_field(field: &str, e: impl Into<Error>) -> Error {
    match e.into() {
        Error::RequestUnsupported { reason } => unsupported(format!("{field}: {reason}")),
        other => other,
    }
}

/// `d.get(key)`: the stored value, `None` when absent.
fn get_or_null(obj: &BTreeMap<String, Value>, key: &str) -> Value {
    obj.get(key).cloned().unwrap_or(Value::Null)
}

/// `d.get(key, default)`: the stored value (even `None`) when the key exists, else `default`.
fn get_or(obj: &BTreeMap<String, Value>, key: &str, default: &str) -> Value {
    obj.get(key).cloned().unwrap_or_else(|| Value::Str(default.to_string()))
}

/// `a or b`.
fn or(a: Value, b: Value) -> Value {
    if a.is_truthy() {
        a
    } else {
        b
    }
}

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The canonical request for an OpenAI chat-completions `body`, as the SDK's
/// `build_inner_request` builds it (its second return value).
///
/// Kept: `model` (a non-empty string), `messages` (a non-empty list of objects, each shaped per
/// role), `temperature` (`float(temperature)`, `0.0` when absent or null), `max_tokens` (as given,
/// when not null), `stop` and `response_format` (as given, when truthy), `tools` (when truthy; must
/// be a list), `web_search` (`true` when truthy). Every other field is dropped, as the gateway does
/// not hash it.
pub fn canonical_request(body: &Value) -> Result<Value, Error> {
    let obj = body.as_object().ok_or_else(|| unsupported("request body must be a JSON object".to_string()))?;
    let model = match obj.get("model") {
        Some(Value::Str(model)) if !model.is_empty() => model.clone(),
        _ => return Err(unsupported("request is missing a 'model'".to_string())),
    };
    let messages = match obj.get("messages") {
        Some(Value::Array(messages)) if !messages.is_empty() => messages,
        _ => return Err(unsupported("request is missing 'messages'".to_string())),
    };
    for m in messages {
        if m.as_object().is_none() {
            return Err(unsupported(format!("each message must be a JSON object, got {}", m.type_name())));
        }
    }
    let canonical_messages =
        messages.iter().enumerate().map(|(i, m)| canonical_message(i, m)).collect::<Result<Vec<_>, _>>()?;

    let temperature = match obj.get("temperature") {
        None | Some(Value::Null) => 0.0,
        Some(t) => python_float(t).map_err(|e| in_field("temperature", e))?,
    };
    let mut canonical = BTreeMap::new();
    canonical.insert("model".to_string(), Value::Str(model));
    canonical.insert("messages".to_string(), Value::Array(canonical_messages));
    canonical.insert("temperature".to_string(), Value::Float(temperature));
    if let Some(max_tokens) = obj.get("max_tokens").filter(|v| **v != Value::Null) {
        canonical.insert("max_tokens".to_string(), max_tokens.clone());
    }
    if let Some(stop) = obj.get("stop").filter(|v| v.is_truthy()) {
        canonical.insert("stop".to_string(), stop.clone());
    }
    if let Some(tools) = obj.get("tools").filter(|v| v.is_truthy()) {
        if !matches!(tools, Value::Array(_)) {
            return Err(unsupported(format!("'tools' must be a list, got {}", tools.type_name())));
        }
        canonical.insert("tools".to_string(), tools.clone());
    }
    if let Some(response_format) = obj.get("response_format").filter(|v| v.is_truthy()) {
        canonical.insert("response_format".to_string(), response_format.clone());
    }
    if obj.get("web_search").is_some_and(Value::is_truthy) {
        canonical.insert("web_search".to_string(), Value::Bool(true));
    }
    Ok(Value::Object(canonical))
}

/// One message shaped as the gateway does before hashing (SDK `_canonical_message`).
fn canonical_message(index: usize, msg: &Value) -> Result<Value, Error> {
    let obj = msg.as_object().ok_or_else(|| unsupported(format!("messages[{index}] must be a JSON object")))?;
    let role = obj.get("role").and_then(Value::as_str);
    match role {
        Some("system" | "developer") => Ok(object(alloc::vec![
            ("role", Value::Str("system".to_string())),
            ("content", get_or_null(obj, "content"))
        ])),
        Some("user") => {
            let content = canonical_user_content(&get_or_null(obj, "content"))
                .map_err(|e| in_field(&format!("messages[{index}].content"), e))?;
            Ok(object(alloc::vec![("role", Value::Str("user".to_string())), ("content", content)]))
        }
        Some("assistant") => {
            let mut out = BTreeMap::new();
            out.insert("role".to_string(), Value::Str("assistant".to_string()));
            out.insert("content".to_string(), or(get_or_null(obj, "content"), Value::Str(String::new())));
            if let Some(tool_calls) = obj.get("tool_calls").filter(|v| v.is_truthy()) {
                out.insert("tool_calls".to_string(), canonical_tool_calls(index, tool_calls)?);
            }
            Ok(Value::Object(out))
        }
        Some("tool") => Ok(object(alloc::vec![
            ("role", Value::Str("tool".to_string())),
            ("content", get_or_null(obj, "content")),
            ("tool_call_id", get_or_null(obj, "tool_call_id")),
        ])),
        Some("function") => Ok(object(alloc::vec![
            ("role", Value::Str("function".to_string())),
            ("content", get_or_null(obj, "content")),
            ("name", get_or_null(obj, "name")),
        ])),
        _ => {
            let shown = match obj.get("role") {
                None => "None".to_string(),
                Some(Value::Str(s)) => format!("{s:?}"),
                Some(other) => format!("a {}", other.type_name()),
            };
            Err(unsupported(format!("unknown message role in messages[{index}]: {shown}")))
        }
    }
}

/// The assistant's `tool_calls` (truthy): each reduced to `id`, `type`, `function.name`,
/// `function.arguments`.
fn canonical_tool_calls(index: usize, tool_calls: &Value) -> Result<Value, Error> {
    let field = format!("messages[{index}].tool_calls");
    // Python iterates whatever is there; only a list yields items with `.get`.
    let items = tool_calls
        .as_array()
        .ok_or_else(|| unsupported(format!("{field} must be a list, got {}", tool_calls.type_name())))?;
    let mut out = Vec::with_capacity(items.len());
    for (j, tc) in items.iter().enumerate() {
        let tc = tc
            .as_object()
            .ok_or_else(|| unsupported(format!("{field}[{j}] must be a JSON object, got {}", tc.type_name())))?;
        let empty = BTreeMap::new();
        let function = match tc.get("function") {
            None => &empty,
            Some(Value::Object(f)) => f,
            Some(other) => {
                return Err(unsupported(format!(
                    "{field}[{j}].function must be a JSON object, got {}",
                    other.type_name()
                )))
            }
        };
        out.push(object(alloc::vec![
            ("id", get_or(tc, "id", "")),
            ("type", get_or(tc, "type", "function")),
            (
                "function",
                object(alloc::vec![
                    ("name", get_or(function, "name", "")),
                    ("arguments", get_or(function, "arguments", ""))
                ])
            ),
        ]));
    }
    Ok(Value::Array(out))
}

/// User message content as the gateway hashes it (SDK `canonical_user_content`): a string passes
/// through; a list becomes parts with attachment bytes dropped; anything else becomes `str(content)`
/// (`None` for a missing content).
fn canonical_user_content(content: &Value) -> Result<Value, Error> {
    let parts = match content {
        Value::Str(_) => return Ok(content.clone()),
        Value::Array(parts) => parts,
        other => return Ok(python_str(other).map(Value::Str)?),
    };
    let mut out = Vec::with_capacity(parts.len());
    for (j, part) in parts.iter().enumerate() {
        let Some(part_obj) = part.as_object() else {
            let text = python_str(part).map_err(|e| in_field(&format!("[{j}]"), e))?;
            out.push(object(alloc::vec![("type", Value::Str("text".to_string())), ("text", Value::Str(text))]));
            continue;
        };
        let part_type = get_or_null(part_obj, "type");
        if part_type.as_str() == Some("text") {
            let text = or(get_or(part_obj, "text", ""), Value::Str(String::new()));
            out.push(object(alloc::vec![("type", Value::Str("text".to_string())), ("text", text)]));
            continue;
        }
        let mut entry = BTreeMap::new();
        entry.insert("type".to_string(), part_type);
        let from_file = match part_obj.get("file") {
            Some(Value::Object(file)) => get_or_null(file, "filename"),
            _ => Value::Null,
        };
        let filename = or(from_file, get_or_null(part_obj, "filename"));
        if filename.is_truthy() {
            entry.insert("filename".to_string(), filename);
        }
        out.push(Value::Object(entry));
    }
    Ok(Value::Array(out))
}

/// The bytes the gateway hashes: `json.dumps(canonical, sort_keys=True)` (pure ASCII).
pub fn request_bytes(canonical: &Value) -> String {
    dumps(canonical)
}

/// `keccak256(request_bytes(canonical))`, the `tee_request_hash`.
pub fn request_hash(canonical: &Value) -> [u8; 32] {
    keccak256(&[request_bytes(canonical).as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opengradient::pyjson::parse;

    fn canon(body: &str) -> Result<String, Error> {
        canonical_request(&parse(body.as_bytes()).unwrap()).map(|c| request_bytes(&c))
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unsupported_reason(body: &str) -> String {
        match canon(body) {
            Err(Error::RequestUnsupported { reason }) => reason,
            other => panic!("expected OgRequestUnsupported for {body}, got {other:?}"),
        }
    }

    #[test]
    fn doc_vectors() {
        let body =
            parse(br#"{"model":"openai/gpt-5","messages":[{"role":"user","content":"Hi"}],"n":2,"top_p":1}"#).unwrap();
        let c = canonical_request(&body).unwrap();
        assert_eq!(
            request_bytes(&c),
            r#"{"messages": [{"content": "Hi", "role": "user"}], "model": "openai/gpt-5", "temperature": 0.0}"#
        );
        assert_eq!(hex(&request_hash(&c)), "34bd312a5866b31311d20458b36d421cf05a7ae0b4f9c001c73b75ee3383fdc6");

        let body = parse(
            "{\"model\":\"openai/gpt-5\",\"temperature\":0.7,\"max_tokens\":100,\"tool_choice\":\"auto\",\
             \"messages\":[{\"role\":\"developer\",\"content\":\"Be concise.\"},{\"role\":\"user\",\"content\":\"Caf\u{e9} \u{1f600}\"}]}"
                .as_bytes(),
        )
        .unwrap();
        let c = canonical_request(&body).unwrap();
        assert_eq!(
            request_bytes(&c),
            r#"{"max_tokens": 100, "messages": [{"content": "Be concise.", "role": "system"}, {"content": "Caf\u00e9 \ud83d\ude00", "role": "user"}], "model": "openai/gpt-5", "temperature": 0.7}"#
        );
        assert_eq!(hex(&request_hash(&c)), "ce232084a4a51d258d9ac19125ceaec97b93b4cc880d968f0dada44552389ed4");
    }

    #[test]
    fn top_level_fields() {
        let m = r#""model":"m","messages":[{"role":"system"}]"#;
        let base = r#"{"messages": [{"content": null, "role": "system"}], "model": "m", "temperature": "#;
        assert_eq!(canon(&format!("{{{m},\"temperature\":1}}")).unwrap(), format!("{base}1.0}}"));
        assert_eq!(canon(&format!("{{{m},\"temperature\":null}}")).unwrap(), format!("{base}0.0}}"));
        assert_eq!(canon(&format!("{{{m},\"temperature\":\" 2.5 \"}}")).unwrap(), format!("{base}2.5}}"));
        assert_eq!(canon(&format!("{{{m},\"temperature\":true}}")).unwrap(), format!("{base}1.0}}"));
        assert_eq!(canon(&format!("{{{m},\"temperature\":NaN}}")).unwrap(), format!("{base}NaN}}"));
        assert!(unsupported_reason(&format!("{{{m},\"temperature\":[]}}")).starts_with("temperature: "));
        assert!(unsupported_reason(&format!("{{{m},\"temperature\":\"hot\"}}")).starts_with("temperature: "));
        assert_eq!(
            canon(&format!(
                "{{{m},\"max_tokens\":0,\"stop\":[\"x\"],\"tools\":[{{\"type\":\"function\"}}],\
                 \"response_format\":{{\"type\":\"json_object\"}},\"web_search\":\"yes\",\"top_p\":0.5}}"
            ))
            .unwrap(),
            r#"{"max_tokens": 0, "messages": [{"content": null, "role": "system"}], "model": "m", "response_format": {"type": "json_object"}, "stop": ["x"], "temperature": 0.0, "tools": [{"type": "function"}], "web_search": true}"#
        );
        // Falsy optional fields are dropped; a null max_tokens too, a 0.0 one is kept.
        assert_eq!(
            canon(&format!(
                "{{{m},\"max_tokens\":null,\"stop\":\"\",\"tools\":[],\"response_format\":{{}},\"web_search\":0}}"
            ))
            .unwrap(),
            format!("{base}0.0}}")
        );
        assert!(canon(&format!("{{{m},\"max_tokens\":0.0}}")).unwrap().starts_with("{\"max_tokens\": 0.0, "));
        assert!(unsupported_reason(&format!("{{{m},\"tools\":{{\"a\":1}}}}")).contains("'tools' must be a list"));
        assert_eq!(canon(&format!("{{{m},\"tools\":{{}}}}")).unwrap(), format!("{base}0.0}}"));
    }

    #[test]
    fn body_errors() {
        for body in [
            "[]",
            r#"{"messages":[{"role":"user"}]}"#,
            r#"{"model":"","messages":[{"role":"user"}]}"#,
            r#"{"model":1,"messages":[{"role":"user"}]}"#,
            r#"{"model":"m"}"#,
            r#"{"model":"m","messages":[]}"#,
            r#"{"model":"m","messages":{"role":"user"}}"#,
            r#"{"model":"m","messages":[{"role":"user"},"hi"]}"#,
            r#"{"model":"m","messages":[{"role":"bot"}]}"#,
            r#"{"model":"m","messages":[{"content":"x"}]}"#,
            r#"{"model":"m","messages":[{"role":["user"]}]}"#,
        ] {
            unsupported_reason(body);
        }
        assert!(unsupported_reason(r#"{"model":"m","messages":[{"role":"bot"}]}"#).contains("\"bot\""));
    }

    fn msg(m: &str) -> Result<String, Error> {
        canon(&format!("{{\"model\":\"m\",\"messages\":[{m}]}}")).map(|s| {
            let prefix = "{\"messages\": [";
            let suffix = "], \"model\": \"m\", \"temperature\": 0.0}";
            assert!(s.starts_with(prefix) && s.ends_with(suffix), "{s}");
            s[prefix.len()..s.len() - suffix.len()].to_string()
        })
    }

    #[test]
    fn roles() {
        assert_eq!(
            msg(r#"{"role":"developer","content":[1],"name":"x"}"#).unwrap(),
            r#"{"content": [1], "role": "system"}"#
        );
        assert_eq!(
            msg(r#"{"role":"tool","content":"r","tool_call_id":"c1","x":1}"#).unwrap(),
            r#"{"content": "r", "role": "tool", "tool_call_id": "c1"}"#
        );
        assert_eq!(msg(r#"{"role":"tool"}"#).unwrap(), r#"{"content": null, "role": "tool", "tool_call_id": null}"#);
        assert_eq!(
            msg(r#"{"role":"function","content":"r","name":"f"}"#).unwrap(),
            r#"{"content": "r", "name": "f", "role": "function"}"#
        );
    }

    #[test]
    fn user_content() {
        assert_eq!(msg(r#"{"role":"user"}"#).unwrap(), r#"{"content": "None", "role": "user"}"#);
        assert_eq!(msg(r#"{"role":"user","content":1.0}"#).unwrap(), r#"{"content": "1.0", "role": "user"}"#);
        assert_eq!(msg(r#"{"role":"user","content":false}"#).unwrap(), r#"{"content": "False", "role": "user"}"#);
        assert_eq!(msg(r#"{"role":"user","content":[]}"#).unwrap(), r#"{"content": [], "role": "user"}"#);
        assert!(matches!(msg(r#"{"role":"user","content":{"a":1}}"#), Err(Error::RequestUnsupported { .. })));
        assert!(matches!(msg(r#"{"role":"user","content":[[1]]}"#), Err(Error::RequestUnsupported { .. })));
        assert_eq!(
            msg(r#"{"role":"user","content":[
                {"type":"text","text":"a","extra":1},
                {"type":"text"},
                {"type":"text","text":null},
                {"type":"text","text":0},
                {"type":"text","text":5},
                "s", 7, null, true, 2.5,
                {"type":"image_url","image_url":{"url":"data:..."}},
                {"type":"file","file":{"filename":"a.pdf","file_data":"..."}},
                {"type":"file","file":{"filename":""},"filename":"b.pdf"},
                {"type":"file","file":"c","filename":"d.pdf"},
                {"type":"file","file":{"filename":0},"filename":0},
                {"filename":["x"]},
                {}
            ]}"#)
            .unwrap(),
            r#"{"content": [{"text": "a", "type": "text"}, {"text": "", "type": "text"}, {"text": "", "type": "text"}, {"text": "", "type": "text"}, {"text": 5, "type": "text"}, {"text": "s", "type": "text"}, {"text": "7", "type": "text"}, {"text": "None", "type": "text"}, {"text": "True", "type": "text"}, {"text": "2.5", "type": "text"}, {"type": "image_url"}, {"filename": "a.pdf", "type": "file"}, {"filename": "b.pdf", "type": "file"}, {"filename": "d.pdf", "type": "file"}, {"type": "file"}, {"filename": ["x"], "type": null}, {"type": null}], "role": "user"}"#
        );
    }

    #[test]
    fn assistant() {
        assert_eq!(msg(r#"{"role":"assistant"}"#).unwrap(), r#"{"content": "", "role": "assistant"}"#);
        assert_eq!(msg(r#"{"role":"assistant","content":0}"#).unwrap(), r#"{"content": "", "role": "assistant"}"#);
        assert_eq!(msg(r#"{"role":"assistant","content":[1]}"#).unwrap(), r#"{"content": [1], "role": "assistant"}"#);
        assert_eq!(
            msg(r#"{"role":"assistant","content":null,"tool_calls":[]}"#).unwrap(),
            r#"{"content": "", "role": "assistant"}"#
        );
        assert_eq!(
            msg(r#"{"role":"assistant","tool_calls":[
                {"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}","x":2},"index":0},
                {},
                {"id":null,"type":null,"function":{"name":null}}
            ]}"#)
            .unwrap(),
            r#"{"content": "", "role": "assistant", "tool_calls": [{"function": {"arguments": "{\"a\":1}", "name": "f"}, "id": "c1", "type": "function"}, {"function": {"arguments": "", "name": ""}, "id": "", "type": "function"}, {"function": {"arguments": "", "name": null}, "id": null, "type": null}]}"#
        );
        for bad in [
            r#"{"role":"assistant","tool_calls":"x"}"#,
            r#"{"role":"assistant","tool_calls":{"a":1}}"#,
            r#"{"role":"assistant","tool_calls":1}"#,
            r#"{"role":"assistant","tool_calls":[1]}"#,
            r#"{"role":"assistant","tool_calls":[{"function":null}]}"#,
            r#"{"role":"assistant","tool_calls":[{"function":"f"}]}"#,
            r#"{"role":"assistant","tool_calls":[{"function":[]}]}"#,
        ] {
            assert!(matches!(msg(bad), Err(Error::RequestUnsupported { .. })), "{bad}");
        }
        // A falsy non-list tool_calls is ignored, as Python never iterates it.
        assert_eq!(msg(r#"{"role":"assistant","tool_calls":{}}"#).unwrap(), r#"{"content": "", "role": "assistant"}"#);
        assert_eq!(msg(r#"{"role":"assistant","tool_calls":0}"#).unwrap(), r#"{"content": "", "role": "assistant"}"#);
    }
}
