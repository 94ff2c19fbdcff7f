import { describe, expect, it } from 'vitest';
import { canonicalJson, readOnlyCall } from './request-key.ts';

const PATH = '/web/dataset/call_kw/res.partner/search_read';
const body = (params: Record<string, unknown>, id = 1) => JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id });
const searchRead = { model: 'res.partner', method: 'search_read', args: [], kwargs: { domain: [['is_company', '=', true]], fields: ['name'], limit: 80 } };

describe('canonicalJson', () => {
  it('prints objects with sorted keys at every depth and arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('drops undefined properties like JSON.stringify does, and keeps strings escaped', () => {
    expect(canonicalJson({ a: undefined, b: 'quote " and \u2028' })).toBe(JSON.stringify({ b: 'quote " and \u2028' }));
  });
});

describe('readOnlyCall', () => {
  it('keys the same question the same way, whatever the id or key order', async () => {
    const first = await readOnlyCall(PATH, body(searchRead, 1));
    const reordered = { kwargs: { limit: 80, fields: ['name'], domain: [['is_company', '=', true]] }, args: [], method: 'search_read', model: 'res.partner' };
    const second = await readOnlyCall(PATH, body(reordered, 99));
    expect(first).toMatchObject({ model: 'res.partner', method: 'search_read' });
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.hash).toBe(first?.hash);
  });

  it('keys different questions differently', async () => {
    const first = await readOnlyCall(PATH, body(searchRead));
    const other = await readOnlyCall(PATH, body({ ...searchRead, kwargs: { ...searchRead.kwargs, limit: 81 } }));
    expect(other?.hash).not.toBe(first?.hash);
  });

  it('accepts every read-only method and refuses writes', async () => {
    for (const method of ['search_read', 'web_search_read', 'read', 'search_count', 'fields_get', 'name_search']) {
      expect(await readOnlyCall(`/web/dataset/call_kw/res.partner/${method}`, body({ ...searchRead, method }))).toBeDefined();
    }
    for (const method of ['create', 'write', 'unlink', 'action_archive', 'message_post']) {
      expect(await readOnlyCall(`/web/dataset/call_kw/res.partner/${method}`, body({ ...searchRead, method }))).toBeUndefined();
    }
  });

  it('refuses other routes, bodies that are not a JSON-RPC call, and a route that disagrees with the body', async () => {
    expect(await readOnlyCall('/web/session/authenticate', body(searchRead))).toBeUndefined();
    expect(await readOnlyCall('/web/session/get_session_info', body({}))).toBeUndefined();
    expect(await readOnlyCall(PATH, 'not json')).toBeUndefined();
    expect(await readOnlyCall(PATH, JSON.stringify({ jsonrpc: '2.0', method: 'other', params: searchRead }))).toBeUndefined();
    expect(await readOnlyCall(PATH, JSON.stringify(null))).toBeUndefined();
    expect(await readOnlyCall('/web/dataset/call_kw/res.partner/write', body(searchRead))).toBeUndefined();
    expect(await readOnlyCall('/web/dataset/call_kw/res.users/search_read', body(searchRead))).toBeUndefined();
  });

  it('accepts the bare route, where the body alone names the call', async () => {
    expect(await readOnlyCall('/web/dataset/call_kw', body(searchRead))).toMatchObject({ method: 'search_read' });
  });
});
