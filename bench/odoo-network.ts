/**
 * The field user's networks, for the benchmark: an HTTP proxy in front of the demo server, whose
 * origin the app runs on. Fast passes every call; slow answers Odoo's API calls (POST /web/…,
 * /json…) after `SLOW_ODOO_MS`; down drops them (the connection dies, as with no network). Static
 * files (the app shell, the worker) always pass.
 *
 * Not the browser's request interception (Playwright's `route`): while a route is set, every request
 * the page and its worker make waits for a round trip to Node, so a slow or down network measured
 * that way also measures the interception (about 50 ms more per warm start at 5,000 partners).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How long the slow network holds each Odoo call. */
export const SLOW_ODOO_MS = 8_000;

export type OdooNetwork = 'fast' | 'slow' | 'down';

export interface NetworkProxy {
  /** The app's origin. */
  readonly url: string;
  set(network: OdooNetwork): void;
  close(): Promise<void>;
}

const isApi = (req: IncomingMessage): boolean => req.method === 'POST' && /^\/(web|json|xmlrpc)/.test(req.url ?? '');

export async function networkProxy(target: string): Promise<NetworkProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let network: OdooNetwork = 'fast';

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    if (!isApi(req) || network === 'fast') return forward(req, res);
    if (network === 'down') return void req.socket.destroy();
    req.pause();
    const timer = setTimeout(() => {
      timers.delete(timer);
      forward(req, res);
    }, SLOW_ODOO_MS);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next) {
      network = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
