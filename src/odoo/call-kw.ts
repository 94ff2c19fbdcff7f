/**
 * Model calls through `/web/dataset/call_kw/<model>/<method>`, typed at the edges the app uses.
 * @see odoo-wire/05-search_read-companies.json, 07a, 07b
 */
import { OdooError } from './errors.ts';
import { jsonRpc, type RpcOptions } from './rpc.ts';
import type { Domain } from './domain.ts';

export type OdooRecord = Record<string, unknown> & { id: number };

export function callKw<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, options?: RpcOptions): Promise<T> {
  return jsonRpc<T>(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, options);
}

function records(value: unknown): OdooRecord[] {
  if (!Array.isArray(value) || value.some((row) => row === null || typeof row !== 'object' || typeof (row as { id?: unknown }).id !== 'number')) {
    throw new OdooError('protocol', 'Odoo sent records without ids.');
  }
  return value as OdooRecord[];
}

export interface SearchReadParams {
  readonly domain: Domain;
  readonly fields: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
  readonly order?: string;
  readonly context?: Record<string, unknown>;
}

export async function searchRead(model: string, params: SearchReadParams, options?: RpcOptions): Promise<OdooRecord[]> {
  const { domain, fields, limit, offset, order, context } = params;
  return records(await callKw(model, 'search_read', [], { domain, fields, limit, offset, order, context }, options));
}

export async function searchCount(model: string, domain: Domain, options?: RpcOptions): Promise<number> {
  const count = await callKw<unknown>(model, 'search_count', [domain], {}, options);
  if (typeof count !== 'number') throw new OdooError('protocol', 'Odoo sent a count that is not a number.');
  return count;
}

export async function read(model: string, ids: readonly number[], fields: readonly string[], options?: RpcOptions): Promise<OdooRecord[]> {
  return records(await callKw(model, 'read', [ids, fields], {}, options));
}

export interface SearchParams {
  readonly domain: Domain;
  readonly limit?: number;
  readonly offset?: number;
  readonly order?: string;
  readonly context?: Record<string, unknown>;
}

/** The ids matching `domain`, in `order` (the cheap way to compare id sets, e.g. for delta sync). */
export async function search(model: string, params: SearchParams, options?: RpcOptions): Promise<number[]> {
  const { domain, limit, offset, order, context } = params;
  const ids = await callKw<unknown>(model, 'search', [domain], { limit, offset, order, context }, options);
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'number')) throw new OdooError('protocol', 'Odoo sent ids that are not numbers.');
  return ids as number[];
}
