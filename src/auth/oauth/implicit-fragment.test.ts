import { describe, expect, it } from 'vitest';
import { ImplicitFragmentError, parseImplicitFragment, type ImplicitFragmentErrorCode } from './implicit-fragment.ts';

const expected = { state: 'st-123', issuer: 'http://127.0.0.1:8069' };
const ok = '#access_token=abc.def-ghi&token_type=Bearer&expires_in=600&scope=openid%20odoo&state=st-123';

function codeOf(fragment: string, expectations = expected): ImplicitFragmentErrorCode | undefined {
  try {
    parseImplicitFragment(fragment, expectations);
    return undefined;
  } catch (error) {
    if (error instanceof ImplicitFragmentError) return error.code;
    throw error;
  }
}

describe('parseImplicitFragment', () => {
  it('reads a plain implicit response (RFC 6749 §4.2.2)', () => {
    expect(parseImplicitFragment(ok, expected)).toEqual({
      accessToken: 'abc.def-ghi',
      tokenType: 'Bearer',
      expiresIn: 600,
      scope: 'openid odoo',
      idToken: undefined,
    });
  });

  it('accepts the fragment without its # and a lower-case token type', () => {
    expect(parseImplicitFragment(ok.slice(1).replace('Bearer', 'bearer'), expected).tokenType).toBe('Bearer');
  });

  it('keeps the id_token of an `id_token token` response for verification', () => {
    expect(parseImplicitFragment(`${ok}&id_token=h.p.s`, expected).idToken).toBe('h.p.s');
  });

  it('ignores parameters it does not know (RFC 6749 §4.2.2)', () => {
    expect(parseImplicitFragment(`${ok}&session_state=x&foo=bar`, expected).accessToken).toBe('abc.def-ghi');
  });

  it('treats a missing expires_in as unknown', () => {
    expect(parseImplicitFragment('#access_token=t&token_type=Bearer&state=st-123', expected).expiresIn).toBeUndefined();
  });

  it('rejects a fragment whose state does not match', () => {
    expect(codeOf(ok.replace('st-123', 'st-999'))).toBe('state_mismatch');
    expect(codeOf(ok.replace('st-123', 'st-12'))).toBe('state_mismatch');
  });

  it('rejects a fragment without state, or with an empty one', () => {
    expect(codeOf('#access_token=t&token_type=Bearer')).toBe('state_mismatch');
    expect(codeOf('#access_token=t&token_type=Bearer&state=')).toBe('state_mismatch');
  });

  it('rejects an injected second access_token, or any repeated parameter (RFC 6749 §3.1)', () => {
    expect(codeOf(`${ok}&access_token=evil`)).toBe('duplicate_parameter');
    expect(codeOf(`${ok}&state=st-123`)).toBe('duplicate_parameter');
  });

  it('rejects an iss that is not the expected issuer (RFC 9207), and accepts the right one', () => {
    expect(codeOf(`${ok}&iss=https%3A%2F%2Fevil.example`)).toBe('issuer_mismatch');
    expect(parseImplicitFragment(`${ok}&iss=${encodeURIComponent(expected.issuer)}`, expected).accessToken).toBe('abc.def-ghi');
  });

  it('requires iss when the server advertises it (RFC 9207 §3), and only then', () => {
    const strict = { ...expected, issRequired: true };
    expect(codeOf(ok, strict)).toBe('issuer_mismatch');
    expect(parseImplicitFragment(`${ok}&iss=${encodeURIComponent(expected.issuer)}`, strict).accessToken).toBe('abc.def-ghi');
    // A server that does not say it sends `iss` (Odoo's provider add-ons): its answers have none.
    expect(parseImplicitFragment(ok, expected).accessToken).toBe('abc.def-ghi');
    // With an ID token (verified apart, its own iss checked) the server may leave iss out (RFC 9207 §2.4).
    expect(parseImplicitFragment(`${ok}&id_token=h.p.s`, strict).idToken).toBe('h.p.s');
  });

  it('reports an error response with its error and description (RFC 6749 §4.2.2.1)', () => {
    try {
      parseImplicitFragment('#error=unauthorized_client&error_description=implicit%20is%20off&state=st-123', expected);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ImplicitFragmentError);
      expect((error as ImplicitFragmentError).code).toBe('authorization_error');
      expect((error as ImplicitFragmentError).oauthError).toEqual({ error: 'unauthorized_client', description: 'implicit is off' });
    }
  });

  it('does not believe an error response carrying another state', () => {
    expect(codeOf('#error=access_denied&state=other')).toBe('state_mismatch');
  });

  it('rejects empty and malformed answers', () => {
    expect(codeOf('')).toBe('malformed');
    expect(codeOf('#')).toBe('malformed');
    expect(codeOf('#token_type=Bearer&state=st-123')).toBe('invalid_response');
    expect(codeOf('#access_token=a%20b&token_type=Bearer&state=st-123')).toBe('invalid_response');
    expect(codeOf('#access_token=t&token_type=MAC&state=st-123')).toBe('invalid_response');
    expect(codeOf('#access_token=t&state=st-123')).toBe('invalid_response');
  });

  it('rejects an expiry that is not a positive whole number of seconds', () => {
    for (const value of ['0', '-5', '1.5', 'soon', '9999999999']) {
      expect(codeOf(`#access_token=t&token_type=Bearer&state=st-123&expires_in=${value}`)).toBe('invalid_response');
    }
  });
});
