-- Retention and legal holds (docs/retention.md). No personal data in any of these tables: customer ids,
-- purposes, instants, codes and counts only.

-- What the retention sweeper decides on, kept by a subscribing event handler in the transaction of the command
-- whose events it reflects, so it never disagrees with the event store and nothing has to be decrypted to sweep.
CREATE TABLE event_store.customer_activity (
    customer_id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- purposes the person's data is held for: collected under or consented to, minus withdrawn consents
    purposes               TEXT[]       NOT NULL DEFAULT '{}',
    last_activity_at       TIMESTAMPTZ  NOT NULL,
    -- when a withdrawal of consent left no purpose at all (starts the consent-withdrawn grace period)
    consent_withdrawn_at   TIMESTAMPTZ,
    hold_until             TIMESTAMPTZ,
    -- an erasure asked for during a legal hold, carried out by the sweeper when the hold ends
    erasure_pending_reason VARCHAR(32),
    merged_into            VARCHAR(64),
    erased_at              TIMESTAMPTZ
);
CREATE INDEX customer_activity_last_idx ON event_store.customer_activity (last_activity_at) WHERE erased_at IS NULL;
CREATE INDEX customer_activity_pending_idx ON event_store.customer_activity (hold_until)
    WHERE erasure_pending_reason IS NOT NULL AND erased_at IS NULL;

-- Every sweep, including those that found another instance sweeping and did nothing (status SKIPPED).
CREATE TABLE event_store.retention_sweep (
    sweep_id     UUID         NOT NULL PRIMARY KEY,
    trigger      VARCHAR(16)  NOT NULL,
    instance     VARCHAR(128) NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    -- the service clock's "now" the rules were applied at
    swept_at     TIMESTAMPTZ  NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    -- per rule: how many persons were erased, deferred or answered otherwise, e.g. {"inactivity:lead": {"erased": 3}}
    outcome      JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX retention_sweep_started_idx ON event_store.retention_sweep (started_at);

-- The end date a deferred erasure waits for, answered again to a redelivered command.
ALTER TABLE event_store.command_log ADD COLUMN deferred_until VARCHAR(40);
