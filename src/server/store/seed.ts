/**
 * The deterministic demo data: countries and states, partner tags, the company, users, partners and
 * system parameters. The same `seed` and `partners` give the same rows, byte for byte (only the
 * password hashes differ: their salts are random). Everything runs in one transaction.
 *
 * `partners` counts every res.partner row, the users' partners and the tricky partners included;
 * when it is smaller than the fixed records (`fixedPartnerCount`), those are seeded anyway.
 * Seeding empties every data table first: it only happens on a database without users, or on `reset`.
 */
import { randomBytes } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { hashPassword } from './passwords.ts';
import { countries, states } from './seed-countries.ts';
import { auditColumns, insertRows, withIndexesDeferred, type ColumnSpec } from './seed-insert.ts';
import { tags } from './seed-names.ts';
import { fixedPartnerIds, generatePartners, type PartnerRow } from './seed-partners.ts';
import { SeedRandom } from './seed-random.ts';

export { fixedPartnerCount, fixedPartnerIds } from './seed-partners.ts';
export { longEmail, longName, trickyPartners, type TrickyPartner } from './seed-tricky.ts';

export interface SeedOptions {
  /** How many res.partner rows in all (default 5000). */
  partners: number;
  /** The PRNG seed (default `defaultSeed`). */
  seed?: number;
  /** Empty every data table first and seed again, even when the database was already seeded. */
  reset?: boolean;
}

export interface SeedSummary {
  /** False when the database already had users and `reset` was not asked for: nothing was written. */
  seeded: boolean;
  partners: number;
  companies: number;
  contacts: number;
  archived: number;
  countries: number;
  states: number;
  tags: number;
  users: number;
  ms: number;
}

export const defaultSeed = 20261101;
export const defaultPartnerCount = 5000;
/** Seeded rows were created and written in the 30 days after this instant (UTC). */
export const seedBaseDate = '2026-10-01 08:00:00';

/** The seeded users. Logins and passwords as in Odoo's demo data; ids fixed. */
export const seedUsers = {
  /** Odoo's __system__ (OdooBot): inactive, with an unknown random password. */
  system: { id: 1, login: '__system__', partnerId: fixedPartnerIds.odooBot, groups: [] },
  admin: { id: 2, login: 'admin', password: 'admin', partnerId: fixedPartnerIds.admin, groups: ['base.group_system', 'base.group_user', 'base.group_partner_manager'] },
  demo: { id: 3, login: 'demo', password: 'demo', partnerId: fixedPartnerIds.demo, groups: ['base.group_user'] },
  /** A contact of the company `fixedPartnerIds.portalCompany` (Deco Addict). */
  portal: { id: 4, login: 'portal', password: 'portal', partnerId: fixedPartnerIds.portal, groups: ['base.group_portal'] },
} as const;

const summarySql = `SELECT
  (SELECT count(*) FROM res_partner)::int AS partners,
  (SELECT count(*) FROM res_partner WHERE is_company)::int AS companies,
  (SELECT count(*) FROM res_partner WHERE parent_id IS NOT NULL)::int AS contacts,
  (SELECT count(*) FROM res_partner WHERE NOT active)::int AS archived,
  (SELECT count(*) FROM res_country)::int AS countries,
  (SELECT count(*) FROM res_country_state)::int AS states,
  (SELECT count(*) FROM res_partner_category)::int AS tags,
  (SELECT count(*) FROM res_users)::int AS users`;

type Counts = Omit<SeedSummary, 'seeded' | 'ms'>;

export async function seedDatabase(db: PGlite, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  if (!Number.isSafeInteger(options.partners) || options.partners < 0) throw new RangeError(`partners must be a whole number, not ${options.partners}`);
  const seed = options.seed ?? defaultSeed;
  const alreadySeeded = async (q: Pick<Transaction, 'query'>): Promise<boolean> =>
    options.reset !== true && ((await q.query<{ n: number }>('SELECT count(*)::int AS n FROM res_users')).rows[0]?.n ?? 0) > 0;
  // Checked before hashing too: the server calls this on every start, and scrypt is slow on purpose.
  let seeded = !(await alreadySeeded(db));
  if (seeded) {
    const hashes = await Promise.all([hashPassword(randomBytes(32).toString('base64url')), hashPassword('admin'), hashPassword('demo'), hashPassword('portal')]);
    seeded = await db.transaction(async (tx) => {
      if (await alreadySeeded(tx)) return false;
      await truncateDataTables(tx);
      await insertAll(tx, options.partners, seed, hashes);
      await resetSequences(tx);
      return true;
    });
    // PGlite runs no autovacuum: without statistics the planner takes a page's `id = ANY(…)` for
    // the whole table and scans it (measured: 17 ms instead of 1 ms at 200,000 partners).
    if (seeded) await db.exec('ANALYZE');
  }
  const counts = await db.query<Counts>(summarySql);
  const row = counts.rows[0];
  if (row === undefined) throw new Error('seed summary query returned no row');
  return { seeded, ...row, ms: Math.round(performance.now() - started) };
}

