-- The network: organisations with a type (now also research, `science`), people as members of
-- organisations with a role over a period, and topics of expertise on people and organisations.
--
-- The type's CHECK constraint only widens (every stored value stays valid), which SQLite allows by
-- rewriting the table's definition in place (sqlite.org/lang_altertable.html, "making other kinds
-- of table schema changes"); rebuilding `contacts` would mean dropping and recreating every table,
-- trigger and index that refers to it. It comes after the ALTER TABLE (which edits the definition
-- as parsed); `writable_schema = RESET` makes this connection read the new definition, and the
-- CREATE TABLE after it changes the schema cookie, so every other connection does too.

-- Topics of expertise: the names of topics (`topics.name`, unique) as a JSON array. It is a field
-- of the contact, so it travels with the contact to whoever may see it.
ALTER TABLE contacts ADD COLUMN expertise TEXT CHECK (expertise IS NULL OR json_valid(expertise));

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''housing_company'', ''other'')', '''housing_company'', ''science'', ''other'')')
 WHERE type = 'table' AND name = 'contacts';
PRAGMA writable_schema = RESET;

-- A person's membership of an organisation (both contacts): a role over a period, ended, not
-- deleted, as a role on a case is.
CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY NOT NULL,
    person_id       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    role            TEXT,
    from_on         TEXT,
    until_on        TEXT CHECK (until_on IS NULL OR from_on IS NULL OR until_on >= from_on),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (person_id <> organisation_id)
) STRICT;
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

-- The graph walks every role from its case: with the contact and the period in the index, the
-- role's row is not read.
CREATE INDEX case_contacts_by_case ON case_contacts (case_id, contact_id, from_on, until_on);
