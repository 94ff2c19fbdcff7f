/**
 * The offline half of `npm run bench` (issue 6 §6), in node, no browser:
 *  - full sync: the real engine (src/offline/sync.ts, fake-indexeddb) against the demo server
 *    through the app's own gateway: time, requests, bytes;
 *  - incremental sync after 10 changes on the server (create, write, archive, unlink): requests
 *    and bytes (goal ≤ 10 KB), and a sync with nothing to do;
 *  - local search (src/offline/local-search.ts) over the synced mirror: p50/p95 of the first page
 *    for realistic queries, typed letter by letter (budget 16 ms p95 at 50,000 partners).
 * Bytes are the JSON-RPC bodies both ways as they crossed the wire: the request, and the response
 * as the server sent it (gzip above 1 KB, since the client accepts it, as a browser does). HTTP
 * headers are not counted: they are the client's and the proxy's, not the protocol's.
 * `npm run bench -- --offline-only` measures this part alone and updates it in the last report.
 */
import 'fake-indexeddb/auto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { search, searchCount, searchRead } from '../src/odoo/call-kw.ts';
import { connectGateway, type RpcOptions } from '../src/odoo/rpc.ts';
import { openAccountDB } from '../src/storage/account-db.ts';
import { writeReportSection } from './report-file.ts';
import { measureWireBytes, WIRE_HEADING, wireMarkdown } from './wire-bytes.ts';
import { readAllPartners } from '../src/offline/mirror-writes.ts';
import { createLocalIndex, type LocalFilters, type LocalIndex } from '../src/offline/local-search.ts';
import type { MirroredPartner } from '../src/offline/mirror.ts';
import type { SyncRpc } from '../src/offline/sync-rpc.ts';
import { createSyncEngine, type SyncEngine } from '../src/offline/sync.ts';
import { callKw, login, resultOf } from '../tests/support/rpc.ts';
import { spawnServer } from '../tests/support/server.ts';
import { meterFetch, type WireCount } from '../tests/support/wire-meter.ts';
import { dataDirFor } from './backend.ts';
import { percentile } from './stats.ts';

export const SEARCH_BUDGET_P95_MS = 16;
export const DELTA_BUDGET_BYTES = 10 * 1024;
const SEARCH_RUNS = 30;
const PAGE = { offset: 0, limit: 80 };

export interface WireCost {
  readonly ms: number;
  readonly requests: number;
  readonly sentBytes: number;
  readonly receivedBytes: number;
}

export interface QueryTiming {
  readonly label: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly total: number;
}

export interface OfflineSizeResult {
  /** Partners the seed was asked for; `mirrored` is what admin reads of them (active ones). */
  readonly partners: number;
  readonly mirrored: number;
  readonly fullSync: WireCost;
  readonly delta10: WireCost;
  readonly deltaIdle: WireCost;
  readonly indexBuildMs: number;
  readonly search: { readonly runsPerQuery: number; readonly p50Ms: number; readonly p95Ms: number; readonly queries: readonly QueryTiming[] };
}

export interface OfflineReport {
  readonly measuredAt: string;
  readonly sizes: readonly OfflineSizeResult[];
}

const wire: WireCount = { requests: 0, sent: 0, received: 0 };

async function metered(run: () => Promise<void>): Promise<WireCost> {
  const before = { ...wire };
  const started = performance.now();
  await run();
  return {
    ms: Math.round(performance.now() - started),
    requests: wire.requests - before.requests,
    sentBytes: wire.sent - before.sent,
    receivedBytes: wire.received - before.received,
  };
}

async function syncOnce(engine: SyncEngine): Promise<void> {
  await engine.sync();
  const status = engine.status.get();
  if (status.state === 'error') throw new Error(`offline bench: sync failed (${status.error.kind}): ${status.error.message}`);
}

