/**
 * Domain fidelity (issue 18), the refusals: where Odoo 18 refuses a domain, an order, a limit or a
 * `fields` argument, the demo refuses it with the exception Odoo raises, as Odoo's JSON-RPC names it
 * (`data.name` is `module.Class` of the exception, odoo/http.py serialize_exception; `data.message`
 * is `str()` of its arguments, odoo/loglevels.py exception_to_unicode). Each expectation is written
 * from Odoo's code at commit 504b0670 (cited per test: file and function), where it fails for that
 * input: its `assert`s, Python's own TypeError / IndexError / KeyError on the value, or PostgreSQL's
 * refusal of what Odoo hands it as it is (psycopg2.errors.*). Read-only: the shared server.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, post, resultOf, type RpcError } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');

let admin: string;

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
});

/**
 * The error a call answers, checked for Odoo's envelope (odoo-wire 08d, 08e): HTTP 200, the
 * request's id, `code` 200, "Odoo Server Error", the exception's arguments and a traceback ending on
 * `name: message`.
 */
async function refusal(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<RpcError['data']> {
  const response = await callKw(baseUrl, admin, model, method, args, kwargs);
  expect(response.status).toBe(200);
  const body = response.body as { jsonrpc: string; id: unknown };
  expect(body.jsonrpc).toBe('2.0');
  expect(typeof body.id).toBe('number');
  const error = errorOf(response);
  expect(error).toMatchObject({ code: 200, message: 'Odoo Server Error', data: { context: {} } });
  expect(error.data.debug).toContain(`${error.data.name}: ${error.data.message}`);
  return error.data;
}

const onPartners = (method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => refusal('res.partner', method, args, kwargs);
/** `search(domain)` on res.partner. */
const searching = (domain: unknown) => onPartners('search', [domain]);
/** The name and message, and the message as the exception's one argument. */
const named = (name: string, message: string) => ({ name, message, arguments: [message] });

describe('the shape of a domain (expression.py normalize_domain, is_false, _anyfy_leaves)', () => {
  it("a domain that is not a list is normalize_domain's AssertionError, before anything else", async () => {
    // expression.py normalize_domain: `assert isinstance(domain, (list, tuple)), "Domains to normalize …"`,
    // called by is_false, the first thing models._search does (search, search_count, web_search_read);
    // for an `any` subdomain, normalize_domain recurses; name_search ANDs `args or []` (combine → normalize_domain).
    const expected = named('builtins.AssertionError', "Domains to normalize must have a 'domain' form: a list or tuple of domain components");
    expect(await searching('[]')).toMatchObject(expected);
    expect(await onPartners('search_count', [null])).toMatchObject(expected);
    expect(await onPartners('web_search_read', [{ name: 'x' }, { name: {} }])).toMatchObject(expected);
    expect(await searching([['parent_id', 'any', 5]])).toMatchObject(expected);
    expect(await onPartners('name_search', ['a'], { args: 'is_company' })).toMatchObject(expected);
    // search_read passes `domain or []`: a falsy one is every record.
    expect(resultOf<unknown[]>(await callKw(baseUrl, admin, 'res.partner', 'search_read', [null], { fields: ['id'], limit: 2 }))).toHaveLength(2);
  });

  it("a dict among the items is normalize_domain's TypeError: it hashes each item that is not a list", async () => {
    // expression.py normalize_domain: `op_arity.get(token, 0)`.
    expect(await searching([{ name: 'x' }])).toMatchObject(named('builtins.TypeError', "unhashable type: 'dict'"));
    expect(await searching(['&', ['name', '=', 'x'], {}])).toMatchObject(named('builtins.TypeError', "unhashable type: 'dict'"));
  });

  it("an item that is neither an operator nor a list is is_false's TypeError or IndexError (`token[1]`)", async () => {
    // expression.py is_false: `elif token[1] == 'in' and not (… or token[2])`, on each item not an operator nor TRUE/FALSE_LEAF.
    expect(await searching([5])).toMatchObject(named('builtins.TypeError', "'int' object is not subscriptable"));
    expect(await searching([null])).toMatchObject(named('builtins.TypeError', "'NoneType' object is not subscriptable"));
    expect(await searching(['x'])).toMatchObject(named('builtins.IndexError', 'string index out of range'));
    expect(await searching([[]])).toMatchObject(named('builtins.IndexError', 'tuple index out of range'));
    expect(await searching([['name']])).toMatchObject(named('builtins.IndexError', 'tuple index out of range'));
    expect(await searching([['name', 'in']])).toMatchObject(named('builtins.IndexError', 'tuple index out of range'));
    // Two values otherwise: _anyfy_leaves unpacks them (odoo-wire 08d), as it does a longer string (tuple('or')).
    expect(await searching([['name', '=']])).toMatchObject(named('builtins.ValueError', 'not enough values to unpack (expected 3, got 2)'));
    expect(await searching(['or'])).toMatchObject(named('builtins.ValueError', 'not enough values to unpack (expected 3, got 2)'));
  });

  it("inside an 'any', an item that is not iterable is _anyfy_leaves' TypeError (`tuple(item)`)", async () => {
    // expression.py _anyfy_leaves: `left, operator, right = item = tuple(item)`; is_false never reads a subdomain's items.
    expect(await searching([['child_ids', 'any', [5]]])).toMatchObject(named('builtins.TypeError', "'int' object is not iterable"));
    expect(await searching([['parent_id', 'not any', [true]]])).toMatchObject(named('builtins.TypeError', "'bool' object is not iterable"));
    expect(await searching([['parent_id', 'any', [['name']]]])).toMatchObject(named('builtins.ValueError', 'not enough values to unpack (expected 3, got 1)'));
  });

  it("a left side that is not a string is _anyfy_leaves' AttributeError (`left.split('.', 1)`)", async () => {
    // expression.py _anyfy_leaves: `path = left.split('.', 1)`, after is_boolean let (1, '=', 1) and (0, '=', 1) through.
    expect(await searching([[5, '=', 1]])).toMatchObject(named('builtins.AttributeError', "'int' object has no attribute 'split'"));
    expect(await searching([[null, 'ilike', 'x']])).toMatchObject(named('builtins.AttributeError', "'NoneType' object has no attribute 'split'"));
    expect(await searching([['parent_id', 'any', [[['name'], '=', 'x']]]])).toMatchObject(named('builtins.AttributeError', "'list' object has no attribute 'split'"));
  });
});

describe("an operator that is not a string (expression.py _tree_not, check_leaf)", () => {
  it("under '!', a list or dict operator is _tree_not's TypeError; anywhere else, check_leaf's ValueError", async () => {
    // expression.py _tree_from_domain reads the items into (operator, left, right) and negates with
    // _tree_not, whose `tree[0] in TERM_OPERATORS_NEGATION` hashes the operator (a dict); '!' before
    // '|' or '&' negates each child the same way. Without '!', the leaf reaches check_leaf:
    // `element[1] in INTERNAL_OPS` is False, so "Invalid leaf %s" % str(element).
    expect(await searching(['!', ['name', ['='], 'x']])).toMatchObject(named('builtins.TypeError', "unhashable type: 'list'"));
    expect(await searching(['!', '|', ['is_company', '=', true], ['name', { op: '=' }, 'x']])).toMatchObject(named('builtins.TypeError', "unhashable type: 'dict'"));
    expect(await searching([['name', ['='], 'x']])).toMatchObject(named('builtins.ValueError', "Invalid leaf ('name', ['='], 'x')"));
    // A hashable one (a number) is negated as ('!', leaf), and refused by check_leaf all the same.
    expect(await searching(['!', ['name', 5, 'x']])).toMatchObject(named('builtins.ValueError', "Invalid leaf ('name', 5, 'x')"));
  });
});

describe('leaves on the wrong kind of field (expression.py parse, models._condition_to_sql)', () => {
  it("'any' on a field that is not relational is a KeyError on None: the registry has no model None", async () => {
    // expression.py _anyfy_leaves: `comodel = model.env[field.comodel_name]` (comodel_name is None off
    // relational fields, fields.py Field); Environment.__getitem__ → Registry.__getitem__: `self.models[model_name]`.
    const error = await searching([['name', 'any', [['id', '=', 1]]]]);
    expect(error).toMatchObject({ name: 'builtins.KeyError', message: 'None', arguments: [null] });
    expect(await searching([['is_company', 'not any', []]])).toMatchObject({ name: 'builtins.KeyError', message: 'None' });
  });

  it("a path through a field that is not relational is _condition_to_sql's AssertionError", async () => {
    // models.py _condition_to_sql: `assert fname in self._fields, f"Invalid field {fname!r} in domain term {(fname, operator, value)!r}"`
    // (_anyfy_leaves keeps 'name.first' whole: only relational fields start an 'any').
    expect(await searching([['name.first', '=', 'x']])).toMatchObject(named('builtins.AssertionError', "Invalid field 'name.first' in domain term ('name.first', '=', 'x')"));
    expect(await searching([['parent_id.email.domain', 'ilike', 'x']])).toMatchObject(
      named('builtins.AssertionError', "Invalid field 'email.domain' in domain term ('email.domain', 'ilike', 'x')"),
    );
  });

  it("child_of / parent_of on a plain field is a KeyError: _condition_to_sql looks the operator up in SQL_OPERATORS", async () => {
    // models.py _condition_to_sql: `sql_operator = expression.SQL_OPERATORS[operator]` (no 'child_of' there);
    // display_name is searched as complete_name (PartnerCategory/Partner _search_display_name), which is one.
    expect(await searching([['name', 'child_of', 'x']])).toMatchObject(named('builtins.KeyError', 'child_of'));
    expect(await searching([['is_company', 'parent_of', [1]]])).toMatchObject(named('builtins.KeyError', 'parent_of'));
    expect(await searching([['display_name', 'child_of', 'x']])).toMatchObject(named('builtins.KeyError', 'child_of'));
  });

  it("child_of / parent_of on a model without a parent field is a KeyError on 'parent_id'", async () => {
    // expression.py child_of_domain: `left_model._fields[parent_name]`; parent_of_domain: `records[parent_name]`
    // (res.country and res.country.state have no parent_id, and no _parent_store).
    expect(await searching([['country_id', 'child_of', 1]])).toMatchObject(named('builtins.KeyError', 'parent_id'));
    expect(await searching([['state_id', 'parent_of', [1, 2]]])).toMatchObject(named('builtins.KeyError', 'parent_id'));
    expect(await refusal('res.country', 'search', [[['id', 'child_of', 1]]])).toMatchObject(named('builtins.KeyError', 'parent_id'));
  });

  it("child_of None or a fraction is to_ids' TypeError: `list(value)`", async () => {
    // expression.py parse.to_ids: neither a name, a list of names nor an int: `return list(value)`.
    expect(await searching([['parent_id', 'child_of', null]])).toMatchObject(named('builtins.TypeError', "'NoneType' object is not iterable"));
    expect(await searching([['id', 'parent_of', 1.5]])).toMatchObject(named('builtins.TypeError', "'float' object is not iterable"));
  });

  it("child_of a dict starts from its keys (`list(value)`), which PostgreSQL reads as ids: a key that is no integer is InvalidTextRepresentation", async () => {
    // expression.py parse.to_ids: `list(value)` of a dict is its keys; child_of_domain then browses
    // them (`records.search([(parent_name, 'in', records.ids)])`): the ids go to PostgreSQL as strings.
    expect(await searching([['parent_id', 'child_of', { abc: 1 }]])).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "abc"'));
    const company = resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['is_company', '=', true], ['child_ids', '!=', false]]], { limit: 1 }))[0];
    const byId = resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', 'child_of', company]]]));
    expect(byId.length).toBeGreaterThan(1);
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', 'child_of', { [String(company)]: true }]]]))).toEqual(byId);
  });
});

