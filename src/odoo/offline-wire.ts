/**
 * What the page and the service worker say to each other on an Odoo request — two headers — and
 * which `call_kw` methods only read. Worker-safe (no DOM): src/sw imports it too.
 */

/** Sent by the page with every Odoo call: the account it believes is signed in (src/auth's key). */
export const ACCOUNT_HEADER = 'X-Fieldbook-Account';

/**
 * Set by the service worker on an answer it served from its store because the network failed or
 * was too slow: epoch milliseconds of when the server gave that answer.
 */
export const STORED_AT_HEADER = 'X-Fieldbook-Stored-At';

/**
 * Sent by the page on calls whose answers must neither be stored nor served from the store: the
 * sync engine's, which must see the server or fail (a replayed answer would pass for a fresh sync).
 */
export const NO_STORE_HEADER = 'X-Fieldbook-No-Store';

/** The model methods whose answers may be kept for offline use: they read, and change nothing. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['search_read', 'web_search_read', 'read', 'web_read', 'search_count', 'fields_get', 'name_search']);

export const CALL_KW_PATH = /^\/web\/dataset\/call_kw(\/|$)/;
