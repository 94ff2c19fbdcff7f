/**
 * One meaning for a search (src/offline/partner-query.ts), proven on the same data: the words sent
 * to the demo server as the app's Odoo domain, and to the device's index over a mirror of the
 * same partners (as the sync stores them), find the same ids. Where accents differ, the device
 * folds them and Odoo does not: there the device may find more, never less.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocalIndex, type LocalIndex } from '../../src/offline/local-search.ts';
import { partnerDomain, type PartnerQuery } from '../../src/offline/partner-query.ts';
import { MIRROR_FIELDS } from '../../src/offline/sync-rpc.ts';
import { callKw, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');
let admin: string;
let index: LocalIndex;

const query = (q: string, more: Partial<PartnerQuery> = {}): PartnerQuery => ({ q, type: 'all', countries: [], tags: [], ...more });

async function serverIds(filters: PartnerQuery): Promise<number[]> {
  const ids = resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [partnerDomain(filters)], {}));
  return [...ids].sort((a, b) => a - b);
}

function deviceIds(filters: PartnerQuery): number[] {
  return index
    .search(filters, { offset: 0, limit: 1_000_000 })
    .ids
    .sort((a, b) => a - b);
}

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
  const book = resultOf<(Record<string, unknown> & { id: number })[]>(
    await callKw(baseUrl, admin, 'res.partner', 'search_read', [], { domain: [], fields: [...MIRROR_FIELDS], order: 'id asc' }),
  );
  expect(book.length).toBeGreaterThan(4000);
  index = createLocalIndex(book);
});

/** Queries whose words are plain ASCII, phone or email fragments: exactly the same partners. */
const SAME = [
  'deco', // the start of a name
  'ecO', // inside a word, any case
  'ogisti',
  'miller henry', // two words, either order
  'henry miller',
  'addict deco',
  'yourcompany.example',
  '@example.com',
  'info@',
  '+1', // phone fragments with + and spaces
  '+32 4',
  '555-555',
  '+49 30',
  'bruxelles',
  'ill', // mid-word everywhere
  'zz-no-such-partner',
];

/** Accented and unaccented forms: Odoo (no unaccent) matches the accent as typed; the device folds. */
const FOLDED = ['zoë', 'zoe', 'zürich', 'zurich', 'genève', 'geneve', 'KØBENHAVN', 'københavn', 'montréal', 'montreal', 'ærøskøbing'];

describe('the same words find the same partners on the server and on the device', () => {
  it.each(SAME)('%s', async (q) => {
    const server = await serverIds(query(q));
    expect(deviceIds(query(q))).toEqual(server);
  });

  it('matches something for all but the nonsense query (the test is not comparing empty sets)', async () => {
    const empty: string[] = [];
    for (const q of SAME.slice(0, -1)) if ((await serverIds(query(q))).length === 0) empty.push(q);
    expect(empty).toEqual([]);
  });

  it.each(['_', '%', 'e_m', '100%', 'a\\b'])('%s: typed wildcard characters are plain characters on both sides', async (q) => {
    expect(deviceIds(query(q))).toEqual(await serverIds(query(q)));
  });

  it('with the filters too', async () => {
    for (const filters of [query('de', { type: 'company' }), query('an', { type: 'person', countries: [21] }), query('', { countries: [233] }), query('an', { countries: [21, 233], tags: [6, 1] })]) {
      expect(deviceIds(filters)).toEqual(await serverIds(filters));
    }
  });

  it.each(FOLDED)('%s: the device finds at least what Odoo finds, and the accented and plain forms alike', async (q) => {
    const server = await serverIds(query(q));
    const device = deviceIds(query(q));
    expect(device).toEqual(expect.arrayContaining(server));
    const plain = q.normalize('NFD').replace(/\p{M}/gu, '');
    expect(deviceIds(query(plain))).toEqual(device);
  });

  it('an accented city is found by its accented name on the server, and by both on the device', async () => {
    const accented = await serverIds(query('zürich'));
    expect(accented.length).toBeGreaterThan(0);
    expect(deviceIds(query('zurich'))).toEqual(expect.arrayContaining(accented));
  });
});
