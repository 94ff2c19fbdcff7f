/**
 * The backend half of `npm run bench`: the demo server over HTTP, no browser.
 *  - search_read latency at limit 80 / 500 / 2,000 on 5,000 and 50,000 partners (the call and
 *    fields of odoo-wire/12c, so the numbers sit beside a real Odoo 18's);
 *  - a load run: 50 concurrent clients doing search_read limit 80 (autocannon).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { rpc } from '../tests/support/rpc.ts';
import { ROOT, seededTemplate, throwawayDataDir } from '../tests/support/server.ts';
import { percentile } from './stats.ts';

export const LIMITS = [80, 500, 2000] as const;
export const LOAD_CONNECTIONS = 50;

/** odoo-wire/12c: the same call a real Odoo 18 was timed on. */
const searchReadParams = (limit: number) => ({
  model: 'res.partner',
  method: 'search_read',
  args: [],
  kwargs: {
    domain: [['write_date', '>', '2020-01-01 00:00:00']],
    fields: ['name', 'email', 'phone', 'city', 'country_id', 'category_id', 'write_date'],
    limit,
    order: 'write_date asc, id asc',
  },
});
export const ODOO_12C = { 80: 12.5, 500: 23.7, 2000: 58.6 } as const;

export interface LatencyRow {
  partners: number;
  limit: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  bytes: number;
  records: number;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

/** A throwaway copy of the seeded 5,000-partner template, reseeded with `partners` if different. */
export async function dataDirFor(partners: number): Promise<string> {
  const template = await seededTemplate();
  const dir = throwawayDataDir(template);
  if (partners === 5000) return dir;
  // Reseed the copy at scale with the project's own command.
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/cli/seed.ts'), '--partners', String(partners)], {
    cwd: ROOT,
    env: { ...process.env, FIELDBOOK_DATA_DIR: dir },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`seeding ${partners} partners failed`);
  return dir;
}

export async function measureLatency(url: string, cookie: string, partners: number, runs: number): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const limit of LIMITS) {
    const body = searchReadParams(limit);
    await rpc(url, '/web/dataset/call_kw/res.partner/search_read', body, cookie); // warm-up
    const times: number[] = [];
    let bytes = 0;
    let records = 0;
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const response = await fetch(new URL('/web/dataset/call_kw/res.partner/search_read', url), {
        method: 'POST',
        // identity: the size on the wire compares with Odoo's uncompressed capture
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'Accept-Encoding': 'identity' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: body, id: i }),
      });
      const text = await response.text();
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(text);
      records = (JSON.parse(text) as { result: unknown[] }).result.length;
    }
    rows.push({ partners, limit, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), minMs: percentile(times, 0), bytes, records });
    console.log(`  ${partners} partners, limit ${limit}: median ${percentile(times, 50)} ms, ${bytes} bytes`);
  }
  return rows;
}

export async function loadRun(url: string, cookie: string, seconds: number, connections = LOAD_CONNECTIONS): Promise<LoadResult> {
  const result = await autocannon({
    url: new URL('/web/dataset/call_kw/res.partner/search_read', url).toString(),
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: searchReadParams(80), id: 1 }),
  });
  return {
    connections,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: Number(result.requests.average.toFixed(1)),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function backendMarkdown(report: { runsPerPoint: number; searchRead: readonly LatencyRow[]; load: LoadResult | undefined }): string[] {
  const lines = [
    '## Demo backend: `search_read` latency',
    '',
    `The call of odoo-wire/12c (7 fields, many2one and many2many included, ordered by write_date), ${report.runsPerPoint} sequential runs after a warm-up, uncompressed.`,
    '',
    '| partners | limit | median ms | p95 ms | min ms | bytes | Odoo 18 median ms (12c) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...report.searchRead.map(
      (r) => `| ${r.partners} | ${r.limit} | ${r.medianMs} | ${r.p95Ms} | ${r.minMs} | ${r.bytes} | ${ODOO_12C[r.limit as keyof typeof ODOO_12C] ?? ''} |`,
    ),
    '',
  ];
  if (report.load !== undefined) {
    const l = report.load;
    lines.push(
      '## Load',
      '',
      `${l.connections} concurrent clients, \`search_read\` limit 80, ${l.seconds} s (autocannon), 5,000 partners.`,
      '',
      '| requests | req/s | p50 ms | p99 ms | errors | non-2xx |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${l.requests} | ${l.requestsPerSecond} | ${l.latencyP50Ms} | ${l.latencyP99Ms} | ${l.errors} | ${l.non2xx} |`,
      '',
      'Goal: 0 errors.',
      '',
    );
  }
  return lines;
}
