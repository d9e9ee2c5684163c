-- 0002_quotes: quotations found in documents, with their speakers (text extraction).
CREATE TABLE quotes (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    speaker VARCHAR, speaker_start INTEGER, speaker_end INTEGER, kind VARCHAR NOT NULL);
