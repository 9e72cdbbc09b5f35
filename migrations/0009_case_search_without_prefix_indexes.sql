-- The case search without prefix indexes. FTS5's secure-delete (migration 0007) removes every
-- token of a rewritten case document from each index, and the prefix indexes '2 3 4' made that
-- four indexes: an erasure that touches 200 cases spent a second on it. A query's `"word"*`
-- is answered from the main index by scanning the terms that begin with the word; for the words
-- advisors type that costs nothing measurable (`benches/search.rs`), and the index is a third of
-- its former size.
DROP TABLE case_search;
CREATE VIRTUAL TABLE case_search USING fts5 (
    title, summary, next_step, journal, people, place,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO case_search (case_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 3.0, 5.0)');
INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1);
INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents;
