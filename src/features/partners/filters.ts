/**
 * The list's filters live in the URL (`?q=…&type=company&country=21&country=4&tag=3`), so a view
 * can be bookmarked, shared and restored after login; this is their one parser and one printer.
 * Several countries or tags repeat their parameter (any of them matches: partner-query.ts).
 */
import type { PartnerQuery, PartnerType } from '../../offline/partner-query.ts';
import type { ShortlistKind } from '../../offline/shortlists.ts';

export type { PartnerType };
/** The list's filters are a partner query (its meaning, on the server and the device: partner-query.ts). */
export type PartnerFilters = PartnerQuery;

export const NO_FILTERS: PartnerFilters = { q: '', type: 'all', countries: [], tags: [] };

const MAX_QUERY_LENGTH = 200;
/** At most this many countries or tags from a URL: a list filter, not a list of every id. */
const MAX_CHOSEN = 50;

function positiveId(value: string): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id > 0 ? id : undefined;
}

/** The ids of a repeated parameter (comma-separated lists too), valid ones only, each once, in order. */
function ids(params: URLSearchParams, name: string): number[] {
  const found = params.getAll(name).flatMap((value) => value.split(',').flatMap((part) => positiveId(part.trim()) ?? []));
  return [...new Set(found)].slice(0, MAX_CHOSEN);
}

/** Unknown or malformed parameters are dropped, never an error: a bad link still opens the list. */
export function parseFilters(search: string): PartnerFilters {
  const params = new URLSearchParams(search);
  const type = params.get('type');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    type: type === 'company' || type === 'person' ? type : 'all',
    countries: ids(params, 'country'),
    tags: ids(params, 'tag'),
  };
}

export function serializeFilters(filters: PartnerFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim() !== '') params.set('q', filters.q);
  if (filters.type !== 'all') params.set('type', filters.type);
  for (const country of filters.countries) params.append('country', String(country));
  for (const tag of filters.tags) params.append('tag', String(tag));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** `?view=recent` or `?view=starred`: one of the shortlists instead of the whole list (issue 15 §3). */
export function parseView(search: string): ShortlistKind | undefined {
  const view = new URLSearchParams(search).get('view');
  return view === 'recent' || view === 'starred' ? view : undefined;
}

/** How many filters narrow the list besides the words: the type, each country, each tag. */
export function activeFilterCount(filters: PartnerFilters): number {
  return (filters.type === 'all' ? 0 : 1) + filters.countries.length + filters.tags.length;
}
