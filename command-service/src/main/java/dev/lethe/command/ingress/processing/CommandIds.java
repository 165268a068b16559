package dev.lethe.command.ingress.processing;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The command log is keyed by UUID: how a commandId as sent becomes that key. */
final class CommandIds {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private CommandIds() {
    }

    /** Empty unless the id is a UUID in canonical form; any case, so {@code 3F6C…} and {@code 3f6c…} are one. */
    static Optional<UUID> parse(String value) {
        // UUID.fromString also takes short forms like "1-1-1-1-1"; only the canonical form is an id here
        return value != null && CANONICAL_UUID.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
