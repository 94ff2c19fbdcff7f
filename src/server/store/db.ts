/**
 * The embedded database: PGlite (Postgres compiled to WASM, Odoo's own engine) persisted to a data
 * directory. One process owns a data directory at a time.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrations, type Migration } from './migrations.ts';

/** What a query needs: the database itself or an open transaction. */
export type Queryable = Pick<Transaction, 'query' | 'exec'>;

/** The database as the server uses it: PGlite in this thread (seed, CLIs, tests), or on its own (db-thread.ts). */
export interface Database extends Queryable {
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens (creating when new) the database in `dataDir`, in this thread, and brings its schema up to date. */
export async function openDatabase(dataDir: string): Promise<PGlite> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Owner-only, also when it existed: the database files inside are not other users' to read or break.
  chmodSync(dataDir, 0o700);
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  await migrate(db, migrations);
  return db;
}

export async function migrate(db: PGlite, list: readonly Migration[]): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS fb_schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = await db.query<{ version: number }>('SELECT version FROM fb_schema_migrations');
  const applied = new Set(done.rows.map((row) => row.version));
  const ran: number[] = [];
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO fb_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
    ran.push(migration.version);
  }
  return ran;
}
