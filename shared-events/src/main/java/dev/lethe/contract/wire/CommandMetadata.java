package dev.lethe.contract.wire;

import java.util.List;

/**
 * Who caused an event, as metadata of the command that is carried into every event it causes (Axon correlation
 * data), into the event store and onto {@code lethe.events} as {@link EventHeaders#header(String) headers}.
 */
public final class CommandMetadata {

    public static final String COMMAND_ID = "commandId";
    public static final String COMMAND_TYPE = "commandType";
    public static final String SOURCE = "source";
    public static final String ACTOR = "actor";
    public static final String PURPOSE = "purpose";

    /** Every key, in the order the headers are written. */
    public static final List<String> KEYS = List.of(COMMAND_ID, COMMAND_TYPE, SOURCE, ACTOR, PURPOSE);

    private CommandMetadata() {
    }
}
