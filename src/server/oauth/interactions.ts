/**
 * The login and consent pages (`/oauth2/interaction/:uid`, server-rendered, views.ts) that
 * oidc-provider sends the browser to when a request needs the user. The password check is the
 * Odoo session login's own (`checkPassword`), under the same throttle instance: 10 failures from
 * one address, then 60 s of refusals, whichever of the two logins they came through.
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/docs/README.md#user-flows
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import type Provider from 'oidc-provider';
import { errors, type Interaction, type InteractionResults } from 'oidc-provider';
import type { LoginThrottle } from '../odoo/login-throttle.ts';
import { checkPassword } from '../odoo/credentials.ts';
import type { Database } from '../store/db.ts';
import { findUser, uidOf } from './account.ts';
import { csrfTokenFor, isValidCsrfToken } from './csrf.ts';
import { pageHeaders } from './page-headers.ts';
import { consentPage, errorPage, loginPage } from './views.ts';

export const INTERACTION_PATH = '/oauth2/interaction/';

export interface InteractionDeps {
  readonly provider: Provider;
  readonly db: Database;
  readonly throttle: LoginThrottle;
  readonly csrfKey: Buffer;
}

type Action = 'show' | 'login' | 'consent' | 'abort';
const ACTIONS: Readonly<Record<string, Action>> = { login: 'login', consent: 'consent', abort: 'abort' };

/** Odoo's own words for these refusals (odoo-wire/02, 02b). */
const WRONG_CREDENTIALS = 'Wrong login/password';
const TOO_MANY_FAILURES = 'Too many login failures, please wait a bit before trying again.';

export async function handleInteraction(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const [uid, actionName, ...rest] = pathname.slice(INTERACTION_PATH.length).split('/');
  const action = actionName === undefined ? 'show' : ACTIONS[actionName];
  const expected = action === 'show' ? 'GET' : 'POST';
  if (uid === undefined || uid === '' || action === undefined || rest.length > 0) {
    send(res, 404, errorPage('Page not found', [['error', 'There is no such sign-in page.']]));
    return;
  }
  if (req.method !== expected && !(expected === 'GET' && req.method === 'HEAD')) {
    res.setHeader('Allow', expected);
    send(res, 405, errorPage('Method not allowed', [['error', `This page answers ${expected} only.`]]));
    return;
  }
  let interaction: Interaction;
  try {
    interaction = await deps.provider.interactionDetails(req, res);
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    send(res, 400, errorPage('Sign-in expired', [['error', 'This sign-in has expired or was opened in another browser. Start again from the application.']]));
    return;
  }
  // The interaction cookie decides which interaction this is; a URL for another one is refused.
  if (interaction.uid !== uid) {
    send(res, 400, errorPage('Sign-in expired', [['error', 'This sign-in page belongs to another sign-in. Start again from the application.']]));
    return;
  }
  const csrfToken = csrfTokenFor(deps.csrfKey, interaction.uid);
  const redirectOrigin = originOf(interaction.params.redirect_uri);
  const view = { deps, req, res, interaction, csrfToken, formActions: redirectOrigin === undefined ? [] : [redirectOrigin] };
  if (action === 'show') {
    await show(view);
    return;
  }
  const form = await readForm(req);
  if (form === undefined || !isValidCsrfToken(deps.csrfKey, interaction.uid, form.get('csrf_token'))) {
    send(res, 403, errorPage('Form expired', [['error', 'This form could not be verified (missing or wrong CSRF token). Reload the page and try again.']]));
    return;
  }
  if (action === 'abort') {
    await deps.provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
  } else if (action === 'login') {
    await login(view, form);
  } else {
    await consent(view);
  }
}

interface View {
  readonly deps: InteractionDeps;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly interaction: Interaction;
  readonly csrfToken: string;
  readonly formActions: string[];
}

async function show(view: View, loginError?: { status: number; message: string; login: string }): Promise<void> {
  const { interaction, deps } = view;
  const base = `${INTERACTION_PATH}${interaction.uid}`;
  const clientName = await clientNameOf(deps.provider, interaction.params.client_id);
  if (interaction.prompt.name === 'consent' && loginError === undefined) {
    const uid = uidOf(interaction.session?.accountId ?? '');
    const user = uid === undefined ? undefined : await findUser(deps.db, uid);
    const missing = interaction.prompt.details.missingOIDCScope;
    const scopes = Array.isArray(missing) ? missing.filter((scope): scope is string => typeof scope === 'string') : [];
    const body = consentPage({ action: `${base}/consent`, abortAction: `${base}/abort`, csrfToken: view.csrfToken, clientName, userName: user?.name ?? user?.login ?? '', scopes });
    send(view.res, 200, body, view.formActions);
    return;
  }
  const hint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : '';
  const body = loginPage({ action: `${base}/login`, abortAction: `${base}/abort`, csrfToken: view.csrfToken, clientName, login: loginError?.login ?? hint, error: loginError?.message });
  send(view.res, loginError?.status ?? 200, body, view.formActions);
}

async function login(view: View, form: URLSearchParams): Promise<void> {
  const { deps, req } = view;
  const login = form.get('login') ?? '';
  const password = form.get('password') ?? '';
  const address = req.socket.remoteAddress ?? 'unknown';
  // The same throttle as Odoo's session login: counted before the check, shared concurrency limit.
  const outcome = await deps.throttle.attempt(address, async () => (login !== '' && password !== '' ? checkPassword(deps.db, login, password) : undefined), login);
  if (outcome.status === 'blocked' || outcome.status === 'busy') {
    await show(view, { status: 429, message: TOO_MANY_FAILURES, login });
    return;
  }
  if (outcome.status === 'failed') {
    await show(view, { status: 400, message: WRONG_CREDENTIALS, login });
    return;
  }
  const result: InteractionResults = { login: { accountId: String(outcome.uid) } };
  await deps.provider.interactionFinished(req, view.res, result, { mergeWithLastSubmission: false });
}

async function consent(view: View): Promise<void> {
  const { deps, interaction } = view;
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (interaction.prompt.name !== 'consent' || accountId === undefined || typeof clientId !== 'string') {
    send(view.res, 400, errorPage('Nothing to allow', [['error', 'This sign-in is not asking for consent.']]), view.formActions);
    return;
  }
  const { provider } = deps;
  const existing = interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId);
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  if (strings(details.missingOIDCScope).length > 0) grant.addOIDCScope(strings(details.missingOIDCScope));
  if (strings(details.missingOIDCClaims).length > 0) grant.addOIDCClaims(strings(details.missingOIDCClaims));
  const grantId = await grant.save();
  const result: InteractionResults = existing === undefined ? { consent: { grantId } } : { consent: {} };
  await provider.interactionFinished(view.req, view.res, result, { mergeWithLastSubmission: true });
}

async function clientNameOf(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? client?.clientId ?? 'An application';
}

function originOf(uri: unknown): string | undefined {
  return typeof uri === 'string' ? (URL.parse(uri)?.origin ?? undefined) : undefined;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  try {
    return new URLSearchParams(await getRawBody(req, { limit: 16 * 1024, encoding: 'utf8' }));
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: string, formActions: readonly string[] = []): void {
  res.writeHead(status, { ...pageHeaders(formActions), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
