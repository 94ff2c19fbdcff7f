/**
 * The partner reader: every partner query of the app (list, count, detail, a company's contacts,
 * tags, countries) asks it, and it alone picks the source (DESIGN.md "Partner reads"). Each answer
 * says where it came from and how old it is: `{ value, source, syncedAt }`.
 *
 *  - The mirror is whole (a full sync finished once): the device answers, at once, on any network.
 *    Odoo is not asked; the sync engine keeps the mirror fresh and the status line says how fresh.
 *    (A contact the device does not hold — a link to one created since the last sync — is asked of Odoo.)
 *  - The mirror is not whole yet (the first sync is running): the server answers, unless it fails
 *    or takes longer than a short budget; then what the device already holds answers, if anything.
 *
 * Fields the mirror does not keep (the avatar) are `extras`: asked of Odoo after the rest is on
 * screen; offline, they are simply absent. Partner calls are never the service worker's stored
 * answers (`noStore`): the device's mirror is the one offline copy. Framework-free.
 */
import { read, searchCount, searchRead, type OdooRecord } from '../odoo/call-kw.ts';
import { isOdooError, OdooError } from '../odoo/errors.ts';
import type { RpcOptions } from '../odoo/rpc.ts';
import { deviceView, type DeviceView, type IndexWhen } from './device.ts';
import type { LocalIndex } from './local-search.ts';
import type { Named } from './mirror.ts';
import { isWholeList, partnerDomain, type PartnerQuery } from './partner-query.ts';
import type { ShortlistKind } from './shortlists.ts';
import { MIRROR_FIELDS, PARTNER, TAG } from './sync-rpc.ts';

export type Source = 'device' | 'server';

export interface Answer<T> {
  readonly value: T;
  readonly source: Source;
  /** For the device's answers: when its mirror was last synced (undefined while the first sync runs). */
  readonly syncedAt: number | undefined;
}

export interface Extras {
  /** The avatar (base64 PNG/SVG), when Odoo could be asked and the partner has one. */
  readonly avatar: string | undefined;
}

/** How long a partner query waits for Odoo, while the mirror is not whole, before the device answers with what it has. */
export const SERVER_BUDGET_MS = 1_500;

/** What the list shows of a partner. */
export const LIST_FIELDS = ['name', 'complete_name', 'is_company', 'function', 'email', 'phone', 'city', 'country_id', 'category_id', 'parent_id'] as const;

/** The Odoo calls the reader makes while the mirror is not whole; injectable for tests. */
export interface ReaderRpc {
  readonly searchRead: typeof searchRead;
  readonly searchCount: typeof searchCount;
  readonly read: typeof read;
}

export interface ReaderOptions {
  readonly device?: () => DeviceView | undefined;
  readonly rpc?: ReaderRpc;
  readonly budgetMs?: number;
}

export interface PartnerReader {
  list(query: PartnerQuery, page: { readonly offset: number; readonly limit: number }, signal?: AbortSignal): Promise<Answer<OdooRecord[]>>;
  count(query: PartnerQuery, signal?: AbortSignal): Promise<Answer<number>>;
  /** Throws a `not_found` OdooError when the partner does not exist (or is not the user's to read). */
  detail(id: number, signal?: AbortSignal): Promise<Answer<OdooRecord>>;
  /** The contacts of a company, in Odoo's order (at most 200). */
  children(companyId: number, signal?: AbortSignal): Promise<Answer<OdooRecord[]>>;
  tags(signal?: AbortSignal): Promise<Answer<Named[]>>;
  countries(signal?: AbortSignal): Promise<Answer<Named[]>>;
  /** What the mirror does not keep; never from the device, and empty (not an error) when Odoo cannot be reached. */
  extras(id: number, signal?: AbortSignal): Promise<Extras>;
  /** The recent or the starred contacts, in the shortlist's order; those that no longer exist are left out. */
  shortlist(kind: ShortlistKind, signal?: AbortSignal): Promise<Answer<OdooRecord[]>>;
}

