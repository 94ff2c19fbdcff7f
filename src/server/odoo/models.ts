/**
 * The models the demo backend serves, declared as Odoo 18 declares them (names, types, labels as in
 * `odoo-wire/07c-fields_get.json`). Tables are the store's (src/server/store/migrations.ts).
 */
import { placeholderAvatar } from './avatar.ts';
import { column, computed, constant, fieldMap, magicFields, many2many, many2one, one2many, sqlField } from './fields.ts';
import { Registry, type FieldDef, type ModelDef, type Row } from './registry.ts';

const everyone = ['base.group_user', 'base.group_portal', 'base.group_public'] as const;

const imageSizes = [1920, 1024, 512, 256, 128] as const;

/** Odoo keeps one image in five sizes; the demo keeps one small image and serves it for each. */
function imageFields(): FieldDef[] {
  return imageSizes.map((size) =>
    size === 1920
      ? column('image_1920', 'binary', 'Image', {}, 'image')
      : sqlField(`image_${size}`, 'binary', `Image ${size}`, (t) => `${t}.image`),
  );
}

/** `avatar_*` is the image, or Odoo's generated SVG placeholder when there is none. */
function avatarFields(): FieldDef[] {
  return imageSizes.map((size) =>
    computed(`avatar_${size}`, 'binary', size === 1920 ? 'Avatar' : `Avatar ${size}`, ['image_1920', 'name', 'is_company', 'id'], avatarOf),
  );
}

function avatarOf(row: Row): string {
  const image = row.image_1920;
  if (typeof image === 'string' && image !== '') return image;
  return placeholderAvatar(String(row.name ?? ''), Number(row.id), row.is_company === true);
}

/** Odoo's address format for most countries: street, street2, "zip city", country — one per line. */
const contactAddress = (t: string): string =>
  `concat_ws(E'\n', nullif(${t}.street, ''), nullif(${t}.street2, ''), nullif(concat_ws(' ', ${t}.zip, ${t}.city), ''), (SELECT ${t}_c.name FROM res_country ${t}_c WHERE ${t}_c.id = ${t}.country_id))`;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

