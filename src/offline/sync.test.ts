import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB, type AccountDB } from '../storage/account-db.ts';
import { OdooError } from '../odoo/errors.ts';
import { FakeOdoo, odooDate, SPACING } from '../../tests/support/fake-odoo.ts';
import { readPartners, readState, readTags } from './mirror.ts';
import { countPartners, partnerIds, readAllPartners } from './mirror-writes.ts';
import { createSyncEngine, FULL_PAGES_AHEAD, OVERLAP_SECONDS, shiftWriteDate, type MirrorChanges, type SyncEngine, type SyncRpc, type SyncStatus } from './sync.ts';

let accounts = 0;

async function setup(partners: number, pageSize = 10) {
  const odoo = new FakeOdoo(partners);
  const db = await openAccountDB(`unit-${(accounts += 1)}`);
  const statuses: SyncStatus[] = [];
  const changes: MirrorChanges[] = [];
  const engine = createSyncEngine({ open: async () => db, rpc: odoo.rpc, pageSize, now: () => 1_700_000_000_000 });
  engine.status.subscribe(() => statuses.push(engine.status.get()));
  engine.changes.subscribe((change) => changes.push(change));
  return { odoo, db, engine, statuses, changes };
}

/** The mirror, as search_read would give it, for comparison with the fake server. */
async function mirrorIds(db: AccountDB): Promise<number[]> {
  return partnerIds(db);
}

const stored = async (db: AccountDB, id: number) => (await readPartners(db, [id]))[0];

const serverIds = (odoo: FakeOdoo): number[] => odoo.visible().map((row) => row.id);

async function mirrorEqualsServer(db: AccountDB, odoo: FakeOdoo): Promise<void> {
  const mirror = await readAllPartners(db);
  expect(mirror.map((row) => row.id)).toEqual(serverIds(odoo));
  for (const row of mirror) expect(row.name).toBe(odoo.rows.get(row.id)?.name);
}

const partnerCalls = (odoo: FakeOdoo, from = 0) => odoo.calls.slice(from).filter((call) => call.model === 'res.partner');

async function synced(engine: SyncEngine) {
  await engine.sync();
  const status = engine.status.get();
  if (status.state === 'error') throw new Error(`sync failed: ${status.error.kind} ${status.error.message}`);
  return status;
}

describe('full sync', () => {
  it('mirrors every readable active partner by id pages, reports progress, and keeps the tags', async () => {
    const { odoo, db, engine, statuses } = await setup(25);
    odoo.write(3, { active: false });
    const status = await synced(engine);
    await mirrorEqualsServer(db, odoo);
    expect(status).toEqual({ state: 'idle', done: 24, total: 24, complete: true, lastSyncedAt: 1_700_000_000_000 });
    expect(statuses.filter((s) => s.state === 'syncing').map((s) => [s.done, s.total])).toEqual([
      [0, 0],
      [0, 24],
      [10, 24],
      [20, 24],
      [24, 24],
    ]);
    // The ids first, then their pages as id ranges (asked for a few at once), then anything created meanwhile.
    expect(partnerCalls(odoo).filter((call) => call.method === 'search').map((call) => call.domain)).toEqual([[['id', '>', 0]]]);
    const pages = partnerCalls(odoo).filter((call) => call.method === 'search_read' && call.order === 'id asc');
    expect(pages.map((call) => call.domain)).toEqual([
      [['id', '>', 0], ['id', '<=', 11]],
      [['id', '>', 11], ['id', '<=', 21]],
      [['id', '>', 21], ['id', '<=', 25]],
      [['id', '>', 25]],
    ]);
    expect((await readTags(db)).map((tag) => tag.name)).toEqual(['Customer', 'VIP']);
  });

  it('asks a few pages ahead of the one it stores, and fetches what was created after the ids were listed', async () => {
    const odoo = new FakeOdoo(45);
    const db = await openAccountDB(`unit-${(accounts += 1)}`);
    let inFlight = 0;
    let most = 0;
    let created = 0;
    const rpc: SyncRpc = {
      ...odoo.rpc,
      searchRead: async (model, params, options) => {
        const range = params.domain.length === 2;
        // Two partners created while the first page is on its way: after the ids were listed.
        if (range && created === 0) created = odoo.create({ name: 'Created meanwhile' }) + odoo.create({ name: 'And another' });
        // The engine asks its pages in one go, before awaiting any: they are all in flight at once.
        inFlight += range ? 1 : 0;
        most = Math.max(most, inFlight);
        try {
          return await odoo.rpc.searchRead(model, params, options);
        } finally {
          inFlight -= range ? 1 : 0;
        }
      },
    };
    const engine = createSyncEngine({ open: async () => db, rpc, pageSize: 10 });
    await synced(engine);
    expect(most).toBe(FULL_PAGES_AHEAD);
    expect(created).toBeGreaterThan(0);
    await mirrorEqualsServer(db, odoo);
    expect(await countPartners(db)).toBe(47);
  });

  it('mirrors the partners of a user who may not read partner tags (portal), with no tags', async () => {
    const { odoo, db, engine } = await setup(12);
    odoo.tagsForbidden = true;
    const status = await synced(engine);
    expect(status).toMatchObject({ state: 'idle', complete: true, done: 12 });
    await mirrorEqualsServer(db, odoo);
    expect(await readTags(db)).toEqual([]);
  });

  it('resumes after a dropped connection from the last stored page: nothing lost, nothing twice', async () => {
    const { odoo, db, engine, changes } = await setup(35);
    // calls: 0 count, 1 newest write_date, 2 ids, 3 page 1, 4 page 2, 5 page 3 (fails)
    odoo.failure = { at: 5, error: new OdooError('network', 'Odoo cannot be reached. Check the connection.') };
    await engine.sync();
    expect(engine.status.get()).toMatchObject({ state: 'error', error: { kind: 'network' }, done: 20, total: 35, complete: false });
    expect(await mirrorIds(db)).toEqual(serverIds(odoo).slice(0, 20));
    expect(await readState(db)).toMatchObject({ phase: 'full', cursor: 20 });

    odoo.failure = undefined;
    const before = odoo.calls.length;
    odoo.write(5, { name: 'Renamed while offline' }, odoo.clock + 5);
    await synced(engine);
    // The resumed run asks only for what it lacks, and counts nothing again.
    expect(partnerCalls(odoo, before).slice(0, 2)).toMatchObject([
      { method: 'search', domain: [['id', '>', 20]] },
      { method: 'search_read', domain: [['id', '>', 20], ['id', '<=', 30]] },
    ]);
    expect(await mirrorIds(db)).toEqual(serverIds(odoo));
    expect(new Set(changes.flatMap((c) => c.upserted.map((r) => r.id))).size).toBe(35);
    expect(changes.flatMap((c) => c.upserted).length).toBe(35);
    // A record written during the interrupted full sync comes with the next delta.
    await synced(engine);
    await mirrorEqualsServer(db, odoo);
    expect((await stored(db, 5))?.name).toBe('Renamed while offline');
  });

  it('ends with a session error when the session expires, keeping what was stored', async () => {
    const { odoo, db, engine } = await setup(30);
    // calls: 0 count, 1 newest write_date, 2 ids, 3 page 1, 4 page 2 (fails)
    odoo.failure = { at: 4, error: new OdooError('session_expired', 'Session expired') };
    await engine.sync();
    expect(engine.status.get()).toMatchObject({ state: 'error', error: { kind: 'session' }, done: 10 });
    expect(await countPartners(db)).toBe(10);
  });
});

