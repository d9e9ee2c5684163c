-- 0003_event_codes: the raw codes of every claim read from an event dataset (CAMEO event and actor
-- codes, ACLED event types and interaction codes, UCDP ids ...) kept beside the derived scores, and
-- the articles that GDELT 2.0 Mentions tie to a dataset event (its source URLs).
CREATE TABLE claim_codes (
    claim_id VARCHAR PRIMARY KEY, dataset VARCHAR NOT NULL, codes MAP(VARCHAR, VARCHAR) NOT NULL);

CREATE TABLE event_mentions (
    dataset VARCHAR NOT NULL, event_id VARCHAR NOT NULL, url VARCHAR NOT NULL, source_name VARCHAR,
    mentioned_at VARCHAR, confidence INTEGER, line INTEGER, PRIMARY KEY (dataset, event_id, url));
