import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAccountDB, RESPONSE_LABEL } from '../storage/account-db.ts';
import { unseal } from '../storage/seal.ts';
import { META_KEYS, wipeAccountData, writeMeta } from '../storage/db.ts';
import { ACCOUNT_HEADER, NO_STORE_HEADER, STORED_AT_HEADER } from '../odoo/offline-wire.ts';
import { bypassesWorker, handleCallKw, MAX_STORED_RESPONSES } from './response-store.ts';

const ORIGIN = 'https://fieldbook.test';
const ALICE = 'k-db-2';
const BOB = 'k-db-3';
const realFetch = globalThis.fetch;

type Answer = Response | Error | 'hang';
let answers: Answer[] = [];
let sent: Request[] = [];

function install(): void {
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    sent.push(input as Request);
    const next = answers.shift() ?? new Error('no answer scripted');
    if (next === 'hang') return new Promise(() => undefined);
    if (next instanceof Error) throw new TypeError('Failed to fetch', { cause: next });
    return next;
  }) as typeof fetch;
}

const json = (value: unknown, status = 200, type = 'application/json') => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': type } });
const result = (value: unknown, id = 1) => json({ jsonrpc: '2.0', id, result: value });

function call(method: string, kwargs: Record<string, unknown>, { id = 1, account = ALICE as string | null } = {}): Request {
  return new Request(`${ORIGIN}/web/dataset/call_kw/res.partner/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(account === null ? {} : { [ACCOUNT_HEADER]: account }) },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model: 'res.partner', method, args: [], kwargs }, id }),
  });
}

/** Handles one request and, unless the network hangs, waits for the store write that follows. */
async function handle(request: Request, { settle = true, networkTimeoutMs }: { settle?: boolean; networkTimeoutMs?: number } = {}): Promise<Response> {
  const pending: Promise<unknown>[] = [];
  const response = await handleCallKw(request, (promise) => pending.push(promise), networkTimeoutMs === undefined ? {} : { networkTimeoutMs });
  if (settle) await Promise.all(pending);
  return response;
}

async function storedCount(account: string): Promise<number> {
  const db = await openAccountDB(account);
  const count = await db.count('responses');
  db.close();
  return count;
}

beforeEach(async () => {
  answers = [];
  sent = [];
  install();
  await writeMeta(META_KEYS.activeAccount, { key: ALICE });
  // The page creates the account's database at sign-in; the worker only ever opens it.
  (await openAccountDB(ALICE)).close();
});

afterEach(async () => {
  globalThis.fetch = realFetch;
  await wipeAccountData(ALICE);
  await wipeAccountData(BOB);
});

describe('handleCallKw', () => {
  it('answers from the network first, and from the device, with its age and this request id, when the network fails', async () => {
    const rows = [{ id: 7, name: 'Azure Interior' }];
    answers.push(result(rows));
    const fresh = await handle(call('search_read', { domain: [] }));
    expect(fresh.headers.get(STORED_AT_HEADER)).toBeNull();
    expect(await fresh.json()).toEqual({ jsonrpc: '2.0', id: 1, result: rows });

    answers.push(new Error('offline'));
    const before = Date.now();
    const offline = await handle(call('search_read', { domain: [] }, { id: 42 }));
    expect(offline.status).toBe(200);
    expect(Number(offline.headers.get(STORED_AT_HEADER))).toBeLessThanOrEqual(before);
    expect(await offline.json()).toEqual({ jsonrpc: '2.0', id: 42, result: rows });
  });

  it('serves the stored answer when a gateway says Odoo is unreachable, and passes the gateway page on when nothing is stored', async () => {
    answers.push(json({ jsonrpc: '2.0', id: 1, error: { code: 502, message: 'Bad gateway' } }, 502));
    const nothing = await handle(call('search_count', { domain: [] }));
    expect(nothing.status).toBe(502);

    answers.push(result(12), new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    await handle(call('search_count', { domain: [] }));
    const served = await handle(call('search_count', { domain: [] }));
    expect(served.headers.get(STORED_AT_HEADER)).not.toBeNull();
    expect((await served.json()).result).toBe(12);
  });

  it('stores answers sealed, and does not serve one moved under another request', async () => {
    answers.push(result([{ id: 7, name: 'Azure Interior' }]), result([{ id: 8, name: 'Deco Addict' }]));
    await handle(call('search_read', { domain: [['id', '=', 7]] }));
    await handle(call('search_read', { domain: [['id', '=', 8]] }));
    const db = await openAccountDB(ALICE);
    const [first, second] = await db.getAllKeys('responses');
    const entry = await db.get('responses', first as string);
    expect(entry?.body.data).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder('latin1').decode(entry?.body.data)).not.toMatch(/Azure|Deco/);
    if (entry === undefined) throw new Error('nothing stored');
    await db.put('responses', entry, second as string);
    db.close();
    answers.push(new Error('offline'), new Error('offline'));
    const outcomes = await Promise.allSettled([handle(call('search_read', { domain: [['id', '=', 7]] })), handle(call('search_read', { domain: [['id', '=', 8]] }))]);
    // One of the two is served as it was stored; the other, moved, is not served as the wrong answer.
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('fails like the network when nothing is stored', async () => {
    answers.push(new Error('offline'));
    await expect(handle(call('read', { fields: ['name'] }))).rejects.toThrow('Failed to fetch');
  });

  it('never stores Odoo errors, HTML pages or non-200 answers', async () => {
    answers.push(
      json({ jsonrpc: '2.0', id: 1, error: { code: 100, message: 'Odoo Session Expired', data: { name: 'odoo.http.SessionExpiredException' } } }),
      new Response('<html>proxy</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
      json({ error: 'invalid_token' }, 401),
    );
    for (let i = 0; i < 3; i += 1) await handle(call('search_read', { domain: [], limit: i }));
    expect(await storedCount(ALICE)).toBe(0);
  });

  it('leaves writes and unknown methods to the network, untouched and unstored', async () => {
    answers.push(result(true), new Error('offline'));
    const write = await handle(call('write', { vals: { name: 'x' } }));
    expect(await write.json()).toMatchObject({ result: true });
    await expect(handle(call('write', { vals: { name: 'x' } }))).rejects.toThrow();
    expect(await storedCount(ALICE)).toBe(0);
  });

  it('stores and serves nothing for an account that is not the active one, nor for a request that names none', async () => {
    answers.push(result([{ id: 1 }]), result([{ id: 2 }]));
    await handle(call('search_read', { domain: [] }, { account: BOB }));
    await handle(call('search_read', { domain: [] }, { account: null }));
    expect(await storedCount(BOB)).toBe(0);
    expect(await storedCount(ALICE)).toBe(0);

    answers.push(result([{ id: 1 }]));
    await handle(call('search_read', { domain: [] }));
    await writeMeta(META_KEYS.activeAccount, { key: BOB });
    answers.push(new Error('offline'));
    // Alice's stale tab, after Bob signed in: Alice's answers are not served under Bob.
    await expect(handle(call('search_read', { domain: [] }))).rejects.toThrow();
  });

  it('serves the stored answer when the network is slower than the timeout', async () => {
    answers.push(result(['kept']));
    await handle(call('name_search', { name: 'a' }));
    answers.push('hang');
    // A network that never answers is slower than any timeout: 1 ms instead of the real 4 s.
    const response = await handle(call('name_search', { name: 'a' }), { settle: false, networkTimeoutMs: 1 });
    expect(response.headers.get(STORED_AT_HEADER)).not.toBeNull();
    expect((await response.json()).result).toEqual(['kept']);
  });

  it('is wiped with the account, and never brings a wiped database back', async () => {
    answers.push(result([{ id: 3 }]));
    await handle(call('search_read', { domain: [['id', '=', 3]] }));
    expect(await storedCount(ALICE)).toBe(1);
    await wipeAccountData(ALICE);
    // A late answer for the account (a tab that had not heard of the logout yet), its meta entry back as in a race.
    await writeMeta(META_KEYS.activeAccount, { key: ALICE });
    answers.push(result([{ id: 3 }]), new Error('offline'));
    await handle(call('search_read', { domain: [['id', '=', 3]] }));
    await expect(handle(call('search_read', { domain: [['id', '=', 3]] }))).rejects.toThrow();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain('fieldbook-account-k-db-2');
  });

  it('neither stores nor serves the sync engine\'s calls (no-store): they must see the server or fail', async () => {
    const noStore = (id: number) => {
      const request = call('search_count', { domain: [] }, { id });
      const headers = new Headers(request.headers);
      headers.set(NO_STORE_HEADER, '1');
      return new Request(request, { headers });
    };
    answers.push(result(7), result(7), new Error('offline'));
    // The worker does not even take them (sw.ts routes only the others); if one reaches it, it passes it on.
    expect(bypassesWorker(noStore(1))).toBe(true);
    expect(bypassesWorker(call('search_count', { domain: [] }))).toBe(false);
    await handle(noStore(1));
    expect(await storedCount(ALICE)).toBe(0);
    await handle(call('search_count', { domain: [] }));
    expect(await storedCount(ALICE)).toBe(1);
    await expect(handle(noStore(2))).rejects.toThrow('Failed to fetch');
  });

  it(`keeps the newest ${MAX_STORED_RESPONSES} answers, dropping the oldest`, async () => {
    const realNow = Date.now;
    let clock = 1_700_000_000_000;
    Date.now = () => (clock += 1);
    try {
      const total = MAX_STORED_RESPONSES + 3;
      for (let i = 0; i < total; i += 1) {
        answers.push(result([{ id: i }]));
        await handle(call('search_read', { domain: [['id', '=', i]] }));
      }
      const db = await openAccountDB(ALICE);
      const [hashes, entries] = await Promise.all([db.getAllKeys('responses'), db.getAll('responses')]);
      const kept = new Set(await Promise.all(entries.map((entry, i) => unseal(db.sealKey, `${RESPONSE_LABEL}:${hashes[i]}`, entry.body))));
      db.close();
      expect(kept.size).toBe(MAX_STORED_RESPONSES);
      for (const id of [0, 1, 2]) expect(kept.has(JSON.stringify([{ id }]))).toBe(false);
      for (const id of [3, total - 1]) expect(kept.has(JSON.stringify([{ id }]))).toBe(true);
    } finally {
      Date.now = realNow;
    }
  }, 30_000);
});
