/**
 * Versioned schema migrations. Each runs once, in order, inside a transaction, and is recorded in
 * `fb_schema_migrations`. Never edit a migration that has shipped: add the next one.
 * Table and column names follow Odoo's (res_partner, res_partner_res_partner_category_rel, ...).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const audit = `
  create_uid integer,
  create_date timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  write_uid integer,
  write_date timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'odoo base models',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE res_country (
  id serial PRIMARY KEY,
  name text NOT NULL,
  code char(2) NOT NULL UNIQUE,
  phone_code integer,${audit}
);

CREATE TABLE res_country_state (
  id serial PRIMARY KEY,
  name text NOT NULL,
  code text NOT NULL,
  country_id integer NOT NULL REFERENCES res_country(id),${audit},
  UNIQUE (country_id, code)
);

CREATE TABLE res_partner_category (
  id serial PRIMARY KEY,
  name text NOT NULL,
  color integer NOT NULL DEFAULT 0,
  parent_id integer REFERENCES res_partner_category(id),
  active boolean NOT NULL DEFAULT true,${audit}
);

CREATE TABLE res_partner (
  id serial PRIMARY KEY,
  name text,
  complete_name text,
  is_company boolean NOT NULL DEFAULT false,
  parent_id integer REFERENCES res_partner(id) ON DELETE SET NULL,
  commercial_partner_id integer REFERENCES res_partner(id) ON DELETE SET NULL,
  company_name text,
  ref text,
  lang text DEFAULT 'en_US',
  tz text,
  user_id integer,
  vat text,
  company_registry text,
  website text,
  comment text,
  active boolean NOT NULL DEFAULT true,
  employee boolean NOT NULL DEFAULT false,
  function text,
  type text NOT NULL DEFAULT 'contact',
  street text,
  street2 text,
  zip text,
  city text,
  state_id integer REFERENCES res_country_state(id),
  country_id integer REFERENCES res_country(id),
  partner_latitude double precision,
  partner_longitude double precision,
  email text,
  phone text,
  mobile text,
  company_id integer,
  color integer NOT NULL DEFAULT 0,
  barcode text,
  image text,${audit}
);
CREATE INDEX res_partner_parent_id_idx ON res_partner (parent_id);
CREATE INDEX res_partner_commercial_partner_id_idx ON res_partner (commercial_partner_id);
CREATE INDEX res_partner_complete_name_idx ON res_partner (complete_name, id);
CREATE INDEX res_partner_write_date_idx ON res_partner (write_date, id);
CREATE INDEX res_partner_country_id_idx ON res_partner (country_id);
CREATE INDEX res_partner_name_trgm_idx ON res_partner USING gin (complete_name gin_trgm_ops);
CREATE INDEX res_partner_email_trgm_idx ON res_partner USING gin (email gin_trgm_ops);

CREATE TABLE res_partner_res_partner_category_rel (
  partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
  category_id integer NOT NULL REFERENCES res_partner_category(id) ON DELETE CASCADE,
  PRIMARY KEY (partner_id, category_id)
);
CREATE INDEX res_partner_category_rel_category_idx ON res_partner_res_partner_category_rel (category_id, partner_id);

CREATE TABLE res_company (
  id serial PRIMARY KEY,
  name text NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner(id),
  sequence integer NOT NULL DEFAULT 10,${audit}
);

CREATE TABLE res_users (
  id serial PRIMARY KEY,
  login text NOT NULL UNIQUE,
  -- scrypt, as "scrypt$N$r$p$salt$hash" (base64url); never readable through call_kw
  password_hash text NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner(id),
  company_id integer REFERENCES res_company(id),
  active boolean NOT NULL DEFAULT true,
  groups text[] NOT NULL DEFAULT '{}',
  tz text DEFAULT 'Europe/Brussels',
  lang text DEFAULT 'en_US',${audit}
);

CREATE TABLE ir_config_parameter (
  id serial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  value text NOT NULL,${audit}
);

-- Server-side sessions, like Odoo's filestore sessions: only a hash of the cookie value is kept.
CREATE TABLE fb_session (
  sid_hash text PRIMARY KEY,
  uid integer REFERENCES res_users(id) ON DELETE CASCADE,
  db text NOT NULL,
  login text,
  context jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX fb_session_expires_idx ON fb_session (expires_at);
`,
  },
  {
    version: 2,
    name: 'authorization server storage',
    sql: `
-- oidc-provider's models (sessions, interactions, grants, codes, tokens, replay detection), one row
-- each, keyed by model name and id (src/server/oauth/store.ts). Expired rows are ignored and purged.
CREATE TABLE oidc_model (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_model_grant_id_idx ON oidc_model (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_model_uid_idx ON oidc_model (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_model_user_code_idx ON oidc_model (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_model_expires_idx ON oidc_model (expires_at) WHERE expires_at IS NOT NULL;

-- Secrets generated once and reused at every start: signing keys (JWKS), cookie keys, CSRF key.
CREATE TABLE oidc_secret (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 3,
    name: 'odoo rest add-on adapters',
    sql: `
-- Per-user API keys (npm run apikey): only a SHA-256 of the key is kept, as Odoo keeps a hash of
-- its res.users.apikeys. A revoked key is deleted, so it stops working at the next request.
CREATE TABLE fb_api_key (
  id serial PRIMARY KEY,
  uid integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fb_api_key_uid_idx ON fb_api_key (uid);

-- "API OAuth2 Authentication" style (src/server/oauth/addons/client-users.ts): the token set the
-- server keeps for one (client, client_user_identity), and the pending authorization before it.
CREATE TABLE fb_oauth_client_user (
  client_id text NOT NULL,
  identity text NOT NULL,
  state_hash text UNIQUE,
  code_verifier text,
  uid integer REFERENCES res_users(id) ON DELETE CASCADE,
  tokens jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, identity)
);
`,
  },
  {
    version: 4,
    name: 'account linking bound to a browser and confirmed',
    sql: `
-- client-users.ts: the browser that opened the link (a hash of its cookie), and the token set
-- waiting for the user's explicit confirmation (never shown to the browser), with its form token.
ALTER TABLE fb_oauth_client_user ADD COLUMN browser_hash text;
ALTER TABLE fb_oauth_client_user ADD COLUMN pending jsonb;
ALTER TABLE fb_oauth_client_user ADD COLUMN confirm_hash text UNIQUE;
`,
  },
  {
    version: 5,
    name: 'auth_oauth: users linked to OAuth providers',
    sql: `
-- Odoo's auth_oauth fields on res.users (src/server/odoo/auth-oauth.ts): which provider and which
-- subject there a user signs in as, and the last access token it was validated with.
ALTER TABLE res_users ADD COLUMN oauth_provider_id integer;
ALTER TABLE res_users ADD COLUMN oauth_uid text;
ALTER TABLE res_users ADD COLUMN oauth_access_token text;
ALTER TABLE res_users ADD CONSTRAINT uniq_users_oauth_provider_oauth_uid UNIQUE (oauth_provider_id, oauth_uid);
-- The demo's admin and demo are linked to the demo provider (id 1), their subject there being their user id.
UPDATE res_users SET oauth_provider_id = 1, oauth_uid = id::text WHERE login IN ('admin', 'demo');
INSERT INTO ir_config_parameter (id, key, value) SELECT (SELECT coalesce(max(id), 0) + 1 FROM ir_config_parameter), 'auth_oauth.authorization_header', 'True'
  WHERE EXISTS (SELECT 1 FROM res_users) AND NOT EXISTS (SELECT 1 FROM ir_config_parameter WHERE key = 'auth_oauth.authorization_header');
`,
  },
];
