/**
 * The public model methods `call_kw` may call, with Odoo 18's Python signatures, so that
 * positional `args` and `kwargs` bind exactly as they would on a real server.
 */
import { OdooException } from '../errors.ts';
import type { ModelDef, OdooValue } from '../registry.ts';
import { bindArguments, type Signature } from './bind.ts';
import { checkAccessRights, defaultGet, fieldsGet, nameSearch, read, search, searchCount, searchRead, webSearchRead, type CallEnv } from './search.ts';
import { create, unlink, write } from './write.ts';

interface Method {
  readonly signature: Signature;
  /** Operations that change data; the service worker of the PWA never caches them. */
  readonly writes: boolean;
  readonly run: (env: CallEnv, model: ModelDef, bound: Record<string, unknown>) => Promise<OdooValue> | OdooValue;
}

const method = (name: string, params: string[], required: number, run: Method['run'], writes = false, keywords: string[] = []): [string, Method] => [
  name,
  { signature: { name, params, required, keywords }, writes, run },
];

const methods = new Map<string, Method>([
  // `**read_kwargs`: read's `load`, by keyword only.
  method('search_read', ['domain', 'fields', 'offset', 'limit', 'order'], 0, searchRead, false, ['load']),
  method('web_search_read', ['domain', 'specification', 'offset', 'limit', 'order', 'count_limit'], 2, webSearchRead),
  method('search', ['domain', 'offset', 'limit', 'order'], 1, search),
  method('search_count', ['domain', 'limit'], 1, searchCount),
  method('read', ['ids', 'fields', 'load'], 1, read),
  method('name_search', ['name', 'args', 'operator', 'limit'], 0, nameSearch),
  method('fields_get', ['allfields', 'attributes'], 0, fieldsGet),
  method('default_get', ['fields_list'], 1, defaultGet),
  method('check_access_rights', ['operation', 'raise_exception'], 1, checkAccessRights),
  method('create', ['vals_list'], 1, create, true),
  method('write', ['ids', 'vals'], 2, write, true),
  method('unlink', ['ids'], 1, unlink, true),
]);

/** Calls `model.method(*args, **kwargs)` the way Odoo's `call_kw` does. */
export async function callMethod(env: CallEnv, model: ModelDef, name: string, args: unknown, kwargs: unknown): Promise<OdooValue> {
  // odoo.service.model.check_method_name: private methods are an AccessError, not an AttributeError.
  if (name.startsWith('_') || name === 'init') {
    throw new OdooException('odoo.exceptions.AccessError', `Private methods (such as ${name}) cannot be called remotely.`);
  }
  const found = methods.get(name);
  if (found === undefined) {
    // @see odoo-wire/08c-call_kw-unknown-method.json
    throw new OdooException('builtins.AttributeError', `The method '${name}' does not exist on the model '${model.name}'`);
  }
  const bound = bindArguments(found.signature, args ?? [], kwargs ?? {});
  return found.run(env, model, bound);
}

export function isReadOnlyMethod(name: string): boolean {
  const found = methods.get(name);
  return found !== undefined && !found.writes;
}
