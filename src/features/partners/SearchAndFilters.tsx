/**
 * Search as you type (debounced while Odoo answers), and the filters behind one control: a
 * "Filters" button that says how many are in force, a "Clear" that takes them all off in one tap,
 * and a sheet (a native modal `<dialog>`) with the type, countries and tags — several countries or
 * tags at once. A choice applies at once; the list behind the sheet follows. Labels are real labels.
 */
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import type { Named } from './api.ts';
import { activeFilterCount, NO_FILTERS, type PartnerFilters, type PartnerType } from './filters.ts';

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
  const sheet = useRef<HTMLDialogElement>(null);
  const titleId = useId();
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

  const active = activeFilterCount(filters);
  const clear = () => onChange({ ...NO_FILTERS, q: filters.q });
  const toggle = (list: readonly number[], id: number, on: boolean) => (on ? [...list.filter((other) => other !== id), id] : list.filter((other) => other !== id));
  // Tags are hidden when there are none to choose (portal users may not read them), unless the URL chose some.
  const tagChoices = withChosen(tags, filters.tags, 'Tag');
  const countryChoices = withChosen(countries, filters.countries, 'Country');

  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="search">
          <span className="visually-hidden">Search contacts</span>
          <input type="search" placeholder="Search name, email, phone, city…" value={text} onChange={(e) => setText(e.target.value)} enterKeyHint="search" />
        </label>
        <button type="button" className="filters-button" aria-haspopup="dialog" onClick={() => sheet.current?.showModal()}>
          Filters
          {active > 0 && (
            <span className="badge">
              <span className="visually-hidden">, </span>
              {active}
              <span className="visually-hidden"> in force</span>
            </span>
          )}
        </button>
        {active > 0 && (
          <button type="button" className="clear-filters" onClick={clear} aria-label="Clear filters">
            Clear
          </button>
        )}
      </form>
      <dialog ref={sheet} className="sheet" aria-labelledby={titleId}>
        <form method="dialog">
          <h2 id={titleId}>Filters</h2>
          <fieldset className="type">
            <legend>Show</legend>
            {TYPES.map(([value, label]) => (
              <label key={value}>
                <input type="radio" name="type" value={value} checked={filters.type === value} onChange={() => onChange({ ...filters, type: value })} />
                {label}
              </label>
            ))}
          </fieldset>
          <Choices
            legend="Countries"
            options={countryChoices}
            chosen={filters.countries}
            onToggle={(id, on) => onChange({ ...filters, countries: toggle(filters.countries, id, on) })}
          />
          {tagChoices.length > 0 && (
            <Choices legend="Tags" options={tagChoices} chosen={filters.tags} onToggle={(id, on) => onChange({ ...filters, tags: toggle(filters.tags, id, on) })} />
          )}
          <div className="sheet-buttons">
            <button type="button" className="secondary" onClick={clear} disabled={active === 0}>
              Clear filters
            </button>
            <button type="submit">Done</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function Choices({ legend, options, chosen, onToggle }: { legend: string; options: readonly Named[]; chosen: readonly number[]; onToggle: (id: number, on: boolean) => void }) {
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {options.length === 0 && <p className="muted">None on this device yet.</p>}
      {options.map((option) => (
        <label key={option.id}>
          <input type="checkbox" checked={chosen.includes(option.id)} onChange={(e) => onToggle(option.id, e.target.checked)} />
          {option.name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The options, plus the chosen ids that are not among them (not loaded yet, unreadable, or gone):
 * a filter that applies is always shown, and can be taken off.
 */
function withChosen(options: readonly Named[] | undefined, chosen: readonly number[], noun: string): readonly Named[] {
  const list = options ?? [];
  const missing = chosen.filter((id) => !list.some((option) => option.id === id)).map((id) => ({ id, name: `${noun} #${id}` }));
  return missing.length === 0 ? list : [...list, ...missing];
}
