/**
 * `response_mode=form_post` without an inline script. The library's page
 * (lib/response_modes/form_post.js) submits itself with an inline `<script>` and adds that
 * script's hash to whatever Content-Security-Policy the response carries; our pages allow no
 * inline script at all. This page loads /oauth2/assets/form-post.js (script-src 'self') to submit,
 * and shows a Continue button for when scripts are off.
 *
 * The demo clients do not register form_post (clients.ts), so this page is reached only by a
 * configured client that does, to deliver an error to a client that asked for form_post, or to
 * confirm a logout without a session. library-patches.ts puts it in the library's place.
 */
import type { KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import { html, page } from './views.ts';
import { applyPageHeaders } from './page-headers.ts';

const STATUS_CODES = new Set([200, 400, 500]);

/** The `form_post` response mode's handler. */
export function formPost(ctx: KoaContextWithOIDC, action: string, inputs: UnknownObject): void {
  if (!STATUS_CODES.has(ctx.status)) ctx.status = 'error' in inputs ? 400 : 200;
  renderFormPost(ctx, action, inputs);
}

export function renderFormPost(ctx: KoaContextWithOIDC, action: string, inputs: UnknownObject): void {
  const fields = Object.entries(inputs).map(([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}">`);
  ctx.type = 'html';
  // The form submits to the client's redirect URI, which may be on another origin.
  applyPageHeaders((name, value) => ctx.set(name, value), [new URL(action).origin]);
  ctx.body = page({
    title: 'Returning to the application',
    scripts: ['/oauth2/assets/form-post.js'],
    body: html`<h1>Returning to the application…</h1>
      <form method="post" action="${action}" id="form-post">
        ${fields}
        <p>If nothing happens, continue by hand.</p>
        <button type="submit">Continue</button>
      </form>`,
  });
}