describe('values (fields.py convert_to_column, and what Odoo leaves to PostgreSQL)', () => {
  it("a list or dict compared with a number is Python's TypeError from int() / float()", async () => {
    // fields.py Integer.convert_to_column: `int(value or 0)`; Float.convert_to_column: `float(value or 0.0)`.
    expect(await searching([['color', '<', [1]]])).toMatchObject(named('builtins.TypeError', "int() argument must be a string, a bytes-like object or a real number, not 'list'"));
    expect(await searching([['partner_latitude', '>', { north: 1 }]])).toMatchObject(named('builtins.TypeError', "float() argument must be a string or a real number, not 'dict'"));
  });

  it("a date goes to PostgreSQL as str(value): what it cannot read is psycopg2's InvalidDatetimeFormat or DatetimeFieldOverflow", async () => {
    // fields.py: Date and Datetime keep Field.convert_to_column, `str(value)`, sent by _condition_to_sql as
    // a parameter for PostgreSQL to read (expression.py parse only widens a 10-character datetime to the day).
    expect(await searching([['write_date', '>', 'someday']])).toMatchObject(named('psycopg2.errors.InvalidDatetimeFormat', 'invalid input syntax for type timestamp: "someday"'));
    expect(await searching([['write_date', 'in', ['2024-01-01', 'soon']]])).toMatchObject(named('psycopg2.errors.InvalidDatetimeFormat', 'invalid input syntax for type timestamp: "soon"'));
    expect(await searching([['write_date', '<', '2024-02-30 10:00:00']])).toMatchObject(named('psycopg2.errors.DatetimeFieldOverflow', 'date/time field value out of range: "2024-02-30 10:00:00"'));
    // What PostgreSQL reads, Odoo answers.
    expect(resultOf<number>(await callKw(baseUrl, admin, 'res.partner', 'search_count', [[['write_date', '<', 'tomorrow']]]))).toBeGreaterThan(0);
    // A list is never a date: refused the same way, its text cut as an error message's is — neither a
    // long one nor one nested deep enough to overflow a recursive repr is written out whole.
    const long = await searching([['write_date', '>', Array.from({ length: 200_000 }, (_, i) => i)]]);
    expect(long.name).toBe('psycopg2.errors.InvalidDatetimeFormat');
    expect(long.message.length).toBeLessThan(1_000);
    // Written as text: 50,000 levels are more than JSON.stringify (or a recursive repr) can walk.
    const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`;
    const body = `{"jsonrpc":"2.0","method":"call","id":1,"params":{"model":"res.partner","method":"search","args":[[["write_date",">",${deep}]]],"kwargs":{}}}`;
    const nested = errorOf(await post(baseUrl, '/web/dataset/call_kw/res.partner/search', body, { Cookie: admin }));
    expect(nested.data.name).toBe('psycopg2.errors.InvalidDatetimeFormat');
  });

  it("ids go to PostgreSQL as they are: a string that is no integer is psycopg2's InvalidTextRepresentation, True its UndefinedFunction", async () => {
    // models.py _condition_to_sql: `if fname != 'id': params = [convert_to_column(p) …]` (ids unconverted);
    // expression.py one2many: `comodel.browse(ids2)._as_query()`, many2many: `tuple(it for it in ids2 if it)`.
    expect(await searching([['id', 'in', [1, 'abc']]])).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "abc"'));
    expect(await searching([['child_ids', 'not in', ['x']]])).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "x"'));
    expect(await searching([['category_id', 'in', ['1', 'y']]])).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "y"'));
    expect((await searching([['id', 'in', [true]]])).name).toBe('psycopg2.errors.UndefinedFunction');
    // An integral string is read as its number.
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', 'in', ['5']]]]))).toEqual([5]);
  });
});

describe('the other arguments of a search', () => {
  it("an order that is not a string is the TypeError of regex_order.match (models._check_qorder)", async () => {
    // models.py search_fetch: `order or self._order`; _order_to_sql → _check_qorder: `regex_order.match(word)`.
    expect(await onPartners('search', [[]], { order: 5 })).toMatchObject(named('builtins.TypeError', "expected string or bytes-like object, got 'int'"));
    expect(await onPartners('search_read', [[]], { fields: ['name'], order: ['name'] })).toMatchObject(named('builtins.TypeError', "expected string or bytes-like object, got 'list'"));
    // A falsy one is the model's _order.
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[]], { order: [], limit: 3 }))).toHaveLength(3);
  });

  it("fields that are not a list of names are the TypeError of check_field_access_rights' walk over them", async () => {
    // models.py check_field_access_rights: `[name for name in field_names if name in self._fields …]`
    // (search_read and read call it first); an unknown name is _determine_fields_to_fetch's ValueError.
    expect(await onPartners('search_read', [[]], { fields: 7 })).toMatchObject(named('builtins.TypeError', "'int' object is not iterable"));
    expect(await onPartners('search_read', [[]], { fields: [['name']] })).toMatchObject(named('builtins.TypeError', "unhashable type: 'list'"));
    expect(await onPartners('read', [[5], true])).toMatchObject(named('builtins.TypeError', "'bool' object is not iterable"));
    expect(await onPartners('search_read', [[]], { fields: 'name', limit: 1 })).toMatchObject(named('builtins.ValueError', "Invalid field 'n' on model 'res.partner'"));
  });

  it("a web_search_read specification that is not a dict is an AttributeError: `specification.keys()`", async () => {
    // addons/web/models/models.py web_search_read: `self.search_fetch(domain, specification.keys(), …)`.
    expect(await onPartners('web_search_read', [[], []])).toMatchObject(named('builtins.AttributeError', "'list' object has no attribute 'keys'"));
    expect(await onPartners('web_search_read', [[], 'name'])).toMatchObject(named('builtins.AttributeError', "'str' object has no attribute 'keys'"));
  });

  it("name_search's limit goes to PostgreSQL as a search's does: psycopg2's refusals", async () => {
    // models.py name_search: `self.search_fetch(domain, ['display_name'], limit=limit)` → tools/query.py `LIMIT %s`.
    expect(await onPartners('name_search', ['a'], { limit: -1 })).toMatchObject(named('psycopg2.errors.InvalidRowCountInLimitClause', 'LIMIT must not be negative'));
    expect(await onPartners('name_search', ['a'], { limit: 'ten' })).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type bigint: "ten"'));
  });

  it("read's ids go to PostgreSQL as they are: a string that is no integer is InvalidTextRepresentation, True UndefinedFunction", async () => {
    // models.py fetch: `self._search([('id', 'in', self.ids)])` over `browse(ids)` (api.py call_kw: `ids, args = args[0], args[1:]`).
    expect(await onPartners('read', [['abc'], ['name']])).toMatchObject(named('psycopg2.errors.InvalidTextRepresentation', 'invalid input syntax for type integer: "abc"'));
    expect((await onPartners('read', [[5, true], ['name']])).name).toBe('psycopg2.errors.UndefinedFunction');
  });
});
