/**
 * Loads the captured Odoo 18 exchanges in ../shared/odoo-wire/. Used by the demo server's contract
 * tests here, and by the client's parser tests (the same captures drive both sides).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WIRE_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'odoo-wire');

export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body as an object, a raw string when it was not JSON, or null. */
  readonly body: unknown;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The JSON body; a string when the capture trimmed it or it was HTML. */
  readonly body: unknown;
}

export interface WireExchange {
  readonly file: string;
  readonly description: string;
  readonly request: WireRequest;
  readonly response: WireResponse;
}

/** Every capture that is one request/response exchange (12c is a latency summary, not an exchange). */
export function loadWireExchanges(): WireExchange[] {
  return readdirSync(WIRE_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const data = JSON.parse(readFileSync(join(WIRE_DIR, file), 'utf8')) as Partial<WireExchange>;
      if (data.request === undefined || data.response === undefined) return [];
      return [{ file, description: data.description ?? '', request: data.request, response: data.response }];
    });
}

/** Case-insensitive header lookup (the captures mix `Content-Type` and `content-type`). */
export function header(headers: Readonly<Record<string, string | string[]>>, name: string): string[] {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return [];
  const value = headers[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
