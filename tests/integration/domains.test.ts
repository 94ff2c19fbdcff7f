/**
 * Every domain operator against the seeded partners over real HTTP. Each expectation is computed
 * in JavaScript from one big `search_read` of every partner (archived ones included), so a wrong
 * SQL translation shows up as a different set of ids.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { containsIgnoringCase, descendantsOf, idsOf, likeMatches, loadPartners, sortedIds, type Partner } from '../support/dataset.ts';
import { callKw, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');

let admin: string;
let partners: Partner[];
let active: Partner[];
/** Partners linked to the archived tag 11, which `read` leaves out of `category_id`. */
let formerSupplier: Set<number>;
let countryCode: Map<number, string>;

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
  partners = await loadPartners(baseUrl, admin);
  active = partners.filter((p) => p.active);
  const tag = resultOf<{ partner_ids: number[] }[]>(await callKw(baseUrl, admin, 'res.partner.category', 'read', [[11], ['partner_ids']]));
  formerSupplier = new Set(tag[0]?.partner_ids ?? []);
  const countries = resultOf<{ id: number; code: string }[]>(await callKw(baseUrl, admin, 'res.country', 'search_read', [[], ['code']]));
  countryCode = new Map(countries.map((c) => [c.id, c.code]));
});

async function serverIds(domain: unknown[], context: Record<string, unknown> = {}): Promise<number[]> {
  return sortedIds(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [domain], { context })));
}

/**
 * The server's answer to `domain` equals the active partners that `predicate` keeps, and that set is
 * neither empty nor everything (otherwise the comparison would prove little).
 */
async function expectDomain(domain: unknown[], predicate: (p: Partner) => boolean): Promise<number[]> {
  const want = idsOf(active.filter(predicate));
  expect(want.length, 'expected some matches').toBeGreaterThan(0);
  expect(want.length, 'expected some non-matches').toBeLessThan(active.length);
  expect(await serverIds(domain)).toEqual(want);
  return want;
}

const m2oId = (value: Partner['parent_id']): number | false => (value === false ? false : value[0]);
const m2oName = (value: Partner['parent_id']): string | false => (value === false ? false : value[1]);

