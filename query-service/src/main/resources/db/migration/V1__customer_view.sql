-- The unified customer view: one golden record per person, rebuilt from lethe.events.
-- last_global_sequence makes the projection idempotent: an event at or below it was applied already.
CREATE TABLE query.customer_view (
    customer_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    status               VARCHAR(16)  NOT NULL,
    name                 TEXT,
    email                TEXT,
    phone                TEXT,
    street               TEXT,
    postal_code          TEXT,
    city                 TEXT,
    country              TEXT,
    birth_date           DATE,
    restricted           BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    last_global_sequence BIGINT       NOT NULL
);

CREATE TABLE query.customer_source_record (
    customer_id        VARCHAR(64)  NOT NULL REFERENCES query.customer_view ON DELETE CASCADE,
    source             VARCHAR(128) NOT NULL,
    source_customer_id TEXT,
    purpose            VARCHAR(128) NOT NULL,
    linked_at          TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, source)
);

CREATE TABLE query.customer_consent (
    customer_id          VARCHAR(64)  NOT NULL REFERENCES query.customer_view ON DELETE CASCADE,
    purpose              VARCHAR(128) NOT NULL,
    granted              BOOLEAN      NOT NULL,
    channel              VARCHAR(128),
    consent_text_version VARCHAR(128),
    changed_at           TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (customer_id, purpose)
);

-- What remains of an erased person: no personal data, only that and when and why they were erased.
CREATE TABLE query.customer_tombstone (
    customer_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    erased_at            TIMESTAMPTZ  NOT NULL,
    reason               VARCHAR(64)  NOT NULL,
    last_global_sequence BIGINT       NOT NULL
);
