/**
 * Writing the partner mirror (mirror.ts has its shape and the first screen's reads, chunks.ts its
 * storage): a sync's steps, the list's first rows and picture, and the reads only the sync and the
 * index need. None of it is part of the first screen (the sealing, the order keys' folding).
 */
import type { AccountDB, MirroredPartner, StoredChunk } from '../storage/account-db.ts';
import { CANARY_KEY, SCREEN_KEY, storageFailure } from '../storage/account-db.ts';
import { seal, unseal } from '../storage/seal.ts';
import { chunkOf, labelOf, unpack } from './chunks.ts';
import { readPartners, SYNC_KEYS, type MirrorState, type Named } from './mirror.ts';
import type { LocalIndex } from './local-search.ts';
import { orderKey } from './partner-entry.ts';

/** A chunk's records, in id order; a SealError when it does not open (damaged, or moved). */
export async function openChunk(key: CryptoKey, first: number, chunk: StoredChunk): Promise<MirroredPartner[]> {
  const at = unpack(await unseal(key, labelOf(first), chunk.records), chunk.ids);
  const records: MirroredPartner[] = [];
  for (let position = 0; position < chunk.ids.length; position += 1) {
    const record = at(position);
    if (record !== undefined) records.push(record);
  }
  return records;
}

/** How many records the mirror holds. */
export async function countPartners(db: AccountDB): Promise<number> {
  const stored = await db.get('sync', SYNC_KEYS.count);
  return typeof stored === 'number' ? stored : 0;
}

/** Every id in the mirror, ascending (chunks in key order, each one's ids ascending). */
export async function partnerIds(db: AccountDB): Promise<number[]> {
  return (await db.getAll('chunks')).flatMap((chunk) => chunk.ids);
}

/** Records per chunk when a chunk is cut; a chunk grows to twice this before it is cut again. */
export const CHUNK_SIZE = 100;

/**
 * The records as rows of values under one list of keys (the fields' names once per chunk, not once
 * per record). Odoo never sends null for a field (it sends false): null in a row is a field that
 * record did not have.
 */
function pack(records: readonly MirroredPartner[]): { keys: string[]; rows: unknown[][] } {
  const keys = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return { keys, rows: records.map((record) => keys.map((key) => record[key] ?? null)) };
}

/** `records` (ascending ids) as the chunk keyed `first`. */
async function sealChunk(key: CryptoKey, first: number, records: readonly MirroredPartner[]): Promise<StoredChunk> {
  return { ids: records.map((record) => record.id), records: await seal(key, labelOf(first), pack(records)) };
}

/** One step of a sync. */
export interface MirrorStep {
  readonly upserted?: readonly MirroredPartner[];
  readonly deleted?: readonly number[];
  readonly state: MirrorState;
  readonly tags?: readonly Named[];
  /** Empties the mirror first (a new full sync). */
  readonly reset?: boolean;
}

/**
 * Runs `write` alone among this account's mirror writers, in every tab (Web Locks): a chunk is
 * read, changed and written back in two transactions (sealing cannot happen inside one: IndexedDB
 * commits a transaction left idle while the crypto works). Where there are no locks (tests in
 * Node), one context is the only writer.
 */
async function exclusive<T>(db: AccountDB, write: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: { request<R>(name: string, run: () => Promise<R>): Promise<R> } } }).navigator?.locks;
  return locks === undefined ? write() : locks.request(`fieldbook-mirror:${db.name}`, write);
}

/** Upserts, deletes, the new state (and tags): committed together (QuotaExceededError becomes a StorageError). The stored count follows. */
export async function commit(db: AccountDB, step: MirrorStep): Promise<void> {
  try {
    await exclusive(db, () => write(db, step));
  } catch (error) {
    throw storageFailure(error);
  }
}

