// A `fetch` that answers like CometBFT RPC nodes, from recorded light blocks: what the networked
// LightClient is given in the offline tests, so that its whole fetch path (URLs, JSON-RPC
// envelopes, error texts, statuses, bodies) is exercised without a network.
//
//   const fetch = fakeFetch({ 'http://a.test:26657': blocksA, 'http://b.test:26657': blocksB });
//
// Each node serves /commit?height=H (no height: its latest), /validators?height=H&page=P&per_page=N
// (H up to latest + 1: the next set of the latest block is the recorded `next_validator_set`),
// /status, and a JSON-RPC POST of broadcast_evidence (recorded in `fetch.evidence`). A height above
// the latest gets CometBFT's "must be less than or equal to the current blockchain height" error
// (HTTP 500), a pruned one its "is not available, lowest height is" error.
//
// `hooks[base]` may replace a node's behaviour: `(url, init, serve) => Response | Promise<Response>`
// (call `serve()` for the normal answer).

const rpcError = (id, data) => ({ jsonrpc: '2.0', id, error: { code: -32603, message: 'Internal error', data } });
const ok = (result) => ({ jsonrpc: '2.0', id: -1, result });

export function jsonResponse(body, status = 200) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Light blocks (heights 1..n, in order) → a node's answers. */
function node(blocks, { lowest = 1 } = {}) {
  const latest = Number(blocks[blocks.length - 1].signed_header.header.height);
  const byHeight = new Map(blocks.map((b) => [Number(b.signed_header.header.height), b]));
  const validatorsAt = (h) => {
    if (byHeight.has(h)) return byHeight.get(h).validator_set.validators;
    if (h === latest + 1) return byHeight.get(latest).next_validator_set.validators;
    return null;
  };
  const tooHigh = (h) => jsonResponse(rpcError(-1, `height ${h} must be less than or equal to the current blockchain height ${latest}`), 500);
  const pruned = (h) => jsonResponse(rpcError(-1, `height ${h} is not available, lowest height is ${lowest}`), 500);
  return {
    latest,
    serve(url) {
      const u = new URL(url);
      const q = (k) => (u.searchParams.has(k) ? Number(u.searchParams.get(k)) : null);
      switch (u.pathname.replace(/^\/+/, '')) {
        case 'commit': {
          const h = q('height') ?? latest;
          if (h > latest) return tooHigh(h);
          if (h < lowest) return pruned(h);
          return jsonResponse(ok({ signed_header: byHeight.get(h).signed_header, canonical: true }));
        }
        case 'validators': {
          const h = q('height') ?? latest;
          const page = q('page') ?? 1;
          const perPage = Math.min(q('per_page') ?? 30, 100);
          const all = validatorsAt(h);
          if (!all) return h < lowest ? pruned(h) : tooHigh(h);
          const slice = all.slice((page - 1) * perPage, page * perPage);
          if (slice.length === 0) return jsonResponse(rpcError(-1, `page should be within [1, ${Math.ceil(all.length / perPage)}] range, given ${page}`), 500);
          return jsonResponse(ok({ block_height: String(h), validators: slice, count: String(slice.length), total: String(all.length) }));
        }
        case 'status':
          return jsonResponse(ok({
            node_info: { network: byHeight.get(latest).signed_header.header.chain_id },
            sync_info: { latest_block_height: String(latest) },
          }));
        default:
          return jsonResponse(rpcError(-1, `no route ${u.pathname}`), 404);
      }
    },
  };
}

/**
 * A fetch over `nodes` (base URL → light blocks). Records every call in `fetch.calls` ({url,
 * method}) and every evidence posted in `fetch.evidence` ({node, body}).
 */
export function fakeFetch(nodes, { hooks = {}, lowest = {} } = {}) {
  const servers = new Map(Object.entries(nodes).map(([base, blocks]) => [base, node(blocks, { lowest: lowest[base] ?? 1 })]));
  const calls = [];
  const evidence = [];
  const fetch = async (url, init = {}) => {
    if (init.signal?.aborted) throw init.signal.reason ?? new DOMException('aborted', 'AbortError');
    const u = new URL(url);
    const base = `${u.protocol}//${u.host}`;
    calls.push({ url, method: init.method ?? 'GET' });
    const server = servers.get(base);
    const serve = async () => {
      if (!server) throw new TypeError(`fetch failed (no node at ${base})`);
      if ((init.method ?? 'GET') === 'POST') {
        const body = JSON.parse(init.body);
        if (body.method !== 'broadcast_evidence') return jsonResponse(rpcError(body.id, `method ${body.method} not found`), 500);
        evidence.push({ node: base, body });
        return jsonResponse({ jsonrpc: '2.0', id: body.id, result: { hash: `EVIDENCE-${evidence.length}` } });
      }
      return server.serve(url);
    };
    return hooks[base] ? hooks[base](url, init, serve) : serve();
  };
  fetch.calls = calls;
  fetch.evidence = evidence;
  return fetch;
}

/** A fetch that never answers, but honours `init.signal` as fetch does. */
export function hangingFetch() {
  const calls = [];
  const fetch = (url, init = {}) => {
    calls.push(url);
    return new Promise((_, reject) => {
      const fail = () => reject(init.signal.reason ?? new DOMException('aborted', 'AbortError'));
      if (init.signal?.aborted) return fail();
      init.signal?.addEventListener('abort', fail, { once: true });
    });
  };
  fetch.calls = calls;
  return fetch;
}
