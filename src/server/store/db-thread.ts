/**
 * The server's database, on a thread of its own (db-thread-worker.ts owns the PGlite): a slow query
 * no longer stops the event loop, so static files, the health check and requests that need no
 * database are served meanwhile. Queries still take turns — PGlite is one Postgres session — which
 * is why a request's cost is also bounded where it is built (odoo/domain.ts, MAX_DOMAIN_LEAVES).
 *
 * The same `Database` as the in-process PGlite that the seed, the CLIs and the tests use: `query`,
 * `exec`, `transaction` and `close`, with Postgres' errors (their `code`, `column` …) as they were.
 */
import { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';
import type { Database, Queryable } from './db.ts';

export interface ThreadStart {
  readonly dataDir: string;
  /** Seed the demo data on a first start (the server does; undefined: never). */
  readonly seedPartners?: number;
}

export type ThreadRequest =
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params?: unknown[]; readonly tx?: number }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string; readonly tx?: number }
  | { readonly id: number; readonly op: 'begin' }
  | { readonly id: number; readonly op: 'end'; readonly tx: number; readonly commit: boolean }
  | { readonly id: number; readonly op: 'close' };

/** An error as it crosses threads: Postgres' own fields (`code`, `column`, `constraint` …) kept. */
export interface ThreadError {
  readonly message: string;
  readonly name: string;
  readonly fields: Record<string, unknown>;
}

export type ThreadReply = { readonly id: number; readonly value: unknown; readonly error?: undefined } | { readonly id: number; readonly error: ThreadError };

/** The rows of an answer sent as arrays (db-thread-worker.ts), keyed by column name again as PGlite would (a repeated name: the last wins). */
function objectRows<T>(result: Results<unknown[]>): Results<T> {
  const names = result.fields.map((field) => field.name);
  const rows = result.rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i];
    return row as T;
  });
  return { ...result, rows };
}

type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

/**
 * A worker thread that runs a TypeScript module as the server does (`node --import tsx`): a worker
 * does not inherit the loader the main thread registered, so it registers tsx's first.
 */
function typeScriptEntry(entry: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** Starts the database thread on `dataDir` (migrated, and seeded when asked); resolves once it answers. */
export async function openDatabaseThread(start: ThreadStart): Promise<Database> {
  const worker = new Worker(typeScriptEntry(new URL('./db-thread-worker.ts', import.meta.url)), { eval: true, workerData: start });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  let gone: Error | undefined;

  const fail = (error: Error) => {
    gone = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The database thread stopped (exit code ${code}).`)));

  const ready = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));
  worker.on('message', (reply: ThreadReply) => {
    const pending = waiting.get(reply.id);
    if (pending === undefined) return;
    waiting.delete(reply.id);
    if (reply.error === undefined) pending.resolve(reply.value);
    else pending.reject(Object.assign(new Error(reply.error.message), reply.error.fields, { name: reply.error.name }));
  });
  await ready;

  const send = <T>(id: number, request: Request): Promise<T> => {
    if (gone !== undefined) return Promise.reject(gone);
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  const ask = <T>(request: Request): Promise<T> => send<T>(next++, request);
  const on = (tx: number | undefined): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) =>
      objectRows<T>(await ask<Results<unknown[]>>({ op: 'query', sql, ...(params === undefined ? {} : { params }), ...(tx === undefined ? {} : { tx }) })),
    exec: (sql: string) => ask<Results[]>({ op: 'exec', sql, ...(tx === undefined ? {} : { tx }) }),
  });
  const outside = on(undefined);

  return {
    query: outside.query,
    exec: outside.exec,
    async transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T> {
      // The transaction is named by its `begin` request's id.
      const tx = next++;
      await send(tx, { op: 'begin' });
      let value: T;
      try {
        value = await body(on(tx));
      } catch (error) {
        await ask({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await ask({ op: 'end', tx, commit: true });
      return value;
    },
    async close() {
      if (gone === undefined) await ask({ op: 'close' });
      await worker.terminate();
    },
  };
}