/** Failures after which what the device holds is better than an error: no answer, or not Odoo's. */
const deviceMayAnswer = (error: unknown): boolean => isOdooError(error, 'network') || isOdooError(error, 'protocol') || isOdooError(error, 'server');

const CHILDREN_LIMIT = 200;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const named = (record: OdooRecord): Named => ({ id: record.id, name: text(record.name) ?? text(record.display_name) ?? `#${record.id}` });
const notFound = (id: number) => new OdooError('not_found', `res.partner ${id} does not exist.`);
const never = () => new OdooError('protocol', 'The device could not answer.');

/** How a query is answered by the device. */
interface DeviceSide<T> {
  /**
   * From the index; undefined when the device does not know: a partner that is not mirrored — with
   * a whole mirror, one created since the last sync (a colleague's link), or one that does not exist
   * or is not the user's to see. Odoo alone can tell: it is asked, and when it cannot be reached,
   * `missing()` says so.
   */
  readonly fromIndex: (index: LocalIndex, device: DeviceView) => Promise<T | undefined>;
  /** Straight from storage, before the index is there; undefined when storage alone cannot say. */
  readonly fromStorage?: (device: DeviceView) => Promise<T | undefined>;
  readonly missing?: () => Error;
  /** 'after-first-rows' for what the first rows do not show (the country filter): its index load waits for them. */
  readonly whenIndexed?: IndexWhen;
}

