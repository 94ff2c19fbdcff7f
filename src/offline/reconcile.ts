/**
 * Deletions and lost access, found cheaply. A delta brings what was written since the last sync,
 * but a deleted record (or one a record rule now hides) just stops appearing. After the delta's
 * upserts the mirror holds every record the server has, plus those; so the counts differ exactly
 * when something vanished. Where they differ we halve the id range (one `search_count` per half,
 * the other half's count follows) down to a few dozen ids, then compare the ids themselves: about
 * log2(n) small requests per vanished record, a few hundred bytes each.
 */
import type { Domain } from '../odoo/domain.ts';
import type { RpcOptions } from '../odoo/rpc.ts';
import type { OdooRecord } from '../odoo/call-kw.ts';
import { MIRROR_FIELDS, PARTNER, type SyncRpc } from './sync-rpc.ts';

/** At or below this many local ids in a range, `search` the range's ids instead of halving it. */
export const LEAF_SIZE = 64;

export interface Difference {
  /** Ids in the mirror that the server no longer gives. */
  readonly vanished: number[];
  /** Records the server gives that the mirror lacks (access granted without a write, or written meanwhile). */
  readonly appeared: OdooRecord[];
}

/** `lo <= id < hi`; an absent bound is open. */
function rangeDomain(lo: number | undefined, hi: number | undefined): Domain {
  return [...(lo === undefined ? [] : [['id', '>=', lo] as const]), ...(hi === undefined ? [] : [['id', '<', hi] as const])];
}

/**
 * Compares the mirror's ids (`localIds`, ascending) with the server's readable, active partners.
 * `serverTotal` is the server's `search_count([])` when the caller already has it.
 */
export async function findDifference(rpc: SyncRpc, localIds: readonly number[], options: RpcOptions, serverTotal?: number): Promise<Difference> {
  const vanished: number[] = [];
  const appearedIds: number[] = [];

  const narrow = async (start: number, end: number, lo: number | undefined, hi: number | undefined, serverCount: number): Promise<void> => {
    const localCount = end - start;
    if (localCount === serverCount) return;
    if (serverCount === 0) {
      vanished.push(...localIds.slice(start, end));
      return;
    }
    if (localCount <= LEAF_SIZE) {
      const serverIds = await rpc.search(PARTNER, { domain: rangeDomain(lo, hi), order: 'id asc' }, options);
      const local = new Set(localIds.slice(start, end));
      const server = new Set(serverIds);
      for (const id of local) if (!server.has(id)) vanished.push(id);
      for (const id of serverIds) if (!local.has(id)) appearedIds.push(id);
      return;
    }
    const middle = start + Math.floor(localCount / 2);
    const split = localIds[middle];
    if (split === undefined) return;
    const leftCount = await rpc.searchCount(PARTNER, rangeDomain(lo, split), options);
    await narrow(start, middle, lo, split, leftCount);
    await narrow(middle, end, split, hi, serverCount - leftCount);
  };

  const total = serverTotal ?? (await rpc.searchCount(PARTNER, [], options));
  await narrow(0, localIds.length, undefined, undefined, total);
  const appeared = appearedIds.length === 0 ? [] : await rpc.searchRead(PARTNER, { domain: [['id', 'in', appearedIds]], fields: MIRROR_FIELDS }, options);
  return { vanished, appeared };
}