const partner: ModelDef = {
  name: 'res.partner',
  table: 'res_partner',
  description: 'Contact',
  order: 'complete_name ASC, id DESC',
  recName: 'complete_name',
  recNamesSearch: ['complete_name', 'email', 'ref', 'vat', 'company_registry'],
  parentField: 'parent_id',
  access: {
    read: ['base.group_user', 'base.group_portal'],
    write: ['base.group_partner_manager'],
    create: ['base.group_partner_manager'],
    unlink: ['base.group_partner_manager'],
  },
  fields: fieldMap(
    ...magicFields((t) => `${t}.complete_name`),
    column('name', 'char', 'Name'),
    column('complete_name', 'char', 'Complete Name', { readonly: true }),
    constant('title', 'many2one', 'Title', false, 'res.partner.title'),
    many2one('parent_id', 'res.partner', 'Related Company'),
    sqlField('parent_name', 'char', 'Parent name', (t) => `(SELECT ${t}_p.name FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.parent_id)`),
    one2many('child_ids', 'res.partner', 'parent_id', 'Contact'),
    column('ref', 'char', 'Reference'),
    column('lang', 'selection', 'Language', { selection: [['en_US', 'English (US)'], ['fr_FR', 'French / Français'], ['de_DE', 'German / Deutsch'], ['nl_NL', 'Dutch / Nederlands'], ['es_ES', 'Spanish / Español'], ['ar_001', 'Arabic / الْعَرَبيّة']] }),
    constant('active_lang_count', 'integer', 'Active Lang Count', 1),
    column('tz', 'selection', 'Timezone'),
    constant('tz_offset', 'char', 'Timezone offset', '+0000'),
    many2one('user_id', 'res.users', 'Salesperson'),
    column('vat', 'char', 'Tax ID'),
    constant('same_vat_partner_id', 'many2one', 'Partner with same Tax ID', false, 'res.partner'),
    constant('same_company_registry_partner_id', 'many2one', 'Partner with same Company Registry', false, 'res.partner'),
    column('company_registry', 'char', 'Company ID'),
    constant('bank_ids', 'one2many', 'Banks', [], 'res.partner.bank'),
    column('website', 'char', 'Website Link'),
    column('comment', 'html', 'Notes'),
    many2many('category_id', 'res.partner.category', 'Tags', 'res_partner_res_partner_category_rel', 'partner_id', 'category_id'),
    column('active', 'boolean', 'Active'),
    column('employee', 'boolean', 'Employee'),
    column('function', 'char', 'Job Position'),
    column('type', 'selection', 'Address Type', { selection: [['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']] }),
    column('street', 'char', 'Street'),
    column('street2', 'char', 'Street2'),
    column('zip', 'char', 'Zip'),
    column('city', 'char', 'City'),
    many2one('state_id', 'res.country.state', 'State'),
    many2one('country_id', 'res.country', 'Country'),
    sqlField('country_code', 'char', 'Country Code', (t) => `(SELECT ${t}_c.code FROM res_country ${t}_c WHERE ${t}_c.id = ${t}.country_id)`),
    column('partner_latitude', 'float', 'Geo Latitude'),
    column('partner_longitude', 'float', 'Geo Longitude'),
    column('email', 'char', 'Email'),
    sqlField('email_normalized', 'char', 'Normalized Email', (t) => `lower(${t}.email)`),
    computed('email_formatted', 'char', 'Formatted Email', ['name', 'email'], (row) =>
      isText(row.email) ? `"${String(row.name ?? '')}" <${row.email}>` : false,
    ),
    column('phone', 'char', 'Phone'),
    column('mobile', 'char', 'Mobile'),
    sqlField('phone_sanitized', 'char', 'Sanitized Number', (t) => `regexp_replace(${t}.phone, '[^0-9+]', '', 'g')`),
    column('is_company', 'boolean', 'Is a Company'),
    constant('is_public', 'boolean', 'Is Public', false),
    constant('industry_id', 'many2one', 'Industry', false, 'res.partner.industry'),
    // Computed and not stored in Odoo, with no search method (as contact_address and self below): a
    // leaf on it is ignored there, and ordering by it refused.
    sqlField('company_type', 'selection', 'Company Type', (t) => `CASE WHEN ${t}.is_company THEN 'company' ELSE 'person' END`, {
      selection: [['person', 'Individual'], ['company', 'Company']],
      unstored: { searchable: false },
    }),
    many2one('company_id', 'res.company', 'Company'),
    column('color', 'integer', 'Color Index'),
    one2many('user_ids', 'res.users', 'partner_id', 'Users'),
    sqlField('partner_share', 'boolean', 'Share Partner', (t) =>
      `NOT EXISTS (SELECT 1 FROM res_users ${t}_u WHERE ${t}_u.partner_id = ${t}.id AND 'base.group_user' = ANY(${t}_u.groups))`,
    ),
    sqlField('contact_address', 'char', 'Complete Address', contactAddress, { unstored: { searchable: false } }),
    sqlField('contact_address_inline', 'char', 'Inlined Complete Address', (t) => `replace(${contactAddress(t)}, E'\n', ', ')`, { unstored: { searchable: false } }),
    many2one('commercial_partner_id', 'res.partner', 'Commercial Entity', { readonly: true }),
    sqlField('commercial_company_name', 'char', 'Company Name Entity', (t) =>
      `(SELECT ${t}_c.name FROM res_partner ${t}_c WHERE ${t}_c.id = ${t}.commercial_partner_id AND ${t}_c.is_company)`,
    ),
    column('company_name', 'char', 'Company Name'),
    column('barcode', 'char', 'Barcode'),
    sqlField('self', 'many2one', 'Self', (t) => `${t}.id`, { relation: 'res.partner', unstored: { searchable: false } }),
    constant('im_status', 'char', 'IM Status', 'offline'),
    ...imageFields(),
    ...avatarFields(),
    // Fields of modules the demo does not model (mail, activities): Odoo's web client asks for them (06b).
    constant('activity_ids', 'one2many', 'Activities', [], 'mail.activity'),
    constant('activity_state', 'selection', 'Activity State', false),
    constant('activity_user_id', 'many2one', 'Responsible User', false, 'res.users'),
    constant('activity_type_id', 'many2one', 'Next Activity Type', false, 'mail.activity.type'),
    constant('activity_type_icon', 'char', 'Activity Type Icon', false),
    constant('activity_date_deadline', 'date', 'Next Activity Deadline', false),
    constant('activity_summary', 'char', 'Next Activity Summary', false),
    constant('activity_exception_decoration', 'selection', 'Activity Exception Decoration', false),
    constant('activity_exception_icon', 'char', 'Icon', false),
    constant('message_follower_ids', 'one2many', 'Followers', [], 'mail.followers'),
    constant('message_ids', 'one2many', 'Messages', [], 'mail.message'),
    constant('message_is_follower', 'boolean', 'Is Follower', false),
    constant('message_needaction', 'boolean', 'Action Needed', false),
    constant('message_needaction_counter', 'integer', 'Number of Actions', 0),
    constant('message_has_error', 'boolean', 'Message Delivery error', false),
    constant('message_attachment_count', 'integer', 'Attachment Count', 0),
    constant('message_partner_ids', 'many2many', 'Followers (Partners)', [], 'res.partner'),
    constant('has_message', 'boolean', 'Has Message', false),
    constant('message_has_error_counter', 'integer', 'Number of errors', 0),
    constant('message_has_sms_error', 'boolean', 'SMS Delivery error', false),
    constant('is_blacklisted', 'boolean', 'Blacklist', false),
    constant('message_bounce', 'integer', 'Bounce', 0),
    constant('my_activity_date_deadline', 'date', 'My Activity Deadline', false),
    constant('channel_ids', 'many2many', 'Channels', [], 'discuss.channel'),
    constant('starred_message_ids', 'many2many', 'Starred Message', [], 'mail.message'),
    constant('signup_type', 'char', 'Signup Token Type', false),
    constant('partner_gid', 'integer', 'Company database ID', 0),
    constant('additional_info', 'char', 'Additional info', false),
    constant('phone_sanitized_blacklisted', 'boolean', 'Phone Blacklisted', false),
    constant('phone_blacklisted', 'boolean', 'Blacklisted Phone is Phone', false),
    constant('mobile_blacklisted', 'boolean', 'Blacklisted Phone Is Mobile', false),
    sqlField('phone_mobile_search', 'char', 'Phone/Mobile', (t) => `concat_ws(' ', ${t}.phone, ${t}.mobile)`),
  ),
};

