-- 0001_initial: sources, documents, actors, affiliations, coalitions, claims and their evidence,
-- mentions, and the log of ingests with the problems they met. Ids are content hashes or slugs.
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE sources (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, country VARCHAR,
    language VARCHAR, actor_id VARCHAR, reliability VARCHAR, credibility INTEGER);

CREATE TABLE documents (
    id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, published_at DATE, source_id VARCHAR,
    language VARCHAR, text VARCHAR NOT NULL);

CREATE TABLE actors (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, country VARCHAR,
    aliases VARCHAR[], acronyms VARCHAR[], demonyms VARCHAR[], capitals VARCHAR[], codes VARCHAR,
    valid_from DATE, valid_to DATE, reliability VARCHAR, language VARCHAR,
    collective_offices VARCHAR[], notes VARCHAR, provisional BOOLEAN NOT NULL, catalogue VARCHAR);

CREATE TABLE affiliations (
    id VARCHAR PRIMARY KEY, child VARCHAR NOT NULL, relation VARCHAR NOT NULL, parent VARCHAR NOT NULL,
    valid_from DATE, valid_to DATE, role VARCHAR, acting BOOLEAN NOT NULL, evidence VARCHAR, notes VARCHAR);

CREATE TABLE coalitions (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, leader VARCHAR,
    against VARCHAR[], aliases VARCHAR[], valid_from DATE, valid_to DATE, notes VARCHAR);

CREATE TABLE coalition_members (
    coalition_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, actor_id VARCHAR NOT NULL,
    valid_from DATE, valid_to DATE, role VARCHAR NOT NULL, PRIMARY KEY (coalition_id, ordinal));

CREATE TABLE claims (
    id VARCHAR PRIMARY KEY, source_actor VARCHAR NOT NULL, target_actor VARCHAR NOT NULL,
    relation VARCHAR NOT NULL, polarity DOUBLE NOT NULL, intensity DOUBLE NOT NULL,
    occurred_at DATE NOT NULL, occurred_precision VARCHAR NOT NULL, modality VARCHAR NOT NULL,
    speaker VARCHAR, attributed_to VARCHAR, extractor VARCHAR NOT NULL, mapping VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL, reliability VARCHAR, notes VARCHAR);

CREATE TABLE claim_evidence (
    claim_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, kind VARCHAR NOT NULL,
    doc_id VARCHAR, start_char INTEGER, end_char INTEGER, dataset VARCHAR, row_id VARCHAR, line INTEGER,
    PRIMARY KEY (claim_id, ordinal));

CREATE TABLE mentions (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    actor_id VARCHAR NOT NULL, method VARCHAR NOT NULL, confidence DOUBLE NOT NULL);

CREATE TABLE ingests (
    id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, reader VARCHAR NOT NULL,
    n_rows INTEGER NOT NULL, n_claims INTEGER NOT NULL, n_rejected INTEGER NOT NULL, finished_at TIMESTAMP);

CREATE TABLE ingest_problems (
    ingest_id VARCHAR NOT NULL, line INTEGER NOT NULL, code VARCHAR NOT NULL, text VARCHAR NOT NULL,
    PRIMARY KEY (ingest_id, line, code));

CREATE INDEX claims_pair ON claims (source_actor, target_actor);
CREATE INDEX claims_date ON claims (occurred_at);
