package dev.lethe.query.projection;

/** A read model that can be thrown away and rebuilt from the first event of {@code lethe.events}. */
public interface RebuildableProjection {

    /** Kebab-case name, as in the URL and the metrics tag. */
    String name();

    /** The id of its {@code @KafkaListener} container. */
    String listenerId();

    String groupId();

    String topic();

    ProjectionLag lag();

    /** Empties every table of the read model; called while its listener is stopped. */
    void clear();
}
