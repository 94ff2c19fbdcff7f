/**
 * The Odoo's own "Log in with …" providers (its `auth_oauth` module), read from its login page
 * (`GET /web/login`) as Odoo 18 renders them (auth_oauth.providers):
 *
 *   <div class="o_auth_oauth_providers list-group …">
 *     <a class="list-group-item …" href="https://provider/auth?response_type=token&client_id=…
 *        &redirect_uri=…&scope=…&state={"d": "db", "p": 3, "r": "…"}"><i class="…"/>Log in with …</a>
 *
 * The page is parsed as data: the links' `href` attributes and their text, nothing else, with no
 * HTML parser (a string is never turned into DOM). A link whose URL or state is not what Odoo
 * writes is left out. Nothing is offered when the page has none (Odoo without auth_oauth, or no
 * provider enabled).
 */
import { fetchDeployment } from './deployment.ts';

export interface OdooProvider {
  /** The `auth.oauth.provider` id (the state's `p`). */
  readonly id: number;
  /** The Odoo database the state names (`d`). */
  readonly database: string;
  /** The link's text, as the Odoo shows it ("Log in with Google"). */
  readonly label: string;
  readonly authorizationEndpoint: string;
  readonly clientId: string;
  readonly scope: string;
  /** The provider's OpenID issuer, when the deployment file names it (discovery is then read there, not at the endpoint's origin). */
  readonly issuer?: string;
  /** Where the app learnt of it (offeredProviders). */
  readonly from?: 'login page' | 'deployment file';
  /** The app may call the provider's origin from the browser (this origin, or one the deployment file lists): the code flow may be used. */
  readonly reachable?: boolean;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** HTML character references in attribute values and text (named: the few Odoo writes; numeric: all). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The value of attribute `name` in a start tag's text, decoded; undefined when absent. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  if (match === null) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
}

/** The part of the page inside `<div class="… o_auth_oauth_providers …">…</div>` (divs nest: counted). */
function providersBlock(html: string): string | undefined {
  const open = /<div\b[^>]*\bclass\s*=\s*(?:"[^"]*\bo_auth_oauth_providers\b[^"]*"|'[^']*\bo_auth_oauth_providers\b[^']*')[^>]*>/i.exec(html);
  if (open === null) return undefined;
  const start = open.index + open[0].length;
  const tags = /<(\/?)div\b[^>]*>/gi;
  tags.lastIndex = start;
  let depth = 1;
  for (let tag = tags.exec(html); tag !== null; tag = tags.exec(html)) {
    depth += tag[1] === '/' ? -1 : 1;
    if (depth === 0) return html.slice(start, tag.index);
  }
  return html.slice(start);
}

function providerOf(href: string, text: string): OdooProvider | undefined {
  const url = URL.parse(href);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  const params = url.searchParams;
  const clientId = params.get('client_id');
  let state: unknown;
  try {
    state = JSON.parse(params.get('state') ?? '');
  } catch {
    return undefined;
  }
  if (clientId === null || clientId === '' || state === null || typeof state !== 'object') return undefined;
  const { d, p } = state as { d?: unknown; p?: unknown };
  if (typeof d !== 'string' || typeof p !== 'number' || !Number.isSafeInteger(p)) return undefined;
  const label = text.replace(/\s+/g, ' ').trim();
  return {
    id: p,
    database: d,
    label: label === '' ? `Provider ${p}` : label,
    authorizationEndpoint: `${url.origin}${url.pathname}`,
    clientId,
    scope: params.get('scope') ?? 'openid profile email',
  };
}

/** The providers on an Odoo login page; none when it shows none. */
export function parseOdooProviders(html: string): OdooProvider[] {
  const block = providersBlock(html);
  if (block === undefined) return [];
  const providers: OdooProvider[] = [];
  for (const link of block.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const href = attribute(` ${link[1] ?? ''}`, 'href');
    // The text: tags dropped (the icon), references decoded.
    const text = decodeEntities((link[2] ?? '').replace(/<[^>]*>/g, ''));
    const provider = href === undefined ? undefined : providerOf(href, text);
    if (provider !== undefined && !providers.some((known) => known.id === provider.id)) providers.push(provider);
  }
  return providers;
}

/**
 * The "Log in with …" choices: the Odoo's login page's, or the deployment file's when the page
 * shows none or cannot be read (deployment.ts). The file is read only then: on a slow network the
 * login screen does not wait for one more request (whether the browser may call a provider on
 * another origin is asked of the file when the user picks it: `mayCallProvider`).
 */
export async function offeredProviders(appOrigin: string, signal?: AbortSignal): Promise<OdooProvider[]> {
  const page = await fetchOdooProviders(signal);
  if (page.length > 0) return page.map((provider) => ({ ...provider, from: 'login page' as const }));
  const deployment = await fetchDeployment(signal);
  return deployment.providers.map((provider) => {
    const origin = new URL(provider.authorizationEndpoint).origin;
    return { ...provider, from: 'deployment file' as const, reachable: origin === appOrigin || deployment.connect.includes(origin) };
  });
}

/** Whether the browser, on `appOrigin`, may call the provider's origin: its own, or one the deployment file lists. */
export async function mayCallProvider(provider: OdooProvider, appOrigin: string): Promise<boolean> {
  const origin = new URL(provider.authorizationEndpoint).origin;
  if (provider.reachable !== undefined) return provider.reachable;
  if (origin === appOrigin) return true;
  return (await fetchDeployment()).connect.includes(origin);
}

/** Reads the Odoo's login page (same origin: the demo backend, or the real Odoo through the proxy). */
export async function fetchOdooProviders(signal?: AbortSignal): Promise<OdooProvider[]> {
  try {
    const response = await fetch('/web/login', { headers: { Accept: 'text/html' }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/html')) return [];
    return parseOdooProviders(await response.text());
  } catch {
    return [];
  }
}
