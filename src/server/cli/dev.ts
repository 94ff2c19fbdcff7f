/** `npm run dev`: the Vite dev server (hot reload) with the demo backend on the same origin. */
import { createServer as createViteServer } from 'vite';
import { ConfigError, parseConfig } from '../config.ts';
import { ListenError, startServer } from '../main.ts';
import { DataDirLockedError } from '../store/lock.ts';

try {
  const config = parseConfig({ PORT: '5173', ...process.env });
  const vite = await createViteServer({ server: { middlewareMode: true }, appType: 'spa' });
  const running = await startServer({ config, fallback: (req, res) => vite.middlewares(req, res) });
  console.log(`Fieldbook (dev, hot reload) at ${running.url}`);
  console.log('Demo logins: admin / admin · demo / demo · portal / portal');
  const stop = () => {
    void Promise.all([running.close(), vite.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof ListenError || error instanceof DataDirLockedError) {
    console.error(`Fieldbook cannot start: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
