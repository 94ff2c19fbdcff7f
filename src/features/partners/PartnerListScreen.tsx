/**
 * The contact list: search as you type, filters, the total, and a virtualized list that stays
 * smooth at thousands of rows. Everything the user chose is in the URL.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useSyncExternalStore, type MouseEvent } from 'react';
import { deviceStore, firstRowsShown, keepScreen } from '../../offline/device.ts';
import { takeSnapshot } from '../../ui/screen-snapshot.ts';
import { useWindowRows } from '../../ui/window-rows.ts';
import { errorText } from '../../ui/error-text.ts';
import { countriesQuery, partnerCountQuery, partnerListQuery, tagsQuery, type PartnerRow } from './api.ts';
import { parseFilters, serializeFilters, type PartnerFilters } from './filters.ts';
import { initials } from './initials.ts';
import { SearchAndFilters } from './SearchAndFilters.tsx';

/** One row: initials, the name, and the line a field user scans (company or job, city). Eight fit under the header on a 740 px phone. */
const ROW_HEIGHT = 64;

/** How long the plain list stays still before its picture is kept for the next start (app/first-paint.ts). */
const PICTURE_AFTER_MS = 1000;

/** Where each list URL was scrolled to, so "back" from a detail lands on the same row. */
const scrollPositions = new Map<string, number>();

interface Props {
  readonly search: string;
  readonly navigate: (to: string, options?: { replace?: boolean }) => void;
  /** The list shows what it has (rows, none, or an error): the start's picture may go. */
  readonly onShown?: () => void;
}

export function PartnerListScreen({ search, navigate, onShown }: Props) {
  const filters = useMemo(() => parseFilters(search), [search]);
  const listKey = serializeFilters(filters);
  const list = useInfiniteQuery(partnerListQuery(filters));
  const count = useQuery(partnerCountQuery(filters));
  const tags = useQuery(tagsQuery);
  const countries = useQuery(countriesQuery);
  const rows = useMemo(() => list.data?.pages.flat() ?? [], [list.data]);
  const tagNames = useMemo(() => new Map((tags.data ?? []).map((tag) => [tag.id, tag.name])), [tags.data]);
  const { range, listRef } = useWindowRows(rows.length, ROW_HEIGHT);
  // The whole book is on the device: it answers every search at once.
  const deviceAnswers = useSyncExternalStore(deviceStore.subscribe, () => deviceStore.get().sync?.complete === true);

  // Restore the scroll position once the rows are back (from the cache, when coming back).
  useLayoutEffect(() => {
    const saved = scrollPositions.get(listKey);
    if (saved !== undefined && rows.length > 0) window.scrollTo(0, saved);
    // Only when the list (not every page) changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listKey, rows.length > 0]);

  useEffect(() => {
    const remember = () => scrollPositions.set(listKey, window.scrollY);
    window.addEventListener('scroll', remember, { passive: true });
    return () => window.removeEventListener('scroll', remember);
  }, [listKey]);

  // Passive effects run once the rows are painted: the device's sync and index may start now.
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (hasRows) firstRowsShown();
  }, [hasRows]);
  const settled = hasRows || list.isError || (list.isSuccess && rows.length === 0);
  useEffect(() => {
    if (settled) onShown?.();
  }, [settled, onShown]);

  // The plain list, still and at its top, is what the next start paints first (app/first-paint.ts).
  const still = listKey === '' && hasRows && !list.isFetching && !count.isFetching;
  useEffect(() => {
    if (!still) return;
    const timer = setTimeout(() => {
      const root = document.getElementById('root');
      if (root === null || window.scrollY !== 0 || `${location.pathname}${location.search}` !== '/' || document.querySelector('dialog[open]') !== null) return;
      const picture = takeSnapshot(root, '/', Date.now());
      if (picture !== undefined) keepScreen(picture);
    }, PICTURE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [still, rows, count.data, tagNames]);

  // Fetch the next page before the user reaches the end of what is loaded.
  useEffect(() => {
    if (range.end >= rows.length - 20 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [range.end, rows.length, list]);

  const setFilters = (next: PartnerFilters) => {
    scrollPositions.delete(serializeFilters(next));
    navigate(`/${serializeFilters(next)}`, { replace: true });
  };

  // Whatever failed with the list (the count, the filters' names) is asked again with it.
  const tryAgain = () => {
    for (const query of [list, count, countries, tags]) if (query.isError) void query.refetch();
  };

  const open = (event: MouseEvent<HTMLAnchorElement>, id: number) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    scrollPositions.set(listKey, window.scrollY);
    navigate(`/partners/${id}`);
  };

  return (
    <main className="partners">
      <h1 className="visually-hidden">Contacts</h1>
      <SearchAndFilters filters={filters} onChange={setFilters} tags={tags.data} countries={countries.data} instant={deviceAnswers} />
      <p className="count" role="status" aria-live="polite">
        {count.isSuccess ? `${count.data.toLocaleString()} ${count.data === 1 ? 'contact' : 'contacts'}` : count.isError ? '' : 'Counting…'}
      </p>
      {list.isPending && <p className="loading">Loading contacts…</p>}
      {list.isError && (
        <div className="error" role="alert">
          <p>{errorText(list.error)}</p>
          <button type="button" onClick={tryAgain}>
            Try again
          </button>
        </div>
      )}
      {list.isSuccess && rows.length === 0 && <p className="empty">No contacts match. Try other words or fewer filters.</p>}
      {/* Busy while the rows or their count are being read (again, after a sync changed the device's copy). */}
      <ul ref={listRef} className="partner-list" aria-label="Contacts" aria-busy={list.isFetching || count.isFetching} style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(range.start, range.end).map((row, offset) => {
          const index = range.start + offset;
          return (
            <li key={row.id} aria-setsize={count.data ?? -1} aria-posinset={index + 1} style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}>
              <PartnerRowView row={row} tagNames={tagNames} onOpen={open} />
            </li>
          );
        })}
      </ul>
      {list.isFetchingNextPage && <p className="loading">Loading more…</p>}
    </main>
  );
}

function PartnerRowView({ row, tagNames, onOpen }: { row: PartnerRow; tagNames: ReadonlyMap<number, string>; onOpen: (e: MouseEvent<HTMLAnchorElement>, id: number) => void }) {
  // What a field user scans for: the company (or the job), and the town.
  const who = row.isCompany ? undefined : (row.parent?.name ?? row.jobPosition);
  const place = row.isCompany ? [row.city, row.country?.name].filter(Boolean).join(', ') : row.city;
  const tags = row.tagIds.flatMap((id) => tagNames.get(id) ?? []);
  return (
    <a className="partner-row" href={`/partners/${row.id}`} onClick={(e) => onOpen(e, row.id)}>
      <span className={row.isCompany ? 'initials company' : 'initials'} aria-hidden="true">
        {initials(row.name)}
      </span>
      <span className="visually-hidden">{row.isCompany ? 'Company: ' : 'Individual: '}</span>
      <span className="partner-name">{row.name}</span>
      <span className="partner-meta">
        {[who, place].filter(Boolean).join(' · ') || row.email || row.phone}
        {tags.length > 0 && <span className="tags">{tags.join(', ')}</span>}
      </span>
    </a>
  );
}
