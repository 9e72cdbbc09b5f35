-- The team's rows, one record per synced row of any kind, and the change feed over them.
--
-- `seq` comes from one sequence that every change takes, so "what changed after my cursor" is an
-- index range. A record's Kommune and case decide who may see it; `fields` is NULL for a
-- tombstone (a deleted or erased record keeps its id and kind only).
CREATE SEQUENCE change_seq;

CREATE TABLE records (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('municipality', 'neighbourhood', 'topic', 'contact', 'case',
                                               'participant', 'journal_entry', 'task', 'series', 'booking',
                                               'appointment', 'setting')),
    municipality uuid,
    case_id      uuid,
    fields       jsonb CHECK (fields IS NULL OR jsonb_typeof(fields) = 'object'),
    -- The version of each field ({"summary": 3}), the base a client's change names.
    versions     jsonb NOT NULL DEFAULT '{}'::jsonb,
    seq          bigint NOT NULL UNIQUE DEFAULT nextval('change_seq'),
    changed_by   uuid REFERENCES accounts (id),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_municipality ON records (municipality);
CREATE INDEX records_case ON records (case_id);

-- The cases an advisor advises, visible to them wherever the case's Kommune is.
CREATE TABLE case_accounts (
    case_id    uuid NOT NULL,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, account_id)
);

-- Whether the role `who` may see a record of this Kommune and case. SECURITY DEFINER: the
-- accounts' roles cannot read the accounts table (it holds the password hashes) themselves.
CREATE FUNCTION team_visible(who name, record_municipality uuid, record_case uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM accounts a
         WHERE a.db_role = who AND a.disabled_at IS NULL
           AND (a.role = 'lead'
                OR record_municipality IS NULL
                OR EXISTS (SELECT 1 FROM account_municipalities s
                            WHERE s.account_id = a.id AND s.municipality = record_municipality)
                OR EXISTS (SELECT 1 FROM case_accounts c
                            WHERE c.account_id = a.id AND c.case_id = record_case)))
$$;
REVOKE ALL ON FUNCTION team_visible(name, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_visible(name, uuid, uuid) TO beratungsplaner_account;

ALTER TABLE records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_in_scope ON records
    USING (team_visible(current_user, municipality, case_id))
    WITH CHECK (team_visible(current_user, municipality, case_id));
GRANT SELECT, INSERT, UPDATE ON records TO beratungsplaner_account;
GRANT USAGE ON SEQUENCE change_seq TO beratungsplaner_account;
