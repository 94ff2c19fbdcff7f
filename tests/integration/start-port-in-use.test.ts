/**
 * `npm start` on a port another process holds: one clear line, a non-zero exit, and no data
 * directory left behind (the server takes its port before it creates, locks or seeds any data).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROOT } from '../support/server.ts';

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the start CLI (as `npm start` does, without the build step) until it exits by itself: the
 * state waited on is its exit. A start that hangs instead fails at the test's own timeout, and the
 * process is killed when the test ends, whatever happened.
 */
function start(env: Record<string, string>): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'cli', 'start.ts'), '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm start on a port in use', () => {
  let holder: Server;
  let port: number;
  let parent: string;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as AddressInfo).port;
    parent = mkdtempSync(join(tmpdir(), 'fieldbook-port-'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    rmSync(parent, { recursive: true, force: true });
  });

  it('says so in one line and exits non-zero before creating its data directory', async () => {
    const dataDir = join(parent, 'data');
    const { code, stdout, stderr } = await start({ PORT: String(port), HOST: '127.0.0.1', FIELDBOOK_DATA_DIR: dataDir });
    const output = `${stdout}${stderr}`;

    expect(code, output).toBe(2);
    const ours = output.split('\n').filter((line) => line.includes('Fieldbook'));
    expect(ours).toEqual([`Fieldbook cannot start: port ${port} on 127.0.0.1 is in use: set PORT to another port (e.g. PORT=${port + 1}), or stop what is using it`]);
    // No stack trace, no raw Node error.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/EADDRINUSE|Error:/);

    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
