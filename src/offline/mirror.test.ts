import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB } from '../storage/account-db.ts';
import { accountSealKey, wipeAccountData } from '../storage/db.ts';
import { SealError } from '../storage/seal.ts';
import { parseState, readPartners, readState, readTags, SYNC_KEYS, type MirroredPartner } from './mirror.ts';
import { CHUNK_SIZE, commit, countPartners, ensureSealed, partnerIds, readAllPartners } from './mirror-writes.ts';

const partner = (id: number): MirroredPartner => ({ id, name: `P${id}`, complete_name: `P${id}` });
const state = { phase: 'complete', lastSyncedAt: 0, watermark: '2025-01-01 00:00:00' } as const;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the stored count', () => {
  it('follows every commit: new and existing records, deletions of present and absent ones, a reset', async () => {
    const db = await openAccountDB('mirror-count');
    await commit(db, { reset: true, upserted: [1, 2, 3].map(partner), state });
    expect(await countPartners(db)).toBe(3);
    // 3 again (an update), 4 new, 2 deleted, 99 deleted but never there, 4 twice in the same step.
    await commit(db, { upserted: [partner(3), partner(4), partner(4)], deleted: [2, 99], state });
    expect(await countPartners(db)).toBe(3);
    expect(await partnerIds(db)).toEqual([1, 3, 4]);
    await commit(db, { reset: true, upserted: [partner(7)], state });
    expect(await countPartners(db)).toBe(1);
    expect(await partnerIds(db)).toEqual([7]);
    db.close();
  });
});

describe('the chunks', () => {
  it('cut full-sync pages into runs of CHUNK_SIZE ids, and take deltas anywhere: below, inside, after, emptying a chunk', async () => {
    const db = await openAccountDB('mirror-chunks');
    await commit(db, { reset: true, upserted: range(10, 1009).map(partner), state });
    await commit(db, { upserted: range(1010, 2009).map(partner), state });
    expect(await db.getAllKeys('chunks')).toHaveLength(2000 / CHUNK_SIZE);
    expect((await db.getAll('chunks')).every((chunk) => chunk.ids.length === CHUNK_SIZE)).toBe(true);
    // Below the first chunk, inside one, after the last; a whole chunk's ids deleted.
    const emptied = range(110, 209);
    await commit(db, { upserted: [partner(3), { ...partner(500), name: 'Renamed' }, partner(5000)], deleted: [...emptied, 11], state });
    const ids = [3, 10, ...range(12, 109), ...range(210, 2009), 5000];
    expect(await partnerIds(db)).toEqual(ids);
    expect(await countPartners(db)).toBe(ids.length);
    expect((await readAllPartners(db)).map((record) => record.id)).toEqual(ids);
    expect((await readPartners(db, [500, 3, 150, 5000])).map((record) => [record.id, record.name])).toEqual([
      [500, 'Renamed'],
      [3, 'P3'],
      [5000, 'P5000'],
    ]);
    db.close();
  });

  it('keep records with fields of their own as they came', async () => {
    const db = await openAccountDB('mirror-shapes');
    const odd = [partner(1), { id: 2, name: 'No complete name' }, { ...partner(3), extra: [1, 'x'] }];
    await commit(db, { reset: true, upserted: odd, state });
    expect(await readAllPartners(db)).toEqual(odd.map((record) => ({ ...record, _order: expect.any(String) })));
    db.close();
  });
});

