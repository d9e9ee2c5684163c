-- 0005_bulk_claims: claims, their evidence and raw codes lose their PRIMARY KEY and indexes.
-- DuckDB keeps each key in an in-memory ART index that is rebuilt on every append: on the bulk
-- path (a million dataset rows) it cost more than reading the file, and with ten million rows it
-- did not fit the memory cap. Uniqueness is now kept by the writers, which replace by key
-- (store.py, shards.py) or skip ids already stored (events.py); a test checks re-ingest.
-- Raw codes become a list of values; their names are stored once per layout (claim_code_names):
-- a MAP per row cost three times as much to write.
DROP INDEX claims_pair;
DROP INDEX claims_date;

CREATE TABLE claims_0005 (
    id VARCHAR NOT NULL, source_actor VARCHAR NOT NULL, target_actor VARCHAR NOT NULL,
    relation VARCHAR NOT NULL, polarity DOUBLE NOT NULL, intensity DOUBLE NOT NULL,
    occurred_at DATE NOT NULL, occurred_precision VARCHAR NOT NULL, modality VARCHAR NOT NULL,
    speaker VARCHAR, attributed_to VARCHAR, extractor VARCHAR NOT NULL, mapping VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL, reliability VARCHAR, notes VARCHAR);
INSERT INTO claims_0005 SELECT * FROM claims;
DROP TABLE claims;
ALTER TABLE claims_0005 RENAME TO claims;

CREATE TABLE claim_evidence_0005 (
    claim_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, kind VARCHAR NOT NULL,
    doc_id VARCHAR, start_char INTEGER, end_char INTEGER, dataset VARCHAR, row_id VARCHAR, line INTEGER);
INSERT INTO claim_evidence_0005 SELECT * FROM claim_evidence;
DROP TABLE claim_evidence;
ALTER TABLE claim_evidence_0005 RENAME TO claim_evidence;

CREATE TABLE claim_code_names (names_id VARCHAR PRIMARY KEY, names VARCHAR[] NOT NULL);
CREATE TABLE claim_codes_0005 (
    claim_id VARCHAR NOT NULL, dataset VARCHAR NOT NULL, names_id VARCHAR NOT NULL, codes VARCHAR[] NOT NULL);
INSERT INTO claim_code_names SELECT DISTINCT 'codes_' || left(sha256(array_to_string(map_keys(codes), chr(31))), 16),
    map_keys(codes) FROM claim_codes;
INSERT INTO claim_codes_0005 SELECT claim_id, dataset,
    'codes_' || left(sha256(array_to_string(map_keys(codes), chr(31))), 16), map_values(codes) FROM claim_codes;
DROP TABLE claim_codes;
ALTER TABLE claim_codes_0005 RENAME TO claim_codes;
