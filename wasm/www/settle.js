// lightcheck demo: is an OpenGradient TEE response settled on chain? collectSettlementBundle
// verifies the pasted response, searches the chain's RPC nodes for its settlement, verifies blocks
// H and H+1 with the light client (witnesses cross-check), proves the result, and returns the
// bundle and its verdict, shown link by link with the bundle to download. The page reads
// ?primary=…&witness=…&trustedHeight=…&trustedHash=…&contract=… to prefill the form.
import init, { version, collectSettlementBundle, verifySettlementBundle } from '../pkg/web/lightcheck.js';

const $ = (id) => document.getElementById(id);

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

// ---- the form ----------------------------------------------------------------------------------

async function fileBytes(id) {
  const file = $(id).files?.[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : null;
}

async function options() {
  const o = {
    primary: $('primary').value.trim(),
    witnesses: $('witnesses').value.split(/[\s,]+/).filter(Boolean),
    trustedHeight: Number($('trusted-height').value.trim()),
    trustedHash: $('trusted-hash').value.trim(),
    contract: $('contract').value.trim(),
    // Text as pasted: the request hash is computed from these bytes.
    request: $('request').value,
    response: $('response').value,
    signingKey: $('signing-key').value,
  };
  const tx = $('tx').value.trim();
  if (tx) o.tx = tx;
  const batch = $('batch').value.trim();
  if (batch) o.batch = batch;
  const attestation = await fileBytes('attestation');
  if (attestation) o.attestation = attestation;
  const root = await fileBytes('nitro-root');
  if (root) o.nitroRoots = [root];
  return o;
}

function prefill() {
  const params = new URLSearchParams(location.search);
  if (params.get('primary')) $('primary').value = params.get('primary');
  if (params.getAll('witness').length) $('witnesses').value = params.getAll('witness').join('\n');
  if (params.get('trustedHeight')) $('trusted-height').value = params.get('trustedHeight');
  if (params.get('trustedHash')) $('trusted-hash').value = params.get('trustedHash');
  if (params.get('contract')) $('contract').value = params.get('contract');
}

// ---- progress ----------------------------------------------------------------------------------

let fetched = 0;
function onProgress(e) {
  const who = e.peer === 'witness' ? `witness ${e.witness}` : e.peer;
  let line;
  switch (e.type) {
    case 'searching': line = `searching the primary's transactions (page ${e.page}): ${e.query}`; break;
    case 'found': line = `settlement transaction found in block ${e.height} (index ${e.index}); verifying blocks ${e.height} and ${e.height + 1}`; break;
    case 'not-found': line = 'no settlement transaction found (yet)'; break;
    case 'waiting-for-block': line = `waiting for block ${e.height} (the primary is at ${e.latest})`; break;
    case 'results': line = `fetched the results of block ${e.height}`; break;
    case 'fetching': line = `fetching ${e.height ?? 'the latest block'} from ${who} (${e.url})`; break;
    case 'fetched': fetched++; line = `fetched ${e.height} from ${who} [${fetched} light blocks]`; break;
    case 'node_error': line = `${who} (${e.url}): ${e.code}: ${e.message}`; break;
    case 'retry': line = `retrying ${e.url} (attempt ${e.attempt} failed: ${e.code})`; break;
    case 'waiting': line = `waiting ${Math.round(e.ms / 1000)} s for a lagging witness`; break;
    case 'witness': line = `witness ${e.witness} (${e.url}): ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`; break;
    case 'attack': line = `ATTACK at height ${e.height} (${e.kind}): witness ${e.witness} (${e.url}) serves a conflicting chain`; break;
    case 'verified':
      line = 'verdict' in e ? `bundle verified: ${e.verdict.toUpperCase()}` : `verified height ${e.height} (${e.hashHex.slice(0, 12)}…)`;
      break;
    default: line = JSON.stringify(e);
  }
  $('progress-line').textContent = line;
  $('progress-line').dataset.type = e.type;
  $('progress-log').append(el('li', { 'data-type': e.type, text: line }));
}

// ---- results -----------------------------------------------------------------------------------

const LINKS = [
  ['responseSignature', 'Response signature'],
  ['attestation', 'Attestation'],
  ['enclaveBinding', 'Enclave binding'],
  ['headerTrust', 'Header trust'],
  ['inclusion', 'Inclusion'],
  ['settlementMatch', 'Settlement match'],
];

function summaryText(s) {
  switch (s.verdict) {
    case 'settled':
      return `SETTLED — in block ${s.height} (${s.time}), ${s.mode} settlement`;
    case 'pending':
      return `PENDING — signed${s.attested ? ' and attested' : ''}, not settled yet: ${s.sinceResponseSecs} s since the response ` +
        `(the network settles within ${s.boundSecs} s)${s.overdue ? ', OVERDUE' : ''}`;
    case 'rejected':
      return `REJECTED — ${LINKS.find(([k]) => k === s.link)?.[1] ?? s.link} link: ${s.code}: ${s.message}`;
    default:
      return String(s.verdict).toUpperCase();
  }
}

function linksTable(report) {
  const rows = LINKS.map(([key, label]) => {
    const l = report.links[key] ?? { status: 'missing' };
    const icon = { verified: '✓', failed: '✗', missing: '–' }[l.status] ?? '';
    const detail = l.status === 'failed' ? el('span', {}, code(l.code ?? ''), ` ${l.message ?? ''}`) : l.detail ?? '';
    return el('tr', { class: `link-${l.status}`, 'data-link': key, 'data-status': l.status },
      el('th', { scope: 'row', text: label }),
      el('td', { class: 'link-status' }, el('span', { 'aria-hidden': 'true', text: `${icon} ` }), l.status),
      el('td', {}, detail));
  });
  return el('table', { class: 'links' }, el('caption', { text: 'Evidence links' }),
    el('thead', {}, el('tr', {}, ['Link', 'Status', 'Detail or error'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows));
}

function download(name, text, label, id) {
  return el('a', { id, download: name, href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), text: label });
}

function verdictCard(c, now) {
  const s = c.report.summary;
  const icon = { settled: '✓', pending: '…', rejected: '✗' }[s.verdict];
  // The same verdict from the downloaded files: what anyone re-verifying the bundle gets.
  const again = verifySettlementBundle(c.bundle, c.trusted, now).summary.verdict;
  const details = [
    ['Settlement transaction', c.found ? `block ${c.found.height}, index ${c.found.index}` : 'not found'],
    ...(c.report.settlement ? [
      ['Ethereum transaction', code(c.report.settlement.ethTxHash)],
      ...(c.report.settlement.merkleRoot ? [['Batch root', code(c.report.settlement.merkleRoot)]] : []),
      ['Walrus blob', c.report.settlement.walrusBlobId],
    ] : []),
    ...(c.report.response ? [['TEE', code(c.report.response.teeId)], ['Signed at', new Date(c.report.response.timestamp * 1000).toISOString()]] : []),
    ['Work', `${c.stats.httpRequests} HTTP requests, ${c.stats.lightBlocksFetched} light blocks, ${c.stats.elapsedMs} ms`],
    ['Bundle', `${c.stats.bundleBytes.toLocaleString()} bytes; verified again from the files: ${again.toUpperCase()}`],
  ];
  return el('div', {
    class: `result result-${s.verdict}`, 'data-state': s.verdict, 'data-code': s.code, 'data-again': again,
    'data-height': c.found?.height,
  },
  el('p', { class: `verdict verdict-${s.verdict}` }, el('span', { class: 'icon', 'aria-hidden': 'true', text: icon }), ` ${summaryText(s)}`),
  linksTable(c.report),
  kvTable('Details', details),
  el('div', { class: 'actions' },
    download('settlement-bundle.json', c.bundle, 'Download the bundle', 'download-bundle'),
    download('trusted-state.json', c.trusted, 'Download its trusted state', 'download-trusted')));
}

function attackCard(e) {
  const a = e.attack;
  return el('div', { class: 'result result-rejected', 'data-state': 'attack', 'data-code': e.code, 'data-link': e.link, 'data-height': a.height },
    el('p', { class: 'verdict verdict-rejected' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '✗' }),
      ` REJECTED — Header trust link: ${e.code}: the primary ${a.primaryUrl} and the witness ${a.witnessUrl} serve conflicting chains at height ${a.height} (${a.kind})`),
    el('p', { class: 'note', text: 'A light-client attack: the settlement\'s blocks are not trusted. The evidence below can be reported to the nodes (/broadcast_evidence).' }),
    kvTable('Evidence against the primary', [['Hash', code(a.againstPrimary.hashHex)], ['Common height', String(a.againstPrimary.commonHeight)],
      ['Byzantine validators', a.againstPrimary.byzantineValidators.join(', ') || '(none named)']]),
    el('div', { class: 'actions' }, download(`evidence-${a.height}.json`, JSON.stringify(a, null, 2), 'Download the evidence', 'download-evidence')));
}

function errorCard(e) {
  const aborted = e.code === 'net.aborted';
  return el('div', { class: 'result result-error', 'data-state': aborted ? 'aborted' : 'error', 'data-code': e.code ?? 'error', 'data-link': e.link },
    el('p', { class: 'verdict verdict-error' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: aborted ? '■' : '✗' }),
      aborted ? ' STOPPED' : ` ${e.link === 'header_trust' ? 'REJECTED — Header trust link: ' : 'ERROR — '}${e.code ?? 'error'}`),
    el('p', { text: e.message }),
    e.nodeErrors?.length ? kvTable('Node errors', e.nodeErrors.map((n) => [n.url, `${n.code}: ${n.message}`])) : null);
}

// ---- collect -----------------------------------------------------------------------------------

let controller = null;

async function collect(event) {
  event.preventDefault();
  controller = new AbortController();
  $('collect').disabled = true;
  $('stop').disabled = false;
  $('progress-log').replaceChildren();
  fetched = 0;
  $('result').replaceChildren(el('p', { class: 'muted', text: 'Collecting…' }));
  try {
    const now = Date.now();
    const c = await collectSettlementBundle({ ...(await options()), now, signal: controller.signal, onProgress });
    $('result').replaceChildren(verdictCard(c, now));
  } catch (e) {
    $('result').replaceChildren(e.code === 'cometbft.attack' ? attackCard(e) : errorCard(e));
  } finally {
    controller = null;
    $('collect').disabled = false;
    $('stop').disabled = true;
  }
}

try {
  await init();
  prefill();
  $('settle-form').addEventListener('submit', collect);
  $('stop').addEventListener('click', () => controller?.abort());
  $('status').textContent = `lightcheck ${version()} loaded: everything is verified in this page.`;
  document.body.dataset.ready = 'true';
} catch (e) {
  $('status').textContent = `The collector failed to load: ${e.message}`;
  $('status').className = 'status failed';
  document.body.dataset.ready = 'error';
}
