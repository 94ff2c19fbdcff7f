/** One row of a contact list: initials, the name, and the line a field user scans (company or job, town). */
import { t } from '../../i18n/i18n.ts';
import type { MouseEvent } from 'react';
import type { PartnerRow } from './api.ts';
import { initials } from './initials.ts';

interface RowProps {
  readonly row: PartnerRow;
  readonly tagNames: ReadonlyMap<number, string>;
  readonly onOpen: (e: MouseEvent<HTMLAnchorElement>, id: number) => void;
  readonly href: string;
  /** Open beside the list. */
  readonly current: boolean;
}

export function PartnerRowView({ row, tagNames, onOpen, href, current }: RowProps) {
  // What a field user scans for: the company (or the job), and the town.
  const who = row.isCompany ? undefined : (row.parent?.name ?? row.jobPosition);
  const place = row.isCompany ? [row.city, row.country?.name].filter(Boolean).join(', ') : row.city;
  const tags = row.tagIds.flatMap((id) => tagNames.get(id) ?? []);
  return (
    <a className="partner-row" href={href} aria-current={current ? 'true' : undefined} onClick={(e) => onOpen(e, row.id)}>
      <span className={row.isCompany ? 'initials company' : 'initials'} aria-hidden="true">
        {initials(row.name)}
      </span>
      <span className="visually-hidden">{row.isCompany ? t('Company: ') : t('Individual: ')}</span>
      <span className="partner-name">{row.name}</span>
      <span className="partner-meta">
        {[who, place].filter(Boolean).join(' · ') || row.email || row.phone}
        {tags.length > 0 && <span className="tags">{tags.join(', ')}</span>}
      </span>
    </a>
  );
}
