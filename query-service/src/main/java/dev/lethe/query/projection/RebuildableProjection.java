package dev.lethe.query.projection;

/** A read model that can be thrown away and rebuilt from the first event of {@code lethe.events}. */
public interface RebuildableProjection extends Projection {

    /** Empties every table of the read model; called while its listener is stopped. */
    void clear();
}
