-- The team's settings (kind 'setting', the retention period) are written by leads only. The
-- server refuses an advisor's change before it gets here; this restrictive policy refuses it
-- again in PostgreSQL, whatever the server's code does.
CREATE FUNCTION team_lead(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM accounts a WHERE a.db_role = who AND a.role = 'lead' AND a.disabled_at IS NULL)
$$;
REVOKE ALL ON FUNCTION team_lead(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team_lead(name) TO beratungsplaner_account;

CREATE POLICY settings_by_leads_insert ON records AS RESTRICTIVE FOR INSERT
    WITH CHECK (kind <> 'setting' OR team_lead(current_user));
CREATE POLICY settings_by_leads_update ON records AS RESTRICTIVE FOR UPDATE
    USING (true)
    WITH CHECK (kind <> 'setting' OR team_lead(current_user));
