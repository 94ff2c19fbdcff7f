/**
 * What the app asks: who the user is, and reading Odoo's data as them (`odoo.read`: the partner
 * reads and the sync). It changes nothing in Odoo, so it does not ask `odoo.write`. The demo server
 * issues a refresh token to this client with every code exchange (no offline_access needed).
 */
export const SCOPE = 'openid profile email odoo.read';