export function createPartnerReader(options: ReaderOptions = {}): PartnerReader {
  const device = options.device ?? deviceView;
  const rpc = options.rpc ?? { searchRead, searchCount, read };
  const budgetMs = options.budgetMs ?? SERVER_BUDGET_MS;

  /** The one rule (see the top of this file). */
  async function answer<T>(signal: AbortSignal | undefined, fromServer: (rpcOptions: RpcOptions) => Promise<T>, deviceSide: DeviceSide<T>): Promise<Answer<T>> {
    const { fromIndex, fromStorage, missing = never, whenIndexed = 'now' } = deviceSide;
    const here = device();
    if (here !== undefined && (await here.complete())) {
      // The whole list's first page (and the tags) come straight from storage while the index loads.
      const stored = await fromStorage?.(here);
      if (stored !== undefined) return { value: stored, source: 'device', syncedAt: here.syncedAt() };
      const value = await fromIndex(await here.index(whenIndexed), here);
      if (value !== undefined) return { value, source: 'device', syncedAt: here.syncedAt() };
      try {
        return { value: await fromServer({ noStore: true, ...(signal === undefined ? {} : { signal }) }), source: 'server', syncedAt: undefined };
      } catch (error) {
        throw deviceMayAnswer(error) ? missing() : error;
      }
    }
    const local = async (): Promise<Answer<T> | undefined> => {
      const index = await here?.index(whenIndexed).catch(() => undefined);
      if (here === undefined || index === undefined || index.size === 0) return undefined;
      const value = await fromIndex(index, here).catch(() => undefined);
      return value === undefined ? undefined : { value, source: 'device', syncedAt: here.syncedAt() };
    };
    // Abandoned when the device answers instead: a slow Odoo is not kept busy for nothing.
    const controller = new AbortController();
    const callSignal = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    const server = fromServer({ signal: callSignal, noStore: true }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), budgetMs)));
    let outcome = await Promise.race([server, slow]);
    clearTimeout(timer);
    if (outcome === 'slow') {
      // What the device holds, or Odoo's answer if it comes while the device is still reading.
      const next = await Promise.race([server, local().then((fallback) => ({ fallback }))]);
      if (!('fallback' in next)) outcome = next;
      else if (next.fallback !== undefined) {
        controller.abort();
        return next.fallback;
      } else outcome = await server;
    }
    if (outcome.ok) return { value: outcome.value, source: 'server', syncedAt: undefined };
    if (signal?.aborted !== true && deviceMayAnswer(outcome.error)) {
      const fallback = await local();
      if (fallback !== undefined) return fallback;
    }
    throw outcome.error;
  }

  return {
    list(query, page, signal) {
      return answer(
        signal,
        (o) => rpc.searchRead(PARTNER, { domain: partnerDomain(query), fields: LIST_FIELDS, limit: page.limit, offset: page.offset }, o),
        {
          fromIndex: async (index, here) => here.records(index.search(query, page).ids),
          ...(isWholeList(query) ? { fromStorage: async (here) => (await here.firstPage(page.offset, page.limit))?.rows } : {}),
        },
      );
    },
    count(query, signal) {
      return answer(
        signal,
        (o) => rpc.searchCount(PARTNER, partnerDomain(query), o),
        {
          fromIndex: async (index) => index.search(query, { offset: 0, limit: 0 }).total,
          ...(isWholeList(query) ? { fromStorage: async (here) => (await here.firstPage(0, 0))?.total } : {}),
        },
      );
    },
    detail(id, signal) {
      return answer(
        signal,
        async (o) => {
          const [record] = await rpc.read(PARTNER, [id], [...MIRROR_FIELDS, 'child_ids'], o);
          // Odoo's `read` leaves out ids that do not exist (deleted, or never were) instead of failing.
          if (record === undefined) throw notFound(id);
          return record;
        },
        {
          fromIndex: async (index, here) => {
            if (!index.has(id)) return undefined;
            const [record] = await here.records([id]);
            return record === undefined ? undefined : { ...record, child_ids: index.children(id) };
          },
          missing: () => new OdooError('not_found', `res.partner ${id} is not on this device and Odoo cannot be reached.`, { reason: 'not_on_device' }),
        },
      );
    },
    children(companyId, signal) {
      return answer(
        signal,
        (o) => rpc.searchRead(PARTNER, { domain: [['parent_id', '=', companyId]], fields: LIST_FIELDS, limit: CHILDREN_LIMIT }, o),
        { fromIndex: async (index, here) => here.records(index.children(companyId).slice(0, CHILDREN_LIMIT)) },
      );
    },
    tags(signal) {
      return answer(
        signal,
        async (o) => (await rpc.searchRead(TAG, { domain: [], fields: ['name'], order: 'name asc' }, o)).map(named),
        // The stored tags are the index's: the first screen does not wait for (nor load) the index.
        { fromIndex: async (index) => [...index.tags()], fromStorage: (here) => here.tags() },
      );
    },
    countries(signal) {
      return answer(
        signal,
        async (o) => (await rpc.searchRead('res.country', { domain: [], fields: ['name'], order: 'name asc' }, o)).map(named),
        // The countries the partners are in: the index knows them, once the first rows are on screen.
        { fromIndex: async (index) => [...index.countries()], whenIndexed: 'after-first-rows' },
      );
    },
    async shortlist(kind, signal) {
      const here = device();
      const ids = here === undefined ? [] : (await here.shortlists())[kind];
      if (ids.length === 0) return { value: [], source: 'device', syncedAt: here?.syncedAt() };
      return answer(
        signal,
        async (o) => {
          const found = new Map((await rpc.searchRead(PARTNER, { domain: [['id', 'in', [...ids]]], fields: LIST_FIELDS, limit: ids.length }, o)).map((r) => [r.id, r]));
          return ids.flatMap((id) => found.get(id) ?? []);
        },
        { fromIndex: async (index, mirror) => mirror.records(ids.filter((id) => index.has(id))) },
      );
    },
    async extras(id, signal) {
      try {
        const [record] = await rpc.read(PARTNER, [id], ['avatar_128'], { noStore: true, ...(signal === undefined ? {} : { signal }) });
        return { avatar: text(record?.avatar_128) };
      } catch (error) {
        // Offline or slow, the contact is shown without its picture: not an error.
        if (deviceMayAnswer(error)) return { avatar: undefined };
        throw error;
      }
    },
  };
}

/** The app's reader: the running account's device, the real Odoo calls. */
export const partnerReader: PartnerReader = createPartnerReader();
