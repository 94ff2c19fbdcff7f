import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB } from '../storage/account-db.ts';
import { createLocalIndex, loadIndex, type LocalFilters } from './local-search.ts';
import { backfillOrder, commit, firstPage, type MirroredPartner } from './mirror.ts';
import { fold } from './normalize.ts';
import { foldedWords } from './partner-query.ts';

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

const all: LocalFilters = { q: '', type: 'all', country: undefined, tag: undefined };
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
    const { rows, total } = index.search(all, page);
    expect(total).toBe(8);
    // "Martin" twice: the higher id first; complete_name of a contact starts with its company;
    // "Élodie" sorts as "elodie", "Łukasz" as "lukasz".
    expect(ids(rows)).toEqual([4, 2, 8, 7, 5, 3, 6, 1]);
  });

  it('ignores case and diacritics in both directions', () => {
    expect(ids(index.search(q('zurich'), page).rows)).toEqual([1]);
    expect(ids(index.search(q('ELODIE'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('liege'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('lukasz strasse'), page).rows)).toEqual([8]);
    expect(ids(index.search(q('KRAKÓW'), page).rows)).toEqual([8]);
  });

  it('finds each word anywhere inside a field, as ilike does, in any order', () => {
    expect(ids(index.search(q('lodi'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('upont'), page).rows)).toEqual([6]);
    expect(ids(index.search(q('artin'), page).rows)).toEqual([4, 2, 7, 5, 3, 6]);
    expect(ids(index.search(q('liege martin'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('martin liege'), page).rows)).toEqual([2]);
  });

  it('never finds a word across two fields', () => {
    // name "Martin", city "Paris": "martinparis" is in neither.
    expect(ids(index.search(q('martinparis'), page).rows)).toEqual([]);
    expect(ids(index.search(q('martin paris'), page).rows)).toEqual([7]);
  });

  it('wants every word to match, each in any search field', () => {
    expect(ids(index.search(q('martin nowhere'), page).rows)).toEqual([]);
  });

  it('finds by email, city, reference, phone and mobile, spaces and + as typed', () => {
    expect(ids(index.search(q('jean.dupont@mar'), page).rows)).toEqual([6]);
    expect(ids(index.search(q('gent'), page).rows)).toEqual([4]);
    expect(ids(index.search(q('mf-001'), page).rows)).toEqual([3]);
    expect(ids(index.search(q('603-555'), page).rows)).toEqual([5]);
    expect(ids(index.search(q('+32 4 222'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('6035550000'), page).rows)).toEqual([]);
  });

  it('finds a contact by its company name (complete_name), as Odoo does', () => {
    expect(ids(index.search(q('fils'), page).rows)).toEqual([3, 6]);
  });

  it('filters by type, country and tag, with or without words', () => {
    expect(ids(index.search(q('', { type: 'company' }), page).rows)).toEqual([3, 1]);
    expect(ids(index.search(q('', { type: 'person', country: 21 }), page).rows)).toEqual([4, 2]);
    expect(ids(index.search(q('', { tag: 2 }), page).rows)).toEqual([3, 1]);
    expect(ids(index.search(q('martin', { tag: 1 }), page).rows)).toEqual([2, 3]);
  });

  it('pages with a total of every match', () => {
    const first = index.search(q('martin'), { offset: 0, limit: 2 });
    const second = index.search(q('martin'), { offset: 2, limit: 3 });
    const rest = index.search(q('martin'), { offset: 5, limit: 80 });
    expect([first.total, second.total, rest.total]).toEqual([6, 6, 6]);
    expect([...ids(first.rows), ...ids(second.rows), ...ids(rest.rows)]).toEqual([4, 2, 7, 5, 3, 6]);
  });

  it('typing on narrows the last result, and going back widens it again', () => {
    expect(index.search(q('m'), page).total).toBe(7);
    expect(ids(index.search(q('ma'), page).rows)).toEqual([4, 2, 7, 5, 3, 6]);
    expect(ids(index.search(q('mar par'), page).rows)).toEqual([7]);
    expect(ids(index.search(q('ma'), page).rows)).toEqual([4, 2, 7, 5, 3, 6]);
  });

  it('answers a detail with its contacts, and the filter menus by name', () => {
    expect(index.get(3)).toMatchObject({ id: 3, name: 'Martin & Fils', child_ids: [6] });
    expect(index.get(99)).toBeUndefined();
    expect(ids(index.children(3))).toEqual([6]);
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
    expect(ids(index.search(q('martin'), page).rows)).toEqual([7, 4, 3, 6]);
    expect(ids(index.search(all, page).rows)).toEqual([7, 4, 8, 3, 6, 9, 1]);
    expect(index.countries().map((c) => c.name)).toEqual(['Belgium', 'Switzerland']);
    index.apply({ reset: true, upserted: [partner(10, 'Only One')], deleted: [], tags: [{ id: 5, name: 'New tag' }] });
    expect(ids(index.search(all, page).rows)).toEqual([10]);
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
    expect(ids(with25.rows)).toContain(25);
    index.apply({ upserted: [partner(3, 'Renamed', { city: 'Bern' })], deleted: [] });
    expect(index.search(q('geneve'), page).total).toBe(1248);
    expect(ids(index.search(q('renamed'), page).rows)).toEqual([3]);
  });

  it('loads from the account database: records and tags', async () => {
    const db = await openAccountDB('local-search-load');
    await commit(db, { upserted: book, state: { complete: true }, tags: [{ id: 1, name: 'Customer' }] });
    const index = await loadIndex(db);
    expect(index.size).toBe(8);
    expect(ids(index.search(q('zur'), page).rows)).toEqual([1]);
    expect(index.tags()).toEqual([{ id: 1, name: 'Customer' }]);
  });
});

describe('the ordered store: the first page without the index', () => {
  it("keeps every record's place in the list's order, so a page read from storage is the index's page", async () => {
    const db = await openAccountDB('ordered-store');
    await commit(db, { reset: true, upserted: book, state: { complete: true } });
    const index = createLocalIndex(await db.getAll('partners'));
    const whole = ids(index.search(all, page).rows);
    expect(ids((await firstPage(db, 0, 80))?.rows ?? [])).toEqual(whole);
    expect(ids((await firstPage(db, 2, 3))?.rows ?? [])).toEqual(whole.slice(2, 5));
    expect((await firstPage(db, 0, 0))?.total).toBe(book.length);
    db.close();
  });

  it('is not used for a mirror an older version wrote, until its order is written (backfill)', async () => {
    const db = await openAccountDB('ordered-backfill');
    // As version 2 left it: records without `_order`, no `ordered` mark.
    const tx = db.transaction('partners', 'readwrite');
    for (const record of book) await tx.store.put(record);
    await tx.done;
    expect(await firstPage(db, 0, 80)).toBeUndefined();
    await backfillOrder(db);
    expect(ids((await firstPage(db, 0, 80))?.rows ?? [])).toEqual(ids(createLocalIndex(book).search(all, page).rows));
    db.close();
  });
});
