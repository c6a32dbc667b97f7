// Nitro attestation verification in Node's WebAssembly, in one Node process: lightcheck's npm
// package (wasm/pkg/node/index.mjs) beside Evervault's @evervault/wasm-attestation-bindings (run
// through scripts/bench-evervault, which installs the pinned version into a cache dir and passes it
// as EVERVAULT_WASM_DIR).
//
// Usage: node scripts/bench-evervault.mjs [--calls N] [--warmup N] [--json] [--lightcheck FILE]
//                                         [--evervault DIR] [--vectors DIR]
//
// Inputs: every document of <shared>/nitro/manifest.json (45 valid, 5 under negative/), read as
// bytes; Evervault gets them as standard base64 text, the only input its API takes.
//
// 1. Acceptance, per document:
//    - lightcheck: verifyNitro(bytes, verify_at_ms, { allowDebug: true }) (the document's own
//      timestamp, as the manifest says; allowDebug because Evervault has no debug-mode check), and
//      for information with the default policy ({}: debug-mode documents refused). Negatives that
//      have no verify_at_ms are verified at the current clock.
//    - Evervault: validateAttestationDocPcrs(base64, []) (an empty PCR list = no PCR check). Its
//      API takes no time: the wasm reads the clock through its `Date.now()` import for the
//      certificate validity check. Run twice: at the real clock, then with the global `Date.now`
//      replaced by `() => verify_at_ms` for the call ("pinned clock"; outside its API, the same
//      trick as its own tests' libfaketime). It logs why it refused through console.error, which is
//      captured here; the number of Date.now reads per call is counted.
// 2. Timing, on every document both accept (lightcheck allowDebug, Evervault pinned clock), per
//    document: --warmup calls of each, then --calls individually timed calls of each
//    (process.hrtime.bigint), the two libraries' calls alternating; median per library. Each timed call is the whole API call with the document's
//    own PCR0, PCR1, PCR2 and PCR8 expected (hex):
//      lightcheck: verifyNitro(bytes, at, { allowDebug: true, expectedPcrs: {0, 1, 2, 8} })
//      Evervault:  validateAttestationDocPcrs(base64, [new PCRs(pcr0, pcr1, pcr2, pcr8)])
//    (a PCRs object is consumed by the call, so each call builds one). Every timed call must
//    return true / not throw. For information, one rejection each at the real clock (base-1).
// 3. Prints the acceptance table, the per-document timings, per-family medians, the overall median
//    of the per-document ratios lightcheck / Evervault, and both .wasm sizes (raw, gzip -9). With
//    --json, the same as JSON on stdout.
import { readFileSync, existsSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");

function args(argv) {
  const o = {
    calls: 40,
    warmup: 10,
    json: false,
    lightcheck: join(repo, "wasm", "pkg", "node", "index.mjs"),
    evervault: process.env.EVERVAULT_WASM_DIR,
    vectors: join(process.env.LIGHTCHECK_SHARED_VECTORS || join(repo, "..", "shared", "vectors"), "nitro"),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--calls") o.calls = Number(argv[++i]);
    else if (a === "--warmup") o.warmup = Number(argv[++i]);
    else if (a === "--json") o.json = true;
    else if (a === "--lightcheck") o.lightcheck = resolve(argv[++i]);
    else if (a === "--evervault") o.evervault = resolve(argv[++i]);
    else if (a === "--vectors") o.vectors = resolve(argv[++i]);
    else throw new Error(`unknown argument ${a} (see the header of ${fileURLToPath(import.meta.url)})`);
  }
  if (!o.evervault) throw new Error("EVERVAULT_WASM_DIR not set: run scripts/bench-evervault");
  if (!(o.calls >= 1 && o.warmup >= 0)) throw new Error("--calls must be >= 1, --warmup >= 0");
  return o;
}

const log = (msg) => process.stderr.write(`    ${msg}\n`);
const nowNs = () => process.hrtime.bigint();
const fmtMs = (ns) => (ns == null ? "n/a" : `${(ns / 1e6).toFixed(3)} ms`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function timeCalls(fn, warmup, calls) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = nowNs();
    fn();
    times.push(Number(nowNs() - t));
  }
  times.sort((a, b) => a - b);
  return { median_ns: median(times), min_ns: times[0], max_ns: times[times.length - 1], n: times.length };
}

/** timeCalls for two functions, their calls alternating. */
function timePair(a, b, warmup, calls) {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < calls; i++) {
    let t = nowNs();
    a();
    ta.push(Number(nowNs() - t));
    t = nowNs();
    b();
    tb.push(Number(nowNs() - t));
  }
  const summary = (times) => {
    times.sort((x, y) => x - y);
    return { median_ns: median(times), min_ns: times[0], max_ns: times[times.length - 1], n: times.length };
  };
  return [summary(ta), summary(tb)];
}

