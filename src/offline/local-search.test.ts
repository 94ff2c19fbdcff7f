import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAccountDB } from '../storage/account-db.ts';
import { createLocalIndex, loadIndex, type LocalFilters } from './local-search.ts';
import { commit, type MirroredPartner } from './mirror.ts';
import { fold, phoneWords, words } from './normalize.ts';

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
    expect(words('jean.dupont@martin.example')).toEqual(['jean', 'dupont', 'martin', 'example']);
    expect(phoneWords('+1 603-555-0000')).toEqual(['16035550000', '6035550000', '5550000']);
  });
});

describe('local search', () => {
  const index = createLocalIndex(book, [
    { id: 2, name: 'VIP' },
    { id: 1, name: 'Customer' },
  ]);

  it('lists everything in Odoo order (complete_name asc, id desc) without words', () => {
    const { rows, total } = index.search(all, page);
    expect(total).toBe(8);
    // "Martin" twice: the higher id first; complete_name of a contact starts with its company.
    expect(ids(rows)).toEqual([4, 7, 5, 3, 6, 1, 2, 8]);
  });

  it('ignores case and diacritics in both directions', () => {
    expect(ids(index.search(q('zurich'), page).rows)).toEqual([1]);
    expect(ids(index.search(q('ELODIE'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('liege'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('lukasz strasse'), page).rows)).toEqual([8]);
    expect(ids(index.search(q('KRAKÓW'), page).rows)).toEqual([8]);
  });

  it('matches each word as the prefix of a word, never in the middle', () => {
    expect(ids(index.search(q('eli'), page).rows)).toEqual([]);
    expect(ids(index.search(q('elo'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('dup'), page).rows)).toEqual([6]);
    expect(ids(index.search(q('upont'), page).rows)).toEqual([]);
  });

  it('wants every word to match, each in any search field', () => {
    expect(ids(index.search(q('martin liege'), page).rows)).toEqual([2]);
    expect(ids(index.search(q('martin paris'), page).rows)).toEqual([7]);
    expect(ids(index.search(q('martin nowhere'), page).rows)).toEqual([]);
  });

  it('finds by email, city, reference and phone, the phone by its digits too', () => {
    expect(ids(index.search(q('jean.dupont@mar'), page).rows)).toEqual([6]);
    expect(ids(index.search(q('gent'), page).rows)).toEqual([4]);
    expect(ids(index.search(q('mf-001'), page).rows)).toEqual([3]);
    expect(ids(index.search(q('6035550000'), page).rows)).toEqual([5]);
    expect(ids(index.search(q('603555'), page).rows)).toEqual([5]);
    expect(ids(index.search(q('603-555'), page).rows)).toEqual([5]);
    expect(ids(index.search(q('+32 4 222'), page).rows)).toEqual([2]);
  });

  it('ranks the whole name, then its start, then a name word, then other fields; Odoo order within a rank', () => {
    // 7 and 5 are "Martin" (7 first: id desc); 3 starts with it; 2 has it as a later word; 4's
    // "Martins" starts with it too, later in the name; 1 has no Martin; 6 only in its email.
    expect(ids(index.search(q('martin'), page).rows)).toEqual([7, 5, 3, 4, 2, 6]);
  });

  it('filters by type, country and tag, with or without words', () => {
    expect(ids(index.search(q('', { type: 'company' }), page).rows)).toEqual([3, 1]);
    expect(ids(index.search(q('', { type: 'person', country: 21 }), page).rows)).toEqual([4, 2]);
    expect(ids(index.search(q('', { tag: 2 }), page).rows)).toEqual([3, 1]);
    expect(ids(index.search(q('martin', { tag: 1 }), page).rows)).toEqual([3, 2]);
  });

  it('pages across ranks with a total of every match', () => {
    const first = index.search(q('martin'), { offset: 0, limit: 2 });
    const second = index.search(q('martin'), { offset: 2, limit: 3 });
    const rest = index.search(q('martin'), { offset: 5, limit: 80 });
    expect([first.total, second.total, rest.total]).toEqual([6, 6, 6]);
    expect([...ids(first.rows), ...ids(second.rows), ...ids(rest.rows)]).toEqual([7, 5, 3, 4, 2, 6]);
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
    expect(ids(index.search(q('martin'), page).rows)).toEqual([3, 7, 4, 6]);
    expect(ids(index.search(all, page).rows)).toEqual([7, 4, 3, 6, 9, 1, 8]);
    expect(index.countries().map((c) => c.name)).toEqual(['Belgium', 'Switzerland']);
    index.apply({ reset: true, upserted: [partner(10, 'Only One')], deleted: [], tags: [{ id: 5, name: 'New tag' }] });
    expect(ids(index.search(all, page).rows)).toEqual([10]);
    expect(index.tags()).toEqual([{ id: 5, name: 'New tag' }]);
  });

  it('finds what a long sync added, before and after its words are indexed again', () => {
    const index = createLocalIndex([]);
    const many = Array.from({ length: 2500 }, (_, i) => partner(i + 1, `Person ${i + 1}`, { city: i % 2 === 0 ? 'Genève' : 'Bern' }));
    index.apply({ upserted: many.slice(0, 100), deleted: [] });
    expect(index.search(q('geneve'), page).total).toBe(50);
    index.apply({ upserted: many.slice(100), deleted: [1] });
    expect(index.search(q('geneve'), page).total).toBe(1249);
    expect(index.search(q('person 25'), page).rows[0]).toMatchObject({ id: 25 });
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
