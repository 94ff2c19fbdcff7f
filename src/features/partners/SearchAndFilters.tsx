/**
 * Search as you type (debounced while Odoo answers), and the filters behind one control: a
 * "Filters" button that says how many are in force, a "Clear" that takes them all off in one tap,
 * and a sheet (a native modal `<dialog>`) with the type, countries and tags — several countries or
 * tags at once. A choice applies at once; the list behind the sheet follows. Labels are real labels.
 */
import { t } from '../../i18n/i18n.ts';
import { lazy, Suspense, useEffect, useEffectEvent, useState } from 'react';
import type { Named } from './api.ts';
import { activeFilterCount, NO_FILTERS, type PartnerFilters } from './filters.ts';

// The sheet loads the first time it opens: not first-screen bytes.
const FilterSheet = lazy(() => import('./FilterSheet.tsx'));

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


export function SearchAndFilters({ filters, onChange, tags, countries, instant }: Props) {
  const [text, setText] = useState(filters.q);
  const [shownQ, setShownQ] = useState(filters.q);
  const [opened, setOpened] = useState(0);
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

  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="search">
          <span className="visually-hidden">{t('Search contacts')}</span>
          <input type="search" placeholder={t('Search name, email, phone, city…')} value={text} onChange={(e) => setText(e.target.value)} enterKeyHint="search" />
        </label>
        <button type="button" className="filters-button" aria-haspopup="dialog" onClick={() => setOpened((n) => n + 1)}>
          {t('Filters')}
          {active > 0 && (
            <span className="badge">
              <span className="visually-hidden">, </span>
              {active}
              <span className="visually-hidden"> {t('in force')}</span>
            </span>
          )}
        </button>
        {active > 0 && (
          <button type="button" className="clear-filters" onClick={clear} aria-label={t('Clear filters')}>
            {t('Clear')}
          </button>
        )}
      </form>
      {opened > 0 && (
        <Suspense fallback={null}>
          <FilterSheet filters={filters} onChange={onChange} tags={tags} countries={countries} clear={clear} opened={opened} />
        </Suspense>
      )}
    </>
  );
}
