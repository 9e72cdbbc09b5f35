-- The network travels: a person's membership of an organisation (kind 'membership') and topics of
-- expertise (a field of the contact).
--
-- An organisation is no natural person: it is the whole team's shared knowledge of the network,
-- seen by everyone (the DSGVO's protection of contacts is for people). A membership says something
-- about its person, so it is seen by whoever sees the person; when a person comes into someone's
-- view (`link_contact`), their memberships take a new change number with them.
ALTER TABLE records DROP CONSTRAINT records_kind_check;
ALTER TABLE records ADD CONSTRAINT records_kind_check
    CHECK (kind IN ('municipality', 'neighbourhood', 'topic', 'contact', 'case', 'participant', 'journal_entry',
                    'task', 'series', 'series_exception', 'booking', 'appointment', 'setting', 'event',
                    'event_session', 'event_link', 'event_participant', 'membership'));

-- The person a membership names (NULL for a tombstone or a malformed field).
CREATE FUNCTION membership_person(fields jsonb) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fields->>'person_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN (fields->>'person_id')::uuid END
$$;
CREATE INDEX records_membership_person ON records (membership_person(fields)) WHERE kind = 'membership';

DROP POLICY records_in_scope ON records;
CREATE POLICY records_in_scope ON records
    USING (CASE WHEN kind = 'contact'
                THEN fields->>'kind' = 'organisation' OR contact_visible(current_user, id, fields IS NULL, made_by)
                WHEN kind = 'membership'
                THEN fields IS NULL OR contact_visible(current_user, membership_person(fields), false, made_by)
                ELSE team_visible(current_user, municipality, case_id) END)
    WITH CHECK (CASE WHEN kind = 'contact'
                     THEN fields->>'kind' = 'organisation' OR contact_visible(current_user, id, fields IS NULL, made_by)
                     WHEN kind = 'membership'
                     THEN fields IS NULL OR contact_visible(current_user, membership_person(fields), false, made_by)
                     ELSE team_visible(current_user, municipality, case_id) END);

CREATE OR REPLACE FUNCTION link_contact(via uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    named uuid;
    before uuid;
    record_municipality uuid;
    record_case uuid;
BEGIN
    SELECT CASE WHEN r.fields->>'contact_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN (r.fields->>'contact_id')::uuid END,
           r.municipality, r.case_id
      INTO named, record_municipality, record_case
      FROM records r WHERE r.id = link_contact.via;
    SELECT l.contact INTO before FROM contact_links l WHERE l.via = link_contact.via;
    DELETE FROM contact_links l WHERE l.via = link_contact.via;
    IF named IS NOT NULL THEN
        INSERT INTO contact_links (via, contact, municipality, case_id)
        VALUES (link_contact.via, named, record_municipality, record_case);
        IF before IS DISTINCT FROM named THEN
            UPDATE records SET seq = nextval('change_seq')
             WHERE id = named OR (kind = 'membership' AND membership_person(fields) = named);
        END IF;
    END IF;
END
$$;
