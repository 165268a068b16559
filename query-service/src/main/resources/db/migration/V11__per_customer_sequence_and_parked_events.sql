-- Per-customer idempotency on the aggregate's own sequence (issue 13). The global sequence is a store-wide
-- position: concurrent commits make it arrive out of order, so it cannot say whether one customer's event was
-- applied. A customer's events are totally ordered by their aggregate sequence (0, 1, 2, ...) and keyed to
-- one partition: an event applies iff its sequence is the last applied + 1. The global sequence columns stay:
-- survivorship ties still break on (changed_at, global_sequence).
--
-- NULL in an existing row: the view was built before this migration and cannot say how far each customer
-- got; the projection parks the next event of such a customer (REBUILD_REQUIRED) until the view is rebuilt
-- (docs/unified-view.md).
ALTER TABLE query.customer_view ADD COLUMN last_aggregate_sequence BIGINT;
ALTER TABLE query.customer_tombstone ADD COLUMN last_aggregate_sequence BIGINT;

-- Events a projection could not apply (undecodable, unknown type, a constraint violation, a hole in the
-- customer's sequence) or must not apply yet (a later event of a customer with a parked event). Where the
-- record is on lethe.events and why, never its payload: the record itself stays on the topic, and a retry
-- reads it from there. customer_id is the record key (pseudonymous), NULL when the record had no usable key.
CREATE TABLE query.parked_event (
    id                 BIGSERIAL     NOT NULL PRIMARY KEY,
    projection         VARCHAR(64)   NOT NULL,
    customer_id        VARCHAR(64),
    event_id           VARCHAR(64),
    topic              VARCHAR(255)  NOT NULL,
    kafka_partition    INTEGER       NOT NULL,
    kafka_offset       BIGINT        NOT NULL,
    aggregate_sequence BIGINT,
    reason             VARCHAR(64)   NOT NULL,
    detail             VARCHAR(1000),  -- exception types and SQL states, never messages
    parked_at          TIMESTAMPTZ   NOT NULL,
    UNIQUE (projection, topic, kafka_partition, kafka_offset)
);
CREATE INDEX parked_event_customer ON query.parked_event (projection, customer_id);
