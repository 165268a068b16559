-- Identity resolution. Nothing here is plaintext personal data: emails, phones and source references are
-- stored only as blind indexes (keyed HMAC-SHA-256, key from configuration, see BlindIndex). Every row of a
-- customer is deleted when the customer is erased.

-- Normalised email / phone digests. The primary key is what makes two concurrent registrations of the same
-- person meet: the second INSERT waits for the first transaction and then finds its row.
CREATE TABLE event_store.match_key (
    kind        VARCHAR(16) NOT NULL,
    digest      BYTEA       NOT NULL,
    customer_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (kind, digest)
);
CREATE INDEX match_key_customer_idx ON event_store.match_key (customer_id);

-- A source system's own reference to a person, by digest only. Replaces source_record, which held the
-- reference in plaintext. The project is unreleased: the old rows are dropped, not migrated (their digests
-- need the configured key, which SQL does not have).
CREATE TABLE event_store.source_reference (
    digest      BYTEA        NOT NULL PRIMARY KEY,
    source      VARCHAR(128) NOT NULL,
    customer_id VARCHAR(64)  NOT NULL
);
CREATE INDEX source_reference_customer_idx ON event_store.source_reference (customer_id);

DROP TABLE event_store.source_record;

-- Routing of merged customers to their survivor. Each customer keeps its own source references and match
-- keys; lookups follow this table (a chain A -> B -> C ends at C), so an unmerge is deleting one row.
CREATE TABLE event_store.customer_merge (
    merged_customer_id VARCHAR(64) NOT NULL PRIMARY KEY,
    survivor_id        VARCHAR(64) NOT NULL,
    merged_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX customer_merge_survivor_idx ON event_store.customer_merge (survivor_id);
