-- One row per consumed commandId: the answer it got. Written in the same transaction as the events the
-- command produced, so a redelivered command is answered again from here and never applied twice.
-- Holds no personal data: codes, field names and messages that never repeat values.
CREATE TABLE event_store.command_log (
    command_id   UUID         NOT NULL PRIMARY KEY,
    command_type VARCHAR(64)  NOT NULL,
    source       VARCHAR(128),
    status       VARCHAR(16)  NOT NULL,
    customer_id  VARCHAR(64),
    code         VARCHAR(64),
    field        VARCHAR(128),
    message      VARCHAR(512),
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Which customer a source system's own reference belongs to. Lets later commands address a person by
-- (source, sourceCustomerId) and stops a source from registering the same record twice. A source
-- reference is personal data (it links to the person elsewhere): rows go when the customer is erased.
CREATE TABLE event_store.source_record (
    source             VARCHAR(128) NOT NULL,
    source_customer_id VARCHAR(256) NOT NULL,
    customer_id        VARCHAR(64)  NOT NULL,
    PRIMARY KEY (source, source_customer_id)
);
CREATE INDEX source_record_customer_idx ON event_store.source_record (customer_id);
