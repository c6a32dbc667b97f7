// A Vite build per entry point, as a bundler user would make it: for each of lightcheck,
// lightcheck/nitro, /cometbft, /zk, /opengradient, a one-page app (entry-<name>.html + .js) that
// imports only that entry, with the packed tarball installed as the `lightcheck` dependency
// (scripts/wasm-js-test: npm ci for the pinned vite, then npm install --no-save <tgz>).
//   1. `ENTRY=<name> vite build` → dist/<name>/;
//   2. dist/<name> must hold exactly one .wasm, an emitted asset with exactly the bytes of that
//      entry's lightcheck_bg.wasm in node_modules/lightcheck (and so none of another entry's);
//   3. dist/<name> is served on 127.0.0.1 (with test-vectors/ under /vectors/) and the built page
//      loaded in headless Chromium (playwright-core from ../node_modules, /usr/bin/chromium): it
//      must run its verifications (checks.js) and print ok, fetching only its own .wasm.
//
//   cd wasm/e2e/vite && node test.mjs      (exits non-zero on any failure)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium, serve } from '../serve.mjs';
import { loadPage } from '../entries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..', '..');
const PKG = path.join(here, 'node_modules', 'lightcheck');
const ENTRIES = [
  ['root', 'lightcheck', '.'],
  ['nitro', 'lightcheck/nitro', 'nitro'],
  ['cometbft', 'lightcheck/cometbft', 'cometbft'],
  ['zk', 'lightcheck/zk', 'zk'],
  ['opengradient', 'lightcheck/opengradient', 'opengradient'],
];

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under dir (not following symlinks), relative to dir. */
function files(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(dir, path.join(rel, d.name)) : d.isFile() ? [path.join(rel, d.name)] : []);
}

async function main() {
  const vitePkg = path.join(here, 'node_modules', 'vite', 'package.json');
  check(fs.existsSync(vitePkg), 'wasm/e2e/vite/node_modules/vite is missing: npm ci in wasm/e2e/vite (scripts/wasm-js-test does it)');
  check(fs.existsSync(path.join(PKG, 'package.json')), 'node_modules/lightcheck is missing: npm install --no-save target/wasm/lightcheck-<v>.tgz (scripts/wasm-js-test does it)');
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium; never npx playwright install)`);
  const viteVersion = JSON.parse(fs.readFileSync(vitePkg, 'utf8')).version;
  const lcVersion = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).version;
  console.log(`vite ${viteVersion}, lightcheck ${lcVersion} (node_modules/lightcheck from the tarball)`);

  // The .wasm of each entry as installed: hash → entry.
  const wasmByHash = new Map(ENTRIES.map(([name, , dir]) => [sha256(path.join(PKG, dir, 'web', 'lightcheck_bg.wasm')), name]));
  check(wasmByHash.size === ENTRIES.length, 'the installed entries do not have five distinct .wasm files');

  const browser = await launchChromium();
  let failed = 0;
  try {
    for (const [name, spec] of ENTRIES) {
      const dist = path.join(here, 'dist', name);
      try {
        // 1. vite build
        const t0 = Date.now();
        const b = spawnSync(process.execPath, [path.join(here, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
          cwd: here, env: { ...process.env, ENTRY: name }, encoding: 'utf8', timeout: 180_000,
        });
        check(b.status === 0, `${spec}: vite build failed (status ${b.status}${b.error ? `, ${b.error.message}` : ''}):\n${b.stdout}${b.stderr}`);
        const warnings = `${b.stdout}${b.stderr}`.trim();
        // 2. exactly this entry's .wasm emitted
        const all = files(dist);
        const wasm = all.filter((f) => f.endsWith('.wasm'));
        check(wasm.length === 1, `${spec}: dist/${name} holds ${wasm.length} .wasm files: ${JSON.stringify(wasm)}`);
        const whose = wasmByHash.get(sha256(path.join(dist, wasm[0])));
        check(whose === name, `${spec}: dist/${name}/${wasm[0]} is ${whose ? `the ${whose} entry's module` : 'no entry\'s module'}, not ${name}'s`);
        check(all.includes(`entry-${name}.html`), `${spec}: dist/${name}/entry-${name}.html missing: ${JSON.stringify(all)}`);
        console.log(`ok   ${spec}: vite build in ${((Date.now() - t0) / 1000).toFixed(1)} s; dist/${name}: ${all.join(', ')}${warnings ? `\n     vite said: ${warnings.replace(/\n/g, '\n     ')}` : ''}`);
        // 3. the built page in Chromium
        fs.symlinkSync(path.join(REPO, 'test-vectors'), path.join(dist, 'vectors'));
        const server = await serve(dist);
        try {
          const url = `http://127.0.0.1:${server.address().port}/entry-${name}.html`;
          const { result, text, requests, logs } = await loadPage(browser, url);
          check(result === 'ok', `${spec}: the built page failed:\n${text}\n  ${logs.join('\n  ')}`);
          const fetched = requests.map((u) => new URL(u).pathname).filter((p) => p.endsWith('.wasm'));
          check(fetched.length === 1 && fetched[0] === `/${wasm[0]}`, `${spec}: the page fetched ${JSON.stringify(fetched)}, expected only /${wasm[0]}`);
          console.log(`ok   ${spec}: built page in Chromium: ${text.split('\n')[0]} (fetched ${fetched[0]})`);
        } finally {
          server.close();
        }
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        failed++;
        console.error(`FAIL ${e.message}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`vite-entries: ${ENTRIES.length - failed} passed, ${failed} failed`);
  if (failed) process.exit(1);
}

const timer = setTimeout(() => {
  console.error('vite-entries: FAIL: still running after 10 minutes');
  process.exit(1);
}, 600_000);
timer.unref();
main().catch((e) => {
  console.error(`vite-entries: FAIL: ${e.stack ?? e}`);
  process.exit(1);
});
