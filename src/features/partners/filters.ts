/**
 * The list's filters live in the URL (`?q=…&type=company&country=21&tag=3`), so a view can be
 * bookmarked, shared and restored after login; this is their one parser and one printer.
 */
import type { PartnerQuery, PartnerType } from '../../offline/partner-query.ts';

export type { PartnerType };
/** The list's filters are a partner query (its meaning, on the server and the device: partner-query.ts). */
export type PartnerFilters = PartnerQuery;

export const NO_FILTERS: PartnerFilters = { q: '', type: 'all', country: undefined, tag: undefined };

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
