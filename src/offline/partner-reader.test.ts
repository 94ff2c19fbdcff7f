import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OdooRecord } from '../odoo/call-kw.ts';
import { OdooError } from '../odoo/errors.ts';
import type { RpcOptions } from '../odoo/rpc.ts';
import type { DeviceView } from './device.ts';
import { createLocalIndex } from './local-search.ts';
import { createPartnerReader, type ReaderRpc } from './partner-reader.ts';
import type { PartnerQuery } from './partner-query.ts';
import type { Shortlists } from './shortlists.ts';

const ALL: PartnerQuery = { q: '', type: 'all', countries: [], tags: [] };
const PAGE = { offset: 0, limit: 80 };
const BUDGET = 1_500;
const SYNCED_AT = 1_700_000_000_000;

const partner = (id: number, name: string, extra: Record<string, unknown> = {}): OdooRecord => ({ id, name, complete_name: name, is_company: false, ...extra });
const mirror = [partner(1, 'Azure Interior', { is_company: true }), partner(2, 'Brandon Freeman', { parent_id: [1, 'Azure Interior'] })];

function device(records: readonly OdooRecord[], complete: boolean, shortlists: Shortlists = { recent: [], starred: [] }): DeviceView {
  const index = createLocalIndex(records);
  const byId = new Map(records.map((record) => [record.id, record]));
  return {
    shortlists: async () => shortlists,
    index: async () => index,
    complete: async () => complete,
    syncedAt: () => (complete ? SYNCED_AT : undefined),
    firstPage: async () => undefined,
    records: async (ids) => ids.flatMap((id) => byId.get(id) ?? []),
    tags: async () => [...index.tags()],
  };
}

/** An Odoo whose every call waits until the test answers it; the calls and their signals are recorded. */
function pendingOdoo() {
  const calls: { method: string; signal: AbortSignal | undefined; noStore: boolean | undefined; settle: (outcome: { value?: unknown; error?: unknown }) => void }[] = [];
  const call = (method: string) => (_model: string, _params: unknown, ...rest: unknown[]) =>
    new Promise((resolve, reject) => {
      const options = (rest.at(-1) ?? {}) as RpcOptions;
      calls.push({ method, signal: options.signal, noStore: options.noStore, settle: ({ value, error }) => (error === undefined ? resolve(value) : reject(error)) });
    });
  const rpc = { searchRead: call('search_read'), searchCount: call('search_count'), read: call('read') } as unknown as ReaderRpc;
  return { rpc, calls };
}

afterEach(() => vi.useRealTimers());

describe('with a whole mirror, the device answers at once', () => {
  it('lists, counts, opens and gives the contacts without asking Odoo, and says how fresh', async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror, true), rpc: odoo.rpc, budgetMs: BUDGET });
    const list = await reader.list({ ...ALL, q: 'free' }, PAGE);
    expect(list).toMatchObject({ source: 'device', syncedAt: SYNCED_AT });
    expect(list.value.map((row) => row.id)).toEqual([2]);
    expect(await reader.count(ALL)).toMatchObject({ value: 2, source: 'device' });
    expect((await reader.detail(1)).value).toMatchObject({ id: 1, child_ids: [2] });
    expect((await reader.children(1)).value.map((row) => row.id)).toEqual([2]);
    expect(odoo.calls).toEqual([]);
  });

  it('gives the tags from storage and the countries once the first rows are shown, without loading the index for the first screen', async () => {
    const odoo = pendingOdoo();
    const wanted: (string | undefined)[] = [];
    const here = device([partner(1, 'Azure Interior', { country_id: [21, 'Belgium'] })], true);
    const reader = createPartnerReader({
      device: () => ({
        ...here,
        index: async (when) => (wanted.push(when), here.index(when)),
        tags: async () => [{ id: 4, name: 'Vendor' }],
      }),
      rpc: odoo.rpc,
      budgetMs: BUDGET,
    });
    expect(await reader.tags()).toMatchObject({ value: [{ id: 4, name: 'Vendor' }], source: 'device' });
    expect(wanted).toEqual([]);
    expect(await reader.countries()).toMatchObject({ value: [{ id: 21, name: 'Belgium' }], source: 'device' });
    expect(wanted).toEqual(['after-first-rows']);
    expect(odoo.calls).toEqual([]);
  });

  it('asks Odoo for a partner the mirror does not hold (new since the last sync), and says so when Odoo cannot be asked', async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror, true), rpc: odoo.rpc, budgetMs: BUDGET });
    const created = reader.detail(99);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    odoo.calls[0]?.settle({ value: [partner(99, 'Created Since')] });
    expect(await created).toMatchObject({ value: { id: 99, name: 'Created Since' }, source: 'server' });

    const gone = reader.detail(98);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(2));
    odoo.calls[1]?.settle({ value: [] });
    await expect(gone).rejects.toMatchObject({ code: 'not_found', reason: undefined });

    const refused = reader.detail(97);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(3));
    odoo.calls[2]?.settle({ error: new OdooError('access_error', 'You are not allowed to access this record.') });
    await expect(refused).rejects.toMatchObject({ code: 'access_error' });

    const offline = reader.detail(96);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(4));
    odoo.calls[3]?.settle({ error: new OdooError('network', 'Odoo cannot be reached.') });
    await expect(offline).rejects.toMatchObject({ code: 'not_found', reason: 'not_on_device' });
  });

  it("answers the whole list's first page and its count from storage while the index is still loading", async () => {
    const odoo = pendingOdoo();
    const stored = { rows: mirror, total: 4855 };
    const whole = device(mirror, true);
    let loaded: () => void = () => undefined;
    const indexLoaded = new Promise<void>((resolve) => (loaded = resolve));
    const loading: DeviceView = {
      ...whole,
      index: async () => (await indexLoaded, whole.index()),
      firstPage: async (offset, limit) => ({ rows: stored.rows.slice(offset, offset + limit), total: stored.total }),
    };
    const reader = createPartnerReader({ device: () => loading, rpc: odoo.rpc, budgetMs: BUDGET });
    expect(await reader.list(ALL, PAGE)).toMatchObject({ value: mirror, source: 'device', syncedAt: SYNCED_AT });
    expect(await reader.count(ALL)).toMatchObject({ value: 4855, source: 'device' });
    // A search needs the index: it waits for it (never for Odoo).
    let searched = false;
    const search = reader.list({ ...ALL, q: 'azure' }, PAGE).finally(() => (searched = true));
    expect(searched).toBe(false);
    loaded();
    expect((await search).value.map((row) => row.id)).toEqual([1]);
    expect(odoo.calls).toEqual([]);
  });

  it('gives the recent and the starred contacts in their own order, leaving out those no longer there, without asking Odoo', async () => {
    const odoo = pendingOdoo();
    const lists = { recent: [2, 99, 1], starred: [1] };
    const reader = createPartnerReader({ device: () => device(mirror, true, lists), rpc: odoo.rpc, budgetMs: BUDGET });
    expect((await reader.shortlist('recent')).value.map((row) => row.id)).toEqual([2, 1]);
    expect(await reader.shortlist('starred')).toMatchObject({ source: 'device', value: [{ id: 1 }] });
    const none = createPartnerReader({ device: () => device(mirror, true), rpc: odoo.rpc, budgetMs: BUDGET });
    expect((await none.shortlist('starred')).value).toEqual([]);
    expect(odoo.calls).toEqual([]);
  });

  it('answers an empty book as empty (a user who may read no partner)', async () => {
    const reader = createPartnerReader({ device: () => device([], true), rpc: pendingOdoo().rpc, budgetMs: BUDGET });
    expect(await reader.list(ALL, PAGE)).toMatchObject({ value: [], source: 'device' });
  });
});

