/**
 * A private copy of the production build for the benchmark's server. Other work on this checkout
 * may rebuild dist/ mid-run (vite empties it first, and the hashed names change), and a page would
 * then ask for a script that is gone: the benchmark serves a copy nobody else writes to.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../tests/support/server.ts';

export interface BuildSnapshot {
  /** A directory whose `dist/` is the copy: the server's working directory. */
  readonly root: string;
  readonly distDir: string;
  remove(): void;
}

/** Every file of `dir` with its size (and its modification time, when `withTimes`). */
function listing(dir: string, withTimes: boolean): string {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      const full = join(path, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else files.push(`${relative(dir, full)} ${stat.size}${withTimes ? ` ${stat.mtimeMs}` : ''}`);
    }
  };
  walk(dir);
  return files.join('\n');
}

/** Copies `distDir`, retrying while it changes under the copy (a build running elsewhere). */
export async function snapshotBuild(distDir: string): Promise<BuildSnapshot> {
  // Under the project, so that the server's `--import tsx` resolves from its node_modules.
  // A fresh clone has no .tmp yet.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const root = mkdtempSync(join(ROOT, '.tmp', 'bench-build-'));
  const copy = join(root, 'dist');
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    try {
      const before = listing(distDir, true);
      rmSync(copy, { recursive: true, force: true });
      cpSync(distDir, copy, { recursive: true });
      if (listing(distDir, true) === before && listing(copy, false) === listing(distDir, false)) {
        return { root, distDir: copy, remove: () => rmSync(root, { recursive: true, force: true }) };
      }
    } catch {
      // A file vanished during the copy: dist/ is being rebuilt; try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  rmSync(root, { recursive: true, force: true });
  throw new Error(`${distDir} kept changing while it was copied: is a build running in a loop?`);
}
