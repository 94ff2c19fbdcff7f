/**
 * The partner queries: one key factory, one `queryOptions` per query (bulletproof-react's habit).
 * Every one asks the partner reader (src/offline/partner-reader.ts), which alone picks the source —
 * the device's mirror or Odoo — and says which; components don't know.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { OdooRecord } from '../../odoo/call-kw.ts';
import type { Named } from '../../offline/mirror.ts';
import { deviceView } from '../../offline/device.ts';
import { partnerReader } from '../../offline/partner-reader.ts';
import type { ShortlistKind } from '../../offline/shortlists.ts';
import type { PartnerFilters } from './filters.ts';

export const PAGE_SIZE = 80;

export const partnerKeys = {
  all: ['partners'] as const,
  lists: () => [...partnerKeys.all, 'list'] as const,
  list: (filters: PartnerFilters) => [...partnerKeys.lists(), filters] as const,
  count: (filters: PartnerFilters) => [...partnerKeys.all, 'count', filters] as const,
  detail: (id: number) => [...partnerKeys.all, 'detail', id] as const,
  /** Not under `all`: a sync that refreshes what the device answered does not ask Odoo for avatars again. */
  extras: (id: number) => ['partner-extras', id] as const,
  contacts: (companyId: number) => [...partnerKeys.all, 'contacts', companyId] as const,
  shortlists: () => [...partnerKeys.all, 'shortlist'] as const,
  shortlist: (kind: ShortlistKind) => [...partnerKeys.shortlists(), kind] as const,
  shortlistIds: () => [...partnerKeys.shortlists(), 'ids'] as const,
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
  /** The job position (`function`), for an individual. */
  readonly jobPosition: string | undefined;
}

export interface PartnerDetail extends PartnerRow {
  readonly completeName: string;
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
    jobPosition: text(record.function),
  };
}

export function toPartnerDetail(record: OdooRecord): PartnerDetail {
  return {
    ...toPartnerRow(record),
    completeName: text(record.complete_name) ?? text(record.name) ?? '',
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
    notes: text(record.comment),
    writeDate: text(record.write_date),
  };
}

export function partnerListQuery(filters: PartnerFilters) {
  return infiniteQueryOptions({
    queryKey: partnerKeys.list(filters),
    queryFn: async ({ pageParam, signal }) => (await partnerReader.list(filters, { offset: pageParam, limit: PAGE_SIZE }, signal)).value.map(toPartnerRow),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.length < PAGE_SIZE ? undefined : pages.length * PAGE_SIZE),
  });
}

export function partnerCountQuery(filters: PartnerFilters) {
  return queryOptions({
    queryKey: partnerKeys.count(filters),
    queryFn: async ({ signal }) => (await partnerReader.count(filters, signal)).value,
  });
}

export function partnerDetailQuery(id: number) {
  return queryOptions({
    queryKey: partnerKeys.detail(id),
    queryFn: async ({ signal }) => toPartnerDetail((await partnerReader.detail(id, signal)).value),
  });
}

/** What the mirror does not keep (the avatar): asked after the rest of the contact is on screen; absent offline. */
export function partnerExtrasQuery(id: number) {
  return queryOptions({
    queryKey: partnerKeys.extras(id),
    queryFn: ({ signal }) => partnerReader.extras(id, signal),
    staleTime: 30 * 60_000,
  });
}

/** The other contacts of a company (the company's children), for the detail view. */
export function companyContactsQuery(companyId: number) {
  return queryOptions({
    queryKey: partnerKeys.contacts(companyId),
    queryFn: async ({ signal }) => (await partnerReader.children(companyId, signal)).value.map(toPartnerRow),
  });
}

/** The recent or the starred contacts (issue 15 §3), from the device's shortlists. */
export function shortlistQuery(kind: ShortlistKind) {
  return queryOptions({
    queryKey: partnerKeys.shortlist(kind),
    queryFn: async ({ signal }) => (await partnerReader.shortlist(kind, signal)).value.map(toPartnerRow),
  });
}

/** The ids on the device's shortlists: is this contact starred? */
export const shortlistIdsQuery = queryOptions({
  queryKey: partnerKeys.shortlistIds(),
  queryFn: async () => (await deviceView()?.shortlists()) ?? { recent: [], starred: [] },
});

export type { Named };

/** Tags and countries: from the device once its mirror is whole (kept fresh by the sync). */
export const tagsQuery = queryOptions({
  queryKey: referenceKeys.tags,
  queryFn: async ({ signal }) => (await partnerReader.tags(signal)).value,
});

export const countriesQuery = queryOptions({
  queryKey: referenceKeys.countries,
  queryFn: async ({ signal }) => (await partnerReader.countries(signal)).value,
});
