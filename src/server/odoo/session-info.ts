/**
 * The `session_info` dict that `/web/session/authenticate` and `/web/session/get_session_info`
 * return: the same keys as Odoo 18's (odoo-wire/01-authenticate-ok.json), with the demo's values.
 */
import type { Queryable } from '../store/db.ts';
import type { Caller } from './access.ts';
import type { GroupXmlId, OdooValue } from './registry.ts';

export const SERVER_VERSION = '18.0';
/** OdooBot's partner, as in Odoo (the seed creates it with the inactive `__system__` user). */
const ODOOBOT_PARTNER_ID = 2;
export const SERVER_VERSION_INFO: OdooValue = [18, 0, 0, 'final', 0, ''];

/** Loads the caller behind a session or token: one query, `undefined` when the user is gone. */
export async function loadCaller(db: Queryable, uid: number, dbName: string): Promise<Caller | undefined> {
  const result = await db.query<{ id: number; login: string; name: string | null; partner_id: number; commercial_partner_id: number | null; groups: string[] }>(
    `SELECT u.id, u.login, p.name, u.partner_id, p.commercial_partner_id, u.groups
       FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1 AND u.active`,
    [uid],
  );
  const row = result.rows[0];
  if (row === undefined) return undefined;
  return {
    uid: row.id,
    login: row.login,
    name: row.name ?? row.login,
    partnerId: row.partner_id,
    commercialPartnerId: row.commercial_partner_id ?? row.partner_id,
    groups: new Set(row.groups as GroupXmlId[]),
    db: dbName,
  };
}

export async function sessionInfo(db: Queryable, caller: Caller, baseUrl: string): Promise<Record<string, OdooValue>> {
  const extra = await db.query<{ tz: string | null; lang: string | null; display_name: string | null; email: string | null; write_date: string; company_id: number | null; company_name: string | null }>(
    `SELECT u.tz, u.lang, p.complete_name AS display_name, p.email, to_char(p.write_date, 'YYYY-MM-DD HH24:MI:SS') AS write_date,
            c.id AS company_id, c.name AS company_name
       FROM res_users u JOIN res_partner p ON p.id = u.partner_id LEFT JOIN res_company c ON c.id = u.company_id
      WHERE u.id = $1`,
    [caller.uid],
  );
  const row = extra.rows[0];
  const isSystem = caller.groups.has('base.group_system');
  const isInternal = caller.groups.has('base.group_user');
  const companyId = row?.company_id ?? 1;
  return {
    uid: caller.uid,
    is_system: isSystem,
    is_admin: isSystem,
    is_public: false,
    is_internal_user: isInternal,
    user_context: { lang: row?.lang ?? 'en_US', tz: row?.tz ?? 'UTC', uid: caller.uid },
    db: caller.db,
    user_settings: userSettings(caller.uid),
    server_version: SERVER_VERSION,
    server_version_info: SERVER_VERSION_INFO,
    support_url: 'https://www.odoo.com/buy',
    name: caller.name,
    username: caller.login,
    partner_write_date: row?.write_date ?? false,
    partner_display_name: row?.display_name ?? caller.name,
    partner_id: caller.partnerId,
    'web.base.url': baseUrl,
    active_ids_limit: 20000,
    profile_session: null,
    profile_collectors: null,
    profile_params: null,
    max_file_upload_size: 134217728,
    home_action_id: false,
    cache_hashes: { translations: 'fieldbook-demo', load_menus: 'fieldbook-demo' },
    currencies: { '1': { symbol: '€', position: 'after', digits: [69, 2] } },
    bundle_params: { lang: row?.lang ?? 'en_US' },
    test_mode: false,
    view_info: VIEW_INFO,
    user_companies: {
      current_company: companyId,
      allowed_companies: { [String(companyId)]: { id: companyId, name: row?.company_name ?? 'YourCompany', sequence: 0, child_ids: [], parent_id: false } },
      disallowed_ancestor_companies: {},
    },
    show_effect: true,
    display_switch_company_menu: false,
    websocket_worker_version: '18.0-2',
    tour_enabled: false,
    current_tour: null,
    // Discuss's store (01): the demo has no chat, so only its fixed parts and the two partners.
    storeData: {
      Store: {
        action_discuss_id: 1,
        channel_types_with_seen_infos: ['chat', 'group'],
        hasGifPickerFeature: false,
        hasLinkPreviewFeature: false,
        hasMessageTranslationFeature: false,
        internalUserGroupId: 1,
        mt_comment_id: 1,
        odoobot: { id: ODOOBOT_PARTNER_ID, type: 'partner' },
        self: { id: caller.partnerId, type: 'partner' },
        settings: userSettings(caller.uid),
      },
      'res.partner': [
        { active: false, email: 'odoobot@example.com', id: ODOOBOT_PARTNER_ID, im_status: 'bot', isInternalUser: true, is_company: false, name: 'OdooBot', userId: 1, write_date: row?.write_date ?? false },
        { active: true, email: row?.email ?? false, id: caller.partnerId, im_status: 'offline', isInternalUser: isInternal, is_company: false, name: caller.name, userId: caller.uid, write_date: row?.write_date ?? false },
      ],
    },
    odoobot_initialized: true,
    iap_company_enrich: false,
  };
}

/** Discuss settings Odoo sends with every session (01): defaults, the demo has no Discuss. */
function userSettings(uid: number): Record<string, OdooValue> {
  return {
    id: uid,
    user_id: { id: uid },
    is_discuss_sidebar_category_channel_open: true,
    is_discuss_sidebar_category_chat_open: true,
    push_to_talk_key: false,
    use_push_to_talk: false,
    voice_active_duration: 200,
    channel_notifications: false,
    mute_until_dt: false,
    volumes: [['ADD', []]],
  };
}

const view = (display_name: string, icon: string, multi_record: boolean) => ({ display_name, icon, multi_record });

const VIEW_INFO: Record<string, OdooValue> = {
  list: view('List', 'oi oi-view-list', true),
  form: view('Form', 'fa fa-address-card', false),
  graph: view('Graph', 'fa fa-area-chart', true),
  pivot: view('Pivot', 'oi oi-view-pivot', true),
  calendar: view('Calendar', 'fa fa-calendar', true),
  kanban: view('Kanban', 'oi oi-view-kanban', true),
  search: view('Search', 'oi oi-search', true),
  activity: view('Activity', 'fa fa-clock-o', true),
};
