import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB } from '../storage/account-db.ts';
import { countPartners, firstPage, SYNC_KEYS, type MirroredPartner } from './mirror.ts';
import { commit } from './mirror-writes.ts';

const partner = (id: number): MirroredPartner => ({ id, name: `P${id}`, complete_name: `P${id}` });
const state = { complete: true };

describe('the stored count', () => {
  it('follows every commit: new and existing records, deletions of present and absent ones, a reset', async () => {
    const db = await openAccountDB('mirror-count');
    await commit(db, { reset: true, upserted: [1, 2, 3].map(partner), state });
    expect(await countPartners(db)).toBe(3);
    // 3 again (an update), 4 new, 2 deleted, 99 deleted but never there, 4 twice in the same step.
    await commit(db, { upserted: [partner(3), partner(4), partner(4)], deleted: [2, 99], state });
    expect(await countPartners(db)).toBe(3);
    expect(await countPartners(db)).toBe(await db.count('partners'));
    expect((await firstPage(db, 0, 0))?.total).toBe(3);
    await commit(db, { reset: true, upserted: [partner(7)], state });
    expect(await countPartners(db)).toBe(1);
    db.close();
  });

  it('follows a step of ids close together (a full sync page, counted over their range) as well as scattered ones', async () => {
    const db = await openAccountDB('mirror-count-dense');
    await commit(db, { reset: true, upserted: [1, 2, 3, 40].map(partner), state });
    // 2 and 3 again, 4 and 5 new, 1 deleted, 6 deleted but never there; 40 is outside their range.
    await commit(db, { upserted: [2, 3, 4, 5].map(partner), deleted: [1, 6], state });
    expect(await countPartners(db)).toBe(5);
    expect(await countPartners(db)).toBe(await db.count('partners'));
    // A page of new ids after the last one, as a full sync writes them.
    await commit(db, { upserted: [41, 42, 43, 44, 45].map(partner), state });
    expect(await countPartners(db)).toBe(10);
    expect(await countPartners(db)).toBe(await db.count('partners'));
    db.close();
  });

  it('is counted once for a mirror written before it was kept', async () => {
    const db = await openAccountDB('mirror-count-old');
    await commit(db, { reset: true, upserted: [1, 2].map(partner), state });
    await db.delete('sync', SYNC_KEYS.count);
    expect(await countPartners(db)).toBe(2);
    await commit(db, { upserted: [partner(5)], state });
    expect(await db.get('sync', SYNC_KEYS.count)).toBe(3);
    db.close();
  });
});
