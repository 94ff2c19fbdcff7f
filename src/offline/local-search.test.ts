import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB } from '../storage/account-db.ts';
import { createLocalIndex, loadIndex, type LocalFilters } from './local-search.ts';
import { firstPage, readPartners, type MirroredPartner } from './mirror.ts';
import { commit, HEAD_ROWS, keepHead } from './mirror-writes.ts';
import { fold } from './normalize.ts';
import { foldedWords } from './partner-query.ts';

const COMPLETE = { phase: 'complete', lastSyncedAt: 0, watermark: '2025-01-01 00:00:00' } as const;

function partner(id: number, name: string, extra: Record<string, unknown> = {}): MirroredPartner {
  return { id, name, complete_name: name, is_company: false, email: false, phone: false, mobile: false, city: false, ref: false, country_id: false, category_id: [], parent_id: false, ...extra };
}

const BE: [number, string] = [21, 'Belgium'];
const CH: [number, string] = [41, 'Switzerland'];

const book = [
  partner(1, 'Zürich Versicherung AG', { is_company: true, city: 'Zürich', country_id: CH, category_id: [2], email: 'info@zurich.example' }),
  partner(2, 'Élodie Martin', { city: 'Liège', country_id: BE, phone: '+32 4 222 33 44', category_id: [1] }),
  partner(3, 'Martin & Fils', { is_company: true, country_id: BE, ref: 'MF-001', category_id: [1, 2] }),
  partner(4, 'Anna Martins', { email: 'anna@martinsgroup.example', city: 'Gent', country_id: BE }),
  partner(5, 'Martin', { phone: '+1 603-555-0000' }),
  partner(6, 'Jean Dupont', { parent_id: [3, 'Martin & Fils'], complete_name: 'Martin & Fils, Jean Dupont', email: 'jean.dupont@martin.example' }),
  partner(7, 'Martin', { city: 'Paris' }),
  partner(8, 'Łukasz Straße', { city: 'Kraków' }),
];

const all: LocalFilters = { q: '', type: 'all', countries: [], tags: [] };
const q = (text: string, more: Partial<LocalFilters> = {}): LocalFilters => ({ ...all, q: text, ...more });
const page = { offset: 0, limit: 80 };
const ids = (rows: readonly MirroredPartner[]) => rows.map((row) => row.id);

describe('text folding', () => {
  it('drops case and diacritics, letters NFD keeps whole included', () => {
    expect(fold('Élodie ZÜRICH Łukasz Straße Ærø')).toBe('elodie zurich lukasz strasse aero');
    expect(foldedWords('  Zoë  +32 ')).toEqual(['zoe', '+32']);
  });
});

