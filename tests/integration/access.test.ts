/**
 * Who may call what, over real HTTP: model ACLs (odoo-wire/08h, 08i, 08j), the portal user's record
 * rules, and the dispatch errors of call_kw (08b, 08c, 04b). Nothing here changes data: every write
 * attempted is one the server must refuse.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { idsOf, loadPartners, sortedIds, type Partner } from '../support/dataset.ts';
import { callKw, errorOf, login, resultOf, rpc } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');

let admin: string;
let demo: string;
let portal: string;
let partners: Partner[];

beforeAll(async () => {
  [admin, demo, portal] = await Promise.all([login(baseUrl, 'admin'), login(baseUrl, 'demo'), login(baseUrl, 'portal')]);
  partners = await loadPartners(baseUrl, admin);
});

const aclMessage = (verb: string, description: string, model: string, groups: string[]) =>
  `You are not allowed to ${verb} '${description}' (${model}) records.\n\n` +
  `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}\n\n` +
  'Contact your administrator to request access if necessary.';

describe('a basic internal user (demo)', () => {
  it('reads partners and tags', async () => {
    const rows = resultOf<{ id: number }[]>(await callKw(baseUrl, demo, 'res.partner', 'search_read', [[['id', '=', 5]], ['name']]));
    expect(rows).toEqual([{ id: 5, name: 'Deco Addict' }]);
    const tags = resultOf<{ name: string }[]>(await callKw(baseUrl, demo, 'res.partner.category', 'search_read', [[], ['name']]));
    expect(tags.map((t) => t.name)).toContain('Customer');
    expect(resultOf<number>(await callKw(baseUrl, demo, 'res.partner', 'search_count', [[]]))).toBe(partners.filter((p) => p.active).length);
  });

  it.each([
    ['write', [[1], { name: 'x' }], 'modify'],
    ['create', [{ name: 'x' }], 'create'],
    ['unlink', [[1]], 'delete'],
  ])('may not %s a partner: AccessError naming Extra Rights/Contact Creation (08j)', async (method, args, verb) => {
    const error = errorOf(await callKw(baseUrl, demo, 'res.partner', method, args));
    expect(error).toMatchObject({ code: 200, message: 'Odoo Server Error' });
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toBe(aclMessage(verb, 'Contact', 'res.partner', ['Extra Rights/Contact Creation']));
    expect(error.data.arguments).toEqual([error.data.message]);
  });

  it('refuses before touching the record: YourCompany is unchanged', async () => {
    const rows = resultOf<{ name: string }[]>(await callKw(baseUrl, admin, 'res.partner', 'read', [[1], ['name']]));
    expect(rows).toEqual([{ id: 1, name: 'YourCompany' }]);
  });

  it('may not read system parameters (08i)', async () => {
    const error = errorOf(await callKw(baseUrl, demo, 'ir.config_parameter', 'search_read', [], { domain: [], fields: ['key'], limit: 5 }));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toBe(aclMessage('access', 'System Parameter', 'ir.config_parameter', ['Administration/Settings']));
  });
});

describe('a portal user (Joel Willis, contact of Deco Addict)', () => {
  it('may not read partner tags (08h)', async () => {
    const error = errorOf(await callKw(baseUrl, portal, 'res.partner.category', 'search_read', [], { domain: [], fields: ['name'], limit: 5 }));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toBe(aclMessage('access', 'Partner Tags', 'res.partner.category', ['Extra Rights/Contact Creation', 'User types/Internal User']));
  });

  it("sees only their company's partners: Deco Addict, its contacts and themselves", async () => {
    const own = resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', 'child_of', 5]]]));
    expect(own).toEqual(expect.arrayContaining([5, 6]));
    const seen = resultOf<{ id: number }[]>(await callKw(baseUrl, portal, 'res.partner', 'search_read', [[], ['name']]));
    expect(idsOf(seen)).toEqual(sortedIds(own));
    expect(resultOf<number>(await callKw(baseUrl, portal, 'res.partner', 'search_count', [[]]))).toBe(own.length);
    // A domain narrows what the rules allow, it never widens it.
    const ors = resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [['|', ['id', '=', 1], ['id', '=', 6]]]));
    expect(ors).toEqual([6]);
    const ownArchived = resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [[['id', 'child_of', 5]]], { context: { active_test: false } }));
    const seenArchived = resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [[]], { context: { active_test: false } }));
    expect(sortedIds(seenArchived)).toEqual(sortedIds(ownArchived));
  });

  it('cannot probe records it may not read through related fields in a domain', async () => {
    // Deco Addict's salesperson is the admin user: the admin finds it this way...
    const probe = [['id', '=', 5], ['user_id.login', '=', 'admin']];
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.partner', 'search', [probe]))).toEqual([5]);
    // ...the portal user may not read that user, so the related search sees nothing, as in Odoo.
    for (const domain of [probe, [['user_id', 'ilike', 'Mitchell']], [['user_id.partner_id.email', 'ilike', 'admin@']]]) {
      expect(resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [domain]))).toEqual([]);
    }
    // Related records the portal user may read still match.
    expect(resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [[['child_ids.email', 'ilike', '@deco-addict']]]))).toEqual([5]);
    const contacts = resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [[['parent_id.name', '=', 'Deco Addict']]]));
    expect(contacts).toEqual(expect.arrayContaining([6]));
  });

  it('cannot learn where a hidden partner sits in the tree through child_of / parent_of', async () => {
    // Partner 3 belongs to YourCompany (company 1): the admin sees it so...
    expect(resultOf<number[]>(await callKw(baseUrl, admin, 'res.company', 'search', [[['partner_id', 'parent_of', 3]]]))).toEqual([1]);
    // ...but the portal user may not read partner 3...
    expect(errorOf(await callKw(baseUrl, portal, 'res.partner', 'read', [[3], ['name']])).data.name).toBe('odoo.exceptions.AccessError');
    // ...so a walk from it answers as a walk from a partner that does not exist.
    const companiesAbove = async (id: number) =>
      resultOf<number[]>(await callKw(baseUrl, portal, 'res.company', 'search', [[['partner_id', 'parent_of', id]]]));
    const missing = await companiesAbove(99999);
    expect(missing).toEqual([]);
    expect(await companiesAbove(3)).toEqual(missing);
    expect(await companiesAbove(1)).toEqual(missing);
    const below = resultOf<number>(await callKw(baseUrl, portal, 'res.company', 'search_count', [[['partner_id', 'child_of', [3, 1]]]]));
    expect(below).toBe(0);
    // Walks over records the portal user may read still work.
    const own = resultOf<number[]>(await callKw(baseUrl, portal, 'res.partner', 'search', [[['id', 'parent_of', 6]]]));
    expect(own).toEqual(expect.arrayContaining([5, 6]));
  });

  it('gets the record-rule AccessError when reading a partner outside their company by id', async () => {
    const error = errorOf(await callKw(baseUrl, portal, 'res.partner', 'read', [[6, 1], ['name']]));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toBe(
      'Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n' +
        "Sorry, Joel Willis (id=4) doesn't have 'read' access to:\n- Contact (res.partner: 1)\n\n" +
        'If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.',
    );
    expect(resultOf<unknown[]>(await callKw(baseUrl, portal, 'res.partner', 'read', [[6], ['name']]))).toEqual([{ id: 6, name: 'Joel Willis' }]);
  });

  it('cannot read other records through the sub-fields of a web_search_read specification', async () => {
    // Deco Addict's salesperson is the admin user, whom the portal user may not read.
    const spec = { name: {}, user_id: { fields: { login: {}, email: {} } } };
    const error = errorOf(await callKw(baseUrl, portal, 'res.partner', 'web_search_read', [[['id', '=', 5]], spec]));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toContain("doesn't have 'read' access to:\n- User (res.users: 2)");
    expect(error.data.message).not.toContain('admin@');
    // The display name alone is allowed, as in Odoo (read as superuser).
    const named = resultOf<{ records: unknown[] }>(
      await callKw(baseUrl, portal, 'res.partner', 'web_search_read', [[['id', '=', 5]], { user_id: { fields: { display_name: {} } } }]),
    );
    expect(named.records).toEqual([{ id: 5, user_id: { id: 2, display_name: 'Mitchell Admin' } }]);
  });

  it('sees only their own user', async () => {
    const users = resultOf<{ id: number; login: string }[]>(await callKw(baseUrl, portal, 'res.users', 'search_read', [[], ['login']]));
    expect(users).toEqual([{ id: 4, login: 'portal' }]);
    const error = errorOf(await callKw(baseUrl, portal, 'res.users', 'read', [[2], ['login']]));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toContain('- User (res.users: 2)');
  });

  it('may not write their own company either', async () => {
    const error = errorOf(await callKw(baseUrl, portal, 'res.partner', 'write', [[5], { name: 'Hacked' }]));
    expect(error.data.name).toBe('odoo.exceptions.AccessError');
    expect(error.data.message).toContain("You are not allowed to modify 'Contact' (res.partner) records.");
  });
});

describe('call_kw dispatch errors', () => {
  it('answers an unknown model with the 404 NotFound envelope and id null (08b)', async () => {
    const response = await callKw(baseUrl, admin, 'no.such.model', 'search_read', [[]]);
    expect(response.status).toBe(200);
    expect((response.body as { id: unknown }).id).toBeNull();
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 404, message: '404: Not Found', data: { name: 'werkzeug.exceptions.NotFound', arguments: [] } });
  });

  it('answers an unknown method with AttributeError and the request id (08c)', async () => {
    const response = await rpc(baseUrl, '/web/dataset/call_kw/res.partner/no_such_method', { model: 'res.partner', method: 'no_such_method', args: [], kwargs: {} }, admin, 4242);
    expect((response.body as { id: unknown }).id).toBe(4242);
    expect(errorOf(response).data).toMatchObject({
      name: 'builtins.AttributeError',
      message: "The method 'no_such_method' does not exist on the model 'res.partner'",
    });
  });

  it('refuses private methods with an AccessError, as odoo.service.model.check_method_name does', async () => {
    for (const method of ['_search', '_read_group', '__init__', 'init']) {
      const error = errorOf(await callKw(baseUrl, admin, 'res.partner', method, [[]]));
      expect(error.data.name).toBe('odoo.exceptions.AccessError');
      expect(error.data.message).toBe(`Private methods (such as ${method}) cannot be called remotely.`);
    }
  });

  it('binds arguments like Python and answers mistakes with TypeError', async () => {
    const cases: [string, unknown[], Record<string, unknown>, string][] = [
      ['read', [], {}, "read() missing 1 required positional argument: 'ids'"],
      ['search_count', [], {}, "search_count() missing 1 required positional argument: 'domain'"],
      ['write', [[1]], {}, "write() missing 1 required positional argument: 'vals'"],
      ['search_read', [[], ['name'], 0, 5, 'name', 'extra'], {}, 'search_read() takes from 1 to 6 positional arguments but 7 were given'],
      ['search_read', [[]], { domain: [] }, "search_read() got multiple values for argument 'domain'"],
      ['search_read', [], { bogus: 1 }, "search_read() got an unexpected keyword argument 'bogus'"],
    ];
    for (const [method, args, kwargs, message] of cases) {
      const error = errorOf(await callKw(baseUrl, demo, 'res.partner', method, args, kwargs));
      expect(error.data).toMatchObject({ name: 'builtins.TypeError', message });
    }
  });

  it('answers a call without a session, or with a bogus one, with SessionExpired (code 100, id null)', async () => {
    for (const cookie of [undefined, 'session_id=not-a-session']) {
      const response = await rpc(baseUrl, '/web/dataset/call_kw', { model: 'res.partner', method: 'search_read', args: [[]], kwargs: {} }, cookie, 7);
      expect((response.body as { id: unknown }).id).toBeNull();
      expect(errorOf(response)).toMatchObject({ code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException' } });
    }
  });
});
