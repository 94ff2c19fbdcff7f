/**
 * Starts the one-origin server: opens (and on first start seeds) the demo database, or sets up the
 * proxy to a real Odoo, and serves the built PWA beside it. It takes its port first: a port in use
 * stops it before it creates, locks or seeds any data directory.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.ts';
import { createApp, type RequestHandler } from './http/app.ts';
import { listenAdminSocket } from './oauth/addons/admin-socket.ts';
import { seedAddons } from './oauth/addons/mount.ts';
import { createAuthorizationServer, type AuthorizationServer } from './oauth/authorization-server.ts';
import { registry } from './odoo/models.ts';
import { demoProviders } from './odoo/auth-oauth.ts';
import { LoginThrottle } from './odoo/login-throttle.ts';
import type { OdooBackend } from './odoo/routes.ts';
import { SessionStore } from './odoo/sessions.ts';
import { loadDeploymentFile } from './http/deployment.ts';
import type { Database } from './store/db.ts';
import { openDatabaseThread } from './store/db-thread.ts';
import { lockDataDir } from './store/lock.ts';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Present unless in proxy mode. */
  readonly backend: OdooBackend | undefined;
  close(): Promise<void>;
}

/** The server could not take its port (in use, or not allowed): one line, no stack, for the CLI. */
export class ListenError extends Error {
  override name = 'ListenError';
}

function listenError(error: unknown, port: number, host: string): unknown {
  const code = (error as { code?: unknown }).code;
  const where = `port ${port} on ${host}`;
  const another = `set PORT to another port (e.g. PORT=${port < 65535 ? port + 1 : 8070})`;
  if (code === 'EADDRINUSE') return new ListenError(`${where} is in use: ${another}, or stop what is using it`);
  if (code === 'EACCES') return new ListenError(`${where} is not allowed for this user: ${another}`);
  if (code === 'EADDRNOTAVAIL') return new ListenError(`${host} is not an address of this machine: set HOST to one (e.g. HOST=127.0.0.1)`);
  return error;
}

export interface StartOptions {
  readonly config: ServerConfig;
  /** The built PWA to serve; undefined to serve only the Odoo routes (or when Vite serves the app). */
  readonly distDir?: string;
  /** Extra handler tried after the Odoo routes (the Vite dev server's middlewares). */
  readonly fallback?: RequestHandler;
}

/** Opens the demo backend on the configured data directory, seeding it on first start. */
export async function openBackend(dataDir: string, seedPartners: number): Promise<{ backend: OdooBackend; db: Database; release: () => void }> {
  const release = lockDataDir(dataDir);
  try {
    // Its own thread: a slow query does not stop the event loop (store/db-thread.ts).
    const db = await openDatabaseThread({ dataDir, seedPartners });
    const sessions = new SessionStore(db);
    await sessions.purgeExpired();
    return { backend: { db, registry, sessions, throttle: new LoginThrottle() }, db, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * A request target in absolute form (`POST http://other.example/…`, RFC 9112 §3.2.2, which Node
 * accepts) as its origin form (`/…`): nothing downstream may take a host from it — a DPoP proof's
 * `htu`, the authorization server's own URLs, the proxy's upstream path. This server's public
 * origin comes from its configuration, never from the request line.
 */
export function originForm(url: string | undefined): string {
  if (url === undefined || url.startsWith('/')) return url ?? '/';
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return url;
  return `${parsed.pathname}${parsed.search}`;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const fallback = options.fallback;
  // Checked before anything listens: a bad file stops the start (a ConfigError).
  const deployment = config.deploymentFile === undefined ? undefined : loadDeploymentFile(config.deploymentFile);
  // The port first, the data directory after: a port in use must not leave a data directory behind.
  // The app needs the database and the issuer (which needs the port): requests that come meanwhile
  // wait for it (on a first start, while the demo data is seeded) instead of being refused.
  let ready: (app: ReturnType<typeof createApp>) => void = () => undefined;
  const appReady = new Promise<ReturnType<typeof createApp>>((resolve) => (ready = resolve));
  const server = createServer((req, res) => {
    req.url = originForm(req.url);
    void appReady.then((app) => app(req, res, fallback ? () => fallback(req, res) : undefined));
  });
  // Slow clients cannot hold connections forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, config.port, config.host)));
    server.listen(config.port, config.host, () => resolve());
  });
  let opened: Awaited<ReturnType<typeof openBackend>> | undefined;
  let authorizationServer: AuthorizationServer | undefined;
  let admin: { close(): void } | undefined;
  try {
    opened = config.odooUrl === undefined ? await openBackend(config.dataDir, config.seedPartners) : undefined;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    // Proxy mode has no authorization server: the real Odoo decides who gets tokens (oauth/authorization-server.ts).
    authorizationServer =
      opened === undefined
        ? undefined
        : await createAuthorizationServer({
            db: opened.db,
            throttle: opened.backend.throttle,
            issuer: config.publicUrl?.origin ?? issuerFor(address),
            clientsFile: config.oauthClientsFile,
            behindProxy: config.publicUrl !== undefined,
            apiPrefix: config.apiPrefix,
            addons: seedAddons,
          });
    // `npm run apikey` reaches the running server here (the data directory is locked to it).
    admin = opened === undefined ? undefined : await listenAdminSocket(config.dataDir, opened.db);
    const publicOrigin = config.publicUrl?.origin ?? issuerFor(server.address() as AddressInfo);
    const backend =
      opened === undefined || authorizationServer === undefined
        ? undefined
        : {
            ...opened.backend,
            authenticateRequest: authorizationServer.authenticateRequest,
            publicOrigin,
            oauthProviders: demoProviders(publicOrigin, issuerFor(server.address() as AddressInfo)),
          };
    const app = createApp({
      ...(backend === undefined ? {} : { backend }),
      ...(authorizationServer === undefined ? {} : { authorizationServer }),
      ...(config.odooUrl === undefined ? {} : { odooUrl: config.odooUrl, upstreamTimeoutMs: config.upstreamTimeoutMs }),
      ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
      ...(options.distDir === undefined ? {} : { distDir: options.distDir }),
      ...(deployment === undefined ? {} : { deployment }),
    });
    ready(app);
    let closing: Promise<void> | undefined;
    return {
      url,
      server,
      backend,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          app.close();
          admin?.close();
          authorizationServer?.close();
          if (opened !== undefined) {
            await opened.db.close();
            opened.release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    server.close();
    server.closeAllConnections();
    admin?.close();
    authorizationServer?.close();
    if (opened !== undefined) {
      await opened.db.close();
      opened.release();
    }
    throw error;
  }
}

/**
 * The issuer when no FIELDBOOK_PUBLIC_URL is set: the listening address, with loopback in place of
 * "all interfaces" (0.0.0.0, ::), which no browser can be redirected to.
 */
function issuerFor(address: AddressInfo): string {
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const host = unspecified ? (address.family === 'IPv6' ? '[::1]' : '127.0.0.1') : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
