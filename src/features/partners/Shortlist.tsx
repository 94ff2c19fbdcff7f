/**
 * The recent or the starred contacts (issue 15 §3), under the list's "Recent" and "Starred": a short
 * list from the device, in its own order (most recent first; starred newest first). Loaded when asked for.
 */
import { t, tn } from '../../i18n/i18n.ts';
import { useQuery } from '@tanstack/react-query';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { ShortlistKind } from '../../offline/shortlists.ts';
import { errorText } from '../../ui/error-text.ts';
import { shortlistQuery } from './api.ts';
import { PartnerRowView } from './PartnerRow.tsx';

interface ShortlistProps {
  readonly kind: ShortlistKind;
  readonly tagNames: ReadonlyMap<number, string>;
  readonly onOpen: (e: MouseEvent<HTMLAnchorElement>, id: number) => void;
  readonly hrefOf: (id: number) => string;
  readonly selected: number | undefined;
  readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

export default function Shortlist({ kind, tagNames, onOpen, hrefOf, selected, onKeyDown }: ShortlistProps) {
  const list = useQuery(shortlistQuery(kind));
  const label = kind === 'recent' ? t('Recent contacts') : t('Starred contacts');
  const n = list.data?.length ?? 0;
  return (
    <>
      <p className="count" role="status" aria-live="polite">
        {list.isSuccess ? (kind === 'recent' ? tn(n, '{count} recently opened', '{count} recently opened') : tn(n, '{count} starred', '{count} starred')) : list.isError ? '' : t('Loading…')}
      </p>
      {list.isError && (
        <p className="error" role="alert">
          {errorText(list.error)}
        </p>
      )}
      {list.isSuccess && n === 0 && <p className="empty">{kind === 'recent' ? t('The contacts you open will be here.') : t('Star a contact to keep it here.')}</p>}
      <ul className="shortlist" aria-label={label} onKeyDown={onKeyDown}>
        {list.data?.map((row, index) => (
          <li key={row.id} data-index={index + 1}>
            <PartnerRowView row={row} tagNames={tagNames} onOpen={onOpen} href={hrefOf(row.id)} current={row.id === selected} />
          </li>
        ))}
      </ul>
    </>
  );
}

