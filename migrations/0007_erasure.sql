-- Erasure on request (DSGVO Art. 17): a role outlives the person erased from it ("[gelöschte
-- Person] — Quartiersmanagerin"), a content-free erasure log that a restore of an older backup
-- replays, and full-text indexes that overwrite what they delete.

-- case_contacts.contact_id becomes nullable. The table is rebuilt; legacy_alter_table keeps the
-- rename from re-parsing the view and the triggers that name case_contacts (they name it again
-- once the rename is done).
PRAGMA legacy_alter_table = ON;
CREATE TABLE case_contacts_new (
    id         INTEGER PRIMARY KEY NOT NULL,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE RESTRICT,
    role       TEXT NOT NULL CHECK (length(trim(role)) > 0),
    from_on    TEXT NOT NULL,
    until_on   TEXT CHECK (until_on IS NULL OR until_on >= from_on)
) STRICT;
INSERT INTO case_contacts_new (id, case_id, contact_id, role, from_on, until_on)
SELECT id, case_id, contact_id, role, from_on, until_on FROM case_contacts;
DROP TABLE case_contacts;
ALTER TABLE case_contacts_new RENAME TO case_contacts;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX case_contacts_case ON case_contacts (case_id);
CREATE INDEX case_contacts_contact ON case_contacts (contact_id);
CREATE TRIGGER case_search_participant_insert AFTER INSERT ON case_contacts
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = NEW.case_id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.case_id;
END;

-- What was erased (or which case retention anonymised), when: the kind of record and its id,
-- nothing else.
CREATE TABLE erasures (
    id        INTEGER PRIMARY KEY NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('contact', 'case', 'municipality', 'case_anonymised')),
    record_id INTEGER NOT NULL,
    erased_at TEXT NOT NULL
) STRICT;

-- FTS5 overwrites a deleted entry in its index instead of only marking it (SQLite 3.44+).
-- Not on contact_search: with its external content and prefix indexes, SQLite 3.45's
-- secure-delete leaves an index that fails FTS5's integrity check after the first deletion. That
-- index is small (one row per contact), so an erasure rebuilds it instead, which drops every old
-- segment (`store::erasure::rebuild_contact_search`).
INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1);
