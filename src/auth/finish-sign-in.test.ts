import 'fake-indexeddb/auto';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { OdooError } from '../odoo/errors.ts';
import { asSignInError, finishSignIn } from './finish-sign-in.ts';
import { readFlowLog, startFlowLog } from './oauth/flow-log.ts';
import { IdTokenError } from './oauth/id-token.ts';
import { ImplicitFragmentError } from './oauth/implicit-fragment.ts';
import { takePending } from './oauth/pending.ts';
import { SignInError } from './oauth/sign-in-error.ts';

describe('asSignInError: every way a sign-in fails, as a code', () => {
  it('keeps the answer refusals by their own code, and the server\'s words for an error answer', () => {
    const refused = asSignInError(new ImplicitFragmentError('state_mismatch', 'The state is not the one this browser sent.'));
    expect([refused.code, refused.extra.detail]).toEqual(['state_mismatch', 'The state is not the one this browser sent.']);
    const denied = asSignInError(new ImplicitFragmentError('authorization_error', 'error', { error: 'access_denied', description: 'The user said no' }));
    expect([denied.code, denied.extra.detail]).toEqual(['authorization_error', 'The user said no']);
    const fromLibrary = asSignInError(new oauth.AuthorizationResponseError('authorization response from the server is an error', { cause: new URLSearchParams({ error: 'invalid_scope' }) }));
    expect([fromLibrary.code, fromLibrary.extra.detail]).toEqual(['authorization_error', 'invalid_scope']);
  });

  it('names ID-token failures, Odoo failures and anything else apart, keeping the original as the cause', () => {
    expect(asSignInError(new IdTokenError('expired', 'The ID token has expired.')).code).toBe('id_token_invalid');
    const offline = new OdooError('network', 'Odoo cannot be reached.');
    const odoo = asSignInError(offline);
    expect([odoo.code, odoo.cause]).toEqual(['odoo', offline]);
    const other = asSignInError(new TypeError('unexpected response body'));
    expect([other.code, other.extra.detail]).toEqual(['failed', 'unexpected response body']);
  });
});

describe('finishSignIn', () => {
  it('without an answer refuses with no_answer and leaves the last sign-in\'s steps as they were', async () => {
    await startFlowLog('code');
    await expect(finishSignIn(undefined)).rejects.toMatchObject({ code: 'no_answer' });
    expect((await readFlowLog())?.steps).toEqual([]);
  });

  it('with an answer but no sign-in started here refuses with not_started, and logs the refusal in the words it is given', async () => {
    await startFlowLog('code');
    await expect(finishSignIn({ search: '?code=abc&state=xyz', hash: '' }, { describe: (error) => `words for ${error.code}` })).rejects.toMatchObject({ code: 'not_started' });
    const steps = (await readFlowLog())?.steps ?? [];
    expect(steps.at(-1)).toMatchObject({ step: 'Sign-in refused', detail: 'words for not_started', ok: false });
    // Taken once: a second try finds nothing either.
    await expect(takePending()).rejects.toBeInstanceOf(SignInError);
  });
});
