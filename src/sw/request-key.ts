/**
 * The key of a read-only `call_kw` request in the response store: a SHA-256 of its JSON-RPC
 * `params` in a canonical form (object keys sorted, the envelope's `id` left out), so the same
 * question asked twice — with keys in another order, by another tab — finds the same answer.
 */
import { CALL_KW_PATH, READ_ONLY_METHODS } from '../odoo/offline-wire.ts';

export interface ReadOnlyCall {
  readonly model: string;
  readonly method: string;
  /** Hex SHA-256 of the canonical params. */
  readonly hash: string;
}

/** JSON with object keys in order: the same value always prints the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The request as a read-only call, or undefined when it is anything else: another route, a write,
 * a body that is not a JSON-RPC `call`, a route that names another model or method than the body.
 */
export async function readOnlyCall(pathname: string, body: string): Promise<ReadOnlyCall | undefined> {
  if (!CALL_KW_PATH.test(pathname)) return undefined;
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (envelope === null || typeof envelope !== 'object') return undefined;
  const { method: rpcMethod, params } = envelope as { method?: unknown; params?: unknown };
  if (rpcMethod !== 'call' || params === null || typeof params !== 'object') return undefined;
  const { model, method } = params as { model?: unknown; method?: unknown };
  if (typeof model !== 'string' || typeof method !== 'string' || !READ_ONLY_METHODS.has(method)) return undefined;
  // `/web/dataset/call_kw/<model>/<method>` must agree with the body, or the key would lie.
  const [, routeModel, routeMethod] = pathname.replace(CALL_KW_PATH, '/').split('/');
  if ((routeModel !== undefined && routeModel !== '' && routeModel !== model) || (routeMethod !== undefined && routeMethod !== method)) return undefined;
  return { model, method, hash: await sha256Hex(`${pathname}\n${canonicalJson(params)}`) };
}
