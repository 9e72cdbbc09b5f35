-- Foundation schema: municipalities, neighbourhoods, contacts, cases and what hangs off a case,
-- plus one full-text document per case kept current by triggers.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE municipalities (
    id         INTEGER PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    state      TEXT NOT NULL CHECK (state IN ('SH','HH','NI','HB','NW','HE','RP','BW','BY','SL','BE','BB','MV','SN','ST','TH')),
    ags        TEXT CHECK (ags IS NULL OR (length(ags) = 8 AND ags NOT GLOB '*[^0-9]*')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX municipalities_ags ON municipalities (ags) WHERE ags IS NOT NULL;
CREATE UNIQUE INDEX municipalities_name_state ON municipalities (name, state);

CREATE TABLE neighbourhoods (
    id              INTEGER PRIMARY KEY NOT NULL,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    programme       TEXT,
    description     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (municipality_id, name)
) STRICT;

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation      TEXT,
    organisation_type TEXT CHECK (organisation_type IS NULL OR organisation_type IN
                          ('municipal_office', 'social_agency', 'association', 'expert_institution', 'housing_company', 'other')),
    email             TEXT,
    phone             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE);

CREATE TABLE topics (
    id   INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY NOT NULL,
    reference        TEXT NOT NULL UNIQUE,
    reference_year   INTEGER NOT NULL,
    reference_number INTEGER NOT NULL,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    summary          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('new', 'active', 'on_hold', 'closed')),
    priority         TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
    neighbourhood_id INTEGER REFERENCES neighbourhoods (id) ON DELETE RESTRICT,
    advisor          TEXT NOT NULL,
    opened_on        TEXT NOT NULL,
    closed_on        TEXT CHECK (closed_on IS NULL OR closed_on >= opened_on),
    next_step        TEXT,
    next_step_due    TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (reference_year, reference_number)
) STRICT;
CREATE INDEX cases_municipality ON cases (municipality_id, status);
CREATE INDEX cases_neighbourhood ON cases (neighbourhood_id);
CREATE INDEX cases_updated ON cases (updated_at DESC);
CREATE INDEX cases_next_step_due ON cases (next_step_due) WHERE next_step_due IS NOT NULL;

-- A neighbourhood on a case must lie in the case's municipality.
CREATE TRIGGER cases_neighbourhood_matches_insert BEFORE INSERT ON cases
WHEN NEW.neighbourhood_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM neighbourhoods n WHERE n.id = NEW.neighbourhood_id AND n.municipality_id = NEW.municipality_id)
BEGIN
    SELECT RAISE(ABORT, 'neighbourhood does not belong to municipality');
END;
CREATE TRIGGER cases_neighbourhood_matches_update BEFORE UPDATE OF neighbourhood_id, municipality_id ON cases
WHEN NEW.neighbourhood_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM neighbourhoods n WHERE n.id = NEW.neighbourhood_id AND n.municipality_id = NEW.municipality_id)
BEGIN
    SELECT RAISE(ABORT, 'neighbourhood does not belong to municipality');
END;

CREATE TABLE case_topics (
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE RESTRICT,
    PRIMARY KEY (case_id, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_topics_topic ON case_topics (topic_id);

-- A role is ended (until_on), never deleted, so a closed case still shows who was involved.
CREATE TABLE case_contacts (
    id         INTEGER PRIMARY KEY NOT NULL,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    role       TEXT NOT NULL CHECK (length(trim(role)) > 0),
    from_on    TEXT NOT NULL,
    until_on   TEXT CHECK (until_on IS NULL OR until_on >= from_on)
) STRICT;
CREATE INDEX case_contacts_case ON case_contacts (case_id);
CREATE INDEX case_contacts_contact ON case_contacts (contact_id);

CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY NOT NULL,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    occurred_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'consultation', 'site_visit', 'workshop', 'meeting', 'note', 'status_change')),
    author      TEXT NOT NULL,
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX journal_entries_case ON journal_entries (case_id, occurred_on);

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY NOT NULL,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due_on     TEXT,
    assignee   TEXT NOT NULL,
    done_on    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_case ON tasks (case_id);
CREATE INDEX tasks_open_due ON tasks (due_on) WHERE done_on IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Full-text search: one document per case (ranking 10,000 case documents is far cheaper than
-- ranking 110,000 journal rows), columns weighted at query time.
CREATE VIEW case_search_documents (case_id, title, summary, next_step, journal, people, place) AS
SELECT c.id,
       c.title,
       c.summary,
       coalesce(c.next_step, ''),
       coalesce((SELECT group_concat(j.text, ' ') FROM journal_entries j WHERE j.case_id = c.id), ''),
       coalesce((SELECT group_concat(k.name || ' ' || coalesce(k.organisation, ''), ' ')
                   FROM case_contacts cc JOIN contacts k ON k.id = cc.contact_id
                  WHERE cc.case_id = c.id), ''),
       m.name || ' ' || coalesce(n.name, '')
  FROM cases c
  JOIN municipalities m ON m.id = c.municipality_id
  LEFT JOIN neighbourhoods n ON n.id = c.neighbourhood_id;

