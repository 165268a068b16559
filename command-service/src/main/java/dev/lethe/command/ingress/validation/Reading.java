package dev.lethe.command.ingress.validation;

/**
 * What one record read as, decided once per record: a command envelope; a record that is none
 * ({@code undecodable}, perhaps with a commandId it can still be answered under); or {@link #NOTHING} to decide,
 * e.g. the purger's segment-roll marker.
 */
public record Reading(Envelope envelope, UndecodableCommandException undecodable) {

    public static final Reading NOTHING = new Reading(null, null);

    /** The commandId a sender can be answered under, or null when there is none. */
    public String readableCommandId() {
        return envelope != null ? envelope.commandId() : undecodable != null ? undecodable.recoveredCommandId() : null;
    }
}
