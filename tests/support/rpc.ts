/** A tiny JSON-RPC client for tests, speaking to the real server over HTTP. */
export interface RpcResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
  /** Every Set-Cookie header, as sent. */
  readonly setCookies: string[];
}

let nextId = 1;

export async function post(baseUrl: string, path: string, body: string, headers: Record<string, string> = {}): Promise<RpcResponse> {
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text (HTML error pages)
  }
  return { status: response.status, headers: response.headers, body: parsed, text, setCookies: response.headers.getSetCookie() };
}

export function rpc(baseUrl: string, path: string, params: unknown, cookie?: string, id = nextId++): Promise<RpcResponse> {
  return post(baseUrl, path, JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id }), cookie === undefined ? {} : { Cookie: cookie });
}

/** The `session_id=…` pair of a response, ready to send back as a Cookie header. */
export function sessionCookieOf(response: RpcResponse): string | undefined {
  const header = response.setCookies.find((c) => c.startsWith('session_id='));
  return header?.split(';')[0];
}

export async function login(baseUrl: string, user: string, password = user): Promise<string> {
  const response = await rpc(baseUrl, '/web/session/authenticate', { db: 'fieldbook', login: user, password });
  const cookie = sessionCookieOf(response);
  if (cookie === undefined || (response.body as { error?: unknown }).error !== undefined) {
    throw new Error(`login as ${user} failed: ${response.text.slice(0, 300)}`);
  }
  return cookie;
}

export interface RpcError {
  code: number;
  message: string;
  data: { name: string; message: string; arguments: unknown[]; debug: string; context: unknown };
}

export function resultOf<T>(response: RpcResponse): T {
  const body = response.body as { result?: T; error?: RpcError };
  if (body.error !== undefined) throw new Error(`RPC error ${body.error.data.name}: ${body.error.data.message}`);
  return body.result as T;
}

export function errorOf(response: RpcResponse): RpcError {
  const body = response.body as { error?: RpcError };
  if (body.error === undefined) throw new Error(`expected an error, got ${response.text.slice(0, 300)}`);
  return body.error;
}

export function callKw(baseUrl: string, cookie: string, model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<RpcResponse> {
  return rpc(baseUrl, `/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs }, cookie);
}
