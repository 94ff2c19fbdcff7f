/**
 * For the offline unit tests only: an in-memory res.partner with `write_date`, `active` and a
 * record rule, behind the three calls the sync engine makes (plain async functions, as the engine's
 * `rpc` option takes them). It evaluates the domains the engine sends, and can fail a given call.
 */
import type { OdooRecord, SearchParams, SearchReadParams } from '../../src/odoo/call-kw.ts';
import type { Domain, DomainTerm } from '../../src/odoo/domain.ts';
import { OdooError } from '../../src/odoo/errors.ts';
import type { RpcOptions } from '../../src/odoo/rpc.ts';
import type { SyncRpc } from '../../src/offline/sync-rpc.ts';

export interface FakeCall {
  readonly model: string;
  readonly method: 'search_read' | 'search_count' | 'search';
  readonly domain: Domain;
  readonly order?: string;
  readonly context?: Record<string, unknown>;
}

type Row = OdooRecord & { write_date: string; active: boolean };

/** Seconds between the seeded partners' write_dates (more than the sync's overlap). */
export const SPACING = 100;

const BASE = Date.parse('2025-01-01T00:00:00Z');
export const odooDate = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function evaluate(domain: Domain, row: Row): boolean {
  let i = 0;
  const next = (): boolean => {
    const term: DomainTerm | undefined = domain[i++];
    if (term === '&') return [next(), next()].every(Boolean);
    if (term === '|') return [next(), next()].some(Boolean);
    if (term === '!') return !next();
    if (term === undefined) throw new Error('domain too short');
    const [field, operator, value] = term;
    const actual = row[field];
    switch (operator) {
      case '=':
        return compare(actual, value) === 0;
      case '>':
        return compare(actual, value) > 0;
      case '>=':
        return compare(actual, value) >= 0;
      case '<':
        return compare(actual, value) < 0;
      case '<=':
        return compare(actual, value) <= 0;
      case 'in':
        return Array.isArray(value) && value.includes(actual);
      default:
        throw new Error(`operator ${operator} not faked`);
    }
  };
  let all = true;
  while (i < domain.length) all = next() && all;
  return all;
}

function sorter(order: string | undefined): (a: Row, b: Row) => number {
  const terms = (order ?? 'complete_name asc, id desc').split(',').map((part) => part.trim().split(/\s+/));
  return (a, b) => {
    for (const [field = 'id', direction = 'asc'] of terms) {
      const c = compare(a[field], b[field]);
      if (c !== 0) return direction.toLowerCase() === 'desc' ? -c : c;
    }
    return 0;
  };
}

export class FakeOdoo {
  readonly rows = new Map<number, Row>();
  readonly tags: OdooRecord[] = [
    { id: 2, name: 'VIP' },
    { id: 1, name: 'Customer' },
  ];
  readonly calls: FakeCall[] = [];
  /** Seconds since BASE: the server clock that stamps write_date. */
  clock = 0;
  /** Ids a record rule hides from the user. */
  readonly hidden = new Set<number>();
  /** Throws this for the call numbered `at` (0-based, counting every call). */
  failure: { at: number; error: unknown } | undefined;
  /** The user may not read partner tags (a portal user, per Odoo's ACL). */
  tagsForbidden = false;
  /** Resolves a call only when this promise does (to hold a sync mid-way). */
  gate: Promise<void> | undefined;
  private nextId = 1;

  /** `count` partners written SPACING seconds apart (ids 1…count, written at 0, SPACING, …). */
  constructor(count: number) {
    for (let i = 0; i < count; i += 1) this.create({ name: `Partner ${String(i).padStart(5, '0')}` }, i * SPACING);
    this.clock = count * SPACING;
  }

  create(values: Record<string, unknown>, at = this.clock): number {
    const id = this.nextId++;
    const name = typeof values.name === 'string' ? values.name : `Partner ${id}`;
    this.rows.set(id, { id, name, complete_name: name, email: false, phone: false, category_id: [], is_company: false, ...values, write_date: odooDate(at), active: true });
    return id;
  }

  write(id: number, values: Record<string, unknown>, at = this.clock): void {
    const row = this.rows.get(id);
    if (row === undefined) throw new Error(`no partner ${id}`);
    this.rows.set(id, { ...row, ...values, write_date: odooDate(at) });
  }

  unlink(id: number): void {
    this.rows.delete(id);
  }

  /** What the user may read now: active, not hidden, as search_read gives it. */
  visible(): OdooRecord[] {
    return [...this.rows.values()].filter((row) => row.active && !this.hidden.has(row.id)).sort((a, b) => a.id - b.id);
  }

  private async enter(call: FakeCall, options: RpcOptions | undefined): Promise<Row[]> {
    const index = this.calls.length;
    this.calls.push(call);
    if (this.gate !== undefined) await this.gate;
    if (options?.signal?.aborted === true) throw new OdooError('network', 'The request was cancelled.');
    if (this.failure?.at === index) throw this.failure.error;
    if (call.model === 'res.partner.category') {
      if (this.tagsForbidden) throw new OdooError('access_error', "You are not allowed to access 'Partner Tags' (res.partner.category) records.");
      return this.tags as Row[];
    }
    const activeTest = call.context?.active_test !== false;
    return [...this.rows.values()].filter((row) => !this.hidden.has(row.id) && (!activeTest || row.active) && evaluate(call.domain, row));
  }

  readonly rpc: SyncRpc = {
    searchRead: async (model: string, params: SearchReadParams, options?: RpcOptions) => {
      const rows = await this.enter({ model, method: 'search_read', domain: params.domain, ...(params.order === undefined ? {} : { order: params.order }), ...(params.context === undefined ? {} : { context: params.context }) }, options);
      const sorted = rows.sort(sorter(params.order)).slice(params.offset ?? 0, params.limit === undefined ? undefined : (params.offset ?? 0) + params.limit);
      return sorted.map((row) => Object.fromEntries([['id', row.id], ...params.fields.map((field) => [field, row[field] ?? false])]) as OdooRecord);
    },
    searchCount: async (model: string, domain: Domain, options?: RpcOptions) => (await this.enter({ model, method: 'search_count', domain }, options)).length,
    search: async (model: string, params: SearchParams, options?: RpcOptions) => {
      const rows = await this.enter({ model, method: 'search', domain: params.domain, ...(params.order === undefined ? {} : { order: params.order }) }, options);
      return rows.sort(sorter(params.order)).map((row) => row.id);
    },
  };
}
