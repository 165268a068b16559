-- The immutable audit trail, its signed checkpoints, the ciphertext copies of the events it describes (for
-- time travel) and the log of who read personal data. Append-only: the triggers below refuse UPDATE, DELETE
-- and TRUNCATE for every role that fires triggers (only a superuser can switch them off, and the hash chain
-- plus the exported checkpoints catch what it changes). See docs/audit-trail.md.
CREATE SCHEMA IF NOT EXISTS audit;

-- One entry per event. entry_hash = SHA-256 over the canonical encoding of every other column
-- (docs/audit-trail.md); previous_hash is the entry_hash of sequence - 1 (32 zero bytes for sequence 1).
CREATE TABLE audit.entry (
    sequence         BIGINT       NOT NULL PRIMARY KEY CHECK (sequence > 0),
    event_id         VARCHAR(64)  NOT NULL UNIQUE,
    global_position  BIGINT       NOT NULL,
    customer_id      VARCHAR(64)  NOT NULL,
    event_type       VARCHAR(255) NOT NULL,
    event_revision   VARCHAR(32),
    occurred_at      TIMESTAMPTZ  NOT NULL,
    source           VARCHAR(128),
    actor            VARCHAR(128),
    command_id       VARCHAR(64),
    correlation_id   VARCHAR(64),
    personal_fields  TEXT         NOT NULL,  -- names only, comma-separated, in contract order; never values
    event_digest     BYTEA        NOT NULL,  -- SHA-256 of the stored (encrypted) event bytes
    previous_hash    BYTEA        NOT NULL,
    entry_hash       BYTEA        NOT NULL
);
CREATE INDEX entry_customer_idx ON audit.entry (customer_id, sequence);

-- The event bytes exactly as stored in the event store: personal fields encrypted under the person's key,
-- so this copy becomes unreadable on erasure like every other one. Time travel replays it.
CREATE TABLE audit.event_copy (
    event_id        VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES audit.entry (event_id),
    customer_id     VARCHAR(64)  NOT NULL,
    global_position BIGINT       NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    stored_event    BYTEA        NOT NULL
);
CREATE INDEX event_copy_customer_idx ON audit.event_copy (customer_id, global_position);

-- The chain head signed with the Ed25519 checkpoint key. signature covers the canonical checkpoint encoding.
CREATE TABLE audit.checkpoint (
    sequence    BIGINT      NOT NULL PRIMARY KEY REFERENCES audit.entry (sequence),
    entry_hash  BYTEA       NOT NULL,
    signed_at   TIMESTAMPTZ NOT NULL,
    key_id      VARCHAR(64) NOT NULL,
    signature   BYTEA       NOT NULL
);

-- Every read of personal data through an API: who, when, which customer, which endpoint. No values.
CREATE TABLE audit.access_log (
    sequence    BIGSERIAL    NOT NULL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL,
    principal   VARCHAR(255) NOT NULL,
    customer_id VARCHAR(64)  NOT NULL,
    endpoint    VARCHAR(255) NOT NULL
);
CREATE INDEX access_log_customer_idx ON audit.access_log (customer_id, sequence);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['entry', 'event_copy', 'checkpoint', 'access_log'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON audit.%I '
                       'FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()', t || '_no_change', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON audit.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', t || '_no_truncate', t);
    END LOOP;
END;
$$;

-- The service's own role (placeholder app_role, default lethe_query) may only read and append here, and
-- needs full DML on the customer view in schema query. Granted only if the role exists when this runs;
-- otherwise the DBA runs the same grants (docs/audit-trail.md). Default privileges cover later tables
-- created by the migrating owner in schema query.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${approle}') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA audit TO ${approle}';
        EXECUTE 'GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA audit TO ${approle}';
        EXECUTE 'GRANT USAGE ON SEQUENCE audit.access_log_sequence_seq TO ${approle}';
        EXECUTE 'GRANT USAGE ON SCHEMA query TO ${approle}';
        -- TRUNCATE for the operator's rebuild of the customer view, which empties its tables
        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA query TO ${approle}';
        EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA query TO ${approle}';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA query GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${approle}';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA query GRANT USAGE, SELECT ON SEQUENCES TO ${approle}';
        -- the migration history is the owner's alone
        EXECUTE 'REVOKE ALL ON ${flyway:defaultSchema}.${flyway:table} FROM ${approle}';
    END IF;
END;
$$;