async function write(db: AccountDB, step: MirrorStep): Promise<void> {
  const reset = step.reset === true;
  const upserted = new Map((step.upserted ?? []).map((record) => [record.id, { ...record, _order: orderKey(record) } as MirroredPartner]));
  const deleted = new Set((step.deleted ?? []).filter((id) => !upserted.has(id)));

  // 1. The chunks the step touches, as they are.
  const read = db.transaction(['chunks', 'sync']);
  const [firsts, count] = await Promise.all([reset ? [] : read.objectStore('chunks').getAllKeys(), reset ? 0 : read.objectStore('sync').get(SYNC_KEYS.count)]);
  const touched = new Map<number, { upserted: MirroredPartner[]; deleted: number[] }>();
  const touch = (id: number) => {
    // Below the first chunk: the chunk keyed 0 (created if need be) holds it.
    const first = firsts[chunkOf(firsts, id)] ?? 0;
    let changes = touched.get(first);
    if (changes === undefined) touched.set(first, (changes = { upserted: [], deleted: [] }));
    return changes;
  };
  for (const record of upserted.values()) touch(record.id).upserted.push(record);
  for (const id of deleted) touch(id).deleted.push(id);
  const keys = [...touched.keys()];
  const stored = await Promise.all(keys.map((first) => (reset ? undefined : read.objectStore('chunks').get(first))));

  // 2. Their new content, sealed (outside any transaction).
  const puts: [number, StoredChunk][] = [];
  const removed: number[] = [];
  let change = 0;
  await Promise.all(
    keys.map(async (first, i) => {
      const before = stored[i];
      const changes = touched.get(first) as { upserted: MirroredPartner[]; deleted: number[] };
      const records = new Map((before === undefined ? [] : await openChunk(db.sealKey, first, before)).map((record) => [record.id, record]));
      change -= before?.ids.length ?? 0;
      for (const id of changes.deleted) records.delete(id);
      for (const record of changes.upserted) records.set(record.id, record);
      change += records.size;
      if (records.size === 0) {
        if (before !== undefined) removed.push(first);
        return;
      }
      const sorted = [...records.values()].sort((a, b) => a.id - b.id);
      // Grown past twice the size (a full sync's page lands in the last chunk): cut in CHUNK_SIZE runs, the first keeping the key.
      const runs = sorted.length > 2 * CHUNK_SIZE ? Array.from({ length: Math.ceil(sorted.length / CHUNK_SIZE) }, (_, k) => sorted.slice(k * CHUNK_SIZE, (k + 1) * CHUNK_SIZE)) : [sorted];
      await Promise.all(
        runs.map(async (run, k) => {
          const key = k === 0 ? first : (run[0] as MirroredPartner).id;
          puts.push([key, await sealChunk(db.sealKey, key, run)]);
        }),
      );
    }),
  );
  const tags = step.tags === undefined ? undefined : await seal(db.sealKey, SYNC_KEYS.tags, step.tags);

  // 3. All of it, with the state, in one transaction.
  const tx = db.transaction(['chunks', 'sync'], 'readwrite');
  const chunks = tx.objectStore('chunks');
  const sync = tx.objectStore('sync');
  const writes: Promise<unknown>[] = [];
  // The list's first rows kept for the next start may be out of date now: the device keeps them again once its index has the step.
  if (reset || upserted.size > 0 || deleted.size > 0) writes.push(sync.delete(SYNC_KEYS.head));
  if (reset) writes.push(chunks.clear());
  for (const first of removed) writes.push(chunks.delete(first));
  for (const [first, chunk] of puts) writes.push(chunks.put(chunk, first));
  writes.push(sync.put(step.state, SYNC_KEYS.state), sync.put((typeof count === 'number' ? count : 0) + change, SYNC_KEYS.count));
  if (tags !== undefined) writes.push(sync.put(tags, SYNC_KEYS.tags));
  // The requests' own rejections are the transaction's: `done` reports the one that aborted it.
  await Promise.all([...writes.map((request) => request.catch(() => undefined)), tx.done]);
}

/** How many of the list's first rows are kept for the next start: a first page and more. */
export const HEAD_ROWS = 100;
const WHOLE_LIST = { q: '', type: 'all', countries: [], tags: [] } as const;

/** Keeps the whole list's first rows, as the index lists them now, for the next start's first screen (mirror.ts `firstPage`). */
export async function keepHead(db: AccountDB, index: LocalIndex): Promise<void> {
  // Among the mirror's writers: a sync step committed meanwhile would find them deleted, then see them back out of date.
  await exclusive(db, async () => {
    const { ids, total } = index.search(WHOLE_LIST, { offset: 0, limit: HEAD_ROWS });
    const sealed = await seal(db.sealKey, SYNC_KEYS.head, { rows: await readPartners(db, ids), total });
    await db.put('sync', sealed, SYNC_KEYS.head);
  });
}

/** Sync steps come in bursts: the first rows are kept once they have settled. */
const HEAD_DELAY_MS = 1_000;

/**
 * Keeps the list's first rows now, and again after each sync step that changed the mirror (once
 * the steps have settled); returns what stops it (the device's cleanup). A failure only makes the
 * next start's first rows come from the index.
 */
export function followHead(db: () => Promise<AccountDB>, changes: { subscribe(listener: () => void): () => void }, index: LocalIndex): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keep = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void db().then((opened) => keepHead(opened, index)).catch(() => undefined), HEAD_DELAY_MS);
  };
  keep();
  const unsubscribe = changes.subscribe(keep);
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}

/** Keeps the list as it is painted now (a ui/screen-snapshot.ts picture), for the next start's first frame (app/first-paint.ts). */
export async function keepScreen(db: AccountDB, picture: unknown): Promise<void> {
  await db.put('sync', await seal(db.sealKey, SCREEN_KEY, picture), SCREEN_KEY);
}

/** Every record, in id order (tests, the bench and the integration test; the app reads pages, or loads its index). */
export async function readAllPartners(db: AccountDB): Promise<MirroredPartner[]> {
  const tx = db.transaction('chunks');
  const [keys, chunks] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  return (await Promise.all(chunks.map((chunk, i) => openChunk(db.sealKey, keys[i] as number, chunk)))).flat();
}

/**
 * Before a sync writes: a database whose content was sealed with another key (the account's key was
 * lost while its database stayed) is emptied, so the sync fills it again instead of failing on
 * every read. The first sync marks the database with its key.
 */
export async function ensureSealed(db: AccountDB): Promise<void> {
  const canary = await db.get('sync', CANARY_KEY);
  if (canary !== undefined && (await unseal(db.sealKey, CANARY_KEY, canary).then(() => true, () => false))) return;
  const sealed = await seal(db.sealKey, CANARY_KEY, CANARY_KEY);
  try {
    const tx = db.transaction(['chunks', 'sync', 'responses'], 'readwrite');
    const writes = canary === undefined ? [] : [tx.objectStore('chunks').clear(), tx.objectStore('sync').clear(), tx.objectStore('responses').clear()];
    await Promise.all([...writes, tx.objectStore('sync').put(sealed, CANARY_KEY), tx.done]);
  } catch (error) {
    throw storageFailure(error);
  }
}
