/** Search as you type (debounced) and the filters: type, country, tag. Labels are real labels. */
import { useEffect, useEffectEvent, useState } from 'react';
import type { Named } from './api.ts';
import type { PartnerFilters, PartnerType } from './filters.ts';

/** While Odoo answers searches, one request per pause in typing, not per key. The device answers each key at once. */
const DEBOUNCE_MS = 250;

interface Props {
  readonly filters: PartnerFilters;
  readonly onChange: (filters: PartnerFilters) => void;
  readonly tags: readonly Named[] | undefined;
  readonly countries: readonly Named[] | undefined;
  /** The device answers (its mirror is whole): every key searches, no debounce. */
  readonly instant: boolean;
}

const TYPES: readonly (readonly [PartnerType, string])[] = [
  ['all', 'All'],
  ['company', 'Companies'],
  ['person', 'Individuals'],
];

export function SearchAndFilters({ filters, onChange, tags, countries, instant }: Props) {
  const [text, setText] = useState(filters.q);
  const [shownQ, setShownQ] = useState(filters.q);
  // The URL changed under us (back/forward): show its words (React's "adjust state on prop change").
  if (filters.q !== shownQ) {
    setShownQ(filters.q);
    setText(filters.q);
  }

  const commit = useEffectEvent((q: string) => {
    if (q !== filters.q) onChange({ ...filters, q });
  });
  useEffect(() => {
    if (instant) {
      commit(text);
      return undefined;
    }
    const timer = window.setTimeout(() => commit(text), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, instant]);

  const idOf = (value: string) => (value === '' ? undefined : Number(value));

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="search">
        <span className="visually-hidden">Search contacts</span>
        <input type="search" placeholder="Search name, email, phone, city…" value={text} onChange={(e) => setText(e.target.value)} enterKeyHint="search" />
      </label>
      <fieldset className="type">
        <legend className="visually-hidden">Show</legend>
        {TYPES.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="type" value={value} checked={filters.type === value} onChange={() => onChange({ ...filters, type: value })} />
            {label}
          </label>
        ))}
      </fieldset>
      <label>
        Country
        <select value={filters.country ?? ''} onChange={(e) => onChange({ ...filters, country: idOf(e.target.value) })}>
          <option value="">All countries</option>
          {withChosen(countries, filters.country, 'Country').map((country) => (
            <option key={country.id} value={country.id}>
              {country.name}
            </option>
          ))}
        </select>
      </label>
      {/* Hidden when there are no tags to choose (portal users may not read them), unless a tag from the URL filters the list. */}
      {((tags !== undefined && tags.length > 0) || filters.tag !== undefined) && (
        <label>
          Tag
          <select value={filters.tag ?? ''} onChange={(e) => onChange({ ...filters, tag: idOf(e.target.value) })}>
            <option value="">All tags</option>
            {withChosen(tags, filters.tag, 'Tag').map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </form>
  );
}

/**
 * The options, plus the chosen id when it is not among them (not loaded yet, unreadable, or gone):
 * a filter that applies is always shown, and can be taken off, never displayed as "All".
 */
function withChosen(options: readonly Named[] | undefined, chosen: number | undefined, noun: string): readonly Named[] {
  const list = options ?? [];
  return chosen === undefined || list.some((option) => option.id === chosen) ? list : [...list, { id: chosen, name: `${noun} #${chosen}` }];
}
