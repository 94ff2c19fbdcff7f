import { describe, expect, it } from 'vitest';
import { category, compile, country, failure, partner } from './compile-test-support.ts';
import { activeCondition, appliesActiveTest, domainMentionsActive } from './domain.ts';
import { MAX_PATTERN_LEAVES } from './domain-tree.ts';

describe('compileDomain: structure', () => {
  it('compiles an empty domain to TRUE, or to the active test', () => {
    expect(compile([])).toEqual({ sql: 'TRUE', params: [] });
    expect(compile([], {})).toEqual({ sql: 't.active', params: [] });
    expect(compile([], {}, country)).toEqual({ sql: 'TRUE', params: [] });
  });

  it('ANDs consecutive leaves implicitly and honours | and & in prefix notation', () => {
    expect(compile([['name', '=', 'a'], ['ref', '=', 'b']]).sql).toBe('((t.name = $1) AND (t.ref = $2))');
    expect(compile(['|', ['name', '=', 'a'], ['ref', '=', 'b']]).sql).toBe('((t.name = $1) OR (t.ref = $2))');
    const nested = compile(['&', '|', ['name', '=', 'a'], ['ref', '=', 'b'], ['vat', '=', 'c']]);
    expect(nested.sql).toBe('(((t.name = $1) OR (t.ref = $2)) AND (t.vat = $3))');
    expect(nested.params).toEqual(['a', 'b', 'c']);
  });

  it('pushes ! into the leaves like Odoo, so a negated equality also matches NULL', () => {
    expect(compile(['!', ['name', '=', 'x']]).sql).toBe('((t.name != $1) OR t.name IS NULL)');
    expect(compile(['!', '|', ['name', '=', 'a'], ['color', '<', 3]]).sql).toBe('(((t.name != $1) OR t.name IS NULL) AND (t.color >= $2))');
    expect(compile(['!', '!', ['name', '=', 'x']]).sql).toBe('(t.name = $1)');
    // Operators without a negation keep an SQL NOT.
    expect(compile(['!', ['name', '=like', 'a%']]).sql).toBe('(NOT (t.name LIKE $1))');
  });

  it("accepts Odoo's TRUE_LEAF and FALSE_LEAF", () => {
    expect(compile([[1, '=', 1]]).sql).toBe('TRUE');
    expect(compile([[0, '=', 1]]).sql).toBe('FALSE');
    expect(compile(['|', [0, '=', 1], ['name', '=', 'a']]).sql).toBe('(t.name = $1)');
    expect(compile(['!', [1, '=', 1]]).sql).toBe('FALSE');
  });

  it("refuses a domain that is not a list with normalize_domain's assertion", () => {
    for (const bad of ['name', { name: 1 }, 42, null, [['parent_id', 'any', 'x']]]) {
      const error = failure(bad);
      expect(error.odooName).toBe('builtins.AssertionError');
      expect(error.message).toBe("Domains to normalize must have a 'domain' form: a list or tuple of domain components");
    }
  });

  it('refuses unbalanced prefix notation', () => {
    expect(failure(['|', ['name', '=', 'a']]).message).toBe("Domain ['|', ['name', '=', 'a']] is syntactically not correct.");
    expect(failure([['name', '=', 'a'], '!']).odooName).toBe('builtins.ValueError');
    expect(failure(['&']).message).toContain('is syntactically not correct');
  });

  it('words a leaf of the wrong length like Python unpacking (odoo-wire 08d)', () => {
    const short = failure([['name', '==']]);
    expect(short.odooName).toBe('builtins.ValueError');
    expect(short.message).toBe('not enough values to unpack (expected 3, got 2)');
    expect(failure([['name', '=', 'a', 'b']]).message).toBe('too many values to unpack (expected 3)');
    // is_false reads `token[1]` first (and `token[2]` for 'in'): shorter leaves are its IndexError.
    expect(failure([[]])).toMatchObject({ odooName: 'builtins.IndexError', message: 'tuple index out of range' });
    expect(failure([['name', 'in']])).toMatchObject({ odooName: 'builtins.IndexError', message: 'tuple index out of range' });
    // Inside an 'any', only _anyfy_leaves unpacks it.
    expect(failure([['parent_id', 'any', [['name']]]]).message).toBe('not enough values to unpack (expected 3, got 1)');
  });

  it('names an unknown field exactly like odoo-wire 08e', () => {
    const error = failure([['no_such_field', '=', 1]]);
    expect(error.odooName).toBe('builtins.ValueError');
    expect(error.message).toBe("Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)");
    expect(failure([['tag', 'in', [true, null, 'it\'s']]]).message).toBe(
      'Invalid field res.partner.tag in leaf (\'tag\', \'in\', [True, None, "it\'s"])',
    );
    // Inherited object keys are not fields.
    expect(failure([['constructor', '=', 1]]).message).toBe("Invalid field res.partner.constructor in leaf ('constructor', '=', 1)");
  });

  it('names the unknown field of a dotted path on the comodel', () => {
    expect(failure([['country_id.nope', '=', 'x']]).message).toBe("Invalid field res.country.nope in leaf ('nope', '=', 'x')");
    expect(failure([['name.first', '=', 'x']])).toMatchObject({ odooName: 'builtins.AssertionError', message: "Invalid field 'name.first' in domain term ('name.first', '=', 'x')" });
  });

  it('refuses unknown operators, odd tokens and non-string field names', () => {
    expect(failure([['name', '==', 'x']]).message).toBe("Invalid leaf ('name', '==', 'x')");
    expect(failure([['name', 'ILIKE', 'x']]).message).toBe("Invalid leaf ('name', 'ILIKE', 'x')");
    expect(failure([['name', 'any', []]])).toMatchObject({ odooName: 'builtins.KeyError', message: 'None' });
    // tuple('or'): two values to unpack; tuple('abc') a leaf on a field named 'a'.
    expect(failure(['or', ['name', '=', 'x']])).toMatchObject({ odooName: 'builtins.ValueError', message: 'not enough values to unpack (expected 3, got 2)' });
    expect(failure(['abc']).message).toBe("Invalid field res.partner.a in leaf ('a', 'b', 'c')");
    expect(failure(['x'])).toMatchObject({ odooName: 'builtins.IndexError', message: 'string index out of range' });
    expect(failure([5])).toMatchObject({ odooName: 'builtins.TypeError', message: "'int' object is not subscriptable" });
    expect(failure([{}])).toMatchObject({ odooName: 'builtins.TypeError', message: "unhashable type: 'dict'" });
    expect(failure([['parent_id', 'any', [null]]])).toMatchObject({ odooName: 'builtins.TypeError', message: "'NoneType' object is not iterable" });
    expect(failure([[2, '=', 1]])).toMatchObject({ odooName: 'builtins.AttributeError', message: "'int' object has no attribute 'split'" });
  });

  it("ignores leaves on fields Odoo cannot search, and answers those on fields the demo does not model from their one value", () => {
    // Non-stored without a search method in Odoo: "logged and ignored" (expression.py: `domain = []`).
    expect(compile([['email_formatted', 'ilike', 'x']]).sql).toBe('TRUE');
    expect(compile([['company_type', '=', 'company']]).sql).toBe('TRUE');
    // Stored in Odoo, empty in the demo on every record: `title = False` is everyone, `activity_user_id = 2` no one.
    expect(compile([['title', '=', false]]).sql).toBe('(NULL IS NULL)');
    expect(compile([['activity_user_id', '=', 2]]).sql).toBe('(NULL = $1)');
    expect(compile([['title.name', '=', 'Mr']]).sql).toBe('FALSE');
    expect(compile([['bank_ids', '=', false]]).sql).toBe('TRUE');
  });
});

