#!/usr/bin/env node
// Runs every test runner the project has and ends with the one line CI reads:
//   tests: N passed, N failed
// vitest's own summary is not read by CI, so the counts come from its JSON report.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outDir = join(process.cwd(), '.tmp');
mkdirSync(outDir, { recursive: true });
const report = join(outDir, 'vitest-report.json');
rmSync(report, { force: true });

const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
);

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A file that failed to load (syntax error, failing hook) ran no test: count it as one failure.
  const brokenFiles = (json.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0);
  failed = (json.numFailedTests ?? 0) + brokenFiles.length;
} catch (error) {
  console.error(`Could not read the vitest report (${String(error)}).`);
  failed += 1;
}
if (run.status !== 0 && failed === 0) failed = 1; // the runner failed in a way no test reported

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

