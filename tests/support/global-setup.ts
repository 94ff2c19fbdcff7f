/**
 * Once per test project: build the PWA if its sources changed (the server serves dist/), seed a
 * template database, and start one real demo server on a random port for the tests to share.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfNeeded } from '../../src/server/build.ts';
import { ROOT, seededTemplate, spawnServer, throwawayDataDir, type TestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    templateDir: string;
  }
}

let server: TestServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  buildIfNeeded(ROOT, join(ROOT, 'dist'));
  await startSharedServer(project);
}

/** Seeds (or reuses) the template database and starts the one server the project's tests share. */
export async function startSharedServer(project: TestProject): Promise<void> {
  const templateDir = await seededTemplate();
  server = await spawnServer({ dataDir: throwawayDataDir(templateDir) });
  project.provide('baseUrl', server.url);
  project.provide('templateDir', templateDir);
}

export async function teardown(): Promise<void> {
  if (server === undefined) return;
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}