const category: ModelDef = {
  name: 'res.partner.category',
  table: 'res_partner_category',
  description: 'Partner Tags',
  order: 'name ASC, id ASC',
  recName: 'name',
  parentField: 'parent_id',
  access: {
    read: ['base.group_user', 'base.group_partner_manager'],
    write: ['base.group_partner_manager'],
    create: ['base.group_partner_manager'],
    unlink: ['base.group_partner_manager'],
  },
  fields: fieldMap(
    ...magicFields((t) => `${t}.name`),
    column('name', 'char', 'Tag Name', { required: true }),
    column('color', 'integer', 'Color'),
    many2one('parent_id', 'res.partner.category', 'Parent Category'),
    one2many('child_ids', 'res.partner.category', 'parent_id', 'Child Tags'),
    column('active', 'boolean', 'Active'),
    many2many('partner_ids', 'res.partner', 'Partners', 'res_partner_res_partner_category_rel', 'category_id', 'partner_id'),
  ),
};

const country: ModelDef = {
  name: 'res.country',
  table: 'res_country',
  description: 'Country',
  order: 'name ASC, id ASC',
  recName: 'name',
  recNamesSearch: ['name', 'code'],
  access: { read: everyone, write: ['base.group_system'], create: ['base.group_system'], unlink: ['base.group_system'] },
  fields: fieldMap(
    ...magicFields((t) => `${t}.name`),
    column('name', 'char', 'Country Name', { required: true }),
    column('code', 'char', 'Country Code', { size: 2 }),
    column('phone_code', 'integer', 'Country Calling Code'),
    one2many('state_ids', 'res.country.state', 'country_id', 'States'),
  ),
};

