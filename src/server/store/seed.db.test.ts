import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { migrate } from './db.ts';
import { migrations } from './migrations.ts';
import { verifyPassword } from './passwords.ts';
import { fixedPartnerCount, fixedPartnerIds, longEmail, longName, seedDatabase, seedUsers, trickyPartners, type SeedSummary } from './seed.ts';
import { crc32 } from './seed-png.ts';

async function freshDatabase(): Promise<PGlite> {
  const db = await PGlite.create({ extensions: { pg_trgm } });
  await migrate(db, migrations);
  return db;
}

/** Every seeded table as JSON text in key order; password hashes left out (their salts are random). */
async function dump(db: PGlite): Promise<string[]> {
  const tables = [
    ['res_country', 'id'], ['res_country_state', 'id'], ['res_partner_category', 'id'], ['res_partner', 'id'],
    ['res_partner_res_partner_category_rel', 'partner_id, category_id'], ['res_company', 'id'], ['res_users', 'id'], ['ir_config_parameter', 'id'],
  ] as const;
  const out: string[] = [];
  for (const [table, order] of tables) {
    const result = await db.query<{ row: string }>(`SELECT (to_jsonb(t) - 'password_hash')::text AS row FROM ${table} t ORDER BY ${order}`);
    out.push(`${table}: ${result.rows.length}`, ...result.rows.map((r) => r.row));
  }
  return out;
}

interface PartnerRecord {
  id: number;
  name: string | null;
  complete_name: string | null;
  is_company: boolean;
  parent_id: number | null;
  commercial_partner_id: number | null;
  [column: string]: unknown;
}

