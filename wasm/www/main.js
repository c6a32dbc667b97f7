// lightcheck demo page: verifies Nitro attestation documents and OpenGradient settlement bundles
// in the browser with the wasm build (wasm/pkg/web). No dependencies, no network beyond this
// page's own files (the wasm module and the bundled examples).
import init, {
  version,
  capabilities,
  verifyNitro,
  nitroClaimedTimestampMs,
  verifySettlementBundle,
} from '../pkg/web/lightcheck.js';

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------------------------------
// Small helpers
// ------------------------------------------------------------------------------------------

const hex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** [0, 1, 2, 5] → "0–2, 5". */
function ranges(sorted) {
  const parts = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function isoMs(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return String(ms);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : `${d.toISOString()} (${ms} ms)`;
}

async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}${r.status === 404 ? ' (run wasm/www/copy-examples)' : ''}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function fetchText(url) {
  return new TextDecoder().decode(await fetchBytes(url));
}

function readFile(file) {
  return file.arrayBuffer().then((b) => new Uint8Array(b));
}

/** PEM (first certificate) or DER → DER bytes. */
function certificateDer(bytes) {
  const text = new TextDecoder().decode(bytes);
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(text);
  return m ? base64Decode(m[1]) : bytes;
}

function base64Decode(s) {
  const clean = s.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  const bin = atob(padded);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * What the user gave: a settlement bundle (JSON text), or attestation document bytes given as
 * binary, hex or base64.
 */
function classifyInput(bytes) {
  let text = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'nitro', bytes, encoding: 'binary' };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('{')) {
    let format = null;
    try {
      format = JSON.parse(trimmed).format ?? null;
    } catch {
      // Not JSON: lightcheck reports it as an unreadable bundle.
    }
    if (format === 'lightcheck-trusted-state') return { kind: 'trusted-state' };
    // Keep the text as written: lightcheck reads the bundle's own spelling.
    return { kind: 'bundle', text: trimmed };
  }
  const compact = trimmed.replace(/\s+/g, '');
  const hexBody = compact.replace(/^0x/i, '');
  if (/^[0-9a-fA-F]+$/.test(hexBody) && hexBody.length % 2 === 0) {
    return { kind: 'nitro', bytes: Uint8Array.from(hexBody.match(/../g), (h) => parseInt(h, 16)), encoding: 'hex' };
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    try {
      return { kind: 'nitro', bytes: base64Decode(compact), encoding: 'base64' };
    } catch {
      // fall through: raw bytes
    }
  }
  return { kind: 'nitro', bytes, encoding: 'binary' };
}

/** The verification time field → Unix milliseconds and how it was given. */
function parseTime(value) {
  const s = value.trim();
  if (s === '' || s.toLowerCase() === 'now') return { ms: Date.now(), how: 'now (this computer\'s clock)' };
  if (/^\d{1,10}$/.test(s)) return { ms: Number(s) * 1000, how: 'Unix seconds' };
  if (/^\d{11,}$/.test(s)) return { ms: Number(s), how: 'Unix milliseconds' };
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new InputError(`"${s}" is not a time: use "now", an ISO 8601 time or Unix seconds / milliseconds`);
  return { ms, how: 'as entered' };
}

class InputError extends Error {}

/** A lightcheck error (code, class, message) or any other failure, as plain fields. */
function errorFields(e) {
  return {
    code: typeof e?.code === 'string' ? e.code : null,
    errorClass: typeof e?.errorClass === 'string' ? e.errorClass : null,
    message: e?.message ?? String(e),
  };
}

// ------------------------------------------------------------------------------------------
// Rendering
// ------------------------------------------------------------------------------------------

