/** Error codes to the sentences people read, in their language. Nothing here looks inside a message. */
import { t } from '../i18n/i18n.ts';
import { OdooError } from '../odoo/errors.ts';
import type { SyncError } from '../offline/status.ts';
import { StorageError } from '../storage/db.ts';

export function errorText(error: unknown): string {
  if (error instanceof StorageError) {
    return error.reason === 'quota'
      ? t('This device is out of storage space for Fieldbook. Free some space, then try again.')
      : t('This browser does not let Fieldbook store data. Turn off private browsing, or allow site data.');
  }
  if (!(error instanceof OdooError)) return t('Something went wrong. Try again.');
  return odooErrorText(error.code, error.reason, error.message);
}

function odooErrorText(code: string, reason: string | undefined, message: string): string {
  switch (code) {
    case 'access_denied':
      return reason === 'login_throttled' ? t('Too many failed sign-ins from this device. Wait a minute, then try again.') : t('Wrong login or password.');
    case 'access_error':
      return reason === 'database_not_found' ? t('There is no database with that name on this server.') : t('Your Odoo account does not have access to this. Ask your Odoo administrator.');
    case 'session_expired':
      return t('Your session has ended. Sign in again to continue.');
    case 'not_found':
      return reason === 'not_on_device'
        ? t('This contact is not on this device, and Odoo cannot be reached to look for it. Try again when online.')
        : t('This record does not exist any more.');
    case 'validation':
      return t('Odoo refused the request: {message}', { message });
    case 'network':
      return t('Odoo cannot be reached. Check your connection, then try again.');
    case 'protocol':
      return t('The server did not answer like Odoo. Check the address, or try again later.');
    default:
      return t('Odoo had a problem answering. Try again in a moment.');
  }
}

/** What the status line says of a failed sync (its network and session failures have words of their own). */
export function syncErrorText(error: SyncError): string {
  if (error.kind === 'quota') return t('The device is out of storage space: the contacts already on it stay available, but the rest could not be saved. Free some space, then sync again.');
  if (error.kind === 'storage') return t("The device's storage failed. Close Fieldbook's other tabs, or restart the browser, then sync again.");
  return odooErrorText(error.code ?? 'server', undefined, error.message);
}
