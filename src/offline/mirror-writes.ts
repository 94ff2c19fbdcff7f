/**
 * Writing the partner mirror (mirror.ts has its shape and its reads): a sync's steps, and the
 * order keys of a mirror written by an older version. Only the sync engine and the index load
 * write, so this code (and the order keys' folding) is not part of the first screen.
 */
import { unwrap } from 'idb';
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';
import { idsAfter, idsBetween, storageFailure } from '../storage/account-db.ts';
import { isOrdered, ORDER_VERSION, storedCount, SYNC_KEYS, type MirrorState, type Named } from './mirror.ts';
import { orderKey } from './partner-entry.ts';

/** Upserts, deletes and the new state, in one transaction (QuotaExceededError becomes a StorageError). The stored count follows. */
export async function commit(
  db: AccountDB,
  step: { readonly upserted?: readonly MirroredPartner[]; readonly deleted?: readonly number[]; readonly state: MirrorState; readonly tags?: readonly Named[]; readonly reset?: boolean },
): Promise<void> {
  try {
    const tx = db.transaction(['partners', 'sync'], 'readwrite');
    const partners = tx.objectStore('partners');
    const sync = tx.objectStore('sync');
    const reset = step.reset === true;
    const upserted = [...new Map((step.upserted ?? []).map((record) => [record.id, record])).values()];
    const upsertedIds = new Set(upserted.map((record) => record.id));
    const deleted = [...new Set(step.deleted ?? [])].filter((id) => !upsertedIds.has(id));
    // What is there before the writes, for the count (all requests of one transaction: it stays open).
    const touched = reset ? { after: async () => 0 } : countChange(partners, [...upsertedIds, ...deleted]);
    const [before, present, gone] = await Promise.all([
      reset ? 0 : storedCount(sync, partners),
      reset || touched.range !== undefined ? [] : Promise.all(upserted.map((record) => partners.getKey(record.id))),
      reset || touched.range !== undefined ? [] : Promise.all(deleted.map((id) => partners.getKey(id))),
      reset ? undefined : touched.before,
    ]);
    const writes: Promise<unknown>[] = [];
    if (reset) writes.push(partners.clear());
    // The records go to the store itself, not through idb's promise and listeners per request (on a
    // page of 1,000 that wrapping cost more main thread than the writes): one that fails aborts the
    // transaction, and `tx.done` says why.
    const store = unwrap(partners);
    for (const record of upserted) store.put({ ...record, _order: orderKey(record) });
    for (const id of deleted) store.delete(id);
    writes.push(sync.put(step.state, SYNC_KEYS.state));
    const change =
      reset ? upserted.length
      : touched.range !== undefined ? await touched.after()
      : upserted.length - present.filter((key) => key !== undefined).length - gone.filter((key) => key !== undefined).length;
    writes.push(sync.put(before + change, SYNC_KEYS.count));
    // An emptied mirror is refilled with this version's keys only.
    if (reset) writes.push(sync.put(ORDER_VERSION, SYNC_KEYS.ordered));
    if (step.tags !== undefined) writes.push(sync.put(step.tags, SYNC_KEYS.tags));
    // The requests' own rejections are the transaction's: `done` reports the one that aborted it.
    await Promise.all([...writes.map((write) => write.catch(() => undefined)), tx.done]);
  } catch (error) {
    throw storageFailure(error);
  }
}

/** Above this many keys per touched id in their range, the ids are scattered (a delta): counted one by one. */
const DENSE_SPAN = 4;

/**
 * How a commit's writes change the number of records. Ids close together (a full sync's page, in id
 * order) are counted over their key range before and after the writes: two requests, not one per
 * record (200,000 `getKey` calls cost the page about 3 s of main thread). Scattered ones (a delta)
 * are looked up one by one (`range` undefined): a range over them could span the whole mirror.
 */
function countChange(partners: { count(range: number): Promise<number> }, ids: readonly number[]): { range?: number; before?: Promise<number>; after: () => Promise<number> } {
  if (ids.length === 0) return { after: async () => 0 };
  let low = ids[0] ?? 0;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  if (high - low + 1 > DENSE_SPAN * ids.length) return { after: async () => 0 };
  const range = idsBetween(low, high);
  const before = partners.count(range);
  // Requests of a transaction run in order: a count asked after the writes sees them.
  return { range, before, after: async () => (await partners.count(range)) - (await before) };
}

/** Records rewritten per transaction by `backfillOrder`: the sync and the reads get their turn in between. */
const BACKFILL_BATCH = 1000;

/**
 * Writes `_order` on every record of a mirror from an older version (or with an older `orderKey`),
 * a batch per transaction, then says so: until then, `firstPage` is not used. A record a sync
 * writes meanwhile gets its `_order` from `commit`.
 */
export async function backfillOrder(db: AccountDB): Promise<void> {
  if (await isOrdered(db)) return;
  try {
    for (let after = -Infinity; ; ) {
      const tx = db.transaction('partners', 'readwrite');
      const batch = await tx.store.getAll(idsAfter(after), BACKFILL_BATCH);
      for (const record of batch) void tx.store.put({ ...record, _order: orderKey(record) });
      await tx.done;
      const last = batch.at(-1);
      if (last === undefined || batch.length < BACKFILL_BATCH) break;
      after = last.id;
    }
    await db.put('sync', ORDER_VERSION, SYNC_KEYS.ordered);
  } catch (error) {
    throw storageFailure(error);
  }
}
