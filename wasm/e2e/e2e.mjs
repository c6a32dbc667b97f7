// End-to-end test of the demo page (wasm/www) in headless Chromium with playwright-core and the
// system browser (/usr/bin/chromium or $CHROMIUM; never `npx playwright install`).
//
//   cd wasm/e2e && npm ci && node e2e.mjs      (scripts/wasm-js-test does this)
//
// Serves wasm/ on 127.0.0.1 (the page loads ../pkg/web/), then:
//  1. "Run bundled examples": Nitro valid, settled, pending, rejected with its code;
//  2. loads vectors through the file input: a Nitro document (test root, at its own time; then the
//     AWS root), a settlement bundle file; and drops a document on the drop zone;
//  3. pastes a tampered document (base64) and a valid one (hex): rejection code / valid;
// and saves a screenshot to target/wasm/demo.png. Exits non-zero on the first failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WASM = path.resolve(here, '..');
const REPO = path.resolve(WASM, '..');
const VECTORS = path.join(REPO, 'test-vectors');
const SCREENSHOT = path.join(REPO, 'target', 'wasm', 'demo.png');

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}
let step = 'setup';
const passed = [];
function ok(message) {
  passed.push(message);
  console.log(`ok   ${message}`);
}

/** The result cards of the newest run (the page prepends each run). */
async function newestRun(page, heading, count) {
  await page.waitForFunction(
    ([h, n]) => {
      const run = document.querySelector('#results .run');
      return run && run.querySelector('h3')?.textContent === h && run.querySelectorAll('.result').length >= n;
    },
    [heading, count],
    { timeout: 30_000 },
  );
  return page.$$eval('#results .run:first-child .result', (cards) =>
    cards.map((c) => ({
      title: c.querySelector('h4')?.textContent ?? '',
      verdict: c.dataset.verdict,
      code: c.dataset.code ?? null,
      line: c.querySelector('.verdict')?.textContent.trim() ?? '',
      text: c.textContent,
      links: Object.fromEntries([...c.querySelectorAll('tr[data-link]')].map((tr) => [tr.dataset.link, tr.querySelector('.link-status').textContent.replace(/[^a-z]/g, '')])),
    })),
  );
}

const describe = (r) => `${r.title}: [${r.verdict}${r.code ? ` ${r.code}` : ''}] ${r.line}`;

async function verifyOnce(page) {
  const before = await page.$$eval('#results .run', (runs) => runs.length);
  await page.click('#verify');
  await page.waitForFunction((n) => document.querySelectorAll('#results .run').length > n, before, { timeout: 30_000 });
  const [r] = await newestRun(page, 'Your document', 1);
  return r;
}

