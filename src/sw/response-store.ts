/**
 * Read-only Odoo calls, answered when the network is gone. `call_kw` is a POST, which the Cache
 * API cannot key: answers are kept in the signed-in account's IndexedDB database (`responses`),
 * keyed by a hash of the request (request-key.ts). Network first: the server's answer is always
 * preferred; the stored one is served, marked with its age, when the network fails, when a gateway
 * says Odoo is unreachable, or when the server is slower than NETWORK_TIMEOUT_MS.
 *
 * Never stored: anything but the read-only methods, error answers, non-JSON answers, and any
 * answer for an account other than the active one (the page names its account in a header; the
 * `fieldbook` database names the active one — both must agree, to store and to serve).
 */
import { openAccountDB, RESPONSE_LABEL, type AccountDB } from '../storage/account-db.ts';
import { seal, unseal } from '../storage/seal.ts';
import { META_KEYS, readMeta } from '../storage/db.ts';
import { ACCOUNT_HEADER, NO_STORE_HEADER, STORED_AT_HEADER } from '../odoo/offline-wire.ts';
import { readOnlyCall } from './request-key.ts';

/** How long the network has before a stored answer is served instead (the network still finishes and refreshes the store). */
export const NETWORK_TIMEOUT_MS = 4_000;

/** At most this many answers are kept per account; the oldest go first. */
export const MAX_STORED_RESPONSES = 500;

const connections = new Map<string, Promise<AccountDB>>();

function accountDB(accountKey: string): Promise<AccountDB> {
  let opening = connections.get(accountKey);
  if (opening === undefined) {
    // Closed by the page's wipe (logout, another user): forget it, so the next call opens afresh.
    // Never created here: the page creates it at sign-in; a wiped one stays wiped.
    opening = openAccountDB(accountKey, { onClose: () => connections.delete(accountKey) }, { create: false });
    opening.catch(() => connections.delete(accountKey));
    connections.set(accountKey, opening);
  }
  return opening;
}

/** The account the `fieldbook` database names as signed in, if it is the one the page named. */
async function activeAccount(claimed: string | null): Promise<string | undefined> {
  if (claimed === null || claimed === '') return undefined;
  const active = await readMeta(META_KEYS.activeAccount).catch(() => undefined);
  const key = active !== null && typeof active === 'object' ? (active as { key?: unknown }).key : undefined;
  return key === claimed ? key : undefined;
}

/** The `result` of a JSON-RPC answer worth keeping, as JSON text; undefined for errors and non-Odoo bodies. */
function resultOf(response: Response, text: string): string | undefined {
  if (response.status !== 200 || !/json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const body = JSON.parse(text) as { jsonrpc?: unknown; error?: unknown; result?: unknown };
    if (body.jsonrpc !== '2.0' || body.error !== undefined || !('result' in body)) return undefined;
    return JSON.stringify(body.result);
  } catch {
    return undefined;
  }
}

/** The stored answer as a JSON-RPC reply to this request (its own `id`), marked with when it was true. */
/** A stored answer, opened: its result's JSON and when it came. */
interface Kept {
  readonly body: string;
  readonly storedAt: number;
}

/** Sealed under the request's key too: an answer moved to another request does not open. */
const labelOf = (hash: string) => `${RESPONSE_LABEL}:${hash}`;

function replay(stored: Kept, requestBody: string): Response {
  let id: unknown = null;
  try {
    id = (JSON.parse(requestBody) as { id?: unknown }).id ?? null;
  } catch {
    // the key was computed from this body: it parsed then
  }
  return new Response(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${stored.body}}`, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', [STORED_AT_HEADER]: String(stored.storedAt) },
  });
}

/** Keeps the newest MAX_STORED_RESPONSES answers: every search keystroke is a new key. */
async function trim(db: AccountDB): Promise<void> {
  const tx = db.transaction('responses', 'readwrite');
  let excess = (await tx.store.count()) - MAX_STORED_RESPONSES;
  for (let cursor = excess > 0 ? await tx.store.index('storedAt').openKeyCursor() : null; cursor !== null && excess > 0; cursor = await cursor.continue()) {
    await tx.store.delete(cursor.primaryKey);
    excess -= 1;
  }
  await tx.done;
}

/**
 * Calls the worker leaves to the browser (it does not answer them at all): the partner reader's and
 * the sync engine's (`noStore`). Answering them only to fetch them would send every sync page
 * through the worker's process for nothing.
 */
export function bypassesWorker(request: Request): boolean {
  return request.headers.has(NO_STORE_HEADER);
}

const isGatewayFailure = (response: Response) => response.status >= 502 && response.status <= 504;

/**
 * Answers one `call_kw` POST. Writes and other methods go straight to the network, untouched.
 * `waitUntil` keeps the worker alive for the store write that follows a late answer.
 * `networkTimeoutMs` is NETWORK_TIMEOUT_MS but for tests.
 */
export async function handleCallKw(
  request: Request,
  waitUntil: (promise: Promise<unknown>) => void,
  { networkTimeoutMs = NETWORK_TIMEOUT_MS }: { networkTimeoutMs?: number } = {},
): Promise<Response> {
  const body = await request.clone().text();
  const call = await readOnlyCall(new URL(request.url).pathname, body);
  const claimed = request.headers.get(ACCOUNT_HEADER);
  if (call === undefined || claimed === null || request.headers.has(NO_STORE_HEADER)) return fetch(request);

  const network = fetch(request);
  const remember = network.then(async (response) => {
    const text = await response.clone().text();
    const result = resultOf(response, text);
    if (result === undefined) return;
    const account = await activeAccount(claimed);
    if (account === undefined) return;
    const db = await accountDB(account);
    await db.put('responses', { body: await seal(db.sealKey, labelOf(call.hash), result), storedAt: Date.now(), path: new URL(request.url).pathname }, call.hash);
    await trim(db);
  });
  // A full disk or a closed database must not fail the user's request: the answer still goes back.
  waitUntil(remember.catch(() => undefined));

  const stored = async (): Promise<Kept | undefined> => {
    const account = await activeAccount(claimed);
    if (account === undefined) return undefined;
    try {
      const db = await accountDB(account);
      const kept = await db.get('responses', call.hash);
      if (kept === undefined) return undefined;
      const opened = await unseal(db.sealKey, labelOf(call.hash), kept.body);
      return typeof opened === 'string' ? { body: opened, storedAt: kept.storedAt } : undefined;
    } catch {
      // No database, or an answer that does not open: as if none were stored.
      return undefined;
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), networkTimeoutMs);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first !== 'slow') {
      if (!isGatewayFailure(first)) return first;
      const kept = await stored();
      return kept === undefined ? first : replay(kept, body);
    }
    // Slow: the stored answer now if there is one; otherwise the network's, whenever it comes.
    const kept = await stored();
    return kept === undefined ? await network : replay(kept, body);
  } catch (error) {
    const kept = await stored();
    if (kept === undefined) throw error;
    return replay(kept, body);
  } finally {
    clearTimeout(timer);
  }
}
