-- Case references are unique across the team (each advisor makes them with their own prefix,
-- BF-2026-MA-0042, so two advisors offline never make the same one; this index is the guarantee).
CREATE UNIQUE INDEX one_case_per_reference
    ON records ((fields->>'reference'))
    WHERE kind = 'case' AND fields IS NOT NULL;

-- Whether another case has the reference, wherever it is.
CREATE FUNCTION reference_taken(wanted text, this_case uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM records
                    WHERE kind = 'case' AND id <> this_case AND fields IS NOT NULL
                      AND fields->>'reference' = wanted)
$$;
REVOKE ALL ON FUNCTION reference_taken(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reference_taken(text, uuid) TO beratungsplaner_account;
