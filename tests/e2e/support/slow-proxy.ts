/**
 * A field user's network, for the e2e tests: an HTTP proxy in front of a demo server that can hold
 * the API calls (POST /web/…, /json…) unanswered until the test lets them through — Odoo slower
 * than anything the test does, with no clock involved — while static files (the app shell, the
 * worker) pass untouched. The app's origin is the
 * proxy's. When the server behind it is down, the proxy drops the connection, as a dead network does.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface SlowProxy {
  readonly url: string;
  /** API calls are held (unanswered) until `release()`. */
  hold(): void;
  /** Lets the held calls through, and the next ones. */
  release(): void;
  /** API calls that arrived, by path, in order. */
  readonly apiCalls: string[];
  /** How many API calls the server has answered through the proxy (a held call is not answered). */
  answered(): number;
}

const isApi = (req: IncomingMessage): boolean => req.method === 'POST' && /^\/(web|json|xmlrpc)/.test(req.url ?? '');

export async function slowProxy(target: string): Promise<SlowProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let holding = false;
  let held: (() => void)[] = [];
  let answered = 0;
  const state: SlowProxy = {
    url: '',
    apiCalls: [],
    hold: () => void (holding = true),
    release() {
      holding = false;
      const waiting = held;
      held = [];
      for (const go of waiting) go();
    },
    answered: () => answered,
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
        if (isApi(req)) answer.on('end', () => (answered += 1));
      },
    );
    // The server is down: the connection dies, as with no network.
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    if (!isApi(req)) return forward(req, res);
    state.apiCalls.push(req.url ?? '');
    req.pause();
    if (holding) held.push(() => forward(req, res));
    else forward(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, { url: `http://127.0.0.1:${port}` });
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return state;
}
