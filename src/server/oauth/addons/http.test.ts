import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AddonError, basicCredentials, parseOAuthHeader } from './http.ts';
import { validityDate } from './restapi.ts';

const withAuthorization = (authorization: string) => ({ headers: { authorization } }) as unknown as IncomingMessage;

describe('parseOAuthHeader', () => {
  it('reads the documented header: single quotes, URL-encoded values, comma-separated', () => {
    const header = "OAuth client_id='uwCrAHAQbL7D9cvJLIztNaZ0bziEGMDh', state='Y1Ux1iNPvn6KYQK5Lj84WJ9VJrQw1L', redirect_uri='https%3A%2F%2F127.0.0.1%2Fcallback', response_type='code'";
    expect(parseOAuthHeader(header)).toEqual({ client_id: 'uwCrAHAQbL7D9cvJLIztNaZ0bziEGMDh', state: 'Y1Ux1iNPvn6KYQK5Lj84WJ9VJrQw1L', redirect_uri: 'https://127.0.0.1/callback', response_type: 'code' });
  });

  it('takes double quotes and bare values too, and is not fooled by other schemes', () => {
    expect(parseOAuthHeader('OAuth client_id="a b", code=xyz')).toEqual({ client_id: 'a b', code: 'xyz' });
    expect(parseOAuthHeader('Bearer abc')).toBeUndefined();
    expect(parseOAuthHeader(undefined)).toBeUndefined();
  });

  it('refuses a malformed header or a badly encoded value', () => {
    expect(() => parseOAuthHeader("OAuth client_id='a' junk")).toThrow(AddonError);
    expect(() => parseOAuthHeader("OAuth redirect_uri='%E0%A4%A'")).toThrow(/not URL-encoded/);
  });
});

describe('basicCredentials', () => {
  it('decodes HTTP Basic, each part form-decoded (RFC 6749 §2.3.1)', () => {
    expect(basicCredentials(withAuthorization(`Basic ${Buffer.from('my%20app:s%3Acret+x').toString('base64')}`))).toEqual({ clientId: 'my app', clientSecret: 's:cret x' });
    expect(basicCredentials(withAuthorization('Bearer x'))).toBeUndefined();
    expect(() => basicCredentials(withAuthorization(`Basic ${Buffer.from('nocolon').toString('base64')}`))).toThrow(/malformed/);
  });
});

describe('validityDate', () => {
  it('prints the restapi add-on’s access_token_validity format, in UTC', () => {
    expect(validityDate(new Date('2017-07-20T12:00:05Z'))).toBe('7/20/2017 12:00:05');
    expect(validityDate(new Date('2026-11-05T03:04:09Z'))).toBe('11/5/2026 03:04:09');
  });
});
