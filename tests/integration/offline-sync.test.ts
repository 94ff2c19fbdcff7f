/**
 * The real sync engine (node, fake-indexeddb) against the real demo backend over HTTP, through the
 * app's own gateway (src/odoo): a full sync equals the server's search_read; after create, write,
 * archive and unlink on the server, a delta sync makes it equal again, in a few KB on the wire.
 * A private server (its own copy of the seeded data), because the test writes.
 */
import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { search, searchCount, searchRead } from '../../src/odoo/call-kw.ts';
import { connectGateway, type RpcOptions } from '../../src/odoo/rpc.ts';
import { openAccountDB, type AccountDB } from '../../src/storage/account-db.ts';
import { readAllPartners } from '../../src/offline/mirror-writes.ts';
import { readPartners } from '../../src/offline/mirror.ts';
import { createLocalIndex } from '../../src/offline/local-search.ts';
import { fold } from '../../src/offline/normalize.ts';
import { MIRROR_FIELDS, type SyncRpc } from '../../src/offline/sync-rpc.ts';
import { createSyncEngine, type SyncEngine } from '../../src/offline/sync.ts';
import { callKw, login, resultOf } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir, type TestServer } from '../support/server.ts';
import { meterFetch, type WireCount } from '../support/wire-meter.ts';

const templateDir = inject('templateDir');

let server: TestServer;
let admin: string;
let db: AccountDB;
let engine: SyncEngine;
let unmeter: () => void = () => undefined;
/** Bytes of the JSON-RPC bodies, as they crossed the wire (the response compressed when the server compressed it). */
const wire: WireCount = { requests: 0, sent: 0, received: 0 };

type Row = Record<string, unknown> & { id: number };

async function call<T>(method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
  return resultOf<T>(await callKw(server.url, admin, 'res.partner', method, args, kwargs));
}

const serverBook = () => call<Row[]>('search_read', [], { domain: [], fields: [...MIRROR_FIELDS], order: 'id asc' });

/** The mirror's records as Odoo sent them: without the order key the mirror adds to each (`_order`). */
const mirrored = async (): Promise<Row[]> =>
  (await readAllPartners(db)).map((record) => Object.fromEntries(Object.entries(record).filter(([field]) => field !== '_order')) as Row);

beforeAll(async () => {
  server = await spawnServer({ dataDir: throwawayDataDir(templateDir) });
  admin = await login(server.url, 'admin');
  // Node's fetch has no cookie jar: the session cookie goes as a header, as the browser would send it.
  connectGateway({ credential: { send: (url, init, transport) => transport(url, { ...init, headers: { ...init.headers, Cookie: admin } }), renew: async () => false }, account: () => undefined });
  unmeter = meterFetch(wire);
  const options: RpcOptions = { baseUrl: server.url };
  const rpc: SyncRpc = {
    searchRead: (model, params, more) => searchRead(model, params, { ...more, ...options }),
    searchCount: (model, domain, more) => searchCount(model, domain, { ...more, ...options }),
    search: (model, params, more) => search(model, params, { ...more, ...options }),
  };
  db = await openAccountDB('integration-admin');
  engine = createSyncEngine({ open: async () => db, rpc });
});

afterAll(async () => {
  unmeter();
  connectGateway(undefined);
  await engine.stop();
  db.close();
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
});

async function syncAndMeasure(): Promise<typeof wire> {
  const before = { ...wire };
  await engine.sync();
  const status = engine.status.get();
  if (status.state === 'error') throw new Error(`sync failed: ${status.error.kind}: ${status.error.message}`);
  return { requests: wire.requests - before.requests, sent: wire.sent - before.sent, received: wire.received - before.received };
}

describe('offline sync against the demo backend', () => {
  it('mirrors exactly what search_read gives, with progress to the full count', async () => {
    const totals: number[] = [];
    const unsubscribe = engine.status.subscribe(() => totals.push(engine.status.get().total));
    const cost = await syncAndMeasure();
    unsubscribe();
    const expected = await serverBook();
    expect(await mirrored()).toEqual(expected);
    for (const record of await readAllPartners(db)) expect(record._order).toEqual(expect.any(String));
    expect(engine.status.get()).toMatchObject({ state: 'idle', complete: true, done: expected.length, total: expected.length });
    expect(totals).toContain(expected.length);
    console.log(`full sync of ${expected.length} partners: ${cost.requests} requests, ${cost.sent} bytes sent, ${cost.received} bytes received`);
  });

  it("orders the local list by res.partner's order (complete_name, then id descending), case and accents collated", async () => {
    const index = createLocalIndex(await readAllPartners(db));
    const local = index.search({ q: '', type: 'all', countries: [], tags: [] }, { offset: 0, limit: 10_000 }).ids;
    // The server's own list, re-sorted the way a linguistic collation compares names first — case and
    // accents folded (the demo backend's PostgreSQL compares code units: "Zeta" before "alpha") — ties
    // kept in the server's order (complete_name, then id descending).
    const server = await call<{ id: number; complete_name: string | false }[]>('search_read', [], { domain: [], fields: ['complete_name'] });
    const primary = (name: string | false) => (name === false ? '\uffff' : fold(name));
    const expected = [...server].sort((a, b) => (primary(a.complete_name) < primary(b.complete_name) ? -1 : primary(a.complete_name) > primary(b.complete_name) ? 1 : 0));
    expect(local).toEqual(expected.map((row) => row.id));
  });

  it('after create, write, archive and unlink on the server, a delta sync converges in a few KB', async () => {
    const people = await call<number[]>('search', [[['is_company', '=', false], ['parent_id', '=', false]]], { limit: 8, order: 'id desc' });
    const [a, b, c, d, e, f, g, h] = people;
    if (a === undefined || b === undefined || c === undefined || d === undefined || e === undefined || f === undefined || g === undefined || h === undefined) {
      throw new Error('not enough people');
    }
    const created = await call<number[]>('create', [[{ name: 'Offline Test One', email: 'one@offline.example' }, { name: 'Offline Test Two', city: 'Zürich' }]]);
    await call('write', [[a], { phone: '+41 44 000 00 01' }]);
    await call('write', [[b], { name: 'Renamed Offline' }]);
    await call('write', [[c], { city: 'Liège' }]);
    await call('write', [[g], { email: 'changed@offline.example' }]);
    await call('write', [[d, h], { active: false }]);
    await call('unlink', [[e, f]]);
    const changed = 2 + 4 + 2 + 2;

    const cost = await syncAndMeasure();
    expect(await mirrored()).toEqual(await serverBook());
    for (const id of [d, e, f, h]) expect((await readPartners(db, [id]))[0]).toBeUndefined();
    expect((await readPartners(db, [b]))[0]).toMatchObject({ name: 'Renamed Offline' });
    for (const id of created) expect((await readPartners(db, [id]))[0]).toMatchObject({ id });
    console.log(`delta after ${changed} changes: ${cost.requests} requests, ${cost.sent} bytes sent, ${cost.received} bytes received`);
    expect(cost.sent + cost.received).toBeLessThan(10_000);
  });

  it('asks little when nothing changed', async () => {
    const cost = await syncAndMeasure();
    expect(cost.requests).toBeLessThanOrEqual(3);
    expect(await mirrored()).toEqual(await serverBook());
  });
});
