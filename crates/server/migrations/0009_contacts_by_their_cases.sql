-- Contacts are personal data: an advisor sees a person only through the cases and bookings they
-- may see, or because they entered the person themselves. A lead sees everyone. A contact's
-- tombstone (an erasure) carries no content and reaches everyone, so that every copy drops it.
--
-- `contact_links` is derived by the server from the participant and booking records: which
-- contact each of them names, in which Kommune and case. When a record starts naming a contact,
-- the contact takes a new change number, so that it enters the feed of everyone who now sees it.
ALTER TABLE records ADD COLUMN made_by uuid REFERENCES accounts (id);
UPDATE records SET made_by = changed_by;

CREATE TABLE contact_links (
    via          uuid PRIMARY KEY REFERENCES records (id),
    contact      uuid NOT NULL,
    municipality uuid,
    case_id      uuid
);
CREATE INDEX contact_links_contact ON contact_links (contact);

INSERT INTO contact_links (via, contact, municipality, case_id)
SELECT id, (fields->>'contact_id')::uuid, municipality, case_id
  FROM records
 WHERE kind IN ('participant', 'booking')
   AND fields->>'contact_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

-- Whether the role `who` may see the contact `contact`.
CREATE FUNCTION contact_visible(who name, contact uuid, tombstone boolean, maker uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM accounts a
         WHERE a.db_role = who AND a.disabled_at IS NULL
           AND (a.role = 'lead' OR tombstone OR a.id = maker
                OR EXISTS (SELECT 1 FROM contact_links l
                            WHERE l.contact = contact_visible.contact
                              AND (EXISTS (SELECT 1 FROM account_municipalities s
                                            WHERE s.account_id = a.id AND s.municipality = l.municipality)
                                   OR EXISTS (SELECT 1 FROM case_accounts c
                                               WHERE c.account_id = a.id AND c.case_id = l.case_id)))))
$$;
REVOKE ALL ON FUNCTION contact_visible(name, uuid, boolean, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_visible(name, uuid, boolean, uuid) TO beratungsplaner_account;

-- Takes a participant's or booking's contact into `contact_links` after it was written; a contact
-- newly named takes a new change number.
CREATE FUNCTION link_contact(via uuid) RETURNS void
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
            UPDATE records SET seq = nextval('change_seq') WHERE id = named;
        END IF;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION link_contact(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION link_contact(uuid) TO beratungsplaner_account;

DROP POLICY records_in_scope ON records;
CREATE POLICY records_in_scope ON records
    USING (CASE WHEN kind = 'contact' THEN contact_visible(current_user, id, fields IS NULL, made_by)
                ELSE team_visible(current_user, municipality, case_id) END)
    WITH CHECK (CASE WHEN kind = 'contact' THEN contact_visible(current_user, id, fields IS NULL, made_by)
                     ELSE team_visible(current_user, municipality, case_id) END);

-- The links are read by the accounts' roles (the server's first fence names the scope in its
-- queries), each only within its scope; only `link_contact` writes them.
ALTER TABLE contact_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_links_in_scope ON contact_links FOR SELECT
    USING (team_visible(current_user, municipality, case_id));
GRANT SELECT ON contact_links TO beratungsplaner_account;

-- Who entered a record (the server's first fence for a contact no case names yet).
CREATE FUNCTION record_maker(record uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT made_by FROM records WHERE id = record
$$;
REVOKE ALL ON FUNCTION record_maker(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_maker(uuid) TO beratungsplaner_account;
