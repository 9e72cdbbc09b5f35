-- Retention (DSGVO Art. 5(1)(e)): a closed case's personal data is anonymised a set number of
-- years after it was closed (setting `retention_years`, off unless set). The case itself stays
-- with its Kommune, topics, dates and counts for the statistics; this day marks it done, so a
-- later run passes it by.
ALTER TABLE cases ADD COLUMN anonymised_on TEXT;