function gzip9(path) {
  try {
    return execFileSync("gzip", ["-9", "-c", path], { maxBuffer: 1 << 26 }).length;
  } catch {
    return gzipSync(readFileSync(path), { level: 9 }).length; // no gzip binary: zlib level 9
  }
}

function sizeOf(path) {
  return existsSync(path) ? { file: path, raw: statSync(path).size, gzip9: gzip9(path) } : null;
}

// ---- the two libraries ----------------------------------------------------------------------

async function loadLightcheck(entry) {
  if (!existsSync(entry)) throw new Error(`${entry} not found: build the npm package first (wasm/build)`);
  const lc = await import(pathToFileURL(entry).href);
  if (typeof lc.default === "function") await lc.default(); // init(): a no-op in Node
  return lc;
}

async function loadEvervault(dir) {
  const pkgDir = join(dir, "node_modules", "@evervault", "wasm-attestation-bindings");
  const meta = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const ev = await import(pathToFileURL(join(pkgDir, "index.js")).href);
  // A --target web build: its default init() fetches index_bg.wasm by URL, which Node's fetch does
  // not do for file: URLs, so the module is given as bytes.
  ev.initSync({ module: readFileSync(join(pkgDir, "index_bg.wasm")) });
  return { ev, version: meta.version, dir: pkgDir };
}

const realNow = Date.now;
const realConsoleError = console.error;

/** Runs f with Date.now pinned to ms (null: the real clock) and console.error captured. */
function evCall(ms, f) {
  const logged = [];
  let reads = 0;
  Date.now = ms == null ? () => (reads++, realNow.call(Date)) : () => (reads++, ms);
  console.error = (...a) => logged.push(a.join(" "));
  try {
    return { ok: f(), logged, reads };
  } finally {
    Date.now = realNow;
    console.error = realConsoleError;
  }
}

function evReason(logged) {
  const m = logged.join(" | ");
  const i = m.lastIndexOf("received: ");
  return i >= 0 ? m.slice(i + "received: ".length) : m;
}

function lcCall(lc, bytes, at, policy) {
  try {
    const a = lc.verifyNitro(bytes, at, policy);
    return { ok: true, debugMode: a.debugMode };
  } catch (e) {
    return { ok: false, code: e.code || String(e.message || e) };
  }
}

const ZERO48 = "00".repeat(48);
const pcrHex = (entry, i) => (entry.pcrs_nonzero && entry.pcrs_nonzero[String(i)]) || ZERO48;

// ---- main -----------------------------------------------------------------------------------