describe('compileDomain: limits (security review: nested domains blocked the event loop)', () => {
  const big = 'x'.repeat(1_000_000);
  const nestAny = (levels: number, leaf: unknown[]): unknown[] => {
    let domain: unknown[] = [leaf];
    for (let i = 0; i < levels; i++) domain = [['child_ids', 'any', domain]];
    return domain;
  };

  it('refuses a 300-hop path with a 1 MB value, with a short message', () => {
    const error = failure([[`${'parent_id.'.repeat(300)}name`, '=', big]]);
    expect(error.odooName).toBe('builtins.ValueError');
    expect(error.message).toMatch(/^Field path 'parent_id\.parent_id\.[a-z_.]*\.\.\. has more than 16 hops in leaf \('parent_id/);
    expect(error.message.length).toBeLessThan(1000);
  });

  it('allows 16 hops and refuses 17', () => {
    const allowed = compile([[`${'parent_id.'.repeat(16)}name`, '=', big]]);
    expect(allowed.params).toEqual([big]);
    expect(allowed.sql.match(/SELECT/g)).toHaveLength(16);
    expect(failure([[`${'parent_id.'.repeat(17)}name`, '=', 'x']]).message).toContain('more than 16 hops');
  });

  it("allows 16 nested 'any' levels and refuses 17, also through 'not any' and dotted paths", () => {
    const allowed = compile(nestAny(16, ['name', '=', big]));
    expect(allowed.params).toEqual([big]);
    const deep = failure(nestAny(17, ['name', '=', big]));
    expect(deep.odooName).toBe('builtins.ValueError');
    expect(deep.message).toBe("Domain nests 'any' / 'not any' more than 16 levels deep");
    expect(failure(nestAny(120, ['parent_id.name', '=', big])).message).toContain('more than 16 levels deep');
    let negated: unknown[] = [['name', '=', 'x']];
    for (let i = 0; i < 17; i++) negated = [['child_ids', 'not any', negated]];
    expect(failure(negated).message).toContain('more than 16 levels deep');
  });

  it('counts the leaves of the whole domain, subdomains included', () => {
    const leaves = (n: number) => Array.from({ length: n }, (_, i) => ['ref', '=', String(i)]);
    expect(compile(leaves(5000)).params).toHaveLength(5000);
    expect(failure(leaves(5001)).message).toBe('Domain has too many leaves (more than 5000)');
    const spread = [...leaves(2500), ['child_ids', 'any', leaves(2501)]];
    expect(failure(spread).message).toBe('Domain has too many leaves (more than 5000)');
  });

  it('bounds the subqueries one domain compiles to', () => {
    const related = (n: number) => Array.from({ length: n }, (_, i) => ['child_ids.email', '=', String(i)]);
    expect(compile(related(200)).sql.match(/SELECT/g)).toHaveLength(200);
    expect(failure(related(300)).message).toBe('Domain needs too many subqueries on related records (more than 256)');
    const paths = Array.from({ length: 20 }, () => [`${'parent_id.'.repeat(16)}name`, '=', 'x']);
    expect(failure(paths).message).toContain('too many subqueries');
    expect(failure(Array.from({ length: 300 }, () => ['parent_id', 'child_of', 1])).message).toContain('too many subqueries');
  });

  it('bounds the pattern leaves (like, ilike …) one domain may hold, through paths and any too', () => {
    const patterns = (n: number, operator = 'ilike') => Array.from({ length: n }, (_, i) => ['name', operator, `x${i}`]);
    expect(compile(patterns(MAX_PATTERN_LEAVES)).sql).toContain('ILIKE');
    expect(failure(patterns(MAX_PATTERN_LEAVES + 1)).message).toBe(`Domain has too many pattern leaves ('like', 'ilike' …): more than ${MAX_PATTERN_LEAVES}`);
    expect(failure([...patterns(60, 'NOT LIKE'), ...patterns(41, '=like')]).message).toContain('too many pattern leaves');
    expect(failure([['child_ids', 'any', [...patterns(50), ...Array.from({ length: 51 }, () => ['parent_id.email', 'like', 'x'])]]]).message).toContain('too many pattern leaves');
    // Other operators do not count.
    expect(compile(Array.from({ length: 300 }, (_, i) => ['name', '=', `x${i}`])).sql).toContain('t.name = $300');
  });

  it('quotes at most 200 characters of a value in an error', () => {
    const error = failure([['color', '=', big]]);
    expect(error.message).toBe(`invalid literal for int() with base 10: '${'x'.repeat(199)}...`);
    const leaf = failure([['name', '==', big]]).message;
    expect(leaf).toBe(`Invalid leaf ('name', '==', '${'x'.repeat(199)}...)`);
    const nested = failure([['parent_id.nope', '=', [big, big]]]).message;
    expect(nested).toBe(`Invalid field res.partner.nope in leaf ('nope', '=', ['${'x'.repeat(198)}...)`);
    expect(failure(['|', ['name', '=', big]]).message.length).toBeLessThan(300);
  });
});

