-- The event publisher reads the store itself instead of through an Axon tracking processor (ADR 0006).

-- Its position: every event up to this globalIndex is on lethe.events.
CREATE TABLE event_store.publisher_position (
    name     VARCHAR(255) NOT NULL PRIMARY KEY,
    position BIGINT       NOT NULL
);

-- An existing installation resumes where the tracking processor stood: its token's index, or just below its lowest
-- gap (an index not committed when it was read, perhaps since), so nothing is skipped; a few events may be published
-- twice, which consumers skip. No token: from the beginning of the store, as the processor would have started.
INSERT INTO event_store.publisher_position (name, position)
SELECT 'lethe-events-publisher', COALESCE((
    SELECT LEAST((token.doc ->> 'index')::BIGINT,
                 (SELECT min(gap::BIGINT) - 1 FROM jsonb_array_elements_text(token.doc -> 'gaps') AS gap))
    FROM (SELECT convert_from(t.token, 'UTF8')::JSONB AS doc
          FROM event_store.token_entry t
          WHERE t.processorName = 'lethe-events-publisher' AND t.segment = 0 AND t.token IS NOT NULL
            AND t.tokenType = 'org.axonframework.eventhandling.GapAwareTrackingToken') AS token), 0);

DELETE FROM event_store.token_entry WHERE processorName = 'lethe-events-publisher';

-- The publisher's horizon (CommitHorizon) needs every transaction that appends events to hold its transaction id
-- before it draws a globalIndex. A row's defaults (nextval) are evaluated before the row is written, which is when a
-- transaction whose first write this is would get its id; a statement trigger runs before any row is formed.
CREATE FUNCTION event_store.assign_transaction_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN NULL;
END
$$;

CREATE TRIGGER domain_event_entry_transaction_id_first
    BEFORE INSERT ON event_store.domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION event_store.assign_transaction_id();
