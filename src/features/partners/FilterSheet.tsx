/**
 * The filters' sheet (SearchAndFilters.tsx opens it): a native modal `<dialog>` with the type,
 * several countries and several tags. Loaded the first time it opens, not with the first screen.
 */
import { t } from '../../i18n/i18n.ts';
import { useEffect, useId, useRef } from 'react';
import type { Named } from './api.ts';
import { activeFilterCount, type PartnerFilters, type PartnerType } from './filters.ts';

interface Props {
  readonly filters: PartnerFilters;
  readonly onChange: (filters: PartnerFilters) => void;
  readonly tags: readonly Named[] | undefined;
  readonly countries: readonly Named[] | undefined;
  readonly clear: () => void;
  /** Each increase opens the sheet. */
  readonly opened: number;
}

/** The kinds of contact, with their names (read at render: in the language in force). */
const TYPES: readonly (readonly [PartnerType, () => string])[] = [
  ['all', () => t('All')],
  ['company', () => t('Companies')],
  ['person', () => t('Individuals')],
];

export default function FilterSheet({ filters, onChange, tags, countries, clear, opened }: Props) {
  const sheet = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (opened > 0 && sheet.current?.open === false) sheet.current.showModal();
  }, [opened]);
  const active = activeFilterCount(filters);
  const toggle = (list: readonly number[], id: number, on: boolean) => (on ? [...list.filter((other) => other !== id), id] : list.filter((other) => other !== id));
  // Tags are hidden when there are none to choose (portal users may not read them), unless the URL chose some.
  const tagChoices = withChosen(tags, filters.tags, t('Tag'));
  const countryChoices = withChosen(countries, filters.countries, t('Country'));
  return (
    <dialog ref={sheet} className="sheet" aria-labelledby={titleId}>
      <form method="dialog">
        <h2 id={titleId}>{t('Filters')}</h2>
        <fieldset className="type">
          <legend>{t('Show')}</legend>
          {TYPES.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="type" value={value} checked={filters.type === value} onChange={() => onChange({ ...filters, type: value })} />
              {label()}
            </label>
          ))}
        </fieldset>
        <Choices
          legend={t('Countries')}
          options={countryChoices}
          chosen={filters.countries}
          onToggle={(id, on) => onChange({ ...filters, countries: toggle(filters.countries, id, on) })}
        />
        {tagChoices.length > 0 && (
          <Choices legend={t('Tags')} options={tagChoices} chosen={filters.tags} onToggle={(id, on) => onChange({ ...filters, tags: toggle(filters.tags, id, on) })} />
        )}
        <div className="sheet-buttons">
          <button type="button" className="secondary" onClick={clear} disabled={active === 0}>
            {t('Clear filters')}
          </button>
          <button type="submit">{t('Done')}</button>
        </div>
      </form>
    </dialog>
  );
}

function Choices({ legend, options, chosen, onToggle }: { legend: string; options: readonly Named[]; chosen: readonly number[]; onToggle: (id: number, on: boolean) => void }) {
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {options.length === 0 && <p className="muted">{t('None on this device yet.')}</p>}
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
