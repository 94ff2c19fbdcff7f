/**
 * Hostile domains, field names, orders and paging arguments over real HTTP: values only ever match
 * what literally contains them, identifiers that are not fields are refused with Odoo's errors, and
 * the partner table is intact afterwards.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { containsIgnoringCase, idsOf, loadPartners, sortedIds, type Partner } from '../support/dataset.ts';
import { callKw, errorOf, login, resultOf, type RpcError } from '../support/rpc.ts';
import { spawnServer, throwawayDataDir } from '../support/server.ts';

const baseUrl = inject('baseUrl');

let admin: string;
let active: Partner[];
let countBefore: number;

async function count(): Promise<number> {
  return resultOf<number>(await callKw(baseUrl, admin, 'res.partner', 'search_count', [[]], { context: { active_test: false } }));
}

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
  active = (await loadPartners(baseUrl, admin)).filter((p) => p.active);
  countBefore = await count();
});

afterAll(async () => {
  // Nothing above may have dropped, emptied or altered the table.
  expect(await count()).toBe(countBefore);
  expect(resultOf<{ name: string }[]>(await callKw(baseUrl, admin, 'res.partner', 'read', [[5], ['name']]))).toEqual([{ id: 5, name: 'Deco Addict' }]);
});

async function serverIds(domain: unknown[]): Promise<number[]> {
  return sortedIds(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [domain])));
}

async function searchError(kwargs: Record<string, unknown>): Promise<RpcError> {
  return errorOf(await callKw(baseUrl, admin, 'res.partner', 'search_read', [], { fields: ['name'], limit: 5, ...kwargs }));
}

describe('SQL in values is only ever data', () => {
  // No % or _ in these: Odoo does not escape LIKE wildcards, so a plain "contains" models them.
  const payloads = ["x' OR 1=1 --", "'; DROP TABLE res_partner; --", "' OR '1'='1", "Robert'); DROP TABLE res_partner;--", '1; SELECT pg_sleep(5)', '" OR ""="'];

  it.each(payloads)('%s matches exactly the partners whose name contains it', async (payload) => {
    expect(await serverIds([['name', 'ilike', payload]])).toEqual(idsOf(active.filter((p) => containsIgnoringCase(p.name, payload))));
    expect(await serverIds([['name', '=', payload]])).toEqual(idsOf(active.filter((p) => p.name === payload)));
    expect(await serverIds([['name', 'in', [payload, 'Deco Addict']]])).toEqual(idsOf(active.filter((p) => p.name === payload || p.name === 'Deco Addict')));
  });

  it('finds the seeded partners whose data looks like SQL, and only them', async () => {
    expect(await serverIds([['name', '=', "Robert'); DROP TABLE res_partner;--"]])).toEqual([23]);
    expect(await serverIds([['name', 'ilike', "' OR '1'='1"]])).toEqual([24]);
    expect(await serverIds([['ref', '=', "' OR 1=1 --"]])).toEqual([24]);
    expect(await serverIds([['name', '=', "x' OR 1=1 --"]])).toEqual([]);
  });

  it('leaves LIKE wildcards in a value unescaped, as Odoo does', async () => {
    expect(await serverIds([['name', 'like', 'Deco_Addict']])).toEqual([5]);
    expect(await serverIds([['name', '=like', '%_%']])).toEqual(idsOf(active.filter((p) => p.name !== false && p.name !== '')));
  });

  it('keeps hostile values of relational and dotted leaves in parameters too', async () => {
    for (const domain of [
      [['country_id', 'ilike', "x' OR 1=1 --"]],
      [['category_id', '=', "'; DROP TABLE res_partner_category; --"]],
      [['id', 'child_of', "x' OR 1=1 --"]],
      [['parent_id.name', 'in', ["' OR 1=1 --"]]],
    ]) {
      expect(await serverIds(domain)).toEqual([]);
    }
    // A country code is cut to its size (2) before it becomes a parameter, as Odoo cuts it: the Belgians.
    expect(await serverIds([['country_id.code', '=', "BE' OR '1'='1"]])).toEqual(await serverIds([['country_id.code', '=', 'BE']]));
    expect(resultOf<number>(await callKw(baseUrl, admin, 'res.partner.category', 'search_count', [[]]))).toBe(10);
  });
});

describe('identifiers that are not fields are refused', () => {
  it.each(['name; drop table x', 'id) OR (1=1', 'name--', 'name = name OR 1=1', ''])('a domain on %j is a ValueError naming the field', async (field) => {
    const error = await searchError({ domain: [[field, '=', 'a']] });
    expect(error.data.name).toBe('builtins.ValueError');
    expect(error.data.message).toBe(`Invalid field res.partner.${field} in leaf ('${field}', '=', 'a')`);
  });

  it('refuses a hostile field after a dot on the related model', async () => {
    const error = await searchError({ domain: [['country_id.code; drop table x', '=', 'BE']] });
    expect(error.data.name).toBe('builtins.ValueError');
    expect(error.data.message).toContain('Invalid field res.country.code; drop table x');
  });

  it('refuses an operator that is not one of Odoo\'s', async () => {
    const error = await searchError({ domain: [['name', '= name OR 1=1 --', 'x']] });
    expect(error.data.name).toBe('builtins.ValueError');
    expect(error.data.message).toBe("Invalid leaf ('name', '= name OR 1=1 --', 'x')");
  });

  it('refuses hostile names in the fields to read and in a specification', async () => {
    const fields = errorOf(await callKw(baseUrl, admin, 'res.partner', 'search_read', [[]], { fields: ['name', 'email; drop table x'], limit: 1 }));
    expect(fields.data.name).toBe('builtins.ValueError');
    expect(fields.data.message).toMatch(/^Invalid field .email; drop table x. on model 'res.partner'$/);
    const spec = errorOf(await callKw(baseUrl, admin, 'res.partner', 'web_search_read', [[]], { specification: { 'name) FROM res_users --': {} }, limit: 1 }));
    expect(spec.data.name).toBe('builtins.ValueError');
    expect(spec.data.message).toMatch(/^Invalid field .name\) FROM res_users --. on model 'res.partner'$/);
  });
});

describe('order strings', () => {
  it.each(['name; DROP TABLE res_partner', '(select 1)', 'name desc, id desc --', 'id desc nulls first; select 1', 'name desc desc', 'name,', 'name /* x */'])(
    '%j is a UserError quoting it',
    async (order) => {
      const error = await searchError({ order });
      expect(error.data.name).toBe('odoo.exceptions.UserError');
      expect(error.data.message).toBe(
        `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
      );
    },
  );

  it('refuses a well-formed order on an unknown or non-stored field', async () => {
    expect((await searchError({ order: 'no_such_field desc' })).data.message).toBe("Invalid field 'no_such_field' on model 'res.partner'");
    expect((await searchError({ order: 'email_formatted' })).data.message).toContain('not stored');
  });

  it('accepts the valid grammar: directions, nulls first/last and a many2one property', async () => {
    const response = await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', '<=', 6]]], { order: 'is_company DESC, parent_id.id asc nulls first, id desc' });
    expect(resultOf<number[]>(response)).toEqual([5, 1, 4, 3, 6]);
  });
});

describe('paging arguments of the wrong type: PostgreSQL decides, as it does under Odoo (issue 18, M)', () => {
  it.each([
    ['limit', -1, 'psycopg2.errors.InvalidRowCountInLimitClause', 'LIMIT must not be negative'],
    ['limit', 'five', 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type bigint: "five"'],
    ['limit', [1], 'psycopg2.errors.DatatypeMismatch', 'argument of LIMIT must be type bigint, not type integer[]'],
    ['limit', { n: 1 }, 'psycopg2.ProgrammingError', "can't adapt type 'dict'"],
    ['offset', 'abc', 'psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type bigint: "abc"'],
    ['offset', -3, 'psycopg2.errors.InvalidRowCountInResultOffsetClause', 'OFFSET must not be negative'],
    ['offset', true, 'psycopg2.errors.DatatypeMismatch', 'argument of OFFSET must be type bigint, not type boolean'],
  ])('%s = %j is %s', async (name, value, errorName, message) => {
    const error = await searchError({ [name]: value });
    expect(error.data.name).toBe(errorName);
    expect(error.data.message).toBe(message);
  });

  it("takes an integral string as its number, and rounds a fraction (numeric to bigint)", async () => {
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[]], { limit: '5' }))).toHaveLength(5);
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[]], { limit: 2.5 }))).toHaveLength(3);
  });

  it('takes false and null as "no limit", like None', async () => {
    const all = resultOf<number>(await callKw(baseUrl, admin, 'res.partner', 'search_count', [[]]));
    for (const limit of [false, null]) {
      expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[]], { limit }))).toHaveLength(all);
    }
  });
});

describe('malformed domains', () => {
  it.each([
    [[['name', '==']], 'not enough values to unpack (expected 3, got 2)'],
    [[['name', '=', 'a', 'b']], 'too many values to unpack (expected 3)'],
    [['|', ['name', '=', 'a']], "Domain ['|', ['name', '=', 'a']] is syntactically not correct."],
    [[['name', '==', 'x']], "Invalid leaf ('name', '==', 'x')"],
    [[['id', '=', 'abc']], "invalid literal for int() with base 10: 'abc'"],
  ])('%j is a ValueError: %s', async (domain, message) => {
    const error = await searchError({ domain });
    expect(error.data.name).toBe('builtins.ValueError');
    expect(error.data.message).toBe(message);
  });

  it("ignores a leaf on a field Odoo cannot search (it logs 'Non-stored field … cannot be searched')", async () => {
    expect(await serverIds([['email_formatted', '=', 'x']])).toEqual(idsOf(active));
  });

  it("refuses a domain that is not a list with normalize_domain's assertion", async () => {
    const error = await searchError({ domain: "name = 'x' OR 1=1" });
    expect(error.data.name).toBe('builtins.AssertionError');
    expect(error.data.message).toBe("Domains to normalize must have a 'domain' form: a list or tuple of domain components");
  });

  it("hands a date to PostgreSQL as Odoo does, whose refusal is psycopg2's", async () => {
    const error = await searchError({ domain: [['write_date', '>', "2024-01-01' OR '1'='1"]] });
    expect(error.data.name).toBe('psycopg2.errors.InvalidDatetimeFormat');
    expect(error.data.message).toBe('invalid input syntax for type timestamp: "2024-01-01\' OR \'1\'=\'1"');
  });
});

describe('a NUL byte in a value (issue 13, "Also")', () => {
  it("is Odoo's ValueError, in a domain and in a write, and its value reaches no log", async () => {
    const server = await spawnServer({ dataDir: throwawayDataDir(inject('templateDir')) });
    try {
      const cookie = await login(server.url, 'admin');
      const marker = 'nul-marker-7f3a';
      const cases: [string, unknown[]][] = [
        ['search_count', [[['name', 'ilike', `${marker}\u0000x`]]]],
        ['search_count', [[['email', 'in', ['a@b.c', `${marker}\u0000`]]]]],
        ['write', [[1], { comment: `${marker}\u0000` }]],
      ];
      for (const [method, args] of cases) {
        const error = errorOf(await callKw(server.url, cookie, 'res.partner', method, args));
        expect(error.data).toMatchObject({ name: 'builtins.ValueError', message: 'A string literal cannot contain NUL (0x00) characters.' });
      }
      expect(server.output()).not.toContain(marker);
      // Still up, the partner untouched.
      expect(resultOf<number>(await callKw(server.url, cookie, 'res.partner', 'search_count', [[['comment', 'ilike', marker]]]))).toBe(0);
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