const countryState: ModelDef = {
  name: 'res.country.state',
  table: 'res_country_state',
  description: 'Country state',
  order: 'country_id ASC, code ASC, id ASC',
  recName: 'name',
  recNamesSearch: ['name', 'code'],
  access: { read: everyone, write: ['base.group_system'], create: ['base.group_system'], unlink: ['base.group_system'] },
  fields: fieldMap(
    // Odoo 18 shows a state as "Name (CC)".
    ...magicFields((t) => `${t}.name || ' (' || (SELECT ${t}_c.code FROM res_country ${t}_c WHERE ${t}_c.id = ${t}.country_id) || ')'`),
    column('name', 'char', 'State Name', { required: true }),
    column('code', 'char', 'State Code', { required: true }),
    many2one('country_id', 'res.country', 'Country', { required: true }),
  ),
};

const users: ModelDef = {
  name: 'res.users',
  table: 'res_users',
  description: 'User',
  order: 'login ASC, id ASC',
  recName: 'name',
  access: { read: ['base.group_user', 'base.group_portal'], write: ['base.group_system'], create: ['base.group_system'], unlink: ['base.group_system'] },
  fields: fieldMap(
    ...magicFields((t) => `(SELECT ${t}_p.name FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`),
    column('login', 'char', 'Login', { required: true }),
    sqlField('name', 'char', 'Name', (t) => `(SELECT ${t}_p.name FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`),
    sqlField('email', 'char', 'Email', (t) => `(SELECT ${t}_p.email FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`),
    many2one('partner_id', 'res.partner', 'Related Partner', { required: true }),
    many2one('company_id', 'res.company', 'Company'),
    column('active', 'boolean', 'Active'),
    sqlField('share', 'boolean', 'Share User', (t) => `NOT ('base.group_user' = ANY(${t}.groups))`),
    column('tz', 'selection', 'Timezone'),
    column('lang', 'selection', 'Language'),
  ),
};

const company: ModelDef = {
  name: 'res.company',
  table: 'res_company',
  description: 'Companies',
  order: 'sequence ASC, name ASC, id ASC',
  recName: 'name',
  access: { read: everyone, write: ['base.group_system'], create: ['base.group_system'], unlink: ['base.group_system'] },
  fields: fieldMap(
    ...magicFields((t) => `${t}.name`),
    column('name', 'char', 'Company Name', { required: true }),
    many2one('partner_id', 'res.partner', 'Partner', { required: true }),
    column('sequence', 'integer', 'Sequence'),
    sqlField('email', 'char', 'Email', (t) => `(SELECT ${t}_p.email FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`),
    sqlField('phone', 'char', 'Phone', (t) => `(SELECT ${t}_p.phone FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`),
    sqlField('country_id', 'many2one', 'Country', (t) => `(SELECT ${t}_p.country_id FROM res_partner ${t}_p WHERE ${t}_p.id = ${t}.partner_id)`, { relation: 'res.country' }),
    constant('parent_id', 'many2one', 'Parent Company', false, 'res.company'),
    constant('child_ids', 'one2many', 'Branches', [], 'res.company'),
  ),
};

/** System parameters: present so the access-error capture 08i has its model (system group only). */
const configParameter: ModelDef = {
  name: 'ir.config_parameter',
  table: 'ir_config_parameter',
  description: 'System Parameter',
  order: 'key ASC, id ASC',
  recName: 'key',
  access: { read: ['base.group_system'], write: ['base.group_system'], create: ['base.group_system'], unlink: ['base.group_system'] },
  fields: fieldMap(...magicFields((t) => `${t}.key`), column('key', 'char', 'Key', { required: true }), column('value', 'text', 'Value', { required: true })),
};

export const registry = new Registry([partner, category, country, countryState, users, company, configParameter]);