CREATE VIRTUAL TABLE case_search USING fts5 (
    title, summary, next_step, journal, people, place,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

-- While a row is in this table (only inside a bulk-load transaction) the triggers skip their work
-- and the loader rebuilds every document once at the end.
CREATE TABLE search_index_paused (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1)
) STRICT;

CREATE TRIGGER case_search_case_insert AFTER INSERT ON cases
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.id;
END;
CREATE TRIGGER case_search_case_update AFTER UPDATE OF title, summary, next_step, municipality_id, neighbourhood_id ON cases
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = NEW.id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.id;
END;
CREATE TRIGGER case_search_case_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_search WHERE rowid = OLD.id;
END;

CREATE TRIGGER case_search_journal_insert AFTER INSERT ON journal_entries
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = NEW.case_id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_search_journal_update AFTER UPDATE OF text ON journal_entries
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = NEW.case_id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER case_search_journal_delete AFTER DELETE ON journal_entries
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = OLD.case_id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = OLD.case_id;
END;

CREATE TRIGGER case_search_participant_insert AFTER INSERT ON case_contacts
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid = NEW.case_id;
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = NEW.case_id;
END;

CREATE TRIGGER case_search_contact_update AFTER UPDATE OF name, organisation ON contacts
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid IN (SELECT case_id FROM case_contacts WHERE contact_id = NEW.id);
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents
     WHERE case_id IN (SELECT case_id FROM case_contacts WHERE contact_id = NEW.id);
END;

CREATE TRIGGER case_search_municipality_update AFTER UPDATE OF name ON municipalities
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid IN (SELECT id FROM cases WHERE municipality_id = NEW.id);
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents
     WHERE case_id IN (SELECT id FROM cases WHERE municipality_id = NEW.id);
END;

CREATE TRIGGER case_search_neighbourhood_update AFTER UPDATE OF name ON neighbourhoods
WHEN NOT EXISTS (SELECT 1 FROM search_index_paused)
BEGIN
    DELETE FROM case_search WHERE rowid IN (SELECT id FROM cases WHERE neighbourhood_id = NEW.id);
    INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
    SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents
     WHERE case_id IN (SELECT id FROM cases WHERE neighbourhood_id = NEW.id);
END;

-- Ranking: a hit in the title counts most, then the place, summary and next step, then the
-- people and the journal. Stored in the index so that `ORDER BY rank` stays FTS5's own fast sort.
INSERT INTO case_search (case_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 3.0, 5.0)');

-- One row of the case list. `overdue`: an open case whose next step or an open task is past due.
CREATE VIEW case_summaries (id, reference, title, status, priority, municipality_id, municipality,
                            neighbourhood_id, neighbourhood, topics_json, advisor, opened_on, closed_on,
                            next_step, next_step_due, updated_at, overdue) AS
SELECT c.id, c.reference, c.title, c.status, c.priority, c.municipality_id, m.name,
       c.neighbourhood_id, n.name,
       (SELECT json_group_array(name) FROM (SELECT t.name FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                             WHERE ct.case_id = c.id ORDER BY t.name)),
       c.advisor, c.opened_on, c.closed_on, c.next_step, c.next_step_due, c.updated_at,
       c.status <> 'closed' AND (c.next_step_due < date('now', 'localtime')
            OR EXISTS (SELECT 1 FROM tasks k WHERE k.case_id = c.id AND k.done_on IS NULL AND k.due_on < date('now', 'localtime')))
  FROM cases c
  JOIN municipalities m ON m.id = c.municipality_id
  LEFT JOIN neighbourhoods n ON n.id = c.neighbourhood_id;

-- Contact lookup by name or organisation, case- and diacritics-insensitive (LIKE folds ASCII only).
CREATE VIRTUAL TABLE contact_search USING fts5 (
    name, organisation,
    content = 'contacts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search (rowid, name, organisation) VALUES (NEW.id, NEW.name, coalesce(NEW.organisation, ''));
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, organisation ON contacts BEGIN
    INSERT INTO contact_search (contact_search, rowid, name, organisation) VALUES ('delete', OLD.id, OLD.name, coalesce(OLD.organisation, ''));
    INSERT INTO contact_search (rowid, name, organisation) VALUES (NEW.id, NEW.name, coalesce(NEW.organisation, ''));
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contact_search (contact_search, rowid, name, organisation) VALUES ('delete', OLD.id, OLD.name, coalesce(OLD.organisation, ''));
END;
