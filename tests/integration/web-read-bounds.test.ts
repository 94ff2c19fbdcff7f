/**
 * A nested `specification` cannot make one small request stall or exhaust the server: related
 * records repeat under every parent on the wire (tags → partners → tags → partners …), so the depth
 * and the values one answer may hold are bounded, and refused with a clear Odoo error.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { callKw, errorOf, login, resultOf } from '../support/rpc.ts';

const baseUrl = inject('baseUrl');
let demo: string;

beforeAll(async () => {
  demo = await login(baseUrl, 'demo');
});

/** tags → partners → tags → …, `levels` relations deep. */
function tagsAndPartners(levels: number): Record<string, unknown> {
  let spec: Record<string, unknown> = { display_name: {} };
  for (let level = 0; level < levels; level += 1) spec = level % 2 === 0 ? { name: {}, partner_ids: { fields: spec } } : { name: {}, category_id: { fields: spec } };
  return spec;
}

describe('web_search_read with nested specifications', () => {
  it('refuses an answer that would repeat related records past the bound, at once, with a UserError', async () => {
    // Three levels deep, a few hundred bytes: every tag with its partners, each with its tags, each with its partners.
    const specification = tagsAndPartners(3);
    expect(JSON.stringify(specification).length).toBeLessThan(300);
    const response = await callKw(baseUrl, demo, 'res.partner.category', 'web_search_read', [], { domain: [], specification });
    expect(response.status).toBe(200);
    expect(errorOf(response)).toMatchObject({ code: 200, data: { name: 'odoo.exceptions.UserError' } });
    expect(errorOf(response).data.message).toMatch(/more than 250,000 values/);
    expect(response.text.length).toBeLessThan(10_000);
    // And the server answers the next request as usual.
    const count = resultOf<number>(await callKw(baseUrl, demo, 'res.partner', 'search_count', [[]]));
    expect(count).toBeGreaterThan(0);
  });

  it('refuses relations nested deeper than three levels', async () => {
    const response = await callKw(baseUrl, demo, 'res.partner', 'web_search_read', [], { domain: [], specification: tagsAndPartners(4), limit: 1 });
    expect(errorOf(response)).toMatchObject({ data: { name: 'odoo.exceptions.UserError' } });
    expect(errorOf(response).data.message).toMatch(/3 levels deep at most/);
  });

  it('still answers what the web client asks: a page of partners with their tags and company', async () => {
    const result = resultOf<{ length: number; records: { id: number; category_id: unknown[] }[] }>(
      await callKw(baseUrl, demo, 'res.partner', 'web_search_read', [], {
        domain: [],
        specification: { name: {}, parent_id: { fields: { display_name: {} } }, category_id: { fields: { display_name: {}, color: {} } } },
        limit: 80,
      }),
    );
    expect(result.records).toHaveLength(80);
    expect(result.length).toBeGreaterThan(80);
  });

  it('answers a deep specification over few records (the bound counts values, not levels alone)', async () => {
    const result = resultOf<{ records: unknown[] }>(
      await callKw(baseUrl, demo, 'res.partner', 'web_search_read', [], { specification: tagsAndPartners(2), domain: [['category_id', '!=', false]], limit: 2 }),
    );
    expect(result.records.length).toBeGreaterThan(0);
  });
});
