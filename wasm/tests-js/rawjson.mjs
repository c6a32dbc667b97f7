// A JSON reader that keeps the source text of every value.
//
// `JSON.parse` normalises what OpenGradient's canonical hashing depends on: number spellings
// (`1.0` becomes `1`, `1E2` becomes `100`, integers beyond 2^53 lose digits), duplicate keys
// (the last one wins silently) and escapes. The test vectors must reach lightcheck exactly as
// written, so this reader returns, for each value, its parsed form (via `JSON.parse` of the
// span) and the raw text of the span.
//
// parseRaw(text) -> node; node = { raw: string, value: any, kind: 'object'|'array'|'scalar',
//   entries?: [[key, node], ...] (objects, in source order, duplicates kept), items?: [node] }
// get(node, key) -> the LAST entry named key (like JSON.parse), or undefined.

export function parseRaw(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (what) => {
    throw new SyntaxError(`rawjson: ${what} at offset ${i}`);
  };
  const string = () => {
    const start = i;
    if (text[i] !== '"') fail('expected a string');
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return text.slice(start, i);
  };
  const value = () => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries = [];
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          const key = JSON.parse(string());
          ws();
          if (text[i++] !== ':') fail("expected ':'");
          entries.push([key, value()]);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail("expected ',' or '}'");
        }
      }
      const raw = text.slice(start, i);
      return { kind: 'object', raw, entries, get value() { return JSON.parse(raw); } };
    }
    if (c === '[') {
      i++;
      const items = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          items.push(value());
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail("expected ',' or ']'");
        }
      }
      const raw = text.slice(start, i);
      return { kind: 'array', raw, items, get value() { return JSON.parse(raw); } };
    }
    if (c === '"') {
      const raw = string();
      return { kind: 'scalar', raw, value: JSON.parse(raw) };
    }
    while (i < text.length && !',]} \t\r\n'.includes(text[i])) i++;
    if (i === start) fail('expected a value');
    const raw = text.slice(start, i);
    return { kind: 'scalar', raw, value: JSON.parse(raw) };
  };
  const root = value();
  ws();
  if (i !== text.length) fail('trailing text');
  return root;
}

export function get(node, key) {
  if (!node || node.kind !== 'object') return undefined;
  let found;
  for (const [k, v] of node.entries) if (k === key) found = v;
  return found;
}