/** Ten changes a working day brings: 2 new contacts, 4 edits, 2 archived, 2 deleted. */
async function tenChanges(url: string, cookie: string): Promise<void> {
  const call = async <T>(method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => resultOf<T>(await callKw(url, cookie, 'res.partner', method, args, kwargs));
  const ids = await call<number[]>('search', [[['is_company', '=', false], ['parent_id', '=', false]]], { limit: 8, order: 'id asc', offset: 100 });
  const [a, b, c, d, e, f, g, h] = ids;
  if (h === undefined || a === undefined || b === undefined || c === undefined || d === undefined || e === undefined || f === undefined || g === undefined) {
    throw new Error('offline bench: not enough contacts to change');
  }
  await call('create', [[{ name: 'Bench New One', email: 'one@bench.example' }, { name: 'Bench New Two', city: 'Zürich' }]]);
  await call('write', [[a], { phone: '+41 44 000 00 01' }]);
  await call('write', [[b], { name: 'Bench Renamed' }]);
  await call('write', [[c], { city: 'Liège' }]);
  await call('write', [[d], { email: 'changed@bench.example' }]);
  await call('write', [[e, f], { active: false }]);
  await call('unlink', [[g, h]]);
}

/** Realistic queries from the data itself (deterministic for a seed): typed names, a city, an email, a phone, filters. */
function queriesFrom(records: readonly MirroredPartner[]): { label: string; filters: LocalFilters }[] {
  const none: LocalFilters = { q: '', type: 'all', countries: [], tags: [] };
  const pick = (fraction: number, field: string): string => {
    for (let i = Math.floor(records.length * fraction); i < records.length; i += 1) {
      const value = records[i]?.[field];
      if (typeof value === 'string' && value.length >= 4) return value;
    }
    return 'a';
  };
  const countryOf = (fraction: number): number | undefined => {
    for (let i = Math.floor(records.length * fraction); i < records.length; i += 1) {
      const value = records[i]?.country_id;
      if (Array.isArray(value) && typeof value[0] === 'number') return value[0];
    }
    return undefined;
  };
  const name = pick(0.5, 'name');
  const typed = [1, 2, 3, 4, 6].map((length) => name.slice(0, length)).filter((q, i, all) => all.indexOf(q) === i);
  const email = pick(0.3, 'email');
  const phone = pick(0.7, 'phone').replace(/\D/g, '');
  const city = pick(0.2, 'city');
  const nameAndCity = `${name.split(' ')[0] ?? ''} ${city.slice(0, 3)}`;
  const emailStart = email.split('@')[0] ?? email;
  const queries = [
    { label: 'no words (first page)', filters: none },
    ...typed.map((q) => ({ label: `typing a name: "${q}"`, filters: { ...none, q } })),
    { label: `a whole name: "${name}"`, filters: { ...none, q: name } },
    { label: `name word + city: "${nameAndCity}"`, filters: { ...none, q: nameAndCity } },
    { label: `a city: "${city}"`, filters: { ...none, q: city } },
    { label: `an email, to its @: "${emailStart}"`, filters: { ...none, q: emailStart } },
    { label: `phone digits: "${phone.slice(-7)}"`, filters: { ...none, q: phone.slice(-7) } },
    { label: 'no match: "zzqxw"', filters: { ...none, q: 'zzqxw' } },
    { label: 'companies only', filters: { ...none, type: 'company' as const } },
    { label: 'a country + "a"', filters: { ...none, q: 'a', country: countryOf(0.25) } },
    { label: 'a tag + person', filters: { ...none, type: 'person' as const, tag: 1 } },
  ];
  return queries;
}

const UNRELATED: LocalFilters = { q: '\u0001unrelated', type: 'all', countries: [], tags: [] };

function timeSearch(index: LocalIndex, records: readonly MirroredPartner[]): OfflineSizeResult['search'] {
  const all: number[] = [];
  const queries: QueryTiming[] = [];
  for (const { label, filters } of queriesFrom(records)) {
    for (let i = 0; i < 3; i += 1) index.search(filters, PAGE); // warm-up
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < SEARCH_RUNS; i += 1) {
      // A query the next one does not narrow: each run scans as a new search would, not the last matches again.
      index.search(UNRELATED, PAGE);
      const started = performance.now();
      total = index.search(filters, PAGE).total;
      times.push(performance.now() - started);
    }
    all.push(...times);
    queries.push({ label, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), total });
  }
  return { runsPerQuery: SEARCH_RUNS, p50Ms: percentile(all, 50), p95Ms: percentile(all, 95), queries };
}

