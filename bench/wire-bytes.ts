/**
 * Bytes on the wire per synced partner (issue 12 §4 and §6): the sync's own pages (FULL_PAGE_SIZE
 * partners, MIRROR_FIELDS) as they cross the network to the browser, counted raw (no decoding):
 *  - an Odoo that compresses (the demo server: gzip above 1 KB);
 *  - an Odoo that does not (werkzeug does not; here the demo server behind a relay that drops the
 *    client's Accept-Encoding), straight to the browser;
 *  - that same Odoo behind Fieldbook's one-origin server in proxy mode (`ODOO_URL`), which
 *    compresses what came uncompressed.
 * Reported, never asserted.
 */
import { rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MIRROR_FIELDS } from '../src/offline/sync-rpc.ts';
import { FULL_PAGE_SIZE } from '../src/offline/sync.ts';
import { spawnServer, throwawayDataDir } from '../tests/support/server.ts';

const PAGES = 5;
const PATH = '/web/dataset/call_kw/res.partner/search_read';

export interface WireBytesRow {
  readonly label: string;
  readonly encoding: string;
  readonly partners: number;
  readonly bytes: number;
  readonly bytesPerPartner: number;
}

export interface WireBytesResult {
  readonly measuredAt: string;
  readonly pageSize: number;
  readonly rows: readonly WireBytesRow[];
}

/** POSTs and counts the answer's bytes as they came (undecoded). */
function post(base: string, body: string, headers: Record<string, string>): Promise<{ raw: Buffer; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const url = new URL(PATH, base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ raw: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The sync's first PAGES pages through `base`; the records are counted by asking the demo server again, uncompressed. */
async function syncPages(label: string, base: string, cookie: string, acceptEncoding: string | undefined, plain: string): Promise<WireBytesRow> {
  let cursor = 0;
  let bytes = 0;
  let partners = 0;
  let encoding = 'identity';
  for (let page = 0; page < PAGES; page += 1) {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: page, params: { model: 'res.partner', method: 'search_read', args: [], kwargs: { domain: [['id', '>', cursor]], fields: MIRROR_FIELDS, order: 'id asc', limit: FULL_PAGE_SIZE } } });
    const answer = await post(base, body, { Cookie: cookie, ...(acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding }) });
    bytes += answer.raw.length;
    encoding = String(answer.headers['content-encoding'] ?? 'identity');
    const records = (JSON.parse((await post(plain, body, { Cookie: cookie })).raw.toString('utf8')) as { result: { id: number }[] }).result;
    partners += records.length;
    const last = records.at(-1);
    if (last === undefined) break;
    cursor = last.id;
  }
  return { label, encoding, partners, bytes, bytesPerPartner: Math.round(bytes / Math.max(1, partners)) };
}

/** Against a running demo server (`url`, signed in with `cookie`). */
export async function measureWireBytes(url: string, cookie: string): Promise<WireBytesResult> {
  const measuredAt = new Date().toISOString();
  const target = new URL(url);
  // An Odoo that does not compress: the demo server, the client's Accept-Encoding dropped on the way.
  const relay = createServer((req, res) => {
    const headers = { ...req.headers, host: target.host };
    delete headers['accept-encoding'];
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  const proxy = await spawnServer({ dataDir: throwawayDataDir(), env: { ODOO_URL: relayUrl } });
  try {
    const browser = 'gzip, deflate, br';
    return {
      measuredAt,
      pageSize: FULL_PAGE_SIZE,
      rows: [
        await syncPages('Odoo that compresses (the demo server), straight', url, cookie, browser, relayUrl),
        await syncPages('Odoo that does not compress, straight', relayUrl, cookie, browser, relayUrl),
        await syncPages("Odoo that does not compress, behind Fieldbook's proxy (ODOO_URL)", proxy.url, cookie, browser, relayUrl),
      ],
    };
  } finally {
    await proxy.stop();
    rmSync(proxy.dataDir, { recursive: true, force: true });
    relay.close();
  }
}

export const WIRE_HEADING = '## Sync: bytes on the wire per partner';

export function wireMarkdown(result: WireBytesResult): string[] {
  return [
    WIRE_HEADING,
    '',
    `${result.measuredAt} · the sync's first ${PAGES} pages of ${result.pageSize} partners (its own fields), the answer bodies as they crossed the wire (undecoded); the request asks for gzip, deflate or br as a browser does.`,
    '',
    '| upstream | encoding | partners | bytes | bytes per partner |',
    '|---|---|---:|---:|---:|',
    ...result.rows.map((r) => `| ${r.label} | ${r.encoding} | ${r.partners.toLocaleString('en-US')} | ${r.bytes.toLocaleString('en-US')} | ${r.bytesPerPartner.toLocaleString('en-US')} |`),
    '',
  ];
}
