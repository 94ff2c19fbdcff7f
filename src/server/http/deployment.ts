/**
 * The app's deployment file (`FIELDBOOK_DEPLOYMENT_FILE`), served at `/fieldbook.json` as it is
 * written (src/auth/oauth/deployment.ts reads it: providers the Odoo's login page cannot show, and
 * the origins the app may call from the browser). Its `connect` origins join the pages' CSP
 * `connect-src` here; behind nginx, the same list goes into the recipe's CSP by hand.
 *
 * Read and checked once at start: a file that cannot be read, is not JSON, or names something that
 * is not an origin in `connect` stops the start with a clear message.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../shared/config-error.ts';

export const DEPLOYMENT_PATH = '/fieldbook.json';

export interface DeploymentFile {
  readonly body: Buffer;
  /** Origins the app may connect to, besides its own. */
  readonly connect: readonly string[];
}

export function loadDeploymentFile(path: string): DeploymentFile {
  let body: Buffer;
  let value: unknown;
  try {
    body = readFileSync(path);
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ConfigError(`FIELDBOOK_DEPLOYMENT_FILE: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`FIELDBOOK_DEPLOYMENT_FILE: ${path} must hold a JSON object`);
  const connect = (value as { connect?: unknown }).connect ?? [];
  if (!Array.isArray(connect)) throw new ConfigError('FIELDBOOK_DEPLOYMENT_FILE: "connect" must be a list of origins');
  const origins = connect.map((entry: unknown) => {
    const url = typeof entry === 'string' ? URL.parse(entry) : null;
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== String(entry).replace(/\/$/, '')) {
      throw new ConfigError(`FIELDBOOK_DEPLOYMENT_FILE: "connect" lists ${JSON.stringify(entry)}, which is not an origin such as https://sso.example.com`);
    }
    return url.origin;
  });
  return { body, connect: origins };
}
