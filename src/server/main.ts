/**
 * Starts the one-origin server: opens (and on first start seeds) the demo database, or sets up the
 * proxy to a real Odoo, and serves the built PWA beside it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.ts';
import { createApp, type RequestHandler } from './http/app.ts';
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
  const app = createApp({
    ...(opened === undefined ? {} : { backend: opened.backend }),
    ...(config.odooUrl === undefined ? {} : { odooUrl: config.odooUrl, upstreamTimeoutMs: config.upstreamTimeoutMs }),
    ...(options.distDir === undefined ? {} : { distDir: options.distDir }),
  });
  const fallback = options.fallback;
  const server = createServer((req, res) => app(req, res, fallback ? () => fallback(req, res) : undefined));
  // Slow clients cannot hold connections forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    backend: opened?.backend,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        app.close();
        if (opened !== undefined) {
          await opened.db.close();
          opened.release();
        }
      })();
      return closing;
    },
  };
}
