import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { asSignInError } from '../auth/finish-sign-in.ts';
import { SignInError } from '../auth/oauth/sign-in-error.ts';
import { OdooError } from '../odoo/errors.ts';
import { signInErrorText } from './sign-in-error-text.ts';

describe('the UI words for each code', () => {
  it('says what Odoo said, what the answer lacked, or what the network did', () => {
    expect(signInErrorText(new SignInError('authorization_error', 'x', { detail: 'The user said no' }))).toBe('Odoo did not sign you in: The user said no');
    expect(signInErrorText(new SignInError('state_mismatch', 'x', { detail: 'wrong state' }))).toBe('The sign-in answer was refused: wrong state');
    expect(signInErrorText(new SignInError('provider_no_user', 'x', { detail: 'Google' }))).toContain('linked to the account you used (Google)');
    expect(signInErrorText(new SignInError('provider_http', 'x', { status: 502 }))).toBe('Odoo did not finish the sign-in (HTTP 502).');
    expect(signInErrorText(asSignInError(new OdooError('network', 'offline')))).toBe('Odoo cannot be reached. Check your connection, then try again.');
  });
});

describe('an error answer from the library', () => {
  it('is told in the server\'s words', () => {
    const error = new oauth.AuthorizationResponseError('authorization response from the server is an error', { cause: new URLSearchParams({ error: 'access_denied', error_description: 'The user said no' }) });
    expect(signInErrorText(asSignInError(error))).toBe('Odoo did not sign you in: The user said no');
  });
});
