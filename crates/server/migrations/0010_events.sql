-- Events travel: the event itself, its programme, the Kommunen and cases it concerns, its
-- participants. A participant names a contact as a role on a case does, so it links the contact
-- (`link_contact`); the participant of an event of no Kommune and no case (the congress) is the
-- whole team's, and so is the person it names.
ALTER TABLE records DROP CONSTRAINT records_kind_check;
ALTER TABLE records ADD CONSTRAINT records_kind_check
    CHECK (kind IN ('municipality', 'neighbourhood', 'topic', 'contact', 'case', 'participant', 'journal_entry',
                    'task', 'series', 'series_exception', 'booking', 'appointment', 'setting', 'event',
                    'event_session', 'event_link', 'event_participant'));

CREATE OR REPLACE FUNCTION contact_visible(who name, contact uuid, tombstone boolean, maker uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM accounts a
         WHERE a.db_role = who AND a.disabled_at IS NULL
           AND (a.role = 'lead' OR tombstone OR a.id = maker
                OR EXISTS (SELECT 1 FROM contact_links l
                            WHERE l.contact = contact_visible.contact
                              AND ((l.municipality IS NULL AND l.case_id IS NULL)
                                   OR EXISTS (SELECT 1 FROM account_municipalities s
                                               WHERE s.account_id = a.id AND s.municipality = l.municipality)
                                   OR EXISTS (SELECT 1 FROM case_accounts c
                                               WHERE c.account_id = a.id AND c.case_id = l.case_id)))))
$$;