describe('comparison operators on scalar fields', () => {
  it("'=' on a char field matches the exact, case-sensitive value", async () => {
    const counts = new Map<string, number>();
    for (const p of active) if (p.name !== false) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
    const shared = [...counts].find(([, n]) => n > 1)?.[0] ?? '';
    const ids = await expectDomain([['name', '=', shared]], (p) => p.name === shared);
    expect(ids.length).toBeGreaterThan(1);
    expect(await serverIds([['name', '=', shared.toUpperCase()]])).toEqual([]);
    expect(await serverIds([['name', '=', 'Deco Addict']])).toEqual([5]);
  });

  it("'!=' also matches partners whose field is empty", async () => {
    const ids = await expectDomain([['email', '!=', 'info@deco-addict.example.com']], (p) => p.email !== 'info@deco-addict.example.com');
    expect(ids).toContain(33); // Blank Partner, no email at all
    expect(ids).not.toContain(5);
  });

  it("'<', '<=', '>', '>=' compare ids", async () => {
    await expectDomain([['id', '<', 20]], (p) => p.id < 20);
    await expectDomain([['id', '<=', 20]], (p) => p.id <= 20);
    await expectDomain([['id', '>', 4900]], (p) => p.id > 4900);
    await expectDomain([['id', '>=', 4900]], (p) => p.id >= 4900);
  });

  it('compares floats with an empty value counting as zero, as Odoo does', async () => {
    // `read` shows an empty float as 0, so plain JavaScript comparisons model Odoo's rule exactly.
    const below = await expectDomain([['partner_latitude', '<', 0]], (p) => p.partner_latitude < 0);
    expect(below).not.toContain(33);
    expect(await expectDomain([['partner_latitude', '<=', 0]], (p) => p.partner_latitude <= 0)).toContain(33);
    expect(await expectDomain([['partner_latitude', '<', 10]], (p) => p.partner_latitude < 10)).toContain(33);
    expect(await expectDomain([['partner_latitude', '>', 45.5]], (p) => p.partner_latitude > 45.5)).not.toContain(33);
    expect(await expectDomain([['partner_latitude', '>=', -20]], (p) => p.partner_latitude >= -20)).toContain(33);
  });

  it("'like' is case-sensitive and 'ilike' is not", async () => {
    const like = await expectDomain([['name', 'like', 'Smith']], (p) => p.name !== false && p.name.includes('Smith'));
    expect(await serverIds([['name', 'like', 'smith']])).toEqual(idsOf(active.filter((p) => p.name !== false && p.name.includes('smith'))));
    const ilike = await expectDomain([['name', 'ilike', 'sMiTh']], (p) => containsIgnoringCase(p.name, 'smith'));
    expect(ilike.length).toBeGreaterThanOrEqual(like.length);
    await expectDomain([['email', 'ilike', 'EXAMPLE.ORG']], (p) => containsIgnoringCase(p.email, 'example.org'));
  });

  it("'not like' and 'not ilike' also match partners whose field is empty", async () => {
    const notIlike = await expectDomain([['email', 'not ilike', 'EXAMPLE.ORG']], (p) => !containsIgnoringCase(p.email, 'example.org'));
    expect(notIlike).toContain(33);
    const notLike = await expectDomain([['email', 'not like', 'example.org']], (p) => p.email === false || !p.email.includes('example.org'));
    expect(notLike).toEqual(notIlike); // emails are lower case
    expect(await expectDomain([['name', 'not like', 'Smith']], (p) => p.name === false || !p.name.includes('Smith'))).not.toContain(
      active.find((p) => p.name !== false && p.name.includes('Smith'))?.id,
    );
  });

  it("'=like' and '=ilike' match the whole value against a % and _ pattern", async () => {
    await expectDomain([['name', '=like', 'Deco%']], (p) => likeMatches(p.name, 'Deco%', false));
    expect(await serverIds([['name', '=like', 'deco%']])).toEqual(idsOf(active.filter((p) => likeMatches(p.name, 'deco%', false))));
    await expectDomain([['name', '=ilike', 'deco%']], (p) => likeMatches(p.name, 'deco%', true));
    await expectDomain([['ref', '=like', 'C0001__']], (p) => likeMatches(p.ref, 'C0001__', false));
    // Without wildcards '=ilike' is a case-insensitive equality, not a substring search.
    expect(await serverIds([['name', '=ilike', 'deco addict']])).toEqual([5]);
  });

  it("'in' and 'not in' on a char field; 'not in' keeps empty values", async () => {
    const cities = ['Berlin', 'Paris', 'Tokyo'];
    await expectDomain([['city', 'in', cities]], (p) => p.city !== false && cities.includes(p.city));
    const notIn = await expectDomain([['city', 'not in', cities]], (p) => p.city === false || !cities.includes(p.city));
    expect(notIn).toContain(33);
    const withEmpty = await expectDomain([['city', 'in', ['Berlin', false]]], (p) => p.city === false || p.city === 'Berlin');
    expect(withEmpty).toContain(33);
  });

  it("'=' False and '!=' False test whether a field is set", async () => {
    const noEmail = await expectDomain([['email', '=', false]], (p) => p.email === false);
    expect(noEmail).toContain(33);
    await expectDomain([['email', '!=', false]], (p) => p.email !== false);
    await expectDomain([['parent_id', '=', false]], (p) => p.parent_id === false);
    await expectDomain([['country_id', '!=', false]], (p) => p.country_id !== false);
    await expectDomain([['child_ids', '=', false]], (p) => p.child_ids.length === 0);
    // A many2many is False when it has no link at all, to an archived tag neither.
    await expectDomain([['category_id', '=', false]], (p) => p.category_id.length === 0 && !formerSupplier.has(p.id));
    await expectDomain([['category_id', '!=', false]], (p) => p.category_id.length > 0 || formerSupplier.has(p.id));
  });

  it('booleans: = True, = False and != True', async () => {
    await expectDomain([['is_company', '=', true]], (p) => p.is_company);
    const people = await expectDomain([['is_company', '=', false]], (p) => !p.is_company);
    expect(await serverIds([['is_company', '!=', true]])).toEqual(people);
  });
});

