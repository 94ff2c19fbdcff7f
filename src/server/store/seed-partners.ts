/**
 * Builds the seed's res.partner rows in memory, in id order (a parent always before its contacts):
 * the fixed records (company, users' partners, the portal user's company), the tricky partners,
 * then generated companies, their contacts and individuals.
 */
import { countries, type City, type CountryData } from './seed-countries.ts';
import { companyActivities, companyPrefixes, jobPositions, namePool, notes } from './seed-names.ts';
import { avatarPngs } from './seed-png.ts';
import { asciiSlug, type SeedRandom } from './seed-random.ts';
import { trickyPartners } from './seed-tricky.ts';

export interface PartnerRow {
  id: number;
  name: string | null;
  complete_name: string | null;
  is_company: boolean;
  parent_id: number | null;
  commercial_partner_id: number;
  ref: string | null;
  lang: string | null;
  tz: string | null;
  user_id: number | null;
  vat: string | null;
  company_registry: string | null;
  website: string | null;
  comment: string | null;
  active: boolean;
  function: string | null;
  type: string;
  street: string | null;
  street2: string | null;
  zip: string | null;
  city: string | null;
  state_id: number | null;
  country_id: number | null;
  partner_latitude: number | null;
  partner_longitude: number | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  company_id: number | null;
  image: string | null;
  /** Seconds after the seed's base date. */
  create_offset: number;
  write_offset: number;
}

/** Ids the rest of the demo relies on (see seed.ts for the users). */
export const fixedPartnerIds = { yourCompany: 1, odooBot: 2, admin: 3, demo: 4, portalCompany: 5, portal: 6 } as const;
export const firstTrickyId = 7;
export const fixedPartnerCount = firstTrickyId - 1 + trickyPartners.length;

export interface PartnerLookups {
  readonly countryId: (code: string) => number;
  readonly stateId: (countryCode: string, stateCode: string) => number;
  readonly tagIds: readonly number[];
  readonly adminUid: number;
  readonly demoUid: number;
}

export interface GeneratedPartners {
  readonly rows: readonly PartnerRow[];
  readonly tagLinks: readonly (readonly [partnerId: number, tagId: number])[];
}

/** Everything in the demo happened in this window after the base date (30 days). */
const window = 30 * 24 * 3600;
const usStateTz: Readonly<Record<string, string>> = { CA: 'America/Los_Angeles', WA: 'America/Los_Angeles', CO: 'America/Denver', TX: 'America/Chicago', IL: 'America/Chicago' };
const street2s = ['Suite 200', 'Building B', '2nd floor', 'Unit 4', 'PO Box 118', 'c/o Reception'];
const totalWeight = countries.reduce((sum, c) => sum + c.weight, 0);

