/**
 * The partner queries: one key factory, one `queryOptions` per query (bulletproof-react's habit).
 * Components call hooks over these; only src/odoo talks to the network.
 *
 * The query picks the source, components don't know (DESIGN.md "Online and offline reads"):
 * online, the server's answer; when Odoo cannot be reached — or only the service worker's stored
 * answer came back — the device's partner mirror answers the same question.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { LocalIndex } from '../../offline/local-search.ts';
import { read, searchCount, searchRead, type OdooRecord } from '../../odoo/call-kw.ts';
import { isOdooError, OdooError } from '../../odoo/errors.ts';
import type { RpcOptions } from '../../odoo/rpc.ts';
import { partnerDomain, type PartnerFilters } from './filters.ts';

export const PAGE_SIZE = 80;

const LIST_FIELDS = ['name', 'is_company', 'email', 'phone', 'city', 'country_id', 'category_id', 'parent_id'] as const;
const DETAIL_FIELDS = [
  ...LIST_FIELDS,
  'complete_name',
  'function',
  'mobile',
  'website',
  'ref',
  'vat',
  'street',
  'street2',
  'zip',
  'state_id',
  'commercial_partner_id',
  'child_ids',
  'avatar_128',
  'comment',
  'write_date',
] as const;

export const partnerKeys = {
  all: ['partners'] as const,
  lists: () => [...partnerKeys.all, 'list'] as const,
  list: (filters: PartnerFilters) => [...partnerKeys.lists(), filters] as const,
  count: (filters: PartnerFilters) => [...partnerKeys.all, 'count', filters] as const,
  detail: (id: number) => [...partnerKeys.all, 'detail', id] as const,
  contacts: (companyId: number) => [...partnerKeys.all, 'contacts', companyId] as const,
};

export const referenceKeys = {
  tags: ['res.partner.category', 'all'] as const,
  countries: ['res.country', 'all'] as const,
};

export type Many2one = { readonly id: number; readonly name: string } | undefined;

export interface PartnerRow {
  readonly id: number;
  readonly name: string;
  readonly isCompany: boolean;
  readonly email: string | undefined;
  readonly phone: string | undefined;
  readonly city: string | undefined;
  readonly country: Many2one;
  readonly parent: Many2one;
  readonly tagIds: readonly number[];
}

export interface PartnerDetail extends PartnerRow {
  readonly completeName: string;
  readonly jobPosition: string | undefined;
  readonly mobile: string | undefined;
  readonly website: string | undefined;
  readonly ref: string | undefined;
  readonly vat: string | undefined;
  readonly street: string | undefined;
  readonly street2: string | undefined;
  readonly zip: string | undefined;
  readonly state: Many2one;
  readonly commercialPartner: Many2one;
  readonly childIds: readonly number[];
  readonly avatar: string | undefined;
  readonly notes: string | undefined;
  readonly writeDate: string | undefined;
}

// Odoo writes `false` for every empty value (odoo-wire/README "Value encoding").
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const many2one = (value: unknown): Many2one =>
  Array.isArray(value) && typeof value[0] === 'number' ? { id: value[0], name: typeof value[1] === 'string' ? value[1] : '' } : undefined;
const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : []);

export function toPartnerRow(record: OdooRecord): PartnerRow {
  return {
    id: record.id,
    name: text(record.name) ?? '',
    isCompany: record.is_company === true,
    email: text(record.email),
    phone: text(record.phone),
    city: text(record.city),
    country: many2one(record.country_id),
    parent: many2one(record.parent_id),
    tagIds: ids(record.category_id),
  };
}

export function toPartnerDetail(record: OdooRecord): PartnerDetail {
  return {
    ...toPartnerRow(record),
    completeName: text(record.complete_name) ?? text(record.name) ?? '',
    jobPosition: text(record.function),
    mobile: text(record.mobile),
    website: text(record.website),
    ref: text(record.ref),
    vat: text(record.vat),
    street: text(record.street),
    street2: text(record.street2),
    zip: text(record.zip),
    state: many2one(record.state_id),
    commercialPartner: many2one(record.commercial_partner_id),
    childIds: ids(record.child_ids),
    avatar: text(record.avatar_128),
    notes: text(record.comment),
    writeDate: text(record.write_date),
  };
}

/** Where the device's answers come from: the local index over the account's mirror (src/app/device.ts). */
export interface PartnerDevice {
  /** The index, once something is mirrored; undefined before. */
  index(): Promise<LocalIndex | undefined>;
  /** The mirror holds the whole book, not the first pages of an unfinished sync. */
  complete(): Promise<boolean>;
}