describe('relational operators', () => {
  it("'=', '!=', 'in' and 'not in' on a many2one compare ids, '!=' keeping empty ones", async () => {
    const ofDeco = await expectDomain([['parent_id', '=', 5]], (p) => m2oId(p.parent_id) === 5);
    expect(ofDeco).toContain(6);
    expect(await expectDomain([['parent_id', '!=', 5]], (p) => m2oId(p.parent_id) !== 5)).toContain(5);
    await expectDomain([['parent_id', 'in', [5, 1]]], (p) => [5, 1].includes(m2oId(p.parent_id) || 0));
    await expectDomain([['country_id', 'not in', [4, 15]]], (p) => ![4, 15].includes(m2oId(p.country_id) || 0));
    await expectDomain([['parent_id', 'in', [5, false]]], (p) => p.parent_id === false || p.parent_id[0] === 5);
  });

  it('matches a many2one given by name on the display name of the related record', async () => {
    await expectDomain([['country_id', '=', 'Belgium']], (p) => m2oName(p.country_id) === 'Belgium');
    await expectDomain([['country_id', 'ilike', 'LAND']], (p) => containsIgnoringCase(m2oName(p.country_id), 'land'));
    const notBelgian = await expectDomain([['country_id', '!=', 'Belgium']], (p) => m2oName(p.country_id) !== 'Belgium');
    expect(notBelgian).toContain(33); // no country at all
    await expectDomain([['parent_id', 'ilike', 'deco addict']], (p) => containsIgnoringCase(m2oName(p.parent_id), 'deco addict'));
  });

  it("'in' and 'not in' on a many2many look for links to the given tags", async () => {
    await expectDomain([['category_id', 'in', [2, 4]]], (p) => p.category_id.includes(2) || p.category_id.includes(4));
    await expectDomain([['category_id', 'not in', [2]]], (p) => !p.category_id.includes(2));
    await expectDomain([['category_id', '=', 6]], (p) => p.category_id.includes(6));
  });

  it('a many2many by name only matches active tags', async () => {
    // "sup" is in Supplier (2) and in the archived Former Supplier (11).
    await expectDomain([['category_id', 'ilike', 'sup']], (p) => p.category_id.includes(2));
  });

  it("child_of walks down the parent_id tree: Deco Addict and its contacts", async () => {
    const family = descendantsOf(partners, 5);
    const ids = await expectDomain([['id', 'child_of', 5]], (p) => family.has(p.id));
    expect(ids).toEqual(expect.arrayContaining([5, 6]));
    expect(await serverIds([['id', 'child_of', [5]]])).toEqual(ids);
    // On the parent field itself, child_of is the same walk.
    expect(await serverIds([['parent_id', 'child_of', 5]])).toEqual(ids);
  });

  it('parent_of walks up: a contact, its company, nothing else', async () => {
    expect(await serverIds([['id', 'parent_of', 6]])).toEqual([5, 6]);
    expect(await serverIds([['id', 'parent_of', [6, 12]]])).toEqual([5, 6, 11, 12]);
    expect(await serverIds([['id', 'parent_of', 5]])).toEqual([5]);
  });

  it('follows dotted paths through many2one, many2many and one2many fields', async () => {
    await expectDomain([['country_id.code', '=', 'BE']], (p) => p.country_id !== false && countryCode.get(p.country_id[0]) === 'BE');
    const decoIds = new Set(partners.filter((p) => p.name === 'Deco Addict').map((p) => p.id));
    await expectDomain([['parent_id.name', '=', 'Deco Addict']], (p) => decoIds.has(m2oId(p.parent_id) || 0));
    await expectDomain([['category_id.name', '=', 'Supplier']], (p) => p.category_id.includes(2));
    const parentsOfMatches = new Set(active.filter((c) => containsIgnoringCase(c.email, '@deco-addict')).map((c) => m2oId(c.parent_id)));
    expect(await expectDomain([['child_ids.email', 'ilike', '@deco-addict']], (p) => parentsOfMatches.has(p.id))).toEqual([5]);
    const saudiCompanies = new Set(partners.filter((p) => p.country_id !== false && countryCode.get(p.country_id[0]) === 'SA').map((p) => p.id));
    await expectDomain([['parent_id.country_id.code', '=', 'SA']], (p) => saudiCompanies.has(m2oId(p.parent_id) || 0));
  });
});

