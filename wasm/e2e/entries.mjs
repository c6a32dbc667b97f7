// Each entry point's web build in headless Chromium, loaded as a user without a bundler would:
// a page that imports ONLY that entry (an import map maps 'lightcheck/nitro' to
// package/nitro/web/lightcheck.js of the packed tarball, extracted), runs `await init()` and the
// entry's verifications (vite/checks.js: one real verification and one failing input with its
// code per capability). Every request the page makes is recorded (page.on('request')); the test
// asserts that exactly one .wasm was fetched and that it is the entry's own
// (package/<entry>/web/lightcheck_bg.wasm, the same bytes as in the tarball), and that no other
// entry's JavaScript was fetched. Done for all five entries (lightcheck, /nitro, /cometbft, /zk,
// /opengradient).
//
//   cd wasm/e2e && npm ci && node entries.mjs [path/to/lightcheck-X.Y.Z.tgz]   (scripts/wasm-js-test does this)
//
// Exits non-zero on the first failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');

// name → [import specifier, directory in the package, capabilities]
const ENTRIES = [
  ['root', 'lightcheck', '.', ['nitro', 'cometbft', 'zk', 'opengradient']],
  ['nitro', 'lightcheck/nitro', 'nitro', ['nitro']],
  ['cometbft', 'lightcheck/cometbft', 'cometbft', ['cometbft']],
  ['zk', 'lightcheck/zk', 'zk', ['zk']],
  ['opengradient', 'lightcheck/opengradient', 'opengradient', ['nitro', 'cometbft', 'opengradient']],
];

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function tarball() {
  if (process.argv[2]) return path.resolve(process.argv[2]);
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'wasm', 'pkg', 'package.json'), 'utf8')).version;
  return path.join(REPO, 'target', 'wasm', `lightcheck-${version}.tgz`);
}

/**
 * Loads `url` in a new page, records every request, waits for the page's verdict
 * (body[data-result], written by vite/checks.js). Returns { result, text, requests, console }.
 */
export async function loadPage(browser, url, { timeout = 60_000 } = {}) {
  const page = await browser.newPage();
  const requests = [];
  const logs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  try {
    await page.goto(url, { timeout });
    try {
      await page.waitForSelector('body[data-result]', { timeout });
    } catch {
      throw new Failure(`${url}: no verdict within ${timeout / 1000} s; page said:\n  ${logs.join('\n  ') || '(nothing)'}\n  #result: ${await page.textContent('#result').catch(() => '?')}`);
    }
    const result = await page.getAttribute('body', 'data-result');
    const text = await page.textContent('#result');
    return { result, text, requests, logs };
  } finally {
    await page.close();
  }
}

async function main() {
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium; never npx playwright install)`);
  const tgz = tarball();
  check(fs.existsSync(tgz), `${tgz} is missing: run wasm/build first (it packs wasm/pkg)`);

  // The site: the tarball's files (package/…), the vectors, the shared checks, one page per entry.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'lightcheck-entries-e2e-'));
  const cleanup = () => fs.rmSync(site, { recursive: true, force: true });
  process.on('exit', cleanup);
  execFileSync('tar', ['xzf', tgz, '-C', site]);
  check(fs.existsSync(path.join(site, 'package', 'package.json')), `${tgz} did not unpack to package/`);
  fs.symlinkSync(path.join(REPO, 'test-vectors'), path.join(site, 'vectors'));
  fs.copyFileSync(path.join(here, 'vite', 'checks.js'), path.join(site, 'checks.js'));
  for (const [name, spec, dir, caps] of ENTRIES) {
    const js = `/package/${dir === '.' ? '' : `${dir}/`}web/lightcheck.js`;
    fs.writeFileSync(path.join(site, `${name}.html`), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${spec} (import map)</title>
<script type="importmap">${JSON.stringify({ imports: { [spec]: js } })}</script>
</head><body><pre id="result">running…</pre>
<script type="module">
import init, * as lc from ${JSON.stringify(spec)};
import { run } from '/checks.js';
run(${JSON.stringify(spec)}, ${JSON.stringify(caps)}, init, lc);
</script></body></html>
`);
  }

  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  let failed = 0;
  try {
    for (const [name, spec, dir, caps] of ENTRIES) {
      const prefix = `/package/${dir === '.' ? '' : `${dir}/`}web/`;
      try {
        const { result, text, requests, logs } = await loadPage(browser, `${base}/${name}.html`);
        check(result === 'ok', `${spec}: the page failed:\n${text}\n  ${logs.join('\n  ')}`);
        const paths = requests.map((u) => new URL(u).pathname);
        const wasm = paths.filter((p) => p.endsWith('.wasm'));
        check(wasm.length === 1, `${spec}: expected exactly one .wasm request, got ${wasm.length}: ${JSON.stringify(wasm)}`);
        check(wasm[0] === `${prefix}lightcheck_bg.wasm`, `${spec}: fetched ${wasm[0]}, not its own ${prefix}lightcheck_bg.wasm`);
        // The file fetched is that entry's module (distinct bytes from every other entry's).
        const own = sha256(fs.readFileSync(path.join(site, wasm[0])));
        for (const [, otherSpec, otherDir] of ENTRIES) {
          if (otherDir === dir) continue;
          const other = path.join(site, 'package', otherDir === '.' ? '' : otherDir, 'web', 'lightcheck_bg.wasm');
          check(sha256(fs.readFileSync(other)) !== own, `${spec}: its .wasm has the same bytes as ${otherSpec}'s`);
        }
        const pkgFiles = paths.filter((p) => p.startsWith('/package/'));
        check(pkgFiles.every((p) => p.startsWith(prefix)), `${spec}: fetched another entry's files: ${JSON.stringify(pkgFiles)}`);
        check(pkgFiles.includes(`${prefix}lightcheck.js`), `${spec}: ${prefix}lightcheck.js was not fetched: ${JSON.stringify(pkgFiles)}`);
        console.log(`ok   ${spec}: ${text.split('\n').slice(1).join('; ')}`);
        console.log(`     requests from the package: ${pkgFiles.join(', ')}`);
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        failed++;
        console.error(`FAIL ${spec}: ${e.message}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`entries-e2e: ${ENTRIES.length - failed} passed, ${failed} failed`);
  if (failed) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const timer = setTimeout(() => {
    console.error('entries e2e: FAIL: still running after 5 minutes');
    process.exit(1);
  }, 300_000);
  timer.unref();
  main().catch((e) => {
    console.error(`entries e2e: FAIL: ${e.stack ?? e}`);
    process.exit(1);
  });
}
