/**
 * The authorization server's pages, rendered on the server. Every interpolated value is escaped by
 * the `html` tag; only `SafeHtml` (the output of `html` itself) passes through as markup.
 * No inline script or style: the look is /oauth2/assets/oauth.css, the rare script a file.
 */
import { escapeHtml } from '../shared/html.ts';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | SafeHtml | undefined | null | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly scripts?: readonly string[];
}

export function page({ title, body, scripts = [] }: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Fieldbook</title>
<link rel="stylesheet" href="/oauth2/assets/oauth.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

export interface LoginView {
  readonly action: string;
  readonly abortAction: string;
  readonly csrfToken: string;
  readonly clientName: string;
  readonly login: string;
  readonly error: string | undefined;
}

export function loginPage(view: LoginView): string {
  const invalid = view.error === undefined ? undefined : 'true';
  return page({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
<p class="lead">${view.clientName} wants to use your Odoo account.</p>
${view.error === undefined ? '' : html`<p class="error" role="alert" id="login-error">${view.error}</p>`}
<form method="post" action="${view.action}" class="stack">
  <input type="hidden" name="csrf_token" value="${view.csrfToken}">
  <label for="login">Login</label>
  <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${view.login}"${invalid === undefined ? '' : html` aria-invalid="true" aria-describedby="login-error"`}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${invalid === undefined ? '' : html` aria-invalid="true" aria-describedby="login-error"`}>
  <button type="submit">Sign in</button>
</form>
${cancelForm(view.abortAction, view.csrfToken)}`,
  });
}

export interface ConsentView {
  readonly action: string;
  readonly abortAction: string;
  readonly csrfToken: string;
  readonly clientName: string;
  readonly userName: string;
  readonly scopes: readonly string[];
}

const SCOPE_WORDS: Readonly<Record<string, string>> = {
  openid: 'Know who you are',
  profile: 'See your name and login',
  email: 'See your email address',
  offline_access: 'Stay signed in when you are not using it',
  odoo: 'Know which Odoo database and user you are',
  'odoo.read': 'Read your Odoo data: contacts and every other record your Odoo user can see',
  'odoo.write': 'Change your Odoo data: create, edit and delete records as your Odoo user',
  'restapi.read': 'Read your Odoo records through the REST API, as your Odoo user',
};

/** What a scope lets a client do, in plain words (the scope itself when it has none). */
export function scopeWords(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}

export function consentPage(view: ConsentView): string {
  return page({
    title: 'Allow access',
    body: html`<h1>Allow ${view.clientName} to use your account?</h1>
<p class="lead">Signed in as ${view.userName}. ${view.clientName} asks to:</p>
<ul class="scopes">${view.scopes.map((scope) => html`<li>${scopeWords(scope)}</li>`)}</ul>
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf_token" value="${view.csrfToken}">
  <button type="submit">Allow</button>
</form>
${cancelForm(view.abortAction, view.csrfToken, 'Deny')}`,
  });
}

function cancelForm(action: string, csrfToken: string, label = 'Cancel'): SafeHtml {
  return html`<form method="post" action="${action}">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  <button type="submit" class="secondary">${label}</button>
</form>`;
}

export function errorPage(title: string, lines: readonly (readonly [string, string])[]): string {
  return page({
    title,
    body: html`<h1>${title}</h1>
<div role="alert">
<dl class="error-details">${lines.map(([term, text]) => html`<dt>${term}</dt><dd>${text}</dd>`)}</dl>
</div>
<p><a href="/">Back to Fieldbook</a></p>`,
  });
}

/** `form` is the library's own hidden form (its action and a random xsrf value), kept as is. */
export function logoutPage(form: string, host: string): string {
  return page({
    title: 'Sign out',
    body: html`<h1>Sign out of ${host}?</h1>
${new SafeHtml(form)}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  });
}

export function logoutSuccessPage(clientName: string | undefined): string {
  return page({
    title: 'Signed out',
    body: html`<h1>Signed out</h1>
<p role="status">You are signed out${clientName === undefined ? '' : html` of ${clientName}`}.</p>
<p><a href="/">Back to Fieldbook</a></p>`,
  });
}
