/** The app's QueryClient: a session that ends mid-use sends the user to login, whatever was loading. */
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { sessionExpired } from '../auth/auth-store.ts';
import { isOdooError } from '../odoo/errors.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(error) {
        if (isOdooError(error, 'session_expired')) sessionExpired();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        // Only what may pass by itself is retried: not a refused login, a bad domain or a 404.
        retry: (failures, error) => failures < 2 && isOdooError(error) && (error.code === 'network' || error.code === 'server'),
        refetchOnWindowFocus: false,
        // The first try always runs, even when the browser says it is offline: the service worker
        // or the device's mirror may answer (navigator.onLine is not what decides). Retries wait.
        networkMode: 'offlineFirst',
      },
    },
  });
}