describe('local search', () => {
  const index = createLocalIndex(book, [
    { id: 2, name: 'VIP' },
    { id: 1, name: 'Customer' },
  ]);

  it('lists everything in Odoo order (complete_name asc, id desc, accents and case collated) without words', () => {
    const { ids: listed, total } = index.search(all, page);
    expect(total).toBe(8);
    // "Martin" twice: the higher id first; complete_name of a contact starts with its company;
    // "Élodie" sorts as "elodie", "Łukasz" as "lukasz".
    expect(listed).toEqual([4, 2, 8, 7, 5, 3, 6, 1]);
  });

  it('ignores case and diacritics in both directions', () => {
    expect(index.search(q('zurich'), page).ids).toEqual([1]);
    expect(index.search(q('ELODIE'), page).ids).toEqual([2]);
    expect(index.search(q('liege'), page).ids).toEqual([2]);
    expect(index.search(q('lukasz strasse'), page).ids).toEqual([8]);
    expect(index.search(q('KRAKÓW'), page).ids).toEqual([8]);
  });

  it('finds each word anywhere inside a field, as ilike does, in any order', () => {
    expect(index.search(q('lodi'), page).ids).toEqual([2]);
    expect(index.search(q('upont'), page).ids).toEqual([6]);
    expect(index.search(q('artin'), page).ids).toEqual([4, 2, 7, 5, 3, 6]);
    expect(index.search(q('liege martin'), page).ids).toEqual([2]);
    expect(index.search(q('martin liege'), page).ids).toEqual([2]);
  });

  it('never finds a word across two fields', () => {
    // name "Martin", city "Paris": "martinparis" is in neither.
    expect(index.search(q('martinparis'), page).ids).toEqual([]);
    expect(index.search(q('martin paris'), page).ids).toEqual([7]);
  });

  it('wants every word to match, each in any search field', () => {
    expect(index.search(q('martin nowhere'), page).ids).toEqual([]);
  });

  it('finds by email, city, reference, phone and mobile, spaces and + as typed', () => {
    expect(index.search(q('jean.dupont@mar'), page).ids).toEqual([6]);
    expect(index.search(q('gent'), page).ids).toEqual([4]);
    expect(index.search(q('mf-001'), page).ids).toEqual([3]);
    expect(index.search(q('603-555'), page).ids).toEqual([5]);
    expect(index.search(q('+32 4 222'), page).ids).toEqual([2]);
    expect(index.search(q('6035550000'), page).ids).toEqual([]);
  });

  it('finds a contact by its company name (complete_name), as Odoo does', () => {
    expect(index.search(q('fils'), page).ids).toEqual([3, 6]);
  });

  it('filters by type, country and tag, with or without words', () => {
    expect(index.search(q('', { type: 'company' }), page).ids).toEqual([3, 1]);
    expect(index.search(q('', { type: 'person', countries: [21] }), page).ids).toEqual([4, 2]);
    expect(index.search(q('', { tags: [2] }), page).ids).toEqual([3, 1]);
    expect(index.search(q('martin', { tags: [1] }), page).ids).toEqual([2, 3]);
  });

  it('takes several countries or tags as any of them, and the kinds together', () => {
    expect(index.search(q('', { tags: [1, 2] }), page).ids).toEqual([2, 3, 1]);
    expect(index.search(q('', { type: 'company', countries: [21, 41] }), page).ids).toEqual([3, 1]);
    expect(index.search(q('', { countries: [21], tags: [2] }), page).ids).toEqual([3]);
    expect(index.search(q('', { countries: [21], tags: [2, 1] }), page).ids).toEqual([2, 3]);
  });

  it('pages with a total of every match', () => {
    const first = index.search(q('martin'), { offset: 0, limit: 2 });
    const second = index.search(q('martin'), { offset: 2, limit: 3 });
    const rest = index.search(q('martin'), { offset: 5, limit: 80 });
    expect([first.total, second.total, rest.total]).toEqual([6, 6, 6]);
    expect([...first.ids, ...second.ids, ...rest.ids]).toEqual([4, 2, 7, 5, 3, 6]);
  });

  it('typing on narrows the last result, and going back widens it again', () => {
    expect(index.search(q('m'), page).total).toBe(7);
    expect(index.search(q('ma'), page).ids).toEqual([4, 2, 7, 5, 3, 6]);
    expect(index.search(q('mar par'), page).ids).toEqual([7]);
    expect(index.search(q('ma'), page).ids).toEqual([4, 2, 7, 5, 3, 6]);
  });

  it('answers a detail with its contacts, and the filter menus by name', () => {
    expect(index.has(3)).toBe(true);
    expect(index.has(99)).toBe(false);
    expect(index.children(3)).toEqual([6]);
    expect(index.countries()).toEqual([
      { id: 21, name: 'Belgium' },
      { id: 41, name: 'Switzerland' },
    ]);
    expect(index.tags().map((tag) => tag.name)).toEqual(['Customer', 'VIP']);
  });
});

describe('following a sync', () => {
  it('applies upserts, deletions and a reset without a reload', () => {
    const index = createLocalIndex(book);
    index.apply({ upserted: [partner(7, 'Aaron Martin', { city: 'Paris' }), partner(9, 'Zoe New')], deleted: [5, 2] });
    expect(index.size).toBe(7);
    expect(index.search(q('martin'), page).ids).toEqual([7, 4, 3, 6]);
    expect(index.search(all, page).ids).toEqual([7, 4, 8, 3, 6, 9, 1]);
    expect(index.countries().map((c) => c.name)).toEqual(['Belgium', 'Switzerland']);
    index.apply({ reset: true, upserted: [partner(10, 'Only One')], deleted: [], tags: [{ id: 5, name: 'New tag' }] });
    expect(index.search(all, page).ids).toEqual([10]);
    expect(index.tags()).toEqual([{ id: 5, name: 'New tag' }]);
  });

  it('finds what a long sync added, as it comes', () => {
    const index = createLocalIndex([]);
    const many = Array.from({ length: 2500 }, (_, i) => partner(i + 1, `Person ${i + 1}`, { city: i % 2 === 0 ? 'Genève' : 'Bern' }));
    index.apply({ upserted: many.slice(0, 100), deleted: [] });
    expect(index.search(q('geneve'), page).total).toBe(50);
    index.apply({ upserted: many.slice(100), deleted: [1] });
    expect(index.search(q('geneve'), page).total).toBe(1249);
    const with25 = index.search(q('person 25'), { offset: 0, limit: 3000 });
    expect(with25.total).toBe(many.filter((p) => String(p.id).includes('25')).length);
    expect(with25.ids).toContain(25);
    index.apply({ upserted: [partner(3, 'Renamed', { city: 'Bern' })], deleted: [] });
    expect(index.search(q('geneve'), page).total).toBe(1248);
    expect(index.search(q('renamed'), page).ids).toEqual([3]);
  });

  it('loads from the account database: records and tags', async () => {
    const db = await openAccountDB('local-search-load');
    await commit(db, { upserted: book, state: COMPLETE, tags: [{ id: 1, name: 'Customer' }] });
    const index = await loadIndex(db);
    expect(index.size).toBe(8);
    expect(index.search(q('zur'), page).ids).toEqual([1]);
    expect(index.tags()).toEqual([{ id: 1, name: 'Customer' }]);
  });
});