describe('delta sync', () => {
  it('fetches what was written since the last sync minus the overlap, archived ones included, and converges', async () => {
    const { odoo, db, engine } = await setup(40);
    await synced(engine);
    const state = await readState(db);
    expect(state).toMatchObject({ phase: 'complete', watermark: odooDate(39 * SPACING) });

    odoo.clock = 100 * SPACING;
    odoo.write(7, { name: 'Written' });
    odoo.write(8, { active: false });
    const created = odoo.create({ name: 'Created' });
    // Stamped before the last sync's newest write_date but committed after it: the overlap catches it.
    odoo.write(9, { name: 'Late commit' }, 39 * SPACING - 30);
    odoo.unlink(12);
    const before = odoo.calls.length;
    await synced(engine);
    await mirrorEqualsServer(db, odoo);
    expect(await stored(db, created)).toMatchObject({ name: 'Created' });
    expect(await stored(db, 8)).toBeUndefined();
    expect(await stored(db, 12)).toBeUndefined();

    const delta = partnerCalls(odoo, before)[0];
    expect(delta).toMatchObject({ method: 'search_read', order: 'write_date asc, id asc', context: { active_test: false } });
    expect(delta?.domain).toEqual([['write_date', '>=', shiftWriteDate(odooDate(39 * SPACING), -OVERLAP_SECONDS)]]);
    expect(await readState(db)).toMatchObject({ phase: 'complete', watermark: odooDate(100 * SPACING) });
  });

  it('pages a large delta by (write_date, id) and resumes it from its cursor', async () => {
    const { odoo, db, engine } = await setup(30);
    await synced(engine);
    odoo.clock = 200 * SPACING;
    for (let id = 1; id <= 25; id += 1) odoo.write(id, { name: `Bulk ${id}` });
    const before = odoo.calls.length;
    odoo.failure = { at: before + 1, error: new OdooError('server', 'boom') };
    await engine.sync();
    expect(engine.status.get()).toMatchObject({ state: 'error', error: { kind: 'server' } });
    // The first page: the overlap's one old record (id 30), then ids 1…9.
    expect(await readState(db)).toMatchObject({ phase: 'complete', delta: { cursor: { writeDate: odooDate(200 * SPACING), id: 9 } } });
    odoo.failure = undefined;
    const resumed = odoo.calls.length;
    await synced(engine);
    expect(partnerCalls(odoo, resumed)[0]?.domain).toEqual([
      '&',
      ['write_date', '>=', shiftWriteDate(odooDate(29 * SPACING), -OVERLAP_SECONDS)],
      '|',
      ['write_date', '>', odooDate(200 * SPACING)],
      '&',
      ['write_date', '=', odooDate(200 * SPACING)],
      ['id', '>', 9],
    ]);
    await mirrorEqualsServer(db, odoo);
  });

  it('finds deleted and no longer readable partners by halving id ranges, with few requests', async () => {
    const { odoo, db, engine } = await setup(2000, 500);
    await synced(engine);
    odoo.clock = 5000 * SPACING;
    odoo.unlink(77);
    odoo.unlink(1500);
    odoo.hidden.add(999);
    const before = odoo.calls.length;
    await synced(engine);
    await mirrorEqualsServer(db, odoo);
    const calls = partnerCalls(odoo, before);
    // 1 delta page + per vanished id about log2(2000 / 64) counts and one search.
    expect(calls.length).toBeLessThanOrEqual(1 + 1 + 3 * 6 + 3);
    expect(calls.filter((call) => call.method === 'search').length).toBeLessThanOrEqual(3);
  });

  it('asks no more than a count when nothing changed', async () => {
    const { odoo, engine } = await setup(50);
    await synced(engine);
    const before = odoo.calls.length;
    await synced(engine);
    expect(partnerCalls(odoo, before).map((call) => call.method)).toEqual(['search_read', 'search_count']);
  });

  it('adds partners that became readable without being written', async () => {
    const { odoo, db, engine } = await setup(100);
    odoo.hidden.add(40);
    await synced(engine);
    expect(await stored(db, 40)).toBeUndefined();
    odoo.hidden.delete(40);
    await synced(engine);
    expect(await stored(db, 40)).toMatchObject({ id: 40 });
    await mirrorEqualsServer(db, odoo);
  });
});