describe('seedDatabase', { timeout: 60_000 }, () => {
  let first: PGlite;
  let second: PGlite;
  let summary: SeedSummary;
  let indexesBefore: string[];
  const indexes = async (db: PGlite): Promise<string[]> =>
    (await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`)).rows.map((r) => r.indexdef);

  beforeAll(async () => {
    [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    indexesBefore = await indexes(first);
    summary = await seedDatabase(first, { partners: 300 });
    await seedDatabase(second, { partners: 300 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  const partners = async (where = 'true', params: unknown[] = []): Promise<PartnerRecord[]> =>
    (await first.query<PartnerRecord>(`SELECT * FROM res_partner WHERE ${where} ORDER BY id`, params)).rows;

  it('gives identical rows in two fresh databases for the same seed', async () => {
    const [a, b] = await Promise.all([dump(first), dump(second)]);
    expect(a.length).toBeGreaterThan(300);
    expect(a).toEqual(b);
  });

  it('reports and writes the counts asked for', async () => {
    expect(summary).toMatchObject({ seeded: true, partners: 300, countries: 40, states: 42, tags: 11, users: 4 });
    const all = await partners();
    expect(all).toHaveLength(300);
    expect(summary.companies).toBe(all.filter((p) => p.is_company).length);
    expect(summary.contacts).toBe(all.filter((p) => p.parent_id !== null).length);
    expect(summary.archived).toBe(all.filter((p) => p.active === false).length);
    expect(summary.companies / 300).toBeGreaterThan(0.1);
    expect(summary.companies / 300).toBeLessThan(0.25);
    expect(summary.contacts / 300).toBeGreaterThan(0.5);
    expect(summary.archived).toBeGreaterThan(0);
  });

  it('links contacts to their company as Odoo does', async () => {
    const all = await partners();
    const byId = new Map(all.map((p) => [p.id, p]));
    for (const p of all) {
      if (p.parent_id === null) {
        expect(p.commercial_partner_id, p.name ?? '').toBe(p.id);
        expect(p.complete_name).toBe(p.name);
      } else {
        const parent = byId.get(p.parent_id);
        expect(parent?.is_company, p.name ?? '').toBe(true);
        expect(p.commercial_partner_id).toBe(parent?.commercial_partner_id);
        expect(p.complete_name).toBe(`${parent?.name ?? ''}, ${p.name ?? ''}`);
      }
    }
  });

  it('writes phones with the calling code of the partner’s country, and states of that country', async () => {
    const rows = await first.query<{ id: number; phone: string | null; mobile: string | null; phone_code: number; state_country: number | null; country_id: number }>(
      `SELECT p.id, p.phone, p.mobile, c.phone_code, s.country_id AS state_country, p.country_id
       FROM res_partner p JOIN res_country c ON c.id = p.country_id LEFT JOIN res_country_state s ON s.id = p.state_id`,
    );
    expect(rows.rows.length).toBeGreaterThan(250);
    for (const row of rows.rows) {
      for (const number of [row.phone, row.mobile]) if (number !== null) expect(number.startsWith(`+${row.phone_code} `), `${row.id} ${number}`).toBe(true);
      if (row.state_country !== null) expect(row.state_country).toBe(row.country_id);
    }
    const generated = await partners('id > $1 AND email IS NOT NULL', [fixedPartnerCount]);
    for (const p of generated) expect(p.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+\.example\.(com|org|net)$|^[a-z0-9.]+@example\.(com|org|net)$/);
  });

  it('creates the users with their passwords, groups and partners', async () => {
    const users = await first.query<{ id: number; login: string; password_hash: string; partner_id: number; active: boolean; groups: string[]; company_id: number }>(
      'SELECT id, login, password_hash, partner_id, active, groups, company_id FROM res_users ORDER BY id',
    );
    const byLogin = new Map(users.rows.map((u) => [u.login, u]));
    for (const expected of [seedUsers.admin, seedUsers.demo, seedUsers.portal]) {
      const user = byLogin.get(expected.login);
      expect(user).toMatchObject({ id: expected.id, partner_id: expected.partnerId, active: true, groups: [...expected.groups], company_id: 1 });
      expect(await verifyPassword(expected.password, user?.password_hash ?? '')).toBe(true);
      expect(await verifyPassword(`${expected.password}x`, user?.password_hash ?? '')).toBe(false);
    }
    const system = byLogin.get('__system__');
    expect(system).toMatchObject({ id: 1, active: false, partner_id: fixedPartnerIds.odooBot });
    for (const guess of ['', 'admin', '__system__']) expect(await verifyPassword(guess, system?.password_hash ?? '')).toBe(false);
    expect(byLogin.get('demo')?.groups).not.toContain('base.group_partner_manager');

    const named = await partners('id = ANY($1::int[])', [[1, 2, 3, 4, 5, 6]]);
    expect(named.map((p) => [p.id, p.complete_name, p.is_company, p.parent_id, p.commercial_partner_id])).toEqual([
      [1, 'YourCompany', true, null, 1],
      [2, 'OdooBot', false, null, 2],
      [3, 'YourCompany, Mitchell Admin', false, 1, 1],
      [4, 'YourCompany, Marc Demo', false, 1, 1],
      [5, 'Deco Addict', true, null, 5],
      [6, 'Deco Addict, Joel Willis', false, 5, 5],
    ]);
    const company = await first.query('SELECT id, name, partner_id FROM res_company');
    expect(company.rows).toEqual([{ id: 1, name: 'YourCompany', partner_id: 1 }]);
    const portalCompanyContacts = await partners('parent_id = $1', [fixedPartnerIds.portalCompany]);
    expect(portalCompanyContacts.length).toBeGreaterThan(1);
  });

  it('stores the system parameters', async () => {
    const params = await first.query<{ key: string; value: string }>('SELECT key, value FROM ir_config_parameter ORDER BY key');
    const map = Object.fromEntries(params.rows.map((p) => [p.key, p.value]));
    expect(map).toMatchObject({ 'web.base.url': 'http://localhost:8069', 'base.login_cooldown_after': '10', 'base.login_cooldown_duration': '60' });
    expect(map['database.uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('seeds every tricky partner exactly as written', async () => {
    for (const tricky of trickyPartners) {
      const rows = await partners('name = $1', [tricky.name]);
      expect(rows, tricky.name).toHaveLength(1);
      const row = rows[0];
      expect(row?.is_company).toBe(tricky.isCompany);
      for (const field of ['street', 'street2', 'zip', 'city', 'email', 'phone', 'mobile', 'website', 'comment', 'function', 'ref', 'vat'] as const) {
        expect(row?.[field], `${tricky.name}: ${field}`).toBe(tricky[field] ?? null);
      }
    }
    expect(longName).toHaveLength(300);
    expect(longEmail).toHaveLength(254);
    const [long] = await partners('char_length(name) = 300');
    expect(long?.name).toBe(longName);
    expect((await partners('email = $1', [longEmail])).map((p) => p.name)).toEqual(['Long Email Person']);
    expect((await partners('name = $1', ['Wildcards %_\\\\']))).toHaveLength(1);
    expect((await partners('name = $1', ['NULL']))[0]?.name).toBe('NULL');
    const [rocketContact] = await partners('name = $1', ['👩‍🚀 Zoë Astronaut']);
    expect(rocketContact?.complete_name).toBe('🚀 Rocket Repairs 🔧, 👩‍🚀 Zoë Astronaut');
  });

  it('leaves the partner with every optional field empty', async () => {
    const [blank] = await partners('name = $1', ['Blank Partner']);
    const optional = Object.entries(blank ?? {}).filter(([key]) => !['id', 'name', 'complete_name', 'is_company', 'commercial_partner_id', 'active', 'employee', 'type', 'color'].includes(key) && !/_(uid|date)$/.test(key));
    expect(optional.length).toBeGreaterThan(20);
    expect(optional.filter(([, value]) => value !== null)).toEqual([]);
  });

  it('gives a few partners a small PNG avatar stored as bare base64', async () => {
    const images = await partners('image IS NOT NULL');
    expect(images.length).toBeGreaterThan(3);
    expect(images.length).toBeLessThan(40);
    for (const { image } of images) {
      expect(typeof image).toBe('string');
      const png = Buffer.from(String(image), 'base64');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // The IHDR chunk: 13 bytes of data, 32x32, and a CRC that matches.
      expect(png.toString('latin1', 12, 16)).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
      expect(png.readUInt32BE(29)).toBe(crc32(png.subarray(12, 29)));
    }
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('sets the sequences so inserts without an id continue after the seeded rows', async () => {
    await second.exec('BEGIN');
    try {
      const partner = await second.query<{ id: number }>(`INSERT INTO res_partner (name) VALUES ('After the seed') RETURNING id`);
      const tag = await second.query<{ id: number }>(`INSERT INTO res_partner_category (name) VALUES ('New tag') RETURNING id`);
      const param = await second.query<{ id: number }>(`INSERT INTO ir_config_parameter (key, value) VALUES ('x', 'y') RETURNING id`);
      expect([partner.rows[0]?.id, tag.rows[0]?.id, param.rows[0]?.id]).toEqual([301, 12, 6]);
    } finally {
      await second.exec('ROLLBACK');
    }
  });

  it('keeps every index it set aside during the bulk load', async () => {
    expect(indexesBefore.some((def) => def.includes('gin_trgm_ops'))).toBe(true);
    expect(await indexes(first)).toEqual(indexesBefore);
  });

  it('does nothing on a database that already has users', async () => {
    const before = await dump(first);
    const again = await seedDatabase(first, { partners: 50, seed: 99 });
    expect(again).toMatchObject({ seeded: false, partners: 300, users: 4 });
    expect(await dump(first)).toEqual(before);
  });

  it('empties every data table and seeds again on reset', async () => {
    await first.query(`INSERT INTO fb_session (sid_hash, uid, db, expires_at) VALUES ('h', 2, 'fieldbook', now() + interval '1 day')`);
    const small = await seedDatabase(first, { partners: 1, reset: true });
    expect(small).toMatchObject({ seeded: true, partners: fixedPartnerCount, users: 4 });
    expect((await first.query('SELECT * FROM fb_session')).rows).toEqual([]);
    expect((await first.query('SELECT version FROM fb_schema_migrations')).rows.length).toBe(migrations.length);

    const other = await seedDatabase(first, { partners: 120, reset: true, seed: 7 });
    expect(other).toMatchObject({ seeded: true, partners: 120 });
    const [a, b] = await Promise.all([dump(first), dump(second)]);
    expect(a.slice(0, 80)).toEqual(b.slice(0, 80)); // countries and states do not depend on the seed
    const generatedName = 'SELECT name FROM res_partner WHERE id = $1';
    const id = fixedPartnerCount + 5;
    expect((await first.query(generatedName, [id])).rows).not.toEqual((await second.query(generatedName, [id])).rows);
  });
});
