/**
 * `npm run bench`: measures the demo backend and the PWA, and writes bench/report.md + bench/report.json.
 *  - backend (backend.ts): search_read latency on 5,000 and 50,000 partners, and a load run;
 *  - PWA (pwa.ts): the initial bundle, and cold, warm and search times in headless Chromium;
 *  - sign-in methods (pwa-oauth.ts): session, code + PKCE and implicit, click → first partner row.
 * Figures are reported, never asserted: wall-clock time is not a test.
 * Options: --quick (fewer runs, 5 s load, 5,000 partners only, the PWA on desktop only) for a
 * smoke run; --pwa-only (just the PWA; the backend sections of the last report are kept);
 * --offline-only (just the partner mirror and local search of offline.ts, updated in the last report);
 * --scale-only (just the large book on a phone of pwa-scale.ts, 50,000 and 200,000 partners, updated in the last report);
 * --neighbour-only (just the load beside an expensive search of neighbour.ts, updated in the last report).
 * A full run measures the large book too.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { INITIAL_JS_BUDGET_BYTES, measureInitialBundle } from '../src/server/bundle-size.ts';
import { buildIfNeeded } from '../src/server/build.ts';
import { login } from '../tests/support/rpc.ts';
import { ROOT, spawnServer } from '../tests/support/server.ts';
import { snapshotBuild, type BuildSnapshot } from './build-snapshot.ts';
import { backendMarkdown, dataDirFor, LOAD_CONNECTIONS, loadRun, measureLatency, ODOO_12C, type LatencyRow, type LoadResult } from './backend.ts';
import { measurePwa, PROFILES } from './pwa.ts';
import { measureLogins } from './pwa-oauth.ts';
import { measureOfflineStart } from './pwa-offline.ts';
import { measureOfflineAt, previousOffline, runOfflineOnly, writeOfflineSection, type OfflineReport, type OfflineSizeResult } from './offline.ts';
import { pwaMarkdown, type PwaReport } from './pwa-report.ts';
import { measureScale, SCALE_HEADING, scaleMarkdown, type ScaleResult } from './pwa-scale.ts';
import { writeReportSection } from './report-file.ts';
import { measureNeighbour, NEIGHBOUR_HEADING, neighbourMarkdown, type NeighbourResult } from './neighbour.ts';
import { measureWireBytes, WIRE_HEADING, wireMarkdown, type WireBytesResult } from './wire-bytes.ts';

const quick = process.argv.includes('--quick');
const pwaOnly = process.argv.includes('--pwa-only');
const offlineOnly = process.argv.includes('--offline-only');
const scaleOnly = process.argv.includes('--scale-only');
const neighbourOnly = process.argv.includes('--neighbour-only');
const SCALE_SIZES = quick ? [50_000] : [50_000, 200_000];
const SCALE_RUNS = quick ? 2 : 5;
const RUNS = quick ? 5 : 30;
const SIZES = quick ? [5000] : [5000, 50000];
const LOAD_SECONDS = quick ? 5 : 20;
const PWA_RUNS = quick ? 3 : 5;
const PWA_PROFILES = quick ? [PROFILES.desktop] : [PROFILES.desktop, PROFILES.phoneFast3g];
const PWA_PARTNERS = 5000;

const REPORT_JSON = join(ROOT, 'bench', 'report.json');
const REPORT_MD = join(ROOT, 'bench', 'report.md');

interface BackendReport {
  measuredAt: string;
  runsPerPoint: number;
  searchRead: LatencyRow[];
  load: LoadResult | undefined;
  offline?: OfflineReport;
  wire?: WireBytesResult | undefined;
  neighbour?: NeighbourResult | undefined;
}

async function measureBackend(): Promise<BackendReport> {
  const measuredAt = new Date().toISOString();
  const searchRead: LatencyRow[] = [];
  let load: LoadResult | undefined;
  const offline: OfflineSizeResult[] = [];
  let wire: WireBytesResult | undefined;
  let neighbour: NeighbourResult | undefined;
  for (const partners of SIZES) {
    console.log(`Preparing a data directory with ${partners} partners…`);
    const dataDir = await dataDirFor(partners);
    const server = await spawnServer({ dataDir });
    try {
      const cookie = await login(server.url, 'admin');
      searchRead.push(...(await measureLatency(server.url, cookie, partners, RUNS)));
      if (partners === 5000) {
        console.log('Sync bytes per partner: an Odoo that compresses, one that does not, and that one behind the proxy…');
        wire = await measureWireBytes(server.url, cookie);
        console.log(`Load: ${LOAD_CONNECTIONS} clients, search_read limit 80, ${LOAD_SECONDS} s…`);
        load = await loadRun(server.url, cookie, LOAD_SECONDS);
        console.log(`  ${load.requestsPerSecond} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ${load.errors} errors, ${load.non2xx} non-2xx`);
        console.log('Load beside an expensive search…');
        neighbour = await measureNeighbour(server.url, cookie, LOAD_SECONDS);
      }
      // Last on this server: it writes 10 changes.
      offline.push(await measureOfflineAt(server.url, cookie, partners));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { measuredAt, runsPerPoint: RUNS, searchRead, load, offline: { measuredAt, sizes: offline }, wire, neighbour };
}

/** The backend part of the last report, for `--pwa-only` (undefined if there is none to keep). */
function previousBackend(): BackendReport | undefined {
  if (!existsSync(REPORT_JSON)) return undefined;
  const previous: unknown = JSON.parse(readFileSync(REPORT_JSON, 'utf8'));
  if (typeof previous !== 'object' || previous === null) return undefined;
  const fields = previous as Record<string, unknown>;
  if (!Array.isArray(fields.searchRead) || typeof fields.runsPerPoint !== 'number') return undefined;
  const measuredAt = typeof fields.backendMeasuredAt === 'string' ? fields.backendMeasuredAt : typeof fields.date === 'string' ? fields.date : 'unknown';
  return { measuredAt, runsPerPoint: fields.runsPerPoint, searchRead: fields.searchRead as LatencyRow[], load: fields.load as LoadResult | undefined };
}

