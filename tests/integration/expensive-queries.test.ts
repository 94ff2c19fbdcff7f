/**
 * One expensive search cannot starve the others: the database runs on its own thread, so requests
 * that need no database (the health check, the app's files) are answered while it works; and what
 * one domain may cost is bounded (pattern leaves), refused with Odoo's ValueError beyond.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, resultOf } from '../support/rpc.ts';
import { MAX_PATTERN_LEAVES } from '../../src/server/odoo/domain-tree.ts';

const baseUrl = inject('baseUrl');
let admin: string;

beforeAll(async () => {
  admin = await login(baseUrl, 'admin');
});

/** `n` ilike leaves ORed, none of which matches: every partner is matched against each. */
function patterns(n: number): unknown[] {
  const leaves = Array.from({ length: n }, (_, i) => ['name', 'ilike', `zq${i}x`]);
  return [...Array<string>(Math.max(0, n - 1)).fill('|'), ...leaves];
}

describe('expensive searches', () => {
  it('refuses a domain with more pattern leaves than the bound, with a ValueError, and takes one at the bound', async () => {
    const over = await callKw(baseUrl, admin, 'res.partner', 'search_count', [patterns(MAX_PATTERN_LEAVES + 1)]);
    expect(errorOf(over)).toMatchObject({ code: 200, data: { name: 'builtins.ValueError' } });
    expect(errorOf(over).data.message).toMatch(new RegExp(`more than ${MAX_PATTERN_LEAVES}`));
    // Leaves that are not patterns do not count: `=` costs an index lookup.
    const equal = Array.from({ length: 300 }, (_, i) => ['id', '=', i + 1]);
    expect(resultOf<number>(await callKw(baseUrl, admin, 'res.partner', 'search_count', [[...Array<string>(299).fill('|'), ...equal]]))).toBeGreaterThan(0);
    expect(resultOf<number>(await callKw(baseUrl, admin, 'res.partner', 'search_count', [patterns(MAX_PATTERN_LEAVES)]))).toBe(0);
  });

  it('keeps answering health checks while searches at the bound keep the database busy', async () => {
    let pending = true;
    const busy = Promise.all(Array.from({ length: 4 }, () => callKw(baseUrl, admin, 'res.partner', 'search_count', [patterns(MAX_PATTERN_LEAVES)]))).finally(
      () => (pending = false),
    );
    // One health check after another for as long as the searches run. Were the database on the
    // event loop, each would wait for the query in progress: a handful would get through, in the
    // gaps between the searches' queries.
    let answered = 0;
    while (pending) {
      const health = await fetch(new URL('/web/health', baseUrl));
      expect(await health.json()).toEqual({ status: 'pass' });
      if (pending) answered += 1;
    }
    expect(answered).toBeGreaterThan(20);
    for (const response of await busy) expect(resultOf<number>(response)).toBe(0);
  });
});
