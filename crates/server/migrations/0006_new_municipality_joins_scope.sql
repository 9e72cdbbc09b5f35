-- A Kommune an advisor creates joins their scope: they made it, so they advise there. SECURITY
-- DEFINER because the accounts' roles cannot write account_municipalities; only a Kommune that no
-- record holds yet can be claimed this way, so no advisor can widen their scope to an existing one.
CREATE FUNCTION claim_new_municipality(who name, new_municipality uuid) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    INSERT INTO account_municipalities (account_id, municipality)
    SELECT a.id, $2 FROM accounts a
     WHERE a.db_role = $1 AND a.disabled_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = $2)
    ON CONFLICT DO NOTHING
    RETURNING true
$$;
REVOKE ALL ON FUNCTION claim_new_municipality(name, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_new_municipality(name, uuid) TO beratungsplaner_account;
