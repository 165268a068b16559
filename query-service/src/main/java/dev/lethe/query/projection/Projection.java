package dev.lethe.query.projection;

import java.util.List;

/** A read model fed by {@code lethe.events}, as the operations endpoints and the health see it. */
public interface Projection {

    /** Kebab-case name, as in the URL, the metrics tag and {@code query.parked_event}. */
    String name();

    /** The id of its {@code @KafkaListener} container. */
    String listenerId();

    String groupId();

    String topic();

    ProjectionLag lag();

    /**
     * Applies parked events again, each read back from the topic, once what held them is resolved; releases those
     * that now apply (or prove redeliveries of applied ones) in the same transaction. Called while the listener is
     * stopped.
     *
     * @return how many were released; the others stay parked
     */
    int retry(List<ParkedRecord> parked);
}
