/**
 * The contact list: search as you type, filters, the total, and a virtualized list that stays
 * smooth at thousands of rows. Everything the user chose is in the URL.
 */
import { t, tn } from '../../i18n/i18n.ts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { deviceStore, firstRowsShown, keepScreen, syncNow } from '../../offline/device.ts';
import { useWindowRows } from '../../ui/window-rows.ts';
import { errorText } from '../../ui/error-text.ts';
import { followInApp } from '../../ui/in-app-link.ts';
import { countriesQuery, partnerCountQuery, partnerListQuery, tagsQuery } from './api.ts';
import { parseFilters, parseView, serializeFilters, type PartnerFilters } from './filters.ts';
import type { ShortlistKind } from '../../offline/shortlists.ts';
import { SearchAndFilters } from './SearchAndFilters.tsx';
import { PartnerRowView } from './PartnerRow.tsx';

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
  /** Beside the open contact (a wide screen): rows open beside the list, and the URL keeps the list's query. */
  readonly split?: boolean;
  /** The contact open beside the list. */
  readonly selected?: number | undefined;
}

export function PartnerListScreen({ search, navigate, onShown, split = false, selected }: Props) {
  const filters = useMemo(() => parseFilters(search), [search]);
  const view = parseView(search);
  const listKey = serializeFilters(filters);
  const list = useInfiniteQuery({ ...partnerListQuery(filters), enabled: view === undefined });
  const count = useQuery({ ...partnerCountQuery(filters), enabled: view === undefined });
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
  const settled = view !== undefined || hasRows || list.isError || (list.isSuccess && rows.length === 0);
  useEffect(() => {
    if (settled) onShown?.();
  }, [settled, onShown]);

  // The plain list, still and at its top, is what the next start paints first (app/first-paint.ts).
  const still = view === undefined && listKey === '' && hasRows && !list.isFetching && !count.isFetching;
  useEffect(() => {
    if (!still) return;
    let gone = false;
    const timer = setTimeout(() => {
      void import('../../ui/take-snapshot.ts').then(({ takeSnapshot }) => {
        const root = document.getElementById('root');
        if (gone || root === null || window.scrollY !== 0 || `${location.pathname}${location.search}` !== '/' || document.querySelector('dialog[open]') !== null) return;
        const picture = takeSnapshot(root, '/', Date.now());
        if (picture !== undefined) keepScreen(picture);
      });
    }, PICTURE_AFTER_MS);
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [still, rows, count.data, tagNames]);

  // Pull to refresh, on touch screens: its code comes once the rows are on screen.
  const pull = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!hasRows || navigator.maxTouchPoints === 0) return;
    let detach: (() => void) | undefined;
    let gone = false;
    import('../../ui/pull-to-refresh.ts').then(
      ({ attachPullToRefresh }) => {
        if (!gone && pull.current !== null) detach = attachPullToRefresh(pull.current, () => void syncNow());
      },
      () => undefined,
    );
    return () => {
      gone = true;
      detach?.();
    };
  }, [hasRows]);

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

  const go = (event: MouseEvent<HTMLAnchorElement>, to: string) => followInApp(event, () => navigate(to));
  const hrefOf = (id: number) => (split ? `/partners/${id}${search}` : `/partners/${id}`);
  const open = (event: MouseEvent<HTMLAnchorElement>, id: number) => {
    scrollPositions.set(listKey, window.scrollY);
    go(event, hrefOf(id));
  };

  // The keyboard (issue 15 §6): "/" goes to the search box; arrows move between the rows, Enter opens one.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (event.key !== '/' || typing || event.metaKey || event.ctrlKey || event.altKey || document.querySelector('dialog[open]') !== null) return;
      event.preventDefault();
      document.querySelector<HTMLInputElement>('main input[type="search"]')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const arrows = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = (event.target as HTMLElement).closest('li');
    const at = Number(row?.getAttribute('aria-posinset') ?? row?.dataset.index);
    if (!Number.isInteger(at)) return;
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    const link = event.currentTarget.querySelector<HTMLAnchorElement>(`li[aria-posinset="${next}"] > a, li[data-index="${next}"] > a`);
    if (link === null) return;
    event.preventDefault();
    link.focus();
  };

  const Root = split ? 'section' : 'main';
  return (
    <Root className="partners" {...(split ? { 'aria-label': t('Contact list') } : {})}>
      <h1 className="visually-hidden">{t('Contacts')}</h1>
      <div ref={pull} className="pull" aria-hidden="true" hidden />
      <SearchAndFilters filters={filters} onChange={setFilters} tags={tags.data} countries={countries.data} instant={deviceAnswers} />
      <div className="list-bar">
        {view === undefined && (
          <p className="count" role="status" aria-live="polite">
            {count.isSuccess ? tn(count.data, '{count} contact', '{count} contacts') : count.isError ? '' : t('Counting…')}
          </p>
        )}
        <nav className="views" aria-label={t('Lists')}>
          {VIEWS.map(([kind, label]) => (
            <a key={kind ?? 'all'} href={kind === undefined ? '/' : `/?view=${kind}`} aria-current={view === kind ? 'page' : undefined} onClick={(e) => go(e, kind === undefined ? '/' : `/?view=${kind}`)}>
              {label()}
            </a>
          ))}
        </nav>
      </div>
      {view !== undefined && (
        <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>
          <Shortlist kind={view} tagNames={tagNames} onOpen={open} hrefOf={hrefOf} selected={selected} onKeyDown={arrows} />
        </Suspense>
      )}
      {view === undefined && list.isPending && <p className="loading">{t('Loading contacts…')}</p>}
      {list.isError && (
        <div className="error" role="alert">
          <p>{errorText(list.error)}</p>
          <button type="button" onClick={tryAgain}>
            {t('Try again')}
          </button>
        </div>
      )}
      {list.isSuccess && rows.length === 0 && <p className="empty">{t('No contacts match. Try other words or fewer filters.')}</p>}
      {/* Busy while the rows or their count are being read (again, after a sync changed the device's copy). */}
      {view === undefined && (
      <ul ref={listRef} className="partner-list" aria-label={t('Contacts')} aria-busy={list.isFetching || count.isFetching} style={{ height: rows.length * ROW_HEIGHT }} onKeyDown={arrows}>
        {rows.slice(range.start, range.end).map((row, offset) => {
          const index = range.start + offset;
          return (
            <li key={row.id} aria-setsize={count.data ?? -1} aria-posinset={index + 1} style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}>
              <PartnerRowView row={row} tagNames={tagNames} onOpen={open} href={hrefOf(row.id)} current={row.id === selected} />
            </li>
          );
        })}
      </ul>
      )}
      {list.isFetchingNextPage && <p className="loading">{t('Loading more…')}</p>}
    </Root>
  );
}

// The recent or starred contacts load when the user asks for them: not first-screen bytes.
const Shortlist = lazy(() => import('./Shortlist.tsx'));

/** The lists, with their names (read at render: in the language in force). */
const VIEWS: readonly (readonly [ShortlistKind | undefined, () => string])[] = [
  [undefined, () => t('All')],
  ['recent', () => t('Recent')],
  ['starred', () => t('Starred')],
];

/** The recent or the starred contacts: a short list, from the device, in its own order. */
