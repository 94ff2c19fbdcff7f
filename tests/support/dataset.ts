/**
 * The seeded data as the tests see it: every partner in one `search_read` (archived ones too), so
 * a test can compute the answer to a domain in plain JavaScript and compare it with the server's.
 */
import { callKw, resultOf } from './rpc.ts';

export type Many2one = [number, string] | false;

/** The partner fields the integration tests reason about, as `search_read` encodes them. */
export interface Partner {
  readonly id: number;
  readonly name: string | false;
  readonly complete_name: string | false;
  readonly display_name: string | false;
  readonly email: string | false;
  readonly ref: string | false;
  readonly city: string | false;
  readonly function: string | false;
  readonly type: string | false;
  readonly is_company: boolean;
  readonly active: boolean;
  readonly parent_id: Many2one;
  readonly country_id: Many2one;
  readonly user_id: Many2one;
  readonly category_id: readonly number[];
  readonly child_ids: readonly number[];
  readonly partner_latitude: number;
  readonly write_date: string | false;
}

export const partnerFields = [
  'name', 'complete_name', 'display_name', 'email', 'ref', 'city', 'function', 'type', 'is_company', 'active',
  'parent_id', 'country_id', 'user_id', 'category_id', 'child_ids', 'partner_latitude', 'write_date',
] as const satisfies readonly (keyof Partner)[];

/** Every res.partner row, archived ones included, in id order. */
export async function loadPartners(baseUrl: string, cookie: string): Promise<Partner[]> {
  const response = await callKw(baseUrl, cookie, 'res.partner', 'search_read', [[]], {
    fields: partnerFields,
    order: 'id',
    context: { active_test: false },
  });
  return resultOf<Partner[]>(response);
}

/** Ids of `rows`, ascending: results compared as sets. */
export function idsOf(rows: readonly { readonly id: number }[]): number[] {
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

export function sortedIds(ids: readonly number[]): number[] {
  return [...ids].sort((a, b) => a - b);
}

/** Postgres "C" collation order (the demo's): UTF-8 bytes, which is code point order. */
export function codePointCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** SQL LIKE semantics for a whole string: `%` any run, `_` one character, the rest literal. */
export function likeMatches(text: string | false, pattern: string, caseInsensitive: boolean): boolean {
  if (text === false) return false;
  const source = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su').test(text);
}

/** `ilike` of Odoo: the value anywhere in the text, ignoring case; never matches an empty field. */
export function containsIgnoringCase(text: string | false, value: string): boolean {
  return text !== false && text.toLowerCase().includes(value.toLowerCase());
}

/** The ids of `root` and every partner below it, following `parent_id` downwards. */
export function descendantsOf(partners: readonly Partner[], root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of partners) {
    if (p.parent_id === false) continue;
    const list = children.get(p.parent_id[0]) ?? [];
    list.push(p.id);
    children.set(p.parent_id[0], list);
  }
  const found = new Set<number>([root]);
  const queue = [root];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const child of children.get(id) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return found;
}
