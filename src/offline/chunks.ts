/**
 * How the mirror's records are stored: in chunks of about CHUNK_SIZE consecutive ids, each sealed
 * (storage/seal.ts) as one value. A chunk is keyed by the lowest id it may hold and holds every
 * mirrored id from there to the next chunk's key; its ids are kept in the clear beside the sealed
 * records (an id says nothing), so finding a record, listing the ids or counting opens nothing.
 *
 * Why chunks: a sync of 200,000 partners writes 2,000 values instead of 200,000 (IndexedDB's cost
 * is per value: the browser's storage process spent a core on the records one by one), and the
 * sealing is per chunk. A list page of 50 rows in name order opens at most 50 small chunks.
 * Records go in as rows of values under one list of keys (the field names once per chunk). The
 * writing side (cutting, sealing) is mirror-writes.ts: not part of the first screen.
 */
import type { AccountDB, MirroredPartner } from '../storage/account-db.ts';
import { unseal } from '../storage/seal.ts';

/** The label a chunk's records are sealed under: a chunk moved to another key does not open. */
export const labelOf = (first: number) => `chunk:${first}`;

/** Record `position` of a chunk's opened value (rows under one list of keys; an absent field is null there), checked against its ids. */
export function unpack(value: unknown, ids: readonly number[]): (position: number) => MirroredPartner | undefined {
  const { keys, rows } = value as { keys: string[]; rows: unknown[][] };
  return (position) => {
    const record: Record<string, unknown> = {};
    keys.forEach((key, k) => {
      const field = rows[position]?.[k];
      if (field !== null && field !== undefined) record[key] = field;
    });
    return record.id === ids[position] ? (record as MirroredPartner) : undefined;
  };
}

/** The position in `firsts` (ascending chunk keys) of the chunk that holds `id`, or -1 (below the first chunk). */
export function chunkOf(firsts: readonly number[], id: number): number {
  let low = 0;
  let high = firsts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((firsts[middle] as number) <= id) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The records of these ids, by id (ids the mirror does not hold are absent): each chunk they are in is opened once. */
export async function readRecords(db: AccountDB, ids: readonly number[]): Promise<Map<number, MirroredPartner>> {
  const found = new Map<number, MirroredPartner>();
  const tx = db.transaction('chunks');
  const firsts = await tx.store.getAllKeys();
  const wanted = new Map<number, Set<number>>();
  for (const id of ids) {
    const first = firsts[chunkOf(firsts, id)];
    if (first !== undefined) wanted.set(first, (wanted.get(first) ?? new Set()).add(id));
  }
  // Every `get` is asked before the first await returns: one transaction.
  await Promise.all(
    [...wanted].map(async ([first, inChunk]) => {
      const chunk = await tx.store.get(first);
      if (chunk === undefined) return;
      const at = unpack(await unseal(db.sealKey, labelOf(first), chunk.records), chunk.ids);
      chunk.ids.forEach((id, position) => {
        const record = inChunk.has(id) ? at(position) : undefined;
        if (record !== undefined) found.set(id, record);
      });
    }),
  );
  return found;
}