/** Everything above, on a running demo server seeded with `partners` partners (it writes 10 changes to it). */
export async function measureOfflineAt(url: string, cookie: string, partners: number): Promise<OfflineSizeResult> {
  const unmeter = meterFetch(wire);
  connectGateway({ credential: { send: (url, init, transport) => transport(url, { ...init, headers: { ...init.headers, Cookie: cookie } }), renew: async () => false }, account: () => undefined });
  const options: RpcOptions = { baseUrl: url, timeoutMs: 120_000 };
  const rpc: SyncRpc = {
    searchRead: (model, params, more) => searchRead(model, params, { ...more, ...options }),
    searchCount: (model, domain, more) => searchCount(model, domain, { ...more, ...options }),
    search: (model, params, more) => search(model, params, { ...more, ...options }),
  };
  const db = await openAccountDB(`bench-${partners}-${Date.now()}`);
  const engine = createSyncEngine({ open: async () => db, rpc });
  try {
    console.log(`Offline, ${partners} partners: full sync…`);
    const fullSync = await metered(() => syncOnce(engine));
    const records = await readAllPartners(db);
    console.log(`  ${records.length} partners in ${fullSync.ms} ms, ${fullSync.requests} requests, ${fullSync.receivedBytes} bytes received`);

    // The changes and the deltas now, while the connection is warm (an idle keep-alive socket may be closed under us).
    await tenChanges(url, cookie);
    const delta10 = await metered(() => syncOnce(engine));
    console.log(`  delta after 10 changes: ${delta10.requests} requests, ${delta10.sentBytes + delta10.receivedBytes} bytes`);
    const deltaIdle = await metered(() => syncOnce(engine));

    const started = performance.now();
    const index = createLocalIndex(records);
    const indexBuildMs = Math.round(performance.now() - started);
    const searchTimes = timeSearch(index, records);
    console.log(`  index built in ${indexBuildMs} ms; search first page p50 ${searchTimes.p50Ms} ms, p95 ${searchTimes.p95Ms} ms`);
    return { partners, mirrored: records.length, fullSync, delta10, deltaIdle, indexBuildMs, search: searchTimes };
  } finally {
    await engine.stop();
    db.close();
    connectGateway(undefined);
    unmeter();
  }
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;

export function offlineMarkdown(report: OfflineReport): string[] {
  const lines = [
    '## Offline: partner mirror and local search',
    '',
    `${report.measuredAt} · the sync engine (src/offline) in node against the demo server, IndexedDB by fake-indexeddb, signed in as \`admin\`. ` +
      'Bytes: JSON-RPC bodies both ways as sent (responses over 1 KB gzipped, as to a browser); HTTP headers not counted.',
    '',
    '### Sync',
    '',
    '| partners mirrored | full sync s | requests | bytes received | incremental after 10 changes: requests | bytes | budget | nothing changed: requests | bytes |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.sizes.map((s) => {
      const delta = s.delta10.sentBytes + s.delta10.receivedBytes;
      const pass = delta <= DELTA_BUDGET_BYTES ? 'pass' : '**over**';
      return (
        `| ${n(s.mirrored)} | ${(s.fullSync.ms / 1000).toFixed(1)} | ${s.fullSync.requests} | ${kb(s.fullSync.receivedBytes)} | ` +
        `${s.delta10.requests} | ${n(delta)} | ≤ ${n(DELTA_BUDGET_BYTES)} ${pass} | ${s.deltaIdle.requests} | ${n(s.deltaIdle.sentBytes + s.deltaIdle.receivedBytes)} |`
      );
    }),
    '',
    '### Local search, first page (80 rows)',
    '',
    `Over the synced mirror, ${report.sizes[0]?.search.runsPerQuery ?? 0} runs per query after a warm-up; p95 budget ${SEARCH_BUDGET_P95_MS} ms at 50,000 partners.`,
    '',
    '| partners | index build ms | p50 ms | p95 ms | budget | slowest query (p95 ms) |',
    '|---:|---:|---:|---:|---:|---|',
    ...report.sizes.map((s) => {
      const slowest = [...s.search.queries].sort((a, b) => b.p95Ms - a.p95Ms)[0];
      const pass = s.search.p95Ms <= SEARCH_BUDGET_P95_MS ? 'pass' : '**over**';
      return `| ${n(s.mirrored)} | ${s.indexBuildMs} | ${s.search.p50Ms} | ${s.search.p95Ms} | ≤ ${SEARCH_BUDGET_P95_MS} ${pass} | ${slowest === undefined ? '' : `${slowest.label} (${slowest.p95Ms})`} |`;
    }),
    '',
    ...report.sizes.flatMap((s) => [
      `${n(s.mirrored)} partners:`,
      '',
      '| query | p50 ms | p95 ms | matches |',
      '|---|---:|---:|---:|',
      ...s.search.queries.map((query) => `| ${query.label.replaceAll('|', '\\|')} | ${query.p50Ms} | ${query.p95Ms} | ${n(query.total)} |`),
      '',
    ]),
  ];
  return lines;
}

/** Both report files get the new offline section; everything else is kept as it was. */
export function writeOfflineSection(report: OfflineReport, jsonPath: string, markdownPath: string): void {
  writeReportSection({ json: jsonPath, markdown: markdownPath }, 'offline', report, '## Offline: partner mirror and local search', offlineMarkdown(report));
}

/** `--offline-only`: its own servers (5,000 and, unless quick, 50,000 partners), then the report files. */
export async function runOfflineOnly(sizes: readonly number[], jsonPath: string, markdownPath: string): Promise<OfflineReport> {
  const measuredAt = new Date().toISOString();
  const results: OfflineSizeResult[] = [];
  for (const partners of sizes) {
    console.log(`Preparing a data directory with ${partners} partners…`);
    const dataDir = await dataDirFor(partners);
    const server = await spawnServer({ dataDir });
    try {
      const cookie = await login(server.url, 'admin');
      if (partners === 5000) {
        const wire = await measureWireBytes(server.url, cookie);
        writeReportSection({ json: jsonPath, markdown: markdownPath }, 'wire', wire, WIRE_HEADING, wireMarkdown(wire));
      }
      results.push(await measureOfflineAt(server.url, cookie, partners));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const report = { measuredAt, sizes: results };
  writeOfflineSection(report, jsonPath, markdownPath);
  return report;
}

/** The offline section of the last report, for runs that do not measure it (`--pwa-only`). */
export function previousOffline(jsonPath: string): OfflineReport | undefined {
  if (!existsSync(jsonPath)) return undefined;
  const previous: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
  if (typeof previous !== 'object' || previous === null || !('offline' in previous)) return undefined;
  const offline = previous.offline;
  if (typeof offline !== 'object' || offline === null || !('sizes' in offline) || !Array.isArray(offline.sizes)) return undefined;
  return offline as OfflineReport;
}
