-- The case dossier: journal entries marked internal are left out of the dossier for the Kommune,
-- and each case remembers the profile it was last printed with.

ALTER TABLE journal_entries ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
ALTER TABLE cases ADD COLUMN print_profile TEXT CHECK (print_profile IN ('internal', 'municipality', 'anonymised'));
