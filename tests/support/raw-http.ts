/** Requests over node:http, for what `fetch` will not send: a body with GET, a forged Host, another source address, an absolute-form request line. */
import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export interface RawInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The local address to send from (any 127.0.0.0/8 address reaches a loopback server on Linux): another client. */
  readonly localAddress?: string;
  /** The request line's target instead of the URL's path, e.g. an absolute form `http://other.example/…`. */
  readonly requestTarget?: string;
}

/** Any request, body and all, over node:http (GET with a JSON body, a forged Host, another source address, an absolute-form request line). */
export function rawRequest(url: string | URL, init: RawInit = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
    const options = {
      host: target.hostname,
      port: target.port,
      path: init.requestTarget ?? `${target.pathname}${target.search}`,
      method: init.method ?? 'GET',
      headers,
      ...(init.localAddress === undefined ? {} : { localAddress: init.localAddress }),
    };
    const req = request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: Record<string, unknown> | undefined;
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