function previousScale(): ScaleResult[] | undefined {
  if (!existsSync(REPORT_JSON)) return undefined;
  const previous: unknown = JSON.parse(readFileSync(REPORT_JSON, 'utf8'));
  if (typeof previous !== 'object' || previous === null || !('scale' in previous)) return undefined;
  return Array.isArray(previous.scale) ? (previous.scale as ScaleResult[]) : undefined;
}

async function measureApp(build: BuildSnapshot): Promise<PwaReport> {
  const measuredAt = new Date().toISOString();
  const bundle = measureInitialBundle(build.distDir);
  const dataDir = await dataDirFor(PWA_PARTNERS);
  const server = await spawnServer({ dataDir, cwd: build.root });
  try {
    const result = await measurePwa(server.url, { runs: PWA_RUNS, profiles: PWA_PROFILES });
    console.log('Sign-in methods: session, code + PKCE, implicit…');
    const logins = await measureLogins(server.url, { runs: PWA_RUNS });
    console.log('Offline cold start: shell from the service worker, partners from the mirror…');
    const offlineStart = await measureOfflineStart(server.url, PWA_RUNS);
    return {
      logins,
      offlineStart,
      measuredAt,
      partners: PWA_PARTNERS,
      runsPerProfile: PWA_RUNS,
      bundle: { ...bundle, budget: { jsGzipBytes: INITIAL_JS_BUDGET_BYTES, pass: bundle.jsGzipBytes <= INITIAL_JS_BUDGET_BYTES } },
      result,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The large book on a phone: per size, its own server and seeded data directory, the production build. */
async function measureAtScale(build: BuildSnapshot): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const partners of SCALE_SIZES) {
    console.log(`Scale: seeding ${partners} partners…`);
    const dataDir = await dataDirFor(partners);
    const server = await spawnServer({ dataDir, cwd: build.root });
    try {
      results.push(await measureScale(server.url, partners, SCALE_RUNS));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

async function main() {
  if (scaleOnly) {
    const distDir = join(ROOT, 'dist');
    buildIfNeeded(ROOT, distDir);
    const build = await snapshotBuild(distDir);
    try {
      const result = await measureAtScale(build);
      writeReportSection({ json: REPORT_JSON, markdown: REPORT_MD }, 'scale', result, SCALE_HEADING, scaleMarkdown(result));
    } finally {
      build.remove();
    }
    console.log('Updated the scale section of bench/report.md and bench/report.json');
    return;
  }
  if (neighbourOnly) {
    const dataDir = await dataDirFor(5000);
    const server = await spawnServer({ dataDir });
    try {
      const result = await measureNeighbour(server.url, await login(server.url, 'admin'), LOAD_SECONDS);
      writeReportSection({ json: REPORT_JSON, markdown: REPORT_MD }, 'neighbour', result, NEIGHBOUR_HEADING, neighbourMarkdown(result));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    console.log('Updated the expensive-neighbour section of bench/report.md and bench/report.json');
    return;
  }
  if (offlineOnly) {
    await runOfflineOnly(SIZES, REPORT_JSON, REPORT_MD);
    console.log('Updated the offline section of bench/report.md and bench/report.json');
    return;
  }
  // Other work on the machine moves every figure: the report says how busy it was.
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  // The build first, and a private copy of it: a broken build fails the run before minutes of
  // seeding, and what the PWA runs measure is what was built now, whatever happens to dist/ meanwhile.
  const distDir = join(ROOT, 'dist');
  buildIfNeeded(ROOT, distDir);
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`No PWA build in ${distDir}.`);
  const build = await snapshotBuild(distDir);
  let backend: BackendReport | undefined;
  let pwa: PwaReport;
  const offline = pwaOnly ? previousOffline(REPORT_JSON) : undefined;
  // A quick or PWA-only run keeps the last large-book figures.
  let scale = quick || pwaOnly ? previousScale() : undefined;
  try {
    backend = pwaOnly ? previousBackend() : await measureBackend();
    pwa = await measureApp(build);
    if (!quick && !pwaOnly) scale = await measureAtScale(build);
  } finally {
    build.remove();
  }
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: { start: Number(loadAtStart.toFixed(1)), end: Number((loadavg()[0] ?? Number.NaN).toFixed(1)) },
    },
    quick,
    backendMeasuredAt: backend?.measuredAt,
    runsPerPoint: backend?.runsPerPoint,
    searchRead: backend?.searchRead ?? [],
    load: backend?.load,
    odoo18Reference: { source: 'odoo-wire/12c-latency.json (real Odoo 18, 2,039 partners, new TCP connection per call)', medianMs: ODOO_12C },
    pwa,
  };
  writeFileSync(REPORT_JSON, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(REPORT_MD, markdown(report, backend));
  const offlineReport = backend?.offline ?? offline;
  if (offlineReport !== undefined) writeOfflineSection(offlineReport, REPORT_JSON, REPORT_MD);
  if (backend?.neighbour !== undefined) writeReportSection({ json: REPORT_JSON, markdown: REPORT_MD }, 'neighbour', backend.neighbour, NEIGHBOUR_HEADING, neighbourMarkdown(backend.neighbour));
  if (backend?.wire !== undefined) writeReportSection({ json: REPORT_JSON, markdown: REPORT_MD }, 'wire', backend.wire, WIRE_HEADING, wireMarkdown(backend.wire));
  if (scale !== undefined) writeReportSection({ json: REPORT_JSON, markdown: REPORT_MD }, 'scale', scale, SCALE_HEADING, scaleMarkdown(scale));
  console.log('Wrote bench/report.md and bench/report.json');
}

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAverage1m: { start: number; end: number };
}

function markdown(report: { date: string; machine: Machine; quick: boolean; pwa: PwaReport }, backend: BackendReport | undefined): string {
  const { machine } = report;
  const lines = [
    '# Fieldbook benchmark',
    '',
    `${report.date} · ${machine.cpus} cores (${machine.cpuModel}) · ${machine.memoryGiB} GiB · Node ${machine.node} · ` +
      `load average ${machine.loadAverage1m.start} at the start, ${machine.loadAverage1m.end} at the end${report.quick ? ' · --quick' : ''}`,
    '',
  ];
  if (backend === undefined) lines.push('_No backend figures: `--pwa-only` found no earlier report to keep them from._', '');
  else {
    if (pwaOnly) lines.push(`_Backend sections from the run of ${backend.measuredAt} (this run was \`--pwa-only\`)._`, '');
    lines.push(...backendMarkdown(backend));
  }
  lines.push(...pwaMarkdown(report.pwa));
  return lines.join('\n');
}

if (!existsSync(join(ROOT, 'node_modules'))) throw new Error('run npm ci first');
await main();
