-- The team's accounts, their device tokens and their scopes.
--
-- Every account gets a PostgreSQL role of its own (`db_role`, NOLOGIN, a member of
-- `beratungsplaner_account`); each request's transaction runs as it, so the row-level security of
-- the team's tables (0002) applies to it as a second fence behind the server's own checks. Roles
-- belong to the whole cluster, hence the random part in their names. Migrating and `user add`
-- need a database user with CREATEROLE (or a superuser).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'beratungsplaner_account') THEN
        CREATE ROLE beratungsplaner_account NOLOGIN;
    END IF;
END
$$;

CREATE TABLE accounts (
    id               uuid PRIMARY KEY,
    name             text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    role             text NOT NULL CHECK (role IN ('advisor', 'lead')),
    -- The advisor's part of every case reference they make (BF-2026-MA-0042).
    reference_prefix text NOT NULL UNIQUE CHECK (reference_prefix ~ '^[A-Z]{2,4}$'),
    -- Argon2id, as a PHC string (algorithm, parameters and salt inside).
    password_hash    text NOT NULL,
    db_role          name NOT NULL UNIQUE,
    disabled_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- A device token is stored only as its SHA-256: a copy of this table opens no account.
CREATE TABLE device_tokens (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_tokens_account ON device_tokens (account_id);

-- The Kommunen an advisor sees (a lead sees all): the global ids of the municipality records.
CREATE TABLE account_municipalities (
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    municipality uuid NOT NULL,
    PRIMARY KEY (account_id, municipality)
);