async function main() {
  const opt = args(process.argv.slice(2));
  const lc = await loadLightcheck(opt.lightcheck);
  const { ev, version: evVersion, dir: evDir } = await loadEvervault(opt.evervault);
  const manifest = JSON.parse(readFileSync(join(opt.vectors, "manifest.json"), "utf8"));
  const lcVersion = typeof lc.version === "function" ? lc.version() : "?";
  const lcCaps = typeof lc.capabilities === "function" ? lc.capabilities() : [];
  log(`lightcheck ${lcVersion} [${lcCaps.join(",")}] from ${opt.lightcheck}`);
  log(`@evervault/wasm-attestation-bindings ${evVersion} from ${evDir}`);
  log(`Node ${process.version} (V8 ${process.versions.v8}); ${manifest.length} documents from ${opt.vectors}`);

  // 1. acceptance
  const docs = [];
  for (const e of manifest) {
    const bytes = new Uint8Array(readFileSync(join(opt.vectors, e.file)));
    const b64 = Buffer.from(bytes).toString("base64");
    const name = e.file.replace(/^negative\//, "");
    const family = e.file.startsWith("negative/") ? "negative" : name.replace(/-\d+\.cbor$/, "");
    const at = e.verify_at_ms ?? null;
    const atLc = at ?? Date.now();
    const d = {
      file: e.file, family, expected: e.expected, at_ms: at, debug: e.debug_mode_pcr0_2_zero ?? null,
      bytes, b64, entry: e,
      lc: lcCall(lc, bytes, atLc, { allowDebug: true }),
      lcDefault: lcCall(lc, bytes, atLc, {}),
    };
    const clock = evCall(null, () => ev.validateAttestationDocPcrs(b64, []));
    d.evClock = { ok: clock.ok, reason: clock.ok ? null : evReason(clock.logged), reads: clock.reads };
    if (at != null) {
      const pinned = evCall(at, () => ev.validateAttestationDocPcrs(b64, []));
      d.evPinned = { ok: pinned.ok, reason: pinned.ok ? null : evReason(pinned.logged), reads: pinned.reads };
    } else {
      d.evPinned = { ok: clock.ok, reason: d.evClock.reason, reads: clock.reads, sameAsClock: true };
    }
    docs.push(d);
  }

  // 2. timing on the documents both accept
  const common = docs.filter((d) => d.lc.ok && d.evPinned.ok && d.at_ms != null);
  log(`timing ${common.length} documents both accept: ${opt.warmup} warm-up + ${opt.calls} timed calls each, per library`);
  const timings = [];
  for (const d of common) {
    const p = [0, 1, 2, 8].map((i) => pcrHex(d.entry, i));
    const policy = { allowDebug: true, expectedPcrs: { 0: p[0], 1: p[1], 2: p[2], 8: p[3] } };
    const lcFn = () => lc.verifyNitro(d.bytes, d.at_ms, policy);
    const evFn = () => {
      if (!ev.validateAttestationDocPcrs(d.b64, [new ev.PCRs(p[0], p[1], p[2], p[3])])) {
        throw new Error(`Evervault refused ${d.file} during timing`);
      }
    };
    // The PCR policies must pass once (and a wrong PCR0 must fail) before anything is timed.
    const bad = "ff" + p[0].slice(2);
    const evOnce = evCall(d.at_ms, () => [
      ev.validateAttestationDocPcrs(d.b64, [new ev.PCRs(p[0], p[1], p[2], p[3])]),
      ev.validateAttestationDocPcrs(d.b64, [new ev.PCRs(bad, p[1], p[2], p[3])]),
    ]);
    const lcBad = lcCall(lc, d.bytes, d.at_ms, { ...policy, expectedPcrs: { ...policy.expectedPcrs, 0: bad } });
    if (!lcCall(lc, d.bytes, d.at_ms, policy).ok || lcBad.ok || !evOnce.ok[0] || evOnce.ok[1]) {
      throw new Error(`${d.file}: the PCR policies do not behave (lightcheck wrong-PCR0: ${lcBad.code}, Evervault: ${evOnce.ok})`);
    }
    // Interleaved (lightcheck, Evervault, lightcheck, …) so that a change in machine load hits
    // both; Date.now stays pinned for the loop (lightcheck never reads a clock).
    Date.now = () => d.at_ms;
    let l, v;
    try {
      [l, v] = timePair(lcFn, evFn, opt.warmup, opt.calls);
    } finally {
      Date.now = realNow;
    }
    timings.push({ file: d.file, family: d.family, lightcheck: l, evervault: v, ratio: l.median_ns / v.median_ns });
    log(`${d.file}: lightcheck ${fmtMs(l.median_ns)}, Evervault ${fmtMs(v.median_ns)}, ratio ${(l.median_ns / v.median_ns).toFixed(2)}`);
  }

  // For information: one rejection each at the real clock (both refuse base-1 as expired).
  const rej = docs.find((d) => d.file === "base-1.cbor");
  let rejection = null;
  if (rej && !rej.evClock.ok) {
    const l = timeCalls(() => { try { lc.verifyNitro(rej.bytes, realNow.call(Date), { allowDebug: true }); } catch {} },
                        opt.warmup, opt.calls);
    console.error = () => {};
    let v;
    try {
      v = timeCalls(() => ev.validateAttestationDocPcrs(rej.b64, []), opt.warmup, opt.calls);
    } finally {
      console.error = realConsoleError;
    }
    rejection = { file: rej.file, lightcheck: l, lightcheckCode: lcCall(lc, rej.bytes, realNow.call(Date), { allowDebug: true }).code,
                  evervault: v, evervaultReason: rej.evClock.reason };
  }

  const sizes = {
    evervault: sizeOf(join(evDir, "index_bg.wasm")),
    lightcheckNitroOnly: sizeOf(join(repo, "target", "wasm", "sizes", "nitro", "web", "lightcheck_bg.wasm")),
    lightcheckPackage: sizeOf(join(repo, "wasm", "pkg", "web", "lightcheck_bg.wasm")),
  };

  const out = {
    node: process.version, v8: process.versions.v8,
    lightcheck: { version: lcVersion, capabilities: lcCaps, entry: opt.lightcheck },
    evervault: { package: "@evervault/wasm-attestation-bindings", version: evVersion, dir: evDir },
    calls: opt.calls, warmup: opt.warmup,
    documents: docs.map(({ bytes, b64, entry, ...d }) => d),
    timings, rejection, sizes,
  };
  if (opt.json) {
    process.stdout.write(JSON.stringify(out, null, 1) + "\n");
    return;
  }
  report(out);
}

// ---- report ---------------------------------------------------------------------------------

function report(out) {
  const P = (s = "") => process.stdout.write(s + "\n");
  const verdict = (r) => (r.ok ? "accept" : `reject (${r.code ?? r.reason})`);
  P(`\n== Nitro in Node's WebAssembly: lightcheck ${out.lightcheck.version} (npm package) vs ${out.evervault.package} ${out.evervault.version} ==`);
  P(`Node ${out.node} (V8 ${out.v8}); ${out.documents.length} documents; load average now ${loadavg().join(" ")}`);
  P("\nAcceptance (lightcheck at the document's own timestamp, allowDebug; Evervault at the real clock and with Date.now pinned to that timestamp):");
  const rows = out.documents.map((d) => [
    d.file,
    d.expected,
    d.debug == null ? "" : d.debug ? "yes" : "no",
    verdict(d.lc),
    d.lcDefault.ok ? "accept" : `reject (${d.lcDefault.code})`,
    verdict(d.evClock),
    d.evPinned.sameAsClock ? "(no timestamp: as at the clock)" : verdict(d.evPinned),
  ]);
  table(["document", "manifest", "debug", "lightcheck (allowDebug)", "lightcheck (default policy)",
         "Evervault, real clock", "Evervault, Date.now pinned"], rows);
  const fam = new Map();
  for (const d of out.documents) {
    const f = fam.get(d.family) || { n: 0, lc: 0, lcDef: 0, evClock: 0, evPinned: 0 };
    f.n++; f.lc += d.lc.ok; f.lcDef += d.lcDefault.ok; f.evClock += d.evClock.ok; f.evPinned += d.evPinned.ok;
    fam.set(d.family, f);
  }
  P("\nAccepted, per family:");
  table(["family", "documents", "lightcheck (allowDebug)", "lightcheck (default)", "Evervault, real clock", "Evervault, pinned"],
        [...fam].map(([k, f]) => [k, f.n, f.lc, f.lcDef, f.evClock, f.evPinned]));
  const reads = [...new Set(out.documents.map((d) => d.evClock.reads))].sort();
  P(`(Evervault read Date.now ${reads.join(" or ")} time(s) per call.)`);

  P(`\nTiming (${out.warmup} warm-up + ${out.calls} timed calls per library per document; median; PCR0/1/2/8 pinned on both sides):`);
  table(["document", "lightcheck", "Evervault", "lightcheck / Evervault"],
        out.timings.map((t) => [t.file, fmtMs(t.lightcheck.median_ns), fmtMs(t.evervault.median_ns), t.ratio.toFixed(2) + "x"]));
  const byFam = new Map();
  for (const t of out.timings) (byFam.get(t.family) || byFam.set(t.family, []).get(t.family)).push(t);
  P("\nPer family (median of the per-document medians):");
  const famRows = [...byFam].map(([k, ts]) => [k, ts.length, fmtMs(median(ts.map((t) => t.lightcheck.median_ns))),
    fmtMs(median(ts.map((t) => t.evervault.median_ns))), median(ts.map((t) => t.ratio)).toFixed(2) + "x"]);
  if (out.timings.length) {
    famRows.push(["all", out.timings.length, fmtMs(median(out.timings.map((t) => t.lightcheck.median_ns))),
      fmtMs(median(out.timings.map((t) => t.evervault.median_ns))), median(out.timings.map((t) => t.ratio)).toFixed(2) + "x"]);
  }
  table(["family", "documents", "lightcheck", "Evervault", "lightcheck / Evervault"], famRows);
  if (out.rejection) {
    const r = out.rejection;
    P(`\ninfo: a rejection at the real clock (${r.file}): lightcheck ${fmtMs(r.lightcheck.median_ns)} (${r.lightcheckCode}), ` +
      `Evervault ${fmtMs(r.evervault.median_ns)} (${r.evervaultReason})`);
  }
  P("\n.wasm sizes (bytes; gzip -9):");
  const s = out.sizes;
  const lcSize = s.lightcheckNitroOnly || s.lightcheckPackage;
  const sizeRows = [];
  if (s.evervault) sizeRows.push([`${out.evervault.package} ${out.evervault.version} index_bg.wasm`, s.evervault.raw, s.evervault.gzip9]);
  if (lcSize) {
    sizeRows.push([s.lightcheckNitroOnly ? "lightcheck, nitro-only build (target/wasm/sizes/nitro/web)"
      : `lightcheck, full package (wasm/pkg/web; ${out.lightcheck.capabilities.join(", ")})`, lcSize.raw, lcSize.gzip9]);
  }
  table(["module", "raw", "gzip -9"], sizeRows);
}

function loadavg() {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3);
  } catch {
    return ["n/a"];
  }
}

function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => "  " + r.map((c, i) => c.padEnd(w[i])).join("  ");
  process.stdout.write(line(all[0]) + "\n" + "  " + w.map((n) => "-".repeat(n)).join("  ") + "\n");
  for (const r of all.slice(1)) process.stdout.write(line(r) + "\n");
}

main().catch((e) => {
  process.stderr.write(`bench-evervault: ${e.stack || e}\n`);
  process.exit(1);
});