describe('compileDomain: operators on plain fields', () => {
  it.each([
    ['=', 'x', '(t.name = $1)'],
    ['!=', 'x', '((t.name != $1) OR t.name IS NULL)'],
    ['<>', 'x', '((t.name != $1) OR t.name IS NULL)'],
    ['<', 'x', '(t.name < $1)'],
    ['<=', 'x', '(t.name <= $1)'],
    ['>', 'x', '(t.name > $1)'],
    ['>=', 'x', '(t.name >= $1)'],
    ['=like', 'x%', '(t.name LIKE $1)'],
    ['=ilike', 'x%', '(t.name ILIKE $1)'],
    ['=?', 'x', '(t.name = $1)'],
  ])('name %s %j', (operator, value, sql) => {
    const result = compile([['name', operator, value]]);
    expect(result.sql).toBe(sql);
    expect(result.params).toEqual([value]);
  });

  it('wraps like / ilike values in % without escaping the user wildcards', () => {
    expect(compile([['name', 'like', 'a_b%']])).toEqual({ sql: '(t.name LIKE $1)', params: ['%a_b%%'] });
    expect(compile([['name', 'ilike', 'ann']])).toEqual({ sql: '(t.name ILIKE $1)', params: ['%ann%'] });
    expect(compile([['name', 'not like', 'x']])).toEqual({ sql: '((t.name NOT LIKE $1) OR t.name IS NULL)', params: ['%x%'] });
    expect(compile([['name', 'not ilike', 'x']])).toEqual({ sql: '((t.name NOT ILIKE $1) OR t.name IS NULL)', params: ['%x%'] });
    expect(compile([['name', 'ilike', '']]).sql).toBe('TRUE');
    expect(compile([['name', 'not ilike', false]]).sql).toBe('FALSE');
    // Non-text fields are compared as text.
    expect(compile([['color', 'ilike', 3]])).toEqual({ sql: '((t.color)::text ILIKE $1)', params: ['%3%'] });
  });

  it("treats '=?' with False as no condition", () => {
    expect(compile([['name', '=?', false]]).sql).toBe('TRUE');
    expect(compile(['!', ['name', '=?', false]]).sql).toBe('FALSE');
  });

  it('compares with False as Odoo 18 does for each field type', () => {
    expect(compile([['name', '=', false]])).toEqual({ sql: '((t.name = $1) OR t.name IS NULL)', params: [''] });
    expect(compile([['name', '!=', false]])).toEqual({ sql: '(t.name != $1)', params: [''] });
    expect(compile([['color', '=', false]])).toEqual({ sql: '((t.color = $1) OR t.color IS NULL)', params: [0] });
    expect(compile([['is_company', '=', false]]).sql).toBe('(t.is_company IS NULL OR t.is_company = FALSE)');
    expect(compile([['is_company', '!=', false]]).sql).toBe('(t.is_company = TRUE)');
    expect(compile([['is_company', '=', true]]).sql).toBe('(t.is_company = TRUE)');
    expect(compile([['type', '=', false]]).sql).toBe('(t.type IS NULL)');
    expect(compile([['write_date', '!=', null]]).sql).toBe('(t.write_date IS NOT NULL)');
    expect(compile([['country_id', '=', false]]).sql).toBe('(t.country_id IS NULL)');
    expect(compile([['country_id', '!=', 0]]).sql).toBe('(t.country_id IS NOT NULL)');
    expect(compile([['image_1920', '!=', false]]).sql).toBe('(t.image IS NOT NULL)');
  });

  it('counts NULL as 0 in number comparisons', () => {
    expect(compile([['color', '<', 3]]).sql).toBe('((t.color < $1) OR t.color IS NULL)');
    expect(compile([['color', '>', 3]]).sql).toBe('(t.color > $1)');
    expect(compile([['color', '>=', 0]]).sql).toBe('((t.color >= $1) OR t.color IS NULL)');
    expect(compile([['color', '!=', 2]]).sql).toBe('((t.color != $1) OR t.color IS NULL)');
  });

  it('compiles in / not in to one array parameter, with False meaning NULL', () => {
    expect(compile([['name', 'in', ['a', 'b']]])).toEqual({ sql: '(t.name = ANY($1::text[]))', params: [['a', 'b']] });
    expect(compile([['color', 'not in', [1, 2]]])).toEqual({ sql: '((t.color <> ALL($1::int4[])) OR t.color IS NULL)', params: [[1, 2]] });
    expect(compile([['type', 'in', ['contact', false]]])).toEqual({ sql: '((t.type = ANY($1::text[])) OR t.type IS NULL)', params: [['contact']] });
    expect(compile([['type', 'not in', ['contact', false]]]).sql).toBe('((t.type <> ALL($1::text[])) AND t.type IS NOT NULL)');
    expect(compile([['id', 'in', [3, 4]]])).toEqual({ sql: '(t.id = ANY($1::int4[]))', params: [[3, 4]] });
    expect(compile([['name', '=', ['a']]]).sql).toBe('(t.name = ANY($1::text[]))');
  });

  it('compiles in [] to FALSE and not in [] to TRUE', () => {
    expect(compile([['id', 'in', []]])).toEqual({ sql: 'FALSE', params: [] });
    expect(compile([['type', 'not in', []]]).sql).toBe('(TRUE OR t.type IS NULL)');
    expect(compile([['id', 'in', []], ['name', '=', 'a']]).sql).toBe('(FALSE AND (t.name = $1))');
  });

  it('casts dates and datetimes, and widens a bare date on a datetime to the whole day', () => {
    expect(compile([['write_date', '>=', '2024-01-31 08:00:00']])).toEqual({ sql: '(t.write_date >= $1::timestamp)', params: ['2024-01-31 08:00:00'] });
    expect(compile([['write_date', '>', '2024-01-31']]).params).toEqual(['2024-01-31 23:59:59']);
    expect(compile([['write_date', '<', '2024-01-31']]).params).toEqual(['2024-01-31 00:00:00']);
    expect(compile([['write_date', 'in', ['2024-1-5 7:05:09']]])).toEqual({ sql: '(t.write_date = ANY($1::timestamp[]))', params: [['2024-1-5 7:05:09']] });
  });

  it('hands a date to PostgreSQL as str(value), as Field.convert_to_column does: PostgreSQL reads it or refuses it', () => {
    expect(compile([['write_date', '>', 'yesterday']]).params).toEqual(['yesterday']);
    expect(compile([['write_date', '>', 20240101]]).params).toEqual(['20240101']);
    expect(compile([['write_date', '=', true]]).params).toEqual(['True']);
  });

  it('checks value types against the field type', () => {
    expect(failure([['color', '=', 'red']]).message).toBe("invalid literal for int() with base 10: 'red'");
    expect(failure([['partner_latitude', '>', 'north']]).message).toBe("could not convert string to float: 'north'");
    expect(failure([['color', '=', { a: 1 }]]).message).toContain("not 'dict'");
    // A boolean field takes Python's bool() of any value (Boolean.convert_to_column).
    expect(compile([['is_company', '=', 'yes']]).params).toEqual([true]);
    expect(failure([['type', '=', 5]]).message).toContain('Invalid value 5 for field res.partner.type');
    expect(failure([['name', 'ilike', ['a']]]).message).toContain("Invalid value ['a']");
    expect(failure([['id', 'in', 5]]).message).toBe("Invalid domain term ('id', 'in', 5)");
    expect(failure([['color', '=', 2 ** 40]]).message).toBe('integer out of range');
    // Numeric text is a number, as int('3') is in Python.
    expect(compile([['color', '=', '3']]).params).toEqual([3]);
  });

  it('searches sql fields through their expression', () => {
    expect(compile([['country_code', '=', 'BE']]).sql).toBe('(((SELECT t_c.code FROM res_country t_c WHERE t_c.id = t.country_id)) = $1)');
    expect(compile([['email_normalized', 'ilike', 'a@']]).sql).toBe('((lower(t.email)) ILIKE $1)');
  });
});