function kvTable(caption, rows) {
  return el(
    'table',
    { class: 'kv' },
    el('caption', { text: caption }),
    el('tbody', {}, rows.filter(Boolean).map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', {}, v)))),
  );
}

const code = (text) => el('code', { text });
const bytesCell = (u8) =>
  u8 === null || u8 === undefined
    ? el('span', { class: 'muted', text: 'absent' })
    : u8.length === 0
      ? el('span', { class: 'muted', text: 'present, empty' })
      : el('span', {}, el('code', { class: 'hex', text: hex(u8) }), el('span', { class: 'muted', text: ` (${u8.length} bytes)` }));

function verdictLine(verdict, text) {
  const icon = { valid: '✓', settled: '✓', pending: '…', rejected: '✗', unreadable: '✗', error: '!' }[verdict] ?? '';
  return el('p', { class: `verdict verdict-${verdict}` }, el('span', { class: 'icon', 'aria-hidden': 'true', text: icon }), ' ', text);
}

function errorTable(fields, at) {
  return kvTable('Why it was rejected', [
    ['Code', fields.code ? code(fields.code) : el('span', { class: 'muted', text: 'none (not a lightcheck verdict)' })],
    ['Class', fields.errorClass ?? '—'],
    ['Message', fields.message],
    at && ['Verified at', at],
  ]);
}

function resultCard({ title, note, verdict, errorCode, body }) {
  return el(
    'article',
    { class: `result result-${verdict}`, 'data-verdict': verdict, 'data-code': errorCode ?? undefined },
    el('h4', { text: title }),
    note && el('p', { class: 'note', text: note }),
    body,
  );
}

function nitroCard(title, note, doc, nowMs, policy) {
  const at = isoMs(nowMs);
  try {
    const a = verifyNitro(doc, nowMs, policy);
    const indices = Object.keys(a.pcrs).map(Number).sort((x, y) => x - y);
    const zero = indices.filter((i) => a.pcrs[i].every((b) => b === 0));
    const pcrRows = indices
      .filter((i) => !zero.includes(i))
      .map((i) => el('tr', {}, el('th', { scope: 'row', text: `PCR${i}` }), el('td', {}, el('code', { class: 'hex', text: hex(a.pcrs[i]) }))));
    if (zero.length) {
      // All-zero PCRs (unused, or debug mode) in one row.
      pcrRows.push(el('tr', { class: 'zero' }, el('th', { scope: 'row', text: `PCR${ranges(zero)}` }),
        el('td', { text: `all zero (48 zero bytes${zero.length > 1 ? ' each' : ''})` })));
    }
    const pcrs = el(
      'table',
      { class: 'pcrs' },
      el('caption', { text: `PCRs (${indices.length}${zero.length ? `, ${zero.length} all zero` : ''})` }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Index' }), el('th', { scope: 'col', text: 'Value (SHA-384, hex)' }))),
      el('tbody', {}, pcrRows),
    );
    const body = [
      verdictLine('valid', `VALID — Nitro attestation verified (module ${a.moduleId})`),
      kvTable('Attestation', [
        ['Module ID', code(a.moduleId)],
        ['Timestamp', isoMs(a.timestampMs)],
        ['Digest', a.digest],
        ['Debug mode', a.debugMode ? 'yes (PCR0–2 all zero)' : 'no'],
        ['Chain valid from', isoMs(a.validFromMs)],
        ['Chain valid until', isoMs(a.validUntilMs)],
        ['Verified at', at],
        ['User data', bytesCell(a.userData)],
        ['Nonce', bytesCell(a.nonce)],
        ['Public key', bytesCell(a.publicKey)],
      ]),
      pcrs,
    ];
    return resultCard({ title, note, verdict: 'valid', body });
  } catch (e) {
    const f = errorFields(e);
    return resultCard({
      title,
      note,
      verdict: 'rejected',
      errorCode: f.code,
      body: [verdictLine('rejected', `REJECTED — ${f.code ?? 'error'}: ${f.message}`), errorTable(f, at)],
    });
  }
}

const LINKS = [
  ['responseSignature', 'Response signature'],
  ['attestation', 'Attestation'],
  ['enclaveBinding', 'Enclave binding'],
  ['headerTrust', 'Header trust'],
  ['inclusion', 'Inclusion'],
  ['settlementMatch', 'Settlement match'],
];
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const linkLabel = (name) => LINKS.find(([key]) => key === camel(name))?.[1] ?? name;

function summaryText(s) {
  switch (s.verdict) {
    case 'settled':
      return `SETTLED — at height ${s.height}${s.time ? ` (${s.time})` : ''}${s.mode ? `, ${s.mode} settlement` : ''}`;
    case 'pending': {
      const since = s.sinceResponseSecs ?? s.since_response_secs;
      const bound = s.boundSecs ?? s.bound_secs;
      return `PENDING — signed${s.attested ? ' and attested' : ''}, not yet settled: ${since} s since the response` +
        `${bound !== undefined ? ` (bound ${bound} s)` : ''}${s.overdue ? ', OVERDUE' : ''}`;
    }
    case 'rejected':
      return `REJECTED — ${s.link ? `${linkLabel(s.link)} link: ` : ''}${s.code}: ${s.message}`;
    default:
      return `${String(s.verdict).toUpperCase()}`;
  }
}

function plainRows(obj) {
  if (!obj) return [];
  return Object.entries(obj)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [k, typeof v === 'object' ? code(JSON.stringify(v)) : typeof v === 'string' && /^(0x)?[0-9a-f]{16,}$/i.test(v) ? el('code', { class: 'hex', text: v }) : String(v)]);
}

function bundleCard(title, note, bundle, trusted, nowMs, policy) {
  const at = isoMs(nowMs);
  let report;
  try {
    report = verifySettlementBundle(bundle, trusted, nowMs, policy);
  } catch (e) {
    const f = errorFields(e);
    return resultCard({
      title,
      note,
      verdict: 'unreadable',
      errorCode: f.code,
      body: [verdictLine('unreadable', `UNREADABLE — ${f.code ?? 'error'}: ${f.message}`), errorTable(f, at)],
    });
  }
  const s = report.summary;
  const links = Object.fromEntries(Object.entries(report.links).map(([k, v]) => [camel(k), v]));
  const rows = LINKS.map(([key, label]) => {
    const l = links[key] ?? { status: 'missing' };
    const icon = { verified: '✓', failed: '✗', missing: '–' }[l.status] ?? '';
    const detail =
      l.status === 'failed'
        ? el('span', {}, code(l.code ?? ''), l.class ? ` (${l.class}) ` : ' ', l.message ?? '')
        : l.detail ?? '';
    return el(
      'tr',
      { class: `link-${l.status}`, 'data-link': key },
      el('th', { scope: 'row', text: label }),
      el('td', { class: 'link-status' }, el('span', { 'aria-hidden': 'true', text: `${icon} ` }), l.status),
      el('td', {}, detail),
    );
  });
  const table = el(
    'table',
    { class: 'links' },
    el('caption', { text: 'Evidence links' }),
    el('thead', {}, el('tr', {}, ['Link', 'Status', 'Detail or error'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows),
  );
  const details = [
    ['Verified at', at],
    ...plainRows(report.response).map(([k, v]) => [`Response ${k}`, v]),
    ...plainRows(report.settlement).map(([k, v]) => [`Settlement ${k}`, v]),
  ];
  return resultCard({
    title,
    note,
    verdict: s.verdict,
    errorCode: s.verdict === 'rejected' ? s.code : undefined,
    body: [verdictLine(s.verdict, summaryText(s)), table, kvTable('Details', details)],
  });
}

function showRun(heading, cards) {
  const results = $('results');
  results.querySelector('.empty')?.remove();
  const h = el('h3', { tabindex: '-1', text: heading });
  const run = el('section', { class: 'run' }, h, cards);
  results.prepend(run);
  return h;
}

// ------------------------------------------------------------------------------------------
// The form
// ------------------------------------------------------------------------------------------

const state = { fileBytes: null, fileName: null };

async function loadDocumentFile(file) {
  const bytes = await readFile(file);
  state.fileBytes = bytes;
  state.fileName = file.name;
  const input = classifyInput(bytes);
  const text = input.kind === 'bundle' || input.encoding === 'hex' || input.encoding === 'base64';
  // Text files are shown so they can be edited; a binary document stays as bytes.
  $('doc-input').value = text && bytes.length < 4_000_000 ? new TextDecoder().decode(bytes) : '';
  $('doc-input').placeholder = text ? '' : `${file.name}: ${bytes.length} bytes (binary). Type here to replace it.`;
  $('file-name').textContent = `Loaded ${file.name} (${bytes.length} bytes)`;
}

async function nitroRoots() {
  switch ($('root-choice').value) {
    case 'test':
      return [await fetchBytes('examples/nitro/root.der')];
    case 'file': {
      const f = $('root-file').files[0];
      if (!f) throw new InputError('choose a root certificate file, or another trust anchor');
      return [certificateDer(await readFile(f))];
    }
    default:
      return undefined; // lightcheck's built-in AWS Nitro Enclaves root G1
  }
}

async function trustedState() {
  const pasted = $('trusted-input').value.trim();
  if (pasted) return { value: pasted, from: 'the trusted state you gave' };
  return { value: await fetchText('examples/settlement/trusted.json'), from: 'the bundled example trusted state' };
}

function currentInput() {
  const bytes = state.fileBytes ?? new TextEncoder().encode($('doc-input').value);
  return { input: classifyInput(bytes), name: state.fileName };
}

async function verifyUserInput() {
  const { input, name } = currentInput();
  const source = name ? `File ${name}` : 'Pasted document';
  if (input.kind === 'empty') throw new InputError('paste a document, drop a file on the box, or choose a file');
  if (input.kind === 'trusted-state') {
    throw new InputError('this is a trusted state, not a bundle: put it under "Settlement: trusted state" and give the bundle above');
  }
  const time = parseTime($('verify-time').value);
  if (input.kind === 'bundle') {
    const trusted = await trustedState();
    const policy = {};
    const pcr = $('pcr-hash').value.trim();
    if (pcr) policy.pcrHash = pcr;
    const note = `Settlement bundle, verified at ${isoMs(time.ms)} (${time.how}) with ${trusted.from}.`;
    return bundleCard(`${source}: settlement bundle`, note, input.text, trusted.value, time.ms, policy);
  }
  const roots = await nitroRoots();
  const policy = { allowDebug: $('allow-debug').checked };
  if (roots) policy.roots = roots;
  const anchor = $('root-choice').selectedOptions[0].textContent;
  const note = `Nitro attestation document (${input.encoding}, ${input.bytes.length} bytes), verified at ${isoMs(time.ms)} (${time.how}); trust anchor: ${anchor}.`;
  return nitroCard(`${source}: Nitro attestation`, note, input.bytes, time.ms, policy);
}

function inputErrorCard(e) {
  const f = errorFields(e);
  const title = e instanceof InputError ? 'Nothing verified' : 'Could not verify';
  return resultCard({ title, verdict: 'error', errorCode: f.code, body: [verdictLine('error', `${e instanceof InputError ? 'Input' : 'Error'}: ${f.message}`)] });
}

async function onVerify(event) {
  event.preventDefault();
  const button = $('verify');
  button.disabled = true;
  let card;
  try {
    card = await verifyUserInput();
  } catch (e) {
    card = inputErrorCard(e);
  } finally {
    button.disabled = false;
  }
  showRun('Your document', [card]).focus();
}

async function onUseDocumentTime() {
  const { input } = currentInput();
  if (input.kind !== 'nitro') {
    const msg = input.kind === 'bundle'
      ? 'A bundle has no single timestamp: enter the time to verify it at (e.g. when you check it, "now").'
      : 'Give an attestation document first.';
    $('time-note').textContent = msg;
    return;
  }
  try {
    const ms = nitroClaimedTimestampMs(input.bytes);
    $('verify-time').value = new Date(ms).toISOString();
    $('time-note').textContent = `Verification time set to the document's claimed timestamp ${new Date(ms).toISOString()} (unauthenticated until the document verifies).`;
  } catch (e) {
    const f = errorFields(e);
    $('time-note').textContent = `The document's timestamp cannot be read: ${f.code ?? ''} ${f.message}`;
  }
}

// ------------------------------------------------------------------------------------------
// Bundled examples (copied from test-vectors/ by wasm/www/copy-examples)
// ------------------------------------------------------------------------------------------

const EXAMPLES = [
  { kind: 'nitro', title: 'Nitro: valid attestation document (lightcheck test PKI)', file: 'examples/nitro/valid-definite-map.cbor', root: 'examples/nitro/root.der' },
  { kind: 'bundle', title: 'Settlement bundle: settled (individual settlement)', file: 'settled-individual.json' },
  { kind: 'bundle', title: 'Settlement bundle: pending (signed and attested)', file: 'pending-attested.json' },
  { kind: 'bundle', title: 'Settlement bundle: rejected (forged response signature)', file: 'rejected-signature.json' },
];

async function runExamples() {
  const button = $('run-examples');
  button.disabled = true;
  const cards = [];
  try {
    const manifest = JSON.parse(await fetchText('examples/settlement/manifest.json'));
    const trusted = await fetchText(`examples/settlement/${manifest.trusted}`);
    for (const ex of EXAMPLES) {
      try {
        if (ex.kind === 'nitro') {
          const doc = await fetchBytes(ex.file);
          const root = await fetchBytes(ex.root);
          // Test documents are hours-lived: verify at the document's own (claimed) timestamp.
          const now = nitroClaimedTimestampMs(doc);
          const note = `${ex.file} with its test root, verified at the document's own timestamp ${isoMs(now)}.`;
          cards.push(nitroCard(ex.title, note, doc, now, { roots: [root] }));
        } else {
          const c = manifest.cases.find((x) => x.file === ex.file);
          if (!c) throw new Error(`${ex.file} is not in examples/settlement/manifest.json`);
          const policy = c.policy?.pcr_hash ? { pcrHash: c.policy.pcr_hash } : {};
          const now = c.now * 1000; // the manifest's `now` is in Unix seconds
          const note = `${c.description}. Verified at the example's time ${isoMs(now)} with the bundled trusted state.`;
          cards.push(bundleCard(ex.title, note, await fetchText(`examples/settlement/${ex.file}`), trusted, now, policy));
        }
      } catch (e) {
        cards.push(resultCard({ title: ex.title, verdict: 'error', body: [verdictLine('error', `Error: ${errorFields(e).message}`)] }));
      }
    }
  } catch (e) {
    cards.push(inputErrorCard(e));
  } finally {
    button.disabled = false;
  }
  showRun('Bundled examples', cards).focus();
}

// ------------------------------------------------------------------------------------------
// Start
// ------------------------------------------------------------------------------------------

function wire() {
  $('verify-form').addEventListener('submit', onVerify);
  $('run-examples').addEventListener('click', runExamples);
  $('use-doc-time').addEventListener('click', onUseDocumentTime);
  $('clear').addEventListener('click', () => {
    $('results').replaceChildren(el('p', { class: 'empty', text: 'No verification yet.' }));
  });
  $('doc-input').addEventListener('input', () => {
    if (state.fileBytes) {
      state.fileBytes = null;
      state.fileName = null;
      $('file-input').value = '';
      $('file-name').textContent = '';
      $('doc-input').placeholder = 'Paste a document here, or drop a file on this box';
    }
  });
  $('file-input').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) await loadDocumentFile(f);
  });
  $('trusted-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) $('trusted-input').value = await f.text();
  });
  $('root-choice').addEventListener('change', () => {
    $('root-file').hidden = $('root-choice').value !== 'file';
  });
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const f = e.dataTransfer.files[0];
    if (f) await loadDocumentFile(f);
    else {
      const text = e.dataTransfer.getData('text/plain');
      if (text) {
        $('doc-input').value = text;
        $('doc-input').dispatchEvent(new Event('input'));
      }
    }
  });
}

try {
  await init();
  wire();
  document.body.dataset.ready = 'true';
  $('status').textContent = `lightcheck ${version()} (WebAssembly) ready: ${capabilities().join(', ')}.`;
} catch (e) {
  document.body.dataset.ready = 'error';
  $('status').textContent = `The verifier failed to load: ${errorFields(e).message}`;
  $('status').classList.add('failed');
}