let device: PartnerDevice | undefined;

export function setPartnerDevice(next: PartnerDevice | undefined): void {
  device = next;
}

/**
 * The server's answer, or the device's when the server cannot give one: the network failed, or
 * the service worker could only replay a stored answer (then a whole mirror, as new or newer, wins
 * over it; an unfinished one does not). `fromDevice` returns undefined when the device does not
 * know (a partner not mirrored): then the network's error, or the stored answer, stands.
 */
async function serverOrDevice<T>(signal: AbortSignal, fromServer: (options: RpcOptions) => Promise<T>, fromDevice: (index: LocalIndex) => T | undefined): Promise<T> {
  const local = async () => {
    const index = await device?.index().catch(() => undefined);
    return index === undefined ? undefined : fromDevice(index);
  };
  let stored = false;
  try {
    const answer = await fromServer({ signal, onStored: () => (stored = true) });
    return stored && (await device?.complete()) === true ? ((await local()) ?? answer) : answer;
  } catch (error) {
    if (!isOdooError(error, 'network') || signal.aborted) throw error;
    const answer = await local();
    if (answer === undefined) throw error;
    return answer;
  }
}

export function partnerListQuery(filters: PartnerFilters) {
  return infiniteQueryOptions({
    queryKey: partnerKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      serverOrDevice(
        signal,
        async (options) => (await searchRead('res.partner', { domain: partnerDomain(filters), fields: LIST_FIELDS, limit: PAGE_SIZE, offset: pageParam }, options)).map(toPartnerRow),
        (index) => index.search(filters, { offset: pageParam, limit: PAGE_SIZE }).rows.map(toPartnerRow),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.length < PAGE_SIZE ? undefined : pages.length * PAGE_SIZE),
  });
}

export function partnerCountQuery(filters: PartnerFilters) {
  return queryOptions({
    queryKey: partnerKeys.count(filters),
    queryFn: ({ signal }) =>
      serverOrDevice(
        signal,
        (options) => searchCount('res.partner', partnerDomain(filters), options),
        (index) => index.search(filters, { offset: 0, limit: 0 }).total,
      ),
  });
}

export function partnerDetailQuery(id: number) {
  return queryOptions({
    queryKey: partnerKeys.detail(id),
    queryFn: ({ signal }) =>
      serverOrDevice(
        signal,
        async (options) => {
          const [record] = await read('res.partner', [id], DETAIL_FIELDS, options);
          // Odoo's `read` leaves out ids that do not exist (deleted, or never were) instead of failing.
          if (record === undefined) throw new OdooError('not_found', `res.partner ${id} does not exist.`);
          return toPartnerDetail(record);
        },
        (index) => {
          // The mirror keeps no avatars; the index fills a company's contacts from the mirror.
          const record = index.get(id);
          return record === undefined ? undefined : toPartnerDetail(record);
        },
      ),
  });
}

/** The other contacts of a company (the company's children), for the detail view. */
export function companyContactsQuery(companyId: number) {
  return queryOptions({
    queryKey: partnerKeys.contacts(companyId),
    queryFn: ({ signal }) =>
      serverOrDevice(
        signal,
        async (options) => (await searchRead('res.partner', { domain: [['parent_id', '=', companyId]], fields: LIST_FIELDS, limit: 200 }, options)).map(toPartnerRow),
        (index) => index.children(companyId).slice(0, 200).map(toPartnerRow),
      ),
  });
}

export interface Named {
  readonly id: number;
  readonly name: string;
}

const named = (record: OdooRecord): Named => ({ id: record.id, name: text(record.name) ?? text(record.display_name) ?? `#${record.id}` });

/** Tags and countries change rarely: cached for the session. Offline, the ones the mirror knows. */
export const tagsQuery = queryOptions({
  queryKey: referenceKeys.tags,
  queryFn: ({ signal }) =>
    serverOrDevice(
      signal,
      async (options) => (await searchRead('res.partner.category', { domain: [], fields: ['name'], order: 'name asc' }, options)).map(named),
      (index) => [...index.tags()],
    ),
  staleTime: 30 * 60_000,
});

export const countriesQuery = queryOptions({
  queryKey: referenceKeys.countries,
  queryFn: ({ signal }) =>
    serverOrDevice(
      signal,
      async (options) => (await searchRead('res.country', { domain: [], fields: ['name'], order: 'name asc' }, options)).map(named),
      (index) => [...index.countries()],
    ),
  staleTime: 30 * 60_000,
});