export function generatePartners(total: number, random: SeedRandom, lookups: PartnerLookups): GeneratedPartners {
  const count = Math.max(total, fixedPartnerCount);
  const rows: PartnerRow[] = [];
  const tagLinks: [number, number][] = [];
  const emails = new Set<string>();
  const companyNames = new Set<string>();
  /** Companies that generated contacts may belong to, with their country and mail domain. */
  const companies: PartnerRow[] = [];
  const companyInfo = new Map<number, { readonly data: CountryData; readonly domain: string }>();
  const images = avatarPngs();
  const country = (code: string): CountryData => countries.find((c) => c.code === code) ?? fail(`no country ${code}`);

  const blank = (id: number, name: string | null, isCompany: boolean): PartnerRow => {
    const createOffset = Math.floor(((id - 1) * window) / count);
    return {
      id, name, complete_name: name, is_company: isCompany, parent_id: null, commercial_partner_id: id, ref: null, lang: null, tz: null,
      user_id: null, vat: null, company_registry: null, website: null, comment: null, active: true, function: null, type: 'contact',
      street: null, street2: null, zip: null, city: null, state_id: null, country_id: null, partner_latitude: null, partner_longitude: null,
      email: null, phone: null, mobile: null, company_id: null, image: null, create_offset: createOffset,
      write_offset: random.chance(0.4) ? createOffset + random.int(window - createOffset) : createOffset,
    };
  };
  const tag = (row: PartnerRow, max: number): void => {
    for (const tagId of random.some(lookups.tagIds, max)) tagLinks.push([row.id, tagId]);
  };
  const uniqueEmail = (local: string, domain: string): string => {
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n += 1) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  };
  const place = (row: PartnerRow, data: CountryData, city: City = random.pick(data.cities)): void => {
    const [cityName, lat, lon, stateCode, zip] = city;
    const number = String(1 + random.int(random.chance(0.8) ? 120 : 2000));
    const streetName = random.pick(data.streets);
    row.street = data.numberFirst ? `${number} ${streetName}` : `${streetName} ${number}`;
    row.street2 = random.chance(0.1) ? random.pick(street2s) : null;
    const zipText = random.fill(zip ?? data.zip);
    row.zip = zipText === '' ? null : zipText;
    row.city = cityName;
    row.country_id = lookups.countryId(data.code);
    row.state_id = stateCode === undefined ? null : lookups.stateId(data.code, stateCode);
    row.partner_latitude = round(lat + (random.next() - 0.5) * 0.08);
    row.partner_longitude = round(lon + (random.next() - 0.5) * 0.08);
    row.lang = data.code === 'BE' && random.chance(0.45) ? 'nl_NL' : data.lang;
    row.tz = (data.code === 'US' && stateCode !== undefined ? usStateTz[stateCode] : undefined) ?? data.tz;
  };
  const phone = (data: CountryData, pattern: string): string => `+${data.phoneCode} ${random.fill(pattern)}`;
  const person = (data: CountryData): { first: string; last: string } => {
    const pool = namePool(random.chance(0.85) ? data.locale : random.pick(countries).locale);
    return { first: random.pick(pool.first), last: random.pick(pool.last) };
  };
  const copyAddress = (row: PartnerRow, from: PartnerRow): void => {
    Object.assign(row, {
      street: from.street, street2: from.street2, zip: from.zip, city: from.city, state_id: from.state_id, country_id: from.country_id,
      partner_latitude: from.partner_latitude, partner_longitude: from.partner_longitude, lang: from.lang, tz: from.tz,
    });
  };
  const contactOf = (row: PartnerRow, company: PartnerRow): void => {
    row.parent_id = company.id;
    row.commercial_partner_id = company.commercial_partner_id;
    row.complete_name = `${company.name ?? ''}, ${row.name ?? ''}`;
    row.vat = company.vat; // a commercial field: Odoo keeps it in sync on the contacts
    row.company_registry = company.company_registry;
    copyAddress(row, company);
  };
  const push = (row: PartnerRow): PartnerRow => {
    rows.push(row);
    return row;
  };

  // The fixed records.
  const us = country('US');
  const yourCompany = push({ ...blank(1, 'YourCompany', true), email: 'info@yourcompany.example.com', phone: '+1 555-555-5556', website: 'https://www.example.com', company_id: 1 });
  place(yourCompany, us, ['San Francisco', 37.7749, -122.4194, 'CA', '94134']);
  yourCompany.street = '250 Executive Park Blvd, Suite 3400';
  yourCompany.street2 = null;
  push({ ...blank(2, 'OdooBot', false), email: 'odoobot@example.com', active: false, company_id: 1, lang: 'en_US', tz: 'Europe/Brussels' });
  for (const [id, name, email] of [[3, 'Mitchell Admin', 'admin@yourcompany.example.com'], [4, 'Marc Demo', 'mark.brown23@example.com']] as const) {
    const row = push({ ...blank(id, name, false), email, phone: '+1 555-555-555' + String(id), company_id: 1 });
    contactOf(row, yourCompany);
    row.tz = 'Europe/Brussels';
  }
  const deco = push({ ...blank(5, 'Deco Addict', true), email: 'info@deco-addict.example.com', phone: '+1 603-555-3829', website: 'https://deco-addict.example.com', vat: 'US12345677', user_id: lookups.adminUid });
  place(deco, us, ['Pleasant Hill', 37.948, -122.0608, 'CA', '94523']);
  deco.street = '77 Santa Barbara Rd';
  deco.street2 = null;
  tagLinks.push([deco.id, lookups.tagIds[0] ?? 1]);
  companies.push(deco);
  companyInfo.set(deco.id, { data: us, domain: 'deco-addict.example.com' });
  const joel = push({ ...blank(6, 'Joel Willis', false), email: 'joel.willis@deco-addict.example.com', phone: '+1 858-555-0181', function: 'Purchasing Manager' });
  contactOf(joel, deco);
  for (const email of rows.map((r) => r.email)) if (email !== null) emails.add(email);

  // The tricky partners: exactly as written, none of them generated.
  const byName = new Map<string, PartnerRow>();
  trickyPartners.forEach((t, i) => {
    const row = blank(firstTrickyId + i, t.name, t.isCompany);
    if (t.blank !== true) {
      const data = t.country === undefined ? undefined : country(t.country);
      const parent = t.parent === undefined ? undefined : byName.get(t.parent);
      Object.assign(row, {
        lang: data?.lang ?? 'en_US', tz: data?.tz ?? null, country_id: data === undefined ? null : lookups.countryId(data.code),
        street: t.street ?? null, street2: t.street2 ?? null, zip: t.zip ?? null, city: t.city ?? null, email: t.email ?? null, phone: t.phone ?? null,
        mobile: t.mobile ?? null, website: t.website ?? null, comment: t.comment ?? null, function: t.function ?? null, ref: t.ref ?? null, vat: t.vat ?? null,
      });
      if (parent !== undefined) {
        row.parent_id = parent.id;
        row.commercial_partner_id = parent.id;
        row.complete_name = `${parent.name ?? ''}, ${t.name}`;
      }
    }
    byName.set(t.name, push(row));
  });

  // Generated partners, in clusters: a company, then (mostly) its contacts.
  for (let id = rows.length + 1; id <= count; id += 1) {
    const roll = random.next();
    const kind = companies.length < 2 || roll < 0.15 ? 'company' : roll < 0.26 ? 'individual' : 'contact';
    const row = blank(id, null, kind === 'company');
    row.active = random.chance(0.97);
    row.company_id = random.chance(0.02) ? 1 : null;
    row.image = random.chance(0.05) ? random.pick(images) : null;
    row.comment = random.chance(0.05) ? random.pick(notes) : null;
    if (kind === 'company') {
      const data = random.weighted(countries, (c) => c.weight, totalWeight);
      place(row, data);
      row.name = companyName(random, data, companyNames, row.city ?? '');
      row.complete_name = row.name;
      const domain = `${asciiSlug(row.name, '-')}${random.chance(0.75) ? '.example.com' : '.example.org'}`;
      row.email = random.chance(0.9) ? uniqueEmail(random.pick(['info', 'contact', 'sales', 'hello', 'office']), domain) : null;
      row.website = random.chance(0.7) ? `https://${domain}` : null;
      row.phone = random.chance(0.85) ? phone(data, data.phone) : null;
      row.mobile = random.chance(0.1) ? phone(data, data.mobile) : null;
      row.vat = data.vat !== undefined && random.chance(0.6) ? random.fill(data.vat) : null;
      row.company_registry = random.chance(0.15) ? random.fill('##########') : null;
      row.ref = random.chance(0.4) ? `C${String(id).padStart(6, '0')}` : null;
      row.user_id = random.chance(0.25) ? lookups.adminUid : random.chance(0.1) ? lookups.demoUid : null;
      tag(row, random.int(4));
      companies.push(row);
      companyInfo.set(id, { data, domain });
    } else if (kind === 'contact') {
      const company = random.chance(0.7) ? (companies.at(-1) ?? deco) : random.pick(companies);
      const { data, domain } = companyInfo.get(company.id) ?? { data: us, domain: 'example.com' };
      const { first, last } = person(data);
      row.name = `${first} ${last}`;
      contactOf(row, company);
      row.email = random.chance(0.9) ? uniqueEmail(`${asciiSlug(first, '.')}.${asciiSlug(last, '.')}`, domain) : null;
      row.phone = random.chance(0.7) ? phone(data, data.phone) : null;
      row.mobile = random.chance(0.4) ? phone(data, data.mobile) : null;
      row.function = random.chance(0.75) ? random.pick(jobPositions) : null;
      row.user_id = random.chance(0.1) ? lookups.adminUid : null;
      if (random.chance(0.04)) {
        row.type = random.pick(['invoice', 'delivery']);
        place(row, data);
      }
      tag(row, random.chance(0.25) ? 2 : 0);
    } else {
      const data = random.weighted(countries, (c) => c.weight, totalWeight);
      const { first, last } = person(data);
      row.name = `${first} ${last}`;
      row.complete_name = row.name;
      place(row, data);
      const local = `${asciiSlug(first, '.')}.${asciiSlug(last, '.')}`;
      row.email = random.chance(0.85) ? uniqueEmail(local, random.pick(['example.com', 'example.org', 'example.net'])) : null;
      row.phone = random.chance(0.5) ? phone(data, data.phone) : null;
      row.mobile = random.chance(0.6) ? phone(data, data.mobile) : null;
      row.ref = random.chance(0.05) ? `P${String(id).padStart(6, '0')}` : null;
      tag(row, random.chance(0.3) ? 3 : 0);
    }
    push(row);
  }
  return { rows, tagLinks };
}

function companyName(random: SeedRandom, data: CountryData, taken: Set<string>, city: string): string {
  const pool = namePool(data.locale);
  const roll = random.next();
  const legal = random.pick(data.legal);
  let name =
    roll < 0.6
      ? `${random.pick(companyPrefixes)} ${random.pick(companyActivities)} ${legal}`
      : roll < 0.85
        ? `${random.pick(pool.last)} ${random.pick(companyActivities)}${random.chance(0.5) ? ` ${legal}` : ''}`
        : `${random.pick(pool.last)} & ${random.pick(pool.last)} ${legal}`;
  if (taken.has(name)) name = `${name} ${city}`;
  for (let n = 2; taken.has(name); n += 1) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
  taken.add(name);
  return name;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function fail(message: string): never {
  throw new Error(message);
}
