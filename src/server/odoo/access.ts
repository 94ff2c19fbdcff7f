/**
 * Access control as Odoo does it: model ACLs (`ir.model.access`) first, then record rules
 * (`ir.rule`) as a domain added to every search and checked on every read/write by id.
 * @see odoo-wire/08h-access-error-portal.json, 08i, 08j for the exact messages
 */
import { OdooException } from './errors.ts';
import { groupLabels, type GroupXmlId, type ModelDef, type Operation } from './registry.ts';

/** The user a request runs as, resolved from a session (or, later, a bearer token). */
export interface Caller {
  readonly uid: number;
  readonly login: string;
  readonly name: string;
  readonly partnerId: number;
  readonly commercialPartnerId: number;
  readonly groups: ReadonlySet<GroupXmlId>;
  readonly db: string;
}

const verbs: Record<Operation, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

export function isInternal(caller: Caller): boolean {
  return caller.groups.has('base.group_user');
}

export function checkModelAccess(model: ModelDef, operation: Operation, caller: Caller): void {
  const allowed = model.access[operation];
  if (allowed.some((group) => caller.groups.has(group))) return;
  const groups = [...new Set(allowed.map((group) => groupLabels[group]))].sort();
  throw new OdooException(
    'odoo.exceptions.AccessError',
    `You are not allowed to ${verbs[operation]} '${model.description}' (${model.name}) records.\n\n` +
      (groups.length > 0
        ? `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}`
        : 'No group currently allows this operation.') +
      '\n\nContact your administrator to request access if necessary.',
  );
}

/**
 * The record-rule domain for a caller, or undefined when no rule restricts them. Rules of Odoo's
 * `base` module that matter for the demo's users:
 * - portal: partners of their own commercial entity (`res_partner_portal_public_rule`), and
 *   themselves only among users.
 */
export function ruleDomain(model: ModelDef, caller: Caller): unknown[] | undefined {
  if (isInternal(caller)) return undefined;
  switch (model.name) {
    case 'res.partner':
      return ['|', ['id', 'child_of', caller.commercialPartnerId], ['id', '=', caller.partnerId]];
    case 'res.users':
      return [['id', '=', caller.uid]];
    default:
      return undefined;
  }
}

/** Odoo 17/18's message when record rules hide some of the records asked for by id. */
export function recordRuleError(model: ModelDef, operation: Operation, caller: Caller, ids: readonly number[]): OdooException {
  const records = ids.map((id) => `- ${model.description} (${model.name}: ${id})`).join('\n');
  return new OdooException(
    'odoo.exceptions.AccessError',
    `Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n` +
      `Sorry, ${caller.name} (id=${caller.uid}) doesn't have '${operation}' access to:\n${records}\n\n` +
      `If you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.`,
  );
}

export function missingError(model: ModelDef, caller: Caller, ids: readonly number[]): OdooException {
  return new OdooException(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model.name}(${ids.join(', ')},), User: ${caller.uid})`,
  );
}
