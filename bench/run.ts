/**
 * `npm run bench`: measures the demo backend and writes bench/report.md + bench/report.json.
 *  - search_read latency at limit 80 / 500 / 2,000 on 5,000 and 50,000 partners (the call and
 *    fields of odoo-wire/12c, so the numbers sit beside a real Odoo 18's);
 *  - a load run: 50 concurrent clients doing search_read limit 80 for 20 s (autocannon).
 * Figures are reported, never asserted: wall-clock time is not a test.
 * Options: --quick (fewer runs, 5 s load, 5,000 partners only) for a smoke run.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { login, rpc } from '../tests/support/rpc.ts';
import { ROOT, seededTemplate, spawnServer, throwawayDataDir } from '../tests/support/server.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 30;
const LIMITS = [80, 500, 2000] as const;
const SIZES = quick ? [5000] : [5000, 50000];
const LOAD_SECONDS = quick ? 5 : 20;
const LOAD_CONNECTIONS = 50;

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
const ODOO_12C = { 80: 12.5, 500: 23.7, 2000: 58.6 } as const;

interface LatencyRow {
  partners: number;
  limit: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  bytes: number;
  records: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number((sorted[Math.max(0, index)] ?? Number.NaN).toFixed(1));
}

async function dataDirFor(partners: number): Promise<string> {
  const template = await seededTemplate();
  const dir = throwawayDataDir(template);
  if (partners === 5000) return dir;
  // Reseed the copy at scale with the project's own command.
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/cli/seed.ts'), '--partners', String(partners)], {
    cwd: ROOT,
    env: { ...process.env, FIELDBOOK_DATA_DIR: dir },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`seeding ${partners} partners failed`);
  return dir;
}

async function measureLatency(url: string, cookie: string, partners: number): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const limit of LIMITS) {
    const body = searchReadParams(limit);
    await rpc(url, '/web/dataset/call_kw/res.partner/search_read', body, cookie); // warm-up
    const times: number[] = [];
    let bytes = 0;
    let records = 0;
    for (let i = 0; i < RUNS; i += 1) {
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
    times.sort((a, b) => a - b);
    rows.push({ partners, limit, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), minMs: percentile(times, 0), bytes, records });
    console.log(`  ${partners} partners, limit ${limit}: median ${percentile(times, 50)} ms, ${bytes} bytes`);
  }
  return rows;
}

async function loadRun(url: string, cookie: string) {
  const result = await autocannon({
    url: new URL('/web/dataset/call_kw/res.partner/search_read', url).toString(),
    method: 'POST',
    connections: LOAD_CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: searchReadParams(80), id: 1 }),
  });
  return {
    connections: LOAD_CONNECTIONS,
    seconds: LOAD_SECONDS,
    requests: result.requests.total,
    requestsPerSecond: Number(result.requests.average.toFixed(1)),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  const latency: LatencyRow[] = [];
  let load: Awaited<ReturnType<typeof loadRun>> | undefined;
  for (const partners of SIZES) {
    console.log(`Preparing a data directory with ${partners} partners…`);
    const dataDir = await dataDirFor(partners);
    const server = await spawnServer({ dataDir });
    try {
      const cookie = await login(server.url, 'admin');
      latency.push(...(await measureLatency(server.url, cookie, partners)));
      if (partners === 5000) {
        console.log(`Load: ${LOAD_CONNECTIONS} clients, search_read limit 80, ${LOAD_SECONDS} s…`);
        load = await loadRun(server.url, cookie);
        console.log(`  ${load.requestsPerSecond} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ${load.errors} errors, ${load.non2xx} non-2xx`);
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    quick,
    runsPerPoint: RUNS,
    searchRead: latency,
    load,
    odoo18Reference: { source: 'odoo-wire/12c-latency.json (real Odoo 18, 2,039 partners, new TCP connection per call)', medianMs: ODOO_12C },
  };
  writeFileSync(join(ROOT, 'bench', 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench', 'report.md'), markdown(report));
  console.log('Wrote bench/report.md and bench/report.json');
}

function markdown(report: {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  runsPerPoint: number;
  searchRead: LatencyRow[];
  load: Awaited<ReturnType<typeof loadRun>> | undefined;
}): string {
  const lines = [
    '# Fieldbook benchmark',
    '',
    `${report.date} · ${report.machine.cpus} cores (${report.machine.cpuModel}) · ${report.machine.memoryGiB} GiB · Node ${report.machine.node}`,
    '',
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
  return lines.join('\n');
}

if (!existsSync(join(ROOT, 'node_modules'))) throw new Error('run npm ci first');
await main();