describe('active test', () => {
  it('ANDs alias.active unless the context or the domain says otherwise', () => {
    expect(compile([['name', '=', 'a']], {}).sql).toBe('(t.active AND (t.name = $1))');
    expect(compile([['name', '=', 'a']], { activeTest: false }).sql).toBe('(t.name = $1)');
    expect(compile([['active', '=', false]], {}).sql).toBe('(t.active IS NULL OR t.active = FALSE)');
    expect(compile(['|', ['active', '=', true], ['active', '=', false]], {}).sql).not.toMatch(/^\(t\.active AND/);
    expect(compile([['name', '=', 'a']], {}, country).sql).toBe('(t.name = $1)');
    expect(compile([['name', '=', 'a']], {}, category).sql).toBe('(t.active AND (t.name = $1))');
  });

  it('only counts top-level leaves on active itself, as _where_calc does', () => {
    expect(domainMentionsActive([['active', '=', true]])).toBe(true);
    expect(domainMentionsActive(['!', ['active', '=', true]])).toBe(true);
    expect(domainMentionsActive([['parent_id.active', '=', true]])).toBe(false);
    expect(domainMentionsActive('active')).toBe(false);
    expect(appliesActiveTest(partner, [])).toBe(true);
    expect(appliesActiveTest(partner, [], { activeTest: false })).toBe(false);
    expect(appliesActiveTest(partner, [['active', 'in', [true, false]]])).toBe(false);
    expect(appliesActiveTest(country, [])).toBe(false);
    expect(activeCondition(partner, 'p')).toBe('p.active');
    expect(activeCondition(country, 'p')).toBeUndefined();
  });
});
