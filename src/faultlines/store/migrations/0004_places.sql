-- 0004_places: places and territorial control (docs/places.md). Places are gazetteer entries met in
-- the store's documents; mentions keep ambiguous names with their candidates; control claims are
-- never merged (conflicting sources stay side by side); zones and amounts keep the text's words.
CREATE TABLE places (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, country VARCHAR, parent VARCHAR,
    lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, source VARCHAR NOT NULL, notes VARCHAR);

CREATE TABLE place_mentions (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, place_id VARCHAR, method VARCHAR NOT NULL,
    candidates VARCHAR[], qualifier VARCHAR);

CREATE TABLE claim_places (
    claim_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, mention_id VARCHAR NOT NULL);

CREATE TABLE zones (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL, kind VARCHAR NOT NULL, reference VARCHAR, distance_km DOUBLE, direction VARCHAR);

CREATE TABLE control_claims (
    id VARCHAR PRIMARY KEY, actor_id VARCHAR NOT NULL, status VARCHAR NOT NULL, place_id VARCHAR, zone_id VARCHAR,
    occurred_at DATE NOT NULL, occurred_precision VARCHAR NOT NULL, modality VARCHAR NOT NULL, attributed_to VARCHAR,
    doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, place_start INTEGER NOT NULL,
    place_end INTEGER NOT NULL, qualifier VARCHAR, extractor VARCHAR NOT NULL, confidence DOUBLE NOT NULL);

CREATE TABLE amounts (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    kind VARCHAR NOT NULL, value DOUBLE NOT NULL, unit VARCHAR NOT NULL, text VARCHAR NOT NULL);

CREATE TABLE claim_amounts (claim_id VARCHAR NOT NULL, amount_id VARCHAR NOT NULL, PRIMARY KEY (claim_id, amount_id));

CREATE INDEX control_place ON control_claims (place_id, occurred_at);
