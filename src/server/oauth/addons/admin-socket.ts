/**
 * `npm run apikey` while the server runs: PGlite allows one process per data directory
 * (store/lock.ts), so the command asks the running server, through a Unix socket inside the data
 * directory (mode 0600: whoever may use it could already read the database files). One JSON line
 * in, one JSON line out. Without a running server the command opens the database itself.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import * as v from 'valibot';
import type { Database } from '../../store/db.ts';
import { ApiKeyError, createApiKey, listApiKeys, revokeApiKey } from '../../store/api-keys.ts';

export const ADMIN_SOCKET = 'admin.sock';

const CommandSchema = v.variant('op', [
  v.object({ op: v.literal('create'), login: v.string(), name: v.string() }),
  v.object({ op: v.literal('revoke'), reference: v.string() }),
  v.object({ op: v.literal('list') }),
]);
export type AdminCommand = v.InferOutput<typeof CommandSchema>;
export type AdminAnswer = { ok: true; result: unknown } | { ok: false; error: string };

export async function runAdminCommand(db: Database, command: AdminCommand): Promise<unknown> {
  switch (command.op) {
    case 'create':
      return createApiKey(db, command.login, command.name);
    case 'revoke':
      return revokeApiKey(db, command.reference);
    case 'list':
      return listApiKeys(db);
  }
}

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, ADMIN_SOCKET);
}

/**
 * Listens on the data directory's admin socket. Not being able to (a path too long for a Unix
 * socket, a file system without them) does not stop the server: `npm run apikey` then needs it stopped.
 */
export async function listenAdminSocket(dataDir: string, db: Database): Promise<{ close(): void }> {
  try {
    return await listen(dataDir, db);
  } catch (error) {
    console.warn(`[admin] no admin socket in ${dataDir} (${error instanceof Error ? error.message : String(error)}): stop the server to run npm run apikey.`);
    return { close: () => undefined };
  }
}

async function listen(dataDir: string, db: Database): Promise<{ close(): void }> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true }); // left by a server that was killed; the data-dir lock says we own it
  const server: Server = createServer((socket) => {
    let input = '';
    let answered = false;
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk: string) => {
      if (answered) return;
      input += chunk;
      if (input.length > 4096) socket.destroy();
      if (!input.includes('\n')) return;
      answered = true;
      void answer(db, input.slice(0, input.indexOf('\n'))).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket file is made by the synchronous bind inside listen(): born 0600, no window.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(path, 0o600);
  server.unref();
  return {
    close() {
      server.close();
      rmSync(path, { force: true });
    },
  };
}

async function answer(db: Database, line: string): Promise<AdminAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = v.safeParse(CommandSchema, json);
  if (!parsed.success) return { ok: false, error: 'unknown command' };
  try {
    return { ok: true, result: await runAdminCommand(db, parsed.output) };
  } catch (error) {
    if (error instanceof ApiKeyError) return { ok: false, error: error.message };
    console.error('[admin] command failed', error);
    return { ok: false, error: 'the server could not run this command' };
  }
}

/** The CLI's side: sends one command to the server holding `dataDir`. */
export function sendAdminCommand(dataDir: string, command: AdminCommand): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(adminSocketPath(dataDir));
    let output = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (output += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(output) as AdminAnswer);
      } catch {
        reject(new Error('The running server gave no answer.'));
      }
    });
    socket.write(`${JSON.stringify(command)}\n`);
  });
}
