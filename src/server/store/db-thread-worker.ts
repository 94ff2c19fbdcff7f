/**
 * The database's own thread (db-thread.ts starts it): it opens PGlite on the data directory, brings
 * its schema up to date, seeds it on a first start, and answers the server's queries. Postgres work
 * (parsing, planning, running, decoding rows) happens here, off the event loop that serves HTTP.
 *
 * Transactions: `begin` opens one with PGlite's own `transaction()` (which queues it behind any
 * other, as a plain query is), queries name it by id, and `end` commits or rolls it back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Transaction } from '@electric-sql/pglite';
import { openDatabase } from './db.ts';
import { seedDatabase } from './seed.ts';
import type { ThreadError, ThreadReply, ThreadRequest, ThreadStart } from './db-thread.ts';

/** Thrown inside a transaction to roll it back. */
class RollBack extends Error {}

const port = parentPort;
if (port === null) throw new Error('db-thread-worker.ts runs as a worker thread (db-thread.ts).');
const start = workerData as ThreadStart;

/** An error as the other thread can rebuild it. */
function transferable(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error', fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { message: error.message, name: error.name, fields };
}

interface Open {
  readonly tx: Transaction;
  readonly finish: (commit: boolean) => void;
  readonly settled: Promise<unknown>;
}

try {
  const db = await openDatabase(start.dataDir);
  if (start.seedPartners !== undefined) await seedDatabase(db, { partners: start.seedPartners });
  const open = new Map<number, Open>();

  const answer = async (request: ThreadRequest): Promise<unknown> => {
    switch (request.op) {
      case 'query': {
        const target = request.tx === undefined ? db : open.get(request.tx)?.tx;
        if (target === undefined) throw new Error('Transaction is closed');
        // Rows as arrays: half the cost of cloning a page of objects to the other thread (rows.ts rebuilds them).
        const result = await target.query<unknown[]>(request.sql, request.params, { rowMode: 'array' });
        return { rows: result.rows, affectedRows: result.affectedRows, fields: result.fields };
      }
      case 'exec': {
        const target = request.tx === undefined ? db : open.get(request.tx)?.tx;
        if (target === undefined) throw new Error('Transaction is closed');
        return (await target.exec(request.sql)).map((result) => ({ rows: result.rows, affectedRows: result.affectedRows, fields: result.fields }));
      }
      case 'begin':
        return new Promise<void>((begun, failed) => {
          let finish: (commit: boolean) => void = () => undefined;
          const decided = new Promise<boolean>((resolve) => (finish = resolve));
          const settled = db
            .transaction(async (tx) => {
              open.set(request.id, { tx, finish, settled });
              begun();
              // Throwing rolls it back (PGlite's transaction()).
              if (!(await decided)) throw new RollBack();
            })
            .catch((error: unknown) => {
              if (!(error instanceof RollBack)) throw error;
            })
            .finally(() => open.delete(request.id));
          // BEGIN itself failed: the caller hears it.
          settled.catch(failed);
        });
      case 'end': {
        const transaction = open.get(request.tx);
        if (transaction === undefined) throw new Error('Transaction is closed');
        transaction.finish(request.commit);
        await transaction.settled;
        return undefined;
      }
      case 'close':
        await db.close();
        return undefined;
    }
  };

  port.on('message', (request: ThreadRequest) => {
    answer(request).then(
      (value) => port.postMessage({ id: request.id, value } satisfies ThreadReply),
      (error: unknown) => port.postMessage({ id: request.id, error: transferable(error) } satisfies ThreadReply),
    );
  });
  port.postMessage({ id: 0, value: 'ready' } satisfies ThreadReply);
} catch (error) {
  port.postMessage({ id: 0, error: transferable(error) } satisfies ThreadReply);
}
