import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('FIELDBOOK_API_PREFIX', () => {
  it('defaults to api and takes one path segment', () => {
    expect(parseConfig({}).apiPrefix).toBe('api');
    expect(parseConfig({ FIELDBOOK_API_PREFIX: 'odoo-api' }).apiPrefix).toBe('odoo-api');
  });

  it('refuses a path, and a route the server already has', () => {
    for (const value of ['a/b', '../x', 'web', 'OAuth2', 'restapi']) {
      expect(() => parseConfig({ FIELDBOOK_API_PREFIX: value }), value).toThrow(ConfigError);
    }
  });
});
