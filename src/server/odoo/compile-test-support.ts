/** Shared by the domain and order compiler tests: models by name, and a compile over alias `t`. */
import { compileDomain, type DomainOptions } from './domain.ts';
import { OdooException } from './errors.ts';
import { registry } from './models.ts';
import type { ModelDef } from './registry.ts';
import { Params } from './sql.ts';

export function model(name: string): ModelDef {
  const found = registry.get(name);
  if (found === undefined) throw new Error(`no model ${name}`);
  return found;
}

export const partner = model('res.partner');
export const country = model('res.country');
export const category = model('res.partner.category');

/** Compiles over alias `t`, without the implicit active test unless asked. */
export function compile(domain: unknown, options: DomainOptions = { activeTest: false }, on: ModelDef = partner) {
  const params = new Params();
  const sql = compileDomain(registry, on, domain, params, 't', options);
  return { sql, params: params.values };
}

/** The OdooException that `run` throws (any other outcome fails the test). */
export function odooFailure(run: () => unknown): OdooException {
  try {
    run();
  } catch (error) {
    if (error instanceof OdooException) return error;
    throw error;
  }
  throw new Error('expected an OdooException');
}

/** The error compiling `domain` gives, with the active test on (as callers use it). */
export const failure = (domain: unknown, on: ModelDef = partner): OdooException => odooFailure(() => compile(domain, {}, on));
