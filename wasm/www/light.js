// lightcheck demo: the networked CometBFT light client (LightClient.connect / restore / syncTo) in
// the browser, with progress, Stop (AbortSignal), the trusted state kept in localStorage, and a
// detected attack shown with its evidence. The page reads ?primary=…&witness=…&trustedHeight=…
// &trustedHash=… to prefill the form.
import init, { version, LightClient } from '../pkg/web/lightcheck.js';

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = 'lightcheck.demo.light-client.v1';

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

function kvTable(caption, rows) {
  return el('table', { class: 'kv' }, el('caption', { text: caption }),
    el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', {}, v)))));
}

const code = (text) => el('code', { class: 'hex', text });

// ---- saved state (localStorage) --------------------------------------------------------------

function loadSaved() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    return saved && typeof saved.state === 'string' ? saved : null;
  } catch {
    return null;
  }
}

function save(config, client) {
  const { primary, witnesses, trustedHeight, trustedHash } = config;
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ primary, witnesses, trustedHeight, trustedHash, state: client.toJSON() }));
  showSaved();
}

function showSaved() {
  const saved = loadSaved();
  if (!saved) {
    $('saved').textContent = 'No trusted state saved in this browser: the first sync starts from the trust root.';
    return;
  }
  const heights = JSON.parse(saved.state).map((b) => Number(b.signed_header.header.height));
  $('saved').textContent = `Trusted state saved in this browser (${saved.state.length.toLocaleString()} bytes): ` +
    `heights ${heights.join(', ')}; the next sync resumes from ${Math.max(...heights)}.`;
  $('saved').dataset.height = String(Math.max(...heights));
}

// ---- the form ----------------------------------------------------------------------------------

function config() {
  const trustedHeight = Number($('trusted-height').value.trim());
  return {
    primary: $('primary').value.trim(),
    witnesses: $('witnesses').value.split(/[\s,]+/).filter(Boolean),
    trustedHeight,
    trustedHash: $('trusted-hash').value.trim(),
  };
}

function prefill() {
  const params = new URLSearchParams(location.search);
  const saved = loadSaved();
  $('primary').value = params.get('primary') ?? saved?.primary ?? '';
  $('witnesses').value = (params.getAll('witness').length ? params.getAll('witness') : saved?.witnesses ?? []).join('\n');
  $('trusted-height').value = params.get('trustedHeight') ?? saved?.trustedHeight ?? '1';
  $('trusted-hash').value = params.get('trustedHash') ?? saved?.trustedHash ?? '';
}

// ---- progress ----------------------------------------------------------------------------------

let fetched = 0;
function onProgress(e) {
  const who = e.peer === 'witness' ? `witness ${e.witness}` : e.peer;
  let line;
  switch (e.type) {
    case 'fetching': line = `fetching ${e.height ?? 'the latest block'} from ${who} (${e.url})`; break;
    case 'fetched': fetched++; line = `fetched ${e.height} from ${who} [${fetched} light blocks]`; break;
    case 'node_error': line = `${who} (${e.url}): ${e.code}: ${e.message}`; break;
    case 'retry': line = `retrying ${e.url} (attempt ${e.attempt} failed: ${e.code})`; break;
    case 'waiting': line = `waiting ${Math.round(e.ms / 1000)} s for a lagging witness`; break;
    case 'witness': line = `witness ${e.witness} (${e.url}): ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`; break;
    case 'verified': line = `verified height ${e.height} (${e.hashHex.slice(0, 12)}…)`; break;
    case 'attack': line = `ATTACK at height ${e.height} (${e.kind}): witness ${e.witness} (${e.url}) serves a conflicting chain`; break;
    default: line = JSON.stringify(e);
  }
  $('progress-line').textContent = line;
  $('progress-line').dataset.type = e.type;
  $('progress-log').append(el('li', { 'data-type': e.type, text: line }));
}

// ---- results -----------------------------------------------------------------------------------

function show(card) {
  $('result').replaceChildren(card);
}

function verifiedCard(r) {
  const card = el('div', { class: 'result result-valid', 'data-state': 'verified', 'data-height': r.header.height, 'data-hash': r.header.hashHex },
    el('h4', { text: `${r.header.chainId} at height ${r.header.height}` }),
    el('p', { class: 'verdict verdict-valid' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '✓' }),
      r.verifiedHeights.length ? ` VERIFIED height ${r.header.height}` : ` UP TO DATE at height ${r.header.height}`),
    kvTable('Header', [
      ['Height', String(r.header.height)],
      ['Hash', code(r.header.hashHex)],
      ['Time', r.header.time],
      ['App hash', code(r.header.appHashHex)],
      ['From trusted height', String(r.startHeight)],
      ['Newly verified', r.verifiedHeights.join(', ') || '(none: already trusted)'],
      ['Light blocks fetched', `${r.lightBlocksFetched} (${r.httpRequests} HTTP requests)`],
      ['Primary', r.primary],
    ]),
    el('table', { class: 'witnesses' }, el('caption', { text: 'Witnesses' }),
      el('tbody', {}, r.witnesses.map((w) => el('tr', { 'data-outcome': w.outcome },
        el('th', { scope: 'row', text: w.url }), el('td', { text: w.outcome + (w.reason ? `: ${w.reason}` : '') }))))));
  return card;
}