describe('sealing', () => {
  it('stores no partner data in the clear: records, tags', async () => {
    const db = await openAccountDB('mirror-sealed');
    await commit(db, { reset: true, upserted: [{ ...partner(1), email: 'secret@example.com' }], state, tags: [{ id: 1, name: 'Secret tag' }] });
    const stored = JSON.stringify([await db.getAll('chunks'), await db.getAll('sync')], (_key, value: unknown) => (value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value));
    // The check can see plain values: the chunk's ids are there.
    expect(stored).toContain('"ids":[1]');
    expect(stored).not.toMatch(/secret|P1/i);
    expect((await readPartners(db, [1]))[0]?.email).toBe('secret@example.com');
    expect(await readTags(db)).toEqual([{ id: 1, name: 'Secret tag' }]);
    db.close();
  });

  it('a chunk moved under another key does not open', async () => {
    const db = await openAccountDB('mirror-moved');
    await commit(db, { reset: true, upserted: range(1, 300).map(partner), state });
    const [first, second] = await db.getAllKeys('chunks');
    // The second chunk's value in the first one's place (and its own gone): its ids are found there, its records do not open.
    const moved = await db.get('chunks', second as number);
    if (moved === undefined) throw new Error('no second chunk');
    await db.put('chunks', moved, first as number);
    await db.delete('chunks', second as number);
    await expect(readPartners(db, [150])).rejects.toBeInstanceOf(SealError);
    db.close();
  });

  it('is undone at logout: the key goes with the account; a database left behind is not read, and the next sync empties it', async () => {
    const db = await openAccountDB('mirror-shredded');
    await commit(db, { reset: true, upserted: [partner(1)], state });
    expect(await accountSealKey('mirror-shredded', false)).toBeInstanceOf(CryptoKey);
    db.close();
    await wipeAccountData('mirror-shredded');
    expect(await accountSealKey('mirror-shredded', false)).toBeUndefined();
    // As if the disk kept the old database: sealed chunks and the count, with a key that no longer exists.
    const leftover = await openAccountDB('mirror-leftover');
    await ensureSealed(leftover);
    await commit(leftover, { reset: true, upserted: [partner(1)], state });
    leftover.close();
    const { openFieldbookDB } = await import('../storage/db.ts');
    await (await openFieldbookDB()).delete('meta', 'sealKey:mirror-leftover');
    await expect(openAccountDB('mirror-leftover', {}, { create: false })).rejects.toThrow(/no data on this device/);
    const reopened = await openAccountDB('mirror-leftover');
    await expect(readPartners(reopened, [1])).rejects.toBeInstanceOf(SealError);
    // The next sync empties it first, and fills it again.
    await ensureSealed(reopened);
    expect(await partnerIds(reopened)).toEqual([]);
    expect(await countPartners(reopened)).toBe(0);
    expect(await reopened.get('sync', SYNC_KEYS.state)).toBeUndefined();
    reopened.close();
  });
});

describe('a database an older version wrote (everything in the clear)', () => {
  it('is emptied on upgrade, so the next sync fills it again, sealed', async () => {
    const { openDB } = await import('idb');
    const { accountDatabaseName } = await import('../storage/db.ts');
    const old = await openDB(accountDatabaseName('mirror-v3'), 3, {
      upgrade(database) {
        database.createObjectStore('partners', { keyPath: 'id' }).createIndex('order', '_order');
        database.createObjectStore('sync');
        database.createObjectStore('responses').createIndex('storedAt', 'storedAt');
      },
    });
    await old.put('partners', { id: 1, name: 'In the clear', email: 'clear@example.com', _order: 'in the clear' });
    await old.put('sync', { complete: true, lastSyncedAt: 1, watermark: '2025-01-01 00:00:00' }, SYNC_KEYS.state);
    await old.put('sync', 1, SYNC_KEYS.count);
    await old.put('responses', { body: '[{"name":"In the clear"}]', storedAt: 1, path: '/x' }, 'hash');
    old.close();
    const db = await openAccountDB('mirror-v3');
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'responses', 'sync']);
    expect(await db.getAll('sync')).toEqual([]);
    expect(await db.count('responses')).toBe(0);
    expect((await readState(db)).phase).toBe('empty');
    expect(await countPartners(db)).toBe(0);
    db.close();
  });
});


describe('the sync state', () => {
  it('is read from the flags the previous app version wrote as the phase they meant: no device syncs anew', () => {
    expect(parseState({ complete: true, lastSyncedAt: 5, watermark: '2025-01-01 00:00:00' })).toEqual({ phase: 'complete', lastSyncedAt: 5, watermark: '2025-01-01 00:00:00' });
    expect(parseState({ complete: true, lastSyncedAt: 5, watermark: 'w', delta: { since: 's', maxSeen: 'm', cursor: { writeDate: 'd', id: 3 } } })).toEqual({
      phase: 'complete',
      lastSyncedAt: 5,
      watermark: 'w',
      delta: { since: 's', maxSeen: 'm', cursor: { writeDate: 'd', id: 3 } },
    });
    expect(parseState({ complete: false, full: { cursor: 20, total: 35, watermark: 'w' } })).toEqual({ phase: 'full', cursor: 20, total: 35, watermark: 'w' });
    // Complete without a watermark to continue from: nothing to build a delta on.
    expect(parseState({ complete: true })).toEqual({ phase: 'empty' });
  });

  it('refuses what it cannot read as empty', () => {
    for (const value of [undefined, null, 'complete', [], { phase: 'full', cursor: '20', total: 35, watermark: 'w' }, { phase: 'complete' }, { phase: 'other' }]) {
      expect(parseState(value)).toEqual({ phase: 'empty' });
    }
    expect(parseState({ phase: 'complete', watermark: 'w', lastSyncedAt: 1, delta: { since: 1 } })).toEqual({ phase: 'complete', watermark: 'w', lastSyncedAt: 1 });
  });
});
