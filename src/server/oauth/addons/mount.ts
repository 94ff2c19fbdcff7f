/**
 * The seed add-ons' endpoints, as the authorization server mounts them (main.ts hands them in):
 * the RingCentral-style `/restapi/1.0/…` API and `/<api>/oauth2/…` client users, each answering
 * its errors in its own shape.
 */
import { registry } from '../../odoo/models.ts';
import type { Addons } from '../authorization-server.ts';
import { handleClientUsers } from './client-users.ts';
import { AddonError, sendAddonError } from './http.ts';
import { handleRestapi, RESTAPI_PREFIX } from './restapi.ts';
import { answerCodeAsJson, restapiAuthorize } from './restapi-authorize.ts';

export const seedAddons: Addons = {
  middleware: [answerCodeAsJson],
  mount(core) {
    const { provider, callback, authorizationPath, endpoints, db, issuer, apiPrefix, checkAccessToken } = core;
    const restapiDeps = { provider, endpoints, db, registry, issuer, checkAccessToken };
    const clientUserDeps = { provider, endpoints, db, issuer, apiPrefix };
    const clientUserBase = `/${apiPrefix}/oauth2/`;
    return {
      owns: (pathname) => pathname.startsWith(RESTAPI_PREFIX) || pathname.startsWith(clientUserBase),
      authenticatesClients: (pathname) =>
        pathname === '/restapi/1.0/common/oauth2/token' ||
        pathname === '/restapi/1.0/common/oauth2/access_token' ||
        (pathname.startsWith(clientUserBase) && !pathname.endsWith('/provider/link') && !pathname.endsWith('/provider/callback') && !pathname.endsWith('/provider/confirm')),
      async handle(req, res) {
        const url = new URL(req.url ?? '/', issuer);
        try {
          if (url.pathname === '/restapi/1.0/common/oauth2/authorize') {
            await restapiAuthorize({ provider, callback, authorizationPath }, req, res, url);
            return;
          }
          const handled = url.pathname.startsWith(RESTAPI_PREFIX) ? await handleRestapi(restapiDeps, req, res, url) : await handleClientUsers(clientUserDeps, req, res, url);
          if (!handled) throw new AddonError(404, 'not_found', `there is no ${url.pathname} endpoint`);
        } catch (error) {
          if (!(error instanceof AddonError)) throw error;
          await sendAddonError(req, res, error);
        }
      },
    };
  },
};