function evidenceRows(ev) {
  return [
    ['Kind', ev.kind],
    ['Conflicting height', String(ev.conflictingHeight)],
    ['Common height', String(ev.commonHeight)],
    ['Byzantine validators', ev.byzantineValidators.join(', ') || '(none named)'],
    ['Evidence hash', code(ev.hashHex)],
    ['Protobuf', `${ev.protoHex.length / 2} bytes`],
    ['Report to', ev.reportTo],
  ];
}

function attackCard(e, client) {
  const a = e.attack;
  const download = el('a', {
    download: `evidence-${a.height}.json`,
    href: URL.createObjectURL(new Blob([JSON.stringify(a, null, 2)], { type: 'application/json' })),
    text: 'Download the evidence (JSON)',
  });
  const report = el('button', { type: 'button', id: 'report', text: 'Report the evidence to the nodes' });
  const reports = el('ul', { id: 'reports' });
  report.addEventListener('click', async () => {
    report.disabled = true;
    try {
      for (const r of await client.reportEvidence(e)) {
        reports.append(el('li', { text: `${r.evidence} → ${r.node}: ${r.accepted ? `accepted (${r.hash})` : `refused: ${r.error.message}`}` }));
      }
    } catch (err) {
      reports.append(el('li', { text: `${err.code}: ${err.message}` }));
    }
  });
  return el('div', { class: 'result result-rejected', 'data-state': 'attack', 'data-code': e.code, 'data-height': a.height },
    el('h4', { text: `Light-client attack at height ${a.height}` }),
    el('p', { class: 'verdict verdict-rejected' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '✗' }),
      ` ATTACK DETECTED — ${e.code}: the primary ${a.primaryUrl} and the witness ${a.witnessUrl} serve conflicting chains that both verify`),
    el('p', { class: 'note', text: 'Nothing was trusted: the saved state is unchanged.' }),
    kvTable('Evidence against the primary (for the witness)', evidenceRows(a.againstPrimary)),
    a.againstWitness ? kvTable('Evidence against the witness (for the primary)', evidenceRows(a.againstWitness)) : null,
    el('div', { class: 'actions' }, report, download),
    reports);
}

function errorCard(e) {
  const aborted = e.code === 'net.aborted';
  return el('div', { class: 'result result-error', 'data-state': aborted ? 'aborted' : 'error', 'data-code': e.code ?? 'error' },
    el('p', { class: 'verdict verdict-error' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: aborted ? '■' : '✗' }),
      aborted ? ' STOPPED' : ` REJECTED — ${e.code ?? 'error'}`),
    el('p', { text: e.message }),
    e.nodeErrors?.length ? kvTable('Node errors', e.nodeErrors.map((n) => [n.url, `${n.code}: ${n.message}`])) : null);
}

// ---- sync --------------------------------------------------------------------------------------

let controller = null;

async function sync(event) {
  event.preventDefault();
  const cfg = config();
  controller = new AbortController();
  const options = { signal: controller.signal, onProgress };
  $('sync').disabled = true;
  $('stop').disabled = false;
  $('progress-log').replaceChildren();
  fetched = 0;
  $('result').replaceChildren(el('p', { class: 'muted', text: 'Syncing…' }));
  let client = null;
  try {
    const saved = loadSaved();
    const sameRoot = saved && saved.trustedHeight === cfg.trustedHeight && saved.trustedHash.toUpperCase() === cfg.trustedHash.toUpperCase();
    if (sameRoot) {
      client = LightClient.restore(saved.state, cfg);
    } else {
      client = await LightClient.connect({ ...cfg, ...options });
      save(cfg, client);
    }
    const r = await client.syncTo('latest', options);
    save(cfg, client);
    show(verifiedCard(r));
  } catch (e) {
    show(e.code === 'cometbft.attack' ? attackCard(e, client) : errorCard(e));
  } finally {
    controller = null;
    $('sync').disabled = false;
    $('stop').disabled = true;
  }
}

function wire() {
  $('light-form').addEventListener('submit', sync);
  $('stop').addEventListener('click', () => controller?.abort());
  $('forget').addEventListener('click', () => {
    localStorage.removeItem(STORAGE_KEY);
    delete $('saved').dataset.height;
    showSaved();
  });
}

try {
  await init();
  prefill();
  showSaved();
  wire();
  $('status').textContent = `lightcheck ${version()} loaded: verification runs in this page.`;
  document.body.dataset.ready = 'true';
} catch (e) {
  $('status').textContent = `The light client failed to load: ${e.message}`;
  $('status').className = 'status failed';
  document.body.dataset.ready = 'error';
}
