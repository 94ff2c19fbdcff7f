/**
 * Once for the e2e project: build the production PWA if its sources changed, seed (or reuse) the
 * template database, and start ONE real demo server on a random port serving `dist/` with its real
 * headers (tests/support/global-setup.ts). Every e2e test talks to it from its own fresh Chromium
 * profile (support/browser.ts).
 *
 * Chromium is not checked here on purpose: a missing browser must fail each e2e test with a clear
 * message (support/browser.ts), not abort the whole run and hide the other projects' results.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfNeeded } from '../../src/server/build.ts';
import { startSharedServer } from '../support/global-setup.ts';
import { ROOT } from '../support/server.ts';

export { teardown } from '../support/global-setup.ts';

export async function setup(project: TestProject): Promise<void> {
  const distDir = join(ROOT, 'dist');
  buildIfNeeded(ROOT, distDir);
  // Without a build the server still starts (Odoo routes only), and every test would fail obscurely.
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`No PWA build in ${distDir}: the e2e tests need one.`);
  await startSharedServer(project);
}
