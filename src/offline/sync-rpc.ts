/**
 * The Odoo calls the sync engine makes, injectable (tests pass fakes; the bench and the integration
 * test pass the real ones with a base URL and a cookie), and the fields the mirror keeps.
 */
import { search, searchCount, searchRead, type OdooRecord, type SearchParams, type SearchReadParams } from '../odoo/call-kw.ts';
import type { Domain } from '../odoo/domain.ts';
import type { RpcOptions } from '../odoo/rpc.ts';

export interface SyncRpc {
  readonly searchRead: (model: string, params: SearchReadParams, options?: RpcOptions) => Promise<OdooRecord[]>;
  readonly searchCount: (model: string, domain: Domain, options?: RpcOptions) => Promise<number>;
  readonly search: (model: string, params: SearchParams, options?: RpcOptions) => Promise<number[]>;
}

export const odooRpc: SyncRpc = { searchRead, searchCount, search };

export const PARTNER = 'res.partner';
export const TAG = 'res.partner.category';

/** What the list and the detail show, without the avatar (fetched online only) and `child_ids` (derived from parent_id). */
export const MIRROR_FIELDS = [
  'name',
  'complete_name',
  'is_company',
  'email',
  'phone',
  'mobile',
  'street',
  'street2',
  'zip',
  'city',
  'state_id',
  'country_id',
  'category_id',
  'parent_id',
  'commercial_partner_id',
  'function',
  'website',
  'ref',
  'vat',
  'comment',
  'write_date',
  'active',
] as const;
