-- Pushed operations, remembered with their answer: the same operation pushed again (a client that
-- lost the answer, a replay) gets that answer and changes nothing.
CREATE TABLE applied_operations (
    id         uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    result     jsonb NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- The account whose role `who` is (the accounts' roles cannot read `accounts` themselves).
CREATE FUNCTION team_account(who name) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT id FROM accounts WHERE db_role = who AND disabled_at IS NULL
$$;
REVOKE ALL ON FUNCTION team_account(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_account(name) TO beratungsplaner_account;

ALTER TABLE applied_operations ENABLE ROW LEVEL SECURITY;
CREATE POLICY applied_operations_own ON applied_operations
    USING (account_id = team_account(current_user))
    WITH CHECK (account_id = team_account(current_user));
GRANT SELECT, INSERT ON applied_operations TO beratungsplaner_account;

-- Where a record belongs, whoever may see it: the server's own scope check (the first fence) asks
-- this before row-level security (the second) shows or hides the row itself.
CREATE FUNCTION record_scope(record uuid) RETURNS TABLE (kind text, municipality uuid, case_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT kind, municipality, case_id FROM records WHERE id = record
$$;
REVOKE ALL ON FUNCTION record_scope(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_scope(uuid) TO beratungsplaner_account;
