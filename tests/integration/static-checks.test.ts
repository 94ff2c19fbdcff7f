/**
 * The typecheck (`tsc -b`: every project, the service worker's and the tests' included) and the
 * lint, as tests: `npm test` is what CI runs, and a type error once reached a commit because
 * neither was part of it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/server.ts';

const run = promisify(execFile);

async function outcome(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  it('typechecks every project (tsc -b)', { timeout: 240_000 }, async () => {
    const { code, output } = await outcome([join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', '--noEmit']);
    expect(code, output).toBe(0);
  });

  it('lints with no warning (eslint)', { timeout: 240_000 }, async () => {
    const { code, output } = await outcome([join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/', '.']);
    expect(code, output).toBe(0);
  });
});