describe('logical operators', () => {
  const isCompany = (p: Partner) => p.is_company;
  const inBelgium = (p: Partner) => m2oName(p.country_id) === 'Belgium';

  it("implicit and explicit '&' intersect", async () => {
    const implicit = await expectDomain([['is_company', '=', true], ['country_id', '=', 'Belgium']], (p) => isCompany(p) && inBelgium(p));
    expect(await serverIds(['&', ['is_company', '=', true], ['country_id', '=', 'Belgium']])).toEqual(implicit);
  });

  it("'|' unites", async () => {
    await expectDomain(['|', ['is_company', '=', true], ['country_id', '=', 'Belgium']], (p) => isCompany(p) || inBelgium(p));
  });

  it("'!' negates a leaf, and an '|' by De Morgan's law", async () => {
    await expectDomain(['!', ['name', 'ilike', 'smith']], (p) => !containsIgnoringCase(p.name, 'smith'));
    await expectDomain(['!', '|', ['is_company', '=', true], ['country_id', '=', 'Belgium']], (p) => !isCompany(p) && !inBelgium(p));
    await expectDomain(['!', ['parent_id.name', '=', 'Deco Addict']], (p) => m2oName(p.parent_id) !== 'Deco Addict');
  });

  it('nests prefix operators: (A and B) or C', async () => {
    await expectDomain(['|', '&', ['is_company', '=', true], ['country_id', '=', 'Belgium'], ['parent_id', '=', 5]], (p) => (isCompany(p) && inBelgium(p)) || m2oId(p.parent_id) === 5);
  });

  it("knows Odoo's TRUE_LEAF and FALSE_LEAF", async () => {
    expect(await serverIds([[1, '=', 1]])).toEqual(idsOf(active));
    expect(await serverIds([[0, '=', 1]])).toEqual([]);
  });
});

describe('unicode, right-to-left and emoji values', () => {
  it('finds them with ilike, with the exact code points asked for', async () => {
    expect(await serverIds([['name', 'ilike', '北京']])).toEqual([7]);
    expect(await serverIds([['name', 'ilike', 'الأفق']])).toEqual([11]);
    expect(await serverIds([['complete_name', 'ilike', 'الأفق']])).toEqual([11, 12]);
    expect(await serverIds([['name', 'ilike', '🚀']])).toEqual([17, 18]);
    expect(await serverIds([['name', 'ilike', 'דוד']])).toEqual([14]);
    await expectDomain([['name', 'ilike', 'ZOË']], (p) => containsIgnoringCase(p.name, 'zoë'));
    // The decomposed "Zoe\u0308" is different code points: only the partner spelt that way.
    expect(await serverIds([['name', 'ilike', 'Zoe\u0308']])).toEqual([30]);
    expect(await serverIds([['name', '=', '  Leading and Trailing Spaces  ']])).toEqual([28]);
  });
});
