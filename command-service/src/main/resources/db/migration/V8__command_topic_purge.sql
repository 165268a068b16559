-- Purges of the command topics (lethe.commands and the per-source topics): once a command's result is durable and
-- its offset committed, its record is deleted from the broker (Kafka deleteRecords up to the ingress group's
-- committed offset). One row per partition per purge that deleted records: every record of that partition below
-- through_offset is deleted. No personal data: topic names and offsets.
CREATE TABLE event_store.command_topic_purge (
    id             bigserial    PRIMARY KEY,
    topic          varchar(255) NOT NULL,
    partition      int          NOT NULL,
    through_offset bigint       NOT NULL,
    started_at     timestamptz  NOT NULL,
    finished_at    timestamptz  NOT NULL
);
CREATE INDEX command_topic_purge_partition_idx ON event_store.command_topic_purge (topic, partition, through_offset);

-- The last segment-roll marker per partition that is known to have rolled the partition's active segment: an
-- empty record the purger appends to an idle partition so that the segment holding purged commands is closed and
-- its file can be deleted (docs/architecture.md, "Command topics are purged after use"). While the newest record
-- of a partition is this marker, no further marker is needed. Shared by every instance of the service.
CREATE TABLE event_store.command_topic_roll_marker (
    topic         varchar(255) NOT NULL,
    partition     int          NOT NULL,
    marker_offset bigint       NOT NULL,
    appended_at   timestamptz  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- The query service's erasure receipts read the purges (docs/audit-trail.md §6a). The run command's query role
-- exists before this migration runs, so grant it here; elsewhere the DBA grants it (the same section).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lethe_query') THEN
        GRANT USAGE ON SCHEMA event_store TO lethe_query;
        GRANT SELECT ON event_store.command_topic_purge TO lethe_query;
    END IF;
END $$;