async function main() {
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium; never npx playwright install)`);
  check(fs.existsSync(path.join(WASM, 'pkg', 'web')), 'wasm/pkg/web is missing: run wasm/build first');
  check(fs.existsSync(path.join(WASM, 'www', 'examples', 'settlement', 'manifest.json')), 'wasm/www/examples is missing: run wasm/www/copy-examples');

  const server = await serve(WASM);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} for ${r.url()}`));

    step = 'load the page';
    await page.goto(`${base}/www/index.html`);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    const status = await page.textContent('#status');
    check((await page.getAttribute('body', 'data-ready')) === 'true', `the page did not load the verifier: ${status} ${errors.join('; ')}`);
    check(/lightcheck \d+\.\d+\.\d+/.test(status), `status line: ${status}`);
    ok(`page loaded: ${status}`);

    // 1. Bundled examples.
    step = 'run the bundled examples';
    await page.click('#run-examples');
    const ex = await newestRun(page, 'Bundled examples', 4);
    check(ex.length === 4, `4 example results expected, got ${ex.length}`);
    const [nitro, settled, pending, rejected] = ex;
    check(nitro.verdict === 'valid' && nitro.line.startsWith('✓ VALID'), `Nitro example: ${describe(nitro)}`);
    check(nitro.text.includes('i-0123456789abcdef0-enc0123456789abcdef') && nitro.text.includes('PCR0') && nitro.text.includes('Chain valid until'),
      `Nitro example table: ${nitro.text.slice(0, 400)}`);
    ok(describe(nitro));
    check(settled.verdict === 'settled' && /SETTLED — at height \d+/.test(settled.line), `settled example: ${describe(settled)}`);
    check(Object.values(settled.links).every((s) => s === 'verified'), `settled links: ${JSON.stringify(settled.links)}`);
    ok(describe(settled));
    check(pending.verdict === 'pending' && pending.line.includes('PENDING'), `pending example: ${describe(pending)}`);
    check(pending.links.headerTrust === 'missing' && pending.links.responseSignature === 'verified', `pending links: ${JSON.stringify(pending.links)}`);
    ok(describe(pending));
    check(rejected.verdict === 'rejected' && rejected.code === 'opengradient.response.bad_signature' &&
      rejected.line.includes('REJECTED') && rejected.line.includes('opengradient.response.bad_signature'), `rejected example: ${describe(rejected)}`);
    check(rejected.links.responseSignature === 'failed', `rejected links: ${JSON.stringify(rejected.links)}`);
    ok(describe(rejected));

    // 2. Vectors through the file input.
    step = 'verify a Nitro document from the file input';
    await page.setInputFiles('#file-input', path.join(VECTORS, 'nitro', 'valid-indefinite-map.cbor'));
    await page.waitForFunction(() => document.getElementById('file-name').textContent.includes('valid-indefinite-map.cbor'));
    await page.selectOption('#root-choice', 'test');
    await page.click('#use-doc-time');
    const docTime = await page.inputValue('#verify-time');
    check(docTime === new Date(1748736000250).toISOString(), `"Use the document's own time" gave ${docTime}`);
    const fromFile = await verifyOnce(page);
    check(fromFile.verdict === 'valid' && fromFile.line.includes('VALID'), `file input: ${describe(fromFile)}`);
    check(fromFile.text.includes('78377b525757b494427f89014f97d79928f3938d'), 'file input: the nonce is shown');
    ok(`file input (valid-indefinite-map.cbor, test root, at its own time): ${fromFile.line}`);

    step = 'verify a Nitro document with the default AWS root';
    await page.selectOption('#root-choice', 'aws');
    const awsRoot = await verifyOnce(page);
    check(awsRoot.verdict === 'rejected' && awsRoot.code === 'nitro.cert.untrusted_root', `AWS root: ${describe(awsRoot)}`);
    ok(`same document with the AWS root: ${awsRoot.line}`);

    step = 'verify a settlement bundle from the file input';
    await page.setInputFiles('#file-input', path.join(VECTORS, 'settlement', 'rejected-header-forged.json'));
    await page.waitForFunction(() => document.getElementById('file-name').textContent.includes('rejected-header-forged.json'));
    await page.fill('#verify-time', '1770000600');
    // Filling the time must not drop the loaded file.
    const bundle = await verifyOnce(page);
    check(bundle.verdict === 'rejected' && bundle.code === 'cometbft.header.hash_mismatch', `bundle file: ${describe(bundle)}`);
    check(bundle.links.headerTrust === 'failed', `bundle file links: ${JSON.stringify(bundle.links)}`);
    ok(`file input (rejected-header-forged.json at 1770000600): ${bundle.line}`);

    step = 'drop a file on the drop zone';
    const dropped = fs.readFileSync(path.join(VECTORS, 'nitro', 'expired-intermediate.cbor'));
    const transfer = await page.evaluateHandle(([b64, name]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
      return dt;
    }, [dropped.toString('base64'), 'expired-intermediate.cbor']);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
    await page.waitForFunction(() => document.getElementById('file-name').textContent.includes('expired-intermediate.cbor'));
    await page.selectOption('#root-choice', 'test');
    await page.fill('#verify-time', '1748736000250');
    const droppedResult = await verifyOnce(page);
    check(droppedResult.verdict === 'rejected' && droppedResult.code === 'nitro.cert.expired', `dropped file: ${describe(droppedResult)}`);
    ok(`dropped file (expired-intermediate.cbor at 1748736000250): ${droppedResult.line}`);

    // 3. A pasted tampered document, and a pasted valid one in hex.
    step = 'paste a tampered document';
    const doc = fs.readFileSync(path.join(VECTORS, 'nitro', 'valid-definite-map.cbor'));
    const tampered = Buffer.from(doc);
    tampered[tampered.length - 10] ^= 0x01; // inside the ES384 signature
    await page.fill('#doc-input', tampered.toString('base64'));
    check((await page.textContent('#file-name')) === '', 'typing in the box drops the loaded file');
    await page.selectOption('#root-choice', 'test');
    await page.fill('#verify-time', '2025-06-01T00:00:00.250Z');
    const bad = await verifyOnce(page);
    check(bad.verdict === 'rejected' && bad.code === 'nitro.cose.bad_signature', `tampered document: ${describe(bad)}`);
    check(bad.text.includes('forged'), `tampered document: class shown: ${bad.text.slice(0, 300)}`);
    ok(`pasted tampered document (base64): ${bad.line}`);

    step = 'paste a valid document as hex';
    await page.fill('#doc-input', doc.toString('hex'));
    const good = await verifyOnce(page);
    check(good.verdict === 'valid', `pasted hex: ${describe(good)}`);
    ok(`pasted valid document (hex): ${good.line}`);

    step = 'verification time outside the chain window';
    await page.fill('#verify-time', 'now');
    const expired = await verifyOnce(page);
    check(expired.verdict === 'rejected' && expired.code === 'nitro.cert.expired', `at now: ${describe(expired)}`);
    ok(`same document verified now: ${expired.line}`);

    step = 'screenshot';
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
    await page.click('#run-examples');
    await newestRun(page, 'Bundled examples', 4);
    await page.evaluate(() => window.scrollTo(0, 0));
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    ok(`screenshot ${path.relative(REPO, SCREENSHOT)}`);

    step = 'no page errors';
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await main();
  console.log(`\ne2e: ${passed.length} checks passed`);
} catch (e) {
  console.error(`\nE2E FAILED at step "${step}": ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
}
