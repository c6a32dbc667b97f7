//! The output content the TEE gateway signs (SDK `response_content_for_hash`, `_content_text`).
//!
//! For a tool-call response the gateway hashes `json.dumps(tool_calls, sort_keys=True)`; otherwise
//! the assistant message text. Generated images are not signed. Streams hash the accumulated
//! stream text, which the caller passes to [`output_hash`] directly.

use alloc::format;
use alloc::string::{String, ToString};

use super::pyjson::{self, dumps, python_str, Value};
use crate::codec::hash::keccak256;
use crate::opengradient::Error;

fn decode(field: String, reason: String) -> Error {
    Error::Decode { field, reason }
}

/// The exact string the gateway hashed as the signed output of a (non-streamed) response body.
///
/// The first choice is used when `choices` is a non-empty list whose first item is an object. If
/// its `message` is an object: with `finish_reason == "tool_calls"` and a list `message.tool_calls`
/// the result is `json.dumps(tool_calls, sort_keys=True)`; otherwise the content text (a string as
/// is; a list joined from each object part's `text` and `str(part)` of other parts; anything else
/// `""`). Without a message object the result is `""`.
///
/// Errors where Python raises: a body that is not an object, a part whose `text` is not a string,
/// and a list or dict part (whose Python `repr` lightcheck does not reproduce). All are
/// [`Error::Decode`] naming the field.
pub fn response_content_for_hash(response: &Value) -> Result<String, Error> {
    let body = response.as_object().ok_or_else(|| {
        decode("response".to_string(), format!("response body must be a JSON object, got {}", response.type_name()))
    })?;
    let choice = match body.get("choices") {
        Some(Value::Array(choices)) => choices.first().and_then(Value::as_object),
        _ => None,
    };
    let Some(message) = choice.and_then(|c| c.get("message")).and_then(Value::as_object) else {
        return Ok(String::new());
    };
    let finish_reason = choice.and_then(|c| c.get("finish_reason")).and_then(Value::as_str);
    if let (Some("tool_calls"), Some(tool_calls @ Value::Array(_))) = (finish_reason, message.get("tool_calls")) {
        return Ok(dumps(tool_calls));
    }
    content_text(message.get("content"))
}

/// SDK `_content_text`.
fn content_text(content: Option<&Value>) -> Result<String, Error> {
    match content {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(Value::Array(parts)) => {
            let mut out = String::new();
            for (i, part) in parts.iter().enumerate() {
                let field = || format!("choices[0].message.content[{i}]");
                match part {
                    Value::Object(obj) => match obj.get("text") {
                        None => {}
                        Some(Value::Str(text)) => out.push_str(text),
                        Some(other) => {
                            return Err(decode(
                                format!("{}.text", field()),
                                format!(
                                    "text must be a string (Python's join raises TypeError), got {}",
                                    other.type_name()
                                ),
                            ))
                        }
                    },
                    other => {
                        let text = python_str(other).map_err(|e| match e {
                            pyjson::Error::Unsupported { reason } => decode(field(), reason),
                            e => e.into(),
                        })?;
                        out.push_str(&text);
                    }
                }
            }
            Ok(out)
        }
        _ => Ok(String::new()),
    }
}

/// `keccak256(utf8(content))`, the `tee_output_hash`.
pub fn output_hash(content: &str) -> [u8; 32] {
    keccak256(&[content.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opengradient::pyjson::parse;

    fn content(body: &str) -> Result<String, Error> {
        response_content_for_hash(&parse(body.as_bytes()).unwrap())
    }

    #[test]
    fn doc_vector() {
        let hex: String = output_hash("Hello! \u{1f600}").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "bfe9895ce297ed874c32e1739cd454a42f54e1a8a5be5fe939e938ed8b572cf8");
    }

    #[test]
    fn text_content() {
        assert_eq!(
            content(r#"{"choices":[{"message":{"role":"assistant","content":"Hi \ud83d\ude00"}}]}"#).unwrap(),
            "Hi \u{1f600}"
        );
        assert_eq!(
            content(r#"{"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"image"},"b",1,null,2.0,true]}}]}"#)
                .unwrap(),
            "ab1None2.0True"
        );
        // Only the first choice counts.
        assert_eq!(
            content(r#"{"choices":[{"message":{"content":"1"}},{"message":{"content":"2"}}],"x":1}"#).unwrap(),
            "1"
        );
        for empty in [
            "{}",
            r#"{"choices":[]}"#,
            r#"{"choices":{}}"#,
            r#"{"choices":["x"]}"#,
            r#"{"choices":[{}]}"#,
            r#"{"choices":[{"message":"hi"}]}"#,
            r#"{"choices":[{"message":{}}]}"#,
            r#"{"choices":[{"message":{"content":null}}]}"#,
            r#"{"choices":[{"message":{"content":5}}]}"#,
            r#"{"choices":[{"message":{"content":{"text":"x"}}}]}"#,
        ] {
            assert_eq!(content(empty).unwrap(), "", "{empty}");
        }
    }

    #[test]
    fn tool_calls() {
        let body = r#"{"choices":[{"finish_reason":"tool_calls","message":{"content":"ignored","tool_calls":[
            {"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\": \"\u00e9\"}"}}]}}]}"#;
        assert_eq!(
            content(body).unwrap(),
            r#"[{"function": {"arguments": "{\"x\": \"\u00e9\"}", "name": "f"}, "id": "c1", "type": "function"}]"#
        );
        assert_eq!(
            content(r#"{"choices":[{"finish_reason":"tool_calls","message":{"tool_calls":[]}}]}"#).unwrap(),
            "[]"
        );
        // Not a list, or another finish reason: the content text.
        assert_eq!(
            content(r#"{"choices":[{"finish_reason":"tool_calls","message":{"content":"t","tool_calls":{}}}]}"#)
                .unwrap(),
            "t"
        );
        assert_eq!(
            content(r#"{"choices":[{"finish_reason":"stop","message":{"content":"t","tool_calls":[{}]}}]}"#).unwrap(),
            "t"
        );
    }

    #[test]
    fn errors() {
        for bad in [
            "[]",
            r#"{"choices":[{"message":{"content":[{"text":null}]}}]}"#,
            r#"{"choices":[{"message":{"content":[{"text":1}]}}]}"#,
            r#"{"choices":[{"message":{"content":[[1]]}}]}"#,
            r#"{"choices":[{"message":{"content":["a",[]]}}]}"#,
        ] {
            let r = content(bad);
            assert!(matches!(r, Err(Error::Decode { .. })), "{bad}: {r:?}");
        }
        // Object parts without "text" add "" (the dict.get default).
        assert_eq!(content(r#"{"choices":[{"message":{"content":["a",{"b":1},{"c":[]}]}}]}"#).unwrap(), "a");
    }
}