describe('loading from storage', () => {
  const many = Array.from({ length: 2600 }, (_, i) =>
    partner(i + 1, `${['Zed', 'émile', 'Anna', 'Bob', 'Émile'][i % 5]} ${(i * 7919) % 2600}`, {
      country_id: i % 3 === 0 ? BE : i % 3 === 1 ? CH : false,
      parent_id: i > 0 && i % 10 === 0 ? [1, 'Zed 0'] : false,
      category_id: i % 4 === 0 ? [1] : [],
    }),
  );

  it("reads the chunks batch after batch, puts them in the list's order, and answers as an index built in memory does", async () => {
    const db = await openAccountDB('local-search-ordered-load');
    await commit(db, { reset: true, upserted: many, state: COMPLETE });
    const loaded = await loadIndex(db);
    const built = createLocalIndex(many);
    const everything = { offset: 0, limit: 10_000 };
    expect(loaded.size).toBe(2600);
    expect(loaded.search(all, everything).ids).toEqual(built.search(all, everything).ids);
    expect(loaded.search(q('emile 1'), everything).ids).toEqual(built.search(q('emile 1'), everything).ids);
    expect(loaded.search(q('', { tags: [1], countries: [21] }), everything).ids).toEqual(built.search(q('', { tags: [1], countries: [21] }), everything).ids);
    expect(loaded.children(1)).toEqual(built.children(1));
    expect(loaded.children(1)).toHaveLength(259);
    expect(loaded.countries()).toEqual([
      { id: 21, name: 'Belgium' },
      { id: 41, name: 'Switzerland' },
    ]);
    expect(loaded.has(2600) && !loaded.has(2601)).toBe(true);
    db.close();
  });

  it('reads the records of a page in the order asked, leaving out what is gone', async () => {
    const db = await openAccountDB('local-search-read-partners');
    await commit(db, { reset: true, upserted: book, state: COMPLETE });
    expect((await readPartners(db, [6, 99, 1])).map((record) => record.id)).toEqual([6, 1]);
    expect(await readPartners(db, [])).toEqual([]);
    db.close();
  });
});

describe('the first rows kept for the next start: the first page without the index', () => {
  it('answers the pages it covers, as the index listed them when they were kept', async () => {
    const db = await openAccountDB('kept-head');
    await commit(db, { reset: true, upserted: book, state: COMPLETE });
    expect(await firstPage(db, 0, 80)).toBeUndefined();
    const index = await loadIndex(db);
    await keepHead(db, index);
    const whole = index.search(all, { offset: 0, limit: HEAD_ROWS });
    expect(whole.ids).toHaveLength(book.length);
    expect(ids((await firstPage(db, 0, 80))?.rows ?? [])).toEqual(whole.ids);
    expect(ids((await firstPage(db, 2, 3))?.rows ?? [])).toEqual(whole.ids.slice(2, 5));
    expect((await firstPage(db, 0, 0))?.total).toBe(book.length);
    // A sync step that changes records forgets them (they may be out of date): the index answers until they are kept again.
    const longer = Array.from({ length: HEAD_ROWS + 50 }, (_, i) => partner(100 + i, `Longer ${String(i).padStart(3, '0')}`));
    await commit(db, { upserted: longer, state: COMPLETE });
    expect(await firstPage(db, 0, 5)).toBeUndefined();
    // One that changes nothing keeps them.
    await keepHead(db, await loadIndex(db));
    await commit(db, { upserted: [], deleted: [], state: COMPLETE });
    // Further down than was kept: the index answers.
    expect((await firstPage(db, 0, 80))?.rows).toHaveLength(80);
    expect(await firstPage(db, 80, 80)).toBeUndefined();
    // A new full sync forgets them.
    await commit(db, { reset: true, upserted: book.slice(0, 2), state: { phase: 'empty' } });
    expect(await firstPage(db, 0, 5)).toBeUndefined();
    db.close();
  });
});