describe('while the first sync runs, the server answers within a budget', () => {
  it("takes the server's answer when it comes in time, never the service worker's stored one", async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror.slice(0, 1), false), rpc: odoo.rpc, budgetMs: BUDGET });
    const answer = reader.count(ALL);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    expect(odoo.calls[0]?.noStore).toBe(true);
    odoo.calls[0]?.settle({ value: 4855 });
    expect(await answer).toEqual({ value: 4855, source: 'server', syncedAt: undefined });
  });

  it('answers from what the device holds when Odoo is slower than the budget, and lets go of the call', async () => {
    vi.useFakeTimers();
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror.slice(0, 1), false), rpc: odoo.rpc, budgetMs: BUDGET });
    const answer = reader.list(ALL, PAGE);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(BUDGET);
    const result = await answer;
    expect(result.source).toBe('device');
    expect(result.value.map((row) => row.id)).toEqual([1]);
    expect(odoo.calls[0]?.signal?.aborted).toBe(true);
  });

  it('keeps waiting for a slow Odoo when the device holds nothing yet', async () => {
    vi.useFakeTimers();
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device([], false), rpc: odoo.rpc, budgetMs: BUDGET });
    const answer = reader.count(ALL);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(BUDGET * 4);
    expect(odoo.calls[0]?.signal?.aborted).toBe(false);
    odoo.calls[0]?.settle({ value: 7 });
    expect(await answer).toMatchObject({ value: 7, source: 'server' });
  });

  it('answers from the device when Odoo cannot be reached or sends a proxy page; otherwise the error stands', async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror, false), rpc: odoo.rpc, budgetMs: BUDGET });
    const offline = reader.count(ALL);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    odoo.calls[0]?.settle({ error: new OdooError('network', 'Odoo cannot be reached.') });
    expect(await offline).toMatchObject({ value: 2, source: 'device' });

    const proxyPage = reader.count(ALL);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(2));
    odoo.calls[1]?.settle({ error: new OdooError('protocol', 'The server did not answer like Odoo (HTTP 502, an HTML page).') });
    expect(await proxyPage).toMatchObject({ value: 2, source: 'device' });

    const ended = reader.count(ALL);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(3));
    odoo.calls[2]?.settle({ error: new OdooError('session_expired', 'Session expired') });
    await expect(ended).rejects.toMatchObject({ code: 'session_expired' });
  });

  it("gives the network's error when the device has nothing to answer with", async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => undefined, rpc: odoo.rpc, budgetMs: BUDGET });
    const answer = reader.list(ALL, PAGE);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    odoo.calls[0]?.settle({ error: new OdooError('network', 'Odoo cannot be reached.') });
    await expect(answer).rejects.toMatchObject({ code: 'network' });
  });
});

describe('extras: what the mirror does not keep', () => {
  it('asks Odoo for the avatar even with a whole mirror, and has none (no error) when Odoo cannot be reached', async () => {
    const odoo = pendingOdoo();
    const reader = createPartnerReader({ device: () => device(mirror, true), rpc: odoo.rpc, budgetMs: BUDGET });
    const online = reader.extras(1);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(1));
    odoo.calls[0]?.settle({ value: [{ id: 1, avatar_128: 'iVBORw0KGgo=' }] });
    expect(await online).toEqual({ avatar: 'iVBORw0KGgo=' });

    const offline = reader.extras(1);
    await vi.waitFor(() => expect(odoo.calls).toHaveLength(2));
    odoo.calls[1]?.settle({ error: new OdooError('network', 'Odoo cannot be reached.') });
    expect(await offline).toEqual({ avatar: undefined });
  });
});
