/**
 * An expensive neighbour (issue 13 §5): twenty clients doing the load run's `search_read` (limit 80, backend.ts), alone, then
 * beside one connection that loops the most expensive search a domain may still ask — as many
 * `ilike` leaves as the bound allows (MAX_PATTERN_LEAVES), none matching, over 5,000 partners —
 * while a health check (no database) is asked in a loop. Reported, never asserted.
 */
import { MAX_PATTERN_LEAVES } from '../src/server/odoo/domain-tree.ts';
import { loadRun } from './backend.ts';
import { percentile } from './stats.ts';

export const NEIGHBOUR_HEADING = '## Load beside an expensive search';
const CONNECTIONS = 20;

export interface NeighbourRun {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly errors: number;
  /** The health check's round trips meanwhile. */
  readonly healthP50Ms: number;
  readonly healthP99Ms: number;
  readonly healthMaxMs: number;
  /** How many expensive searches the neighbour completed (0 alone). */
  readonly expensive: number;
}

export interface NeighbourResult {
  readonly measuredAt: string;
  readonly seconds: number;
  readonly patternLeaves: number;
  readonly alone: NeighbourRun;
  readonly beside: NeighbourRun;
}

const post = (url: string, cookie: string, path: string, params: unknown) =>
  fetch(new URL(path, url), { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 1 }) });

async function run(url: string, cookie: string, seconds: number, withNeighbour: boolean): Promise<NeighbourRun> {
  let running = true;
  const leaves = Array.from({ length: MAX_PATTERN_LEAVES }, (_, i) => ['name', 'ilike', `zq${i}x`]);
  const domain = [...Array<string>(MAX_PATTERN_LEAVES - 1).fill('|'), ...leaves];
  let expensive = 0;
  const neighbour = (async () => {
    while (withNeighbour && running) {
      await (await post(url, cookie, '/web/dataset/call_kw/res.partner/search_count', { model: 'res.partner', method: 'search_count', args: [domain], kwargs: {} })).text();
      expensive += 1;
    }
  })();
  const health: number[] = [];
  const checks = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(new URL('/web/health', url))).text();
      health.push(performance.now() - started);
    }
  })();
  const result = await loadRun(url, cookie, seconds, CONNECTIONS);
  running = false;
  await Promise.all([neighbour, checks]);
  const round = (ms: number) => Number(ms.toFixed(1));
  return {
    requestsPerSecond: result.requestsPerSecond,
    latencyP50Ms: result.latencyP50Ms,
    latencyP99Ms: result.latencyP99Ms,
    errors: result.errors + result.non2xx,
    healthP50Ms: round(percentile(health, 50)),
    healthP99Ms: round(percentile(health, 99)),
    healthMaxMs: round(percentile(health, 100)),
    expensive,
  };
}

export async function measureNeighbour(url: string, cookie: string, seconds: number): Promise<NeighbourResult> {
  const measuredAt = new Date().toISOString();
  const alone = await run(url, cookie, seconds, false);
  console.log(`  alone: ${alone.requestsPerSecond} req/s, p99 ${alone.latencyP99Ms} ms; health p99 ${alone.healthP99Ms} ms`);
  const beside = await run(url, cookie, seconds, true);
  console.log(`  beside: ${beside.requestsPerSecond} req/s, p99 ${beside.latencyP99Ms} ms; health p99 ${beside.healthP99Ms} ms; ${beside.expensive} expensive searches`);
  return { measuredAt, seconds, patternLeaves: MAX_PATTERN_LEAVES, alone, beside };
}

export function neighbourMarkdown(result: NeighbourResult): string[] {
  const row = (name: string, r: NeighbourRun) =>
    `| ${name} | ${r.requestsPerSecond} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.errors} | ${r.healthP50Ms} | ${r.healthP99Ms} | ${r.healthMaxMs} | ${r.expensive} |`;
  return [
    NEIGHBOUR_HEADING,
    '',
    `${result.measuredAt} · 5,000 partners · ${CONNECTIONS} clients doing the load run's \`search_read\` (odoo-wire/12c, limit 80) for ${result.seconds} s (autocannon), alone and beside one connection looping \`search_count\` with ${result.patternLeaves} \`ilike\` leaves (the most a domain may have; more are refused with a ValueError), while \`/web/health\` (no database) is asked in a loop. The database answers on its own thread, one query at a time: the neighbour's searches slow the other searches, not the event loop.`,
    '',
    '| | req/s | p50 ms | p99 ms | errors | health p50 ms | health p99 ms | health max ms | expensive searches |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('alone', result.alone),
    row('beside the expensive search', result.beside),
    '',
  ];
}