/** Every table but the migrations' own bookkeeping, read from the catalog so new tables are included. */
async function truncateDataTables(tx: Transaction): Promise<void> {
  const tables = await tx.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'fb_schema_migrations' ORDER BY tablename`,
  );
  if (tables.rows.length === 0) return;
  await tx.exec(`TRUNCATE ${tables.rows.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
}

/** After explicit ids, each serial must continue past the largest one (or start at 1 when empty). */
async function resetSequences(tx: Transaction): Promise<void> {
  const serials = await tx.query<{ seq: string; tab: string; col: string }>(
    `SELECT pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq, quote_ident(table_name) AS tab, quote_ident(column_name) AS col
     FROM information_schema.columns
     WHERE table_schema = 'public' AND column_default LIKE 'nextval(%' AND table_name <> 'fb_schema_migrations'`,
  );
  for (const { seq, tab, col } of serials.rows) {
    await tx.query(`SELECT setval($1::regclass, coalesce(max(${col}), 1), max(${col}) IS NOT NULL) FROM ${tab}`, [seq]);
  }
}

interface Stamped {
  readonly create_offset: number;
  readonly write_offset: number;
}
const stamp = { create_offset: 0, write_offset: 0 } as const;

async function insertAll(tx: Transaction, partnerCount: number, seed: number, hashes: readonly string[]): Promise<void> {
  // Ids in name order, as Odoo's country data has them (code-unit order: the same under every ICU).
  const sortedCountries = [...countries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const countryIds = new Map(sortedCountries.map((c, i) => [c.code, i + 1]));
  const countryId = (code: string): number => countryIds.get(code) ?? missing(`country ${code}`);
  await insertRows(tx, 'res_country', [
    { name: 'id', type: 'int4', value: (c) => countryId(c.code) },
    { name: 'name', type: 'text', value: (c) => c.name },
    { name: 'code', type: 'text', value: (c) => c.code },
    { name: 'phone_code', type: 'int4', value: (c) => c.phoneCode },
    ...auditColumns<(typeof countries)[number] & Stamped>(),
  ], sortedCountries.map((c) => ({ ...c, ...stamp })), seedBaseDate);

  const stateIds = new Map(states.map(([country, code], i) => [`${country}/${code}`, i + 1]));
  const stateId = (country: string, code: string): number => stateIds.get(`${country}/${code}`) ?? missing(`state ${country}/${code}`);
  await insertRows(tx, 'res_country_state', [
    { name: 'id', type: 'int4', value: (s) => stateId(s.country, s.code) },
    { name: 'name', type: 'text', value: (s) => s.name },
    { name: 'code', type: 'text', value: (s) => s.code },
    { name: 'country_id', type: 'int4', value: (s) => countryId(s.country) },
    ...auditColumns<{ country: string; code: string; name: string } & Stamped>(),
  ], states.map(([country, code, name]) => ({ country, code, name, ...stamp })), seedBaseDate);

  await insertRows(tx, 'res_partner_category', [
    { name: 'id', type: 'int4', value: (t) => t.id },
    { name: 'name', type: 'text', value: (t) => t.name },
    { name: 'color', type: 'int4', value: (t) => t.color },
    { name: 'active', type: 'bool', value: (t) => t.active },
    ...auditColumns<{ id: number; name: string; color: number; active: boolean } & Stamped>(),
  ], tags.map(([name, color, active], i) => ({ id: i + 1, name, color, active, ...stamp })), seedBaseDate);

  const random = new SeedRandom(seed);
  const { rows, tagLinks } = generatePartners(partnerCount, random, {
    countryId, stateId, tagIds: tags.map((_, i) => i + 1), adminUid: seedUsers.admin.id, demoUid: seedUsers.demo.id,
  });
  await withIndexesDeferred(tx, ['res_partner', 'res_partner_res_partner_category_rel'], async () => {
    await insertRows(tx, 'res_partner', partnerColumns, rows, seedBaseDate);
    await insertRows(tx, 'res_partner_res_partner_category_rel', [
      { name: 'partner_id', type: 'int4', value: ([partner]) => partner },
      { name: 'category_id', type: 'int4', value: ([, tag]) => tag },
    ], tagLinks, seedBaseDate);
  });

  await tx.query(`INSERT INTO res_company (id, name, partner_id, sequence, create_uid, create_date, write_uid, write_date)
    VALUES (1, $1, $2, 10, 1, $3::timestamp, 1, $3::timestamp)`, ['YourCompany', fixedPartnerIds.yourCompany, seedBaseDate]);

  const userList = [seedUsers.system, seedUsers.admin, seedUsers.demo, seedUsers.portal].map((user, i) => ({
    ...user, ...stamp, passwordHash: hashes[i] ?? missing('password hash'),
  }));
  await insertRows(tx, 'res_users', [
    { name: 'id', type: 'int4', value: (u) => u.id },
    { name: 'login', type: 'text', value: (u) => u.login },
    { name: 'password_hash', type: 'text', value: (u) => u.passwordHash },
    { name: 'partner_id', type: 'int4', value: (u) => u.partnerId },
    { name: 'company_id', type: 'int4', value: () => 1 },
    { name: 'active', type: 'bool', value: (u) => u.id !== seedUsers.system.id },
    // A text[] cannot go through unnest (it would flatten); the groups travel as one line each.
    { name: 'groups', type: 'text', value: (u) => u.groups.join('\n'), expr: (ref) => `string_to_array(${ref}, E'\\n')` },
    { name: 'tz', type: 'text', value: () => 'Europe/Brussels' },
    { name: 'lang', type: 'text', value: () => 'en_US' },
    ...auditColumns<(typeof userList)[number]>(),
  ], userList, seedBaseDate);

  // auth_oauth: admin and demo sign in with the demo provider (id 1) too, as their user id there.
  await tx.query(`UPDATE res_users SET oauth_provider_id = 1, oauth_uid = id::text WHERE login IN ('admin', 'demo')`);

  const uuid = new SeedRandom(seed ^ 0x5eed).uuid();
  const parameters: [string, string][] = [
    ['database.uuid', uuid],
    ['web.base.url', 'http://localhost:8069'],
    ['base.login_cooldown_after', '10'],
    ['base.login_cooldown_duration', '60'],
    // The demo provider's validation endpoint is OpenID Connect userinfo: the token goes in a header.
    ['auth_oauth.authorization_header', 'True'],
  ];
  await insertRows(tx, 'ir_config_parameter', [
    { name: 'id', type: 'int4', value: (p) => p.id },
    { name: 'key', type: 'text', value: (p) => p.key },
    { name: 'value', type: 'text', value: (p) => p.value },
    ...auditColumns<{ id: number; key: string; value: string } & Stamped>(),
  ], parameters.map(([key, value], i) => ({ id: i + 1, key, value, ...stamp })), seedBaseDate);
}

const partnerColumns: readonly ColumnSpec<PartnerRow>[] = [
  ...(['id', 'parent_id', 'commercial_partner_id', 'user_id', 'state_id', 'country_id', 'company_id'] as const).map(
    (name): ColumnSpec<PartnerRow> => ({ name, type: 'int4', value: (row) => row[name] }),
  ),
  ...(['is_company', 'active'] as const).map((name): ColumnSpec<PartnerRow> => ({ name, type: 'bool', value: (row) => row[name] })),
  ...(['partner_latitude', 'partner_longitude'] as const).map((name): ColumnSpec<PartnerRow> => ({ name, type: 'float8', value: (row) => row[name] })),
  ...([
    'name', 'complete_name', 'ref', 'lang', 'tz', 'vat', 'company_registry', 'website', 'comment', 'function', 'type',
    'street', 'street2', 'zip', 'city', 'email', 'phone', 'mobile', 'image',
  ] as const).map((name): ColumnSpec<PartnerRow> => ({ name, type: 'text', value: (row) => row[name] })),
  ...auditColumns<PartnerRow>(),
];

function missing(what: string): never {
  throw new Error(`seed data refers to an unknown ${what}`);
}
