/**
 * The list's filters live in the URL (`?q=…&type=company&country=21&tag=3`), so a view can be
 * bookmarked, shared and restored after login; this is their one parser and one printer, and the
 * Odoo domain they mean.
 */
import { allOf, anyOf, type Domain } from '../../odoo/domain.ts';

export type PartnerType = 'all' | 'company' | 'person';

export interface PartnerFilters {
  readonly q: string;
  readonly type: PartnerType;
  readonly country: number | undefined;
  readonly tag: number | undefined;
}

export const NO_FILTERS: PartnerFilters = { q: '', type: 'all', country: undefined, tag: undefined };

/** The fields "search as you type" looks in. */
export const SEARCH_FIELDS = ['name', 'email', 'phone', 'ref', 'city'] as const;

const MAX_QUERY_LENGTH = 200;

function positiveId(value: string | null): number | undefined {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id > 0 ? id : undefined;
}

/** Unknown or malformed parameters are dropped, never an error: a bad link still opens the list. */
export function parseFilters(search: string): PartnerFilters {
  const params = new URLSearchParams(search);
  const type = params.get('type');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    type: type === 'company' || type === 'person' ? type : 'all',
    country: positiveId(params.get('country')),
    tag: positiveId(params.get('tag')),
  };
}

export function serializeFilters(filters: PartnerFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q);
  if (filters.type !== 'all') params.set('type', filters.type);
  if (filters.country !== undefined) params.set('country', String(filters.country));
  if (filters.tag !== undefined) params.set('tag', String(filters.tag));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The Odoo domain of the filters: search words in any search field, AND each filter. */
export function partnerDomain(filters: PartnerFilters): Domain {
  const q = filters.q.trim();
  return allOf(
    q === '' ? [] : anyOf(SEARCH_FIELDS.map((field) => [field, 'ilike', q] as const)),
    filters.type === 'all' ? [] : [['is_company', '=', filters.type === 'company']],
    filters.country === undefined ? [] : [['country_id', '=', filters.country]],
    filters.tag === undefined ? [] : [['category_id', 'in', [filters.tag]]],
  );
}
