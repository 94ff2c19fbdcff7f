/**
 * Starts the one-origin server: opens (and on first start seeds) the demo database, or sets up the
 * proxy to a real Odoo, and serves the built PWA beside it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.ts';
import { createApp, type RequestHandler } from './http/app.ts';
import { listenAdminSocket } from './oauth/addons/admin-socket.ts';
import { createAuthorizationServer, type AuthorizationServer } from './oauth/authorization-server.ts';
import { registry } from './odoo/models.ts';
import { LoginThrottle } from './odoo/login-throttle.ts';
import type { OdooBackend } from './odoo/routes.ts';
import { SessionStore } from './odoo/sessions.ts';
import { openDatabase, type Database } from './store/db.ts';
import { lockDataDir } from './store/lock.ts';
import { seedDatabase } from './store/seed.ts';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Present unless in proxy mode. */
  readonly backend: OdooBackend | undefined;
  close(): Promise<void>;
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
    const db = await openDatabase(dataDir);
    await seedDatabase(db, { partners: seedPartners });
    const sessions = new SessionStore(db);
    await sessions.purgeExpired();
    return { backend: { db, registry, sessions, throttle: new LoginThrottle() }, db, release };
  } catch (error) {
    release();
    throw error;
  }
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const opened = config.odooUrl === undefined ? await openBackend(config.dataDir, config.seedPartners) : undefined;
  const fallback = options.fallback;
  // The app needs the issuer, which needs the port: requests wait for it (milliseconds) instead of
  // the server listening late.
  let ready: (app: ReturnType<typeof createApp>) => void = () => undefined;
  const appReady = new Promise<ReturnType<typeof createApp>>((resolve) => (ready = resolve));
  const server = createServer((req, res) => {
    void appReady.then((app) => app(req, res, fallback ? () => fallback(req, res) : undefined));
  });
  // Slow clients cannot hold connections forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  let authorizationServer: AuthorizationServer | undefined;
  let admin: { close(): void } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
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
            internalUrl: issuerFor(address),
          });
    // `npm run apikey` reaches the running server here (the data directory is locked to it).
    admin = opened === undefined ? undefined : await listenAdminSocket(config.dataDir, opened.db);
    const backend = opened === undefined || authorizationServer === undefined ? undefined : { ...opened.backend, authenticateRequest: authorizationServer.authenticateRequest };
    const app = createApp({
      ...(backend === undefined ? {} : { backend }),
      ...(authorizationServer === undefined ? {} : { authorizationServer }),
      ...(config.odooUrl === undefined ? {} : { odooUrl: config.odooUrl, upstreamTimeoutMs: config.upstreamTimeoutMs }),
      ...(options.distDir === undefined ? {} : { distDir: options.distDir }),
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
