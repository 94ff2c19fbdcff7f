/**
 * `npm start`: builds the PWA if needed, then runs the one-origin server on the embedded demo
 * backend (or, with ODOO_URL, as a proxy to a real Odoo). `--no-build` skips the build step.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded } from '../build.ts';
import { ConfigError, parseConfig } from '../config.ts';
import { ListenError, startServer } from '../main.ts';
import { DataDirLockedError } from '../store/lock.ts';

const root = process.cwd();
const distDir = join(root, 'dist');

try {
  const config = parseConfig(process.env);
  if (!process.argv.includes('--no-build')) buildIfNeeded(root, distDir);
  const built = existsSync(join(distDir, 'index.html'));
  if (!built) console.warn('No PWA build in dist/: serving the Odoo routes only.');
  const running = await startServer({ config, ...(built ? { distDir } : {}) });
  console.log(`Fieldbook is running at ${running.url}`);
  if (config.odooUrl === undefined) {
    console.log(`Demo Odoo backend: database "fieldbook", data in ${config.dataDir}`);
    console.log('Demo logins: admin / admin (administrator) · demo / demo (internal user) · portal / portal (portal user)');
  } else {
    console.log(`Proxying Odoo routes (/web/…) to ${config.odooUrl.origin}`);
  }
  const stop = (signal: string) => {
    console.log(`${signal}: stopping…`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof ListenError || error instanceof DataDirLockedError) {
    console.error(`Fieldbook cannot start: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
