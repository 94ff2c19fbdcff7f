/** Error codes to the sentences people read. Nothing here looks inside a message. */
import { OdooError } from '../odoo/errors.ts';
import { StorageError } from '../storage/db.ts';

export function errorText(error: unknown): string {
  if (error instanceof StorageError) {
    return error.reason === 'quota'
      ? 'This device is out of storage space for Fieldbook. Free some space, then try again.'
      : 'This browser does not let Fieldbook store data. Turn off private browsing, or allow site data.';
  }
  if (!(error instanceof OdooError)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'access_denied':
      return error.reason === 'login_throttled'
        ? 'Too many failed sign-ins from this device. Wait a minute, then try again.'
        : 'Wrong login or password.';
    case 'access_error':
      return error.reason === 'database_not_found'
        ? 'There is no database with that name on this server.'
        : 'Your Odoo account does not have access to this. Ask your Odoo administrator.';
    case 'session_expired':
      return 'Your session has ended. Sign in again to continue.';
    case 'not_found':
      return error.reason === 'not_on_device'
        ? 'This contact is not on this device, and Odoo cannot be reached to look for it. Try again when online.'
        : 'This record does not exist any more.';
    case 'validation':
      return `Odoo refused the request: ${error.message}`;
    case 'network':
      return 'Odoo cannot be reached. Check your connection, then try again.';
    case 'protocol':
      return 'The server did not answer like Odoo. Check the address, or try again later.';
    case 'server':
      return 'Odoo had a problem answering. Try again in a moment.';
  }
}
