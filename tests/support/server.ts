/**
 * Test servers: the real demo server, started as its own process (`npm start --no-build`) on a
 * random port with a throwaway data directory copied from a seeded template.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');


export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A hash of everything that decides what a seeded database holds. */
function seedFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith('.test.ts')) hash.update(entry).update(readFileSync(path));
    }
  };
  walk(join(ROOT, 'src', 'server', 'store'));
  return hash.digest('hex').slice(0, 16);
}

/** Seeds a template data directory once per seed code version (cached under .tmp/). */
export async function seededTemplate(): Promise<string> {
  const dir = join(ROOT, '.tmp', `template-${seedFingerprint()}`);
  if (existsSync(join(dir, 'READY'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const { openDatabase } = await import('../../src/server/store/db.ts');
  const { seedDatabase } = await import('../../src/server/store/seed.ts');
  const db = await openDatabase(dir);
  await seedDatabase(db, { partners: 5000 });
  await db.close();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'READY'), new Date().toISOString());
  return dir;
}

export function throwawayDataDir(template?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-test-'));
  if (template !== undefined) {
    cpSync(template, dir, { recursive: true, filter: (src) => !src.endsWith('READY') && !src.endsWith('fieldbook.lock') });
  }
  return dir;
}

/**
 * Starts `src/server/cli/start.ts --no-build` and resolves once it prints its URL. It serves the
 * `dist/` of `cwd` (default: the project root; the benchmark passes a directory holding a private
 * copy of the build, which a concurrent rebuild of dist/ cannot pull from under it).
 */
export function spawnServer(options: { dataDir: string; env?: Record<string, string>; cwd?: string }): Promise<TestServer> {
  // One process (node with tsx's loader, not the tsx CLI, which forks): a kill reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'cli', 'start.ts'), '--no-build'], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FIELDBOOK_DATA_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          dataDir: options.dataDir,
          process: child,
          output: () => output,
          async stop(signal = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it started:\n${output}`));
    });
  });
}