/** A property of `target`, methods bound to it (IndexedDB objects refuse a proxy as `this`). */
function own(target: object, name: string | symbol): unknown {
  const value: unknown = Reflect.get(target, name, target);
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

/** Wraps a database so that writes to `partners` fail as a full disk does, after `allowed` transactions. */
function fullDiskAfter(db: AccountDB, allowed: number): AccountDB {
  let transactions = 0;
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') return own(target, property);
      return (...args: Parameters<AccountDB['transaction']>) => {
        const tx = target.transaction(...args);
        if (args[1] !== 'readwrite' || (transactions += 1) <= allowed) return tx;
        const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return new Proxy(tx, {
          get(innerTarget, name) {
            // As a full disk does: the writes are queued, then the commit fails and nothing of it stays.
            if (name === 'done') {
              innerTarget.abort();
              return innerTarget.done.catch(() => Promise.reject(quota));
            }
            return own(innerTarget, name);
          },
        });
      };
    },
  });
}

describe('storage full', () => {
  it('stops with a quota error that says so, and keeps the partners already stored', async () => {
    const odoo = new FakeOdoo(45);
    const db = await openAccountDB(`unit-${(accounts += 1)}`);
    // Writes that fit: the key's mark, the reset, two pages.
    const engine = createSyncEngine({ open: async () => fullDiskAfter(db, 4), rpc: odoo.rpc, pageSize: 10 });
    await engine.sync();
    const status = engine.status.get();
    expect(status).toMatchObject({ state: 'error', error: { kind: 'quota' }, done: 20, complete: false });
    expect(status.state === 'error' && status.error.message).toMatch(/out of storage space/);
    expect(await countPartners(db)).toBe(20);

    // Space freed: the next sync goes on from there.
    const retry = createSyncEngine({ open: async () => db, rpc: odoo.rpc, pageSize: 10 });
    await synced(retry);
    await mirrorEqualsServer(db, odoo);
  });
});

describe('running', () => {
  it('joins a sync already running instead of starting a second one', async () => {
    const { odoo, engine } = await setup(15);
    const first = engine.sync();
    const second = engine.sync();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(odoo.calls.filter((call) => call.method === 'search_count')).toHaveLength(1);
  });

  it('stop() aborts a running sync, waits for it, and refuses later ones', async () => {
    const { odoo, db, engine } = await setup(30);
    let release = () => {};
    odoo.gate = new Promise<void>((resolve) => (release = resolve));
    // The engine says 'syncing' right before its first calls: once told, they wait at the gate.
    const syncing = new Promise<void>((resolve) =>
      engine.status.subscribe(() => {
        if (engine.status.get().state === 'syncing') resolve();
      }),
    );
    const running = engine.sync();
    await syncing;
    expect(odoo.calls.length).toBeGreaterThan(0);
    const stopped = engine.stop();
    release();
    await stopped;
    await running;
    expect(engine.status.get().state).toBe('idle');
    odoo.gate = undefined;
    const calls = odoo.calls.length;
    await engine.sync();
    expect(odoo.calls.length).toBe(calls);
    expect(await countPartners(db)).toBe(0);
  });

  it('shows what the device holds before any sync', async () => {
    const { db, engine } = await setup(12);
    await synced(engine);
    const again = createSyncEngine({ open: async () => db, rpc: new FakeOdoo(0).rpc });
    await again.ready;
    expect(again.status.get()).toEqual({ state: 'idle', done: 12, total: 12, complete: true, lastSyncedAt: 1_700_000_000_000 });
  });
});
